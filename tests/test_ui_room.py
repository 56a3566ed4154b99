"""The room: the moderator header's clock (the machine's zone, the incident's beside it) and the booked meeting."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Static

from pmtui.domain import meeting as m
from pmtui.domain.changes import SetField
from pmtui.domain.model import Phase
from pmtui.resources import DEMO_SESSION
from pmtui.storage.store import SessionFile
from pmtui.ui.app import PmtuiApp

NOW = dt.datetime(2026, 12, 4, 16, 8, tzinfo=dt.UTC)


class Clock:
    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def machine_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Set the machine's time zone (TZ) for this test; the C library is told, and told again after."""

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def in_zone(path: Path, zone: str) -> Path:
    sf = SessionFile.open(path)
    sf.submit(SetField("incident", "timezone", zone))
    sf.save()
    return path


def header(app: PmtuiApp) -> str:
    return str(app.screen.query_one("#mod-bar", Static).content)


def test_room_clock_names_the_incident_zone_only_when_it_shows_another_time() -> None:
    berlin, sao_paulo, london = ZoneInfo("Europe/Berlin"), ZoneInfo("America/Sao_Paulo"), ZoneInfo("Europe/London")
    assert m.room_clock(NOW, sao_paulo, berlin) == ("17:08", "Sao Paulo 13:08")  # four hours off
    assert m.room_clock(NOW, ZoneInfo("Europe/Dublin"), berlin) == ("17:08", "Dublin 16:08")
    assert m.room_clock(NOW, london, ZoneInfo("UTC")) == ("16:08", "")  # same time in December: no second clock
    assert m.room_clock(NOW, ZoneInfo("UTC"), ZoneInfo("Asia/Kolkata")) == ("21:38", "UTC 16:08")
    assert m.zone_label(ZoneInfo("America/Argentina/Buenos_Aires")) == "Buenos Aires"


async def test_moderator_header_shows_the_rooms_time_and_the_incidents(demo_copy: Path, machine_zone) -> None:  # type: ignore[no-untyped-def]
    machine_zone("Europe/Berlin")
    in_zone(demo_copy, "America/Sao_Paulo")
    app = PmtuiApp(demo_copy, "moderator", clock=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "17:08 · Sao Paulo 13:08" in header(app)


async def test_moderator_header_shows_one_clock_when_the_zones_agree(demo_copy: Path, machine_zone) -> None:  # type: ignore[no-untyped-def]
    machine_zone("Europe/Lisbon")  # same time as the demo's Europe/London
    app = PmtuiApp(demo_copy, "moderator", clock=Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = header(app)
        assert "16:08" in text and "London" not in text and "·" not in text


async def test_agenda_counts_down_the_booked_meeting_then_says_over_in_the_error_colour(demo_copy: Path) -> None:
    clock = Clock()
    app = PmtuiApp(demo_copy, "moderator", clock=clock)  # the demo books 45 minutes
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("5", "space")  # the whys, timer running, nothing spent yet
        agenda = app.screen.query_one("#agenda-full", Static)
        assert "left ≈ 45 min" in str(agenda.content)
        clock.now += dt.timedelta(minutes=47, seconds=30)
        app.screen.query_one("Agenda").tick()
        content = agenda.content
        assert "over by 3 min" in str(content)
        over = str(content).index("over by")
        styles = [str(span.style) for span in content.spans if span.start <= over < span.end]
        assert any("$error" in style for style in styles), styles
        # The phase timer keeps its own countdown (the whys' timebox), counting up past it.
        app.screen.query_one("PhaseTimer").tick()
        assert app.screen.query_one("#timer-digits").value.startswith("+")
        assert app.session.meeting.phase == Phase.WHYS


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")
def test_real_terminal_in_kolkata_shows_kolkata_time_and_london_beside_it(tmp_path: Path) -> None:
    from tests.test_e2e_tmux import Tmux, _command

    session = tmp_path / "checkout.toml"
    shutil.copyfile(DEMO_SESSION, session)
    tmux = Tmux(tmp_path)
    tmux.env["TZ"] = "Asia/Kolkata"
    try:
        tmux.start("room", ["env", "TZ=Asia/Kolkata", *_command(), str(session), "--role", "moderator"])
        tmux.wait_for("room", "Summary & impact", 20)
        first_line = tmux.screen("room").splitlines()[0]
        now = dt.datetime.now(dt.UTC)
        wanted = {
            f"{(now + dt.timedelta(minutes=d)).astimezone(ZoneInfo('Asia/Kolkata')):%H:%M} · London "
            f"{(now + dt.timedelta(minutes=d)).astimezone(ZoneInfo('Europe/London')):%H:%M}"
            for d in (-1, 0)  # the minute may have turned between the screen and this line
        }
        assert any(text in first_line for text in wanted), (first_line, wanted, os.environ.get("TZ"))
    finally:
        tmux.kill()
