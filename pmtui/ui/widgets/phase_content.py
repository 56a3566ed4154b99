"""The current phase's content, large and read-only, so the room sees what the notetaker types."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from pmtui.domain.model import (
    ActionItem,
    Observation,
    Phase,
    Question,
    Session,
    TimelineEvent,
    TimelineKind,
    Why,
    WhyLayer,
)
from pmtui.domain.text_safety import visible
from pmtui.ui.messages import SessionUpdated
from pmtui.ui.widgets.entry_list import MARK_COLUMN, SPOTLIGHT_MARK, EntryList, ListColumn, ListRow

__all__ = ["SPOTLIGHT_MARK", "PhaseContent", "PhaseList"]


def column(key: str, label: str, width: int | None = None, *, secondary: bool = False) -> ListColumn:
    """A column of the room's view: long text wraps onto more lines, so the room reads all of it."""
    return ListColumn(key, label, width, wrap=True, secondary=secondary)


@dataclass(frozen=True)
class Palette:
    """Concrete colours from the theme (Rich Text in table cells cannot use theme variables)."""

    accent: str = "#FEA62B"
    error: str = "#B93C5B"
    warning: str = "#FEA62B"
    success: str = "#4EBF71"
    primary: str = "#0178D4"

    @classmethod
    def from_variables(cls, variables: dict[str, str]) -> Palette:
        def pick(*names: str) -> str:
            for name in names:
                value = variables.get(name, "")
                if value.startswith("#"):
                    return value[:7]
            return getattr(cls, names[-1])

        return cls(
            accent=pick("text-accent", "accent"),
            error=pick("text-error", "error"),
            warning=pick("text-warning", "warning"),
            success=pick("text-success", "success"),
            primary=pick("text-primary", "primary"),
        )


@dataclass(frozen=True)
class ViewOptions:
    """How the rows are drawn: the spotlight, large text, and the incident's time zone."""

    palette: Palette
    spotlight: str = ""
    large: bool = False
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    details: bool = True
    """Show the dim second lines (links, kinds, answers); off in large mode and on a narrow screen."""
    today: dt.date | None = None
    """The date overdue actions are measured against (the room's today in the incident's zone)."""


# ---------------------------------------------------------------------------------------------
# Rows per phase (pure: session in, cells out)


def _main(text: str, entry_id: str, options: ViewOptions, *, style: str = "") -> Text:
    spotlit = bool(entry_id) and entry_id == options.spotlight
    styles = [style, "bold" if options.large else "", f"bold {options.palette.accent}" if spotlit else ""]
    # A span, not the Text's base style: the dim details appended later must not inherit it.
    return Text.assemble((visible(text), " ".join(s for s in styles if s)))


def _with_details(main: Text, details: str, options: ViewOptions) -> Text:
    """The main text with a dim second line (links, kinds) that large mode and small screens leave out."""
    if details and options.details:
        main = main.copy()
        main.append("\n")
        main.append(visible(details), style="dim")
    return main


KIND_STYLE = {
    TimelineKind.IMPACT_START: "error",
    TimelineKind.DETECTED: "warning",
    TimelineKind.ALERT: "warning",
    TimelineKind.ACKNOWLEDGED: "warning",
    TimelineKind.MITIGATED: "success",
    TimelineKind.IMPACT_END: "success",
    TimelineKind.RESOLVED: "success",
    TimelineKind.REALIZATION: "primary",
}


def time_format(events: Sequence[TimelineEvent], tz: ZoneInfo) -> str:
    """strftime pattern for the timeline: seconds only if any entry has them, the day if it spans days."""
    pattern = "%H:%M:%S" if any(e.at.second for e in events) else "%H:%M"
    days = {e.at.astimezone(tz).date() for e in events}
    return f"%a {pattern}" if len(days) > 1 else pattern


def timeline_columns(events: Sequence[TimelineEvent], tz: ZoneInfo) -> list[ListColumn]:
    width = len(dt.datetime(2026, 11, 20, 14, 2, 0).strftime(time_format(events, tz)))
    return [
        column(MARK_COLUMN, "", 1),
        column("at", "Time", width),
        column("kind", "Kind", 13),
        column("text", "What happened"),
    ]


RowCache = dict[str, tuple[TimelineEvent, ViewOptions, str, ListRow]]


