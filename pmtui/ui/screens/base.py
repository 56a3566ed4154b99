"""RoleScreen: what the app may ask of its screens; SessionScreen: applies pane intents, opens their forms."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import SystemCommand
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import TextArea

from pmtui.domain.changes import AddEntry, Batch, DeleteEntry, MoveEntry, UpdateEntry
from pmtui.ui.contract import RoleChecked, SessionHost, host
from pmtui.ui.messages import SessionUpdated
from pmtui.ui.widgets.actions_pane import ActionsPane
from pmtui.ui.widgets.attendees_editor import AttendeesEditor
from pmtui.ui.widgets.entry_pane import EntryPane
from pmtui.ui.widgets.status_bar import DiskWarning, RoleBanner

if TYPE_CHECKING:
    from pmtui.ui.dialogs.entry_form import FormScreen


def entry_lines(area: Widget | None) -> list[Widget]:
    """The places to type in a part of the screen, in reading order: entry lines and text areas."""
    if area is None:
        return []
    return [w for w in area.query("Input, TextArea") if w.can_focus and not w.disabled]


def arrive_at(line: Widget) -> Widget:
    """A place to type reached from elsewhere (a key, Tab, a tab shown): a text area's typing
    goes on after its text, not into its first word."""
    if isinstance(line, TextArea):
        line.move_cursor(line.document.end)
    return line


def _inside(widget: Widget, area: Widget | None) -> bool:
    """Whether a widget is part of an area (a widget in a tab that is not shown is not)."""
    node: Any = widget
    while node is not None:
        if node is area:
            return True
        node = node.parent
    return area is None


@dataclass(frozen=True)
class Draft:
    """Something typed but not added yet: where it is, its text, and how to add it (True if added)."""

    where: str
    text: str
    add: Callable[[], bool]


@dataclass(frozen=True)
class OpenForm:
    """A form a pane asked for, shown over the screen, and how its fields become the pane's intent."""

    pane: EntryPane
    form: FormScreen
    intent: Callable[[dict[str, Any]], Message | None]


class RoleScreen(Screen[None]):
    """A screen the app shows for the open session (a role's screen or the start screen): what the app may ask of it."""

    HELP_TITLE: ClassVar[str] = "This screen"
    """The heading of this screen's keys in the help."""
    TYPE_TO_ADD: ClassVar[bool] = False
    """Printable keys are text, never commands: one pressed outside an entry line goes to the line in view."""

    @property
    def pmtui(self) -> SessionHost:
        """The app, as the screens know it (pmtui/ui/contract.py): this module does not import app.py."""
        return host(self)

    def screen_commands(self) -> Iterable[SystemCommand]:
        """This screen's own actions for the command palette (PmtuiApp.get_system_commands asks for them)."""
        return ()

    def show_update(self, update: SessionUpdated) -> None:
        """Follow the session: the app calls this on every role screen in its stack when it changes."""

    def pause_timer_on_leaving(self) -> None:
        """Pause the meeting's timer and save it before the process ends (only the moderator's screen runs it)."""

    @on(events.Mount)
    def _warn_of_a_broken_file(self) -> None:
        """Every role screen says when the file on disk is broken (a hand edit) and where, a viewer's too
        (it holds no role, so no RoleChecked comes): a screen without its own warning line gets one at
        the top, shown only then."""
        if not self.query(DiskWarning):
            self.mount(DiskWarning(), before=0) if self.children else self.mount(DiskWarning())

    @on(RoleChecked)
    def show_role_check(self, check: RoleChecked) -> None:
        """Show who holds the role at the top of a read-only screen, and take the banner away once it is not."""
        banners = list(self.query(RoleBanner))
        if not check.read_only:
            for banner in banners:
                banner.remove()
            return
        if banners:
            banners[0].show(check.banner, free=check.free)
            return
        banner = RoleBanner()
        banner.show(check.banner, free=check.free)
        self.mount(banner, before=0) if self.children else self.mount(banner)


