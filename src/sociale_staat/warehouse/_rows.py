"""Rows of the warehouse tables turned into the typed records of `records`: the one place where
a stored row becomes a record again (the indicator's sources are validated by the declaration's
own model on the way)."""

from typing import Any

from pydantic import TypeAdapter

from sociale_staat.declarations.catalogue import IndicatorSource
from sociale_staat.warehouse.records import Area, Indicator, Source, level_of_text

# The indicator's sources are stored as the declaration's JSON; read back here, and only here.
_SOURCES = TypeAdapter(list[IndicatorSource])


def indicator(row: dict[str, Any]) -> Indicator:
    """The one place the stored indicator row becomes a typed record again."""
    return Indicator(
        id=row["id"],
        theme=row["theme"],
        theme_title=row["theme_title"],
        title=row["title"],
        phrase=row["phrase"],
        unit=row["unit"],
        kind=row["kind"],
        polarity=row["polarity"],
        decimals=row["decimals"],
        levels=tuple(level_of_text(x) for x in row["levels"]),
        definition=row["definition"],
        caveats=row["caveats"],
        unavailable=row["unavailable"],
        sources=tuple(_SOURCES.validate_json(row["sources"])),
        position=row["position"],
        first_period=row.get("first_period"),
        last_period=row.get("last_period"),
        breuken=tuple((int(b["jaar"]), str(b["wat"])) for b in row.get("breuken") or []),
        meetwijze=row.get("meetwijze"),
        meetwijze_toelichting=row.get("meetwijze_toelichting") or "",
        alternatief=row.get("alternatief"),
    )


def area(row: dict[str, Any]) -> Area:
    return Area(
        code=row["code"],
        name=row["name"],
        level=level_of_text(row["level"]),
        indeling=row["indeling"] or 0,
        gemeente_code=row["gemeente_code"],
        provincie_code=row["provincie_code"],
        indelingen=tuple(row["indelingen"] or ()),
    )


def source(row: dict[str, Any]) -> Source:
    return Source(
        table_id=row["table_id"],
        cbs_table=row["cbs_table"],
        title=row["title"],
        publisher=row["publisher"],
        licence=row["licence"],
        exported=row["exported"],
        snapshot_created=row["snapshot_created"],
        source_file=row["source_file"],
        partial=bool(row["partial"]),
        gaps=tuple(row["gaps"] or ()),
        periods=tuple(row["periods"] or ()),
    )


def span(years: list[int]) -> str:
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
