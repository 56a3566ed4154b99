"""ModeratorScreen: the projector view that keeps the meeting on track; it changes only [meeting] state."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.timer import Timer
from textual.widgets import Footer, Static

from pmtui.domain import meeting as m
from pmtui.domain.changes import Batch
from pmtui.domain.checks import Finding, compute_metrics, missing_attendees, run_checks
from pmtui.domain.model import Phase, Session
from pmtui.domain.text_safety import visible_line
from pmtui.report.recall import PastIncidents, discussed_text
from pmtui.ui.autosave import SaveState
from pmtui.ui.messages import SessionUpdated
from pmtui.ui.screens.base import RoleScreen
from pmtui.ui.widgets.agenda import Agenda
from pmtui.ui.widgets.checks_panel import ChecksPanel, MetricsPanel, today_in
from pmtui.ui.widgets.entry_list import EntryList
from pmtui.ui.widgets.phase_content import PhaseContent
from pmtui.ui.widgets.phase_timer import PhaseTimer
from pmtui.ui.widgets.prompts_panel import PromptsPanel
from pmtui.ui.widgets.seen_before import SeenBeforePanel

NARROW_WIDTH = 100
"""Below this many columns the agenda folds into one line and the prompts and metrics hide."""
SHORT_HEIGHT = 30
"""Below this many rows the prompts fold into the blameless reminder alone."""
SEEN_BEFORE_PHASES = (Phase.WHYS, Phase.ACTIONS)
"""Where past incidents with the same factor are recalled."""
CHECKS_DELAY_SECONDS = 0.3
"""Checks rerun this long after the last edit, so a burst of typing costs one run."""

MEETING_ACTIONS = frozenset(
    {"next_phase", "previous_phase", "go_to_phase", "toggle_timer", "add_minute", "remove_minute"}
    | {"spotlight", "clear_spotlight", "add_missing_attendees"}
)
"""The keys that change [meeting]: a viewer's screen hides them (and PmtuiApp.submit refuses the change anyway)."""
SAVE_STATE_TEXT = {
    SaveState.SAVED: ("saved", "$text-muted"),
    SaveState.UNSAVED: ("saving…", "$text-muted"),
    SaveState.SAVING: ("saving…", "$text-muted"),
    SaveState.RETRYING: ("⚠ NOT SAVED", "bold $error"),
    SaveState.FILE_BROKEN: ("⚠ NOT SAVED", "bold $error"),
}


