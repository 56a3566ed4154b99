"""The numbers of a report: incidents per month by severity, response times per month, action follow-through."""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pmtui.domain.checks import Metrics
from pmtui.domain.model import ActionKind, Severity
from pmtui.report.facts import ActionFact, IncidentFacts

TIMES = tuple((name, label) for name, label in Metrics.LABELS if name != "impact_duration")
"""Time to detect, acknowledge, mitigate and resolve: the figures checks.compute_metrics derives per incident."""

ALL = "all"
"""The row that stands for every month (or every owner, every kind) together."""


@dataclass(frozen=True)
class Spread:
    """Median and 90th percentile of some durations in seconds, and how many durations they stand on."""

    count: int
    median: float | None
    p90: float | None

    @classmethod
    def of(cls, values: Iterable[float]) -> Spread:
        ordered = sorted(values)
        if not ordered:
            return cls(0, None, None)
        return cls(len(ordered), statistics.median(ordered), percentile(ordered, 90))


def percentile(ordered: list[float], pct: float) -> float:
    """Nearest-rank percentile of sorted values: the smallest value with at least pct % of values at or below it."""
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Follow:
    """How a set of action items stands: what was promised and what was kept."""

    total: int = 0
    open: int = 0
    done: int = 0
    done_on_time: int = 0
    done_late: int = 0
    done_undated: int = 0
    wont_do: int = 0
    overdue: int = 0
    overdue_days: int = 0
    oldest_overdue_days: int = 0

    def add(self, action: ActionFact) -> None:
        self.total += 1
        if action.status in ("open", "in-progress"):
            self.open += 1
            if action.days_overdue > 0:
                self.overdue += 1
                self.overdue_days += action.days_overdue
                self.oldest_overdue_days = max(self.oldest_overdue_days, action.days_overdue)
        elif action.status == "done":
            self.done += 1
            if action.done_on is None or action.due is None:
                self.done_undated += 1  # no done_on or no due date: whether it was on time is unknown
            elif action.done_on <= action.due:
                self.done_on_time += 1
            else:
                self.done_late += 1
        else:
            self.wont_do += 1


@dataclass
class Figures:
    """Every number of the report, keyed so that a JSON consumer needs no knowledge of pmtui."""

    months: list[str] = field(default_factory=list)
    """Months with at least one incident, in order (`undated` last)."""
    severities: dict[str, Counter[str]] = field(default_factory=dict)
    """Month (and `all`) -> severity -> number of incidents."""
    times: dict[str, dict[str, Spread]] = field(default_factory=dict)
    """Metric name -> month (and `all`) -> spread."""
    by_owner: dict[str, Follow] = field(default_factory=dict)
    """Owner (`(no owner)` when blank, `all` for every action) -> follow-through."""
    by_kind: dict[str, Follow] = field(default_factory=dict)
    """Action kind (`(no kind)` when blank, `all` for every action) -> follow-through."""


def compute_figures(incidents: list[IncidentFacts]) -> Figures:
    """Aggregate the incidents (already filtered by date) into the report's figures."""
    figures = Figures()
    months = sorted({facts.month for facts in incidents}, key=lambda m: (m == "undated", m))
    figures.months = months
    for month in [*months, ALL]:
        figures.severities[month] = Counter()
    durations: dict[str, dict[str, list[float]]] = {name: defaultdict(list) for name, _ in TIMES}
    by_owner: dict[str, Follow] = defaultdict(Follow)
    by_kind: dict[str, Follow] = defaultdict(Follow)
    for facts in incidents:
        figures.severities[facts.month][facts.severity] += 1
        figures.severities[ALL][facts.severity] += 1
        for name, _ in TIMES:
            value = facts.metrics.get(name)
            if value is not None:
                durations[name][facts.month].append(value)
                durations[name][ALL].append(value)
        for action in facts.actions:
            for table, key in ((by_owner, action.owner or "(no owner)"), (by_kind, action.kind or "(no kind)")):
                table[key].add(action)
                table[ALL].add(action)
    figures.times = {
        name: {month: Spread.of(durations[name].get(month, [])) for month in [*months, ALL]} for name, _ in TIMES
    }
    # Most overdue owners first (the question a lead asks); kinds in the model's order.
    owners = sorted((o for o in by_owner if o != ALL), key=lambda o: (-by_owner[o].overdue_days, -by_owner[o].open, o))
    figures.by_owner = {owner: by_owner[owner] for owner in [*owners, ALL] if owner in by_owner}
    order = [kind.value for kind in ActionKind] + ["(no kind)"]
    kinds = sorted((k for k in by_kind if k != ALL), key=lambda k: (order.index(k) if k in order else len(order), k))
    figures.by_kind = {kind: by_kind[kind] for kind in [*kinds, ALL] if kind in by_kind}
    return figures


SEVERITIES = [severity.value for severity in Severity]
