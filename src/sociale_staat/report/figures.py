"""Figures of the theme chapters: the benchmark bars and the trend lines, each with a caption
that adds to the title (period, unit, source, gaps) and the data as a table."""

import re
from typing import Any

from sociale_staat.analysis.results import Benchmark, IndicatorBenchmark
from sociale_staat.core.formatting import format_number
from sociale_staat.render import charts
from sociale_staat.report.model import Figure
from sociale_staat.warehouse.records import citations


def source_line(bench: Benchmark, table_ids: set[str | None]) -> str:
    line = citations([bench.sources[t] for t in table_ids if t and t in bench.sources])
    line = re.sub(r"\s*\(titel niet geverifieerd\)", "", line)
    return f"Bron: {line}" if line else "Bron: zie de bronnenlijst"


def bar(number: str, item: IndicatorBenchmark, bench: Benchmark) -> Figure:
    ind, d = item.indicator, item.indicator.decimals
    cells = [c for c in [item.focus, *item.peers] if c is not None]
    caption = f"{item.period}, {ind.unit}. " + source_line(bench, {c.table_id for c in cells}) + "."
    missing = [c.name for c in item.missing]
    if missing:
        caption += f" Niet beschikbaar voor {', '.join(missing)}."
    spec = charts.bars(item)
    rows = [
        [c.name, format_number(c.value, d) if c.value is not None else "niet beschikbaar"]
        for c in sorted(cells, key=lambda c: -(c.value if c.value is not None else float("-inf")))
    ]
    if item.nederland is not None:
        rows.append(["Nederland", format_number(item.nederland.value, d)])
    alt = (
        f"Staafdiagram van {ind.title.lower()} in {item.period} voor "
        f"{bench.group.focus.name} en de benchmarkgemeenten, met Nederland als stippellijn; "
        "de waarden staan in de tabel bij deze figuur."
    )
    return Figure(
        number,
        f"{ind.title}: {bench.group.focus.name} en de benchmarkgemeenten",
        caption,
        alt,
        *charts.rendered(spec),
        ["Gebied", ind.unit],
        rows,
    )


def trend(number: str, item: IndicatorBenchmark, spec: dict[str, Any], bench: Benchmark) -> Figure:
    ind, d = item.indicator, item.indicator.decimals
    values = spec["data"]["values"]
    years = sorted({v["jaar"] for v in values if v["waarde"] is not None})
    series = [bench.group.focus.name, "Nederland", charts.PEER_MEDIAN]
    table = {(v["reeks"], v["jaar"]): v["waarde"] for v in values if v["waarde"] is not None}
    rows = [
        [str(y), *[format_number(table[(s, y)], d) if (s, y) in table else "–" for s in series]]
        for y in years
    ]
    caption = (
        f"{years[0]}–{years[-1]}, {ind.unit}. "
        + source_line(bench, {item.focus.table_id if item.focus else None})
        + "."
    )
    note = charts.axis_note(spec)
    if note:
        caption += " " + note
    alt = (
        f"Lijngrafiek van {ind.title.lower()} van {years[0]} tot {years[-1]} voor "
        f"{bench.group.focus.name}, de mediaan van de benchmarkgemeenten en Nederland; "
        "jaren zonder cijfer zijn niet verbonden."
    )
    return Figure(
        number,
        f"{ind.title}: ontwikkeling",
        caption,
        alt,
        *charts.rendered(spec),
        ["Jaar", *series],
        rows,
    )
