"""What the app promises the screens, dialogs and widgets it hosts, so that none of them imports the app."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class RoleChecked(Message, bubble=False):
    """Sent to each screen when this process's hold on its role was checked (pmtui/ui/live.py).

    A role screen shows `banner` at its top while it is read-only, and no banner otherwise.
    """

    read_only: bool
    """Another process holds the role: this screen may change nothing."""
    banner: str
    """Who holds the role and how to take it over ("" when not read-only)."""
    free: bool
    """The holder has gone: the role can be taken now."""
