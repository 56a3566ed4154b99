"""Keys as terminals send them, read the way the app's bindings name them.

Most terminals send alt+digit as ESC then the digit (GNOME Terminal, Konsole, tmux, xterm with
metaSendsEscape, iTerm2 with "Esc+"). Textual reads those as the characters macOS types for
Option+digit (ESC 2 is "™", a WezTerm-on-macOS convention), so the notetaker's alt+1…7 tab keys
typed "¡™£¢∞§¶" into the note in hand instead of switching tabs. Read as alt+digit, they switch
tabs and type nothing. A Mac that sends the characters themselves still types them.
"""

from __future__ import annotations

from typing import Any, cast

from textual import _ansi_sequences

ESC_DIGITS = tuple(f"\x1b{digit}" for digit in "1234567890")


def read_esc_digits_as_alt() -> None:
    """Make ESC+digit reach the app as alt+digit (idempotent; Textual's table is process-wide)."""
    table = cast(dict[str, Any], _ansi_sequences.ANSI_SEQUENCES_KEYS)
    for sequence in ESC_DIGITS:
        table.pop(sequence, None)
