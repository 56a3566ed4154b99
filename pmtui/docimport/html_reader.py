"""HTML to blocks with a real HTML5 parser (selectolax, Lexbor): Confluence and Google Docs exports.

Broken HTML is parsed the way a browser would (HTML5 error recovery), so an unclosed tag or a
stray `</table>` costs nothing. Scripts, styles and comments are never text.
"""

from __future__ import annotations

from typing import Any

from selectolax.lexbor import LexborHTMLParser

from pmtui.docimport.document import Block, Document, Heading, ListItem, Paragraph, Table, clean_lines
from pmtui.domain.errors import SessionReadError

_SKIP = {"script", "style", "head", "template", "noscript", "svg", "math", "iframe", "object", "button", "select"}
_INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd",
    "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u",
    "var", "wbr", "img", "input", "-text", "nobr",
}  # fmt: skip
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_CHECKBOX_MARKS = {"☐": False, "☑": True, "☒": True, "✅": True}
_CHROME = "#breadcrumb-section, .page-metadata, #footer, #footer-logo, .pageSection.group, #navigation, nav"
"""Parts of a Confluence page export that are the wiki's, not the postmortem's."""
_MENTIONS = {"confluence-userlink", "user-mention", "mention"}
"""Link classes that mark a person (Confluence, Google Docs): read as @"Name"."""


def read_html(html: str, name: str) -> Document:
    """The blocks of an HTML document, in reading order."""
    tree = LexborHTMLParser(html)
    document = Document(name)
    root = tree.body or tree.root
    if root is not None:
        for node in root.css(_CHROME):
            node.decompose()
        try:
            _Walker(document.blocks).walk(root, depth=-1)
        except RecursionError:
            # Thousands of nested elements: no postmortem looks like that, and walking it would overflow.
            raise SessionReadError(
                name or "<html>", "nests its elements hundreds deep; not a document to import"
            ) from None
    return document


class _Walker:
    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.buffer: list[str] = []

    def flush(self) -> None:
        lines = clean_lines("".join(self.buffer))
        self.buffer = []
        if any(line.strip() for line in lines):
            self.blocks.append(Paragraph(lines, f"block {len(self.blocks) + 1}"))

    def walk(self, node: Any, depth: int) -> None:
        child = node.child
        while child is not None:
            self.visit(child, depth)
            child = child.next
        self.flush()

    def visit(self, node: Any, depth: int) -> None:
        tag = node.tag
        if tag in _SKIP or tag == "-comment":
            return
        if _is_inline(node):
            self.buffer.append(inline_text(node))
            return
        if tag == "br":
            self.buffer.append("\n")
            return
        self.flush()
        where = f"block {len(self.blocks) + 1}"
        level = _HEADINGS.get(tag) or (1 if tag == "p" and "title" in _classes(node) else 0)
        if level:  # Google Docs writes its Title style as <p class="title">
            text = " ".join(inline_text(node).split())
            if text:
                self.blocks.append(Heading(level, text, where))
        elif tag in ("ul", "ol"):
            self._list(node, depth + 1, ordered=tag == "ol")
        elif tag == "table":
            self._table(node, where)
        elif tag == "pre":
            lines = clean_lines(node.text(deep=True))
            if lines:
                self.blocks.append(Paragraph(lines, where, code=True))
        else:  # p, div, section, blockquote, li outside a list…: its text, then its blocks
            self.walk(node, depth)

    def _list(self, node: Any, depth: int, ordered: bool) -> None:
        for item in _children(node):
            if item.tag != "li":
                self.visit(item, depth)
                continue
            text_parts: list[str] = []
            nested: list[Any] = []
            for part in _children(item, text=True):
                if part.tag in ("ul", "ol", "table"):
                    nested.append(part)
                elif part.tag in _SKIP or part.tag == "-comment":
                    continue
                elif _is_inline(part):
                    text_parts.append(inline_text(part))
                elif part.tag == "br":
                    text_parts.append("\n")
                else:  # <p> inside <li> (Confluence, Google Docs)
                    text_parts.append("\n" + block_text(part) + "\n")
            lines = [line.strip() for line in clean_lines("".join(text_parts))]
            checked = _checked(item)
            if lines and lines[0][:1] in _CHECKBOX_MARKS:
                checked = _CHECKBOX_MARKS[lines[0][0]]
                lines[0] = lines[0][1:].strip()
            if any(lines):
                self.blocks.append(ListItem(lines, f"block {len(self.blocks) + 1}", checked, depth, ordered))
            for part in nested:
                if part.tag == "table":
                    self._table(part, f"block {len(self.blocks) + 1}")
                else:
                    self._list(part, depth + 1, ordered=part.tag == "ol")

    def _table(self, node: Any, where: str) -> None:
        rows: list[list[str]] = []
        has_header = False
        for row, in_head in _rows(node):
            cells = [c for c in _children(row) if c.tag in ("td", "th")]
            if not rows and (in_head or (cells and all(c.tag == "th" for c in cells))):
                has_header = True
            rows.append([block_text(cell).strip() for cell in cells])
        if rows:
            self.blocks.append(Table(rows, where, has_header))


