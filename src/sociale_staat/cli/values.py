"""Command group values: the indicator list and single values with their source."""

from typing import Annotated

import typer

from sociale_staat.cli.options import (
    CsvOpt,
    JsonOpt,
    WarehouseOpt,
    open_warehouse,
)
from sociale_staat.cli.output import console, emit_csv, emit_json, emit_table
from sociale_staat.core.formatting import format_number
from sociale_staat.warehouse.records import ValueAnswer

app = typer.Typer()


@app.command()
def indicators(
    theme: Annotated[
        str | None, typer.Option("--theme", "--thema", help="Alleen dit thema.")
    ] = None,
    json_out: JsonOpt = False,
    csv_out: CsvOpt = False,
    warehouse: WarehouseOpt = None,
) -> None:
    """Toon de indicatoren met eenheid, polariteit en beschikbare jaren.

    Voorbeeld: [bold]sociale-staat indicators --theme gezondheid[/bold]
    """
    rows = open_warehouse(warehouse).indicators(theme)
    columns = [
        "id",
        "theme",
        "title",
        "unit",
        "kind",
        "polarity",
        "levels",
        "first_period",
        "last_period",
        "unavailable",
        "definition",
    ]
    if json_out:
        data = [r.as_dict() for r in rows]
        emit_json([{c: d[c] for c in [*columns, "caveats", "sources"]} for d in data])
    elif csv_out:
        emit_csv([r.as_dict() for r in rows], columns)
    else:
        emit_table(
            "Indicatoren",
            [
                (
                    r.id,
                    r.theme_title,
                    r.title,
                    r.unit,
                    r.polarity,
                    f"{r.first_period}–{r.last_period}" if r.first_period else "niet beschikbaar",
                )
                for r in rows
            ],
            ["id", "thema", "titel", "eenheid", "polariteit", "jaren"],
        )


@app.command()
def value(
    indicator: Annotated[str, typer.Argument(help="Indicator-id, bijv. werkloosheid.")],
    area: Annotated[
        str, typer.Option("--area", "--gebied", help="CBS-code (GM0363, WK036300), NL of naam.")
    ],
    period: Annotated[int, typer.Option("--period", "--periode", help="Jaar, bijv. 2022.")],
    since: Annotated[
        int | None, typer.Option("--since", "--sinds", help="Vergelijk met dit jaar.")
    ] = None,
    indeling: Annotated[
        int | None,
        typer.Option(
            "--indeling", help="Wijk- en buurtindeling (jaar) van de code; standaard de nieuwste."
        ),
    ] = None,
    json_out: JsonOpt = False,
    csv_out: CsvOpt = False,
    warehouse: WarehouseOpt = None,
) -> None:
    """Eén waarde met eenheid en bron; een ontbrekende waarde zegt waarom.

    Voorbeeld: [bold]sociale-staat value inwoners --area Almere --period 2022 --since 2000[/bold]
    """
    found = open_warehouse(warehouse).value(indicator, area, period, since, indeling)
    answer = found.as_dict()
    if json_out:
        emit_json(answer)
        return
    if csv_out:
        source = found.reading.source
        flat = {
            **answer,
            "area": found.area.code,
            "area_name": found.area.name,
            "source": source.cbs_table if source else None,
        }
        emit_csv([flat], VALUE_COLUMNS)
        return
    _print_value(found)


VALUE_COLUMNS = [
    "indicator",
    "area",
    "area_name",
    "period",
    "value",
    "lower",
    "upper",
    "unit",
    "status",
    "source",
    "reason",
    "since",
    "since_value",
    "change_abs",
    "change_pct",
]


def _print_value(found: ValueAnswer) -> None:
    ind, place, now = found.indicator, found.area, found.reading
    d = ind.decimals
    # 'Almere (GM0034)', 'Centrum Almere Haven (WK003401, indeling 2024)', 'wijk WK003401 (indeling 2020)'
    details = [] if place.code in place.name else [place.code]
    if place.indeling:
        details.append(f"indeling {place.indeling}")
    where = place.name + (f" ({', '.join(details)})" if details else "")
    if now.value is None:
        console.print(f"{ind.title}, {where}, {now.period}: niet beschikbaar — {now.reason}")
    else:
        margin = (
            f" (95%-interval {format_number(now.lower, d)}–{format_number(now.upper, d)})"
            if now.lower is not None
            else ""
        )
        status = " (voorlopig)" if now.status == "voorlopig" else ""
        console.print(
            f"{ind.title}, {where}, {now.period}: [bold]{format_number(now.value, d)}[/bold]"
            f" {ind.unit}{margin}{status}"
        )
        if now.source is not None:
            console.print(f"Bron: {now.source.citation()}")
    if found.since is not None:
        before = found.since
        change, pct = found.change_abs, found.change_pct
        if change is None:
            console.print(
                f"Sinds {before.period}: niet te berekenen — {before.reason or 'waarde ontbreekt'}"
            )
        else:
            console.print(
                f"Sinds {before.period} ({format_number(before.value, d)}): "
                f"{'+' if change >= 0 else ''}{format_number(change, d)}"
                + (
                    f" ({'+' if pct >= 0 else ''}{format_number(pct, 1)}%)"
                    if pct is not None
                    else ""
                )
            )
