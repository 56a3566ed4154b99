"""The questions the moderator puts to the room in the current phase, and the blameless reminder."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from pmtui.domain.model import Phase
from pmtui.domain.prompts import BLAMELESS_REMINDER, prompts_for


def prompts_content(phase: Phase) -> Content:
    """The phase's goal, questions and exit criterion as text."""
    prompts = prompts_for(phase)
    lines = [Content.styled(prompts.goal, "bold")]
    lines += [Content.assemble(("• ", "$accent"), question) for question in prompts.questions]
    lines.append(Content.assemble(("Done when: ", "$text-muted italic"), (prompts.done_when, "$text-muted italic")))
    return Content("\n").join(lines)


class PromptsPanel(VerticalScroll, can_focus=False):
    """Guiding prompts for the phase; the reminder stays on its own line below them."""

    DEFAULT_CSS = """
    PromptsPanel { height: 1fr; }
    PromptsPanel > Static { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="prompts-text")
        yield Static(Content.styled(BLAMELESS_REMINDER, "italic"), id="blameless")

    def show(self, phase: Phase) -> None:
        """Show the prompts of a phase."""
        self.query_one("#prompts-text", Static).update(prompts_content(phase))
