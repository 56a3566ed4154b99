"""Turn session file text into a tomlkit document and a validated Session, with clear errors."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import tomlkit
from pydantic import ValidationError
from tomlkit.exceptions import ParseError, TOMLKitError
from tomlkit.toml_document import TOMLDocument

from pmtui.errors import SessionReadError
from pmtui.model import ENTRY_TYPES, Session

MAX_FILE_BYTES = 10 * 1024 * 1024
"""A session is a few hundred KB even with thousands of entries; larger files are refused."""


def read_text(path: Path) -> str:
    """Read a session file as UTF-8 text, or raise SessionReadError saying what is wrong."""
    try:
        if path.is_dir():
            raise SessionReadError(path, "is a folder, not a session file; name a .toml file inside it")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SessionReadError(
                path, f"is {size / 1e6:.0f} MB, too large for a session file (limit {MAX_FILE_BYTES // 10**6} MB)"
            )
        data = path.read_bytes()
    except SessionReadError:
        raise
    except FileNotFoundError:
        raise SessionReadError(path, "no such file; check the path, or create one with `pmtui new`") from None
    except PermissionError:
        raise SessionReadError(path, "permission denied; check the file's permissions") from None
    except OSError as error:
        raise SessionReadError(path, f"cannot be read: {error.strerror or error}") from None
    if not data.strip():
        raise SessionReadError(path, "is empty; create a session with `pmtui new`")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return _raise(path, f"is not UTF-8 text (byte {error.start}); save it as UTF-8", line)


def _raise(path: Path, message: str, line: int | None = None, column: int | None = None) -> Any:
    raise SessionReadError(path, message, line, column)


def parse_document(text: str, path: Path) -> TOMLDocument:
    """Parse TOML text keeping comments and layout; syntax errors name line and column."""
    try:
        return tomlkit.parse(text)
    except ParseError as error:
        message = re.sub(r" at line \d+ col \d+$", "", str(error))
        return _raise(path, f"TOML syntax error: {message}; fix it in an editor", error.line, error.col)
    except TOMLKitError as error:
        return _raise(path, f"TOML error: {error}; fix it in an editor")
    except RecursionError:
        return _raise(path, "tables are nested too deeply to be a session file")


def parse_plain(text: str, path: Path) -> dict[str, Any]:
    """Parse TOML text with the fast standard-library parser (read-only uses)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        message = re.sub(r" \(at .*\)$", "", str(error))
        line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
        return _raise(path, f"TOML syntax error: {message}; fix it in an editor", line, column)
    except RecursionError:
        return _raise(path, "tables are nested too deeply to be a session file")


def validate(data: dict[str, Any], path: Path, text: str = "") -> Session:
    """Validate plain data into a Session; the first problem becomes a SessionReadError."""
    try:
        return Session.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        return _raise(path, describe_error(first, data), *locate(text, first["loc"]))
    except RecursionError:
        return _raise(path, "tables are nested too deeply to be a session file")


def load_text(text: str, path: Path) -> tuple[TOMLDocument, Session]:
    """Parse and validate session text into (document, session)."""
    doc = parse_document(text, path)
    return doc, validate(doc.unwrap(), path, text)


def load_path(path: Path) -> tuple[TOMLDocument, Session, str]:
    """Read, parse and validate a session file: (document, session, text)."""
    text = read_text(path)
    doc, session = load_text(text, path)
    return doc, session, text


def load_session_fast(path: Path) -> Session:
    """Read and validate a session with tomllib: for read-only scans of many files."""
    text = read_text(path)
    return validate(parse_plain(text, path), path, text)


def describe_error(error: Any, data: dict[str, Any]) -> str:
    """Say in words where a validation error is and what is allowed there."""
    loc = tuple(error["loc"])
    where = _where(loc, data)
    message = _what_is_allowed(error)
    field = loc[-1] if loc and isinstance(loc[-1], str) else ""
    if not loc:
        return message
    if error["type"] == "missing":
        return f"{where}: {field} is missing; add it"
    if error["type"] == "extra_forbidden":
        return f"{where}: unknown key {field}"
    value = error.get("input")
    shown = f'"{value}"' if isinstance(value, str) else repr(value)
    if isinstance(value, dict | list) or field == "":
        return f"{where}: {message}"
    return f"{where}: {field} {shown} {message}"


def _where(loc: tuple[Any, ...], data: dict[str, Any]) -> str:
    if len(loc) >= 2 and loc[0] in ENTRY_TYPES | {"attendees": None} and isinstance(loc[1], int):
        section, index = loc[0], loc[1]
        entries = data.get(section)
        entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
        name = entry.get("id") if isinstance(entry, dict) else None
        return f"{section} {name}" if name else f"{section} entry {index + 1}"
    if loc and isinstance(loc[0], str):
        return f"[{loc[0]}]" if len(loc) > 1 else loc[0]
    return "file"


def _what_is_allowed(error: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "enum":
        return f"is not one of {ctx.get('expected', '').replace(chr(39), '')}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind.startswith("datetime") or kind == "timezone_aware":
        return "is not a date and time with an offset, such as 2026-11-20T14:02:00Z"
    if kind.startswith("date"):
        return "is not a date such as 2026-12-05"
    if kind in ("string_type",):
        return 'must be text in quotes, such as "..."'
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "must be a whole number"
    if kind in ("list_type",):
        return 'must be a list such as ["y1", "b2"]'
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "must be a table"
    return str(error["msg"]).removeprefix("Value error, ").lower()


_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?")


def locate(text: str, loc: tuple[Any, ...]) -> tuple[int | None, None]:
    """Best-effort line number for a validation error, found by scanning the text's headers."""
    if not text or not loc or not isinstance(loc[0], str):
        return None, None
    section = loc[0]
    index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
    field = next((part for part in reversed(loc) if isinstance(part, str)), None)
    if field == section:
        field = None
    seen = -1
    in_target = False
    header_line = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line)
        if match:
            in_target = False
            if match.group(1) == section:
                seen += 1
                if index is None or seen == index:
                    in_target, header_line = True, number
            continue
        if in_target and field and re.match(rf"^\s*{re.escape(field)}\s*=", line):
            return number, None
        if header_line is None and index is None and re.match(rf"^\s*{re.escape(section)}\s*=", line):
            return number, None
    return header_line, None
