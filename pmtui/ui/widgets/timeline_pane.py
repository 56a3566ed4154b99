"""TimelinePane: what happened when, typed as `14:05 alert PagerDuty paged the on-call`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from operator import attrgetter
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from pmtui.domain.model import Entry, Session, TimelineEvent, TimelineKind
from pmtui.domain.splice import changed_span, extreme_after
from pmtui.domain.text_safety import visible
from pmtui.domain.time_entry import (
    TimeContext,
    TimeEntryError,
    format_clock,
    format_for_entry,
    incident_day,
    parse_time,
    parse_timeline_line,
)
from pmtui.domain.timeline_import import insert_position
from pmtui.ui.contract import host
from pmtui.ui.widgets.entry_pane import EntryPane, PaneColumn, QuickEntry, QuickEntryError, clip
from pmtui.ui.widgets.form_fields import FormField
from pmtui.ui.widgets.redraw import show_in_place

_AT = attrgetter("at")

MILESTONES = {
    TimelineKind.IMPACT_START,
    TimelineKind.DETECTED,
    TimelineKind.ALERT,
    TimelineKind.ACKNOWLEDGED,
    TimelineKind.MITIGATED,
    TimelineKind.IMPACT_END,
    TimelineKind.RESOLVED,
}
"""Kinds the metrics are derived from: shown in bold."""

CLOCK_WIDTH, DATED_WIDTH = 8, 19


class TimelinePane(EntryPane):
    """The incident's timeline, in time order; new entries are inserted where their time belongs."""

    DEFAULT_CSS = """
    TimelinePane > .quick-hint { height: auto; padding: 0 1; color: $text-muted; display: none; }
    TimelinePane > .quick-hint.-shown { display: block; }
    """

    SECTION: ClassVar[str] = "timeline"
    TITLE: ClassVar[str] = "Timeline"
    NOUN: ClassVar[str] = "timeline entry"
    START_AT_END: ClassVar[bool] = True
    DRAWN_FROM: ClassVar[frozenset[str]] = frozenset({"incident"})  # times in the incident's zone and day

    COLUMNS: ClassVar[Sequence[PaneColumn]] = (
        PaneColumn("at", "Time", CLOCK_WIDTH),
        PaneColumn("kind", "Kind", 13),
        PaneColumn("text", "What happened"),
    )
    PLACEHOLDER: ClassVar[str] = "e.g. 14:05 alert PagerDuty paged the on-call   (times: 14:05, 2:05pm, now, +5m, -2m)"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._clock_context: tuple[dt.tzinfo, dt.date] | None = None
        """The zone and the incident's day the rows' times were drawn for."""
        self._ends_of: tuple[Sequence[TimelineEvent], tuple[dt.datetime, ...]] = ((), ())
        """A timeline as last shown, and its earliest and latest moment."""

    def _day(self) -> dt.date:
        incident = self.session.incident
        return incident_day(incident.started_at, incident.tz, self.app_clock())

    def app_clock(self) -> dt.datetime:
        return host(self).clock()

    def _time_context(self, previous: dt.datetime | None) -> TimeContext:
        """How a time typed here is read: in the incident's zone and on its day, after `previous`."""
        return TimeContext(self.session.incident.tz, previous, self.app_clock(), self._day())

    def cells(self, entry: Entry) -> tuple[Any, ...]:
        assert isinstance(entry, TimelineEvent)
        incident = self.session.incident
        kind_style = "bold" if entry.kind in MILESTONES else ("dim" if entry.kind == TimelineKind.NOTE else "")
        return (
            format_clock(entry.at, incident.tz, self._day()),
            clip(entry.kind.value, kind_style),
            clip(entry.text),
        )

    def detail(self, entry: Entry) -> str | Text:
        assert isinstance(entry, TimelineEvent)
        incident = self.session.incident
        text = Text()
        text.append(f"{format_clock(entry.at, incident.tz, None)} {entry.kind.value}: ", style="bold")
        text.append(visible(entry.text))
        if entry.source:
            text.append(f"\nsource: {visible(entry.source)}", style="dim")
        if entry.author:
            text.append(f"   reported by {visible(entry.author)}", style="dim")
        return text

    def show_session(self, session: Session, *, redraw: bool = True, local: bool = False) -> None:
        if self.is_attached:
            context = (
                session.incident.tz,
                incident_day(session.incident.started_at, session.incident.tz, self.app_clock()),
            )
            if context != self._clock_context:
                # Times are shown in the incident's zone and day, so cells cached per entry are stale.
                self.forget_rows()
                self._clock_context = context
                redraw = True
        super().show_session(session, redraw=redraw, local=local)
        if not self.is_mounted or not redraw or self._clock_context is None:
            return
        # Show dates only when the incident spans days: widen the time column then. From the
        # entries, not the rows (a row's cells are built only when drawn); the first and the last
        # moment settle it, as a local date only moves forward with time.
        tz, day = self._clock_context
        ends = self._ends(session.timeline)
        dated = any(at.astimezone(tz).date() != day for at in ends)
        self.table.set_column_width("at", DATED_WIDTH if dated else CLOCK_WIDTH)

    def _ends(self, timeline: Sequence[TimelineEvent]) -> tuple[dt.datetime, ...]:
        """The timeline's earliest and latest moment (none if empty); after an add, from the new entry alone,
        and after a delete of the latest entry (an undone add), a walk for the latest only."""
        last, ends = self._ends_of
        start, old_stop, new_stop = changed_span(last, timeline)
        gone = {entry.at for entry in last[start:old_stop]}
        came = list(map(_AT, timeline[start:new_stop]))
        earliest, latest = ends or (None, None)
        first = extreme_after(earliest, gone, came, lambda: map(_AT, timeline), highest=False)
        final = extreme_after(latest, gone, came, lambda: map(_AT, timeline), highest=True)
        ends = () if first is None or final is None else (first, final)
        self._ends_of = (timeline, ends)
        return ends

    # ----------------------------------------------------------------- quick entry

    def _previous(self) -> dt.datetime | None:
        entry = self.selected_entry()
        if isinstance(entry, TimelineEvent):
            return entry.at
        timeline = self.session.timeline
        return timeline[-1].at if timeline else None

    def parse_quick_entry(self, line: str) -> QuickEntry:
        try:
            at, kind, text = parse_timeline_line(line, self._time_context(self._previous()))
        except TimeEntryError as error:
            raise QuickEntryError(str(error)) from None
        fields = {"at": at, "kind": kind or TimelineKind.NOTE, "text": text}
        return QuickEntry(fields, insert_position(self.session.timeline, at))

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield Static("", classes="quick-hint", markup=False)

    @on(Input.Changed, ".quick-entry")
    def _explain_line(self, event: Input.Changed) -> None:
        """Say how the line will be read while it is typed (problems wait for Enter: lines start incomplete)."""
        hint = self.query_one(".quick-hint", Static)
        line = event.value.strip()
        reading = None
        if line:
            try:
                reading = self.parse_quick_entry(line)
            except QuickEntryError:
                reading = None
        if reading is None:
            hint.set_class(False, "-shown")
            return
        incident = self.session.incident
        at, kind = reading.fields["at"], reading.fields["kind"]
        local = at.astimezone(incident.tz)
        position = reading.position or 0
        after = self.session.timeline[position - 1].id if position else None
        where = f"after {after}" if after else "first"
        # At every key: a layout only when the hint's height changes.
        show_in_place(hint, f"→ {local:%a %d %b %H:%M:%S} {local.tzname()} · {kind.value} · goes {where}")
        hint.set_class(True, "-shown")
        self.show_error("")

    # ----------------------------------------------------------------- edit form

    def form_fields(self, entry: Entry) -> list[FormField]:
        zone = self.session.incident.timezone
        return [
            FormField(
                "at", "Time", hint=f"14:05, 14:05:30, 2:05pm, 2026-11-20 14:05 or +2m — in {zone}", required=True
            ),
            FormField("kind", "Kind", kind="choice", choices=[k.value for k in TimelineKind], required=True),
            FormField("text", "What happened", kind="text", required=True),
            FormField("source", "Source", hint="link to a dashboard, log query or chat message (optional)"),
            FormField("author", "Reported by", hint="who reported this entry (optional; not who caused anything)"),
        ]

    def form_values(self, entry: Entry) -> dict[str, str]:
        assert isinstance(entry, TimelineEvent)
        values = super().form_values(entry)
        incident = self.session.incident
        values["at"] = format_for_entry(entry.at, incident.tz, self._day())
        return values

    def fields_from_form(self, entry: Entry, values: dict[str, str]) -> dict[str, Any]:
        assert isinstance(entry, TimelineEvent)
        try:
            at = parse_time(values.get("at", ""), self._time_context(entry.at))
        except TimeEntryError as error:
            raise ValueError(str(error)) from None
        fields = super().fields_from_form(entry, {k: v for k, v in values.items() if k != "at"} | {"at": "x"})
        fields["at"] = at
        fields["kind"] = TimelineKind(values["kind"]) if values.get("kind") else TimelineKind.NOTE
        return fields

    def edited_position(self, entry: Entry, fields: dict[str, Any]) -> int | None:
        assert isinstance(entry, TimelineEvent)
        at = fields.get("at", entry.at)
        if at == entry.at:
            return None
        target = insert_position(self.session.timeline, at, skip=entry.id)
        current = next(i for i, e in enumerate(self.session.timeline) if e.id == entry.id)
        return None if target == current else target
