"""The text of a fresh session file, with short guiding comments for people editing by hand."""

from __future__ import annotations

import datetime as dt

import tomlkit

from pmtui.model import SCHEMA_VERSION, Severity


def new_session_text(
    title: str,
    severity: Severity = Severity.SEV3,
    started_at: dt.datetime | None = None,
    timezone: str = "UTC",
    owner: str = "",
    *,
    moderator: str = "",
    notetaker: str = "",
) -> str:
    """A session file ready to fill in: every section present, each with a hint."""

    def q(value: str) -> str:  # a TOML string literal, escaped
        return tomlkit.string(value).as_string()

    def kv(key: str, value: str, comment: str) -> str:  # comments lined up, as a person would
        return f"{key} = {value}".ljust(34) + f" # {comment}"

    started = (
        kv("started_at", tomlkit.item(started_at).as_string(), "when impact began")
        if started_at
        else "# started_at = 2026-11-20T14:02:00Z  # when impact began, with an offset"
    )
    return f"""# Postmortem — safe to edit by hand. Times are offset date-times, dates are dates.
# Blameless: describe the system and the process, not people.
schema_version = {SCHEMA_VERSION}

[incident]
title = {q(title)}
{kv("severity", q(severity.value), "SEV1 (worst) .. SEV5")}
{kv("status", '"draft"', "draft | in-review | published")}
{kv("timezone", q(timezone), "IANA name used to show and enter times")}
{started}
{kv("owner", q(owner), "the incident owner who prepares the document")}
{kv("summary", '""', "one paragraph: what happened, its impact, when")}
{kv("impact", '""', "who and what was affected, with numbers")}

[roles]
{kv("moderator", q(moderator), "runs the meeting; must not be the notetaker")}
{kv("notetaker", q(notetaker), "types the notes")}

[meeting]
phase = "summary"                  # summary | timeline | went-well | went-wrong | whys | actions | wrap-up
timebox_minutes = 30

# Sections filled during the meeting, each a list of tables with a unique, stable id:
# [[attendees]] name, role
# [[timeline]] id, at, kind, text, source  — kinds: impact-start, detected, alert, acknowledged,
#   action, action-done, realization, communication, mitigated, impact-end, resolved, note
# [[whys]] id, question, answer, layer (immediate | precondition | underlying)
# [[went_well]], [[went_wrong]], [[lucky]] id, text
# [[actions]] id, text, owner, due, kind, priority, status, addresses, tracker
# [[questions]] id, text, answer
"""
