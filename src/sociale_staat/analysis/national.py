"""One indicator over every gemeente of one year: the cross-section behind the national map
and its ranked list, and the side-by-side comparison of a few gemeenten on a theme.

Gemeente codes change with mergers (Voorne aan Zee from 2023; Brielle, Hellevoetsluis and
Westvoorne until then), and a CBS table may give every year in its own, newer indeling. So the
gemeenten of a cross-section are those of the indeling the values themselves are in: the known
indeling (Gebieden in Nederland) that holds most of the codes with a value in that year, the
one nearest the year on a tie. Each value is matched by its own code, never moved to another.
A gemeente without a value is listed with the reason, said once per reason.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.warehouse.records import Area, Cell, Indicator, Status


@dataclass(frozen=True)
class NationalRow:
    """One gemeente in the ranked list; rank 1 is the most favourable (the highest first when
    the indicator has no polarity); equal values share a rank."""

    code: str
    name: str
    value: float | None
    rank: int | None
    status: Status = "ontbreekt"


@dataclass(frozen=True)
class NationalView:
    indicator: Indicator
    year: int
    indeling: int | None  # the gemeentelijke indeling of the values (None: none is known)
    rows: tuple[NationalRow, ...]  # ranked first, then the gemeenten without a value by name
    nederland: float | None
    missing: tuple[tuple[str, int], ...]  # (reason, how many gemeenten), most frequent first
    tables: tuple[str, ...]  # source tables of the values shown
    # gemeenten with a value in this year that are not in the year's indeling as the warehouse
    # knows it (its register starts in 2022): named, not shown
    elsewhere: tuple[str, ...] = ()

    @property
    def with_value(self) -> int:
        return sum(1 for r in self.rows if r.value is not None)

    @property
    def without_value(self) -> int:
        return len(self.rows) - self.with_value

    def values(self) -> list[float]:
        return sorted(r.value for r in self.rows if r.value is not None)


def national(
    warehouse: Warehouse, indicator: str, year: int, gemeenten: Sequence[Area] | None = None
) -> NationalView:
    """Every gemeente of `year`'s indeling with its value of `indicator` in that year, ranked.

    `gemeenten`: all gemeenten of every indeling, when the caller keeps them (the dashboard)."""
    ind = warehouse.indicator(indicator)
    areas = {a.code: a for a in (gemeenten if gemeenten is not None else warehouse.gemeenten())}
    cells: dict[str, Cell] = {c.region_code: c for c in warehouse.cells_in(indicator, year)}
    indeling, current = _indeling(areas, cells, year)
    with_value = sorted(
        (c for code, c in cells.items() if code in current and c.value is not None),
        key=lambda c: (_order(c.value, ind), areas[c.region_code].name),
    )
    rows: list[NationalRow] = []
    previous: float | None = None
    rank = 0
    for position, c in enumerate(with_value, start=1):
        if c.value != previous:
            rank, previous = position, c.value
        name = areas[c.region_code].name
        rows.append(NationalRow(c.region_code, name, c.value, rank, c.status))
    reasons: Counter[str] = Counter()
    ranked = {r.code for r in rows}
    lacking = sorted((areas[c] for c in current if c not in ranked), key=lambda a: a.name)
    for area in lacking:
        reasons[warehouse.why_missing(ind, area, year, cells.get(area.code))] += 1
        status = cells[area.code].status if area.code in cells else "ontbreekt"
        rows.append(NationalRow(area.code, area.name, None, None, status))
    nl = cells.get("NL")
    tables = {c.table_id for c in with_value}
    if nl is not None and nl.value is not None:
        tables.add(nl.table_id)
    elsewhere = sorted(
        areas[code].name
        for code, c in cells.items()
        if code in areas and code not in current and c.value is not None
    )
    return NationalView(
        ind,
        year,
        indeling,
        tuple(rows),
        nl.value if nl is not None else None,
        tuple(reasons.most_common()),
        tuple(sorted(tables)),
        tuple(elsewhere),
    )


def _indeling(
    gemeenten: dict[str, Area], cells: dict[str, Cell], year: int
) -> tuple[int | None, set[str]]:
    """The indeling that holds most of the codes with a value (nearest the year on a tie)."""
    valued = {code for code, c in cells.items() if code in gemeenten and c.value is not None}
    editions = sorted({y for a in gemeenten.values() for y in a.indelingen})
    if not editions:
        return None, set(gemeenten)
    members = {e: {a.code for a in gemeenten.values() if e in a.indelingen} for e in editions}
    best = max(editions, key=lambda e: (len(valued & members[e]), -abs(e - year), e))
    return best, members[best]


def _order(value: float | None, ind: Indicator) -> float:
    """Most favourable first: lowest first when lower is better, otherwise highest first."""
    v = value or 0.0
    return v if ind.polarity == "lager_is_beter" else -v


@dataclass(frozen=True)
class CompareCell:
    code: str
    name: str
    value: float | None
    year: int | None
    status: Status = "ontbreekt"


@dataclass(frozen=True)
class CompareItem:
    """One indicator for a few gemeenten side by side, in one common year where possible."""

    indicator: Indicator
    year: int | None  # the latest year in which all (else most) of them have a value
    cells: tuple[CompareCell, ...]
    nederland: CompareCell
    complete: bool  # every gemeente has a value in `year`


def compare(
    warehouse: Warehouse, indicators: list[Indicator], areas: list[Area]
) -> list[CompareItem]:
    """The gemeenten on each indicator, in the latest year they all have a value (else the
    latest year with the most of them), with Nederland in the same year."""
    codes = [a.code for a in areas]
    by_key: dict[tuple[str, str], dict[int, Cell]] = {}
    for c in warehouse.series([*codes, "NL"], [i.id for i in indicators]):
        if c.value is not None:
            by_key.setdefault((c.indicator, c.region_code), {})[c.period] = c
    items = []
    for ind in indicators:
        counts: Counter[int] = Counter(y for code in codes for y in by_key.get((ind.id, code), {}))
        year = max(counts, key=lambda y: (counts[y], y)) if counts else None
        cells = tuple(_compare_cell(by_key, ind.id, a.code, a.name, year) for a in areas)
        nl = _compare_cell(by_key, ind.id, "NL", "Nederland", year)
        complete = year is not None and counts[year] == len(codes)
        items.append(CompareItem(ind, year, cells, nl, complete))
    return items


def _compare_cell(
    by_key: dict[tuple[str, str], dict[int, Cell]], ind: str, code: str, name: str, year: int | None
) -> CompareCell:
    found = by_key.get((ind, code), {}).get(year) if year is not None else None
    if found is None:
        return CompareCell(code, name, None, year)
    return CompareCell(code, name, found.value, year, found.status)
