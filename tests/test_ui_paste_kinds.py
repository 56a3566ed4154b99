"""F4 paste preview: each entry's guessed kind is shown, and the notetaker can change it before adding."""

from __future__ import annotations

from textual.widgets import DataTable, OptionList, TextArea

from pmtui.ui.dialogs.kind_picker import KindPicker
from pmtui.ui.dialogs.paste_log import PasteLogDialog
from pmtui.ui.widgets.whys_pane import WhysPane
from tests.pilot_support import until

# A Slack copy of the demo incident's day (2026-11-20, Europe/London): divider, APP badge, reaction.
SLACK = """Friday, November 20th
PagerDuty  APP  2:31 PM
Triggered #4471 PaymentsLatency
:eyes: 1
Sam Ortega  2:33 PM
ack'd
Sam Ortega  2:34 PM
db pool looks exhausted
Yesterday
Sam Ortega  9:00 AM
note from the day after the incident
"""


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_preview_marks_guessed_kinds_and_enter_changes_one_before_adding(pane_app) -> None:
    app = pane_app(WhysPane)  # clock: 2026-11-23 10:00 UTC, so "Yesterday" is 22 November
    async with app.run_test(size=(120, 40)) as pilot:
        before = {event.id for event in app.session.timeline}
        app.push_screen(PasteLogDialog(text=SLACK))
        await pilot.pause()
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, PasteLogDialog)
        assert str(dialog.query_one("#paste-summary").content).startswith(
            "4 new entries · 0 duplicates skipped · 0 unreadable"
        )
        table = dialog.query_one("#paste-preview", DataTable)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == [
            "alert ≈",
            "acknowledged ≈",
            "note",
            "note",
        ]
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [
            "2026-11-20 14:31",
            "2026-11-20 14:33",
            "2026-11-20 14:34",
            "2026-11-22 09:00",
        ]
        assert str(table.get_row_at(0)[2]) == "PagerDuty"  # the APP badge is not part of the name
        table.focus()
        await pilot.pause()
        assert (
            str(dialog.query_one("#paste-row-note").content)
            == 'Row 1: alert: guessed from "triggered" · Enter changes it'
        )

        await pilot.press("down", "down", "enter")  # the "db pool looks exhausted" note
        await pilot.pause()
        assert isinstance(app.screen, KindPicker)
        options = app.screen.query_one(OptionList)
        options.highlighted = [option.id for option in options.options].index("realization")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert str(table.get_row_at(2)[1]) == "realization ✎"
        assert str(dialog.query_one("#paste-row-note").content) == "Row 3: realization: chosen here · Enter changes it"

        await pilot.press("ctrl+s")
        await pilot.pause()
        added = [(e.kind.value, e.author, e.text) for e in app.session.timeline if e.id not in before]
        assert added == [
            ("alert", "PagerDuty", "Triggered #4471 PaymentsLatency"),
            ("acknowledged", "Sam Ortega", "ack'd"),
            ("realization", "Sam Ortega", "db pool looks exhausted"),
            ("note", "Sam Ortega", "note from the day after the incident"),
        ]


async def test_a_chosen_kind_survives_editing_the_paste_and_escape_keeps_the_guess(pane_app) -> None:
    app = pane_app(WhysPane)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(PasteLogDialog(text="[14:31] sam: rolled back\n[14:32] sam: watching"))
        await pilot.pause()
        await settle(app, pilot)
        dialog = app.screen
        table = dialog.query_one("#paste-preview", DataTable)
        table.focus()
        await pilot.press("enter", "escape")  # the picker opens and is cancelled
        await pilot.pause()
        assert str(table.get_row_at(0)[1]) == "mitigated ≈"
        await pilot.press("down", "enter")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        options.highlighted = [option.id for option in options.options].index("communication")
        await pilot.press("enter")
        await pilot.pause()
        text = dialog.query_one("#paste-text", TextArea)
        text.load_text(text.text + "\n[14:40] sam: all clear")
        await until(pilot, lambda: dialog.preview_is_current, "the preview of the edited paste")
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == [
            "mitigated ≈",
            "communication ✎",
            "resolved ≈",
        ]


async def test_escape_sequences_in_a_paste_are_shown_inert(pane_app) -> None:
    app = pane_app(WhysPane)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(PasteLogDialog(text="\x1b[31mjunk\n[14:31] s\x1bam: hi \x1b]0;title\x07 there"))
        await pilot.pause()
        await settle(app, pilot)
        dialog = app.screen
        row = [str(cell) for cell in dialog.query_one("#paste-preview", DataTable).get_row_at(0)]
        unreadable = str(dialog.query_one("#paste-unreadable").content)
        assert "\x1b" not in "".join(row) + unreadable and "\x07" not in "".join(row)
        assert "\\x1b[31mjunk" in unreadable  # shown as a visible escape, never sent