def timeline_rows(
    events: Sequence[TimelineEvent], options: ViewOptions, only: set[str] | None = None, cache: RowCache | None = None
) -> list[ListRow]:
    pattern = time_format(events, options.tz)
    rows = []
    chosen = events if only is None else [e for e in events if e.id in only]
    for event in sorted(chosen, key=lambda e: e.at):
        if cache is not None:
            # An entry equal to the one drawn, drawn the same way, keeps its row.
            hit = cache.get(event.id)
            if hit is not None and hit[0] == event and hit[1] == options and hit[2] == pattern:
                rows.append(hit[3])
                continue
        details = " · ".join(
            part for part in (event.source, f"reported by {event.author}" if event.author else "") if part
        )
        kind_colour = getattr(options.palette, KIND_STYLE.get(event.kind, ""), "")
        rows.append(
            ListRow(
                event.id,
                {
                    "at": Text(event.at.astimezone(options.tz).strftime(pattern), style="bold"),
                    "kind": Text(event.kind.value, style=kind_colour or "dim"),
                    "text": _with_details(_main(event.text, event.id, options), details, options),
                },
            )
        )
        if cache is not None:
            cache[event.id] = (event, options, pattern, rows[-1])
    return rows


LAYER_STYLE = {WhyLayer.IMMEDIATE: "warning", WhyLayer.PRECONDITION: "primary", WhyLayer.UNDERLYING: "success"}

WHY_COLUMNS = [
    column(MARK_COLUMN, "", 1),
    column("n", "#", 3),
    column("text", "Why? — Because …"),
    column("layer", "Layer", 12),
]


def why_rows(whys: Sequence[Why], options: ViewOptions) -> list[ListRow]:
    rows = []
    for number, why in enumerate(whys, start=1):
        text = _main(why.question, why.id, options, style="bold")
        text.append("\n")
        if why.answer.strip():
            text.append(visible(why.answer), style="bold" if options.large else "")
        else:
            text.append("(no answer yet)", style=f"italic {options.palette.warning}")
        layer = why.layer
        rows.append(
            ListRow(
                why.id,
                {
                    "n": Text(f"{number}.", style="bold"),
                    "text": text,
                    "layer": Text(layer.value, style=getattr(options.palette, LAYER_STYLE[layer]))
                    if layer
                    else Text("—", style="dim"),
                },
            )
        )
    return rows


WENT_WELL_COLUMNS = [column(MARK_COLUMN, "", 1), column("n", "#", 3), column("text", "Went well")]


def went_well_rows(entries: Sequence[Observation], options: ViewOptions) -> list[ListRow]:
    return [
        ListRow(e.id, {"n": Text(f"{n}.", style="bold"), "text": _main(e.text, e.id, options)})
        for n, e in enumerate(entries, start=1)
    ]


WENT_WRONG_COLUMNS = [
    column(MARK_COLUMN, "", 1),
    column("list", "", 5),
    column("text", "Went wrong, and where we were lucky"),
]


def went_wrong_rows(wrong: Sequence[Observation], lucky: Sequence[Observation], options: ViewOptions) -> list[ListRow]:
    rows = []
    for label, colour, entries in (("wrong", options.palette.error, wrong), ("lucky", options.palette.success, lucky)):
        for entry in entries:
            rows.append(
                ListRow(
                    entry.id,
                    {
                        "list": Text(label, style=f"bold {colour}"),
                        "text": _main(entry.text, entry.id, options),
                    },
                )
            )
    return rows


ACTION_COLUMNS = [
    column(MARK_COLUMN, "", 1),
    column("id", "Id", 3, secondary=True),
    column("text", "Action"),
    column("owner", "Owner", 16),
    column("due", "Due", 10),
]


def _owner_cell(action: ActionItem, options: ViewOptions) -> Text:
    if action.owner.strip():
        return Text(visible(action.owner), style="bold" if options.large else "")
    return Text("no owner", style=f"bold {options.palette.error}")


def _due_cell(action: ActionItem, options: ViewOptions) -> Text:
    if action.due is not None:
        if _overdue(action, options):
            # Reversed: read from the back of the room, not only by colour.
            return Text(action.due.isoformat(), style=f"bold reverse {options.palette.error}")
        return Text(action.due.isoformat())
    return Text("no date", style=f"bold {options.palette.error}")


def _overdue(action: ActionItem, options: ViewOptions) -> int:
    return action.days_overdue(options.today) if options.today is not None else 0


