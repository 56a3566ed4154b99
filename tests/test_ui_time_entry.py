"""Timeline quick entry: times as people type them, in the incident's zone, across midnight and DST."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pmtui.domain.model import TimelineKind
from pmtui.domain.time_entry import (
    TimeContext,
    TimeEntryError,
    format_clock,
    format_for_entry,
    incident_day,
    kind_named,
    parse_time,
    parse_timeline_line,
)

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
DAY = dt.date(2026, 11, 20)
IN_UTC = TimeContext(ZoneInfo("UTC"), None, NOW, DAY)


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def parse(line: str, tz: ZoneInfo = LONDON, previous: dt.datetime | None = None, day: dt.date | None = DAY):
    return parse_timeline_line(line, TimeContext(tz, previous, NOW, day))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("14:05 PagerDuty paged", at(2026, 11, 20, 14, 5)),
        ("14:05:30 PagerDuty paged", at(2026, 11, 20, 14, 5, 30)),
        ("9:05 morning check", at(2026, 11, 20, 9, 5)),
        ("2:05pm PagerDuty paged", at(2026, 11, 20, 14, 5)),
        ("2:05PM PagerDuty paged", at(2026, 11, 20, 14, 5)),
        ("2:05 pm PagerDuty paged", at(2026, 11, 20, 14, 5)),
        ("12:30am after midnight", at(2026, 11, 20, 0, 30)),
        ("12:30pm lunch", at(2026, 11, 20, 12, 30)),
        ("9am standup", at(2026, 11, 20, 9, 0)),
        ("2026-11-21 00:10 next day", at(2026, 11, 21, 0, 10)),
        ("2026-11-20T14:05Z written in UTC", at(2026, 11, 20, 14, 5)),
        ("2026-11-20T14:05+01:00 with an offset", at(2026, 11, 20, 13, 5)),
        ("now it happens", NOW),
        ("-2m two minutes ago", at(2026, 11, 23, 14, 58)),
        ("-1h30m earlier", at(2026, 11, 23, 13, 30)),
    ],
)
def test_times_people_type(line: str, expected: dt.datetime) -> None:
    when, _, _ = parse(line)
    assert when == expected


def test_relative_times_count_from_the_previous_entry() -> None:
    previous = at(2026, 11, 20, 14, 2)
    assert parse("+5m x", previous=previous)[0] == at(2026, 11, 20, 14, 7)
    assert parse("+90s x", previous=previous)[0] == at(2026, 11, 20, 14, 3, 30)
    assert parse("+1h x", previous=previous)[0] == at(2026, 11, 20, 15, 2)
    assert parse("+1h30m x", previous=previous)[0] == at(2026, 11, 20, 15, 32)


def test_plus_without_a_previous_entry_says_what_to_type() -> None:
    with pytest.raises(TimeEntryError, match="previous entry"):
        parse("+5m x")


def test_wall_clock_in_the_incident_zone_summer_and_winter() -> None:
    # London is UTC+1 in summer: 14:05 there is 13:05 UTC.
    assert parse("14:05 x", day=dt.date(2026, 7, 1))[0] == at(2026, 7, 1, 13, 5)
    assert parse("14:05 x", day=dt.date(2026, 12, 1))[0] == at(2026, 12, 1, 14, 5)
    assert parse("14:05 x", tz=NEW_YORK, day=dt.date(2026, 12, 1))[0] == at(2026, 12, 1, 19, 5)


def test_without_an_incident_day_times_are_today_in_the_zone() -> None:
    # 15:00 UTC on the 23rd is 10:00 in New York, still the 23rd there
    assert parse("09:00 x", tz=NEW_YORK, day=None)[0] == at(2026, 11, 23, 14, 0)
    late = dt.datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # 22:00 on the 23rd in New York
    when = parse_timeline_line("21:00 x", TimeContext(NEW_YORK, None, late))[0]
    assert when == at(2026, 11, 24, 2, 0)


def test_a_time_after_midnight_follows_a_late_previous_entry() -> None:
    previous = at(2026, 11, 20, 23, 55)
    assert parse("00:10 x", previous=previous)[0] == at(2026, 11, 21, 0, 10)
    # an earlier time the same evening stays on the same day
    assert parse("22:00 x", previous=previous)[0] == at(2026, 11, 20, 22, 0)


def test_times_follow_the_day_of_the_previous_entry() -> None:
    previous = at(2026, 11, 21, 9, 0)
    assert parse("10:00 x", previous=previous)[0] == at(2026, 11, 21, 10, 0)


def test_a_time_the_clocks_skipped_is_refused() -> None:
    with pytest.raises(TimeEntryError, match="clocks went forward"):
        parse("01:30 x", day=dt.date(2026, 3, 29))


def test_a_time_the_clocks_went_through_twice_follows_the_previous_entry() -> None:
    # 2026-10-25 01:30 happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT)
    day = dt.date(2026, 10, 25)
    assert parse("01:30 x", day=day)[0] == at(2026, 10, 25, 0, 30)
    assert parse("01:30 x", day=day, previous=at(2026, 10, 25, 1, 0))[0] == at(2026, 10, 25, 1, 30)


@pytest.mark.parametrize(
    ("line", "kind", "text"),
    [
        ("14:05 alert PagerDuty paged the on-call", TimelineKind.ALERT, "PagerDuty paged the on-call"),
        ("14:05 ack on-call acknowledged", TimelineKind.ACKNOWLEDGED, "on-call acknowledged"),
        ("14:05 mitigate rolled back", TimelineKind.MITIGATED, "rolled back"),
        ("14:05 impact-start errors rose", TimelineKind.IMPACT_START, "errors rose"),
        ("14:05 impact_end errors gone", TimelineKind.IMPACT_END, "errors gone"),
        ("14:05 Alert: PagerDuty paged", TimelineKind.ALERT, "PagerDuty paged"),
        ("14:05 PagerDuty paged", None, "PagerDuty paged"),
        ("14:05 the  spacing   stays", None, "the  spacing   stays"),
    ],
)
def test_kind_after_the_time(line: str, kind: TimelineKind | None, text: str) -> None:
    _, got_kind, got_text = parse(line)
    assert (got_kind, got_text) == (kind, text)


def test_every_kind_name_is_accepted() -> None:
    for kind in TimelineKind:
        assert kind_named(kind.value) is kind
    assert kind_named("paged") is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("25:00 x", "25:00 is not a time; use HH:MM"),
        ("14:60 x", "14:60 is not a time"),
        ("13:05pm x", "with am/pm the hour is 1 to 12"),
        ("PagerDuty paged", 'Start with a time ("PagerDuty" is not one)'),
        ("+5 x", "write +5m"),
        ("2026-13-01 10:00 x", "is not a date"),
        ("2026-11-20", "needs a time after it"),
        ("14:05", "Say what happened"),
        ("14:05 alert", "Say what happened"),
        ("   ", "Type a time"),
    ],
)
def test_clear_errors(line: str, message: str) -> None:
    with pytest.raises(TimeEntryError) as error:
        parse(line, previous=at(2026, 11, 20, 14, 0))
    assert message in str(error.value)


def test_parse_time_alone_and_round_trip_of_the_edit_text() -> None:
    for when in (at(2026, 11, 20, 14, 5), at(2026, 11, 20, 14, 5, 30), at(2026, 11, 21, 0, 10)):
        text = format_for_entry(when, LONDON, DAY)
        assert parse_time(text, TimeContext(LONDON, when, NOW, DAY)) == when
    with pytest.raises(TimeEntryError):
        parse_time("14:05 extra", TimeContext(LONDON, None, NOW, DAY))


def test_clock_shows_the_date_only_off_the_incident_day() -> None:
    assert format_clock(at(2026, 11, 20, 14, 5), LONDON, DAY) == "14:05:00"
    assert format_clock(at(2026, 11, 21, 0, 10), LONDON, DAY) == "2026-11-21 00:10:00"
    assert format_clock(at(2026, 7, 1, 13, 5), LONDON, dt.date(2026, 7, 1)) == "14:05:00"


def test_incident_day_is_in_the_incident_zone() -> None:
    started = at(2026, 11, 21, 3, 0)  # still the 20th in New York
    assert incident_day(started, NEW_YORK, NOW) == dt.date(2026, 11, 20)
    assert incident_day(None, NEW_YORK, NOW) == dt.date(2026, 11, 23)


def test_time_entry_and_the_launcher_do_not_load_textual() -> None:
    import subprocess
    import sys

    code = (
        "import sys, pmtui.domain.time_entry, pmtui.storage.recent, pmtui.commands.open_app;"
        " print('textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"  # a file that cannot be opened is reported without loading the UI


@pytest.mark.parametrize(
    ("line", "suggestion"),
    [
        ("14:05 alrt pager fired", "alert"),
        ("14:05 mitgated rolled back cfg-7731", "mitigated"),
        ("14:05 resolvd incident closed", "resolved"),
        ("14:05 acknowledgd by the on-call", "acknowledged"),
        ("14:05 impact-strat checkout 5xx", "impact-start"),
    ],
)
def test_a_kind_typed_one_or_two_letters_wrong_is_refused_with_a_suggestion(line: str, suggestion: str) -> None:
    word = line.split()[1]
    with pytest.raises(TimeEntryError, match=f"unknown kind '{word}' — did you mean {suggestion}\\?"):
        parse_timeline_line(line, IN_UTC)


@pytest.mark.parametrize(
    "line",
    [
        "14:05 alerts fired for checkout",
        "14:05 Jack restarted the pod",
        "14:05 not sure why",
        "14:05 notes were shared",
        "14:05 alter the pool size",
        "14:05 actions were assigned",
    ],
)
def test_ordinary_words_near_a_kind_stay_text(line: str) -> None:
    _, kind, text = parse_timeline_line(line, IN_UTC)
    assert kind is None and text == line.split(" ", 1)[1]
