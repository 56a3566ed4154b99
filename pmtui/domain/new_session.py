"""What a new session starts from: the machine's time zone, a start time typed in the chosen zone, the roles.

Shared by the picker's New session dialog and `pmtui new`, so both ask the same things the same way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pmtui.domain.model import Severity
from pmtui.domain.template import new_session_text
from pmtui.domain.time_entry import TimeContext, TimeEntryError, parse_time

START_HINT = "e.g. 2026-11-20 14:02, 14:02 (today), now or -2h"


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def machine_zone_name() -> str:
    """The machine's IANA time zone name ($TZ, else /etc/localtime's target, else /etc/timezone), or "UTC"."""
    candidates = [os.environ.get("TZ", "").removeprefix(":")]
    with contextlib.suppress(OSError):
        candidates.append(os.readlink("/etc/localtime").partition("zoneinfo/")[2])
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    return next((name for name in candidates if _zone(name) is not None), "UTC")


def zone_problem(name: str) -> str:
    """Why `name` is not a usable time zone, or ""."""
    return "" if _zone(name) is not None else f'"{name}" is not an IANA time zone name such as Europe/London or UTC'


def start_text(now: dt.datetime, zone: str) -> str:
    """The default start time, as it is typed: now in the zone, to the minute."""
    tz = _zone(zone) or dt.UTC
    return f"{now.astimezone(tz):%Y-%m-%d %H:%M}"


def parse_start(text: str, zone: str, now: dt.datetime) -> dt.datetime:
    """Read the start time typed in `zone` (empty means now); raises ValueError with a sentence."""
    tz = _zone(zone)
    if tz is None:
        raise ValueError(zone_problem(zone))
    if not text.strip():
        return now.astimezone(dt.UTC).replace(second=0, microsecond=0)
    try:
        return parse_time(text, TimeContext(tz, None, now, now.astimezone(tz).date()))
    except TimeEntryError:
        # The timeline's own message talks of entries; this one says what a start time looks like.
        raise ValueError(
            f'"{text.strip()}" is not a time; type the start as {START_HINT.removeprefix("e.g. ")}'
        ) from None


@dataclass(frozen=True)
class NewSession:
    """The answers of the New session dialog (and of `pmtui new`)."""

    title: str
    severity: Severity = Severity.SEV3
    started_at: dt.datetime | None = None
    timezone: str = "UTC"
    owner: str = ""
    moderator: str = ""
    notetaker: str = ""

    def problem(self) -> str:
        """What must be fixed before the file can be written, or ""."""
        if not self.title.strip():
            return "Give the incident a title."
        if zone_problem(self.timezone):
            return zone_problem(self.timezone) + "."
        mod, note = " ".join(self.moderator.split()), " ".join(self.notetaker.split())
        if mod and mod.casefold() == note.casefold():
            return f"{mod} cannot be both moderator and notetaker; ask someone else to take notes."
        return ""

    def text(self) -> str:
        """The new file's text, from the template."""
        return new_session_text(
            self.title.strip(), self.severity, self.started_at, self.timezone, self.owner.strip(),
            moderator=self.moderator.strip(), notetaker=self.notetaker.strip(),
        )  # fmt: skip
