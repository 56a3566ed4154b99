"""Read a postmortem document of any supported format and turn it into session text, with a report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pmtui.docimport.document import Document
from pmtui.docimport.mapper import Mapped, map_document
from pmtui.docimport.writer import check_mapped, session_text
from pmtui.domain.errors import SessionReadError
from pmtui.domain.model import Session
from pmtui.storage.files import Expected, read_regular

MAX_TEXT_BYTES = 10 * 1024 * 1024
"""A Markdown or HTML postmortem is tens of kilobytes; far larger files are refused, not parsed."""
MAX_DOCX_BYTES = 50 * 1024 * 1024
"""A Word file may carry screenshots, so it may be larger; its unpacked size is checked apart."""


def _document(limit: int) -> Expected:
    return Expected(
        noun="a postmortem",
        limit=limit,
        folder="is a folder; to import every document in it use --into OUTDIR",
        not_regular="name a document",
    )


TEXT_DOCUMENT, WORD_DOCUMENT = _document(MAX_TEXT_BYTES), _document(MAX_DOCX_BYTES)

FORMATS: dict[str, str] = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown", ".txt": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".docx": "docx",
}  # fmt: skip
"""File extension -> reader. `-` (standard input) is read as Markdown."""

SECTION_WORDS = {
    "timeline": ("timeline entry", "timeline entries"),
    "whys": ("why", "whys"),
    "went_well": ("went well", "went well"),
    "went_wrong": ("went wrong", "went wrong"),
    "lucky": ("lucky", "lucky"),
    "actions": ("action", "actions"),
    "questions": ("question", "questions"),
}


@dataclass
class Imported:
    """A document's import: the mapping, the session text to write, and the session it holds."""

    mapped: Mapped
    text: str
    session: Session

    @property
    def kept_as_notes(self) -> int:
        """How many things landed in no field: kept only as text, or not readable and kept in the notes."""
        return len(self.mapped.kept) + len(self.mapped.unreadable)

    def summary(self) -> str:
        """`14 timeline entries, 5 actions, 3 went well, 2 paragraphs kept as notes`."""
        mapped = self.mapped
        parts = []
        for section, (one, many) in SECTION_WORDS.items():
            count = mapped.count(section)
            if count:
                parts.append(f"{count} {one if count == 1 else many}")
        if mapped.attendees:
            parts.append(f"{len(mapped.attendees)} attendee{'s' if len(mapped.attendees) != 1 else ''}")
        notes = mapped.narrative + len(mapped.kept)
        if notes:
            parts.append(f"{notes} paragraph{'s' if notes != 1 else ''} kept as notes")
        if mapped.unreadable:
            parts.append(f"{len(mapped.unreadable)} not read")
        return ", ".join(parts) or "nothing but the title"


def format_of(name: str) -> str:
    """The reader for a file name, or a SessionReadError naming the formats there are."""
    if name == "-":
        return "markdown"
    found = FORMATS.get(Path(name).suffix.lower())
    if found is None:
        raise SessionReadError(name, "is not a document pmtui import reads; use a .md, .html or .docx file")
    return found


def decode(data: bytes, path: Path | str) -> str:
    """Text from bytes: UTF-8 (with or without BOM), else Windows-1252, which Word's HTML often is."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SessionReadError(path, "is a binary file, not a text document")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_document(name: str, stdin_text: str | None = None) -> Document:
    """The blocks of the document `name` (a path, or `-` with stdin_text)."""
    kind = format_of(name)
    if name == "-":
        from pmtui.docimport.markdown_reader import read_markdown

        if len(stdin_text or "") > MAX_TEXT_BYTES:
            raise SessionReadError("<stdin>", f"is over {MAX_TEXT_BYTES // 2**20} MB, too large for a postmortem")
        return read_markdown(stdin_text or "", "<stdin>")
    path = Path(name)
    if kind == "docx":
        from pmtui.docimport.docx_reader import read_docx

        read_regular(path, WORD_DOCUMENT)  # the same refusals (folder, pipe, size) as the other formats
        return read_docx(path, name)
    text = decode(read_regular(path, TEXT_DOCUMENT), path)
    if kind == "html":
        from pmtui.docimport.html_reader import read_html

        return read_html(text, name)
    from pmtui.docimport.markdown_reader import read_markdown

    return read_markdown(text, name)


def import_document(document: Document, timezone: str | None = None) -> Imported:
    """Map a document and build its session text; a SessionReadError if the result is not a valid session."""
    mapped = map_document(document, timezone)
    try:
        session = check_mapped(mapped)
        text = session_text(mapped)
    except ValueError as error:
        raise SessionReadError(document.name, f"{error}; nothing written, please report it") from None
    return Imported(mapped, text, session)