class ModeratorScreen(RoleScreen):
    """Agenda and timer on the left, the phase's content in the middle, prompts and checks for the room."""

    HELP_TITLE = "Moderator"
    BINDINGS = [
        Binding("n", "next_phase", "Next", id="moderator.next", tooltip="Next phase"),
        Binding("question_mark", "app.help", "Help", show=False, id="moderator.help", tooltip="List every key (as F1)"),
        Binding("p", "previous_phase", "Prev", id="moderator.previous", tooltip="Previous phase"),
        Binding("right,pagedown", "next_phase", "Next", show=False, priority=True, id="moderator.next-alt",
                tooltip="Next phase (a presentation clicker's PageDown works too)"),
        Binding("left,pageup", "previous_phase", "Prev", show=False, priority=True, id="moderator.previous-alt",
                tooltip="Previous phase (PageUp on a clicker)"),
        Binding("space", "toggle_timer", "Start/pause", id="moderator.timer",
                tooltip="Start or pause the phase timer; the time spent is recorded in the session"),
        Binding("plus,equals_sign", "add_minute", "+1m", id="moderator.add-minute",
                tooltip="One more minute for this phase"),
        Binding("minus", "remove_minute", "-1m", id="moderator.remove-minute",
                tooltip="One minute less for this phase"),
        Binding("s", "spotlight", "Spotlight", id="moderator.spotlight",
                tooltip="Spotlight the selected entry on both screens (enter too; s again clears)"),
        Binding("escape", "clear_spotlight", "Clear spotlight", show=False, id="moderator.clear-spotlight",
                tooltip="Clear the spotlight"),
        Binding("a", "add_missing_attendees", "Add attendees", show=False, id="moderator.add-attendees",
                tooltip="Add the action owners the checks find missing to the attendees"),
        Binding("z", "toggle_large", "Large", id="moderator.large",
                tooltip="Normal / large content text. For really big text, zoom the terminal's font "
                "(ctrl/cmd and + in most terminals)"),
        *[
            Binding(str(n), f"go_to_phase({n})", f"Phase {n}", show=False, id=f"moderator.phase-{n}",
                    tooltip=f"Go to phase {n}: {phase.title}")
            for n, phase in enumerate(Phase, start=1)
        ],
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self._checks_timer: Timer | None = None
        self._checks_started = False
        self._findings: list[Finding] = []
        self._phase: Phase | None = None
        self._editing = False
        """Whether this screen holds the moderator role (so it may pause the timer when it closes)."""
        self._past: PastIncidents | None = None
        self._seen_query: str | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in MEETING_ACTIONS and self.pmtui.viewer)

    def compose(self) -> ComposeResult:
        clock = self.pmtui.clock
        yield Static(id="mod-bar")
        with Horizontal(id="mod-body"):
            with Vertical(id="mod-side"):
                yield PhaseTimer(clock, id="mod-timer")
                with Vertical(id="mod-side-info"):
                    yield Agenda(clock, id="mod-agenda")
                    yield MetricsPanel(id="mod-metrics")
                    yield ChecksPanel(id="mod-checks")
            with Vertical(id="mod-main"):
                yield PhaseContent(clock, id="mod-content")
                yield SeenBeforePanel(id="mod-seen")
                yield PromptsPanel(id="mod-prompts")
        yield Footer()

    def on_mount(self) -> None:
        self.show_update(SessionUpdated.first_view(self.pmtui.session))
        self.watch(self.app, "save_status", self._update_bar, init=False)
        self.watch(self.app, "read_only", self._role_checked)
        self.set_interval(1.0, self._update_bar)
        self.set_interval(m.CHECKPOINT_SECONDS, self.checkpoint_timer)
        self._update_classes(self.size.width, self.size.height)
        self.query_one(EntryList).focus()
        if self.pmtui.session_file is not None:
            self._load_past(self.pmtui.session_file.path)

    # ------------------------------------------------------------------ the timer across processes

    def _role_checked(self, read_only: bool) -> None:
        # A viewer holds no lease: it never decides about the timer, which is the moderator's.
        self._editing = not read_only and not self.pmtui.viewer
        meeting = self.pmtui.session.meeting
        if self._editing and m.is_running(meeting):
            # We hold the moderator role, so no other moderator is alive: the timer in the file was
            # left running by one that died. Its time is banked up to its last save; stop it there.
            self._meeting_change(m.stop_abandoned_timer(meeting))
            self.notify(
                "The last moderator screen closed without pausing the timer; it is paused where its last save left it.",
                title="Timer paused",
                timeout=6,
            )

    def checkpoint_timer(self) -> None:
        """Bank the running timer's time in the file (every CHECKPOINT_SECONDS while it runs)."""
        if self._editing and not self.pmtui.read_only:
            self._meeting_change(m.checkpoint(self.pmtui.session.meeting, self.pmtui.clock()))

    def on_unmount(self) -> None:
        self.pause_timer_on_leaving()

    def pause_timer_on_leaving(self) -> None:
        """Pause the timer and write it to the file now: the screen is closing (quit, another role or file).

        Straight through the store, not app.submit: during the app's shutdown nothing may be
        scheduled. Safe to call twice (the second finds the timer paused).
        """
        session_file = self.pmtui.session_file
        if not self._editing or session_file is None:
            return
        change = m.pause_timer(session_file.session.meeting, self.pmtui.clock())
        if not change.changes:
            return
        try:
            session_file.submit(change)
            session_file.save()
        except Exception:  # closing: the pause is lost at worst, as a crash would lose it
            return

    # ------------------------------------------------------------------ following the session

    def show_update(self, update: SessionUpdated) -> None:
        """Follow the session: each part of the screen redraws if what it shows changed."""
        session = update.session
        meeting = session.meeting
        if update.touches("meeting"):
            self.query_one(PhaseTimer).meeting = meeting
            self.query_one(Agenda).meeting = meeting
        self.query_one(PhaseContent).show_update(update)
        table = self.query_one(EntryList)
        if table.display and self.focused is None:
            # The summary has no table; coming back to a phase with entries, up/down must work again.
            table.focus()
        if meeting.phase != self._phase:
            self._phase = meeting.phase
            self.query_one(PromptsPanel).show(meeting.phase)
            self._show_checks(session)
        # Checks read the content, never [meeting]: a timer or phase change does not rerun them.
        if update.changed - {"meeting"}:
            self._schedule_checks()
        self._update_bar()
        self._update_seen_before()

    # ------------------------------------------------------------------ seen before

    @work(thread=True, exclusive=True, group="seen-before-load", exit_on_error=False)
    def _load_past(self, path: Any) -> None:
        session: Session = self.pmtui.session
        past = PastIncidents.load(path, today_in(self.pmtui.clock(), session.incident.tz))
        self.app.call_from_thread(self._past_loaded, past)

    def _past_loaded(self, past: PastIncidents | None) -> None:
        self._past = past  # None: no other sessions in the folder, and the panel stays off
        self._update_seen_before()

    @on(EntryList.RowHighlighted)
    def _row_highlighted(self) -> None:
        self._update_seen_before()

    def _update_seen_before(self) -> None:
        session: Session = self.pmtui.session
        panel = self.query_one(SeenBeforePanel)
        if self._past is None or session.meeting.phase not in SEEN_BEFORE_PHASES:
            self._seen_query = None
            panel.show(None)
            return
        entry_id = session.meeting.spotlight or self.query_one(PhaseContent).spotlight_target()
        query = discussed_text(session, entry_id)
        if query != self._seen_query:
            self._seen_query = query
            self._match_past(self._past, query)

    @work(thread=True, exclusive=True, group="seen-before", exit_on_error=False)
    def _match_past(self, past: PastIncidents, query: str) -> None:
        matches = past.match(query)
        self.app.call_from_thread(self._show_seen_before, query, matches, len(past.incidents))

    def _show_seen_before(self, query: str, matches: list[Any], past: int) -> None:
        # A thread worker cannot be stopped: an answer to an earlier query may arrive after the latest one.
        if query == self._seen_query:
            self.query_one(SeenBeforePanel).show(matches, past)

    def _schedule_checks(self) -> None:
        first = not self._checks_started
        self._checks_started = True
        if self._checks_timer is not None:
            self._checks_timer.stop()
        if first:
            self._run_checks()
        else:
            self._checks_timer = self.set_timer(CHECKS_DELAY_SECONDS, self._run_checks)

    def _run_checks(self) -> None:
        self._checks_timer = None
        session: Session = self.pmtui.session
        self._findings = run_checks(session, today=today_in(self.pmtui.clock(), session.incident.tz))
        self._show_checks(session)
        self.query_one(MetricsPanel).show(compute_metrics(session))

    def _show_checks(self, session: Session) -> None:
        missing = missing_attendees(session)
        fix = f"a: add {visible_line(' and '.join(missing))} to the attendees" if missing else ""
        self.query_one(ChecksPanel).show(self._findings, session.meeting.phase, fix)

    def action_add_missing_attendees(self) -> None:
        """The checks' one-key fix: the action owners who are not attendees join the attendees."""
        missing = missing_attendees(self.pmtui.session)
        if not missing:
            self.notify("Every action owner is among the attendees.", timeout=3)
            return
        self.pmtui.add_attendees(missing)

    def _update_bar(self, *_: object) -> None:
        app = self.pmtui
        session: Session = app.session
        incident, meeting = session.incident, session.meeting
        index = m.PHASES.index(meeting.phase) + 1
        state, state_style = SAVE_STATE_TEXT[app.save_status.state]
        if app.viewer:
            state, state_style = "view only", "$text-muted"
        here, there = m.room_clock(app.clock(), incident.tz)
        left = Content.assemble(
            (
                f" {incident.severity.value} ",
                "bold reverse $error" if incident.severity.value in ("SEV1", "SEV2") else "bold reverse",
            ),
            " ",
            (visible_line(incident.title) or "Untitled incident", "bold"),
        )
        right = Content.assemble(
            (f"phase {index}/{len(m.PHASES)}", "$text-muted"),
            "  ",
            (here, "bold"),
            (f" · {there}" if there else "", "$text-muted"),
            "  ",
            (state, state_style),
            " ",
        )
        width = self.size.width or 80
        left = left.truncate(max(10, width - right.cell_length - 1), ellipsis=True)
        gap = max(1, width - left.cell_length - right.cell_length)
        # One line the screen's width (moderator.tcss): a new text never moves anything else, so no
        # layout, which would draw the whole screen again at every save and every tick of the clock.
        self.query_one("#mod-bar", Static).update(Content.assemble(left, " " * gap, right), layout=False)

    # ------------------------------------------------------------------ layout

    def on_resize(self, event: Resize) -> None:
        self._update_classes(event.size.width, event.size.height)
        self._update_bar()

    def _update_classes(self, width: int, height: int) -> None:
        narrow, short = width < NARROW_WIDTH, height < SHORT_HEIGHT
        if narrow != self.has_class("-narrow") or short != self.has_class("-short"):
            self.set_class(narrow, "-narrow")
            self.set_class(short, "-short")
            self.query_one(PhaseContent).refresh_layout_mode()

    def screen_commands(self) -> Iterator[SystemCommand]:
        """The moderator's actions for the command palette (PmtuiApp.get_system_commands asks for them)."""
        yield SystemCommand("Next phase", "Move the meeting to the next agenda item", self.action_next_phase)
        yield SystemCommand("Previous phase", "Move the meeting back one agenda item", self.action_previous_phase)
        for number, phase in enumerate(Phase, start=1):
            yield SystemCommand(
                f"Go to phase {number}: {phase.title}",
                "Jump to this agenda item",
                lambda n=number: self.action_go_to_phase(n),  # type: ignore[misc]
            )
        yield SystemCommand(
            "Start / pause the timer", "The time spent is recorded in the session", self.action_toggle_timer
        )
        yield SystemCommand("One more minute", "Lengthen this phase's timebox by a minute", self.action_add_minute)
        yield SystemCommand("One minute less", "Shorten this phase's timebox by a minute", self.action_remove_minute)
        yield SystemCommand("Spotlight the selected entry", "Mark it on both screens", self.action_spotlight)
        yield SystemCommand("Clear the spotlight", "Remove the mark from both screens", self.action_clear_spotlight)
        yield SystemCommand(
            "Add the missing action owners to the attendees",
            "The checks' one-key fix (a)",
            self.action_add_missing_attendees,
        )
        yield SystemCommand(
            "Large / normal text", "For bigger text still, zoom the terminal's font", self.action_toggle_large
        )

    # ------------------------------------------------------------------ actions (meeting state only)

    def _meeting_change(self, change: Batch) -> None:
        if change.changes:
            # Not undoable: undoing a phase change would also undo the time it banked.
            self.pmtui.submit(change, undoable=False)

    def action_next_phase(self) -> None:
        self._meeting_change(m.next_phase(self.pmtui.session.meeting, self.pmtui.clock()))

    def action_previous_phase(self) -> None:
        self._meeting_change(m.previous_phase(self.pmtui.session.meeting, self.pmtui.clock()))

    def action_go_to_phase(self, number: int) -> None:
        self._meeting_change(m.go_to_phase(self.pmtui.session.meeting, m.PHASES[number - 1], self.pmtui.clock()))

    def action_toggle_timer(self) -> None:
        self._meeting_change(m.toggle_timer(self.pmtui.session.meeting, self.pmtui.clock()))

    def action_add_minute(self) -> None:
        meeting = self.pmtui.session.meeting
        self._meeting_change(m.add_minutes(meeting, meeting.phase, +1))

    def action_remove_minute(self) -> None:
        meeting = self.pmtui.session.meeting
        self._meeting_change(m.add_minutes(meeting, meeting.phase, -1))

    def action_spotlight(self) -> None:
        target = self.query_one(PhaseContent).spotlight_target()
        if target is None:
            self.notify("Select an entry in the list first (up/down), then press s.", timeout=3)
            return
        self._meeting_change(m.toggle_spotlight(self.pmtui.session.meeting, target))

    def action_clear_spotlight(self) -> None:
        self._meeting_change(m.set_spotlight(self.pmtui.session.meeting, ""))

    @on(EntryList.RowSelected, "#content-table")
    def _spotlight_requested(self, message: EntryList.RowSelected) -> None:
        # Enter (or a click) on an entry spotlights it, or takes the spotlight off it.
        message.stop()
        self._meeting_change(m.toggle_spotlight(self.pmtui.session.meeting, message.key))

    def action_toggle_large(self) -> None:
        content = self.query_one(PhaseContent)
        content.set_large(not content.large)
        self.set_class(content.large, "-large")
        self.notify(
            "Large text" if content.large else "Normal text",
            title="For bigger text, zoom the terminal's font",
            timeout=3,
        )
