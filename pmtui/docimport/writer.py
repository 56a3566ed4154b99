"""A mapped document written as a session file that looks like any other: the template, then the entries."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from typing import Any

import tomlkit
from pydantic import ValidationError

from pmtui.docimport.mapper import Mapped
from pmtui.domain.changes import to_toml
from pmtui.domain.model import ENTRY_TYPES, DocumentStatus, Session, Severity
from pmtui.domain.template import new_session_text

_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')


def _value(value: Any) -> str:
    """A TOML value as tomlkit writes it; one-line strings and times formatted directly (a tenth of the cost)."""
    if isinstance(value, str) and "\n" not in value:
        if not _NEEDS_ESCAPE.search(value):
            return f'"{value}"'
        # JSON string escapes are TOML basic-string escapes; TOML also wants DEL escaped.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, dt.datetime) and value.utcoffset() == dt.timedelta(0):
        return value.replace(tzinfo=None).isoformat() + "Z"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return tomlkit.item(to_toml(value)).as_string()


def session_text(mapped: Mapped) -> str:
    """The session file's text: header tables from the template, then attendees and entries in file order."""
    incident = mapped.incident
    text = new_session_text(
        incident.get("title", ""),
        Severity(incident.get("severity", Severity.SEV3)),
        incident.get("started_at"),
        incident.get("timezone", "UTC"),
        incident.get("owner", ""),
        status=DocumentStatus(incident.get("status", DocumentStatus.DRAFT)),
        summary=incident.get("summary", ""),
        impact=incident.get("impact", ""),
        notes=incident.get("notes", ""),
        moderator=mapped.roles.get("moderator", ""),
        notetaker=mapped.roles.get("notetaker", ""),
        timebox_minutes=mapped.meeting.get("timebox_minutes", 30),
    )
    parts = [text]
    for person in mapped.attendees:
        parts.append("\n[[attendees]]\n" + "".join(f"{k} = {_value(v)}\n" for k, v in person.items() if v))
    for section in ENTRY_TYPES:
        for entry in mapped.entries.get(section, ()):
            lines = [f"{key} = {_value(value)}\n" for key, value in entry.items() if value not in (None, "", [])]
            parts.append(f"\n[[{section}]]\n" + "".join(lines))
    return "".join(parts)


def check_mapped(mapped: Mapped) -> Session:
    """The session the written file will hold, validated from the same values the writer writes.

    The TOML itself is valid by construction (keys are fixed names; strings are JSON-escaped, which
    is TOML's basic-string escaping, or written by tomlkit); tests parse the written files with
    tomllib, hostile text included. Re-parsing every file here would double the time of a folder import.
    A ValueError says why when pmtui produced something invalid (a bug).
    """
    incident = {k: v for k, v in mapped.incident.items() if v not in (None, "")}
    data: dict[str, Any] = {
        "incident": incident,
        "roles": mapped.roles,
        "attendees": mapped.attendees,
        "meeting": {"timebox_minutes": mapped.meeting.get("timebox_minutes", 30)},
    }
    for section in ENTRY_TYPES:
        entries = mapped.entries.get(section)
        if entries:
            data[section] = [{k: v for k, v in e.items() if v not in (None, "", [])} for e in entries]
    try:
        return Session.model_validate(data)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(p) for p in problem["loc"])
        raise ValueError(f"pmtui produced an invalid session ({where}: {problem['msg']})") from None


def check_session_text(text: str) -> Session:
    """The session a written text holds, parsed as any reader would (tests use it on written files)."""
    return Session.model_validate(tomllib.loads(text))
