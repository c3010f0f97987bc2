"""The status of every goal of a programme for one gemeente: Load → Compute, typed records out.

Indicators are judged by the progress rule (`progress.py`) on the gemeente's own series, with
Nederland and the peer median judged over the same years beside them; milestones by their latest
dated record; goals by the child that needs the most attention.
"""

import statistics
from dataclasses import dataclass, field
from typing import Literal

from sociale_staat.analysis.peers import resolve
from sociale_staat.core import paths
from sociale_staat.core.errors import UnknownIndicator
from sociale_staat.core.formatting import format_number
from sociale_staat.programmes import progress
from sociale_staat.programmes.model import (
    Citation,
    Goal,
    IndicatorRef,
    Milestone,
    Programme,
    Record,
    Target,
)
from sociale_staat.programmes.progress import Judgement, Status
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.warehouse.records import Indicator, Source

Kind = Literal["indicator", "mijlpaal", "geen_indicator"]
NL, PEERS = "NL", "mediaan peers"


@dataclass(frozen=True)
class Point:
    year: int
    value: float


@dataclass(frozen=True)
class Beside:
    """Nederland or the peer median over the same years as the gemeente, judged alike."""

    name: str
    base: Point | None
    latest: Point | None
    status: Status
    basis: str
    peers_counted: int = 0  # for the peer median: how many peers had a value in the latest year


@dataclass
class Measure:
    kind: Kind
    id: str
    title: str
    status: Status
    basis: str
    unit: str = ""
    decimals: int = 1
    polarity: str = ""
    base: Point | None = None
    latest: Point | None = None
    target: Target | None = None
    beside: list[Beside] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    series: dict[str, dict[int, float]] = field(default_factory=dict)  # reeks -> year -> value
    due: int | None = None
    record: Record | None = None
    citation: Citation | None = None
    note: str = ""

    @property
    def label(self) -> str:
        return progress.label(self.status)

    @property
    def tone(self) -> str:
        return progress.tone(self.status)

    def fmt(self, point: Point | None) -> str:
        return format_number(point.value, self.decimals) if point else "–"

    def beside_of(self, name: str) -> Beside | None:
        return next((b for b in self.beside if b.name == name), None)


@dataclass
class GoalStatus:
    goal: Goal
    status: Status
    measures: list[Measure]
    goals: list["GoalStatus"]
    depth: int

    @property
    def label(self) -> str:
        return progress.label(self.status)

    @property
    def tone(self) -> str:
        return progress.tone(self.status)

    def walk(self) -> list["GoalStatus"]:
        return [self, *(g for sub in self.goals for g in sub.walk())]


@dataclass
class ProgrammeStatus:
    programme: Programme
    focus_code: str
    focus_name: str
    peer_group: str
    peer_names: list[str]
    goals: list[GoalStatus]

    def all_goals(self) -> list[GoalStatus]:
        return [g for top in self.goals for g in top.walk()]

    def measures(self) -> list[tuple[GoalStatus, Measure]]:
        return [(g, m) for g in self.all_goals() for m in g.measures]

    def tally(self) -> dict[str, int]:
        """How many measures have each status, in the order of the status vocabulary."""
        counts: dict[str, int] = {}
        for status in progress.LABELS:
            n = sum(1 for _, m in self.measures() if m.status == status)
            if n:
                counts[progress.label(status)] = n
        return counts


def evaluate(warehouse: Warehouse, programme: Programme, focus: str) -> ProgrammeStatus:
    """Status of every goal of `programme` for gemeente `focus` (code or name)."""
    group = resolve(warehouse, paths.peer_groups_dir(), programme.peer_group, focus)
    code, name = group.focus.code, group.focus.name
    data = _Figures.load(warehouse, programme.indicator_ids(), code, group.codes)
    goals = [_goal(g, programme, data, name, 0) for g in programme.goals]
    return ProgrammeStatus(
        programme, code, name, group.title, [m.name for m in group.members], goals
    )


# --- load ------------------------------------------------------------------------------------


@dataclass
class _Figures:
    """Everything the read layer gives for the programme's indicators, fetched in one query."""

    indicators: dict[str, Indicator]
    missing: dict[str, str]  # indicator id -> why it is not in the catalogue
    values: dict[tuple[str, str], dict[int, float]]  # (indicator, area) -> year -> value
    tables: dict[tuple[str, str], set[str]]
    sources: dict[str, Source]
    focus: str
    peers: list[str]

    @classmethod
    def load(cls, warehouse: Warehouse, ids: list[str], focus: str, peers: list[str]) -> "_Figures":
        indicators: dict[str, Indicator] = {}
        missing: dict[str, str] = {}
        for ind in ids:
            try:
                indicators[ind] = warehouse.indicator(ind)
            except UnknownIndicator:
                missing[ind] = f"niet beschikbaar: indicator '{ind}' is (nog) niet gedefinieerd"
        values: dict[tuple[str, str], dict[int, float]] = {}
        tables: dict[tuple[str, str], set[str]] = {}
        for row in warehouse.series([focus, NL, *peers], list(indicators)):
            if row.value is None:
                continue
            key = (row.indicator, row.region_code)
            values.setdefault(key, {})[row.period] = row.value
            tables.setdefault(key, set()).add(row.table_id)
        return cls(indicators, missing, values, tables, warehouse.sources(), focus, peers)

    def peer_median(self, indicator: str) -> tuple[dict[int, float], dict[int, int]]:
        """The peers' median per year, for years where at least half of the peers have a value."""
        years: dict[int, list[float]] = {}
        for code in self.peers:
            for year, value in self.values.get((indicator, code), {}).items():
                years.setdefault(year, []).append(value)
        enough = {y: v for y, v in years.items() if 2 * len(v) >= max(len(self.peers), 1)}
        return (
            {y: statistics.median(v) for y, v in sorted(enough.items())},
            {y: len(v) for y, v in enough.items()},
        )

    def source_lines(self, indicator: str) -> list[str]:
        tables = sorted(
            set().union(*(self.tables.get((indicator, a), set()) for a in (self.focus, NL)))
        )
        return [self.sources[t].citation() for t in tables if t in self.sources]


