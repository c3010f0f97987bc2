"""The benchmark: the focus gemeente against its peers and Nederland, per indicator and theme.

Rank respects polarity; margins (where the source has them) decide whether a difference with
Nederland is clear; every gap says which area lacks data and why.
"""

import statistics
from dataclasses import asdict, dataclass, field
from typing import Any, assert_never

from sociale_staat.analysis.narrative import Narrator
from sociale_staat.analysis.peers import PeerGroup
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.warehouse.records import Area, Indicator, Polarity, Source, rank_basis
from sociale_staat.warehouse.records import Cell as StoredCell


@dataclass
class Cell:
    area: str
    name: str
    period: int
    value: float | None
    lower: float | None = None
    upper: float | None = None
    status: str = "ontbreekt"
    table_id: str | None = None
    reason: str | None = None


@dataclass
class IndicatorBenchmark:
    indicator: Indicator
    period: int | None
    focus: Cell | None
    nederland: Cell | None
    peers: list[Cell]
    rank: int | None = None  # 1 = most favourable (or highest, when polarity is neutraal)
    n: int = 0  # areas ranked: focus and peers with a value
    rank_basis: str = ""
    peer_median: float | None = None
    peer_min: float | None = None
    peer_max: float | None = None
    diff_nl: float | None = None
    diff_peer_median: float | None = None
    nl_difference: str | None = None  # hoger / lager / niet significant / gelijk
    since: Cell | None = None
    change: float | None = None
    score: float = 0.0
    sentences: list[dict[str, Any]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def missing(self) -> list[Cell]:
        return [c for c in self.peers if c.value is None]

    def value_order(self) -> list[Cell]:
        """Focus and peers with a value, highest first."""
        cells = [c for c in [self.focus, *self.peers] if c is not None and c.value is not None]
        return sorted(cells, key=lambda c: -(c.value or 0.0))

    def as_dict(self) -> dict[str, Any]:
        ind = self.indicator
        return {
            "indicator": ind.id,
            "title": ind.title,
            "theme": ind.theme,
            "unit": ind.unit,
            "polarity": ind.polarity,
            "period": self.period,
            "focus": _cell(self.focus),
            "nederland": _cell(self.nederland),
            "peers": [_cell(c) for c in self.peers],
            "rank": self.rank,
            "n": self.n,
            "rank_basis": self.rank_basis,
            "peer_median": self.peer_median,
            "peer_min": self.peer_min,
            "peer_max": self.peer_max,
            "diff_nl": self.diff_nl,
            "diff_peer_median": self.diff_peer_median,
            "nl_difference": self.nl_difference,
            "since": _cell(self.since),
            "change": self.change,
            "score": round(self.score, 3),
            "missing": [{"area": c.area, "name": c.name, "reason": c.reason} for c in self.missing],
            "sentences": self.sentences,
        }


def _cell(cell: Cell | None) -> dict[str, Any] | None:
    if cell is None:
        return None
    data = asdict(cell)
    data["margin"] = {"lower": cell.lower, "upper": cell.upper} if cell.lower is not None else None
    return data


@dataclass
class Benchmark:
    group: PeerGroup
    items: list[IndicatorBenchmark]
    sources: dict[str, Source]

    def by_theme(self) -> dict[str, list[IndicatorBenchmark]]:
        themes: dict[str, list[IndicatorBenchmark]] = {}
        for item in self.items:
            themes.setdefault(item.indicator.theme, []).append(item)
        return themes

    def findings(self, per_theme: int = 3) -> dict[str, list[IndicatorBenchmark]]:
        """The most striking indicators per theme ("opvallende kenmerken"), highest score first."""
        return {
            theme: sorted((i for i in items if i.score > 0), key=lambda i: -i.score)[:per_theme]
            for theme, items in self.by_theme().items()
        }


def run(
    warehouse: Warehouse,
    group: PeerGroup,
    *,
    theme: str | None = None,
    period: int | None = None,
    since: int | None = None,
) -> Benchmark:
    """Benchmark every catalogue indicator (of one theme) for the group's focus."""
    indicators = [i for i in warehouse.indicators(theme) if "gemeente" in i.levels]
    focus = group.focus
    areas = [focus.code, "NL", *group.codes]
    names = {focus.code: focus.name, "NL": "Nederland"} | {m.code: m.name for m in group.members}
    cells: dict[tuple[str, str], dict[int, StoredCell]] = {}
    for row in warehouse.series(areas, [i.id for i in indicators]):
        cells.setdefault((row.indicator, row.region_code), {})[row.period] = row
    narrator = Narrator(focus.name, len(group.members) + 1)
    items = []
    for ind in indicators:
        item = _one(warehouse, ind, focus, group, names, cells, period, since)
        item.sentences = narrator.describe(item)
        items.append(item)
    return Benchmark(group, items, warehouse.sources())


def _one(
    warehouse: Warehouse,
    ind: Indicator,
    focus: Area,
    group: PeerGroup,
    names: dict[str, str],
    cells: dict[tuple[str, str], dict[int, StoredCell]],
    period: int | None,
    since: int | None,
) -> IndicatorBenchmark:
    mine = cells.get((ind.id, focus.code), {})
    years = sorted(y for y, r in mine.items() if r.value is not None)
    chosen = period if period is not None else _latest_comparable(ind, years, group, cells)
    if chosen is None:
        reason = ind.unavailable or f"geen waarde voor {focus.name} in de bundel"
        empty = Cell(focus.code, focus.name, 0, None, reason=reason)
        return IndicatorBenchmark(ind, None, empty, None, [])

    def cell(code: str, year: int) -> Cell:
        row = cells.get((ind.id, code), {}).get(year)
        if row is not None and row.value is not None:
            return Cell(
                code, names[code], year, row.value, row.lower, row.upper, row.status, row.table_id
            )
        region = Area(code, names[code], "nederland" if code == "NL" else "gemeente")
        return Cell(
            code,
            names[code],
            year,
            None,
            status=row.status if row else "ontbreekt",
            table_id=row.table_id if row else None,
            reason=warehouse.why_missing(ind, region, year, row),
        )

    item = IndicatorBenchmark(
        ind,
        chosen,
        cell(focus.code, chosen),
        cell("NL", chosen),
        [cell(m.code, chosen) for m in group.members],
    )
    _rank(item)
    _compare(item)
    start = _since_year(years, chosen, since)
    if start is not None and item.focus and item.focus.value is not None:
        item.since = cell(focus.code, start)
        if item.since.value is not None:
            item.change = item.focus.value - item.since.value
    item.score = _score(item)
    return item


def _latest_comparable(
    ind: Indicator,
    years: list[int],
    group: PeerGroup,
    cells: dict[tuple[str, str], dict[int, StoredCell]],
) -> int | None:
    """The latest year the focus has a value and at least half of the peers do too; failing
    that, the focus's latest year (the gaps then show)."""

    def covered(year: int) -> int:
        return sum(1 for m in group.members if _value(cells, ind.id, m.code, year) is not None)

    for year in reversed(years):
        if 2 * covered(year) >= len(group.members):
            return year
    return years[-1] if years else None


def _value(
    cells: dict[tuple[str, str], dict[int, StoredCell]], indicator: str, code: str, year: int
) -> float | None:
    row = cells.get((indicator, code), {}).get(year)
    return row.value if row is not None else None


def _rank(item: IndicatorBenchmark) -> None:
    if item.focus is None or item.focus.value is None:
        return
    ordered = item.value_order()
    polarity = item.indicator.polarity
    if polarity == "lager_is_beter":
        ordered.reverse()
    item.rank_basis = rank_basis(polarity)
    item.n = len(ordered)
    # Competition ranking: equal values share a place.
    item.rank = 1 + sum(1 for c in ordered if _better(c.value, item.focus.value, polarity))
    peers = [c.value for c in item.peers if c.value is not None]
    if peers:
        item.peer_median = statistics.median(peers)
        item.peer_min, item.peer_max = min(peers), max(peers)
        item.diff_peer_median = item.focus.value - item.peer_median


def _better(value: float | None, than: float, polarity: Polarity) -> bool:
    assert value is not None
    match polarity:
        case "lager_is_beter":
            return value < than
        case "hoger_is_beter" | "neutraal":
            return value > than
        case _:
            assert_never(polarity)


def _compare(item: IndicatorBenchmark) -> None:
    """Difference with Nederland; with margins, say whether the 95%-intervals separate."""
    f, nl = item.focus, item.nederland
    if f is None or nl is None or f.value is None or nl.value is None:
        return
    item.diff_nl = f.value - nl.value
    decimals = item.indicator.decimals
    if round(f.value, decimals) == round(nl.value, decimals):
        item.nl_difference = "gelijk"
    elif f.lower is not None and f.upper is not None:
        nl_low = nl.lower if nl.lower is not None else nl.value
        nl_high = nl.upper if nl.upper is not None else nl.value
        overlap = f.lower <= nl_high and nl_low <= f.upper
        item.nl_difference = (
            "niet significant" if overlap else ("hoger" if item.diff_nl > 0 else "lager")
        )
    else:
        item.nl_difference = "hoger" if item.diff_nl > 0 else "lager"


def _since_year(years: list[int], period: int, since: int | None) -> int | None:
    if since is not None:
        return since if since < period else None
    earlier = [y for y in years if y <= period - 5] or [y for y in years if y < period]
    return earlier[-1] if earlier else None


def _score(item: IndicatorBenchmark) -> float:
    """How unusual the focus is: distance from the peer median in peer spreads, an extreme
    rank, and the size of the change; differences that are not clear count half."""
    f = item.focus
    if f is None or f.value is None or item.peer_median is None or item.n < 3:
        return 0.0
    peers = [c.value for c in item.peers if c.value is not None]
    spread = statistics.median(abs(v - item.peer_median) for v in peers) * 1.4826
    spread = spread or (max(peers) - min(peers)) / 2 or abs(item.peer_median) * 0.05 or 1.0
    score = min(abs(f.value - item.peer_median) / spread, 5.0)
    if item.rank in (1, item.n):
        score += 1.0
    if (
        item.peer_min is not None
        and item.peer_max is not None
        and not (item.peer_min <= f.value <= item.peer_max)
    ):
        score += 0.5
    if item.change is not None and item.since and item.since.value:
        score += min(abs(item.change / item.since.value) * 5, 1.0)
    if item.nl_difference == "niet significant":
        score *= 0.5
    return score
