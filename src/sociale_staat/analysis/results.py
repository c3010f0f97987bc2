"""What the benchmark computes, as types of their own: the narrative, charts, report, web and
exports read these and never recompute them. No logic beyond small derived views lives here, so
every part can import it without importing the benchmark (or each other).
"""

from dataclasses import dataclass, field
from typing import Literal, assert_never

from sociale_staat.analysis.peers import PeerGroup
from sociale_staat.analysis.quality import Quality
from sociale_staat.warehouse.records import Indicator, Source, Status

RefKind = Literal["cel", "mediaan", "verschil", "ontbreekt", "kwaliteit"]


def enough_peers(reporting: int, peers: int) -> bool:
    """The one rule for comparing with the peers in a year: at least half of them report."""
    return 2 * reporting >= peers


@dataclass
class AreaValue:
    """One area's value of an indicator in the compared year; a missing value says why."""

    area: str
    name: str
    period: int
    value: float | None
    lower: float | None = None
    upper: float | None = None
    status: Status = "ontbreekt"
    table_id: str | None = None
    reason: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "area": self.area,
            "name": self.name,
            "period": self.period,
            "value": self.value,
            "lower": self.lower,
            "upper": self.upper,
            "status": self.status,
            "table_id": self.table_id,
            "reason": self.reason,
            "margin": (
                {"lower": self.lower, "upper": self.upper} if self.lower is not None else None
            ),
        }


@dataclass(frozen=True)
class Ref:
    """What a number in a sentence comes from: a cell, a median or difference of cells, or a
    missing value with its reason."""

    kind: RefKind
    indicator: str
    value: float | None = None
    decimals: int = 0
    area: str | None = None
    name: str | None = None
    period: int | None = None
    table_id: str | None = None
    areas: tuple[str, ...] = ()
    text: str = ""

    def as_dict(self) -> dict[str, object]:
        match self.kind:
            case "cel":
                return {
                    "kind": self.kind,
                    "indicator": self.indicator,
                    "area": self.area,
                    "name": self.name,
                    "period": self.period,
                    "value": self.value,
                    "decimals": self.decimals,
                    "table_id": self.table_id,
                }
            case "mediaan" | "verschil":
                return {
                    "kind": self.kind,
                    "indicator": self.indicator,
                    "value": self.value,
                    "decimals": self.decimals,
                    "areas": list(self.areas),
                }
            case "ontbreekt":
                where = {"area": self.area, "period": self.period} if self.area else {}
                return {"kind": self.kind, "indicator": self.indicator, **where, "text": self.text}
            case "kwaliteit":  # a quality note: a year, a change or the declared text it quotes
                return {
                    "kind": self.kind,
                    "indicator": self.indicator,
                    "period": self.period,
                    "value": self.value,
                    "decimals": self.decimals,
                    "text": self.text,
                }
            case _:
                assert_never(self.kind)


@dataclass(frozen=True)
class Sentence:
    """One generated Dutch sentence, its shape (so the next one can vary) and its references."""

    text: str
    shape: str
    refs: tuple[Ref, ...]

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "shape": self.shape, "refs": [r.as_dict() for r in self.refs]}


@dataclass
class IndicatorBenchmark:
    indicator: Indicator
    period: int | None
    focus: AreaValue | None
    nederland: AreaValue | None
    peers: list[AreaValue]
    rank: int | None = None  # 1 = most favourable (or highest, when polarity is neutraal)
    n: int = 0  # areas ranked: focus and peers with a value
    rank_basis: str = ""
    peer_median: float | None = None
    peer_min: float | None = None
    peer_max: float | None = None
    diff_nl: float | None = None
    diff_peer_median: float | None = None
    nl_difference: str | None = None  # hoger / lager / niet significant / gelijk
    since: AreaValue | None = None
    change: float | None = None
    score: float = 0.0
    sentences: list[Sentence] = field(default_factory=list)
    quality: Quality = field(default_factory=Quality)

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def missing(self) -> list[AreaValue]:
        return [c for c in self.peers if c.value is None]

    @property
    def cells(self) -> list[AreaValue]:
        """Focus, Nederland and every peer, in that order."""
        return [c for c in [self.focus, self.nederland, *self.peers] if c is not None]

    def value_order(self) -> list[AreaValue]:
        """Focus and peers with a value, highest first."""
        cells = [c for c in [self.focus, *self.peers] if c is not None and c.value is not None]
        return sorted(cells, key=lambda c: -(c.value or 0.0))

    def as_dict(self) -> dict[str, object]:
        ind = self.indicator
        return {
            "indicator": ind.id,
            "title": ind.title,
            "theme": ind.theme,
            "unit": ind.unit,
            "polarity": ind.polarity,
            "period": self.period,
            "focus": self.focus.as_dict() if self.focus else None,
            "nederland": self.nederland.as_dict() if self.nederland else None,
            "peers": [c.as_dict() for c in self.peers],
            "rank": self.rank,
            "n": self.n,
            "rank_basis": self.rank_basis,
            "peer_median": self.peer_median,
            "peer_min": self.peer_min,
            "peer_max": self.peer_max,
            "diff_nl": self.diff_nl,
            "diff_peer_median": self.diff_peer_median,
            "nl_difference": self.nl_difference,
            "since": self.since.as_dict() if self.since else None,
            "change": self.change,
            "score": round(self.score, 3),
            "missing": [{"area": c.area, "name": c.name, "reason": c.reason} for c in self.missing],
            "sentences": [s.as_dict() for s in self.sentences],
            "kwaliteit": self.quality.as_dict(),
        }


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

    def as_dict(self, items: list[IndicatorBenchmark] | None = None) -> dict[str, object]:
        """The JSON of the API and `benchmark --json`."""
        return {
            "focus": self.group.focus.as_dict(),
            "peer_group": self.group.as_dict(),
            "indicators": [i.as_dict() for i in (self.items if items is None else items)],
        }


@dataclass(frozen=True)
class TrendPoint:
    """One year of a trend: the focus, the peer median (only where enough peers report), NL."""

    year: int
    focus: float | None
    peers: float | None
    nederland: float | None


@dataclass(frozen=True)
class Trend:
    """An indicator over the years for the focus, the median of its peers and Nederland."""

    indicator: Indicator
    focus_name: str
    points: tuple[TrendPoint, ...]

    def long_rows(self) -> list[tuple[int, str, float]]:
        """(year, series, value) for every value, years ascending, series by name."""
        rows = []
        for p in self.points:
            for series, value in (
                (self.focus_name, p.focus),
                ("mediaan peers", p.peers),
                ("Nederland", p.nederland),
            ):
                if value is not None:
                    rows.append((p.year, series, value))
        return sorted(rows, key=lambda r: (r[0], r[1]))
