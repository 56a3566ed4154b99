"""One way to write a moment and one way to cut a text, whoever shows them (exports, checks, CLI, forms)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pmtui.domain.checks import run_checks
from pmtui.domain.model import Session
from pmtui.domain.text_fit import clip, clip_line, shorten
from pmtui.domain.time_entry import TimeContext, format_for_entry, format_local, parse_time
from pmtui.export._common import local_time

BERLIN = ZoneInfo("Europe/Berlin")
AT = dt.datetime(2026, 11, 20, 13, 2, tzinfo=dt.UTC)  # 14:02 in Berlin
NOW = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("at", "with_date", "text"),
    [
        (AT, False, "14:02"),
        (AT, True, "2026-11-20 14:02"),
        (AT.replace(second=5), False, "14:02:05"),
        (AT.replace(hour=23, minute=30), True, "2026-11-21 00:30"),  # the local date, not the UTC one
    ],
)
def test_a_moment_is_written_in_the_incident_zone_with_seconds_only_when_they_matter(
    at: dt.datetime, with_date: bool, text: str
) -> None:
    assert format_local(at, BERLIN, with_date) == text


def test_exports_entry_forms_and_checks_write_a_moment_alike() -> None:
    session = Session.model_validate(
        {
            "incident": {"title": "t", "timezone": "Europe/Berlin", "started_at": AT.replace(second=5)},
            "timeline": [{"id": "t1", "at": AT.replace(day=21), "kind": "impact-start", "text": "errors"}],
        }
    )
    assert local_time(AT, session) == format_local(AT, BERLIN, with_date=True) == "2026-11-20 14:02"
    assert format_for_entry(AT, BERLIN, dt.date(2026, 11, 20)) == "14:02"
    assert format_for_entry(AT, BERLIN, dt.date(2026, 11, 21)) == "2026-11-20 14:02"
    messages = " ".join(finding.message for finding in run_checks(session))
    assert "started_at 2026-11-20 14:02:05 differs from the first impact-start at 2026-11-21 14:02" in messages


@pytest.mark.parametrize("at", [AT, AT.replace(second=5), AT.replace(hour=23, minute=30)])
def test_a_written_moment_typed_back_gives_the_same_moment(at: dt.datetime) -> None:
    day = dt.date(2026, 11, 20)
    assert parse_time(format_for_entry(at, BERLIN, day), TimeContext(BERLIN, None, NOW, day)) == at


def test_clip_cuts_at_a_character_and_marks_the_cut() -> None:
    assert clip("short", 10) == "short"
    assert clip("exactly ten", 11) == "exactly ten"
    assert clip("a longer line of text", 10) == "a longer …"
    assert len(clip("x" * 50, 10)) == 10
    assert clip("anything", 0) == "…"


def test_clip_line_puts_the_text_on_one_line_and_leaves_no_space_before_the_cut() -> None:
    assert clip_line("Why did the\nchange   reach production?", 100) == "Why did the change reach production?"
    assert clip_line("Why did the change reach production?", 9) == "Why did…"  # not "Why did …"
    assert clip_line("Why did the change", 8) == "Why did…"
    assert clip_line("exactly ten", 11) == "exactly ten"


def test_shorten_cuts_at_a_word_on_one_line() -> None:
    assert shorten("Why did the\nchange reach   production?", 100) == "Why did the change reach production?"
    assert shorten("Why did the change reach production without a canary stage?", 30) == "Why did the change reach…"
    assert shorten("Supercalifragilisticexpialidocious words", 12) == "Supercalifr…"
