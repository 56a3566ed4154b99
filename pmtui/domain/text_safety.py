"""Text from a session, a pasted log or a file name is data: one rule makes its control characters inert.

Session files come from colleagues, chat logs and git. A title holding `ESC ] 52 ; …` would
write the terminal's clipboard, `ESC [ 2 J` would blank the shared screen. Every path from
such text to a terminal (the app's widgets, toasts and titles, every CLI line, exports) goes
through `visible()`, which replaces each dangerous character by a visible, inert escape:

- C0 controls except tab and newline (U+0000–U+001F), DEL (U+007F) and C1 controls
  (U+0080–U+009F) become `\\xNN`, e.g. ESC -> `\\x1b`, BEL -> `\\x07`, CSI -> `\\x9b`;
- bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder what follows
  them on screen, become `\\uNNNN`, e.g. RIGHT-TO-LEFT OVERRIDE -> `\\u202e`.

A carriage return just before a newline is a Windows line ending and is dropped, so a pasted
CRLF log reads as lines; a lone one is shown (`\\x0d`), since it could overwrite a line.
The replacements are plain ASCII and look like what a hand edit of the TOML file can search
for. The file itself is never rewritten: this is for showing text, not storing it. Editors
(Input, TextArea) hold a field's stored value as it is; the app's line filter
(pmtui/ui/widgets/inert_text.py) shows its controls with the same escapes, and a form saved
without touching a field keeps the value byte for byte.
"""

from __future__ import annotations

import re

# One pattern, one place: what is replaced on a terminal and what `pmtui check` warns about.
_C0_C1 = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_BIDI = "\u202a-\u202e\u2066-\u2069"
CONTROL = re.compile(f"[{_C0_C1}{_BIDI}]")
_SHOWN = re.compile(f"\r(?=\n)|[{_C0_C1}{_BIDI}]")
_SHOWN_KEEP_BIDI = re.compile(f"\r(?=\n)|[{_C0_C1}]")


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch == "\r" and match.string.startswith("\n", match.end()):
        return ""  # CRLF: a line ending
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, bidi: bool = True) -> str:
    """The text with control characters and bidi overrides shown as visible escapes (`\\x1b`, `\\u202e`).

    bidi=False leaves bidi overrides as they are, for documents that close them instead
    (`close_bidi`): an exported page in Hebrew or Arabic may use them on purpose.
    """
    if not CONTROL.search(text):
        return text  # the common case costs one scan
    return (_SHOWN if bidi else _SHOWN_KEEP_BIDI).sub(_escape, text)


def visible_line(text: str) -> str:
    """Like `visible`, for a place that shows one line: newlines and tabs become spaces too."""
    return visible(text).replace("\r\n", " ").replace("\n", " ").replace("\t", " ")


def control_characters(text: str) -> list[str]:
    """The distinct control characters in a text as `U+001B`, in order of first appearance."""
    found: dict[str, None] = {}
    for match in CONTROL.finditer(text):
        found.setdefault(f"U+{ord(match.group()):04X}", None)
    return list(found)


def json_escaped(text: str) -> str:
    """JSON text with every control character escaped (`\\u009b`), not only the C0 ones json.dumps escapes.

    json.dumps(ensure_ascii=False) leaves DEL, C1 and bidi controls raw. In JSON they can only
    stand inside strings, so escaping them keeps the data exactly while the file stays inert.
    """
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
            "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}  # fmt: skip
_CLOSERS = {"\u202c", "\u2069"}


def close_bidi(text: str) -> str:
    """Close any right-to-left override or isolate a text leaves open, so it cannot flip what follows.

    The text's own characters are kept (U+202E and all); only the missing closing marks are
    appended, which are invisible. Without this, "abc\u202e" reverses the rest of a table row.
    """
    if not any(ch in _OPENERS for ch in text):
        return text
    stack: list[str] = []
    for ch in text:
        if ch in _OPENERS:
            stack.append(_OPENERS[ch])
        elif ch in _CLOSERS and ch in stack:
            # A closer ends the most recent opener of its kind and everything opened after it.
            while stack and stack.pop() != ch:
                pass
    return text + "".join(reversed(stack))


def for_document(text: str) -> str:
    """Text for an exported document (Markdown, HTML): controls shown as escapes, bidi overrides closed."""
    return close_bidi(visible(text, bidi=False))
