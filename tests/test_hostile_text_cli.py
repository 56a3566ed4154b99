"""Hostile text through every CLI verb and export format, the one rule itself, the file's bytes, and the lock files."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.domain.changes import UpdateEntry
from pmtui.domain.errors import SessionWriteError
from pmtui.domain.text_safety import close_bidi, control_characters, for_document, json_escaped, visible, visible_line
from pmtui.storage.parsing import load_session_fast
from pmtui.storage.roles import claim, current_holder, lease_path
from pmtui.storage.store import SessionFile, lock_path
from tests.hostile_text import (
    ALL,
    CLIPBOARD,
    FILE_NAME,
    WINDOW_TITLE,
    hostile_session_text,
    raw_found,
    write_hostile_session,
)

# Any C0 control but tab and newline, DEL, C1: none may be in an export (CSV's own CRLF aside).
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return write_hostile_session(tmp_path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------------- the rule


def test_visible_replaces_every_control_with_an_escape_and_keeps_the_rest() -> None:
    assert visible("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert visible("bell\x07 nul\x00 del\x7f csi\x9b nel\x85") == "bell\\x07 nul\\x00 del\\x7f csi\\x9b nel\\x85"
    assert visible("abc\u202eevil\u2066x") == "abc\\u202eevil\\u2066x"
    assert visible("tab\tand\nnewline") == "tab\tand\nnewline"
    assert visible("crlf\r\nlone\rcr") == "crlf\nlone\\x0dcr"  # a line ending is not a control to show
    assert visible("שלום 🔥 [bold]x[/bold] é") == "שלום 🔥 [bold]x[/bold] é"  # only controls change
    assert visible("abc\u202e", bidi=False) == "abc\u202e"
    assert visible_line("a\nb\tc\x1b") == "a b c\\x1b"
    assert visible(visible(ALL)) == visible(ALL)  # the escapes are themselves inert
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", visible(ALL))


def test_control_characters_are_named_once_each_in_order() -> None:
    assert control_characters("x\x1b[1m\x1b[0m\x07\u202e") == ["U+001B", "U+0007", "U+202E"]
    assert control_characters("clean\ttext\n") == []


def test_documents_close_overrides_and_json_escapes_what_json_dumps_leaves_raw() -> None:
    assert for_document("a\x1bb\u202ec") == "a\\x1bb\u202ec\u202c"
    assert close_bidi("x\u2066y") == "x\u2066y\u2069"
    raw = json.dumps({"t": "\x9b\x7f\u202e\x1b"}, ensure_ascii=False)
    assert "\x9b" in raw  # the gap json_escaped closes
    escaped = json_escaped(raw)
    assert escaped == '{"t": "\\u009b\\u007f\\u202e\\u001b"}' and json.loads(escaped) == json.loads(raw)


# ------------------------------------------------------------------------- the file keeps what the user wrote


def test_the_round_trip_keeps_every_untouched_entry_byte_for_byte(hostile: Path) -> None:
    before = hostile.read_bytes()
    session_file = SessionFile.open(hostile)
    assert session_file.session.timeline[1].text.startswith("paged " + CLIPBOARD)  # read as written
    session_file.submit(UpdateEntry("timeline", "t1", {"text": "p99 rose to 4 s"}))
    session_file.save()
    after = hostile.read_bytes()
    changed = [line for line in before.splitlines() if line not in after.splitlines()]
    assert len(changed) == 1 and changed[0].startswith(b"text = ")  # only t1's text line
    assert load_session_fast(hostile).timeline[1] == load_session_fast_from(before).timeline[1]


def load_session_fast_from(data: bytes):  # type: ignore[no-untyped-def]
    import tomllib

    from pmtui.domain.model import Session

    return Session.model_validate(tomllib.loads(data.decode()))


def test_check_warns_naming_the_entry_the_field_and_the_character(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "check", str(hostile))
    assert code == 0 and err == ""  # warnings: the session is still usable
    assert f"{hostile}: warning text.control-character [t4]: control characters U+001B, U+0007" in out
    assert "warning text.control-character [b1]: control characters U+001B, U+0007, U+0000" in out
    assert "text.control-character: control characters U+001B, U+0007 in title" in out
    assert "[t1]: control characters U+001B, U+0007 in author" in out
    assert raw_found(out) == [] and "pwned" not in out  # the messages name characters, never quote them
    code, out, _ = run(capsys, "check", str(hostile), "--strict")
    assert code == 1
    code, out, _ = run(capsys, "check", str(hostile), "--format", "json")
    findings = json.loads(out)["files"][0]["findings"]
    ours = [f for f in findings if f["rule"] == "text.control-character"]
    assert {"t1", "t4", "y1", "g1", "b1", "l1", "a1", "q1"} <= {f["entry_id"] for f in ours}
    assert not RAW_CONTROL.search(out)


# ------------------------------------------------------------------------- every CLI verb


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_every_export_format_on_stdout_and_in_a_file_is_clean_data(
    hostile: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "export", str(hostile), "--format", fmt)
    assert code == 0 and err == ""
    assert not RAW_CONTROL.search(out.replace("\r\n", "\n"))
    if fmt in ("md", "html"):
        # A published page keeps a bidi override as written but closed where its text ends.
        assert [f for f in raw_found(out) if "u20" not in f] == []
        assert out.count("\u202e") <= out.count("\u202c") and out.count("\u2066") <= out.count("\u2069")
    else:
        assert raw_found(out) == []
    target = tmp_path / f"out.{fmt}"
    assert run(capsys, "export", str(hostile), "--format", fmt, "-o", str(target))[0] == 0
    with target.open(encoding="utf-8", newline="") as written:
        assert written.read() == out
    session = load_session_fast(hostile)
    if fmt == "json":
        assert "\\u001b]52;c;" in out and "\\u009b31mred" in out and "\\u202e" in out
        assert json.loads(out)["incident"]["title"] == session.incident.title  # the data survives exactly
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        assert rows[0]["Summary"].startswith("'=cmd|")  # still defused
        assert "\\x1b]52;c;ZWNobyBwd25lZA==\\x07" in rows[0]["Summary"]
        assert rows[0]["Assignee"].startswith("'@owner\\x1b]2;")
    else:
        shown = "\\\\x1b\\]52;c;" if fmt == "md" else "\\x1b]52;c;"  # Markdown escapes \\ and ]
        assert shown in out and "x9b31mred" in out
        if fmt == "html":
            assert "script-src 'none'" in out or "default-src 'none'" in out  # the CSP still forbids scripts


def test_actions_in_every_format(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(hostile.parent)
    code, out, err = run(capsys, "actions", folder, "--today", "2026-12-01")
    assert code == 0 and raw_found(out + err) == [] and "\\x1b]52;c;" in out
    code, out, _ = run(capsys, "actions", folder, "--today", "2026-12-01", "--format", "csv")
    assert raw_found(out) == [] and not RAW_CONTROL.search(out.replace("\r\n", "\n"))
    assert "'=cmd|" in out and "\\x1b]52;c;" in out
    code, out, _ = run(capsys, "actions", folder, "--today", "2026-12-01", "--format", "json")
    assert raw_found(out) == [] and not RAW_CONTROL.search(out)
    assert json.loads(out)[0]["text"] == load_session_fast(hostile).actions[0].text


def test_import_timeline_shows_the_log_inert_and_stores_it_as_written(
    hostile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / FILE_NAME.replace(".toml", ".log")
    line = f"sam{WINDOW_TITLE}: deploy {CLIPBOARD} done\x9b"
    log.write_text(f"{CLIPBOARD}no time\n[14:30] {line}\n")
    code, out, err = run(capsys, "import-timeline", str(hostile), str(log), "--dry-run")
    assert raw_found(out + err) == []
    assert "sam\\x1b]2;pwned-title\\x07: deploy \\x1b]52;c;ZWNobyBwd25lZA==\\x07 done\\x9b" in out
    assert "evil\\x1b]2;file-title\\x07.log:1: no timestamp to read, left out: \\x1b]52;c;" in err
    code, out, err = run(capsys, "import-timeline", str(hostile), str(log))
    assert code == 1 and raw_found(out + err) == []
    added = load_session_fast(hostile).timeline[-1]
    assert added.text == line  # stored exactly as pasted; only the terminal sees escapes


def test_error_messages_name_hostile_files_inert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / FILE_NAME
    for argv in (["check", str(missing)], ["export", str(missing)], ["import-timeline", str(missing), "-"]):
        code, out, err = run(capsys, *argv)
        assert code == 2 and raw_found(out + err) == [] and "evil\\x1b]2;file-title\\x07.toml" in err
    broken = tmp_path / f"broken{CLIPBOARD}.toml"
    broken.write_text('[incident]\ntitle = "unterminated ' + ALL.replace("\x00", "") + "\n")
    code, out, err = run(capsys, "check", str(broken))
    assert code == 2 and raw_found(out + err) == [] and "broken\\x1b]52;c;" in err
    code, out, err = run(capsys, str(missing))  # `pmtui FILE`: the app is never started
    assert code == 2 and raw_found(out + err) == [] and err.count("\n") == 1


def test_new_prints_a_hostile_path_inert_and_keeps_the_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / FILE_NAME
    code, out, err = run(capsys, "new", str(target), "--title", f"Outage {WINDOW_TITLE}")
    assert code == 0 and raw_found(out + err) == [] and "evil\\x1b]2;file-title\\x07.toml" in out
    assert load_session_fast(target).incident.title == f"Outage {WINDOW_TITLE}"


def test_the_hostile_session_text_is_valid_toml_for_both_readers(hostile: Path) -> None:
    session = SessionFile.open(hostile).session
    assert session == load_session_fast(hostile)
    assert hostile.read_text() == hostile_session_text()


# ------------------------------------------------------------------------- lock files never follow a link


def test_a_planted_lock_symlink_is_refused_and_nothing_is_created(hostile: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    lock_path(hostile).symlink_to(victim)
    session_file = SessionFile.open(hostile)
    session_file.submit(UpdateEntry("timeline", "t1", {"text": "p99 rose to 4 s"}))
    with pytest.raises(SessionWriteError) as raised:
        session_file.save()
    message = str(raised.value)
    assert message.startswith(f"{lock_path(hostile)}: is a symbolic link") and "delete the link" in message
    assert not victim.exists()  # the link's target was neither created nor opened
    lock_path(hostile).unlink()
    session_file.save()  # with the link gone, the pending change is saved
    assert load_session_fast(hostile).timeline[0].text == "p99 rose to 4 s"


def test_a_planted_role_lease_symlink_is_refused_and_its_target_untouched(hostile: Path, tmp_path: Path) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    lease_path(hostile, "moderator").symlink_to(victim)
    taken = claim(hostile, "moderator", "Ana")
    assert not taken.granted
    assert (
        taken.problem == f"{lease_path(hostile, 'moderator')}: is a symbolic link where pmtui keeps its lock "
        "file; pmtui does not follow it (it could point anywhere): delete the link and try again"
    )
    assert victim.read_text() == "keep me"  # not truncated, no holder written into it
    assert current_holder(hostile, "moderator") is None
    dangling = lease_path(hostile, "notetaker")
    dangling.symlink_to(tmp_path / "made-by-pmtui")
    assert not claim(hostile, "notetaker", "Ben").granted
    assert not (tmp_path / "made-by-pmtui").exists() and os.path.islink(dangling)
