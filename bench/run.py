"""Benchmark pmtui against minimal baselines measured in the same run; prints one `name: value` a line.

    .venv/bin/python -m bench.run            # full run, a few minutes
    .venv/bin/python -m bench.run --quick    # fewer repetitions and smaller inputs

Machines here are noisy, so every timing is a ratio of medians against a baseline measured
in the same run, interleaved with it (A, B, A, B …); the absolute medians follow for context.
A figure that cannot be measured yet prints `name: n/a (reason)` instead of failing the run.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import contextlib
import datetime as dt
import gc
import importlib
import importlib.util
import json
import multiprocessing
import os
import platform
import pty
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fcntl import ioctl
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as `python bench/run.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import large_session, markdown_folder, session_folder, session_text

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
EXIT_AFTER_PAINT = "PMTUI_BENCH_EXIT_AFTER_PAINT"
TERMINAL_SIZE = (120, 40)
DOCUMENT_LOAD_SECONDS = 0.6
"""A little more than the app's delay before it parses the session's document (DOCUMENT_LOAD_DELAY)."""


@dataclass(frozen=True)
class Config:
    """How much work each benchmark does."""

    reps: int = 7
    """Repetitions of each process-level timing (each side)."""
    inner_reps: int = 15
    """Repetitions of each in-process timing (each side)."""
    timeline: int = 2000
    actions: int = 500
    scan_files: int = 1000
    import_files: int = 1000
    small_timeline: int = 10
    timeout: float = 60.0
    """Seconds before a process that never paints is killed."""
    sync_large: bool = True
    """Also time sync on the large session (two more app processes)."""


FULL = Config()
QUICK = Config(reps=3, inner_reps=7, scan_files=300, import_files=300)
TINY = Config(
    reps=1,
    inner_reps=1,
    timeline=40,
    actions=10,
    scan_files=5,
    import_files=5,
    small_timeline=3,
    timeout=30.0,
    sync_large=False,
)


SKIPPED_TINY = "n/a (skipped with --tiny)"


class NotAvailable(Exception):
    """A figure cannot be measured yet; the message says why."""


# ---------------------------------------------------------------- helpers


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def ratio(a: list[float], b: list[float]) -> float:
    return statistics.median(a) / statistics.median(b)


def interleaved(reps: int, *runs: Callable[[], float]) -> tuple[list[float], ...]:
    """Run each of runs in turn, rotating who goes first, so slow spells of a noisy machine hit all alike."""
    samples: list[list[float]] = [[] for _ in runs]
    for i in range(reps):
        for k in range(len(runs)):
            j = (i + k) % len(runs)
            samples[j].append(runs[j]())
    return tuple(samples)


@dataclass
class ProcessRun:
    seconds: float
    max_rss_kb: int
    returncode: int
    output: bytes


def run_in_terminal(argv: list[str], timeout: float, env: dict[str, str] | None = None) -> ProcessRun:
    """Run a TUI in a pseudo-terminal of TERMINAL_SIZE: time from spawn to its first frame, and peak RSS.

    The app (pmtui or the baseline) writes the time.monotonic() of its first frame to the file
    named by PMTUI_BENCH_EXIT_AFTER_PAINT and exits; CLOCK_MONOTONIC is shared by all processes.
    """
    master, slave = pty.openpty()
    cols, rows = TERMINAL_SIZE
    ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    marks = Path(tempfile.mkstemp(prefix="pmtui-bench-paint-")[1])
    full_env = {**os.environ, "TERM": "xterm-256color", EXIT_AFTER_PAINT: str(marks), **(env or {})}
    full_env.pop("TEXTUAL_DRIVER", None)
    chunks: list[bytes] = []

    def drain() -> None:  # a full pty buffer would block the app's writes
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    start = time.monotonic()
    proc = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=full_env, cwd=REPO, start_new_session=True
    )
    os.close(slave)
    deadline = start + timeout
    status, usage = 0, None
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = -9
            os.close(master)
            raise NotAvailable(f"{Path(argv[-1]).name if argv else argv} did not exit within {timeout:.0f} s")
        time.sleep(0.002)
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join(timeout=1)
    os.close(master)
    painted = marks.read_text(encoding="utf-8").split()
    marks.unlink()
    if not painted:
        raise NotAvailable(f"`{' '.join(argv[1:3])}` exited {proc.returncode} without painting its first screen")
    # Spawn to first frame: the app's shutdown is not part of its start-up.
    return ProcessRun(float(painted[0]) - start, usage.ru_maxrss, proc.returncode, b"".join(chunks))


def timed_tui(
    argv: list[str], config: Config, rss: list[int] | None = None, env: dict[str, str] | None = None
) -> Callable[[], float]:
    def once() -> float:
        run = run_in_terminal(argv, config.timeout, env)
        if run.returncode != 0:
            tail = run.output.decode("utf-8", "replace")[-300:].replace("\n", " ")
            raise NotAvailable(f"`{' '.join(argv[1:4])}` exited {run.returncode}: {tail.strip()}")
        if rss is not None:
            rss.append(run.max_rss_kb)
        return run.seconds

    return once


def pmtui_argv(path: Path) -> list[str]:
    return [sys.executable, "-m", "pmtui", str(path), "--role", "notetaker"]


def baseline_argv(path: Path) -> list[str]:
    return [sys.executable, str(BENCH_DIR / "baseline_app.py"), str(path)]


def floor_argv(path: Path) -> list[str]:
    return [sys.executable, str(BENCH_DIR / "floor_app.py"), str(path)]


def require_app() -> None:
    """The TUI figures need pmtui.ui.app with the exit-after-paint hook."""
    spec = importlib.util.find_spec("pmtui.ui.app")
    if spec is None or spec.origin is None:
        raise NotAvailable("pmtui/ui/app.py does not exist yet")
    if EXIT_AFTER_PAINT not in Path(spec.origin).read_text(encoding="utf-8"):
        raise NotAvailable(f"pmtui/ui/app.py has no {EXIT_AFTER_PAINT} hook yet")


# ---------------------------------------------------------------- benchmarks


def bench_startup(config: Config, work: Path) -> dict[str, float]:
    """The demo session's first screen, pmtui vs the minimal app, as real processes."""
    require_app()
    from pmtui.resources import DEMO_SESSION

    demo = work / "startup" / DEMO_SESSION.name
    demo.parent.mkdir()
    shutil.copyfile(DEMO_SESSION, demo)
    app, base, floor = interleaved(
        config.reps,
        timed_tui(pmtui_argv(demo), config),
        timed_tui(baseline_argv(demo), config),
        timed_tui(floor_argv(demo), config),
    )
    return {
        "startup_ratio": ratio(app, base),
        "startup_ms": median_ms(app),
        "startup_baseline_ms": median_ms(base),
        "startup_floor_ratio": ratio(floor, base),
    }


