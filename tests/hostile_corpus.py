"""Broken and malicious session files, built into a folder at test time (never committed).

`CORPUS` is a list of `HostileCase`s; `case.build(tmp_path)` creates the file (or folder, FIFO,
symlink…) and returns the path to hand to pmtui. Any test that reads session files — `check`,
`export`, the app — can parametrise over it:

    @pytest.mark.parametrize("case", CORPUS, ids=case_id)
    def test_export_refuses(case, tmp_path): path = case.build(tmp_path) ...

`expect` is a fragment the one-line error must contain (besides the file name), so a test can tell
"refused for the right reason" from "refused somehow".

Valid files whose text is hostile (terminal escapes, C1 controls, bidi overrides, markup) are in
tests/hostile_text.py: pmtui must open those and show their text inert.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

VALID = """\
# A small valid session that the broken cases below start from.
schema_version = 1

[incident]
title = "Checkout errors for 12 minutes"
severity = "SEV2"
status = "draft"
timezone = "UTC"
started_at = 2026-11-20T14:02:00Z

[roles]
moderator = "Ana"
notetaker = "Ben"

[[attendees]]
name = "Ana"
role = "SRE"

[meeting]
phase = "timeline"
timebox_minutes = 30
timeboxes = { summary = 3.0, timeline = 6.0 }

[[timeline]]
id = "t1"
at = 2026-11-20T14:02:00Z
kind = "impact-start"
text = "p99 latency rose to 4 s"

[[timeline]]
id = "t4"
at = 2026-11-20T14:05:00Z
kind = "alert"
text = "CheckoutErrors paged the on-call"

[[whys]]
id = "y1"
question = "Why did checkout fail?"
answer = "The pool had 10 connections for 400 requests per second."
layer = "immediate"

[[went_wrong]]
id = "b1"
text = "The alert fired 3 minutes after impact began."

