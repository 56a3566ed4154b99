"""The five-whys pane: quick entry, layers, form editing, delete/undo/reorder, progress."""

from __future__ import annotations

import pytest

from pmtui.domain.model import WhyLayer
from pmtui.storage.parsing import load_session_fast
from pmtui.ui.widgets.whys_pane import WhysPane, answer_target, parse_why, progress

# ----------------------------------------------------------------- below the UI


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        (
            "Why did checkout fail? Because payments returned 503",
            {"question": "Why did checkout fail?", "answer": "Because payments returned 503"},
        ),
        (
            "pool too small ? config edited the base file",
            {"question": "pool too small?", "answer": "config edited the base file"},
        ),
        ("Why so slow?", {"question": "Why so slow?"}),
        ("Why so slow?   ", {"question": "Why so slow?"}),
        ("No question mark at all", {"question": "No question mark at all"}),
        ("Why? Because? Really", {"question": "Why?", "answer": "Because? Really"}),
        ("[immediate] Why X? Y", {"question": "Why X?", "answer": "Y", "layer": WhyLayer.IMMEDIATE}),
        ("[P] Why X? Y", {"question": "Why X?", "answer": "Y", "layer": WhyLayer.PRECONDITION}),
        ("Why X? Y !u", {"question": "Why X?", "answer": "Y", "layer": WhyLayer.UNDERLYING}),
        ("!i Why X?", {"question": "Why X?", "layer": WhyLayer.IMMEDIATE}),
        ("[u] Why X? Y !underlying", {"question": "Why X?", "answer": "Y", "layer": WhyLayer.UNDERLYING}),
        ("Why X? it broke !!", {"question": "Why X?", "answer": "it broke !!"}),
        ("Why X? it broke !wow", {"question": "Why X?", "answer": "it broke !wow"}),
    ],
)
def test_quick_entry_lines(line: str, fields: dict[str, object]) -> None:
    assert parse_why(line) == fields


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("? just an answer", 'a why needs its question before the "?"'),
        ("[deep] Why X?", '"deep" is not a layer; use immediate, precondition, underlying'),
        ("[] Why X?", '"" is not a layer'),
        ("[i] Why X? !u", "give one layer: immediate and underlying both given"),
    ],
)
def test_quick_entry_problems(line: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_why(line)
    assert message in str(caught.value)


def test_progress_counts_towards_five_and_unanswered(demo_copy) -> None:
    session = load_session_fast(demo_copy)
    assert progress(session) == "6 whys"
    short = session.model_copy(update={"whys": session.whys[:3]})
    assert progress(short) == "3 of 5 whys"
    unanswered = [session.whys[0], session.whys[1].model_copy(update={"answer": ""})]
    assert progress(session.model_copy(update={"whys": unanswered})) == "2 of 5 whys, 1 without an answer"


# ----------------------------------------------------------------- through the pane


def rows(pane: WhysPane) -> list[tuple[str, ...]]:
    """What the list shows: each row's cells, column by column."""
    table = pane.table
    return [tuple(table.cell_text(key, column) for column in table.visible_columns) for key in table.row_keys]


async def test_add_a_why_with_layer_and_answer_later(pane_app) -> None:
    app = pane_app(WhysPane)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(WhysPane)
        assert "6 whys" in str(pane.border_title)
        pane.quick_input.focus()
        pane.quick_input.value = "[p] Why was there no range check on pool sizes?"
        await pilot.press("enter")
        await pilot.pause()
        why = app.session.whys[-1]
        assert (why.id, why.question, why.answer, why.layer) == (
            "y7",
            "Why was there no range check on pool sizes?",
            "",
            WhyLayer.PRECONDITION,
        )
        assert pane.quick_input.value == ""
        assert rows(pane)[-1][:4] == ("", "y7", "7", "precondition")
        shown = rows(pane)[-1][4]  # the question column is narrow: long questions end in …
        assert shown.startswith("Why was there no range check") and len(shown) <= pane.table.column_width("question")
        assert "(no answer yet)" in rows(pane)[-1][5]
        assert str(pane.border_title) == "Five whys · 7 whys, 1 without an answer"
        assert pane.selected_id == "y7"

        # fill the answer later, in the form
        pane.table.focus()
        await pilot.press("enter")
        await pilot.pause()
        answer = app.screen.query_one("#field-answer")
        answer.text = "Nobody owned the 31 runtime settings after the 2025 move"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.session.whys[-1].answer == "Nobody owned the 31 runtime settings after the 2025 move"
        assert str(pane.border_title) == "Five whys · 7 whys"


async def test_a_bad_line_stays_in_the_input_with_the_problem_shown(pane_app) -> None:
    app = pane_app(WhysPane)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(WhysPane)
        pane.quick_input.focus()
        pane.quick_input.value = "[deep] Why X? Y"
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.session.whys) == 6
        assert pane.quick_input.value == "[deep] Why X? Y"
        assert '"deep" is not a layer' in str(pane.query_one(".quick-error").content)


async def test_edit_layer_delete_undo_and_reorder(pane_app) -> None:
    app = pane_app(WhysPane)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(WhysPane)
        pane.table.focus()
        await pilot.press("down")  # y2
        await pilot.press("enter")
        await pilot.pause()
        from textual.widgets import Select

        app.screen.query_one("#field-layer", Select).value = "underlying"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.session.whys[1].layer == WhyLayer.UNDERLYING

        await pilot.press("alt+down")  # move y2 down, below y3
        await pilot.pause()
        assert [w.id for w in app.session.whys][:3] == ["y1", "y3", "y2"]
        assert rows(pane)[2][1:3] == ("y2", "3")  # numbered by position
        assert pane.selected_id == "y2"

        await pilot.press("delete")
        await pilot.pause()
        assert "y2" not in [w.id for w in app.session.whys]
        assert len(rows(pane)) == 5
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [w.id for w in app.session.whys][:3] == ["y1", "y3", "y2"]


async def test_spotlight_is_marked(pane_app) -> None:
    from pmtui.domain.changes import SetField

    app = pane_app(WhysPane)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(WhysPane)
        app.submit(SetField("meeting", "spotlight", "y4"))
        await pilot.pause()
        assert rows(pane)[3][0] == "▶"
        assert [row[0] for row in rows(pane)].count("▶") == 1


def test_answer_target_prefers_the_selected_open_why(demo_copy) -> None:
    session = load_session_fast(demo_copy)
    whys = [
        *session.whys[:2],
        session.whys[2].model_copy(update={"answer": ""}),
        session.whys[3].model_copy(update={"answer": " "}),
    ]
    assert answer_target(whys, "y3").id == "y3"
    assert answer_target(whys, "y1").id == "y4"  # y1 is answered: the latest open one
    assert answer_target(session.whys, "y1") is None


async def test_a_question_mark_line_answers_the_open_why(pane_app) -> None:
    app = pane_app(WhysPane)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(WhysPane)
        pane.quick_input.focus()
        pane.quick_input.value = "!u Why is there no owner for runtime settings?"
        await pilot.press("enter")
        await pilot.pause()
        pane.quick_input.value = "? Nobody was named when they moved in 2025"
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.session.whys) == 7
        assert app.session.whys[-1].answer == "Nobody was named when they moved in 2025"
        assert pane.quick_input.value == ""
        # nothing left to answer: the line stays and says what to do
        pane.quick_input.value = "? another answer"
        await pilot.press("enter")
        await pilot.pause()
        assert pane.quick_input.value == "? another answer"
        assert "Every why has an answer" in str(pane.query_one(".quick-error").content)
        assert len(app.session.whys) == 7