def _action_text(action: ActionItem, options: ViewOptions) -> Text:
    """The action's text, struck through when done, led by "OVERDUE 2d" when past its due date."""
    main = _main(action.text, action.id, options, style="strike dim" if not action.status.is_open else "")
    days = _overdue(action, options)
    if not days:
        return main
    return Text.assemble((f"OVERDUE {days}d", f"bold {options.palette.error}"), " ", main)


def action_rows(actions: Sequence[ActionItem], options: ViewOptions) -> list[ListRow]:
    rows = []
    for action in actions:
        parts = [
            action.priority.value,
            action.kind.value if action.kind else "no kind",
            action.status.value,
            f"answers {', '.join(action.addresses)}" if action.addresses else "",
            action.tracker,
        ]
        rows.append(
            ListRow(
                action.id,
                {
                    "id": Text(action.id, style="dim"),
                    "text": _with_details(_action_text(action, options), " · ".join(p for p in parts if p), options),
                    "owner": _owner_cell(action, options),
                    "due": _due_cell(action, options),
                },
            )
        )
    return rows


WRAP_UP_COLUMNS = [
    column(MARK_COLUMN, "", 1),
    column("text", "Read back: actions and open questions"),
    column("owner", "Owner / answer", 16),
    column("due", "Due", 10),
]


def wrap_up_rows(actions: Sequence[ActionItem], questions: Sequence[Question], options: ViewOptions) -> list[ListRow]:
    rows = []
    for action in actions:
        rows.append(
            ListRow(
                action.id,
                {
                    "text": _action_text(action, options),
                    "owner": _owner_cell(action, options),
                    "due": _due_cell(action, options),
                },
            )
        )
    for question in questions:
        answered = bool(question.answer.strip())
        rows.append(
            ListRow(
                question.id,
                {
                    "text": _main(f"? {question.text}", question.id, options, style="dim" if answered else ""),
                    "owner": Text("answered", style=options.palette.success)
                    if answered
                    else Text("open", style=f"bold {options.palette.warning}"),
                    "due": Text(""),
                },
            )
        )
    return rows


def table_for(
    session: Session, phase: Phase, options: ViewOptions, only: set[str] | None = None, cache: RowCache | None = None
) -> tuple[list[ListColumn], list[ListRow]] | None:
    """The table for a phase, or None for the summary (shown as text); `only` limits the timeline's rows."""
    if phase is Phase.TIMELINE:
        return timeline_columns(session.timeline, options.tz), timeline_rows(session.timeline, options, only, cache)
    if phase is Phase.WHYS:
        return WHY_COLUMNS, why_rows(session.whys, options)
    if phase is Phase.WENT_WELL:
        return WENT_WELL_COLUMNS, went_well_rows(session.went_well, options)
    if phase is Phase.WENT_WRONG:
        return WENT_WRONG_COLUMNS, went_wrong_rows(session.went_wrong, session.lucky, options)
    if phase is Phase.ACTIONS:
        return ACTION_COLUMNS, action_rows(session.actions, options)
    if phase is Phase.WRAP_UP:
        return WRAP_UP_COLUMNS, wrap_up_rows(session.actions, session.questions, options)
    return None


DRAWN_FROM: dict[Phase, tuple[str, ...]] = {
    Phase.SUMMARY: ("incident", "roles", "attendees"),
    Phase.TIMELINE: ("incident", "timeline"),
    Phase.WENT_WELL: ("incident", "went_well"),
    Phase.WENT_WRONG: ("incident", "went_wrong", "lucky"),
    Phase.WHYS: ("incident", "whys"),
    Phase.ACTIONS: ("incident", "actions"),
    Phase.WRAP_UP: ("incident", "actions", "questions"),
}
"""The sections each phase's view is drawn from (the incident for its time zone): if none changed, it stands."""


def content_title(session: Session, phase: Phase) -> Content:
    """The line above the content: what is shown, how much of it, and in which time zone."""
    counts = {
        Phase.TIMELINE: _count(len(session.timeline), "entry", "entries"),
        Phase.WENT_WELL: _count(len(session.went_well), "entry", "entries"),
        Phase.WENT_WRONG: f"{len(session.went_wrong)} wrong · {len(session.lucky)} lucky",
        Phase.WHYS: _count(len(session.whys), "why", "whys"),
        Phase.ACTIONS: _count(len(session.actions), "action", "actions"),
        Phase.WRAP_UP: f"{_count(len(session.actions), 'action', 'actions')} · "
        f"{sum(1 for q in session.questions if not q.answer.strip())} open questions",
    }
    parts: list[tuple[str, str] | str] = [(phase.title, "bold")]
    if phase in counts:
        parts.append((f"  {counts[phase]}", "$text-muted"))
    if phase is Phase.TIMELINE:
        parts.append((f"  ·  times in {session.incident.timezone}", "$text-muted"))
    return Content.assemble(*parts)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


