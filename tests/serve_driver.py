"""Runs `pmtui serve` as a real process for the tests: its links, its app processes, and a clean stop."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

LINK = re.compile(r"^\s+(moderator|notetaker|viewer)\s+(http://\S+)")


class ServeProcess:
    """`python -m pmtui serve FILE --port 0 ...`, with the three links it printed."""

    def __init__(self, path: Path, *extra: str) -> None:
        self.path = path
        self.extra = extra
        self.links: dict[str, str] = {}
        self.output: list[str] = []
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> ServeProcess:
        env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pmtui", "serve", str(self.path), "--port", "0", *self.extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        assert self.process.stdout is not None
        for line in self.process.stdout:  # blocks until serve prints; it prints once it listens
            self.output.append(line)
            if match := LINK.match(line):
                self.links[match.group(1)] = match.group(2)
            if line.startswith("Press ctrl+c"):
                break
        assert len(self.links) == 3, "".join(self.output)
        return self

    @property
    def base(self) -> str:
        return self.links["viewer"].split("/viewer/", 1)[0]

    def token(self, role: str) -> str:
        return self.links[role].split("token=", 1)[1]

    def children(self) -> list[int]:
        """The app processes serve is running now (its child processes)."""
        assert self.process is not None
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == self.process.pid and fields[0] != "Z":
                found.append(int(entry.name))
        return found

    def wait_for_children(self, count: int, seconds: float = 15.0) -> float:
        """Wait until exactly `count` app processes run; how long it took."""
        started = time.monotonic()
        while len(self.children()) != count:
            assert time.monotonic() - started < seconds, f"{len(self.children())} app processes, not {count}"
            time.sleep(0.05)
        return time.monotonic() - started

    def __exit__(self, *_: object) -> None:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.output.append(self.process.stdout.read())
            self.process.stdout.close()
