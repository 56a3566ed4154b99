"""Role leases: one moderator and one notetaker per session; a crash frees the role at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from pmtui.domain.changes import AddEntry, Batch, SetField, UpdateEntry
from pmtui.domain.model import Roles
from pmtui.storage.roles import claim, current_holder, lease_path, refusal, roles_problem

HOLD_SCRIPT = """
import sys, time
from pmtui.storage.roles import claim
c = claim(sys.argv[1], sys.argv[2], name=sys.argv[3])
print("granted" if c.granted else "refused", flush=True)
time.sleep(60)
"""


def _hold_in_child(session: Path, role: str, name: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_SCRIPT, str(session), role, name], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "granted"
    return child


def test_second_notetaker_is_refused_and_told_who_takes_notes(demo_copy: Path) -> None:
    first = claim(demo_copy, "notetaker", name="Dana Reyes")
    assert first.granted
    second = claim(demo_copy, "notetaker", name="Someone Else")
    assert not second.granted
    assert second.holder is not None and second.holder.name == "Dana Reyes"
    assert second.holder.pid == os.getpid()
    assert "Dana Reyes" in second.message() and "taking notes" in second.message()
    # The other role is independent.
    assert claim(demo_copy, "moderator", name="Lee").granted
    first.lease.release()  # type: ignore[union-attr]
    assert current_holder(demo_copy, "notetaker") is None
    assert claim(demo_copy, "notetaker", name="Someone Else").granted


def test_lease_of_another_process_names_it_and_a_crash_frees_it_at_once(demo_copy: Path) -> None:
    child = _hold_in_child(demo_copy, "moderator", "Priya")
    try:
        refused = claim(demo_copy, "moderator")
        assert not refused.granted
        assert refused.holder is not None and refused.holder.pid == child.pid
        assert "Priya" in refused.message() and "moderating" in refused.message()
        holder = current_holder(demo_copy, "moderator")
        assert holder is not None and holder.name == "Priya"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    # The kernel dropped the flock with the process: no waiting, no stale-lock cleanup.
    taken = claim(demo_copy, "moderator", name="Lee")  # at once: claim never waits for a lock
    assert taken.granted
    assert "Lee" in lease_path(demo_copy, "moderator").read_text()


def test_claim_in_a_read_only_folder_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    session = folder / "s.toml"
    session.write_text("[incident]\n")
    folder.chmod(0o555)
    try:
        result = claim(session, "notetaker")
        if os.geteuid() == 0:  # root writes anyway: the lease is simply granted
            assert result.granted
        else:
            assert not result.granted and "cannot take the notetaker role" in result.message()
    finally:
        folder.chmod(0o755)


def test_each_role_changes_only_its_own_part() -> None:
    phase = SetField("meeting", "phase", "timeline")
    note = AddEntry("timeline", {"at": "2026-11-20T14:00:00Z", "text": "x"})
    assert refusal("moderator", phase) == ""
    assert refusal("moderator", Batch([phase, SetField("meeting", "spotlight", "t1")])) == ""
    assert "moderator" in refusal("moderator", note)
    assert refusal("moderator", SetField("incident", "title", "x"))
    assert refusal("moderator", Batch([phase, note]))
    assert refusal("notetaker", note) == ""
    assert refusal("notetaker", UpdateEntry("actions", "a1", {"owner": "Sam"})) == ""
    assert refusal("notetaker", SetField("roles", "moderator", "Lee")) == ""
    assert "moderator" in refusal("notetaker", phase)
    assert refusal(None, phase) == "" and refusal(None, note) == ""


def test_roles_problem_names_what_is_missing() -> None:
    assert roles_problem(Roles(moderator="Lee", notetaker="Dana")) is None
    assert roles_problem(Roles(moderator="Lee")) == "Name the notetaker"
    assert "cannot be both" in (roles_problem(Roles(moderator="Lee", notetaker="lee")) or "")


def test_a_screen_probing_the_lease_does_not_make_a_newcomer_read_only(demo_copy: Path) -> None:
    import fcntl
    import threading

    fd = os.open(lease_path(demo_copy, "notetaker"), os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)  # what current_holder() holds for a moment
    threading.Timer(0.01, os.close, (fd,)).start()
    assert claim(demo_copy, "notetaker").granted
