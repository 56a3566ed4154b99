"""Seen before: past incidents in the same folder that had the factor under discussion, and what was promised."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from pmtui.domain.text_fit import shorten
from pmtui.domain.text_safety import visible
from pmtui.report._shared import standing
from pmtui.report.recall import SeenBefore


def seen_before_content(matches: list[SeenBefore], past: int) -> Content:
    """The matches as lines for the room; user text is plain content, never markup."""
    if not matches:
        return Content.assemble(
            ("Seen before: ", "bold $text-muted"),
            (f"nothing like this in the {past} other postmortem{'s' if past != 1 else ''} here.", "$text-muted"),
        )
    lines = [Content.styled("Seen before", "bold $warning")]
    for match in matches:
        facts = match.incident
        lines.append(
            Content.assemble(
                ("• ", "$warning"),
                (visible(facts.title), "bold"),
                (f"  {facts.date or 'undated'} · {visible(facts.path)}", "$text-muted"),
            )
        )
        lines.append(Content(f"  “{visible(shorten(match.note.text, 110))}”"))
        if not match.actions:
            lines.append(Content.styled("  → no action addressed it", "$text-muted italic"))
        for action in match.actions:
            late = action.days_overdue > 0
            lines.append(
                Content.assemble(
                    (f"  → {visible(action.id)} ", "$text-muted"),
                    (standing(action), "bold $error" if late else "$text-muted"),
                    ": ",
                    visible(shorten(action.text, 80)),
                )
            )
    return Content("\n").join(lines)


class SeenBeforePanel(VerticalScroll, can_focus=False):
    """Hidden until the moderator screen has past incidents to compare with, and only in Whys and Actions."""

    DEFAULT_CSS = """
    SeenBeforePanel {
        height: auto;
        max-height: 10;
        padding: 0 2;
        display: none;
        border-top: hkey $panel-lighten-1;
    }
    SeenBeforePanel > Static { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="seen-text")

    def show(self, matches: list[SeenBefore] | None, past: int = 0) -> None:
        """Show matches (an empty list says nothing matched); None hides the panel."""
        self.display = matches is not None
        if matches is not None:
            self.query_one("#seen-text", Static).update(seen_before_content(matches, past))
