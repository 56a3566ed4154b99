"""The action quick syntax: one typed line to an action's fields, with clear problems."""

from __future__ import annotations

import datetime as dt

import pytest

from pmtui.domain.action_entry import (
    describe,
    id_ranges,
    parse_action,
    parse_due,
    parse_kind,
    relative_day,
    resolve_owner,
    to_quick_syntax,
)
from pmtui.domain.model import ActionItem, ActionKind, Attendee, Priority, Roles, Session
from pmtui.resources import DEMO_SESSION
from pmtui.storage.parsing import load_session_fast

TODAY = dt.date(2026, 11, 23)  # a Monday


@pytest.fixture(scope="module")
def session() -> Session:
    return load_session_fast(DEMO_SESSION)


def test_the_example_line_from_the_readme(session: Session) -> None:
    line = "Add alert on 5xx > 2% for 3 min @priya due:2026-12-05 #detection !P1 ->y3,b1 tracker:PAY-1432"
    parsed = parse_action(line, session, TODAY)
    assert parsed.problems == []
    assert parsed.fields == {
        "text": "Add alert on 5xx > 2% for 3 min",
        "owner": "Priya Natarajan",
        "due": dt.date(2026, 12, 5),
        "kind": ActionKind.DETECTION,
        "priority": Priority.P1,
        "addresses": ["y3", "b1"],
        "tracker": "PAY-1432",
    }


def test_markers_anywhere_and_plain_text_alone(session: Session) -> None:
    parsed = parse_action("!p2 Fix the runbook link #docs @lee", session, TODAY)
    assert parsed.ok
    assert parsed.fields == {
        "text": "Fix the runbook link",
        "owner": "Lee Chen",
        "kind": ActionKind.DOCUMENTATION,
        "priority": Priority.P2,
    }
    assert parse_action("  Just   a  sentence ", session, TODAY).fields == {"text": "Just a sentence"}


@pytest.mark.parametrize(
    ("typed", "owner"),
    [
        ("priya", "Priya Natarajan"),
        ("PRIYA", "Priya Natarajan"),
        ("natarajan", "Priya Natarajan"),
        ('"priya natarajan"', "Priya Natarajan"),
        ("Priya_Natarajan", "Priya Natarajan"),
        ("am", "Amara Okafor"),  # start of a name
        ("moderator", "Sam Ortega"),  # the roles table
        ("sre", "Sam Ortega"),  # an attendee's role
        ("support", "Jonas Weber"),
        ('"Dana Fox"', "Dana Fox"),  # not in the meeting: kept as typed
        ("dana_fox", "dana fox"),
    ],
)
def test_owner_expands_to_the_one_person_it_can_mean(session: Session, typed: str, owner: str) -> None:
    parsed = parse_action(f"Do it @{typed}", session, TODAY)
    assert parsed.problems == []
    assert parsed.fields["owner"] == owner


def test_an_ambiguous_owner_is_a_problem_naming_the_candidates() -> None:
    session = Session(attendees=[Attendee(name="Sam Ortega"), Attendee(name="Sam Lee")], roles=Roles())
    parsed = parse_action("Do it @sam", session, TODAY)
    assert len(parsed.problems) == 1
    assert "Sam Ortega or Sam Lee" in parsed.problems[0]
    assert '@"Sam Ortega"' in parsed.problems[0]
    assert resolve_owner("ortega", session) == ("Sam Ortega", None)


def test_owner_without_a_session_is_kept_as_typed() -> None:
    assert parse_action("Do it @Priya_Natarajan").fields["owner"] == "Priya Natarajan"