EMPTY_HINTS = {
    Phase.TIMELINE: "No timeline entries yet. Ask: what was the first symptom, and when?",
    Phase.WENT_WELL: "Nothing noted yet on what went well.",
    Phase.WENT_WRONG: "Nothing noted yet on what went wrong or where we were lucky.",
    Phase.WHYS: "No whys yet. Start from what users saw: why did that happen?",
    Phase.ACTIONS: "No action items yet.",
    Phase.WRAP_UP: "No actions or questions to read back.",
}


def summary_content(session: Session, large: bool) -> Content:
    """The summary phase: title, severity, start, impact and summary as text."""
    incident, tz = session.incident.model_copy(update=_shown_incident(session)), session.incident.tz
    facts = [incident.severity.value, incident.status.value]
    if incident.started_at:
        facts.append(f"started {incident.started_at.astimezone(tz):%a %d %b %Y %H:%M} ({incident.timezone})")
    if incident.owner:
        facts.append(f"owner {incident.owner}")
    body = "bold" if large else ""
    gap = "\n\n" if large else "\n"
    blocks = [
        Content.styled(incident.title or "Untitled incident", "bold $accent"),
        Content.styled(" · ".join(facts), "$text-muted"),
        Content(""),
        Content.styled("Summary", "bold underline"),
        Content.styled(
            incident.summary.strip() or "(no summary yet)", body if incident.summary.strip() else "italic $warning"
        ),
        Content(""),
        Content.styled("Impact", "bold underline"),
        Content.styled(
            incident.impact.strip() or "(no impact noted yet)", body if incident.impact.strip() else "italic $warning"
        ),
    ]
    if incident.notes.strip():  # background and root cause: narrative an imported document brought
        blocks += [Content(""), Content.styled("Notes", "bold underline"), Content(incident.notes.strip())]
    roles = session.roles
    people = [f"moderator {visible(roles.moderator) or '?'}", f"notetaker {visible(roles.notetaker) or '?'}"]
    if session.attendees:
        people.append(_count(len(session.attendees), "attendee", "attendees"))
    blocks += [Content(""), Content.styled(" · ".join(people), "$text-muted")]
    return Content(gap if large else "\n").join(blocks)


def _shown_incident(session: Session) -> dict[str, str]:
    """The incident's free-text fields as the room sees them: control characters as escapes."""
    incident = session.incident
    return {name: visible(getattr(incident, name)) for name in ("title", "owner", "summary", "impact")}


# ---------------------------------------------------------------------------------------------
# The widget


