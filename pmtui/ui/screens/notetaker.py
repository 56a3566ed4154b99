"""NotetakerScreen: a tab per meeting phase, following the moderator's phase unless you chose another."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, TabbedContent, TabPane, TextArea

from pmtui.domain.changes import SetField
from pmtui.domain.model import Phase, Session
from pmtui.ui.messages import SessionUpdated
from pmtui.ui.screens.base import Draft, SessionScreen, arrive_at, entry_lines
from pmtui.ui.widgets.actions_pane import ActionsPane
from pmtui.ui.widgets.entry_pane import EntryPane
from pmtui.ui.widgets.observation_panes import LuckyPane, WentWellPane, WentWrongPane
from pmtui.ui.widgets.questions_pane import QuestionsPane
from pmtui.ui.widgets.status_bar import DiskWarning, StatusBar
from pmtui.ui.widgets.summary_pane import SummaryPane
from pmtui.ui.widgets.timeline_pane import TimelinePane
from pmtui.ui.widgets.whys_pane import WhysPane

TAB_LABELS: dict[Phase, str] = {
    Phase.SUMMARY: "Summary",
    Phase.TIMELINE: "Timeline",
    Phase.WENT_WELL: "Went well",
    Phase.WENT_WRONG: "Wrong & lucky",
    Phase.WHYS: "Whys",
    Phase.ACTIONS: "Actions",
    Phase.WRAP_UP: "Questions",
}
"""Short tab labels (seven fit in 80 columns); the wrap-up tab holds the open questions."""

PHASES = list(Phase)


def tab_id(phase: Phase) -> str:
    return f"tab-{phase.value}"


def _tab_content(phase: Phase) -> Widget:
    """What a phase's tab holds."""
    if phase == Phase.SUMMARY:
        return SummaryPane()
    if phase == Phase.TIMELINE:
        return TimelinePane()
    if phase == Phase.WENT_WELL:
        return WentWellPane()
    if phase == Phase.WENT_WRONG:
        return Horizontal(WentWrongPane(), LuckyPane(), classes="side-by-side")
    if phase == Phase.WHYS:
        return WhysPane()
    if phase == Phase.ACTIONS:
        return ActionsPane()
    return QuestionsPane()