@pytest.mark.parametrize(
    ("typed", "due"),
    [
        ("2026-12-05", dt.date(2026, 12, 5)),
        ("2027-1-3", dt.date(2027, 1, 3)),
        ("12-05", dt.date(2026, 12, 5)),
        ("11-23", dt.date(2026, 11, 23)),  # today is still this year
        ("11-20", dt.date(2027, 11, 20)),  # already past: next year
        ("today", TODAY),
        ("tomorrow", dt.date(2026, 11, 24)),
        ("+7d", dt.date(2026, 11, 30)),
        ("+2w", dt.date(2026, 12, 7)),
        ("+10", dt.date(2026, 12, 3)),
        ("fri", dt.date(2026, 11, 27)),
        ("Friday", dt.date(2026, 11, 27)),
        ("mon", dt.date(2026, 11, 30)),  # said on a Monday: next week's
        ("tue", dt.date(2026, 11, 24)),
    ],
)
def test_due_dates_in_friendly_forms(typed: str, due: dt.date) -> None:
    assert parse_due(typed, TODAY) == due
    assert parse_action(f"Do it due:{typed}", today=TODAY).fields["due"] == due


def test_feb_29_month_day_finds_the_next_leap_year_or_says_no() -> None:
    assert parse_due("02-29", dt.date(2027, 3, 1)) == dt.date(2028, 2, 29)
    with pytest.raises(ValueError, match="not a date in the calendar"):
        parse_due("02-30", TODAY)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2026-13-45", "not a date in the calendar"),
        ("soon", "is not a date; write YYYY-MM-DD"),
        ("", "due date is empty"),
        ("+3m", "is not a date"),
        ("05/12/2026", "is not a date"),
    ],
)
def test_bad_due_dates_are_problems_that_say_what_to_write(typed: str, message: str) -> None:
    parsed = parse_action(f"Do it due:{typed}", today=TODAY)
    assert "due" not in parsed.fields
    assert parsed.fields["text"] == "Do it"
    assert len(parsed.problems) == 1
    assert message in parsed.problems[0]
    assert parsed.problems[0].startswith("due: ")


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("prevention", ActionKind.PREVENTION),
        ("Detection", ActionKind.DETECTION),
        ("ack", ActionKind.ACKNOWLEDGEMENT),
        ("acknowledgement", ActionKind.ACKNOWLEDGEMENT),
        ("mitigation", ActionKind.MITIGATION),
        ("comms", ActionKind.COMMUNICATION),
        ("docs", ActionKind.DOCUMENTATION),
        ("prev", ActionKind.PREVENTION),
        ("m", ActionKind.MITIGATION),
    ],
)
def test_kinds_and_their_short_names(typed: str, kind: ActionKind) -> None:
    assert parse_kind(typed) == kind


def test_unknown_and_ambiguous_kinds_are_problems() -> None:
    parsed = parse_action("Tell #payments about it", today=TODAY)
    assert "kind" not in parsed.fields
    assert parsed.problems and 'unknown kind "#payments"' in parsed.problems[0]
    assert "#prevention, #detection, #ack, #mitigation, #comms or #docs" in parsed.problems[0]
    assert "\\#payments" in parsed.problems[0]
    # "d" starts both detection and documentation
    assert "detection or documentation" in parse_action("x #d").problems[0]


def test_hash_numbers_and_escaped_markers_stay_text() -> None:
    parsed = parse_action(r"Revert PR #2291 and ping \#payments \@oncall \!now", today=TODAY)
    assert parsed.ok
    assert parsed.fields == {"text": "Revert PR #2291 and ping #payments @oncall !now"}


@pytest.mark.parametrize(("typed", "priority"), [("!P1", Priority.P1), ("!p3", Priority.P3), ("!2", Priority.P2)])
def test_priority(typed: str, priority: Priority) -> None:
    assert parse_action(f"x {typed}").fields["priority"] == priority


def test_bad_priority_is_a_problem() -> None:
    parsed = parse_action("x !P4")
    assert "priority" not in parsed.fields
    assert parsed.problems == ['priority "!P4" is not one of !P1, !P2, !P3 (write \\!P4 to keep it as text)']


