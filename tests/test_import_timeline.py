"""Timeline import: each chat and log format, dates and zones, duplicates, unreadable lines, the command."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pmtui.cli import main
from pmtui.domain.model import Session
from pmtui.domain.timeline_import import as_change, insert_position, insertion_positions, parse_chat_log
from pmtui.storage.parsing import load_path, load_session_fast

LONDON = ZoneInfo("Europe/London")
TOKYO = ZoneInfo("Asia/Tokyo")


def session(timezone: str = "UTC", started_at: str | None = "2026-11-20T14:02:00Z", **extra) -> Session:
    incident = {"title": "t", "timezone": timezone}
    if started_at:
        incident["started_at"] = started_at
    return Session.model_validate({"incident": incident, **extra})


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def read(text: str, s: Session | None = None, **kwargs) -> list[tuple[dt.datetime, str, str]]:
    result = parse_chat_log(text, s or session(), **kwargs)
    assert result.unreadable_lines == []
    return [(e["at"], e.get("author", ""), e["text"]) for e in result.entries]


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        ("[14:05] sam: rolled back", (utc(2026, 11, 20, 14, 5), "sam", "rolled back")),
        ("14:05 sam: rolled back", (utc(2026, 11, 20, 14, 5), "sam", "rolled back")),
        ("14:05:11 <sam> rolled back", (utc(2026, 11, 20, 14, 5, 11), "sam", "rolled back")),
        ("[2:05 PM] Sam Ortega: rolled back", (utc(2026, 11, 20, 14, 5), "Sam Ortega", "rolled back")),
        ("2026-11-20 14:05:11 INFO deploy 42 started", (utc(2026, 11, 20, 14, 5, 11), "", "INFO deploy 42 started")),
        ("2026/11/20 14:05 sam: hi", (utc(2026, 11, 20, 14, 5), "sam", "hi")),
        ("2026-11-20T14:05:11Z sam: iso", (utc(2026, 11, 20, 14, 5, 11), "sam", "iso")),
        ("2026-11-20T14:05:11.123+01:00 offset", (utc(2026, 11, 20, 13, 5, 11), "", "offset")),
        ("2026-11-20T14:05:11,5-05:00 west", (utc(2026, 11, 20, 19, 5, 11), "", "west")),
        ("[11/20/2026, 2:05:11 PM] sam: whatsapp", (utc(2026, 11, 20, 14, 5, 11), "sam", "whatsapp")),
        ("[20/11/2026, 14:05] sam: day first", (utc(2026, 11, 20, 14, 5), "sam", "day first")),
        ("12:30 AM sam: just after midnight", (utc(2026, 11, 20, 0, 30), "sam", "just after midnight")),
        (
            "Nov 20 14:05:11 web-1 nginx[22]: timed out",
            (utc(2026, 11, 20, 14, 5, 11), "", "web-1 nginx[22]: timed out"),
        ),
        ("November 20th, 2026 2:05 PM sam: hi", (utc(2026, 11, 20, 14, 5), "sam", "hi")),
        ("21 Nov 2026 09:00 deploy", (utc(2026, 11, 21, 9, 0), "", "deploy")),
        ("\ufeff[14:05] sam: after a byte order mark", (utc(2026, 11, 20, 14, 5), "sam", "after a byte order mark")),
    ],
)
def test_single_line_formats(log: str, expected: tuple[dt.datetime, str, str]) -> None:
    assert read(log) == [expected]


def test_slack_copy_puts_the_name_and_time_above_the_message() -> None:
    log = "Sam Ortega  2:05 PM\nrolled back the deploy\n2:06\nerror rate falling\nLee Chen [2:07 PM]\nconfirmed\n"
    assert read(log) == [
        (utc(2026, 11, 20, 14, 5), "Sam Ortega", "rolled back the deploy"),
        (utc(2026, 11, 20, 14, 6), "Sam Ortega", "error rate falling"),  # same person, same afternoon
        (utc(2026, 11, 20, 14, 7), "Lee Chen", "confirmed"),
    ]


def test_teams_copy_with_time_before_or_after_the_name() -> None:
    log = "Sam Ortega 14:05\nrolled back\n[14:06] Jan de Vries\nconfirmed\n"
    assert read(log) == [
        (utc(2026, 11, 20, 14, 5), "Sam Ortega", "rolled back"),
        (utc(2026, 11, 20, 14, 6), "Jan de Vries", "confirmed"),
    ]


def test_a_time_inside_a_message_line_does_not_start_a_message() -> None:
    log = "[14:05] sam: restarting\nRestarted at 14:09 on all pods\n"
    assert read(log) == [(utc(2026, 11, 20, 14, 5), "sam", "restarting\nRestarted at 14:09 on all pods")]


def test_lines_without_a_timestamp_continue_the_message_above() -> None:
    log = "[14:05] sam: rolled back\nall 24 pods\n\n  still watching\n[14:07] lee: ok"
    entries = read(log)
    assert entries[0][2] == "rolled back\nall 24 pods\nstill watching"
    assert entries[1][2] == "ok"


def test_dateless_times_take_the_incident_date_and_zone() -> None:
    s = session("Asia/Tokyo", "2026-11-12T01:14:05Z")  # 10:14 in Tokyo
    assert read("10:20 kenji: promoted db-3", s) == [
        (dt.datetime(2026, 11, 12, 10, 20, tzinfo=TOKYO).astimezone(dt.UTC), "kenji", "promoted db-3")
    ]


def test_times_without_offset_are_in_the_incident_zone_even_with_a_date() -> None:
    s = session("Europe/London", "2026-07-01T09:00:00Z")  # summer time: London is UTC+1
    assert read("2026-07-01 10:30 sam: hi", s)[0][0] == utc(2026, 7, 1, 9, 30)
    assert read("2026-07-01T10:30:00Z sam: hi", s)[0][0] == utc(2026, 7, 1, 10, 30)


def test_without_started_at_the_first_timeline_entry_gives_the_date() -> None:
    s = session(started_at=None, timeline=[{"id": "t1", "at": "2026-03-04T08:00:00Z", "text": "first"}])
    assert read("09:00 sam: second", s)[0][0] == utc(2026, 3, 4, 9, 0)


def test_no_date_anywhere_is_a_clear_problem() -> None:
    result = parse_chat_log("09:00 sam: hi", session(started_at=None))
    assert result.entries == []
    assert "started_at" in result.problem


def test_a_run_of_times_crossing_midnight_moves_to_the_next_day() -> None:
    s = session("UTC", "2026-11-20T23:30:00Z")
    entries = read("23:58 sam: late\n00:03 sam: past midnight\n00:01 sam: slightly out of order\n", s)
    assert [e[0] for e in entries] == [utc(2026, 11, 20, 23, 58), utc(2026, 11, 21, 0, 3), utc(2026, 11, 21, 0, 1)]


def test_a_dated_line_sets_the_date_for_the_dateless_lines_after_it() -> None:
    entries = read("2026-11-22 09:00 sam: next day\n09:05 sam: still next day")
    assert [e[0] for e in entries] == [utc(2026, 11, 22, 9, 0), utc(2026, 11, 22, 9, 5)]


def test_a_syslog_date_that_does_not_exist_in_the_incident_year_is_reported() -> None:
    result = parse_chat_log("[14:05] sam: ok\nFeb 29 10:00 host: never happened", session())
    assert result.unreadable_lines == [(2, "Feb 29 10:00 host: never happened")]


def test_unreadable_lines_are_reported_with_line_numbers() -> None:
    log = "Slack | #inc-4471\nhere is the log:\n[14:05] sam: rolled back\n[25:70] sam: not a time\n"
    result = parse_chat_log(log, session())
    assert result.unreadable_lines == [
        (1, "Slack | #inc-4471"),
        (2, "here is the log:"),
        (4, "[25:70] sam: not a time"),
    ]
    assert [e["text"] for e in result.entries] == ["rolled back"]


def test_a_time_with_no_message_below_is_reported() -> None:
    result = parse_chat_log("[14:05] sam: ok\n[14:06]\n", session())
    assert [e["text"] for e in result.entries] == ["ok"]
    assert result.unreadable_lines == [(2, "[14:06]")]


def test_entries_already_in_the_timeline_are_skipped() -> None:
    s = session(timeline=[{"id": "t1", "at": "2026-11-20T14:05:00Z", "text": "Rolled  back"}])
    result = parse_chat_log("[14:05] sam: rolled back\n[14:05] sam: rolled back\n[14:06] sam: new", s)
    assert result.skipped_duplicates == 2
    assert [e["text"] for e in result.entries] == ["new"]


def test_same_text_at_another_time_is_not_a_duplicate() -> None:
    s = session(timeline=[{"id": "t1", "at": "2026-11-20T14:05:00Z", "text": "retrying"}])
    assert len(parse_chat_log("[14:06] sam: retrying", s).entries) == 1


def test_kind_option_forces_every_entry_and_guessing_can_be_off() -> None:
    log = "[14:05] sam: paged db\n[14:06] sam: rolled back"
    assert {e["kind"] for e in parse_chat_log(log, session(), kind="communication").entries} == {"communication"}
    assert {e["kind"] for e in parse_chat_log(log, session(), guess=False).entries} == {"note"}


def test_parsed_entries_are_valid_timeline_fields() -> None:
    from pmtui.domain.model import TimelineEvent

    result = parse_chat_log("[14:05] sam: rolled back\n[14:06] ok", session())
    for index, fields in enumerate(result.entries):
        TimelineEvent.model_validate({"id": f"t{index}", **fields})


# --- the command ---------------------------------------------------------------------------


LOG = (
    "pasted from #inc-4471:\n[14:05] sam: rolled back\nall pods\n"
    "[14:12] x: Payments on-call acknowledged the page, 3 minutes after it fired\n"
)


def test_dry_run_prints_and_changes_nothing(
    demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "chat.txt"
    log.write_text(LOG)
    before = demo_copy.read_bytes()
    assert main(["import-timeline", str(demo_copy), str(log), "--dry-run"]) == 1  # 1: a line was unreadable
    out, err = capsys.readouterr()
    assert "Would add 1 timeline entry" in out
    assert "14:05" in out and "[sam] rolled back / all pods" in out
    assert "Skipped 1 already in the timeline" in out
    assert f"{log}:1:" in err and "pasted from" in err
    assert demo_copy.read_bytes() == before


def test_real_run_adds_entries_in_time_order_keeping_comments(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("[14:05] sam: rolled back\n[14:06] lee: paged db team\n"))
    assert main(["import-timeline", str(demo_copy), "-"]) == 0
    assert "Added 2 timeline entries" in capsys.readouterr().out
    _, s, text = load_path(demo_copy)
    times = [e.at for e in s.timeline]
    assert times == sorted(times)
    added = [e for e in s.timeline if e.author in ("sam", "lee")]
    assert [(e.text, e.kind.value) for e in added] == [("rolled back", "mitigated"), ("paged db team", "alert")]
    assert "# Times below are from the config-sync audit log" in text
    assert "\n\n[[timeline]]" in text.split('text = "rolled back"')[1][:40]  # blank line before the next entry
    # Running it again adds nothing.
    monkeypatch.setattr("sys.stdin", io.StringIO("[14:05] sam: rolled back\n[14:06] lee: paged db team\n"))
    assert main(["import-timeline", str(demo_copy), "-"]) == 0
    assert len(load_session_fast(demo_copy).timeline) == len(s.timeline)


def test_broken_session_file_exits_2_and_is_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[incident\n")
    log = tmp_path / "chat.txt"
    log.write_text("[14:05] sam: hi\n")
    assert main(["import-timeline", str(broken), str(log)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(broken) in err
    assert broken.read_text() == "[incident\n"


def test_missing_log_exits_2(demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-timeline", str(demo_copy), str(tmp_path / "nope.txt")]) == 2
    assert "nope.txt: no such file" in capsys.readouterr().err


def test_dry_run_does_not_print_terminal_escapes(demo_copy: Path, tmp_path: Path, capsys) -> None:
    log = tmp_path / "chat.txt"
    log.write_text("\x1b[31mred junk\n[14:05] sam: \x1b]0;title\x07 hi\n")
    main(["import-timeline", str(demo_copy), str(log), "--dry-run"])
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "\\x07 hi" in out and "\\x1b[31mred junk" in err


def test_a_plain_log_line_reads_a_leading_kind_and_refuses_a_near_miss_as_the_entry_line_does() -> None:
    result = parse_chat_log(
        "14:05 alert pager fired\n14:06 alrt pager fired again\n[14:07] sam: alrt stays text", session()
    )
    assert [(e["kind"], e["text"]) for e in result.entries] == [("alert", "pager fired"), ("note", "alrt stays text")]
    [(line_no, shown)] = result.unreadable_lines
    assert line_no == 2 and "unknown kind 'alrt' — did you mean alert?" in shown


def test_import_timeline_names_the_near_miss_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.toml"
    path.write_text('schema_version = 1\n[incident]\ntitle = "T"\nstarted_at = 2026-11-20T14:02:00Z\n')
    log = tmp_path / "log.txt"
    log.write_text("14:05 mitgated rolled back cfg-7731\n")
    assert main(["import-timeline", str(path), str(log)]) == 1
    assert "did you mean mitigated?" in capsys.readouterr().err
    assert "mitgated" not in path.read_text()


def test_a_paste_is_one_change_numbering_ids_after_the_highest_in_time_order(demo_copy: Path) -> None:
    # The CLI and the paste dialog add a pasted log the same way.
    session = load_session_fast(demo_copy)
    result = parse_chat_log("[14:20] sam: scaled up\n[13:00] early note\n[14:21] sam: scaled more", session)
    batch = as_change(session, result.entries)
    assert [(change.id, change.position) for change in batch.changes] == [("t15", 7), ("t16", 0), ("t17", 9)]


def test_one_entry_and_a_paste_go_to_the_same_place_in_time_order(demo_copy: Path) -> None:
    session = load_session_fast(demo_copy)
    timeline = session.timeline
    for at in (timeline[0].at - dt.timedelta(hours=1), timeline[3].at, timeline[-1].at + dt.timedelta(seconds=1)):
        assert insertion_positions(session, [{"at": at}]) == [insert_position(timeline, at)]
    assert insert_position(timeline, timeline[3].at) == 4, "after the entries at the same time"
    assert insert_position(timeline, timeline[-1].at, skip=timeline[-1].id) == len(timeline) - 1
