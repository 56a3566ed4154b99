"""Work over many files (a folder of sessions or of documents): in order, in processes when there are many."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

J = TypeVar("J")
R = TypeVar("R")

PARALLEL_FROM = 200
"""Below this many files a process pool costs more to start than it saves."""


def map_files(reader: Callable[[J], R], jobs: list[J], workers: int | None = None) -> Iterator[R]:
    """reader over every job, yielded in order as each is done; in a process pool when there are
    many (reader and its results must be picklable). workers=None: as many as there are cores, up to 4."""
    if workers is None:
        workers = min(_cores(), 4) if len(jobs) >= PARALLEL_FROM else 1
    if workers <= 1:
        yield from map(reader, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(reader, jobs, chunksize=max(1, len(jobs) // (workers * 4)))


def _cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
