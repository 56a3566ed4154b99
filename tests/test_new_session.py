"""A new session (picker `n` and `pmtui new`): title, severity, start time typed in the chosen zone
(default now), time zone (default the machine's), owner and roles; the file passes `pmtui check`."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from pmtui.domain.checks import run_checks
from pmtui.domain.new_session import machine_zone_name, parse_start
from pmtui.domain.time_entry import TimeContext, incident_day, parse_timeline_line
from pmtui.domain.timeline_import import parse_chat_log
from pmtui.storage.parsing import load_session_fast
from pmtui.ui.app import PmtuiApp
from pmtui.ui.dialogs.new_session import NewSessionDialog
from pmtui.ui.screens.start import StartScreen

CLOCK = dt.datetime(2026, 12, 4, 9, 30, tzinfo=dt.UTC)
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def machine_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


async def open_dialog(app: PmtuiApp, pilot) -> NewSessionDialog:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(app.screen, NewSessionDialog)
    return app.screen


def fill(dialog: NewSessionDialog, **values: str) -> None:
    for name, value in values.items():
        dialog.query_one(f"#new-{name}", Input).value = value


async def test_dialog_writes_start_zone_owner_and_roles_and_the_file_passes_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = PmtuiApp(None, None, clock=lambda: CLOCK)
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await open_dialog(app, pilot)
        fill(dialog, title="Search was slow", timezone="Europe/Berlin")
        await pilot.pause()
        fill(dialog, started="2026-11-20 14:02", owner="Priya Natarajan", moderator="Sam Ortega", notetaker="Lee Chen")
        dialog._create()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
    session = load_session_fast(tmp_path / "search-was-slow.toml")
    incident = session.incident
    assert incident.started_at == dt.datetime(2026, 11, 20, 13, 2, tzinfo=dt.UTC)  # 14:02 in Berlin
    assert (incident.timezone, incident.owner) == ("Europe/Berlin", "Priya Natarajan")
    assert (session.roles.moderator, session.roles.notetaker) == ("Sam Ortega", "Lee Chen")
    assert [f for f in run_checks(session, today=CLOCK.date()) if f.is_error] == []

    # F4 paste and bare times work at once: they land on the incident's day, not today.
    pasted = parse_chat_log("[14:05] sam: pool wait p99 at 1,600 ms", session)
    assert pasted.problem == "" and pasted.entries[0]["at"] == dt.datetime(2026, 11, 20, 13, 5, tzinfo=dt.UTC)
    day = incident_day(incident.started_at, incident.tz, CLOCK)
    at, _kind, _text = parse_timeline_line("14:09 alert paged", TimeContext(incident.tz, None, CLOCK, day))
    assert at == dt.datetime(2026, 11, 20, 13, 9, tzinfo=dt.UTC)


async def test_dialog_defaults_to_now_in_the_machines_zone(tmp_path: Path, monkeypatch, machine_zone) -> None:  # type: ignore[no-untyped-def]
    machine_zone("Asia/Kolkata")
    monkeypatch.chdir(tmp_path)
    app = PmtuiApp(None, None, clock=lambda: CLOCK)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(app, pilot)
        assert dialog.query_one("#new-timezone", Input).value == "Asia/Kolkata"
        assert dialog.query_one("#new-started", Input).value == "2026-12-04 15:00"  # 09:30 UTC in Kolkata
        fill(dialog, timezone="Europe/London")  # an untouched start stays "now", shown in the new zone
        await pilot.pause()
        assert dialog.query_one("#new-started", Input).value == "2026-12-04 09:30"
        fill(dialog, started="yesterday-ish")
        fill(dialog, title="Queue backlog")
        dialog._create()
        await pilot.pause()
        assert "is not a time" in str(dialog.query_one(".dialog-error").content)
        assert not (tmp_path / "queue-backlog.toml").exists()
        fill(dialog, started="08:15", moderator="Sam", notetaker="sam")
        dialog._create()
        await pilot.pause()
        assert "both moderator and notetaker" in str(dialog.query_one(".dialog-error").content)
        fill(dialog, notetaker="Lee")
        dialog._create()
        await app.workers.wait_for_complete()
        await pilot.pause()
    session = load_session_fast(tmp_path / "queue-backlog.toml")
    assert session.incident.started_at == dt.datetime(2026, 12, 4, 8, 15, tzinfo=dt.UTC)  # 08:15 London, today


def test_machine_zone_name_follows_tz(machine_zone) -> None:  # type: ignore[no-untyped-def]
    machine_zone("America/Sao_Paulo")
    assert machine_zone_name() == "America/Sao_Paulo"
    machine_zone("Not/AZone")
    assert machine_zone_name() != "Not/AZone"  # falls back to the system's setting, or UTC
    assert parse_start("", "UTC", CLOCK) == CLOCK
    with pytest.raises(ValueError, match="not an IANA time zone"):
        parse_start("14:00", "Mars/Olympus", CLOCK)


def run_cli(*args: str, tz: str = "UTC") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "TZ": tz}
    return subprocess.run([sys.executable, "-m", "pmtui", *args], capture_output=True, text=True, env=env, timeout=60)


def test_pmtui_new_with_owner_and_roles_passes_check(tmp_path: Path) -> None:
    path = tmp_path / "db.toml"
    made = run_cli(
        "new", str(path), "--title", "DB failover took 9 minutes", "--owner", "Ravi Menon",
        "--moderator", "Sam Ortega", "--notetaker", "Lee Chen", "--started-at", "2026-11-20 14:02",
        tz="Asia/Kolkata",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    session = load_session_fast(path)
    assert session.incident.owner == "Ravi Menon"
    assert session.incident.timezone == "Asia/Kolkata"  # the machine's zone by default
    assert session.incident.started_at == dt.datetime(2026, 11, 20, 8, 32, tzinfo=dt.UTC)  # typed in Kolkata
    check = run_cli("check", str(path))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 errors" in check.stdout


def test_pmtui_new_defaults_to_now_and_refuses_bad_input_in_one_line(tmp_path: Path) -> None:
    before = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    made = run_cli("new", str(tmp_path / "a.toml"), "--title", "x")
    assert made.returncode == 0 and "--moderator and --notetaker" in made.stdout
    started = load_session_fast(tmp_path / "a.toml").incident.started_at
    assert started is not None and before <= started <= dt.datetime.now(dt.UTC)
    for args, words in (
        (["--started-at", "25:99"], "--started-at '25:99': \"25:99\" is not a time"),
        (["--timezone", "Mars/Olympus"], '"Mars/Olympus" is not an IANA time zone'),
        (["--moderator", "Sam", "--notetaker", "Sam"], "both moderator and notetaker"),
    ):
        bad = run_cli("new", str(tmp_path / "b.toml"), "--title", "x", *args)
        assert bad.returncode == 2 and words in bad.stderr and "Traceback" not in bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1
        assert not (tmp_path / "b.toml").exists()


def test_a_new_session_with_only_a_title_passes_check_without_errors(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from pmtui.cli import main

    path = tmp_path / "new.toml"
    assert main(["new", str(path), "--title", "Search outage"]) == 0
    capsys.readouterr()
    assert main(["check", str(path)]) == 0
    assert "0 errors" in capsys.readouterr().out
