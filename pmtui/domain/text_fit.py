"""Fitting text into a width: cut at a character (clip, clip_line) or at a word (shorten), ending in …"""

from __future__ import annotations

ELLIPSIS = "…"


def clip(text: str, width: int) -> str:
    """text if it fits in width characters, else its first width - 1 characters and …"""
    return text if len(text) <= width else text[: max(0, width - 1)] + ELLIPSIS


def clip_line(text: str, width: int) -> str:
    """The text on one line (each run of white space one space), clipped to width; no space is left before the …"""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: max(0, width - 1)].rstrip() + ELLIPSIS


def shorten(text: str, limit: int = 60) -> str:
    """The text on one line, cut at a word boundary with … when longer than limit."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + ELLIPSIS
