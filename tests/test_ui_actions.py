"""The action-items pane: quick syntax, form, links, status cycling, overdue colour, delete/undo/reorder."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, Select, SelectionList

from pmtui.domain.model import ActionItem, ActionKind, ActionStatus, Priority
from pmtui.ui.dialogs.action_form import ActionForm
from pmtui.ui.dialogs.link_dialog import LinkDialog
from pmtui.ui.widgets.actions_pane import ActionsPane, changed_fields, next_status

# ----------------------------------------------------------------- below the UI


def test_status_cycles_through_all_four() -> None:
    seen = [ActionStatus.OPEN]
    for _ in range(4):
        seen.append(next_status(seen[-1]))
    assert seen == ["open", "in-progress", "done", "wont-do", "open"]


def test_changed_fields_treats_empty_and_missing_alike() -> None:
    action = ActionItem(id="a1", text="x", owner="", addresses=[])
    assert changed_fields(action, {"text": "x", "owner": None, "addresses": None, "due": None}) == {}
    assert changed_fields(action, {"owner": "Lee Chen", "priority": Priority.P1}) == {
        "owner": "Lee Chen",
        "priority": Priority.P1,
    }


# ----------------------------------------------------------------- through the pane


def cell(pane: ActionsPane, row: int, column: str) -> str:
    """What the list shows in a column of a row."""
    return pane.table.cell_text(pane.table.row_keys[row], column)


async def test_quick_syntax_adds_an_action(pane_app) -> None:
    app = pane_app(ActionsPane)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(ActionsPane)
        pane.table.focus()
        await pilot.press("A")  # type to add: a letter on the list goes to the entry line
        assert pane.quick_input.has_focus and pane.quick_input.value == "A"
        pane.quick_input.value = "Add alert on 5xx > 2% for 3 min @priya due:fri #detection !P1 ->y3,b1 tracker:PAY-1"
        await pilot.pause()
        hint = str(pane.query_one(".quick-hint").content)
        assert "owner Priya Natarajan · due 2026-11-27 (Fri, in 4 days) · detection · P1 · addresses y3, b1" in hint
        await pilot.press("enter")
        await pilot.pause()
        action = app.session.actions[-1]
        assert action.model_dump(exclude={"id"}) == {
            "text": "Add alert on 5xx > 2% for 3 min",
            "owner": "Priya Natarajan",
            "due": dt.date(2026, 11, 27),
            "kind": ActionKind.DETECTION,
            "priority": Priority.P1,
            "status": ActionStatus.OPEN,
            "addresses": ["y3", "b1"],
            "tracker": "PAY-1",
            "done_on": None,
        }
        assert pane.quick_input.value == ""
        assert pane.selected_id == action.id
        assert cell(pane, 5, "kind") == "detect"


async def test_problems_keep_the_line_and_say_what_to_fix(pane_app) -> None:
    app = pane_app(ActionsPane)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(ActionsPane)
        pane.quick_input.focus()
        line = "Fix it @lee due:2026-13-01 #urgent ->y99"
        pane.quick_input.value = line
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.session.actions) == 5
        assert pane.quick_input.value == line
        error = str(pane.query_one(".quick-error").content)
        assert "not a date in the calendar" in error
        assert 'unknown kind "#urgent"' in error
        assert "no why or went-wrong entry has the id y99" in error


async def test_overdue_open_actions_show_in_the_error_colour(pane_app) -> None:
    # The clock says 2026-11-23; a2 (due 2026-12-04, open) is not overdue. Make it overdue.
    from pmtui.domain.changes import UpdateEntry

    app = pane_app(ActionsPane)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(ActionsPane)
        assert "overdue" not in str(pane.border_title)
        app.submit(UpdateEntry("actions", "a2", {"due": dt.date(2026, 11, 20)}))
        app.submit(UpdateEntry("actions", "a3", {"due": dt.date(2026, 11, 20)}))  # done: never overdue
        await pilot.pause()
        error = app.current_theme.error

        def due_colour(entry_id: str) -> str:
            line = pane.table.render_row(entry_id)[0]
            return next(str(segment.style.color.name) for segment in line if segment.text == "2026-11-20")

        assert due_colour("a2") == error.lower()
        assert due_colour("a3") != error.lower()
        assert str(pane.border_title) == "Action items · 4 open, 1 overdue"
        pane.select("a2")
        await pilot.pause()
        assert "overdue by 3 days" in str(pane.query_one(".entry-detail").content)


async def test_the_detail_line_follows_an_edit_of_a_linked_why_or_went_wrong_entry(pane_app) -> None:
    from pmtui.domain.changes import UpdateEntry

    app = pane_app(ActionsPane)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(ActionsPane)
        pane.select("a4")  # addresses b2
        await pilot.pause()
        detail = pane.query_one(".entry-detail")
        assert "b2 " in str(detail.content)
        app.submit(UpdateEntry("went_wrong", "b2", {"text": "Nobody owned the schema"}))
        await pilot.pause()
        assert "b2 Nobody owned the schema" in str(detail.content)
        pane.select("a1")  # addresses y4
        await pilot.pause()
        app.submit(UpdateEntry("whys", "y4", {"question": "Why was the check skipped?"}))
        await pilot.pause()
        assert "y4 Why was the check skipped?" in str(detail.content)


async def test_form_edits_every_field_and_keeps_bad_input(pane_app) -> None:
    app = pane_app(ActionsPane)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(ActionsPane)
        pane.table.focus()
        await pilot.press("down")  # a2
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionForm)
        assert form.query_one("#form-text", Input).value.startswith("Add a CI schema check")
        form.query_one("#form-owner", Input).value = "amara"
        form.query_one("#form-due", Input).value = "someday"
        form.query_one("#form-kind", Select).value = ActionKind.DETECTION
        form.query_one("#form-priority", Select).value = Priority.P1
        form.query_one("#form-status", Select).value = ActionStatus.IN_PROGRESS
        form.query_one("#form-tracker", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        # a bad date: the form stays open with everything as typed and says why
        assert app.screen is form
        assert "Due:" in str(form.query_one("#form-problems").content)
        assert form.query_one("#form-owner", Input).value == "amara"
        form.query_one("#form-due", Input).value = "+2w"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
        a2 = app.session.actions[1]
        assert (a2.owner, a2.due, a2.kind, a2.priority, a2.status, a2.tracker) == (
            "Amara Okafor",
            dt.date(2026, 12, 7),
            ActionKind.DETECTION,
            Priority.P1,
            ActionStatus.IN_PROGRESS,
            "",
        )
        assert a2.text.startswith("Add a CI schema check")  # untouched field kept

        # escape leaves it alone
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.actions[1] == a2


async def test_new_action_in_the_form_with_links(pane_app) -> None:
    app = pane_app(ActionsPane)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(ActionsPane)
        pane.table.focus()
        await pilot.press("ctrl+n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionForm)
        form.query_one("#form-text", Input).value = "Add a game day for config reverts"
        await pilot.press("ctrl+l")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LinkDialog)
        await pilot.press("space", "down", "down", "space")  # y1, y3
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "y1, y3" in str(form.query_one("#form-addresses").content)
        await pilot.press("ctrl+s")
        await pilot.pause()
        action = app.session.actions[-1]
        assert (action.id, action.text, action.addresses, action.owner) == (
            "a6",
            "Add a game day for config reverts",
            ["y1", "y3"],
            "",
        )
        assert pane.selected_id == "a6"


async def test_link_dialog_is_prechecked_and_replaces_the_links(pane_app) -> None:
    app = pane_app(ActionsPane)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(ActionsPane)
        pane.table.focus()
        await pilot.press("ctrl+l")  # a1 addresses y4, y5
        await pilot.pause()
        selection = app.screen.query_one(SelectionList)
        assert sorted(selection.selected) == ["y4", "y5"]
        assert str(app.screen.query_one("#link-ticked").content) == "Addresses: y4, y5"
        selection.deselect("y4")
        selection.select("b2")
        await pilot.pause()
        assert str(app.screen.query_one("#link-ticked").content) == "Addresses: y5, b2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.session.actions[0].addresses == ["y5", "b2"]
        assert cell(pane, 0, "addresses") == "y5,b2"
        # unlinking everything removes the key, and undo brings the links back
        await pilot.press("ctrl+l")
        await pilot.pause()
        app.screen.query_one(SelectionList).deselect_all()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.session.actions[0].addresses == []
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.session.actions[0].addresses == ["y5", "b2"]


async def test_cycle_status_delete_undo_and_reorder(pane_app) -> None:
    app = pane_app(ActionsPane)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(ActionsPane)
        pane.table.focus()
        await pilot.press("ctrl+x")  # a1 in-progress -> done
        await pilot.pause()
        assert app.session.actions[0].status == ActionStatus.DONE
        assert cell(pane, 0, "status") == "done"
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert app.session.actions[0].status == ActionStatus.WONT_DO

        await pilot.press("alt+down")
        await pilot.pause()
        assert [a.id for a in app.session.actions][:2] == ["a2", "a1"]
        assert pane.selected_id == "a1"
        await pilot.press("delete")
        await pilot.pause()
        assert "a1" not in [a.id for a in app.session.actions]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [a.id for a in app.session.actions][:2] == ["a2", "a1"]
        assert app.session.actions[1].status == ActionStatus.WONT_DO
