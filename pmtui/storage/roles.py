"""Role leases: one moderator and one notetaker per session file at a time, freed when a process dies.

A lease is an flock on a small file beside the session (`.NAME.toml.pmtui-role-notetaker`),
held for the whole life of the process. The kernel drops it when the process ends, however
it ends, so a crashed notetaker never blocks the next one: nobody waits, nobody cleans up.
The file's text says who holds the lease, so a second notetaker can be told who is
taking notes. This module also decides which changes each role's screen may make.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import getpass
import json
import os
import socket
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from pmtui.domain.changes import Batch, Change, SetField
from pmtui.domain.errors import PLANTED_LINK
from pmtui.domain.model import Roles

ROLES = ("moderator", "notetaker")
"""The two roles that edit a session; each is held by at most one process at a time."""
ROLE_NAMES = ROLES
"""Alias used by the command line's --role choices."""

ROLE_NOUNS = {"moderator": "moderating", "notetaker": "taking notes"}


def lease_path(session_path: Path, role: str) -> Path:
    """The lease file of a role, beside the session file (hidden, like the write lock)."""
    return session_path.with_name(f".{session_path.name}.pmtui-role-{role}")


@dataclass(frozen=True)
class Holder:
    """Who holds a role: written into the lease file so others can say who it is."""

    name: str
    """The person's name from the session's [roles] table, or the login name."""
    user: str
    host: str
    pid: int
    since: str
    """When the lease was taken, as an ISO date-time in UTC."""

    def describe(self) -> str:
        """E.g. 'Dana Reyes (dana@laptop, pid 4242, since 14:02 UTC)'."""
        when = ""
        with contextlib.suppress(ValueError):
            when = f", since {dt.datetime.fromisoformat(self.since).strftime('%H:%M')} UTC"
        who = self.name or self.user or "someone"
        return f"{who} ({self.user}@{self.host}, pid {self.pid}{when})"

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        try:
            data = json.loads(text)
            return cls(
                name=str(data.get("name", "")),
                user=str(data.get("user", "")),
                host=str(data.get("host", "")),
                pid=int(data.get("pid", 0)),
                since=str(data.get("since", "")),
            )
        except (ValueError, TypeError, AttributeError):
            return None


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in a container with an odd uid
        return str(os.getuid())


def this_process(name: str = "") -> Holder:
    """A Holder describing the current process."""
    return Holder(
        name=name or _login(),
        user=_login(),
        host=socket.gethostname(),
        pid=os.getpid(),
        since=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    )


class RoleLease:
    """A role held by this process until release() or until the process ends."""

    def __init__(self, session_path: Path, role: str, fd: int, holder: Holder) -> None:
        self.session_path = session_path
        self.role = role
        self.holder = holder
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Give the role up: empty the file (so it names nobody) and drop the lock."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # closing drops the flock

    def __enter__(self) -> RoleLease:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:
        self.release()


@dataclass(frozen=True)
class Claim:
    """The outcome of asking for a role: the lease, or who holds it (read-only then)."""

    role: str
    lease: RoleLease | None
    holder: Holder | None
    """Who holds the role when it was not free (None if the lease file names nobody)."""
    problem: str = ""
    """Why the lease could not be checked at all (e.g. a read-only folder), if so."""

    @property
    def granted(self) -> bool:
        return self.lease is not None

    def message(self) -> str:
        """One line for the read-only banner."""
        if self.granted:
            return ""
        if self.problem:
            return f"Read-only: cannot take the {self.role} role ({self.problem})."
        who = self.holder.describe() if self.holder else "another pmtui process"
        return f"Read-only: {who} is {ROLE_NOUNS.get(self.role, self.role)}. This screen follows the session live."


def claim(session_path: Path | str, role: str, name: str = "") -> Claim:
    """Take a role's lease without waiting; if someone holds it, say who.

    A lease left by a crashed process is free (the kernel dropped its flock), so it is taken.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    session_path = Path(session_path)
    path = lease_path(session_path, role)
    try:
        # O_NOFOLLOW: a planted link must not make us create, truncate or write another file.
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return Claim(role, None, None, f"{path}: {PLANTED_LINK}")
        # Without a lease file (read-only folder…) we cannot coordinate: say so and stay read-only.
        return Claim(role, None, None, f"{path.parent}: {error.strerror or error}")
    for attempt in range(3):
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            # A read-only screen checking whether the role is free holds a shared lock for a
            # moment; look again twice before saying someone has the role.
            if attempt == 2:
                holder = _read_holder_fd(fd)
                os.close(fd)
                return Claim(role, None, holder)
            time.sleep(0.02)
        except OSError as error:
            os.close(fd)
            return Claim(role, None, None, f"{path}: {error.strerror or error}")
    holder = this_process(name)
    text = json.dumps(asdict(holder)).encode()
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, text, 0)
    except OSError:
        pass  # the lease still holds; only the "who" text is missing
    return Claim(role, RoleLease(session_path, role, fd, holder), None)


def _read_holder_fd(fd: int) -> Holder | None:
    try:
        return Holder.parse(os.pread(fd, 4096, 0).decode("utf-8", "replace"))
    except OSError:
        return None


def current_holder(session_path: Path | str, role: str) -> Holder | None:
    """Who holds a role now, or None if it is free (a dead holder's lease counts as free)."""
    path = lease_path(Path(session_path), role)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder_fd(fd) or Holder("", "", "", 0, "")
        return None  # we could lock it: nobody holds it
    finally:
        os.close(fd)  # also drops the shared lock taken above


def roles_problem(roles: Roles) -> str | None:
    """What is missing from the session's [roles] before the meeting can start, or None if nothing.

    Both roles need a person, and not the same one: a moderator who also types notes cannot
    keep the meeting on track.
    """
    moderator, notetaker = roles.moderator.strip(), roles.notetaker.strip()
    if not moderator and not notetaker:
        return "Name the moderator and the notetaker"
    if not moderator:
        return "Name the moderator"
    if not notetaker:
        return "Name the notetaker"
    if moderator.casefold() == notetaker.casefold():
        return f"{moderator} cannot be both moderator and notetaker; name another notetaker"
    return None


def refusal(role: str | None, change: Change) -> str:
    """Why a role's screen may not make this change, or "" if it may.

    The moderator's screen runs the meeting (the [meeting] table); the notetaker's screen
    writes the content. Without a role (one person alone) everything is allowed.
    """
    if role is None:
        return ""
    if change.sections == ("attendees",):
        return ""  # who is in the room: either screen may say so (pmtui/domain/attendees.py)
    meeting = _only_meeting(change)
    if role == "moderator" and meeting is not True:
        return "The moderator's screen changes only the meeting (phase, timer, spotlight); the notetaker types notes"
    if role == "notetaker" and meeting is not False:
        return "The meeting's phase, timer and spotlight are the moderator's; this screen changes the notes"
    return ""


def _only_meeting(change: Change) -> bool | None:
    """True if the change touches only [meeting], False if it never does, None if mixed."""
    if isinstance(change, Batch):
        kinds = {_only_meeting(c) for c in change.changes}
        return kinds.pop() if len(kinds) == 1 else None
    return isinstance(change, SetField) and change.table == "meeting"
