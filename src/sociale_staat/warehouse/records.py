"""Typed records the read layer hands out: indicators, areas, cells, sources, values, status.

Kept apart from `queries` so analysis, render, report and the front ends can name these types
without importing DuckDB. Every record is frozen: what the warehouse says is not edited on the way.
`as_dict()` gives the JSON shape of the API and `--json`, so that shape is written once, here.
"""

from dataclasses import dataclass
from typing import Literal, assert_never

from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.core.formatting import join_names
from sociale_staat.core.regions import LEVELS, Level
from sociale_staat.declarations.catalogue import IndicatorSource as IndicatorSource
from sociale_staat.declarations.catalogue import Kind as Kind
from sociale_staat.declarations.catalogue import Polarity as Polarity

# How a value stands in its source; 'ontbreekt' = the warehouse has no row for it at all.
Status = Literal["definitief", "voorlopig", "leeg", "geheim", "ontbreekt"]
STATUSES: tuple[Status, ...] = ("definitief", "voorlopig", "leeg", "geheim", "ontbreekt")


_STATUS: dict[str | None, Status] = {s: s for s in STATUSES} | {None: "ontbreekt"}
_LEVEL: dict[str, Level] = {level: level for level in LEVELS}


def status_of(text: str | None) -> Status:
    """A status from the warehouse, checked against the closed list (unknown text is a bug)."""
    try:
        return _STATUS[text]
    except KeyError:
        raise ValueError(f"onbekende status '{text}' in het warehouse") from None


def level_of_text(text: str) -> Level:
    """A level from the warehouse, checked against the closed list."""
    try:
        return _LEVEL[text]
    except KeyError:
        raise ValueError(f"onbekend niveau '{text}' in het warehouse") from None


@dataclass(frozen=True)
class Source:
    """One source table as loaded: what a reader needs to cite and judge a number."""

    table_id: str  # the snapshot id
    cbs_table: str
    title: str
    publisher: str
    licence: str  # from the snapshot manifest (the declaration), never from code
    exported: str
    snapshot_created: str = ""
    source_file: str = ""
    partial: bool = False
    gaps: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()

    def citation(self) -> str:
        """The one source line, for footers, captions, notes and CSV metadata."""
        return f"{self.publisher}, tabel {self.cbs_table} — {self.title} ({self.licence})"

    def as_dict(self) -> dict[str, object]:
        return {
            "table_id": self.table_id,
            "cbs_table": self.cbs_table,
            "title": self.title,
            "publisher": self.publisher,
            "licence": self.licence,
            "exported": self.exported,
            "snapshot_created": self.snapshot_created,
            "source_file": self.source_file,
        }

    @property
    def licence_name(self) -> str:
        """The licence without its attribution clause ('CC BY 4.0, bron: CBS' -> 'CC BY 4.0'),
        as manifests write it: '<licence>, bron: <who>'."""
        return self.licence.split(", bron:", 1)[0]


def attribution(sources: list[Source]) -> str:
    """Publishers and licences of a set of tables in one short phrase, for page footers."""
    publishers = sorted({s.publisher for s in sources})
    licences = sorted({s.licence_name for s in sources})
    return f"{join_names(publishers)} ({'; '.join(licences)})" if sources else ""


def citations(sources: list[Source]) -> str:
    """Several sources in one line, each once, in table order."""
    unique = {s.table_id: s for s in sources}
    return "; ".join(unique[t].citation() for t in sorted(unique))


@dataclass(frozen=True)
class Indicator:
    """An indicator as built into the warehouse, with the years it has values for."""

    id: str
    theme: str
    theme_title: str
    title: str
    phrase: str  # noun phrase with article, for sentences
    unit: str
    kind: Kind
    polarity: Polarity
    decimals: int
    levels: tuple[Level, ...]
    definition: str
    caveats: str
    unavailable: str
    sources: tuple[IndicatorSource, ...]
    position: int
    first_period: int | None = None
    last_period: int | None = None
    breuken: tuple[tuple[int, str], ...] = ()  # (year, what changed): its own and its sources'
    meetwijze: str | None = None  # registratie, meting or modelschatting
    meetwijze_toelichting: str = ""
    alternatief: str | None = None  # the indicator with the other kind of figure

    def as_dict(self, periods: bool = True) -> dict[str, object]:
        data: dict[str, object] = {
            "id": self.id,
            "theme": self.theme,
            "theme_title": self.theme_title,
            "title": self.title,
            "phrase": self.phrase,
            "unit": self.unit,
            "kind": self.kind,
            "polarity": self.polarity,
            "decimals": self.decimals,
            "levels": list(self.levels),
            "definition": self.definition,
            "caveats": self.caveats,
            "unavailable": self.unavailable,
            "sources": [s.model_dump(exclude_none=True) for s in self.sources],
            "position": self.position,
        }
        if periods:
            data |= {"first_period": self.first_period, "last_period": self.last_period}
        return data