class SessionScreen(RoleScreen):
    """A screen that shows the app's session and turns its panes' messages into changes."""

    def __init__(self) -> None:
        super().__init__()
        self.open_form_draft: OpenForm | None = None
        """The pane's form shown now, if any (saved at once when quitting)."""

    def on_mount(self) -> None:
        # Textual runs the on_mount of every class up the MRO, this one after a subclass's own:
        # a subclass must not call it again (it did, and the first view was built twice).
        self.show_update(SessionUpdated.first_view(self.pmtui.session))
        self.shown_first_view()

    def shown_first_view(self) -> None:
        """Called once the panes show the session (e.g. to focus a place to type after its text)."""

    def typing_target(self, key: str, character: str | None) -> Widget | None:
        """Where a printable key that the focused widget would not take should be typed (None: leave it).

        The app moves focus there before the key is delivered, so a burst of keys stays in order.
        """
        if not self.TYPE_TO_ADD:
            return None
        focused = self.focused
        area = self.typing_area()
        if focused is not None and focused.check_consume_key(key, character) and _inside(focused, area):
            return None  # an entry line or text area in view takes it itself
        pane = self.active_pane()
        if pane is not None:
            return pane.quick_input
        lines = entry_lines(self.typing_area())
        return lines[0] if lines else None

    def typing_area(self) -> Widget | None:
        """The part of the screen in view that typing belongs to (the notetaker's tab)."""
        return self

    def active_pane(self) -> EntryPane | None:
        """The list being worked on: the one with focus, else the first in view."""
        area = self.typing_area()
        node = self.focused if self.focused is not None and _inside(self.focused, area) else None
        while node is not None:
            if isinstance(node, EntryPane):
                return node
            node = node.parent  # type: ignore[assignment]
        panes = list(area.query(EntryPane)) if area is not None else []
        return panes[0] if panes else None

    def flush_typing(self) -> None:
        """Send typing that waits for a pause (the summary's text areas) now; before quitting."""

    def drafts(self) -> list[Draft]:
        """What was typed and not added yet (asked about before quitting)."""
        return []

    def show_update(self, update: SessionUpdated) -> None:
        """Hand a session update to every pane (each redraws what changed); subclasses extend it."""
        # A plain walk by type: a CSS query matches a selector at every node (~0.4 ms for the
        # notetaker's 84 nodes, twice per change, in both terminals; the walk takes 26 µs).
        for pane in self.walk_children(EntryPane):
            pane.show_update(update)
        for editor in self.walk_children(AttendeesEditor):
            editor.show_update(update)

    @on(EntryPane.ItemAdded)
    def _item_added(self, message: EntryPane.ItemAdded) -> None:
        message.stop()
        self.add_entry(message.control, message.fields, message.position)

    def add_entry(self, pane: EntryPane, fields: dict[str, Any], position: int | None = None) -> bool:
        """Add an entry to a pane's section now; if refused, the pane says why and keeps the line."""
        if self.pmtui.submit(AddEntry(pane.SECTION, fields, position=position)):
            return True
        pane.add_refused(self.pmtui.last_refusal)
        return False

    def add_typed_line(self, pane: EntryPane) -> bool:
        """Add what a pane's entry line says, at once (quitting); False if it can't be read or is refused."""
        quick = pane.read_line()
        if quick is None or not self.add_entry(pane, quick.fields, quick.position):
            return not pane.quick_input.value.strip()
        pane.quick_input.value = ""
        return True

    @on(EntryPane.ItemEdited)
    def _item_edited(self, message: EntryPane.ItemEdited) -> None:
        message.stop()
        self.apply_edit(message)

    def apply_edit(self, message: EntryPane.ItemEdited) -> bool:
        """Change an entry's fields (and place) now."""
        change: Any = UpdateEntry(message.section, message.id, message.fields)
        if message.position is not None:
            change = Batch([change, MoveEntry(message.section, message.id, message.position)])
        return bool(self.pmtui.submit(change))

    def commit_form(self) -> bool:
        """Save the pane's form open over this screen, at once (quitting); False if its fields can't be saved."""
        draft = self.open_form_draft
        if draft is None:
            return True
        fields = draft.form.validated()
        if fields is None:
            return False
        self.open_form_draft = None
        draft.form.dismiss(None)
        message = draft.intent(fields)
        if isinstance(message, EntryPane.ItemAdded):
            return self.add_entry(draft.pane, message.fields, message.position)
        if isinstance(message, EntryPane.ItemEdited):
            return self.apply_edit(message)
        return True

    @on(EntryPane.ItemDeleted)
    def _item_deleted(self, message: EntryPane.ItemDeleted) -> None:
        message.stop()
        if self.pmtui.submit(DeleteEntry(message.section, message.id)):
            self.notify(f"Deleted {message.id} — press ctrl+z to undo", timeout=5)

    @on(EntryPane.ItemMoved)
    def _item_moved(self, message: EntryPane.ItemMoved) -> None:
        message.stop()
        self.pmtui.submit(MoveEntry(message.section, message.id, message.to_index))

    # ----------------------------------------------------------------- the panes' dialogs

    # The forms are imported when first opened, not at start-up: the first screen paints ~15 ms sooner.

    @on(EntryPane.EditRequested)
    def _edit_requested(self, message: EntryPane.EditRequested) -> None:
        from pmtui.ui.dialogs.entry_form import EntryForm

        message.stop()
        pane, entry = message.control, message.entry
        fields, values = pane.form_fields(entry), pane.form_values(entry)
        form = EntryForm(pane.form_title(entry), fields, values, partial(pane.fields_from_form, entry))
        self.open_form(pane, form, partial(pane.edit_intent, entry))

    @on(ActionsPane.ActionFormRequested)
    def _action_form_requested(self, message: ActionsPane.ActionFormRequested) -> None:
        from pmtui.ui.dialogs.action_form import ActionForm

        message.stop()
        pane, action = message.control, message.action
        intent = pane.add_intent if action is None else partial(pane.edit_intent, action)
        self.open_form(pane, ActionForm(pane.session, action, today=pane.today), intent)

    @on(ActionsPane.LinkRequested)
    def _link_requested(self, message: ActionsPane.LinkRequested) -> None:
        from pmtui.ui.dialogs.link_dialog import LinkDialog

        message.stop()
        pane, action = message.control, message.action

        def linked(chosen: list[str] | None) -> None:
            if chosen is not None:
                pane.links_chosen(action, chosen)

        self.app.push_screen(LinkDialog(pane.session, action.addresses, f"action {action.id}"), linked)

    def open_form(self, pane: EntryPane, form: FormScreen, intent: Callable[[dict[str, Any]], Message | None]) -> None:
        """Show a pane's form; what it saves becomes the message `intent` makes of its fields, sent from the pane."""

        def done(fields: dict[str, Any] | None) -> None:
            if self.open_form_draft is not None and self.open_form_draft.form is form:
                self.open_form_draft = None
            message = intent(fields) if fields is not None else None
            if message is not None:
                pane.post_message(message)

        self.open_form_draft = OpenForm(pane, form, intent)
        self.app.push_screen(form, done)
