"""A mapped document written as a session file that looks like any other: the template, then the entries."""

from __future__ import annotations

import tomllib
from typing import Any

import tomlkit
from pydantic import ValidationError

from pmtui.changes import to_toml
from pmtui.docimport.mapper import Mapped
from pmtui.model import ENTRY_TYPES, DocumentStatus, Session, Severity
from pmtui.template import new_session_text


def _value(value: Any) -> str:
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


def check_session_text(text: str) -> Session:
    """The session the text holds; a ValueError says why when pmtui produced something invalid (a bug)."""
    try:
        return Session.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"pmtui produced invalid TOML ({error})") from None
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(p) for p in problem["loc"])
        raise ValueError(f"pmtui produced an invalid session ({where}: {problem['msg']})") from None
