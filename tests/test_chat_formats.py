"""Each chat, log and pager export format, read from fixtures written after the products' copy formats."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pmtui.domain.chat_lines import read_divider, read_header, read_timestamped_line
from pmtui.domain.model import Session
from pmtui.domain.timeline_import import parse_chat_log

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "chat"
TODAY = dt.date(2026, 11, 28)  # the day the "Today" / "Yesterday" copies were made


def session(started_at: str = "2026-11-27T13:55:00Z", timeline: list[dict] | None = None) -> Session:
    return Session.model_validate(
        {"incident": {"title": "t", "timezone": "Europe/Berlin", "started_at": started_at}, "timeline": timeline or []}
    )


def rows(name: str, s: Session | None = None) -> list[tuple[str, str, str, str]]:
    """(Berlin time, kind, author, text) of each entry; the fixture must be read without a left-out line."""
    s = s or session()
    result = parse_chat_log((FIXTURES / name).read_text(encoding="utf-8"), s, today=TODAY)
    assert result.unreadable_lines == [], result.unreadable_lines
    assert result.problem == ""
    tz = s.incident.tz
    return [
        (e["at"].astimezone(tz).strftime("%Y-%m-%d %H:%M:%S"), e["kind"], e.get("author", ""), e["text"])
        for e in result.entries
    ]


def test_slack_desktop_copy_the_issue_example() -> None:
    assert rows("slack_desktop.txt") == [
        (
            "2026-11-27 14:58:00",
            "alert",
            "PagerDuty",
            "Triggered #88213 CheckoutErrorRate: 5xx above 5% on checkout-api",
        ),
        ("2026-11-27 15:01:00", "acknowledged", "Priya Natarajan", "ack'd, looking"),
        ("2026-11-27 15:04:00", "note", "Priya Natarajan", "search latency p99 at 4s since the 14:50 indexer deploy"),
        (
            "2026-11-27 15:06:00",
            "communication",
            "Sam Ortega",
            "status page updated: investigating elevated checkout errors",
        ),
        ("2026-11-27 15:09:00", "mitigated", "Sam Ortega", "rolled indexer back to v41"),
        ("2026-11-27 15:15:00", "note", "Priya Natarajan", "error rate under 1% again, watching"),
        ("2026-11-27 23:52:00", "note", "Sam Ortega", "queue drained, leaving the incident open overnight"),
        ("2026-11-28 09:05:00", "note", "Priya Natarajan", "no new errors overnight"),
        ("2026-11-28 09:10:00", "resolved", "PagerDuty", "Resolved #88213 CheckoutErrorRate"),
        ("2026-11-28 09:12:00", "resolved", "Sam Ortega", "resolving, thanks all"),
    ]


def test_slack_24_hour_clock_bot_badge_and_dividers_with_a_year() -> None:
    assert rows("slack_24h_with_year.txt") == [
        ("2026-11-26 23:58:00", "note", "Sam Ortega", "deploying indexer v42"),
        ("2026-11-27 00:03:00", "alert", "Datadog", "alert fired: search p99 above 2s"),
        ("2026-11-27 00:05:00", "acknowledged", "Sam Ortega", "ack"),
        ("2026-11-27 00:11:00", "mitigated", "Sam Ortega", "reverted indexer to v41 :rewind:"),
    ]


def test_a_copy_spanning_new_year_moves_to_the_next_year() -> None:
    assert rows("slack_new_year.txt", session("2026-12-31T22:45:00Z")) == [
        ("2026-12-31 23:50:00", "alert", "PagerDuty", "Triggered #90001 QueueBacklog"),
        ("2026-12-31 23:58:00", "acknowledged", "Lee Chen", "acked"),
        ("2027-01-01 00:20:00", "mitigated", "Lee Chen", "failed over to the standby queue"),
    ]


def test_today_and_yesterday_count_from_the_day_of_the_copy() -> None:
    assert [r[0] for r in rows("slack_today.txt")] == ["2026-11-27 23:40:00", "2026-11-28 00:15:00"]


def test_teams_classic_copy_takes_the_year_from_the_incident() -> None:
    assert rows("teams_classic.txt") == [
        ("2026-11-27 15:02:00", "mitigated", "Sam Ortega", "rolled indexer back to v41"),
        ("2026-11-27 15:04:00", "note", "Priya Natarajan", "error rate falling"),
        ("2026-11-28 09:12:00", "resolved", "Sam Ortega", "all clear, closing"),
    ]


def test_teams_new_style_message_below_the_name_and_date() -> None:
    assert rows("teams_new.txt") == [
        ("2026-11-27 15:02:00", "mitigated", "Sam Ortega", "rolled indexer back to v41"),
        ("2026-11-27 15:04:00", "note", "Priya Natarajan", "error rate falling\nsecond line of the same message"),
        ("2026-11-28 09:12:00", "resolved", "Sam Ortega", "all clear"),
    ]


def test_discord_dated_headers_and_follow_up_messages() -> None:
    assert rows("discord_dated.txt") == [
        ("2026-11-27 15:02:00", "mitigated", "sam_o", "rolled indexer back to v41"),
        ("2026-11-27 15:04:00", "note", "sam_o", "error rate falling"),
        ("2026-11-27 15:10:00", "resolved", "Priya", "all clear"),
    ]


def test_discord_today_and_yesterday_at() -> None:
    assert rows("discord_today.txt") == [
        ("2026-11-27 23:52:00", "note", "sam_o", "queue drained"),
        ("2026-11-28 09:10:00", "resolved", "Priya", "resolved, thanks all"),
    ]


def test_mattermost_usernames_bot_badge_and_date_separator() -> None:
    assert rows("mattermost.txt") == [
        ("2026-11-27 14:58:00", "alert", "pagerduty", "Triggered #88213 CheckoutErrorRate"),
        ("2026-11-27 15:09:00", "mitigated", "sam.ortega", "rolled indexer back to v41"),
        ("2026-11-27 15:15:00", "note", "priya.n", "error rate under 1%"),
    ]


@pytest.mark.parametrize("name", ["zoom_new.txt", "zoom_old.txt"])
def test_zoom_saved_chat_both_layouts(name: str) -> None:
    read = rows(name)
    assert [r[:3] for r in read] == [
        ("2026-11-27 15:02:11", "mitigated", "Sam Ortega"),
        ("2026-11-27 15:04:40", "note", "Priya Natarajan"),
    ]
    assert read[0][3] == "rolled indexer back to v41"
    assert read[1][3].startswith("error rate falling")


def test_plain_iso_8601_log_with_and_without_offsets() -> None:
    assert rows("plain_iso.log") == [
        ("2026-11-27 14:50:00", "note", "", "deploy indexer v42 started"),
        ("2026-11-27 14:58:02", "alert", "", "alertmanager [FIRING:1] CheckoutErrorRate"),  # Z: 13:58 UTC
        ("2026-11-27 15:09:30", "mitigated", "", "INFO indexer rolled back to v41"),  # no offset: Berlin
        ("2026-11-27 15:15:00", "note", "", "error rate 0.8%"),
    ]


def test_syslog_and_rfc5424() -> None:
    assert [r[:2] for r in rows("syslog.log")] == [
        ("2026-11-27 14:58:02", "alert"),
        ("2026-11-27 15:09:30", "mitigated"),
        ("2026-11-27 15:15:00", "mitigated"),
    ]


def test_journalctl_short_iso_banners_are_understood() -> None:
    assert rows("journalctl_short_iso.log") == [
        ("2026-11-27 14:50:00", "note", "", "idx-1 indexer[88]: starting v42"),
        ("2026-11-27 15:09:30", "mitigated", "", "idx-1 indexer[88]: rolled back to v41"),
        ("2026-11-27 15:20:00", "note", "", "idx-1 systemd[1]: Started indexer.service."),
    ]


def test_pagerduty_incident_log_csv() -> None:
    assert rows("pagerduty_log.csv") == [
        ("2026-11-27 14:58:02", "alert", "Datadog", "Triggered through the API."),
        ("2026-11-27 14:58:05", "note", "", "Notified Priya Natarajan by SMS."),
        ("2026-11-27 15:01:10", "acknowledged", "Priya Natarajan", "Acknowledged by Priya Natarajan."),
        (
            "2026-11-27 15:20:00",
            "mitigated",
            "Sam Ortega",
            'Note added: "rolled indexer back to v41,\nerror rate falling"',
        ),
        ("2026-11-28 09:10:00", "resolved", "Sam Ortega", "Resolved by Sam Ortega."),
    ]


def test_opsgenie_alert_log_csv() -> None:
    assert rows("opsgenie_log.csv") == [
        ("2026-11-27 14:58:02", "alert", "System", "Alert created via API"),
        ("2026-11-27 15:01:10", "acknowledged", "Priya Natarajan", "Alert acknowledged via web"),
        ("2026-11-27 15:20:00", "communication", "Sam Ortega", "Alert note added: status page updated"),
        ("2026-11-28 09:10:00", "resolved", "Sam Ortega", "Alert closed by Sam Ortega via web"),
    ]


def test_a_csv_row_without_a_readable_time_is_reported() -> None:
    text = "created_at,summary\n2026-11-27T13:58:02Z,Triggered\nsoon,Acknowledged\n"
    result = parse_chat_log(text, session())
    assert [e["text"] for e in result.entries] == ["Triggered"]
    assert result.unreadable_lines == [(3, "soon,Acknowledged")]


def test_a_csv_without_a_time_column_is_read_as_chat() -> None:
    result = parse_chat_log("name,score\n[14:05] sam: hi, all\n", session())
    assert result.unreadable_lines == [(1, "name,score")]
    assert [e["text"] for e in result.entries] == ["hi, all"]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
def test_reimporting_any_fixture_adds_nothing(name: str) -> None:
    start = "2026-12-31T22:45:00Z" if "new_year" in name else "2026-11-27T13:55:00Z"
    text = (FIXTURES / name).read_text(encoding="utf-8")
    first = parse_chat_log(text, session(start), today=TODAY)
    timeline = [{"id": f"t{n}", **fields} for n, fields in enumerate(first.entries, 1)]
    again = parse_chat_log(text, session(start, timeline), today=TODAY)
    assert again.entries == [] and again.skipped_duplicates == len(first.entries) > 0


def test_a_divider_in_the_middle_is_not_glued_to_the_message_above() -> None:
    text = "Sam Ortega  11:50 PM\nwatching\nSaturday, November 28th\nSam Ortega  9:00 AM\nquiet night\n"
    result = parse_chat_log(text, session())
    assert [e["text"] for e in result.entries] == ["watching", "quiet night"]
    assert result.entries[1]["at"] == dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC)


def test_a_divider_moves_the_day_even_when_the_clock_does_not_go_back() -> None:
    # Without the divider, 15:00 after 14:00 would stay on the 27th: two days' gap is the divider's to say.
    text = "[14:00] sam: first\nSunday, November 29th\n[15:00] sam: two days later\n"
    at = [e["at"] for e in parse_chat_log(text, session()).entries]
    assert at == [dt.datetime(2026, 11, 27, 13, 0, tzinfo=dt.UTC), dt.datetime(2026, 11, 29, 14, 0, tzinfo=dt.UTC)]


def test_text_under_a_divider_before_any_message_is_reported() -> None:
    result = parse_chat_log("Friday, November 27th\nsomething with no time\n[14:05] sam: ok\n", session())
    assert result.unreadable_lines == [(2, "something with no time")]


def test_slash_dates_are_month_first_when_the_copy_says_so() -> None:
    text = "[11/27 3:02 PM] sam: us copy\n[12/01 9:00 AM] sam: four days later\n"
    at = [e["at"] for e in parse_chat_log(text, session()).entries]
    assert at == [dt.datetime(2026, 11, 27, 14, 2, tzinfo=dt.UTC), dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)]


def test_a_date_that_does_not_exist_is_reported() -> None:
    result = parse_chat_log("[31/11 15:02] sam: no such day\n", session())
    assert result.entries == [] and result.unreadable_lines == [(1, "[31/11 15:02] sam: no such day")]


@pytest.mark.parametrize(
    ("line", "month_day", "year", "relative"),
    [
        ("Friday, November 27th", (11, 27), None, None),
        ("Monday, December 1st, 2025", (12, 1), 2025, None),
        ("Fri, Nov 27, 2026", (11, 27), 2026, None),
        ("November 27", (11, 27), None, None),
        ("Today", None, None, 0),
        ("yesterday", None, None, -1),
    ],
)
def test_day_dividers(line: str, month_day, year, relative) -> None:
    divider = read_divider(line)
    assert divider is not None
    assert (divider.month_day, divider.year, divider.relative_day) == (month_day, year, relative)


@pytest.mark.parametrize("line", ["Friday, November 31st", "rolled back on Friday", "Friday 27th at noon"])
def test_not_dividers(line: str) -> None:
    assert read_divider(line) is None


def test_public_line_readers_for_other_importers() -> None:
    line = read_timestamped_line("2026-11-27T15:02:11+01:00 sam: rolled back (edited)")
    assert line is not None
    assert (line.stamp.hour, line.stamp.date, line.author, line.text) == (
        15,
        dt.date(2026, 11, 27),
        "sam",
        "rolled back",
    )
    assert read_timestamped_line("rolled back at 15:02") is None
    assert read_timestamped_line("[25:70] not a time") is None
    header = read_header("PagerDuty  APP  2:58 PM")
    assert header is not None and (header.author, header.stamp.hour) == ("PagerDuty", 14)
    assert read_header("restarted at 14:05") is None


def test_one_line_at_a_time_for_the_document_importer() -> None:
    from pmtui.domain.timeline_import import read_line_moment

    s = session()
    assert read_line_moment("15:02 rolled back", s) == (
        dt.datetime(2026, 11, 27, 14, 2, tzinfo=dt.UTC),
        "",
        "rolled back",
    )
    assert read_line_moment("[28/11 09:12] Sam: all clear", s) == (
        dt.datetime(2026, 11, 28, 8, 12, tzinfo=dt.UTC),
        "Sam",
        "all clear",
    )
    assert read_line_moment("2026-11-27T15:02:00Z paged", s, day=dt.date(2026, 1, 1))[0] == dt.datetime(
        2026, 11, 27, 15, 2, tzinfo=dt.UTC
    )
    assert read_line_moment("09:00 next day", s, day=dt.date(2026, 11, 28))[0] == dt.datetime(
        2026, 11, 28, 8, 0, tzinfo=dt.UTC
    )
    assert read_line_moment("no time here", s) is None
    assert read_line_moment("[31/11 09:00] no such day", s) is None
    assert read_line_moment("09:00 no day to put it on", Session.model_validate({"incident": {"title": "t"}})) is None


def test_a_one_word_answer_that_looks_like_a_divider_is_text() -> None:
    text = "Lee Chen  3:02 PM\nwhen can we ship the fix?\nSam Ortega  3:03 PM\nToday\nLee Chen  3:04 PM\nok\n"
    result = parse_chat_log(text, session(), today=TODAY)
    assert [e["text"] for e in result.entries] == ["when can we ship the fix?", "Today", "ok"]
    assert {e["at"].date() for e in result.entries} == {dt.date(2026, 11, 27)}


def test_slack_web_copy_with_no_break_spaces_before_pm() -> None:
    text = "Friday, November 27th\nSam Ortega\u00a0\u00a03:02\u202fPM\nrolled back\n"
    entries = parse_chat_log(text, session()).entries
    assert [(e["at"], e["author"]) for e in entries] == [
        (dt.datetime(2026, 11, 27, 14, 2, tzinfo=dt.UTC), "Sam Ortega")
    ]


def test_dividers_give_the_date_when_the_session_has_none_yet() -> None:
    bare = Session.model_validate({"incident": {"title": "t", "timezone": "Europe/Berlin"}})
    result = parse_chat_log((FIXTURES / "slack_24h_with_year.txt").read_text(encoding="utf-8"), bare)
    assert result.problem == "" and len(result.entries) == 4
    assert result.entries[0]["at"] == dt.datetime(2026, 11, 26, 22, 58, tzinfo=dt.UTC)
