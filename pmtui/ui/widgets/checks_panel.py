"""Live findings of the checks for the current phase, and the metrics derived from the timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from pmtui.domain.checks import OWNER_NOT_ATTENDEE, Finding, Metrics
from pmtui.domain.model import Phase
from pmtui.domain.text_safety import visible
from pmtui.ui.widgets.redraw import show_in_place

SUMMARY_SECTIONS = ("incident", "roles", "attendees")


def findings_for_phase(findings: Sequence[Finding], phase: Phase) -> list[Finding]:
    """The findings the room should see in a phase; wrap-up also reads back every error left and
    everything about the actions (overdue, no owner, no due date) before people leave."""
    if phase is Phase.WRAP_UP:
        return [
            f for f in findings if f.phase is Phase.WRAP_UP or f.is_error or f.section in (*SUMMARY_SECTIONS, "actions")
        ]
    return [f for f in findings if f.phase is phase or (f.phase is None and phase is Phase.SUMMARY)]


def _counts(findings: Sequence[Finding]) -> tuple[int, int]:
    errors = sum(1 for f in findings if f.is_error)
    return errors, len(findings) - errors


def checks_headline(findings: Sequence[Finding]) -> Content:
    """One line: how many problems, or a tick when there are none."""
    errors, warnings = _counts(findings)
    if not findings:
        return Content.assemble(("✓ ", "$success"), ("nothing to flag", "$text-muted"))
    parts: list[tuple[str, str] | str] = []
    if errors:
        parts.append((f"{errors} error{'s' if errors != 1 else ''}", "bold $error"))
    if warnings:
        if parts:
            parts.append(" · ")
        parts.append((f"{warnings} warning{'s' if warnings != 1 else ''}", "bold $warning"))
    return Content.assemble(*parts)


def finding_line(finding: Finding) -> Content:
    """A finding as one item: a marker, the entry id and the message."""
    marker = ("✗ ", "bold $error") if finding.is_error else ("! ", "bold $warning")
    where = (f"{finding.entry_id} ", "bold") if finding.entry_id else ""
    return Content.assemble(marker, where, visible(finding.message))  # messages quote entries


def checks_line(findings: Sequence[Finding]) -> Content:
    """Headline and first finding on one line, for a small screen."""
    line = checks_headline(findings)
    if findings:
        line = Content.assemble("Checks: ", line, " — ", finding_line(findings[0]))
    return line


def metrics_content(metrics: Metrics) -> Content:
    """The derived metrics, label and value on one line each."""
    rows = metrics.rows()
    width = max(len(label) for label, _ in rows)
    lines = [
        Content.assemble((label.ljust(width + 1), "$text-muted"), (value, "bold" if value != "—" else "$text-muted"))
        for label, value in rows
    ]
    return Content("\n").join(lines)


class ChecksPanel(Vertical):
    """A headline and the list of findings for the phase (only the one-liner on a narrow screen)."""

    DEFAULT_CSS = """
    ChecksPanel { height: 1fr; }
    ChecksPanel > Static { height: auto; }
    ChecksPanel > VerticalScroll { height: auto; max-height: 1fr; }
    ChecksPanel > VerticalScroll > Static { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.findings: list[Finding] = []
        self.fix = ""
        """The one-key fix on show, if any."""

    def compose(self) -> ComposeResult:
        yield Static(id="checks-headline")
        yield Static(id="checks-line")
        with VerticalScroll(id="checks-scroll", can_focus=False):
            yield Static(id="checks-list")

    def show(self, findings: Sequence[Finding], phase: Phase, fix: str = "") -> None:
        """Show the findings that belong to this phase, and `fix` (a key that mends the first kind
        of finding, "a: add Ravi Menon to the attendees") when an owner-not-attendee one is among them."""
        shown = findings_for_phase(findings, phase)
        self.findings = shown
        show_in_place(
            self.query_one("#checks-headline", Static), Content.assemble(("Checks  ", "bold"), checks_headline(shown))
        )
        lines = [finding_line(f) for f in shown]
        line = checks_line(shown)
        self.fix = fix if fix and any(f.rule == OWNER_NOT_ATTENDEE for f in shown) else ""
        if self.fix:
            key, _, words = self.fix.partition(": ")
            hint = Content.assemble(("→ press ", "$text-muted"), (key, "bold $accent"), (f": {words}", "$accent"))
            lines.append(hint)
            # The small screen's one line: the fix says more than the first finding would.
            line = Content.assemble("Checks: ", checks_headline(shown), " ", hint)
        show_in_place(self.query_one("#checks-line", Static), line)
        show_in_place(self.query_one("#checks-list", Static), Content("\n").join(lines))


class MetricsPanel(Vertical):
    """Time to detect, acknowledge, mitigate and resolve, and how long the impact lasted."""

    DEFAULT_CSS = """
    MetricsPanel { height: auto; }
    MetricsPanel > Static { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Metrics", "bold"), id="metrics-title")
        yield Static(id="metrics-text")

    def show(self, metrics: Metrics) -> None:
        show_in_place(self.query_one("#metrics-text", Static), metrics_content(metrics))


def today_in(moment: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """Today's date where the incident happened (due dates are calendar dates there)."""
    return moment.astimezone(tz).date()