[[actions]]
id = "a1"
text = "Size the pool from measured peak load"
owner = "Ana"
due = 2026-12-05
kind = "prevention"
priority = "P1"
status = "open"
addresses = ["y1", "b1"]
"""


@dataclass(frozen=True)
class HostileCase:
    """One broken input: a name, how to build it, and what its error message must mention."""

    name: str
    builder: Callable[[Path], Path]
    expect: str = ""
    #: cases that are slow to build or read (the 50 MB file): kept out of the subprocess matrix
    slow: bool = False
    #: root reads any file whatever its permissions: the case means nothing when tests run as root
    skip_as_root: bool = False

    def build(self, tmp_path: Path) -> Path:
        return self.builder(tmp_path)


def case_id(case: HostileCase) -> str:
    return case.name


def _write_bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(tmp_path: Path) -> Path:
        path = tmp_path / f"{name}.toml"
        path.write_bytes(data)
        return path

    return build


def _edit(name: str, old: str, new: str, count: int = 1) -> Callable[[Path], Path]:
    """The valid session with one piece of text replaced: a broken file that is otherwise realistic."""
    assert VALID.count(old) >= count, f"{name}: {old!r} not in the valid session"
    return _write_bytes(name, VALID.replace(old, new, count).encode("utf-8"))


def _append(name: str, extra: str) -> Callable[[Path], Path]:
    return _write_bytes(name, (VALID + extra).encode("utf-8"))


def _text(name: str, text: str) -> Callable[[Path], Path]:
    return _write_bytes(name, text.encode("utf-8"))


def _big_file(tmp_path: Path) -> Path:
    # 50 MB of valid-looking timeline entries, written in chunks so it takes well under a second.
    path = tmp_path / "fifty-megabytes.toml"
    entry = '[[timeline]]\nid = "t{n}"\nat = 2026-11-20T14:02:00Z\ntext = "' + "x" * 900 + '"\n\n'
    with path.open("w", encoding="utf-8") as out:
        out.write(VALID.split("[[timeline]]")[0])
        n, written = 0, 0
        while written < 50 * 1024 * 1024:
            chunk = "".join(entry.format(n=n + i) for i in range(1000))
            out.write(chunk)
            written += len(chunk)
            n += 1000
    return path


def _junk(tmp_path: Path) -> Path:
    path = tmp_path / "binary-junk.toml"
    path.write_bytes(random.Random(7).randbytes(4096))
    return path


def _folder(tmp_path: Path) -> Path:
    path = tmp_path / "a-folder.toml"
    path.mkdir()
    return path


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "does-not-exist.toml"


def _missing_folder(tmp_path: Path) -> Path:
    return tmp_path / "no-such-folder" / "session.toml"


def _symlink_loop(tmp_path: Path) -> Path:
    a, b = tmp_path / "loop-a.toml", tmp_path / "loop-b.toml"
    a.symlink_to(b)
    b.symlink_to(a)
    return a


def _dangling_symlink(tmp_path: Path) -> Path:
    path = tmp_path / "dangling.toml"
    path.symlink_to(tmp_path / "gone.toml")
    return path


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "a-fifo.toml"
    os.mkfifo(path)
    return path


def _dev_zero(tmp_path: Path) -> Path:
    # A device that never ends: reading it whole would eat all memory.
    path = tmp_path / "endless.toml"
    path.symlink_to("/dev/zero")
    return path


def _not_readable(tmp_path: Path) -> Path:
    path = tmp_path / "no-read-permission.toml"
    path.write_text(VALID, encoding="utf-8")
    path.chmod(0o000)
    return path


def _file_as_folder(tmp_path: Path) -> Path:
    # A path "through" a regular file: ENOTDIR.
    parent = tmp_path / "plain-file"
    parent.write_text("x", encoding="utf-8")
    return parent / "session.toml"


DEPTH = 10_000

CORPUS: list[HostileCase] = [
    # --- TOML syntax errors, one per kind of position --------------------------------------
    HostileCase(
        "syntax-in-key", _edit("syntax-in-key", 'title = "Checkout', 'ti tle = "Checkout'), ":5:4: TOML syntax error"
    ),
    HostileCase(
        "syntax-in-value", _edit("syntax-in-value", 'severity = "SEV2"', "severity = SEV2"), ":6:12: TOML syntax error"
    ),
    HostileCase(
        "syntax-in-table-header", _edit("syntax-in-table-header", "[roles]", "[roles"), ":11:7: TOML syntax error"
    ),
    HostileCase("syntax-in-aot-header", _edit("syntax-in-aot-header", "[[whys]]", "[[whys]"), "TOML"),
    HostileCase(
        "syntax-unclosed-array",
        _edit("syntax-unclosed-array", 'addresses = ["y1", "b1"]', 'addresses = ["y1", '),
        "TOML",
    ),
    HostileCase(
        "syntax-array-missing-comma",
        _edit("syntax-array-missing-comma", 'addresses = ["y1", "b1"]', 'addresses = ["y1" "b1"]'),
        "TOML",
    ),
    HostileCase(
        "syntax-inline-table-trailing-comma",
        _edit("syntax-inline-table-trailing-comma", "timeline = 6.0 }", "timeline = 6.0, }"),
        "TOML",
    ),
    HostileCase(
        "syntax-inline-table-unclosed",
        _edit("syntax-inline-table-unclosed", "timeline = 6.0 }", "timeline = 6.0"),
        "TOML",
    ),
    HostileCase(
        "syntax-inline-table-newline",
        _edit("syntax-inline-table-newline", "{ summary = 3.0, ", "{ summary = 3.0,\n "),
        "TOML",
    ),
    HostileCase(
        "unterminated-string", _edit("unterminated-string", '"Checkout errors for 12 minutes"', '"Checkout'), "TOML"
    ),
    HostileCase(
        "unterminated-multiline-string", _append("unterminated-multiline-string", 'x = """never closed\n'), "TOML"
    ),
    HostileCase(
        "unterminated-literal-string", _edit("unterminated-literal-string", 'owner = "Ana"', "owner = 'Ana"), "TOML"
    ),
    HostileCase("bad-escape", _edit("bad-escape", '"p99 latency', '"p99 \\q latency'), "TOML"),
    HostileCase("surrogate-escape", _edit("surrogate-escape", '"p99 latency', '"p99 \\uD800 latency'), "TOML"),
    HostileCase("escape-out-of-range", _edit("escape-out-of-range", '"p99 latency', '"p99 \\U0011FFFF'), "TOML"),
    HostileCase("missing-equals", _edit("missing-equals", 'moderator = "Ana"', 'moderator "Ana"'), "TOML"),
    HostileCase("junk-after-value", _edit("junk-after-value", 'notetaker = "Ben"', 'notetaker = "Ben" Ben'), "TOML"),
    HostileCase("key-without-value", _edit("key-without-value", 'notetaker = "Ben"', "notetaker ="), "TOML"),
    HostileCase(
        "duplicate-key", _edit("duplicate-key", 'severity = "SEV2"', 'severity = "SEV2"\nseverity = "SEV1"'), "TOML"
    ),
    HostileCase("duplicate-table", _append("duplicate-table", '\n[roles]\nmoderator = "Cy"\n'), "TOML"),
    HostileCase("table-and-array-of-tables", _append("table-and-array-of-tables", '\n[timeline]\nid = "t9"\n'), "TOML"),
    HostileCase(
        "dotted-key-redefines-table",
        _edit("dotted-key-redefines-table", "schema_version = 1", 'schema_version = 1\nroles.moderator = "Cy"'),
        "TOML",
    ),
    HostileCase("lone-carriage-return", _edit("lone-carriage-return", 'owner = "Ana"', 'owner = "Ana"\rx = 1'), ""),
    HostileCase("control-character", _edit("control-character", "p99 latency", "p99\x01latency"), "TOML"),
    HostileCase("nul-byte", _edit("nul-byte", "p99 latency", "p99\x00latency"), ""),
    HostileCase(
        "byte-order-mark", _write_bytes("byte-order-mark", b"\xef\xbb\xbf" + VALID.encode()), "byte order mark"
    ),
    # --- wrong types --------------------------------------------------------------------------
    HostileCase(
        "string-for-int", _edit("string-for-int", "timebox_minutes = 30", 'timebox_minutes = "30"'), "timebox_minutes"
    ),
    HostileCase(
        "float-for-int", _edit("float-for-int", "timebox_minutes = 30", "timebox_minutes = 30.5"), "timebox_minutes"
    ),
    HostileCase(
        "nan-for-int", _edit("nan-for-int", "timebox_minutes = 30", "timebox_minutes = nan"), "timebox_minutes"
    ),
    HostileCase(
        "int-out-of-range", _edit("int-out-of-range", "timebox_minutes = 30", "timebox_minutes = 0"), "timebox_minutes"
    ),
    HostileCase(
        "huge-int",
        _edit("huge-int", "timebox_minutes = 30", "timebox_minutes = 99999999999999999999999"),
        "timebox_minutes",
    ),
    HostileCase(
        "int-for-string", _edit("int-for-string", 'title = "Checkout errors for 12 minutes"', "title = 12"), "title"
    ),
    HostileCase("bool-for-string", _edit("bool-for-string", 'owner = "Ana"', "owner = true"), "owner"),
    HostileCase(
        "string-for-schema-version",
        _edit("string-for-schema-version", "schema_version = 1", 'schema_version = "1"'),
        "schema_version",
    ),
    HostileCase(
        "string-for-table",
        _text(
            "string-for-table",
            VALID.replace("[meeting]\n", "[old_meeting]\n").replace(
                "schema_version = 1", 'schema_version = 1\nmeeting = "now"'
            ),
        ),
        "meeting",
    ),
    HostileCase("table-for-list", _text("table-for-list", VALID.replace("[[attendees]]", "[attendees]")), "attendees"),
    HostileCase(
        "list-of-strings-for-entries",
        _edit("list-of-strings-for-entries", "schema_version = 1", 'schema_version = 1\nlucky = ["we were"]'),
        "lucky",
    ),
    HostileCase(
        "string-for-list", _edit("string-for-list", 'addresses = ["y1", "b1"]', 'addresses = "y1"'), "addresses"
    ),
    HostileCase(
        "missing-required-text",
        _edit("missing-required-text", 'text = "CheckoutErrors paged the on-call"\n', ""),
        "timeline t4: text is missing",
    ),
    HostileCase("missing-attendee-name", _edit("missing-attendee-name", 'name = "Ana"\n', ""), "name is missing"),
    HostileCase("empty-id", _edit("empty-id", 'id = "t4"', 'id = ""'), "id"),
    HostileCase("id-with-spaces", _edit("id-with-spaces", 'id = "t4"', 'id = "t 4"'), "id"),
    HostileCase(
        "timeboxes-unknown-phase", _edit("timeboxes-unknown-phase", "{ summary = 3.0,", "{ lunch = 3.0,"), "lunch"
    ),
    # --- unknown enum values ------------------------------------------------------------------
    HostileCase(
        "unknown-timeline-kind",
        _edit("unknown-timeline-kind", 'kind = "alert"', 'kind = "alrt"'),
        'timeline t4: kind "alrt" is not one of',
    ),
    HostileCase("unknown-severity", _edit("unknown-severity", 'severity = "SEV2"', 'severity = "SEV9"'), "SEV9"),
    HostileCase("unknown-phase", _edit("unknown-phase", 'phase = "timeline"', 'phase = "lunch"'), "lunch"),
    HostileCase(
        "unknown-action-status", _edit("unknown-action-status", 'status = "open"', 'status = "closed"'), "closed"
    ),
    HostileCase("unknown-priority", _edit("unknown-priority", 'priority = "P1"', 'priority = "P0"'), "P0"),
    HostileCase("unknown-why-layer", _edit("unknown-why-layer", 'layer = "immediate"', 'layer = "root"'), "root"),
    HostileCase(
        "unknown-timezone", _edit("unknown-timezone", 'timezone = "UTC"', 'timezone = "Mars/Olympus"'), "Mars/Olympus"
    ),
    # --- bad dates ----------------------------------------------------------------------------
    HostileCase("month-13", _edit("month-13", "at = 2026-11-20T14:05:00Z", "at = 2026-13-01T14:05:00Z"), ""),
    HostileCase("february-30", _edit("february-30", "due = 2026-12-05", "due = 2026-02-30"), ""),
    HostileCase(
        "datetime-without-offset",
        _edit("datetime-without-offset", "at = 2026-11-20T14:05:00Z", "at = 2026-11-20T14:05:00"),
        "timeline t4",
    ),
    HostileCase(
        "date-for-datetime", _edit("date-for-datetime", "at = 2026-11-20T14:05:00Z", "at = 2026-11-20"), "timeline t4"
    ),
    HostileCase(
        "time-for-datetime", _edit("time-for-datetime", "at = 2026-11-20T14:05:00Z", "at = 14:05:00"), "timeline t4"
    ),
    HostileCase(
        "datetime-for-date", _edit("datetime-for-date", "due = 2026-12-05", "due = 2026-12-05T10:00:00Z"), "actions a1"
    ),
    HostileCase(
        "string-for-datetime",
        _edit("string-for-datetime", "started_at = 2026-11-20T14:02:00Z", 'started_at = "yesterday"'),
        "started_at",
    ),
    HostileCase(
        "naive-started-at",
        _edit("naive-started-at", "started_at = 2026-11-20T14:02:00Z", "started_at = 2026-11-20T14:02:00"),
        "started_at",
    ),
    # --- ids and links --------------------------------------------------------------------------
    HostileCase("duplicate-id-in-section", _edit("duplicate-id-in-section", 'id = "t4"', 'id = "t1"'), '"t1"'),
    HostileCase(
        "duplicate-id-across-sections", _edit("duplicate-id-across-sections", 'id = "b1"', 'id = "y1"'), '"y1"'
    ),
    HostileCase("dangling-addresses", _edit("dangling-addresses", '["y1", "b1"]', '["y1", "y9"]'), "y9"),
    HostileCase("addresses-a-timeline-entry", _edit("addresses-a-timeline-entry", '["y1", "b1"]', '["t1"]'), "t1"),
    # --- versions -----------------------------------------------------------------------------
    HostileCase(
        "newer-schema-version",
        _edit("newer-schema-version", "schema_version = 1", "schema_version = 2"),
        "upgrade pmtui",
    ),
    HostileCase(
        "schema-version-zero",
        _edit("schema-version-zero", "schema_version = 1", "schema_version = 0"),
        "schema_version",
    ),
    # --- not text, or no content --------------------------------------------------------------
    HostileCase("empty-file", _write_bytes("empty-file", b""), "empty"),
    HostileCase("whitespace-only", _write_bytes("whitespace-only", b"  \n\t\n\r\n   \n"), "empty"),
    HostileCase("binary-junk", _junk, ""),
    HostileCase(
        "invalid-utf-8",
        _write_bytes("invalid-utf-8", VALID.replace("p99", "p\udc99", 1).encode("utf-8", "surrogateescape")),
        "UTF-8",
    ),
    HostileCase("latin-1", _write_bytes("latin-1", VALID.replace("Ana", "Zoë").encode("latin-1")), "UTF-8"),
    HostileCase("utf-16", _write_bytes("utf-16", VALID.encode("utf-16")), ""),
    HostileCase("json-not-toml", _text("json-not-toml", '{"schema_version": 1, "incident": {}}\n'), "TOML"),
    HostileCase("fifty-megabytes", _big_file, "too large", slow=True),
    # --- resource exhaustion --------------------------------------------------------------------
    HostileCase("deep-table-headers", _text("deep-table-headers", "[" + ".".join(["a"] * DEPTH) + "]\nx = 1\n"), ""),
    HostileCase("deep-dotted-keys", _text("deep-dotted-keys", ".".join(["a"] * DEPTH) + " = 1\n"), ""),
    HostileCase("deep-arrays", _text("deep-arrays", "x = " + "[" * DEPTH + "]" * DEPTH + "\n"), ""),
    HostileCase(
        "deep-inline-tables", _text("deep-inline-tables", "x = " + "{a=" * DEPTH + "1" + "}" * DEPTH + "\n"), ""
    ),
    HostileCase("unclosed-deep-arrays", _text("unclosed-deep-arrays", "x = " + "[" * DEPTH + "\n"), ""),
    # --- not a regular readable file ----------------------------------------------------------
    HostileCase("a-folder", _folder, "folder"),
    HostileCase("missing-file", _missing, "no such file"),
    HostileCase("missing-folder", _missing_folder, "no such file"),
    HostileCase("path-through-a-file", _file_as_folder, ""),
    HostileCase("symlink-loop", _symlink_loop, ""),
    HostileCase("dangling-symlink", _dangling_symlink, "no such file"),
    HostileCase("fifo", _fifo, "not a regular file"),
    HostileCase("device-dev-zero", _dev_zero, "not a regular file"),
    HostileCase("no-read-permission", _not_readable, "permission", skip_as_root=True),
]
