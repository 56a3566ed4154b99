"""Markdown to blocks with markdown-it-py (CommonMark, GFM tables, task lists via mdit-py-plugins)."""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin

from pmtui.docimport.document import Block, Document, Heading, ListItem, Paragraph, Table, clean_lines

_PARSER: MarkdownIt | None = None


def parser() -> MarkdownIt:
    """The one markdown-it parser (building it costs more than parsing a short document)."""
    global _PARSER
    if _PARSER is None:
        _PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(tasklists_plugin)
    return _PARSER


def inline_text(token: Any) -> str:
    """The plain text of an inline token: emphasis and links dropped, breaks as newlines."""
    parts: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak") or (
            kind == "html_inline" and child.content.lower().replace(" ", "").startswith(("<br>", "<br/>"))
        ):
            parts.append("\n")
        elif kind == "image":
            parts.append(inline_text(child))
    return "".join(parts)


def read_markdown(text: str, name: str) -> Document:
    """The blocks of a Markdown document."""
    tokens = parser().parse(text)
    document = Document(name)
    blocks = document.blocks
    depth = -1
    ordered: list[bool] = []
    item_stack: list[ListItem] = []
    table_rows: list[list[str]] | None = None
    row: list[str] | None = None
    index = 0
    count = len(tokens)
    while index < count:
        token = tokens[index]
        kind = token.type
        if kind in _SKIPPED:  # most tokens: openers and closers that carry nothing
            index += 1
            continue
        if kind == "inline":
            if row is not None:
                row.append(inline_text(token).strip())
            elif table_rows is None:
                lines = clean_lines(inline_text(token))
                if item_stack and tokens[index - 1].type == "paragraph_open":
                    item = item_stack[-1]
                    item.lines.extend(lines if not item.lines else ["", *lines] if lines else [])
                elif lines:
                    blocks.append(Paragraph(lines, _where(tokens[index - 1])))
        elif kind == "heading_open":
            blocks.append(Heading(int(token.tag[1]), inline_text(tokens[index + 1]).strip(), _where(token)))
            index += 3
            continue
        elif kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            ordered.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            ordered.pop()
        elif kind == "list_item_open":
            checked = None
            if "task-list-item" in str(token.attrs.get("class", "")):
                checked = _task_checked(tokens, index)
            item = ListItem([], _where(token), checked, depth, ordered[-1] if ordered else False)
            item_stack.append(item)
            blocks.append(item)
        elif kind == "list_item_close":
            item_stack.pop()
        elif kind in ("fence", "code_block"):
            lines = clean_lines(token.content)
            if lines:
                blocks.append(Paragraph(lines, _where(token), code=True))
        elif kind == "html_block":
            blocks.extend(_html_blocks(token.content, _where(token)))
        elif kind == "table_open":
            table_rows = []
            blocks.append(Table(table_rows, _where(token)))
        elif kind == "table_close":
            table_rows = None
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and table_rows is not None and row is not None:
            table_rows.append(row)
            row = None
        index += 1
    # An item holding only a nested list has no text of its own.
    document.blocks = [b for b in blocks if not (isinstance(b, ListItem) and not b.lines)]
    return document


_SKIPPED = frozenset(
    ("paragraph_open", "paragraph_close", "td_open", "td_close", "th_open", "th_close", "thead_open",
     "thead_close", "tbody_open", "tbody_close", "heading_close", "blockquote_open", "blockquote_close", "hr")
)  # fmt: skip


def _where(token: Any) -> str:
    return f"line {token.map[0] + 1}" if token.map else ""


def _task_checked(tokens: list[Any], index: int) -> bool:
    """Whether the task-list checkbox the plugin put at the start of this item is ticked."""
    for token in tokens[index + 1 : index + 4]:
        if token.type == "inline" and token.children:
            first = token.children[0]
            return first.type == "html_inline" and 'checked="checked"' in first.content
    return False


def _html_blocks(html: str, where: str) -> list[Block]:
    """Raw HTML inside Markdown (a pasted table, <details>) read by the HTML reader."""
    from pmtui.docimport.html_reader import read_html

    found = read_html(html, "").blocks
    for block in found:
        block.where = where
    return found
