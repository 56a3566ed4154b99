"""Put text on the system clipboard with pyperclip, and say plainly whether it worked."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CopyResult:
    """What happened when we tried to copy."""

    ok: bool
    """True when a clipboard mechanism took the text."""
    how: str
    """The mechanism pyperclip used (e.g. "xclip", "pbcopy", "wl-copy"), or "" when none."""
    message: str
    """One sentence for the user, e.g. "Copied 4,210 characters to the clipboard (xclip)."."""


def copy_text(text: str) -> CopyResult:
    """Copy text to the clipboard; never raises.

    Where no clipboard exists (a server over SSH, CI) pyperclip raises PyperclipException; the
    result then says nothing was copied. The app adds Textual's OSC 52 copy as a fallback, which
    works over SSH but cannot tell whether the terminal took the text.
    """
    try:
        import pyperclip
    except ImportError:  # pragma: no cover - a dependency, but a broken install should not crash
        return CopyResult(False, "", "Nothing was copied: the pyperclip package is not installed.")
    try:
        pyperclip.copy(text)
    except pyperclip.PyperclipException as error:
        reason = " ".join(str(error).split())
        short = reason.split(".")[0] if reason else "no clipboard mechanism found"
        return CopyResult(False, "", f"Nothing was copied: no clipboard is available here ({short}).")
    except (OSError, RuntimeError) as error:  # a clipboard tool that exists but fails (no display…)
        return CopyResult(False, "", f"Nothing was copied: the clipboard tool failed ({error}).")
    how = getattr(pyperclip.copy, "__name__", "").removeprefix("copy_").replace("_", "-")
    if how in ("", "lazy-load-stub-copy", "copy"):
        how = "pyperclip"
    return CopyResult(True, how, f"Copied {len(text):,} characters to the clipboard ({how}).")
