"""A valid session whose every free-text field is hostile: terminal escapes, C1 controls, bidi overrides, markup.

Unlike tests/hostile_corpus.py (files pmtui must refuse), this file is valid and must open:
its text has to reach every screen, CLI line and export as visible, inert escapes.
`write_hostile_session(folder)` writes it; `FORBIDDEN` lists what must never reach a terminal raw.
"""

from __future__ import annotations

import json
from pathlib import Path

from pmtui.domain.text_safety import json_escaped

CLEAR = "\x1b[2J\x1b[H"
"""CSI: clears the shared screen."""
WINDOW_TITLE = "\x1b]2;pwned-title\x07"
"""OSC 2: sets the terminal's window title (tmux: the pane title)."""
CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
"""OSC 52: writes the clipboard ("echo pwned"); tmux keeps it as a paste buffer."""
HYPERLINK = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
"""OSC 8: a hidden link."""
C1 = "\x9b31mred\x9b0m \x85 \x90q\x9c"
"""C1 controls: a one-byte CSI, NEL, DCS…ST."""
OTHER_C0 = "bell\x07 nul\x00 bs\x08 del\x7f cr\r!"
RTL = "abc\u202eevil\u2066isolated"
"""Bidi override and isolate left open."""
MARKUP = "[@click=app.quit]click me[/] [bold]bold[/bold] [link=https://evil.example]x[/link]"
LONG = "long " * 1200 + CLIPBOARD

HOSTILE = [CLEAR, WINDOW_TITLE, CLIPBOARD, HYPERLINK, C1, OTHER_C0, RTL, MARKUP]
ALL = "".join(HOSTILE)

FORBIDDEN = [
    "\x1b[2J",
    "\x1b]2;",
    "\x1b]52;",
    "\x1b]8;;https://evil",
    "\x07",
    "\x00",
    "\x08",
    "\x7f",
    "\x9b",
    "\x85",
    "\x90",
    "\x9c",
    "\u202e",
    "\u2066",
]
"""Sequences and characters from the file that must not appear raw in anything written to a terminal."""

FILE_NAME = "evil\x1b]2;file-title\x07.toml"
"""A session file name that is itself an escape sequence (for the picker and CLI messages)."""


def toml_string(text: str) -> str:
    """A TOML basic string holding text exactly (JSON's escapes are TOML's; DEL and C1 escaped too)."""
    return json_escaped(json.dumps(text, ensure_ascii=False))


SUMMARY = "Summary line\n" + ALL + "\n" + LONG


def hostile_session_text() -> str:
    """The session: hostile text in the title, summary, roles, every entry, owners, links."""
    s = toml_string
    return f"""\
schema_version = 1

[incident]
title = {s("Checkout " + CLEAR + WINDOW_TITLE + CLIPBOARD + " " + MARKUP)}
severity = "SEV2"
status = "draft"
timezone = "UTC"
started_at = 2026-11-20T14:02:00Z
owner = {s("owner " + C1)}
summary = {s(SUMMARY)}
impact = {s("Impact " + RTL + HYPERLINK)}

[roles]
moderator = {s("Ana" + WINDOW_TITLE)}
notetaker = {s("Ben" + C1)}

[[attendees]]
name = {s("Cy" + CLIPBOARD)}

[meeting]
phase = "timeline"

[[timeline]]
id = "t1"
at = 2026-11-20T14:02:00Z
kind = "impact-start"
text = {s("p99 rose " + CLEAR + MARKUP)}
author = {s("sam" + WINDOW_TITLE)}
source = {s("https://x.example/" + HYPERLINK)}

[[timeline]]
id = "t4"
at = 2026-11-20T14:05:00Z
kind = "alert"
text = {s("paged " + CLIPBOARD + OTHER_C0 + C1 + RTL)}

[[whys]]
id = "y1"
question = {s("Why? " + CLIPBOARD + MARKUP)}
answer = {s("Because " + C1 + WINDOW_TITLE)}
layer = "immediate"

[[went_well]]
id = "g1"
text = {s("well " + CLIPBOARD + RTL)}

[[went_wrong]]
id = "b1"
text = {s("wrong " + CLEAR + OTHER_C0)}

[[lucky]]
id = "l1"
text = {s("lucky " + HYPERLINK + C1)}

[[actions]]
id = "a1"
text = {s("=cmd|' /C calc'!A0 " + CLIPBOARD + MARKUP)}
owner = {s("@owner" + WINDOW_TITLE)}
due = 2026-12-05
kind = "prevention"
priority = "P1"
status = "open"
tracker = {s("https://t.example/1" + C1)}
addresses = ["y1", "b1"]

[[questions]]
id = "q1"
text = {s("question " + CLIPBOARD + RTL)}
answer = {s("answer " + OTHER_C0)}
"""


def write_hostile_session(folder: Path, name: str = "hostile.toml") -> Path:
    """Write the hostile session into folder and return its path."""
    path = folder / name
    path.write_text(hostile_session_text(), encoding="utf-8")
    return path


def raw_found(output: str) -> list[str]:
    """Which forbidden sequences appear raw in some terminal output (empty when it is clean)."""
    return [repr(item) for item in FORBIDDEN if item in output]
