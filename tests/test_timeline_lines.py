"""Reading the time, zone and label at the start of a timeline line, as postmortem documents write them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pmtui.domain.model import TimelineKind
from pmtui.domain.timeline_lines import combine, read_date_line, read_line_time, states_zone, take_label, zone_named


@pytest.mark.parametrize(
    ("line", "clock", "date", "rest"),
    [
        ("10:01 - Alert fired for checkout 5xx above 5%", "10:01", None, "Alert fired for checkout 5xx above 5%"),
        ("10:01 UTC: Alert fired", "10:01", None, "Alert fired"),
        ("2026-11-20 10:01 UTC: (Detection) PagerDuty alert", "10:01", "2026-11-20", "(Detection) PagerDuty alert"),
        ("2026-11-20T10:01:30Z deploy started", "10:01:30", "2026-11-20", "deploy started"),
        ("20 Nov 2026 10:01 rollback", "10:01", "2026-11-20", "rollback"),
        ("2:05 PM paged the on-call", "14:05", None, "paged the on-call"),
        ("[10:01] note", "10:01", None, "note"),
        ("10:01 | table-ish", "10:01", None, "table-ish"),
    ],
)
def test_a_time_at_the_start_of_a_line(line: str, clock: str, date: str | None, rest: str) -> None:
    found = read_line_time(line)
    assert found is not None
    assert found.clock == dt.time.fromisoformat(clock)
    assert found.date == (dt.date.fromisoformat(date) if date else None)
    assert found.rest == rest


@pytest.mark.parametrize("line", ["25:00 late", "10:61 x", "1001 no colon", "Version 1.2 released", "at 10:01 later"])
def test_no_time_where_there_is_none(line: str) -> None:
    assert read_line_time(line) is None


def test_a_month_and_day_without_a_year_waits_for_the_document_year() -> None:
    found = read_line_time("Nov 5, 23:20 failover started")
    assert found is not None and found.month_day == (11, 5) and found.date is None
    assert found.rest == "failover started"


def test_a_zone_word_on_the_line_is_the_lines_zone_not_its_text() -> None:
    found = read_line_time("10:01 (PT) – deploy")
    assert found is not None and found.rest == "deploy"
    assert found.zone is not None and found.zone.tz == ZoneInfo("America/Los_Angeles")
    assert read_line_time("10:01 API errors").zone is None  # type: ignore[union-attr]
    assert read_line_time("10:01 et al").zone is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("All times UTC", "UTC"),
        ("Times are in Europe/London (GMT).", "Europe/London"),
        ("Timeline (all times PT)", "America/Los_Angeles"),
        ("All times in CEST", "Europe/Berlin"),
    ],
)
def test_zone_statements(text: str, zone: str) -> None:
    found = states_zone(text)
    assert found is not None and found.tz == ZoneInfo(zone)


def test_utc_offsets_and_a_sentence_that_is_no_zone_statement() -> None:
    found = zone_named("UTC+2")
    assert found is not None and found.tz.utcoffset(None) == dt.timedelta(hours=2)
    assert states_zone("We paged the PT team lead about the broken deploy in the morning hours") is None


@pytest.mark.parametrize(
    ("line", "date"),
    [("2026-11-20", "2026-11-20"), ("Friday, November 20, 2026", "2026-11-20"), ("20 November 2026:", "2026-11-20")],
)
def test_date_lines(line: str, date: str) -> None:
    assert read_date_line(line) == dt.date.fromisoformat(date)


def test_a_date_line_must_hold_only_a_date() -> None:
    assert read_date_line("Nov 20 the deploy went out") is None
    assert read_date_line("2026-02-30") is None


@pytest.mark.parametrize(
    ("text", "kind", "rest"),
    [
        ("(Detection) PagerDuty alert", TimelineKind.DETECTED, "PagerDuty alert"),
        ("OUTAGE BEGINS — 503s everywhere", TimelineKind.IMPACT_START, "503s everywhere"),
        ("Impact starts: errors at 40%", TimelineKind.IMPACT_START, "errors at 40%"),
        ("Rolled back the deploy [mitigated]", TimelineKind.MITIGATED, "Rolled back the deploy"),
        ("Incident resolved", TimelineKind.RESOLVED, "Incident resolved"),
        ("ack: on-call joined", TimelineKind.ACKNOWLEDGED, "on-call joined"),
    ],
)
def test_labels_give_the_kind_and_leave_the_text(text: str, kind: TimelineKind, rest: str) -> None:
    assert take_label(text) == (kind, rest)


def test_words_that_are_no_label_stay() -> None:
    assert take_label("PagerDuty alert: checkout 5xx") == (None, "PagerDuty alert: checkout 5xx")
    assert take_label("(see dashboard) latency rose") == (None, "(see dashboard) latency rose")


def test_daylight_saving_on_both_sides_of_the_change() -> None:
    pt = zone_named("PT")
    assert pt is not None
    day = dt.date(2026, 11, 1)  # US clocks go back at 02:00 PDT
    assert combine(day, dt.time(0, 30), pt, dt.UTC) == dt.datetime(2026, 11, 1, 7, 30, tzinfo=dt.UTC)
    assert combine(day, dt.time(1, 30), zone_named("PDT"), dt.UTC) == dt.datetime(2026, 11, 1, 8, 30, tzinfo=dt.UTC)
    assert combine(day, dt.time(1, 30), zone_named("PST"), dt.UTC) == dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC)
    assert combine(day, dt.time(3, 0), pt, dt.UTC) == dt.datetime(2026, 11, 1, 11, 0, tzinfo=dt.UTC)
    spring = dt.date(2026, 3, 8)  # and forward in March
    assert combine(spring, dt.time(1, 0), pt, dt.UTC) == dt.datetime(2026, 3, 8, 9, 0, tzinfo=dt.UTC)
    assert combine(spring, dt.time(4, 0), pt, dt.UTC) == dt.datetime(2026, 3, 8, 11, 0, tzinfo=dt.UTC)
