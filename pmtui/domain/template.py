"""The text of a fresh session file, with short guiding comments for people editing by hand."""

from __future__ import annotations

import datetime as dt

import tomlkit

from pmtui.domain.changes import to_toml
from pmtui.domain.model import SCHEMA_VERSION, DocumentStatus, Severity


def new_session_text(
    title: str,
    severity: Severity = Severity.SEV3,
    started_at: dt.datetime | None = None,
    timezone: str = "UTC",
    owner: str = "",
    *,
    status: DocumentStatus = DocumentStatus.DRAFT,
    summary: str = "",
    impact: str = "",
    notes: str = "",
    moderator: str = "",
    notetaker: str = "",
    timebox_minutes: int = 30,
) -> str:
    """A session file ready to fill in: every section present, each with a hint.

    The keyword fields are for sessions made from something else (`pmtui import`); a fresh
    session leaves them at their defaults.
    """

    def q(value: str) -> str:  # a TOML string literal, escaped (multi-line text as a multi-line string)
        if value.isprintable() and '"' not in value and "\\" not in value:
            return f'"{value}"'  # what tomlkit writes, without its cost (an import writes thousands)
        literal: str = tomlkit.item(to_toml(value)).as_string()
        return literal

    def kv(key: str, value: str, comment: str) -> str:  # comments lined up, as a person would
        line = f"{key} = {value}"
        return (line if "\n" in value else line.ljust(34)) + f" # {comment}"

    started = (
        kv("started_at", tomlkit.item(started_at).as_string(), "when impact began")
        if started_at
        else "# started_at = 2026-11-20T14:02:00Z  # when impact began, with an offset"
    )
    notes_line = kv("notes", q(notes), "root cause, trigger, background: narrative without a field") + "\n"
    notes_line = notes_line if notes else ""
    return f"""# Postmortem — safe to edit by hand. Times are offset date-times, dates are dates.
# Blameless: describe the system and the process, not people.
schema_version = {SCHEMA_VERSION}

[incident]
title = {q(title)}
{kv("severity", q(severity.value), "SEV1 (worst) .. SEV5")}
{kv("status", q(status.value), "draft | in-review | published")}
{kv("timezone", q(timezone), "IANA name used to show and enter times")}
{started}
{kv("owner", q(owner), "the incident owner who prepares the document")}
{kv("summary", q(summary), "one paragraph: what happened, its impact, when")}
{kv("impact", q(impact), "who and what was affected, with numbers")}
{notes_line}
[roles]
{kv("moderator", q(moderator), "runs the meeting; must not be the notetaker")}
{kv("notetaker", q(notetaker), "types the notes")}

[meeting]
phase = "summary"                  # summary | timeline | went-well | went-wrong | whys | actions | wrap-up
timebox_minutes = {timebox_minutes}

# Sections filled during the meeting, each a list of tables with a unique, stable id:
# [[attendees]] name, role
# [[timeline]] id, at, kind, text, source  — kinds: impact-start, detected, alert, acknowledged,
#   action, action-done, realization, communication, mitigated, impact-end, resolved, note
# [[whys]] id, question, answer, layer (immediate | precondition | underlying)
# [[went_well]], [[went_wrong]], [[lucky]] id, text
# [[actions]] id, text, owner, due, kind, priority, status, addresses, tracker
# [[questions]] id, text, answer
"""