# --- compute ---------------------------------------------------------------------------------


def _goal(goal: Goal, programme: Programme, data: _Figures, name: str, depth: int) -> GoalStatus:
    measures = [_indicator(ref, programme, data, name) for ref in goal.indicators]
    measures += [_milestone(m) for m in goal.milestones]
    if goal.geen_indicator:
        measures.append(
            Measure(
                "geen_indicator",
                goal.id,
                goal.title,
                "geen_indicator",
                f"geen indicator: {goal.geen_indicator}",
                citation=goal.source,
            )
        )
    subgoals = [_goal(g, programme, data, name, depth + 1) for g in goal.goals]
    status = progress.most_urgent([m.status for m in measures] + [g.status for g in subgoals])
    return GoalStatus(goal, status, measures, subgoals, depth)


def _milestone(milestone: Milestone) -> Measure:
    record = milestone.latest()
    due = f" (gepland: {milestone.due})" if milestone.due else ""
    if record is None:
        # A plan saying something will happen is not evidence that it did.
        return Measure(
            "mijlpaal",
            milestone.id,
            milestone.title,
            "onbekend",
            f"geen gedateerd verslag over deze mijlpaal{due}",
            due=milestone.due,
            citation=milestone.source,
        )
    return Measure(
        "mijlpaal",
        milestone.id,
        milestone.title,
        record.state,
        f"volgens {record.source} ({record.date.isoformat()}){due}"
        + (f": {record.note}" if record.note else ""),
        due=milestone.due,
        record=record,
        citation=milestone.source,
    )


def _indicator(ref: IndicatorRef, programme: Programme, data: _Figures, name: str) -> Measure:
    if ref.indicator in data.missing:
        return Measure(
            "indicator",
            ref.indicator,
            ref.indicator,
            "geen_gegevens",
            data.missing[ref.indicator],
            note=ref.note,
            target=ref.target,
        )
    ind = data.indicators[ref.indicator]
    measure = Measure(
        "indicator",
        ind.id,
        ind.title,
        "geen_gegevens",
        "",
        unit=ind.unit,
        decimals=ind.decimals,
        polarity=ind.polarity,
        target=ref.target,
        note=ref.note,
        citation=ref.target.source if ref.target else None,
    )
    own = data.values.get((ind.id, data.focus), {})
    median, counted = data.peer_median(ind.id)
    measure.series = {name: own, "Nederland": data.values.get((ind.id, NL), {}), PEERS: median}
    measure.sources = data.source_lines(ind.id)
    if not own:
        # The catalogue's own reason names the table a reader would fetch.
        measure.basis = ind.unavailable or f"geen waarde voor {name} in de gegevens"
        return measure
    base = _base_point(ref, programme, own)
    latest = Point(max(own), own[max(own)])
    measure.base, measure.latest = base, latest
    direction = _direction(ref, ind.polarity)
    measure.status, measure.basis = _judge(base, latest, ref.target, direction)
    for label, series in (("Nederland", measure.series["Nederland"]), (PEERS, median)):
        measure.beside.append(
            _beside(label, series, base.year, latest.year, direction, counted.get(latest.year, 0))
        )
    return measure


def _base_point(ref: IndicatorRef, programme: Programme, own: dict[int, float]) -> Point:
    """The declared baseline, else the first year from the programme's base year on (as Open SDG
    takes the next available year when the base year has no data)."""
    if ref.baseline is not None:
        value = ref.baseline.value if ref.baseline.value is not None else own.get(ref.baseline.year)
        if value is not None:
            return Point(ref.baseline.year, value)
    start = programme.base_year or min(own)
    year = min((y for y in own if y >= start), default=min(own))
    return Point(year, own[year])


def _direction(ref: IndicatorRef, polarity: str) -> int:
    if ref.target is not None and ref.target.direction is not None:
        return 1 if ref.target.direction == "omhoog" else -1
    match polarity:
        case "hoger_is_beter":
            return 1
        case "lager_is_beter":
            return -1
        case _:
            return 0


def _judge(base: Point, latest: Point, target: Target | None, direction: int) -> tuple[Status, str]:
    if latest.year <= base.year:
        return (
            "onbekend",
            f"alleen cijfers voor {latest.year}: te weinig om een ontwikkeling te meten",
        )
    if direction == 0:
        moved = (
            "gestegen"
            if latest.value > base.value
            else ("gedaald" if latest.value < base.value else "gelijk gebleven")
        )
        return "geen_oordeel", f"{moved} ({base.year}–{latest.year}); geen gewenste richting"
    judged: Judgement
    if target is not None:
        judged = progress.with_target(
            (base.year, base.value),
            (latest.year, latest.value),
            (target.year, target.value),
            direction,
        )
    else:
        judged = progress.without_target(
            (base.year, base.value), (latest.year, latest.value), direction
        )
    return judged.status, judged.basis


def _beside(
    label: str, series: dict[int, float], start: int, end: int, direction: int, counted: int
) -> Beside:
    base = Point(start, series[start]) if start in series else None
    latest = Point(end, series[end]) if end in series else None
    if base is None or latest is None:
        return Beside(
            label,
            base,
            latest,
            "geen_gegevens",
            f"geen waarde voor {start}" + (f" en {end}" if end != start else ""),
            counted,
        )
    status, basis = _judge(base, latest, None, direction)
    return Beside(label, base, latest, status, basis, counted)
