"""Why a value is missing, in words for the reader of a page or a report.

The read layer says why a cell is empty; CLI, report and dashboard show that text as it is, so it
names the publisher and the CBS table number, never a snapshot id, an export or the bundle.
Declarations may say "niet in bundel" for analysts; a reader hears that the source is not used
here. Texts do not repeat the area's name where one text serves many areas: a sentence lists the
distinct reasons once.
"""

from typing import assert_never

from sociale_staat.warehouse.records import Area, Cell, Indicator, Source

# The analysts' prefix of a declared `unavailable` text, and what a reader reads instead.
ANALYST_PREFIX = "niet in bundel: "
READER_PREFIX = "de bron is hier niet opgenomen — "


def unavailable(declared: str) -> str:
    """A declared `unavailable` text for the reader: the rest is written in reader words."""
    if declared.startswith(ANALYST_PREFIX):
        return READER_PREFIX + declared.removeprefix(ANALYST_PREFIX)
    return declared


def _cited(source: Source) -> str:
    return f"{source.publisher} {source.cbs_table}"


def other_years(source: Source, years: list[int]) -> str:
    """The table has figures, but not for the asked year."""
    span = str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
    return f"de cijfers van {_cited(source)} gaan alleen over {span}"


def partial(source: Source) -> str:
    """The table is here only for part of the gemeenten (a truncated copy of a whole table)."""
    return f"de gebruikte versie van {_cited(source)} bevat niet alle gemeenten"


def absent(area: str, source: Source) -> str:
    """A whole table in which the area does not occur."""
    return f"{area} komt niet voor in de cijfers van {_cited(source)}"


def empty(row: Cell, period: int) -> str:
    """A cell the source table has, without a value."""
    match row.status:
        case "geheim":
            return f"geheim in bron (tabel {row.table_id}): CBS publiceert deze waarde niet"
        case "leeg" | "definitief" | "voorlopig" | "ontbreekt":
            return f"leeg in bron (tabel {row.table_id}): geen waarde gepubliceerd voor {period}"
        case _:
            assert_never(row.status)


def from_sources(ind: Indicator, region: Area, period: int, tables: dict[str, Source]) -> str:
    """No cell at all: what each declared source table says about this area and year."""
    reasons = []
    for declared in ind.sources:
        t = tables[declared.table]
        years = sorted({int(p[:4]) for p in t.periods if p[:4].isdigit()})
        if region.level not in (declared.levels or ind.levels):
            continue
        if period not in years:
            reasons.append(other_years(t, years))
        elif t.partial:
            reasons.append(partial(t))
        else:
            reasons.append(absent(region.name, t))
    return "; ".join(reasons) or "geen bron voor dit gebied"
