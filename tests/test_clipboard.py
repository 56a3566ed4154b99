"""Clipboard: say plainly whether the text was copied; never raise."""

from __future__ import annotations

import pyperclip
import pytest

from pmtui.ui.clipboard import CopyResult, copy_text


def test_copy_succeeds_and_names_the_mechanism(monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []

    def copy_wl_clipboard(text: str) -> None:
        copied.append(text)

    monkeypatch.setattr(pyperclip, "copy", copy_wl_clipboard)
    result = copy_text("héllo 🔥")
    assert copied == ["héllo 🔥"]
    assert result == CopyResult(True, "wl-clipboard", "Copied 7 characters to the clipboard (wl-clipboard).")


def test_no_clipboard_mechanism_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    def copy(text: str) -> None:
        raise pyperclip.PyperclipException(
            "\n    Pyperclip could not find a copy/paste mechanism for your system.\n    For more information..."
        )

    monkeypatch.setattr(pyperclip, "copy", copy)
    result = copy_text("x")
    assert not result.ok and result.how == ""
    assert result.message.startswith("Nothing was copied: no clipboard is available here")
    assert "\n" not in result.message


def test_a_failing_clipboard_tool_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    def copy(text: str) -> None:
        raise FileNotFoundError(2, "No such file or directory", "xclip")

    monkeypatch.setattr(pyperclip, "copy", copy)
    result = copy_text("x")
    assert not result.ok and "clipboard tool failed" in result.message