class NotetakerScreen(SessionScreen):
    """Type the notes: summary, timeline, observations, whys, actions and questions."""

    HELP_TITLE = "Notetaker"
    TYPE_TO_ADD = True
    BINDINGS = [
        *(
            Binding(
                f"alt+{n + 1}",
                f"show_phase('{phase.value}')",
                TAB_LABELS[phase],
                show=False,
                # Before the focused line or text box, which would type the "2" that alt+2 carries.
                priority=True,
                id=f"notetaker.tab-{phase.value}",
                tooltip=f"Show {phase.title}" + (" (open questions)" if phase == Phase.WRAP_UP else ""),
            )
            for n, phase in enumerate(PHASES)
        ),
        # F5 is the app's "take role". F2/F3 work in every terminal, alt+digit where the terminal
        # sends ESC+digit or the kitty protocol (pmtui/ui/terminal_keys.py); a Mac's Option+2 types ™.
        Binding("f3,ctrl+pagedown", "next_tab(1)", "Next tab", show=False, id="notetaker.next-tab", tooltip="Next tab"),
        Binding(
            "f2,ctrl+pageup",
            "next_tab(-1)",
            "Previous tab",
            show=False,
            id="notetaker.prev-tab",
            tooltip="Previous tab",
        ),
        Binding(
            "f9",
            "follow_phase",
            "Follow",
            id="notetaker.follow",
            tooltip="Back to the tab of the moderator's current phase",
        ),
        # ctrl+v belongs to the terminal's own paste, and the summary's TextArea owns f5-f7.
        Binding(
            "f4",
            "app.paste_log",
            "Paste log",
            id="notetaker.paste-log",
            tooltip="Paste a chat or alert log; preview its timeline entries, then add them",
        ),
        Binding(
            "f8",
            "app.export_preview",
            "Export",
            show=False,
            id="notetaker.export",
            tooltip="Preview the export (md, html, json, csv); copy it or save it",
        ),
        # Tab goes from entry line to entry line (a list is one Esc or ↑ away from its line).
        Binding(
            "tab",
            "next_line(1)",
            "Next line",
            show=False,
            id="notetaker.next-line",
            tooltip="Next entry line in this tab",
        ),
        Binding(
            "shift+tab",
            "next_line(-1)",
            "Previous line",
            show=False,
            id="notetaker.previous-line",
            tooltip="Previous entry line in this tab",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._phase: Phase | None = None
        """The meeting phase last seen, to notice when the moderator moves on."""
        self._waiting_phase: Phase | None = None
        """A phase change not followed yet because the notetaker was mid-sentence."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield DiskWarning()
        # Every tab is built with the screen, so a tab's widgets, focus and footer are complete
        # before it first paints; a pane fills its table only when its tab shows (EntryPane).
        first = self.pmtui.session.meeting.phase
        with TabbedContent(id="phases", initial=tab_id(first)):
            for phase in PHASES:
                # Hidden from the start, as the tabs' switcher will make them once mounted: the
                # first view (SessionScreen.on_mount) may come first, and must not fill a list nobody sees.
                pane = TabPane(TAB_LABELS[phase], id=tab_id(phase))
                with pane.set_styles(display="block" if phase == first else "none"):
                    yield _tab_content(phase)
        yield StatusBar("")
        yield Footer()

    def shown_first_view(self) -> None:
        self._focus_tab(self.pmtui.session.meeting.phase)

    # ----------------------------------------------------------------- following the session

    def show_update(self, update: SessionUpdated) -> None:
        super().show_update(update)
        session = update.session
        if update.touches("incident"):
            for summary in self.query(SummaryPane):
                summary.show_session(session)
        if not update.touches("meeting"):
            return
        phase = session.meeting.phase
        if phase != self._phase:
            first = self._phase is None
            self._phase = phase
            self._mark_phase_tab(phase)
            if first:
                self._show_tab(phase)
            elif self._typing():
                self._waiting_phase = phase
                self.notify(f"The meeting moved on to {phase.title}. F9 follows when you are ready.", timeout=6)
            else:
                self._show_tab(phase)
                self._focus_tab(phase)
        self._update_status(session)

    def _mark_phase_tab(self, phase: Phase) -> None:
        tabs = self.query_one(TabbedContent)
        for each in PHASES:
            label = ("● " if each == phase else "") + TAB_LABELS[each]
            tabs.get_tab(tab_id(each)).label = label

    def _update_status(self, session: Session) -> None:
        meeting = session.meeting
        parts = [f"notetaker · meeting at {meeting.phase.title}"]
        if meeting.spotlight:
            parts.append(f"spotlight ▶ {meeting.spotlight}")
        parts.append("F1 keys")
        self.query_one(StatusBar).set_left(" · ".join(parts))

    def _typing(self) -> bool:
        """Whether the notetaker is in the middle of typing something not yet added."""
        focused = self.focused
        if isinstance(focused, Input) and focused.value.strip():
            return True
        if isinstance(focused, TextArea):
            return any(summary.has_unsent_text for summary in self.query(SummaryPane))
        return False

    def _show_tab(self, phase: Phase) -> None:
        self._waiting_phase = None
        self.query_one(TabbedContent).active = tab_id(phase)
        self._fill_shown_tab()

    @on(TabbedContent.TabActivated)
    def _fill_shown_tab(self) -> None:
        # At once, not at the Show event of the next frame: what the tab lists is there when it shows.
        tab = self.query_one(TabbedContent).active_pane
        for pane in tab.query(EntryPane) if tab is not None else []:
            pane.fill_if_stale()

    def _focus_tab(self, phase: Phase) -> None:
        lines = entry_lines(self.query_one(f"#{tab_id(phase)}", TabPane))
        if lines:
            # at once, not at the next idle: keys already on their way belong in this tab
            self.set_focus(arrive_at(lines[0]))

    # ----------------------------------------------------------------- typing

    def typing_area(self) -> Widget | None:
        return self.query_one(TabbedContent).active_pane

    def action_next_line(self, step: int) -> None:
        """Tab / shift+Tab: the next or previous entry line of the tab in view."""
        lines = entry_lines(self.typing_area())
        if not lines:
            return
        focused = self.focused
        pane = self.active_pane()
        if focused in lines:
            index = lines.index(focused) + step
        elif pane is not None and pane.quick_input in lines:
            # from a list: its own line is next; shift+Tab goes to the line before the list
            index = lines.index(pane.quick_input) + (0 if step > 0 else -1)
        else:
            index = 0 if step > 0 else -1
        arrive_at(lines[index % len(lines)]).focus()

    # ----------------------------------------------------------------- actions

    def action_show_phase(self, value: str) -> None:
        phase = Phase(value)
        self._show_tab(phase)
        self._focus_tab(phase)

    def action_next_tab(self, step: int) -> None:
        current = self.query_one(TabbedContent).active.removeprefix("tab-")
        index = PHASES.index(Phase(current)) if current in {p.value for p in PHASES} else 0
        self.action_show_phase(PHASES[(index + step) % len(PHASES)].value)

    def action_follow_phase(self) -> None:
        self.action_show_phase(self.pmtui.session.meeting.phase.value)

    def screen_commands(self) -> Iterator[SystemCommand]:
        """The notetaker's actions for the command palette (PmtuiApp.get_system_commands asks for them)."""
        for phase in PHASES:
            label = "Questions (wrap-up)" if phase == Phase.WRAP_UP else phase.title
            yield SystemCommand(
                f"Show {label}", "Bring this tab to the front", lambda value=phase.value: self.action_show_phase(value)
            )  # type: ignore[misc]
        yield SystemCommand(
            "Follow the meeting", "Back to the tab of the moderator's current phase", self.action_follow_phase
        )
        pane = self.active_pane()
        if pane is None:
            return
        noun = pane.NOUN
        yield SystemCommand(f"Add a {noun}", "Type it in the line under the list", pane.action_focus_input)
        yield SystemCommand(f"Edit the selected {noun}", "Every field, in a form", pane.action_edit)
        yield SystemCommand(f"Delete the selected {noun}", "ctrl+z brings it back", pane.action_delete)
        yield SystemCommand(f"Move the selected {noun} up", "Reorder the list", lambda: pane.action_move(-1))
        yield SystemCommand(f"Move the selected {noun} down", "Reorder the list", lambda: pane.action_move(1))

    @on(EntryPane.ItemAdded)
    def _after_add(self, message: EntryPane.ItemAdded) -> None:
        # A phase change that waited for the notetaker to finish their line is followed now.
        if self._waiting_phase is not None:
            self.call_after_refresh(self.action_show_phase, self._waiting_phase.value)

    @on(SummaryPane.FieldEdited)
    def _field_edited(self, message: SummaryPane.FieldEdited) -> None:
        message.stop()
        self._send_summary_text(message.control, message.table, message.key, message.value)

    def _send_summary_text(self, pane: SummaryPane, table: str, key: str, text: str) -> None:
        """Apply a text the summary pane sent; a refused one is let go (no echo will come for it)."""
        if not self.pmtui.submit(SetField(table, key, text)):
            pane.refused(key, text)

    def on_screen_suspend(self) -> None:
        self.flush_typing()

    # ----------------------------------------------------------------- quitting

    def flush_typing(self) -> None:
        """Send text typed in the summary and impact areas now, without waiting for the typing pause."""
        for summary in self.query(SummaryPane):
            for key, value in summary.take_unsent().items():
                self._send_summary_text(summary, "incident", key, value)

    def drafts(self) -> list[Draft]:
        """Entry lines typed but not added yet, on every tab, and forms changed but not saved."""
        found = []
        for phase in PHASES:
            for pane in self.query_one(f"#{tab_id(phase)}", TabPane).query(EntryPane):
                text = pane.quick_input.value
                if text.strip():
                    found.append(Draft(pane.TITLE, text, partial(self.add_typed_line, pane)))
                form = self.open_form_draft
                if form is not None and form.pane is pane and form.form.is_changed():
                    found.append(Draft(form.form.form_title, "changed in the form, not saved yet", self.commit_form))
        return found
