"""Command group benchmark: peer groups and the comparison with peers and Nederland."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sociale_staat.cli.options import (
    DEFAULT_FOCUS,
    DEFAULT_PEERS,
    CsvOpt,
    FocusOpt,
    JsonOpt,
    PeersOpt,
    PeriodOpt,
    ThemeOpt,
    WarehouseOpt,
    open_warehouse,
)
from sociale_staat.cli.output import console, emit_csv, emit_json, emit_table, errors
from sociale_staat.core import paths
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.core.formatting import format_number

if TYPE_CHECKING:
    from sociale_staat.analysis.results import Benchmark

app = typer.Typer()


@app.command()
def peers(
    focus: FocusOpt = DEFAULT_FOCUS,
    group: PeersOpt = DEFAULT_PEERS,
    similar: Annotated[
        int | None,
        typer.Option(
            "--similar", "--vergelijkbaar", help="De K structureel meest vergelijkbare gemeenten."
        ),
    ] = None,
    json_out: JsonOpt = False,
    warehouse: WarehouseOpt = None,
) -> None:
    """Toon de leden van een peergroep met de reden waarom ze erin zitten.

    Voorbeelden: [bold]sociale-staat peers --focus Almere[/bold],
    [bold]sociale-staat peers --focus Almere --similar 12[/bold]
    """
    from sociale_staat.analysis import peers as peer_groups

    w = open_warehouse(warehouse)
    folder = paths.peer_groups_dir()
    if similar is not None:
        spec = peer_groups.load_group(folder, "structuur-vergelijkbaar")
        if not isinstance(spec, peer_groups.SimilarityGroup):
            raise SocialeStaatError(
                "peer_groups/structuur-vergelijkbaar.yml is geen gelijkenisgroep"
            )
        result = peer_groups.similar(w, peer_groups.focus_area(w, focus), spec, k=similar)
    else:
        result = peer_groups.resolve(w, folder, group, focus)
    if json_out:
        emit_json(result.as_dict())
        return
    console.print(
        f"[bold]{result.title}[/bold] ({result.name}, {result.kind}) — focus "
        f"{result.focus.name} ({result.focus.code})"
    )
    console.print(result.rationale, highlight=False)
    for note in result.notes:
        console.print(f"[italic]{note}[/italic]")
    if result.kind == "gelijkenis":
        emit_table(
            "Leden",
            [
                (
                    m.code,
                    m.name,
                    format_number(m.distance, 2),
                    ", ".join(
                        f"{w.indicator(k).title.lower()} {format_number(100 * v, 0)}%"
                        for k, v in sorted(m.contributions.items(), key=lambda kv: -kv[1])[:3]
                    ),
                )
                for m in result.members
            ],
            ["code", "naam", "afstand", "grootste verschillen (aandeel in afstand²)"],
        )
    else:
        emit_table(
            "Leden",
            [(m.code, m.name, "verdiept bestudeerd" if m.in_depth else "") for m in result.members],
            ["code", "naam", ""],
        )


@app.command()
def benchmark(
    focus: FocusOpt = DEFAULT_FOCUS,
    group: Annotated[
        str | None,
        typer.Option(
            "--peers",
            "--groep",
            help="Naam van een peergroep (standaard: de groep van de focusgemeente, anders "
            "structuur-vergelijkbaar).",
        ),
    ] = None,
    theme: ThemeOpt = None,
    period: PeriodOpt = None,
    since: Annotated[
        int | None, typer.Option("--since", "--sinds", help="Ontwikkeling sinds dit jaar.")
    ] = None,
    json_out: JsonOpt = False,
    csv_out: CsvOpt = False,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Schrijf een Excel-bestand.")] = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Vergelijk de focusgemeente met haar peergroep en Nederland, per thema, met tekst.

    Voorbeeld: [bold]sociale-staat benchmark --focus Almere --theme arbeid[/bold]
    """
    from sociale_staat.analysis import peers as peer_groups
    from sociale_staat.analysis.benchmark import run
    from sociale_staat.render import export

    w = open_warehouse(warehouse)
    folder = paths.peer_groups_dir()
    result = run(
        w,
        peer_groups.resolve(w, folder, group or peer_groups.default_group(w, folder, focus), focus),
        theme=theme,
        period=period,
        since=since,
    )
    if xlsx is not None:
        if xlsx.parent.resolve() == paths.home().resolve():
            paths.home().mkdir(parents=True, exist_ok=True)
        export.write_xlsx(result, xlsx)
        errors.print(f"Excel geschreven: {xlsx}")
    if json_out:
        emit_json(result.as_dict())
    elif csv_out:
        emit_csv(export.rows(result), export.COLUMNS)
    else:
        _print_benchmark(result)


def _print_benchmark(result: "Benchmark") -> None:
    group = result.group
    console.print(
        f"[bold]{group.focus.name}[/bold] vergeleken met Nederland en "
        f"{len(group.members)} gemeenten: {group.title} ({group.name})"
    )
    if group.rationale:
        console.print(f"Waarom deze gemeenten: {group.rationale}", highlight=False)
    for items in result.by_theme().values():
        rows = []
        for i in items:
            d = i.indicator.decimals
            f = i.focus
            rows.append(
                (
                    i.indicator.title,
                    str(i.period or "-"),
                    format_number(f.value, d) if f and f.value is not None else "n.b.",
                    format_number(i.nederland.value, d)
                    if i.nederland and i.nederland.value is not None
                    else "n.b.",
                    format_number(i.peer_median, d) if i.peer_median is not None else "-",
                    f"{i.rank}/{i.n}" if i.rank else "-",
                    i.nl_difference or "-",
                    ", ".join(c.name for c in i.missing) or "",
                )
            )
        emit_table(
            items[0].indicator.theme_title,
            rows,
            [
                "indicator",
                "jaar",
                group.focus.name,
                "Nederland",
                "mediaan peers",
                "rang (1 = gunstigst)",
                "t.o.v. NL",
                "geen data",
            ],
        )
        for i in items:
            for sentence in i.sentences:
                if sentence.shape != "ontbreekt":
                    console.print(f"  • {sentence.text}", highlight=False)
