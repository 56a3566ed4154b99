"""changed_span: the store, the panes and the lists all redo only what lies in it, so it must
never leave out an object that changed, and should leave out every one that did not."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pmtui.domain.splice import changed_span, extreme_after


class Item:
    """Equal to every other: only identity may tell two apart, as for the store's tables."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__


edit = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 40), st.integers(1, 3)),
    st.tuples(st.just("delete"), st.integers(0, 40), st.integers(1, 3)),
    st.tuples(st.just("replace"), st.integers(0, 40), st.integers(1, 3)),
    st.tuples(st.just("append"), st.just(0), st.integers(1, 3)),
    st.tuples(st.just("repeat"), st.integers(0, 40), st.integers(1, 3)),  # one object twice in a row
)


@settings(max_examples=300, deadline=None)  # microseconds each
@given(st.integers(0, 30), st.lists(edit, max_size=4))
def test_the_span_holds_every_change_and_nothing_around_it(size: int, edits: list[tuple[str, int, int]]) -> None:
    old = [Item() for _ in range(size)]
    new = list(old)
    for kind, at, n in edits:
        at = min(at, len(new))
        if kind == "insert":
            new[at:at] = [Item() for _ in range(n)]
        elif kind == "delete":
            del new[at : at + n]
        elif kind == "replace":
            new[at : at + n] = [Item() for _ in new[at : at + n]]
        elif kind == "repeat":
            new[at:at] = new[at : at + 1] * n
        else:
            new.extend(Item() for _ in range(n))
    start, old_stop, new_stop = changed_span(old, new)
    assert 0 <= start <= old_stop <= len(old) and start <= new_stop <= len(new)
    assert all(a is b for a, b in zip(old[:start], new[:start], strict=True)), "the head is the same objects"
    assert all(a is b for a, b in zip(old[old_stop:], new[new_stop:], strict=True)), "so is the tail"
    assert len(old) - old_stop == len(new) - new_stop
    # As small as identity allows: the span starts and ends at objects that differ.
    if start < min(len(old), len(new)):
        assert old[start] is not new[start]
    if start < old_stop and start < new_stop:
        assert old[old_stop - 1] is not new[new_stop - 1]
    if not edits:
        assert (start, old_stop, new_stop) == (size, size, size)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 9), max_size=12), st.integers(0, 12), st.integers(0, 4), st.lists(st.integers(0, 9)))
def test_an_extreme_kept_across_a_splice_is_the_extreme_of_the_new_list(
    old: list[int], at: int, cut: int, inserted: list[int]
) -> None:
    """The id column's width and the timeline's first and last moment are kept this way."""
    at = min(at, len(old))
    new = [*old[:at], *inserted, *old[at + cut :]]
    gone, came = set(old[at : at + cut]), inserted
    for highest, pick in ((True, max), (False, min)):
        best = pick(old, default=None)
        assert extreme_after(best, gone, came, lambda: new, highest=highest) == pick(new, default=None)