class PhaseList(EntryList):
    """The phase's entries as the room sees them; Enter spotlights the entry under the cursor."""

    HELP_TITLE: ClassVar[str] = "On the room's list"
    BINDINGS: ClassVar = [
        Binding("enter", "select_cursor", "Spotlight", show=False, tooltip="Spotlight the entry under the cursor"),
    ]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PhaseContent(Vertical):
    """A title line and the phase's entries in a table (or, for the summary, the incident's text)."""

    DEFAULT_CSS = """
    PhaseContent { height: 1fr; }
    PhaseContent > #content-title { height: 1; }
    PhaseContent > #content-table { height: 1fr; }
    PhaseContent > #content-text { height: 1fr; }
    PhaseContent > #content-empty { height: auto; }
    """

    def __init__(self, clock: Callable[[], dt.datetime] = _utc_now, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._clock = clock
        """Now, in UTC: the date decides which actions are overdue (the app's clock, so tests can fix it)."""
        self._phase: Phase | None = None
        self._day: dt.date | None = None
        self._spotlight = ""
        self._large = False
        self._session: Session | None = None
        self._row_cache: RowCache = {}

    def compose(self) -> ComposeResult:
        yield Static(id="content-title")
        yield Static(id="content-empty")
        # The cells' own colours (spotlight accent, red "no owner") win over the cursor's.
        yield PhaseList(id="content-table", cursor_foreground_priority="renderable")
        with VerticalScroll(id="content-text"):
            yield Static(id="content-summary")

    def on_mount(self) -> None:
        # Table cells carry concrete colours taken from the theme: redraw them when it changes.
        # After a refresh: the app updates its theme variables after this watcher runs.
        def redraw_later(_theme: object) -> None:
            self.call_after_refresh(self._redraw)

        self.watch(self.app, "theme", redraw_later, init=False)

    @property
    def table(self) -> PhaseList:
        return self.query_one(PhaseList)

    @property
    def large(self) -> bool:
        return self._large

    def set_large(self, large: bool) -> None:
        """Switch between normal and large text (bold, spaced rows, no secondary details)."""
        if large == self._large:
            return
        self._large = large
        self.set_class(large, "-large")
        table = self.table
        table.cell_padding = 2 if large else 1
        table.row_gap = 1 if large else 0
        self._apply_secondary()
        self._redraw()

    def _narrow(self) -> bool:
        return self.screen.has_class("-narrow") if self.is_attached else False

    def _apply_secondary(self) -> None:
        self.table.show_secondary = not (self._large or self._narrow())

    def _options(self, session: Session) -> ViewOptions:
        return ViewOptions(
            Palette.from_variables(self.app.theme_variables),
            spotlight=session.meeting.spotlight,
            large=self._large,
            tz=session.incident.tz,
            details=not (self._large or self._narrow()),
            today=self._today(session),
        )

    def _today(self, session: Session) -> dt.date:
        return self._clock().astimezone(session.incident.tz).date()

    def show_update(self, update: SessionUpdated) -> None:
        """Follow the session: the view is redrawn when its phase changed or a section it shows did."""
        self.show(update.session, redraw=update.touches(*DRAWN_FROM[update.session.meeting.phase]))

    def show(self, session: Session, *, redraw: bool = True) -> None:
        """Show the session's current phase; cheap with redraw=False, when the sections the view is
        drawn from are as last shown (the spotlight may still move)."""
        phase = session.meeting.phase
        # The date is part of what is drawn: an action turns overdue at midnight.
        day = self._today(session)
        spotlight = session.meeting.spotlight
        same = phase == self._phase and day == self._day and not redraw
        self._session = session
        if same:
            if spotlight != self._spotlight:
                self._move_spotlight(session, self._spotlight, spotlight)
            return
        phase_changed = phase != self._phase
        self._phase, self._day, self._spotlight = phase, day, spotlight
        # One line (moderator.tcss): a count going up moves nothing else, so no layout (a whole
        # screen drawn again, ~10 ms of the frame that shows the notetaker's entry).
        self.query_one("#content-title", Static).update(content_title(session, phase), layout=False)
        if phase_changed or len(self._row_cache) > 2 * len(session.timeline) + 100:
            self._row_cache.clear()
        spec = table_for(session, phase, self._options(session), cache=self._row_cache)
        table, text = self.table, self.query_one("#content-text")
        empty = self.query_one("#content-empty", Static)
        if spec is None:
            table.display = False
            text.display = True
            empty.display = False
            self.query_one("#content-summary", Static).update(summary_content(session, self._large))
            return
        columns, rows = spec
        text.display = False
        table.display = bool(rows)
        empty.display = not rows
        if phase_changed:
            empty.update(Content.styled(EMPTY_HINTS.get(phase, ""), "italic $text-muted"))
            table.clear()
        table.set_columns(columns)
        table.spotlight = spotlight
        added = table.set_rows(rows)
        if phase_changed and rows:
            table.move_cursor(_spotlight_index(rows, spotlight))
        elif added:
            table.select(added[-1])  # follow what the notetaker just added

    def _move_spotlight(self, session: Session, old: str, new: str) -> None:
        self._spotlight = new
        self.table.spotlight = new
        # Only the timeline can be long; building just the two rows keeps the spotlight instant there.
        spec = table_for(session, session.meeting.phase, self._options(session), only={old, new})
        if spec is None:
            return
        for row in spec[1]:
            if row.key in (old, new):
                self.table.update_row(row)

    def _redraw(self) -> None:
        if self._session is not None:
            self.show(self._session)

    def refresh_layout_mode(self) -> None:
        """The screen changed between narrow and wide: show or hide secondary details."""
        self._apply_secondary()
        self._redraw()

    def spotlight_target(self) -> str | None:
        """The entry under the table's cursor, if the phase has entries."""
        table = self.table
        return table.selected_key if table.display else None


def _spotlight_index(rows: list[ListRow], spotlight: str) -> int:
    return next((i for i, row in enumerate(rows) if row.key == spotlight), 0)
