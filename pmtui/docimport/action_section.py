"""The actions section: action items from tables (columns in any order) and from task lists and bullets."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from pmtui.docimport import fields as f
from pmtui.docimport.document import Heading, ListItem, Paragraph, Table
from pmtui.docimport.reader_part import ReaderPart

if TYPE_CHECKING:
    from pmtui.docimport.mapper import Group

_PARENS = re.compile(r"\s*\((?P<inner>[^()]*)\)")
_DUE = re.compile(
    r"\b(?:due|by|eta|deadline)\s*[:=]?\s*(?P<date>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{4})?)",
    re.IGNORECASE,
)
_TRACKER_END = re.compile(r"\s*[\[(]?(?P<t>#\d+|[A-Z][A-Z0-9]{1,9}-\d+|https?://\S+)[\])]?\s*$")
_TRACKER_LABEL = re.compile(r"\s*\b(?:ticket|jira|bug|issue|tracker)\s*[:=]\s*(?P<t>\S+)\s*", re.IGNORECASE)
_PRIORITY_TAG = re.compile(r"\s*(?:[\[(](?P<a>P[0-5])[\])]|!(?P<b>P?[0-5])\b)", re.IGNORECASE)
_STATUS_IN_CELL = re.compile(r"\s*\b(?P<status>DONE|FIXED|CLOSED|COMPLETE|WONTFIX)\b\s*$")


class ActionSection(ReaderPart):
    """Part of EntryReader: reads an actions group."""

    addresses: list[tuple[dict[str, Any], list[str], str]]

    def _actions(self, group: Group) -> None:
        for block in group.blocks:
            if isinstance(block, Table):
                self._action_table(group, block)
            elif isinstance(block, ListItem):
                self._action_line(block.text, block.checked, block.where)
            elif isinstance(block, Paragraph) and f.OVERDUE_NOTE.fullmatch(" ".join(block.text.split())):
                continue  # derived from the due dates when the document was written
            elif (isinstance(block, Paragraph) and not f.is_placeholder(block.text)) or isinstance(block, Heading):
                self.keep_block(group, block)

    def _action_table(self, group: Group, table: Table) -> None:
        rows = table.rows
        columns = f.column_map(rows[0], f.ACTION_COLUMNS)
        if "text" not in columns:
            if len(columns) < 1:
                self.keep_block(group, table)
                return
            free = [i for i in range(len(rows[0])) if i not in columns.values()]
            if not free:
                self.keep_block(group, table)
                return
            columns["text"] = free[0]
        header = rows[0]
        for number, row in enumerate(rows[1:], start=2):
            cell = f.cells(row)
            where = f"{table.where}, row {number}"
            text = cell(columns["text"])
            if not text:
                if any(c.strip() for c in row):
                    self.keep(group, " | ".join(row), where)
                continue
            fields: dict[str, Any] = {}
            problems: list[str] = []
            if cell(columns.get("id")):
                fields["id"] = cell(columns["id"])
            owner = cell(columns.get("owner"))
            if owner and not f.is_placeholder(owner):
                fields["owner"] = f.owner_name(owner)
            for name, read in (
                ("due", lambda v: f.due_date(v, self.day)),
                ("status", f.action_status),
                ("kind", f.action_kind),
                ("priority", f.priority),
            ):
                value = cell(columns.get(name))
                if value and not f.is_placeholder(value):
                    found = read(value)
                    if found is None:
                        problems.append(f"{header[columns[name]].strip()}: {value}")
                    else:
                        fields[name] = found.isoformat() if isinstance(found, dt.date) else found.value
            tracker = cell(columns.get("tracker"))
            marked = _STATUS_IN_CELL.search(tracker)
            if marked and "status" not in fields:  # the SRE book marks a done item in its bug column
                fields["status"] = f.action_status(marked["status"]).value  # type: ignore[union-attr]
                tracker = tracker[: marked.start()].strip()
            if tracker and not f.is_placeholder(tracker):
                fields["tracker"] = tracker
            extras = [
                f"{header[i].strip()}: {value}"
                for i, value in enumerate(row)
                if i not in columns.values() and i < len(header) and value.strip() and not f.is_placeholder(value)
            ]
            fields["text"] = "\n".join([text, *problems, *extras])
            if problems:
                self.m.unreadable.append(f"{where}: {'; '.join(problems)} could not be read; kept in the action's text")
            if extras:
                self.m.kept.append(f"{where}: {'; '.join(extras)} (no field; kept in the action's text)")
            if "due" in fields:
                fields["due"] = dt.date.fromisoformat(fields["due"])
            entry = self.add("actions", fields)
            refs = cell(columns.get("addresses"))
            if refs and not f.is_placeholder(refs):
                self.addresses.append((entry, [r for r in refs.split("\n") if r.strip()], where))

    def _action_line(self, text: str, checked: bool | None, where: str) -> None:
        """`[ ] Add alert (@priya, due 2026-10-16) #4471`: owner, due, priority and tracker out of the text."""
        fields: dict[str, Any] = {}
        if checked is not None:
            fields["status"] = "done" if checked else "open"

        def parens(match: re.Match[str]) -> str:
            parts = [p.strip() for p in re.split(r"[,;]", match["inner"]) if p.strip()]
            taken = [self._action_part(part, fields) for part in parts]
            return "" if parts and all(taken) else match.group()

        text = _PARENS.sub(parens, text)
        for mention in reversed(f.mentions(text)):
            fields.setdefault("owner", mention["quoted"] or mention["name"].replace("_", " "))
            text = text[: mention.start()] + text[mention.end() :]
        due = _DUE.search(text)
        if due and "due" not in fields:
            found = f.due_date(due["date"], self.day)
            if found is not None:
                fields["due"] = found
                text = text[: due.start()] + text[due.end() :]
        priority = _PRIORITY_TAG.search(text)
        if priority:
            found_priority = f.priority(priority["a"] or priority["b"])
            if found_priority is not None:
                fields["priority"] = found_priority.value
                text = text[: priority.start()] + text[priority.end() :]
        label = _TRACKER_LABEL.search(text)
        if label:
            fields["tracker"] = label["t"]
            text = text[: label.start()] + " " + text[label.end() :]
        tracker = _TRACKER_END.search(text)
        if tracker and "tracker" not in fields and tracker.start() > 0:
            fields["tracker"] = tracker["t"]
            text = text[: tracker.start()]
        fields["text"] = " ".join(text.split()).strip(" -–—,;") if "\n" not in text else text.strip()
        if fields["text"]:
            self.add("actions", fields)

    def _action_part(self, part: str, fields: dict[str, Any]) -> bool:
        """One comma-separated part of `(@priya, due 2026-10-16, P1)`; False when it is ordinary text."""
        if part.startswith("@"):
            fields.setdefault("owner", f.owner_name(part))
            return True
        key, _, value = part.partition(":") if ":" in part else part.partition(" ")
        key = key.strip().lower()
        if key in ("owner", "assignee", "who", "dri") and value.strip():
            fields["owner"] = f.owner_name(value)
            return True
        if key in ("due", "by", "eta", "deadline"):
            found = f.due_date(value, self.day)
            if found is not None:
                fields["due"] = found
                return True
        if f.priority(part) is not None and part.upper().startswith("P"):
            fields["priority"] = f.priority(part).value  # type: ignore[union-attr]
            return True
        return False