def _rows(table: Any) -> list[tuple[Any, bool]]:
    """A table's own rows (not those of a table nested in a cell), each with whether it is in <thead>."""
    found = []
    for part in _children(table):
        if part.tag == "tr":
            found.append((part, False))
        elif part.tag in ("thead", "tbody", "tfoot"):
            found += [(row, part.tag == "thead") for row in _children(part) if row.tag == "tr"]
    return found


_BLOCKS = "p, div, h1, h2, h3, h4, h5, h6, ul, ol, li, table, pre, blockquote, section, article, dl"


def _classes(node: Any) -> list[str]:
    return (node.attributes.get("class") or "").split()


def _is_inline(node: Any) -> bool:
    """Inline and holding no blocks: broken HTML (an unclosed <b>) can wrap whole sections in one."""
    if node.tag == "-text":
        return True
    return node.tag in _INLINE and node.css_first(_BLOCKS) is None


def _children(node: Any, text: bool = False) -> list[Any]:
    found = []
    child = node.child
    while child is not None:
        if text or child.tag != "-text" or (child.text_content or "").strip():
            found.append(child)
        child = child.next
    return found


def _checked(item: Any) -> bool | None:
    """A task item's state: an `<input type=checkbox>` in it, or Confluence's `data-inline-task-id` + class."""
    if "data-inline-task-id" in item.attributes:
        return "checked" in (item.attributes.get("class") or "").split()
    box = item.css_first("input[type=checkbox]")
    if box is not None:
        return "checked" in box.attributes
    return None


def inline_text(node: Any) -> str:
    """The text of an inline element, with <br> as a newline."""
    tag = node.tag
    if tag == "-text":
        return _collapse(node.text_content or "")
    if tag == "br":
        return "\n"
    if tag == "img":
        return node.attributes.get("alt") or ""
    if tag in _SKIP or tag == "-comment":
        return ""
    text = "".join(inline_text(child) for child in _children(node, text=True))
    if tag == "a" and _MENTIONS & set((node.attributes.get("class") or "").split()):
        name = " ".join(text.split()).lstrip("@")
        return f'@"{name}"' if name else text
    return text


def _collapse(text: str) -> str:
    """HTML's white-space rule: runs of spaces and newlines are one space (<br> makes line breaks)."""
    if not text:
        return text
    inner = " ".join(text.split())
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() and inner else ""
    return lead + inner + trail


def block_text(node: Any) -> str:
    """The text of a cell or a paragraph-like element: inner blocks on lines of their own."""
    parts: list[str] = []
    for child in _children(node, text=True):
        if _is_inline(child) or child.tag == "br":
            parts.append(inline_text(child))
        elif child.tag in _SKIP or child.tag == "-comment":
            continue
        else:
            parts.append("\n" + block_text(child) + "\n")
    return "\n".join(line.strip() for line in clean_lines("".join(parts)) if line.strip())
