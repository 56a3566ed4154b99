"""Where a new list differs from an old one, by object identity, found at C speed.

An edit of a 2,500-entry session changes one or two entries; the store and the lists hand back
the very objects of everything else. Walking such lists in Python costs about a millisecond a
pass; `map`/`compress` walk them in C, tens of microseconds, and only the span between the
common head and the common tail is worked through one item at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from itertools import compress, count
from operator import is_not
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

T = TypeVar("T", bound="SupportsRichComparison")


def changed_span(old: Sequence[Any], new: Sequence[Any]) -> tuple[int, int, int]:
    """(start, old_stop, new_stop): old[:start] and new[:start] are the same objects, and so are
    old[old_stop:] and new[new_stop:]; what lies between differs (an insert: old_stop == start)."""
    shorter = min(len(old), len(new))
    start = next(compress(count(), map(is_not, old, new)), shorter)
    if start == shorter:  # one list starts with the whole of the other: an entry added at the end
        return start, len(old), len(new)
    tail = next(compress(count(), map(is_not, reversed(old), reversed(new))), shorter)
    tail = min(tail, shorter - start)  # the head and the tail never overlap
    return start, len(old) - tail, len(new) - tail


def extreme_after(
    best: T | None, gone: Collection[T], came: Iterable[T], every: Callable[[], Iterable[T]], *, highest: bool
) -> T | None:
    """The highest (or lowest) of a list's values after a splice, from the one before (`best`,
    None if not known) and the values that came; `every()` value is looked at again only when
    one that went was `best`. None when the list is empty."""
    pick = max if highest else min
    if best is None or best in gone:
        return pick(every(), default=None)
    return pick([best, *came])
