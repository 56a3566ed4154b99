"""Word documents (.docx, also Google Docs' download) to blocks with python-docx, after a zip safety check."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from pmtui.docimport.document import Document, Heading, ListItem, Paragraph, Table, clean_lines
from pmtui.domain.errors import SessionReadError, unreadable

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
"""A postmortem's XML is well under a megabyte; images are bigger but still far below this."""
MAX_RATIO = 200
"""Compression ratio above which one member is treated as a zip bomb (XML compresses about 10:1)."""

_CHECKBOX_MARKS = {"☐": False, "☑": True, "☒": True, "✅": True}


def check_archive(path: Path) -> None:
    """Refuse what is not a .docx, or would unpack to far more than any document (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise SessionReadError(path, "is not a Word document: a .docx is a zip archive and this is not one") from None
    except OSError as error:
        raise unreadable(path, error) from None
    names = {member.filename for member in members}
    if "word/document.xml" not in names:
        raise SessionReadError(path, "is a zip archive but not a Word document (no word/document.xml)")
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_BYTES:
        raise SessionReadError(
            path, f"would unpack to {total / 1e6:.0f} MB (over {MAX_UNPACKED_BYTES // 2**20} MB): refused as a zip bomb"
        )
    for member in members:
        ratio = member.file_size // max(member.compress_size, 1)
        if member.file_size > 1_000_000 and ratio > MAX_RATIO:
            raise SessionReadError(path, f"{member.filename} is compressed {ratio}:1: refused as a zip bomb")


def read_docx(path: Path, name: str) -> Document:
    """The blocks of a Word document: headings by style, lists by numbering, tables, paragraphs."""
    check_archive(path)
    import docx  # python-docx: imported here, so Markdown imports never pay for it

    try:
        word = docx.Document(str(path))
    except Exception as error:  # python-docx raises many kinds (KeyError, lxml's XMLSyntaxError, …)
        raise SessionReadError(path, f"is not a Word document python-docx can read ({type(error).__name__})") from None
    document = Document(name)
    for number, part in enumerate(word.iter_inner_content(), start=1):
        where = f"paragraph {number}"
        if hasattr(part, "rows"):
            rows = [[cell.text.strip() for cell in _unique_cells(row)] for row in part.rows]
            if rows:
                document.blocks.append(Table(rows, where, has_header=True))
            continue
        lines = clean_lines(part.text)
        if not any(line.strip() for line in lines):
            continue
        style = (part.style.name if part.style is not None else "") or ""
        level = _heading_level(style)
        if level:
            document.blocks.append(Heading(level, " ".join(" ".join(lines).split()), where))
        elif _is_list(part, style):
            checked = None
            if lines[0][:1] in _CHECKBOX_MARKS:
                checked = _CHECKBOX_MARKS[lines[0][0]]
                lines[0] = lines[0][1:].strip()
            document.blocks.append(ListItem(lines, where, checked, _list_depth(part), "Number" in style))
        else:
            document.blocks.append(Paragraph(lines, where))
    return document


def _heading_level(style: str) -> int:
    if style == "Title":
        return 1
    if style.startswith("Heading "):
        number = style.removeprefix("Heading ").strip()
        return int(number) if number.isdigit() else 0
    return 0


def _is_list(paragraph: Any, style: str) -> bool:
    if style.startswith("List"):
        return True
    properties = paragraph._p.pPr  # numbering lives in the paragraph properties, not the style name
    return properties is not None and properties.numPr is not None


def _list_depth(paragraph: Any) -> int:
    properties = paragraph._p.pPr
    if properties is None or properties.numPr is None or properties.numPr.ilvl is None:
        return 0
    return int(properties.numPr.ilvl.val or 0)


def _unique_cells(row: Any) -> list[Any]:
    """A row's cells, a merged cell once (python-docx repeats it for every grid column it spans)."""
    cells: list[Any] = []
    for cell in row.cells:
        if not cells or cell._tc is not cells[-1]._tc:
            cells.append(cell)
    return cells
