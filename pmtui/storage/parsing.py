"""Turn session file text into a tomlkit document and a validated Session, with clear errors."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any, NoReturn

import tomlkit
from pydantic import ValidationError
from tomlkit.exceptions import ParseError, TOMLKitError
from tomlkit.toml_document import TOMLDocument

from pmtui.domain.errors import SessionReadError
from pmtui.domain.model import ENTRY_TYPES, Session
from pmtui.storage.files import Expected, read_regular

MAX_FILE_BYTES = 10 * 1024 * 1024
"""A session is a few hundred KB even with thousands of entries; larger files are refused."""


MAX_DEPTH = 32
"""A session nests three levels deep; far deeper nesting is a broken or hostile file."""


SESSION_FILE = Expected(
    noun="a session file",
    limit=MAX_FILE_BYTES,
    folder="is a folder, not a session file; name a .toml file inside it",
    not_regular="name a session .toml file",
    missing="check the path, or create one with `pmtui new`",
)


def read_text(path: Path) -> str:
    """Read a session file as UTF-8 text, or raise SessionReadError saying what is wrong."""
    data = read_regular(path, SESSION_FILE)
    if not data.strip():
        raise SessionReadError(path, "is empty; create a session with `pmtui new`")
    if data.startswith(BOM):
        raise SessionReadError(path, "starts with a byte order mark (BOM); save it as UTF-8 without BOM", 1, 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        _raise(path, f"is not UTF-8 text (byte {error.start}); save it as UTF-8", line)


BOM = b"\xef\xbb\xbf"


def _raise(path: Path, message: str, line: int | None = None, column: int | None = None) -> NoReturn:
    raise SessionReadError(path, message, line, column)


def parse_document(text: str, path: Path) -> TOMLDocument:
    """Parse TOML text keeping comments and layout; syntax errors name line and column."""
    try:
        return tomlkit.parse(text)
    except ParseError as error:
        message = re.sub(r" at line \d+ col \d+$", "", str(error))
        # tomlkit counts columns from 0; editors and tomllib count from 1.
        _raise(path, f"TOML syntax error: {message}; fix it in an editor", error.line, error.col + 1)
    except TOMLKitError as error:
        _raise(path, f"TOML error: {error}; fix it in an editor")
    except RecursionError:
        _raise(path, "tables are nested too deeply to be a session file")


_DEEP_KEY = re.compile(rf"^[ \t]*\[*[ \t]*(?:[A-Za-z0-9_-]+[ \t]*\.[ \t]*){{{MAX_DEPTH}}}", re.MULTILINE)


def parse_plain(text: str, path: Path) -> dict[str, Any]:
    """Parse TOML text with the fast standard-library parser (read-only uses)."""
    if match := _DEEP_KEY.search(text):
        # tomllib needs seconds for a key with thousands of dotted parts; no session has one.
        at_line = text.count("\n", 0, match.start()) + 1
        _raise(path, f"a key has more than {MAX_DEPTH} dotted parts; not a session file", at_line, 1)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        message = _friendlier(re.sub(r" \(at .*\)$", "", str(error)))
        line: int | None
        column: int | None
        line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
        if "(at end of document)" in str(error):
            line, message = max(1, len(text.splitlines())), f"{message} at the end of the file"
        elif message.startswith("Expected newline or end of document"):
            # tomllib gives up on "2026-13-01T…" without saying why; tomlkit names the bad date.
            try:
                tomlkit.parse(text)
            except ParseError as kit_error:
                if "date" in str(kit_error).lower() or "time" in str(kit_error).lower():
                    message = re.sub(r" at line \d+ col \d+$", "", str(kit_error))
                    line, column = kit_error.line, kit_error.col + 1
            except Exception:  # only a better wording is at stake
                pass
        _raise(path, f"TOML syntax error: {message}; fix it in an editor", line, column)
    except RecursionError:
        _raise(path, "tables are nested too deeply to be a session file")


def _friendlier(message: str) -> str:
    """tomllib's wording, with Python tuples turned into TOML table names."""
    message = re.sub(
        r"\(((?:'[^']*',?\s*)+)\)", lambda m: "[" + ".".join(re.findall(r"'([^']*)'", m.group(1))) + "]", message
    )
    message = re.sub(r"^Cannot declare (\S+) twice$", r"table \1 is declared twice", message)
    return message.replace("Cannot overwrite a value", "a key is set twice, or a table is redefined")


def _too_deep(data: Any) -> bool:
    stack = [(data, 0)]
    while stack:  # iterative: 10,000 levels must not hit the recursion limit
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return False


def validate(data: dict[str, Any], path: Path, text: str = "") -> Session:
    """Validate plain data into a Session; the first problem becomes a SessionReadError."""
    if _too_deep(data):
        _raise(path, f"tables or lists are nested more than {MAX_DEPTH} levels deep; not a session file")
    try:
        return Session.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        _raise(path, describe_error(first, data), *locate(text, first["loc"]))
    except RecursionError:
        _raise(path, "tables are nested too deeply to be a session file")


def load_text(text: str, path: Path) -> tuple[TOMLDocument, Session]:
    """Parse and validate session text into (document, session)."""
    # tomllib first: it enforces TOML 1.0 where tomlkit is lenient (trailing commas and newlines
    # in inline tables), so the app, `check` and every other TOML tool agree on what is valid.
    data = parse_plain(text, path)
    doc = parse_document(text, path)
    return doc, validate(data, path, text)


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
    if field == "[key]" and len(loc) >= 3:  # a bad key in a table such as meeting.timeboxes
        field = f"{loc[-3]} key"
    if not loc:
        return message
    if error["type"] == "missing":
        return f"{where}: {field} is missing; add it"
    if error["type"] == "extra_forbidden":
        return f"{where}: unknown key {field}"
    value = error.get("input")
    shown = _as_toml(value)
    if isinstance(value, dict | list) or field == "":
        return f"{where}: {message}"
    if isinstance(value, str) and shown in message:  # the validator already quotes the value
        shown = ""
    if type(value) is dt.date and "offset" in message:
        message = "is a date without a time; write a date and time with an offset, such as 2026-11-20T14:02:00Z"
    prefix = "" if where == field else f"{where}: "  # a top-level key such as schema_version
    return f"{prefix}{field} {shown} {message}".replace("  ", " ")


def _as_toml(value: Any) -> str:
    """A value the way it looks in the file, not as a Python repr."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.time):  # datetime is a date too
        return value.isoformat()
    return repr(value)


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
        return "must be a whole number such as 30, without quotes"
    if kind in ("float_type", "float_parsing", "finite_number"):
        return "must be a number such as 4.5, without quotes"
    if kind == "string_pattern_mismatch":
        return "may only use letters, digits, '.', '_' and '-'"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is longer than {ctx.get('max_length')} characters"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        return f"must be at {'least' if kind == 'greater_than_equal' else 'most'} {bound}"
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