def test_addresses_checked_against_whys_and_went_wrong(session: Session) -> None:
    parsed = parse_action("x ->y3,b1,y3 ->b2", session, TODAY)
    assert parsed.ok
    assert parsed.fields["addresses"] == ["y3", "b1", "b2"]

    parsed = parse_action("x ->y3,y99,t4,g1", session, TODAY)
    assert parsed.fields["addresses"] == ["y3"]
    assert len(parsed.problems) == 3
    assert parsed.problems[0] == "no why or went-wrong entry has the id y99 (known: y1–y6, b1–b3)"
    assert parsed.problems[1] == "t4 is a timeline entry; an action can address only whys and went-wrong entries"
    assert parsed.problems[2] == "g1 is a went-well entry; an action can address only whys and went-wrong entries"

    assert parse_action("x ->", session, TODAY).problems == [
        "-> needs the ids of whys or went-wrong entries, e.g. ->y3,b1"
    ]


def test_tracker_and_empty_tracker() -> None:
    assert (
        parse_action("x tracker:https://jira.example.com/PAY-1").fields["tracker"] == "https://jira.example.com/PAY-1"
    )
    assert parse_action("x tracker:").problems == ["tracker: needs a ticket key or URL, e.g. tracker:PAY-1432"]


def test_text_is_required() -> None:
    parsed = parse_action("@priya due:fri", today=TODAY)
    assert parsed.fields == {"owner": "priya", "due": dt.date(2026, 11, 27)}
    assert parsed.problems == [
        "the action needs a text saying what will change, besides its @owner, due: and other markers"
    ]


def test_a_marker_given_twice_with_different_values_is_a_problem() -> None:
    parsed = parse_action("x due:fri due:mon", today=TODAY)
    assert parsed.problems == ["due: is given twice; keep one"]
    assert parse_action("x #ack #ack").ok


def test_unclosed_quote_and_bare_at() -> None:
    parsed = parse_action('x @"Priya Natarajan', today=TODAY)
    assert parsed.fields["owner"] == "Priya Natarajan"
    assert "no closing quote" in parsed.problems[0]
    assert "needs a name" in parse_action('x @""').problems[0]
    assert parse_action("email alice@example.com @ noon").fields == {"text": "email alice@example.com @ noon"}


def test_every_demo_action_round_trips_through_the_quick_syntax(session: Session) -> None:
    for action in session.actions:
        line = to_quick_syntax(action)
        parsed = parse_action(line, session, TODAY)
        assert parsed.ok, (line, parsed.problems)
        for key in ("text", "owner", "due", "kind", "priority", "addresses", "tracker"):
            assert parsed.fields.get(key) == (getattr(action, key) or None), key


def test_text_that_looks_like_markers_round_trips() -> None:
    action = ActionItem(id="a1", text="Ping @oncall in #payments !urgent -> tracker: due:soon \\back")
    parsed = parse_action(to_quick_syntax(action))
    assert parsed.ok, parsed.problems
    assert parsed.fields["text"] == action.text


def test_id_ranges_keep_messages_short() -> None:
    assert id_ranges({"y1", "y2", "y3", "y5", "y10", "b1", "b2", "y03", "x-1"}) == "y1–y3, y03, y5, y10, b1, b2, x-1"
    assert id_ranges(set()) == ""


def test_describe_reads_back_what_was_understood(session: Session) -> None:
    parsed = parse_action("x @priya due:fri #ack !1 ->y3 tracker:K-1", session, TODAY)
    assert describe(parsed.fields) == (
        "owner Priya Natarajan · due 2026-11-27 (Fri) · acknowledgement · P1 · addresses y3 · tracker K-1"
    )
    assert describe(parsed.fields, TODAY).startswith("owner Priya Natarajan · due 2026-11-27 (Fri, in 4 days) ·")
    assert [relative_day(TODAY + dt.timedelta(days=n), TODAY) for n in (-3, -1, 0, 1, 9)] == [
        "3 days ago",
        "yesterday",
        "today",
        "tomorrow",
        "in 9 days",
    ]


def test_the_quick_syntax_imports_without_textual() -> None:
    import subprocess
    import sys

    code = "import sys, pmtui.domain.action_entry; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
