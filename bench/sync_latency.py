"""Time from the notetaker's Enter to the new row on the moderator's screen, through two real app processes.

    .venv/bin/python bench/sync_latency.py [--rounds 30] [--quick]

The moderator runs headless in a child process on the timeline phase and reports when its
phase table holds the new row and the screen has refreshed. The notetaker runs headless
here, driven by Pilot: it fills the timeline quick entry and presses Enter. Both use the
real app: autosave worker, file watcher, re-read, session reactive, table update.
Prints `sync_median_ms` / `sync_p95_ms` (small session) and `sync_large_median_ms` /
`sync_large_p95_ms` (2,000 timeline entries), then the detail.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/sync_latency.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIZE = (120, 40)
MARK = "sync-bench-"
TRACE: list[tuple[str, float]] = []
"""(step, monotonic time) of the last round, with --trace: where the time goes."""


def _trace_store() -> None:
    """Wrap the store's and the watcher's steps to record when each ends (--trace)."""
    from pmtui.storage import store, watch

    def wrap(owner, name: str, label: str) -> None:  # type: ignore[no-untyped-def]
        original = getattr(owner, name)

        def traced(*args, **kwargs):  # type: ignore[no-untyped-def]
            TRACE.append((label + ">", time.monotonic()))
            result = original(*args, **kwargs)
            TRACE.append((label, time.monotonic()))
            return result

        setattr(owner, name, traced)

    wrap(store.SessionFile, "submit", "submit")
    wrap(store.SessionFile, "save", "save")
    wrap(store.SessionFile, "reload_if_changed", "reload")
    wrap(watch.FileWatcher, "_notify", "notify")


def _set_phase_timeline(path: Path) -> None:
    from pmtui.domain.changes import SetField
    from pmtui.storage.store import SessionFile

    sf = SessionFile.open(path)
    sf.submit(SetField("meeting", "phase", "timeline"))
    sf.save()


# ----------------------------------------------------------------- the moderator (child process)


async def _moderator(path: Path) -> None:
    _trace_store()
    from pmtui.ui.app import PmtuiApp
    from pmtui.ui.widgets.phase_content import PhaseContent

    app = PmtuiApp(path, "moderator")
    reported: set[str] = set()

    def on_session(session) -> None:  # type: ignore[no-untyped-def]
        try:
            table = app.screen.query_one(PhaseContent).table
        except Exception:
            return
        for entry in session.timeline:
            if entry.text.startswith(MARK) and entry.text not in reported and table.has_row(entry.id):
                reported.add(entry.text)
                text = entry.text
                # The row is in the table; report once the screen has been refreshed with it.
                TRACE.append(("table", time.monotonic()))
                steps = " ".join(f"{name}={at:.6f}" for name, at in TRACE)
                TRACE.clear()
                app.call_after_refresh(
                    lambda text=text, steps=steps: print(f"seen {text} {time.monotonic():.6f} {steps}", flush=True)
                )

    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            await pilot.pause(0.05)
            if app.screen.query(PhaseContent):
                break
        # Published once the screens have shown the update.
        app.session_updated.subscribe(app, lambda update: on_session(update.session), immediate=True)
        print("ready", flush=True)
        while (await asyncio.to_thread(sys.stdin.readline)).strip() not in ("quit", ""):
            pass


# ----------------------------------------------------------------- the notetaker (this process)


async def _notetaker(path: Path, rounds: int, seen: queue.Queue[tuple[str, float]], timeout: float) -> list[float]:
    from textual.widgets import Input

    from pmtui.ui.app import PmtuiApp
    from pmtui.ui.widgets.timeline_pane import TimelinePane

    app = PmtuiApp(path, "notetaker")
    latencies: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            await pilot.pause(0.05)
            if app.screen.query(TimelinePane):
                break
        entry = app.screen.query_one(TimelinePane).query_one(Input)
        for k in range(rounds + 2):  # the first two warm up caches on both sides
            text = f"{MARK}{k}"
            entry.value = f"13:59 {text}"
            entry.focus()
            await pilot.pause()
            # The line as typed is on screen before Enter, as it is for a person typing it: the
            # frame that draws it (a layout, for the new value) is not part of Enter's time.
            await app.screen.wait_for_refresh()
            started = time.monotonic()
            await pilot.press("enter")
            while True:
                # Wait in a thread: a polling loop here would take a core from the moderator.
                try:
                    got, at = await asyncio.to_thread(seen.get, True, timeout)
                except queue.Empty:
                    raise TimeoutError(f"the moderator never showed {text}") from None
                if got == text:
                    break
            if k >= 2:
                latencies.append((at - started) * 1000)
                if TRACE_ON:
                    mine = " ".join(f"{name}+{(t - started) * 1000:.0f}" for name, t in TRACE)
                    theirs = " ".join(
                        f"{s.split('=')[0]}+{(float(s.split('=')[1]) - started) * 1000:.0f}"
                        for s in MODERATOR_STEPS[-1]
                    )
                    print(f"# {text}: {(at - started) * 1000:.0f} ms | notetaker {mine} | moderator {theirs}")
            TRACE.clear()
            await pilot.pause(0.15)  # people type a line every few seconds; let both sides go idle
    return latencies


TRACE_ON = False
MODERATOR_STEPS: list[list[str]] = []


def measure(path: Path, rounds: int, timeout: float = 30.0) -> list[float]:
    """Latencies in ms for `rounds` entries typed by a notetaker and shown by a moderator."""
    _set_phase_timeline(path)
    env = {**os.environ, "XDG_STATE_HOME": str(path.parent / "state")}
    child = subprocess.Popen(
        [sys.executable, __file__, "--moderator", str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    seen: queue.Queue[tuple[str, float]] = queue.Queue()
    assert child.stdout is not None and child.stdin is not None
    try:
        line = child.stdout.readline()
        if line.strip() != "ready":
            raise RuntimeError(f"the moderator did not start: {line!r}")

        def read() -> None:
            assert child.stdout is not None
            for out in child.stdout:
                parts = out.split()
                if len(parts) >= 3 and parts[0] == "seen":
                    seen.put((parts[1], float(parts[2])))
                    if TRACE_ON:
                        MODERATOR_STEPS.append(parts[3:])

        threading.Thread(target=read, daemon=True).start()
        os.environ["XDG_STATE_HOME"] = env["XDG_STATE_HOME"]
        return asyncio.run(_notetaker(path, rounds, seen, timeout))
    finally:
        try:
            child.stdin.write("quit\n")
            child.stdin.flush()
            child.wait(10)
        except (OSError, subprocess.TimeoutExpired):
            child.kill()
            child.wait()


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="10 rounds, 500 timeline entries for the large case")
    parser.add_argument("--trace", action="store_true", help="print when each step of each round ended")
    parser.add_argument("--moderator", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.trace:
        global TRACE_ON
        TRACE_ON = True
        _trace_store()
    if args.moderator:
        asyncio.run(_moderator(args.moderator))
        return 0

    from bench.generate import large_session
    from pmtui.resources import DEMO_SESSION

    rounds = 10 if args.quick else args.rounds
    folder = Path(tempfile.mkdtemp(prefix="pmtui-sync-"))
    try:
        small = folder / "small" / "demo.toml"
        small.parent.mkdir()
        shutil.copyfile(DEMO_SESSION, small)
        (folder / "large").mkdir()
        large = large_session(folder / "large", timeline=500 if args.quick else 2000)
        results: dict[str, list[float]] = {}
        for label, path, prefix in (("small", small, "sync"), ("large", large, "sync_large")):
            try:
                results[label] = values = measure(path, rounds)
            except Exception as error:  # like bench.run: a figure that cannot be measured says why
                reason = f"{type(error).__name__}: {error}".splitlines()[0][:120]
                print(f"{prefix}_median_ms: n/a ({reason})")
                print(f"{prefix}_p95_ms: n/a ({reason})")
                continue
            print(f"{prefix}_median_ms: {statistics.median(values):.1f}")
            print(f"{prefix}_p95_ms: {_p95(values):.1f}")
        for label, values in results.items():
            shown = " ".join(f"{v:.0f}" for v in values)
            print(f"# {label}: {len(values)} entries, min {min(values):.1f} max {max(values):.1f} ms: {shown}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