def rank_basis(polarity: Polarity) -> str:
    """How areas are ordered for a rank, in words."""
    match polarity:
        case "hoger_is_beter":
            return "hoogste waarde is gunstigst"
        case "lager_is_beter":
            return "laagste waarde is gunstigst"
        case "neutraal":
            return "hoogste waarde eerst (geen polariteit)"
        case _:
            assert_never(polarity)


@dataclass(frozen=True)
class Area:
    """A region; a wijk or buurt is a code within one indeling (0 for other levels)."""

    code: str
    name: str
    level: Level
    indeling: int = 0
    gemeente_code: str | None = None
    provincie_code: str | None = None
    indelingen: tuple[int, ...] = ()  # Gebieden-in-Nederland editions it is in

    @property
    def small(self) -> bool:
        """A wijk or buurt: a code within one indeling, lying in a gemeente."""
        match self.level:
            case "wijk" | "buurt":
                return True
            case "nederland" | "landsdeel" | "provincie" | "corop" | "gemeente":
                return False
            case _:
                assert_never(self.level)

    @property
    def parent(self) -> str:
        """The code of the gemeente a wijk or buurt lies in."""
        if self.gemeente_code is None:
            raise SocialeStaatError(f"{self.name} ({self.code}) is geen wijk of buurt")
        return self.gemeente_code

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "indeling": self.indeling,
            "name": self.name,
            "level": self.level,
            "gemeente_code": self.gemeente_code,
            "provincie_code": self.provincie_code,
            "indelingen": list(self.indelingen),
        }


@dataclass(frozen=True)
class Cell:
    """One yearly value of an indicator for an area, as stored."""

    indicator: str
    region_code: str
    period: int
    value: float | None
    lower: float | None
    upper: float | None
    status: Status
    table_id: str
    indeling: int = 0


@dataclass(frozen=True)
class Reading:
    """A value for one year with its source; when there is none, the reason why."""

    period: int
    value: float | None
    lower: float | None
    upper: float | None
    status: Status
    source: Source | None
    reason: str | None = None

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "period": self.period,
            "value": self.value,
            "lower": self.lower,
            "upper": self.upper,
            "status": self.status,
            "source": self.source.as_dict() if self.source else None,
        }
        if self.value is None:
            data["reason"] = self.reason
        return data


@dataclass(frozen=True)
class ValueAnswer:
    """One value of an indicator for an area, optionally with an earlier year to compare."""

    indicator: Indicator
    area: Area
    reading: Reading
    since: Reading | None = None

    @property
    def change_abs(self) -> float | None:
        now, before = self.reading.value, self.since.value if self.since else None
        return now - before if now is not None and before is not None else None

    @property
    def change_pct(self) -> float | None:
        before = self.since.value if self.since else None
        change = self.change_abs
        return 100 * change / before if change is not None and before else None

    def as_dict(self) -> dict[str, object]:
        ind, area = self.indicator, self.area
        data: dict[str, object] = {
            "indicator": ind.id,
            "title": ind.title,
            "area": {
                "code": area.code,
                "name": area.name,
                "level": area.level,
                "indeling": area.indeling or None,
            },
            "unit": ind.unit,
            "decimals": ind.decimals,
            **self.reading.as_dict(),
        }
        if self.since is not None:
            data["since"] = self.since.period
            data["since_value"] = self.since.value
            data["since_source"] = self.since.source.as_dict() if self.since.source else None
            if self.since.value is None:
                data["since_reason"] = self.since.reason
            data["change_abs"] = self.change_abs
            data["change_pct"] = self.change_pct
        return data


@dataclass(frozen=True)
class TableStatus:
    """What one loaded table holds, for `data status`."""

    source: Source
    row_count: int
    observations: int
    periods: str  # '2013–2023'
    levels: dict[str, int]  # level -> number of areas
    unplaced_regions: int
    unplaced_examples: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        s = self.source
        return {
            "table_id": s.table_id,
            "cbs_table": s.cbs_table,
            "title": s.title,
            "publisher": s.publisher,
            "licence": s.licence,
            "exported": s.exported,
            "row_count": self.row_count,
            "observations": self.observations,
            "periods": self.periods,
            "levels": self.levels,
            "partial": s.partial,
            "gaps": list(s.gaps),
            "unplaced_regions": self.unplaced_regions,
            "unplaced_examples": list(self.unplaced_examples),
        }


@dataclass(frozen=True)
class Coverage:
    """How far one indicator reaches: values, years and gemeenten."""

    indicator: str
    unavailable: str
    values: int
    first_period: int | None
    last_period: int | None
    gemeenten: int

    def as_dict(self) -> dict[str, object]:
        return {
            "indicator": self.indicator,
            "unavailable": self.unavailable,
            "values": self.values,
            "first_period": self.first_period,
            "last_period": self.last_period,
            "gemeenten": self.gemeenten,
        }


@dataclass(frozen=True)
class WarehouseStatus:
    warehouse: str
    built_at: str
    observations: int
    tables: tuple[TableStatus, ...]
    indicators: tuple[Coverage, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "warehouse": self.warehouse,
            "built_at": self.built_at,
            "observations": self.observations,
            "tables": [t.as_dict() for t in self.tables],
            "indicators": [i.as_dict() for i in self.indicators],
        }
