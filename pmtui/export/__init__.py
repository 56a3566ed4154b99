"""Export a session to Markdown, HTML, JSON or CSV: one pure function per format, `session -> str`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pmtui.domain.model import Session
from pmtui.export import csv_export, html, json_export, markdown


@dataclass(frozen=True)
class Format:
    """An export format: its name, file extension, a label for menus, and its renderer."""

    name: str
    extension: str
    label: str
    render: Callable[[Session], str]
    dated: Callable[[Session, dt.date | None], str] | None = None
    """The renderer that marks overdue actions as of a date (Markdown and HTML)."""


FORMATS: dict[str, Format] = {
    "md": Format("md", ".md", "Markdown (postmortem document)", markdown.render, markdown.render),
    "html": Format("html", ".html", "HTML (one printable page)", html.render, html.render),
    "json": Format("json", ".json", "JSON (the whole session)", json_export.render),
    "csv": Format("csv", ".csv", "CSV (action items for a tracker)", csv_export.render),
}
"""Every export format by name, in menu order."""


def export(session: Session, fmt: str, today: dt.date | None = None) -> str:
    """Render a session in a format named in FORMATS; raises KeyError for an unknown name.

    Markdown and HTML mark the actions overdue on `today` (default: today in the incident's zone).
    """
    chosen = FORMATS[fmt]
    return chosen.dated(session, today) if chosen.dated is not None else chosen.render(session)


def default_path(session_path: Path, fmt: str) -> Path:
    """Where to write an export when the user names no file: beside the session.

    `.export` in the name keeps it from overwriting a hand-written `incident.md` next to `incident.toml`.
    """
    return session_path.with_name(f"{session_path.stem}.export{FORMATS[fmt].extension}")