def bench_open_large(config: Config, work: Path) -> dict[str, float]:
    """Opening a large session until its first screen is painted, and the peak memory with it open.

    peak_rss_ratio counts the comment-keeping document as well (a working app parses it half a
    second after its first frame): those runs parse it before they exit. peak_rss_first_paint_ratio
    is the peak up to the first frame, as this figure was measured before 2026-12-04 15:30.
    """
    require_app()
    folder = work / "open-large"
    folder.mkdir()
    path = large_session(folder, config.timeline, config.actions)
    app_rss: list[int] = []
    base_rss: list[int] = []
    floor_rss: list[int] = []
    app, base, _ = interleaved(
        config.reps,
        timed_tui(pmtui_argv(path), config, app_rss),
        timed_tui(baseline_argv(path), config, base_rss),
        timed_tui(floor_argv(path), config, floor_rss),
    )
    parsed_rss: list[int] = []
    parsed = timed_tui(pmtui_argv(path), config, parsed_rss, env={"PMTUI_BENCH_PARSE_DOCUMENT": "1"})
    for _ in range(max(1, config.reps // 2)):  # peak memory hardly varies from run to run
        parsed()
    base_mb = statistics.median(base_rss) / 1024
    return {
        "open_large_ratio": ratio(app, base),
        "open_large_ms": median_ms(app),
        "open_large_baseline_ms": median_ms(base),
        "peak_rss_ratio": statistics.median(parsed_rss) / 1024 / base_mb,
        "peak_rss_mb": statistics.median(parsed_rss) / 1024,
        "peak_rss_baseline_mb": base_mb,
        "peak_rss_floor_ratio": statistics.median(floor_rss) / 1024 / base_mb,
        "peak_rss_first_paint_ratio": statistics.median(app_rss) / 1024 / base_mb,
        "peak_rss_first_paint_mb": statistics.median(app_rss) / 1024,
    }


def bench_add_latency(config: Config, work: Path) -> dict[str, float]:
    """Adding one timeline entry until its row is painted: large session over a small one (Pilot)."""
    try:
        from pmtui.ui.app import PmtuiApp
    except ImportError as error:
        raise NotAvailable(f"pmtui.ui.app cannot be imported yet ({error})") from None
    folder = work / "add"
    folder.mkdir()
    large = large_session(folder, config.timeline, config.actions)
    small = folder / "small.toml"
    small.write_text(session_text(timeline=config.small_timeline, actions=3), encoding="utf-8")

    def adds(path: Path) -> Callable[[], Latencies]:
        def run() -> Latencies:
            pauses = GcPauses()
            samples = asyncio.run(_add_latencies(PmtuiApp, path, config.inner_reps, config.timeout, pauses))
            return Latencies(samples, pauses.longest_ms())

        return run

    try:
        large_run, small_run = _in_turns(adds(large), adds(small))
    except ModuleNotFoundError as error:
        raise NotAvailable(f"{error.name} does not exist yet") from None
    large_times, small_times = large_run.samples, small_run.samples
    return {
        "add_latency_ratio": ratio(large_times, small_times),
        "add_latency_ms": median_ms(large_times),
        "add_latency_small_ms": median_ms(small_times),
        "gc_pause_max_ms": large_run.gc_pause_max_ms,
    }


LATENCY_TURNS = 3
"""App runs of each size for the in-process latency figures, taken in turns."""


@dataclass
class Latencies:
    samples: list[float]
    """Seconds, one per round."""
    gc_pause_max_ms: float = 0.0
    """The collector's longest pause in those rounds, if watched."""


def _in_turns(large: Callable[[], Latencies], small: Callable[[], Latencies]) -> tuple[Latencies, Latencies]:
    """Both sizes from LATENCY_TURNS app runs each, in alternating order, each run in a process of
    its own: a figure of ~12 ms moves by a millisecond with the machine's slow spells, which then
    hit both sides alike, and no run inherits another's heap or warmed caches (a person's pmtui is
    one process with one session). All large rounds before all small ones in one process gave
    ratios of 1.13-1.34 for the same code; in turns, 1.00-1.11."""
    both = (Latencies([]), Latencies([]))
    for turn in range(LATENCY_TURNS):
        runs = list(zip((large, small), both, strict=True))
        for run, total in runs if turn % 2 == 0 else runs[::-1]:
            result = _forked(run)
            total.samples.extend(result.samples)
            total.gc_pause_max_ms = max(total.gc_pause_max_ms, result.gc_pause_max_ms)
    return both


def _forked(run: Callable[[], Latencies]) -> Latencies:
    """run() in a forked child process (it shares this one's imports, not its heap)."""
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)

    def child() -> None:
        try:
            writer.send(run())
        except BaseException as error:  # handed to the parent, which raises it
            writer.send(error)

    process = context.Process(target=child)
    process.start()
    writer.close()
    try:
        result = reader.recv()
    except EOFError:
        raise NotAvailable(f"a benchmark process died (exit code {process.exitcode})") from None
    finally:
        process.join()
    if isinstance(result, BaseException):
        raise result
    assert isinstance(result, Latencies)
    return result


class GcPauses:
    """The garbage collector's pauses while the block runs (each stops the app's screen whole)."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._started = 0.0

    def _note(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._started)

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self._note)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._note)

    def longest_ms(self) -> float:
        return 1000 * max(self.pauses, default=0.0)


def _tables(app) -> list:  # type: ignore[no-untyped-def]
    from pmtui.ui.widgets.entry_list import EntryList

    return list(app.screen.query(EntryList))


async def _add_latencies(
    app_class, path: Path, reps: int, timeout: float, pauses: GcPauses | None = None
) -> list[float]:  # type: ignore[no-untyped-def]
    from pmtui.domain.changes import AddEntry

    app = app_class(path, role="notetaker")
    samples: list[float] = []
    async with app.run_test(size=TERMINAL_SIZE) as pilot:
        await _until_lists(app, pilot, timeout)
        with pauses or contextlib.nullcontext():  # the collector's pauses while the entries are added
            for n in range(reps):
                change = AddEntry(
                    "timeline",
                    {"at": dt.datetime(2026, 11, 21, 9, n % 60, tzinfo=dt.UTC), "kind": "note", "text": f"bench {n}"},
                )
                before = sum(t.row_count for t in _tables(app))
                start = time.perf_counter()
                if app.submit(change) is False:
                    raise NotAvailable("app.submit refused the benchmark's entry")

                def shown(change: AddEntry = change, before: int = before) -> bool:
                    if change.added_id:
                        return any(t.has_row(change.added_id) for t in _tables(app))
                    return sum(t.row_count for t in _tables(app)) > before

                samples.append(await _until_painted(app, shown, start, timeout, "the added entry never showed up"))
                await _settle(app, pilot)
    return samples


async def _until_painted(app, shown: Callable[[], bool], start: float, timeout: float, what: str) -> float:  # type: ignore[no-untyped-def]
    """Poll until `shown()` holds, then wait for the frame that paints it: seconds since `start`."""
    while not shown():
        if time.perf_counter() - start > timeout:
            raise NotAvailable(what)
        await asyncio.sleep(0.0005)
    await app.screen.wait_for_refresh()
    return time.perf_counter() - start


async def _settle(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the autosave of the previous add finish, so it is not timed as part of the next one,
    and let Textual's frame clock go idle, as it is when a person presses a key.

    Textual paints at most once per frame period, on a fixed grid: a change made within a period
    of the last frame waits for the next grid point, whatever it cost. Without this pause each
    sample was its work plus a random part of a frame (a median of 11.2 or 16.5 ms for the same
    code, run to run), and the ratio measured where the autosave's last repaint fell.
    """
    from textual import constants as textual_constants

    deadline = time.perf_counter() + 5
    while app.save_status.state.value != "saved" and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
    await pilot.pause()
    await app.screen.wait_for_refresh()
    await asyncio.sleep(1.5 / textual_constants.MAX_FPS)  # past the next grid point: the next change paints at once


TYPIST_GAP_SECONDS = 0.05
"""Between two keys of the paced figure: 20 keys a second, twice the pace of a 120-wpm typist."""


def bench_keystroke(config: Config, work: Path) -> dict[str, float]:
    """A key typed in the notetaker's timeline entry line until the frame showing it is painted (large session).

    keystroke_echo_ms paces the keys like a very fast typist. Keys fired back to back instead
    (keystroke_burst_ms) each wait for Textual's next frame: the screen paints at most 60 times
    a second, so a key that follows a paint by less than 16.7 ms waits for the frame clock,
    whatever pmtui does. The burst figure shows that clock; the paced one shows pmtui.
    """
    from pmtui.ui.app import PmtuiApp

    folder = work / "keys"
    folder.mkdir()
    large = large_session(folder, config.timeline, config.actions)
    reps = config.inner_reps * 3
    paced = asyncio.run(_keystroke_latencies(PmtuiApp, large, reps, config.timeout, TYPIST_GAP_SECONDS))
    burst = asyncio.run(_keystroke_latencies(PmtuiApp, large, reps, config.timeout, 0.0))
    return {
        "keystroke_echo_ms": median_ms(paced),
        "keystroke_echo_p95_ms": 1000 * percentile(paced, 95),
        "keystroke_burst_ms": median_ms(burst),
    }


async def _keystroke_latencies(app_class, path: Path, reps: int, timeout: float, gap: float) -> list[float]:  # type: ignore[no-untyped-def]
    from textual import events
    from textual.widgets import Input

    app = app_class(path, role="notetaker")
    samples: list[float] = []
    async with app.run_test(size=TERMINAL_SIZE) as pilot:
        await _until_lists(app, pilot, timeout)
        app.screen.action_show_phase("timeline")
        await pilot.pause()
        line = app.screen.focused
        if not isinstance(line, Input):
            raise NotAvailable("the timeline tab does not open with its entry line focused")
        for n in range(reps):
            if gap:
                await asyncio.sleep(gap)  # the typist's pace: the measured span starts after it
            character = "abcdefghij"[n % 10]
            before = line.value
            start = time.perf_counter()
            app.post_message(events.Key(character, character))  # as the terminal's driver delivers it
            while line.value == before:
                if time.perf_counter() - start > timeout:
                    raise NotAvailable("a typed key never reached the entry line")
                await asyncio.sleep(0.0002)
            await app.screen.wait_for_refresh()
            samples.append(time.perf_counter() - start)
            if len(line.value) > 60:
                line.value = ""
                await pilot.pause()
    return samples


def bench_undo(config: Config, work: Path) -> dict[str, float]:
    """Undoing an added timeline entry until its row is gone and painted: large session over a small one."""
    from pmtui.ui.app import PmtuiApp

    folder = work / "undo"
    folder.mkdir()
    large = large_session(folder, config.timeline, config.actions)
    small = folder / "small.toml"
    small.write_text(session_text(timeline=config.small_timeline, actions=3), encoding="utf-8")
    large_run, small_run = _in_turns(
        lambda: Latencies(asyncio.run(_undo_latencies(PmtuiApp, large, config.inner_reps, config.timeout))),
        lambda: Latencies(asyncio.run(_undo_latencies(PmtuiApp, small, config.inner_reps, config.timeout))),
    )
    large_times, small_times = large_run.samples, small_run.samples
    return {
        "undo_large_ratio": ratio(large_times, small_times),
        "undo_large_ms": median_ms(large_times),
        "undo_small_ms": median_ms(small_times),
    }


async def _undo_latencies(app_class, path: Path, reps: int, timeout: float) -> list[float]:  # type: ignore[no-untyped-def]
    from pmtui.domain.changes import AddEntry

    app = app_class(path, role="notetaker")
    samples: list[float] = []
    async with app.run_test(size=TERMINAL_SIZE) as pilot:
        await _until_lists(app, pilot, timeout)
        app.screen.action_show_phase("timeline")
        await pilot.pause()
        for n in range(reps):
            change = AddEntry("timeline", {"at": dt.datetime(2026, 11, 21, 9, n % 60, tzinfo=dt.UTC), "text": f"u{n}"})
            if app.submit(change) is False or not change.added_id:
                raise NotAvailable("app.submit refused the benchmark's entry")
            await _settle(app, pilot)
            start = time.perf_counter()
            app.undo()

            def gone(added: str = change.added_id) -> bool:
                return not any(t.has_row(added) for t in _tables(app))

            samples.append(await _until_painted(app, gone, start, timeout, "the undone entry stayed in the list"))
            await _settle(app, pilot)
    return samples


async def _until_lists(app, pilot, timeout: float) -> None:  # type: ignore[no-untyped-def]
    """Until the notetaker's lists show and the app has parsed the session's document: as a notetaker
    types, a moment after the screen shows."""
    deadline = time.perf_counter() + timeout
    while not _tables(app):
        if not app.is_running or app.return_code is not None or time.perf_counter() > deadline:
            raise NotAvailable("the notetaker screen never showed its lists")
        await pilot.pause(0.01)
    await asyncio.sleep(DOCUMENT_LOAD_SECONDS)
    await app.workers.wait_for_complete()
    await pilot.pause()


def bench_save(config: Config, work: Path) -> dict[str, float]:
    """One autosave of the large session (submit + save) over tomlkit.dumps + an atomic write."""
    import tomlkit

    from pmtui.domain.changes import AddEntry
    from pmtui.storage.store import SessionFile

    folder = work / "save"
    folder.mkdir()
    path = large_session(folder, config.timeline, config.actions)
    copy = folder / "baseline.toml"
    doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    store = SessionFile.open(path)
    counter = iter(range(10**6))

    def app_save() -> float:
        n = next(counter)
        change = AddEntry("timeline", {"at": dt.datetime(2026, 11, 21, 9, n % 60, tzinfo=dt.UTC), "text": f"b {n}"})
        start = time.perf_counter()
        store.submit(change)
        store.save()
        return time.perf_counter() - start

    def baseline_save() -> float:
        start = time.perf_counter()
        plain_atomic_write(copy, tomlkit.dumps(doc))
        return time.perf_counter() - start

    app, base = interleaved(config.inner_reps, app_save, baseline_save)
    return {"save_ratio": ratio(app, base), "save_ms": median_ms(app), "save_baseline_ms": median_ms(base)}


def plain_atomic_write(path: Path, text: str) -> None:
    """The least an atomic save must do: temp file in the same folder, fsync, replace."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as out:
        out.write(text.encode("utf-8"))
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def bench_sync(config: Config, work: Path) -> dict[str, float | str]:
    """Notetaker's Enter to the row on the moderator's screen, two real app processes (bench/sync_latency.py)."""
    try:
        sync_latency = importlib.import_module("bench.sync_latency")
    except ImportError as error:
        raise NotAvailable(f"bench/sync_latency.py: {error}; not there yet") from None
    from pmtui.resources import DEMO_SESSION

    small = work / "small" / DEMO_SESSION.name
    small.parent.mkdir()
    shutil.copyfile(DEMO_SESSION, small)
    rounds = max(2, 2 * config.inner_reps)
    small_ms = [float(x) for x in sync_latency.measure(small, rounds, timeout=config.timeout)]
    figures: dict[str, float | str] = {
        "sync_median_ms": statistics.median(small_ms),
        "sync_p95_ms": percentile(small_ms, 95),
    }
    if not config.sync_large:
        return {**figures, "sync_large_median_ms": SKIPPED_TINY, "sync_large_p95_ms": SKIPPED_TINY}
    (work / "large").mkdir()
    large = large_session(work / "large", config.timeline, config.actions)
    large_ms = [float(x) for x in sync_latency.measure(large, rounds, timeout=config.timeout)]
    return {
        **figures,
        "sync_large_median_ms": statistics.median(large_ms),
        "sync_large_p95_ms": percentile(large_ms, 95),
    }


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed_command(argv: list[str]) -> Callable[[], float]:
    """Seconds one run of argv takes (output discarded); exit codes other than 0 and 1 make the figure n/a."""

    def once() -> float:
        start = time.perf_counter()
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO, check=False)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise NotAvailable(f"`{' '.join(argv[1:4])}` exited {done.returncode}: {message[-1:] or ''}")
        return elapsed

    return once


def bench_actions_scan(config: Config, work: Path) -> dict[str, float]:
    """`pmtui actions FOLDER` over many session files, over a tomllib script listing the same actions."""
    if importlib.util.find_spec("pmtui.commands.actions") is None:
        raise NotAvailable("pmtui/commands/actions.py does not exist yet")
    folder = session_folder(work / "scan", config.scan_files)
    app, base = interleaved(
        config.reps,
        timed_command([sys.executable, "-m", "pmtui", "actions", str(folder)]),
        timed_command([sys.executable, str(BENCH_DIR / "baseline_scan.py"), str(folder)]),
    )
    return {
        "actions_scan_ratio": ratio(app, base),
        "actions_scan_ms": median_ms(app),
        "actions_scan_baseline_ms": median_ms(base),
    }


def bench_report(config: Config, work: Path) -> dict[str, float]:
    """`pmtui report FOLDER` (every section, recurring factors grouped) over `pmtui actions` on the same folder."""
    if importlib.util.find_spec("pmtui.commands.report") is None:
        raise NotAvailable("pmtui/commands/report.py does not exist yet")
    folder = session_folder(work / "scan", config.scan_files)
    today = ["--today", "2026-12-01"]
    report, actions = interleaved(
        config.reps,
        timed_command([sys.executable, "-m", "pmtui", "report", str(folder), *today]),
        timed_command([sys.executable, "-m", "pmtui", "actions", str(folder), *today]),
    )
    return {
        "report_ratio": ratio(report, actions),
        "report_ms": median_ms(report),
        "report_actions_ms": median_ms(actions),
    }


def bench_import_dir(config: Config, work: Path) -> dict[str, float]:
    """`pmtui import DIR --into OUT` over generated Markdown postmortems, over markdown-it-py parsing them alone."""
    if importlib.util.find_spec("pmtui.commands.import_doc") is None:
        raise NotAvailable("pmtui/commands/import_doc.py does not exist yet")
    folder = markdown_folder(work / "markdown", config.import_files)
    outputs = iter(range(10**6))

    def command(argv: Callable[[], list[str]]) -> Callable[[], float]:
        def once() -> float:
            args = argv()
            start = time.perf_counter()
            done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO, check=False)
            elapsed = time.perf_counter() - start
            if done.returncode not in (0, 1):
                message = done.stderr.decode("utf-8", "replace").strip().splitlines()
                raise NotAvailable(f"`{' '.join(args[1:4])}` exited {done.returncode}: {message[-1:] or ''}")
            return elapsed

        return once

    def import_argv() -> list[str]:
        # A fresh output folder each time: import never overwrites, so a second run would only refuse.
        return [sys.executable, "-m", "pmtui", "import", str(folder), "--into", str(work / f"out{next(outputs)}")]

    app, base = interleaved(
        config.reps,
        command(import_argv),
        command(lambda: [sys.executable, str(BENCH_DIR / "baseline_markdown.py"), str(folder)]),
    )
    return {
        "import_dir_ratio": ratio(app, base),
        "import_dir_ms": median_ms(app),
        "import_dir_baseline_ms": median_ms(base),
    }


# ---------------------------------------------------------------- main

BENCHMARKS: list[tuple[Callable[[Config, Path], dict[str, Any]], tuple[str, ...]]] = [
    (bench_startup, ("startup_ratio", "startup_ms", "startup_baseline_ms", "startup_floor_ratio")),
    (
        bench_open_large,
        (
            "open_large_ratio",
            "open_large_ms",
            "open_large_baseline_ms",
            "peak_rss_ratio",
            "peak_rss_mb",
            "peak_rss_baseline_mb",
            "peak_rss_floor_ratio",
            "peak_rss_first_paint_ratio",
            "peak_rss_first_paint_mb",
        ),
    ),
    (bench_add_latency, ("add_latency_ratio", "add_latency_ms", "add_latency_small_ms", "gc_pause_max_ms")),
    (bench_keystroke, ("keystroke_echo_ms", "keystroke_echo_p95_ms", "keystroke_burst_ms")),
    (bench_undo, ("undo_large_ratio", "undo_large_ms", "undo_small_ms")),
    (bench_save, ("save_ratio", "save_ms", "save_baseline_ms")),
    (bench_sync, ("sync_median_ms", "sync_p95_ms", "sync_large_median_ms", "sync_large_p95_ms")),
    (bench_actions_scan, ("actions_scan_ratio", "actions_scan_ms", "actions_scan_baseline_ms")),
    (bench_report, ("report_ratio", "report_ms", "report_actions_ms")),
    (bench_import_dir, ("import_dir_ratio", "import_dir_ms", "import_dir_baseline_ms")),
]
"""Each benchmark with the figures it reports, in print order."""

FIGURE_NAMES = [name for _, names in BENCHMARKS for name in names]


def run_all(config: Config, only: set[str] | None = None) -> Iterator[tuple[str, object]]:
    """Run the benchmarks and yield (name, value) per figure: a number, or "n/a (reason)"."""
    # Start-ups are timed as an installed pmtui starts: pip byte-compiles a package when it installs
    # it, but an editable checkout under PYTHONDONTWRITEBYTECODE=1 (as on some CI machines) would
    # compile its 130 modules from source at every start, ~45 ms that no user waits for.
    compileall.compile_dir(REPO / "pmtui", quiet=1)
    with tempfile.TemporaryDirectory(prefix="pmtui-bench-") as tmp:
        # Keep the benchmark's files out of the user's list of recent sessions.
        os.environ["XDG_STATE_HOME"] = str(Path(tmp) / "state")
        for bench, names in BENCHMARKS:
            if only and bench.__name__.removeprefix("bench_") not in only:
                continue
            work = Path(tmp) / bench.__name__
            work.mkdir()
            try:
                figures = bench(config, work)
            except NotAvailable as reason:
                figures = {name: f"n/a ({reason})" for name in names}  # type: ignore[misc]
            except Exception as error:  # one broken benchmark must not hide the others
                where = traceback.extract_tb(error.__traceback__)[-1]
                reason = f"{type(error).__name__}: {error} at {Path(where.filename).name}:{where.lineno}"
                figures = {name: f"n/a ({reason})" for name in names}  # type: ignore[misc]
            for name in names:
                yield name, figures.get(name, "n/a (not reported)")


def format_value(value: object) -> str:
    """Three significant figures or so, never in exponent notation."""
    if not isinstance(value, float):
        return str(value)
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, smaller scan folder")
    parser.add_argument("--tiny", action="store_true", help="one repetition on tiny inputs (the smoke test)")
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only these benchmarks: "
        + ", ".join(bench.__name__.removeprefix("bench_") for bench, _ in BENCHMARKS),
    )
    parser.add_argument("--json", metavar="FILE", type=Path, help="also write the figures to FILE as JSON")
    args = parser.parse_args(argv)
    config = TINY if args.tiny else QUICK if args.quick else FULL
    figures: dict[str, object] = {}
    for name, value in run_all(config, set(args.only) if args.only else None):
        figures[name] = value
        print(f"{name}: {format_value(value)}", flush=True)
    if args.json is not None:
        record = {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "config": "tiny" if args.tiny else "quick" if args.quick else "full",
            "commit": _commit(),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load": os.getloadavg()[0]},
            "figures": figures,
        }
        args.json.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return 0


def _commit() -> str:
    """The commit measured (with + when the work tree differs), or "" outside git."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError):
        return ""
    return head.stdout.strip() + ("+" if dirty.stdout.strip() else "")


if __name__ == "__main__":
    raise SystemExit(main())
