"""Every indicator value in memory (about 220k cells), loaded once when the dashboard starts.

A lookup by indicator, area code and year is then a few dictionary reads instead of six
queries; answers are exactly those of `Warehouse.value` (a test compares them). What needs
more than a code lookup (an area given by name, the reason a value is missing) is asked of
the warehouse itself.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sociale_staat.core.errors import SocialeStaatError, UnknownIndicator
from sociale_staat.core.regions import CODE, normalise_code
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.warehouse.records import (
    Area,
    Cell,
    Indicator,
    Reading,
    Source,
    Status,
    ValueAnswer,
    status_of,
)

# value, lower, upper, status, table
Row = tuple[float | None, float | None, float | None, Status, str]


class NeedsWarehouse(Exception):
    """The answer needs a warehouse query (raised only when asked to stay in memory)."""


@dataclass(frozen=True)
class Span:
    first: int | None
    last: int | None


class ValueIndex:
    """`db` gives the warehouse to ask for what is not in memory (one per thread when serving:
    a DuckDB connection is not shared between threads)."""

    def __init__(self, warehouse: Warehouse, db: Callable[[], Warehouse] | None = None) -> None:
        self.db = db or (lambda: warehouse)
        self.indicators: dict[str, Indicator] = {i.id: i for i in warehouse.indicators()}
        rows = warehouse.con.execute(
            "SELECT indicator, region_code, indeling, period, value, lower, upper, status,"
            " table_id FROM indicator_values"
        ).fetchall()
        self.cells: dict[tuple[str, str, int, int], Row] = {
            (r[0], r[1], r[2], r[3]): (r[4], r[5], r[6], status_of(r[7]), r[8]) for r in rows
        }
        self.years: dict[tuple[str, str], list[int]] = {}
        for r in rows:
            if r[2] == 0:
                self.years.setdefault((r[0], r[1]), []).append(r[3])
        spans = warehouse.con.execute(
            "SELECT indicator, min(period), max(period) FROM indicator_values"
            " WHERE value IS NOT NULL GROUP BY indicator"
        ).fetchall()
        known = {i: Span(first, last) for i, first, last in spans}
        self.spans = {i: known.get(i, Span(None, None)) for i in self.indicators}
        # ascending indeling: the newest indeling of a code is kept, as Warehouse.area does
        self.regions: dict[str, Area] = {
            a.code: a for a in warehouse._areas("SELECT * FROM regions ORDER BY code, indeling", [])
        }
        self.sources: dict[str, Source] = warehouse.sources()

    def __len__(self) -> int:
        return len(self.cells)

    def area(self, text: str, memory_only: bool = False) -> Area:
        upper = text.strip().upper()
        if CODE.match(upper):
            region = self.regions.get(normalise_code(upper))
            if region is not None:
                return region
        if memory_only:
            raise NeedsWarehouse
        return self.db().area(text)  # names, and the Dutch error for unknown codes

    def value(
        self, indicator_id: str, area: str, period: int, memory_only: bool = False
    ) -> ValueAnswer:
        """`memory_only`: raise NeedsWarehouse rather than ask the warehouse (so an event-loop
        caller can move the rare slow case to a thread)."""
        ind = self.indicators.get(indicator_id)
        if ind is None:
            if memory_only:
                raise NeedsWarehouse
            self.db().indicator(indicator_id)  # raises with its suggestions
            raise UnknownIndicator(f"onbekende indicator '{indicator_id}'")
        region = self.area(area, memory_only)
        span = self.spans[ind.id]
        if not ind.unavailable and (
            span.first is None or span.last is None or not span.first <= period <= span.last
        ):
            years = f"{span.first}–{span.last}" if span.first is not None else "geen"
            raise SocialeStaatError(
                f"periode {period} valt buiten de data van '{ind.id}' (beschikbaar: {years})"
            )
        found = self.cells.get((ind.id, region.code, region.indeling, period))
        if found is None or found[0] is None:
            if memory_only:
                raise NeedsWarehouse
            row = None
            if found is not None:
                row = Cell(ind.id, region.code, period, *found, indeling=region.indeling)
            reason = self.db().why_missing(ind, region, period, row)
            if found is None:
                reading = Reading(period, None, None, None, "ontbreekt", None, reason)
            else:
                reading = Reading(
                    period, None, *found[1:3], found[3], self.sources[found[4]], reason
                )
            return ValueAnswer(ind, region, reading)
        value, lower, upper, status, table = found
        reading = Reading(period, value, lower, upper, status, self.sources[table])
        return ValueAnswer(ind, region, reading)

    def series(self, areas: list[str], indicator: str) -> list[Cell]:
        """The yearly cells of one indicator for some areas, as `Warehouse.series` gives them."""
        return [
            Cell(indicator, code, period, *self.cells[(indicator, code, 0, period)])
            for code in dict.fromkeys(areas)
            for period in self.years.get((indicator, code), [])
        ]
