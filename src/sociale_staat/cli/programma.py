"""`sociale-staat programma`: declared programmes, the status of their goals, and the begroting
table. A thin layer over `sociale_staat.programmes`."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sociale_staat.cli.options import JsonOpt, WarehouseOpt
from sociale_staat.cli.output import console, emit_json, emit_table
from sociale_staat.core import paths, settings
from sociale_staat.warehouse.queries import Warehouse

if TYPE_CHECKING:
    from sociale_staat.programmes.status import ProgrammeStatus

app = typer.Typer(
    help="Programmamonitor: doelen van de gemeente tegen de cijfers (programma's, BBV-indicatoren).",
    no_args_is_help=True,
)

FocusOpt = Annotated[
    str | None,
    typer.Option("--focus", help="Gemeente (code of naam); standaard die van het programma."),
]


@app.command("lijst")
def lijst(json_out: JsonOpt = False) -> None:
    """De gedeclareerde programma's.

    Voorbeeld: [bold]sociale-staat programma lijst[/bold]
    """
    from sociale_staat.programmes.model import load_all

    programmes = load_all(paths.programmes_dir())
    if json_out:
        emit_json(
            [
                {
                    "id": p.id,
                    "titel": p.title,
                    "soort": p.kind,
                    "gemeente": p.gemeente,
                    "doelen": len(p.all_goals()),
                    "indicatoren": len(p.indicator_ids()),
                }
                for p in programmes.values()
            ]
        )
        return
    emit_table(
        "Programma's",
        [
            [
                p.id,
                p.title,
                p.gemeente or "elke gemeente",
                str(len(p.all_goals())),
                str(len(p.indicator_ids())),
            ]
            for p in programmes.values()
        ],
        ["id", "titel", "gemeente", "doelen", "indicatoren"],
    )


@app.command("status")
def status(
    programme: Annotated[str, typer.Argument(help="id van het programma (zie 'programma lijst')")],
    focus: FocusOpt = None,
    json_out: JsonOpt = False,
    warehouse: WarehouseOpt = None,
) -> None:
    """De voortgang per doel: indicatoren met oordeel, mijlpalen, doelen zonder indicator.

    Voorbeeld: [bold]sociale-staat programma status almere-2-0-leer-en-werkomgeving[/bold]
    """
    from sociale_staat.programmes.payload import to_dict
    from sociale_staat.programmes.status import PEERS

    result = _evaluate(programme, focus, warehouse)
    if json_out:
        emit_json(to_dict(result))
        return
    rows = []
    for goal in result.all_goals():
        indent = "  " * goal.depth
        rows.append([f"{indent}[bold]{goal.goal.title}[/bold]", goal.label, "", "", "", ""])
        for m in goal.measures:
            nl, peers = m.beside_of("Nederland"), m.beside_of(PEERS)
            rows.append(
                [
                    f"{indent}  {m.title}",
                    m.label,
                    m.fmt(m.latest) + (f" ({m.latest.year})" if m.latest else ""),
                    m.fmt(nl.latest) if nl else "",
                    m.fmt(peers.latest) if peers else "",
                    m.basis,
                ]
            )
    emit_table(
        f"{result.programme.title} — {result.focus_name}",
        rows,
        [
            "doel / meting",
            "oordeel",
            result.focus_name,
            "Nederland",
            "mediaan peers",
            "toelichting",
        ],
    )
    console.print(" · ".join(f"{k}: {v}" for k, v in result.tally().items()))


@app.command("export")
def export(
    programme: Annotated[str, typer.Argument(help="id van het programma")],
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Schrijf een Excel-bestand.")] = None,
    csv_out: Annotated[Path | None, typer.Option("--csv", help="Schrijf een CSV-bestand.")] = None,
    focus: FocusOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """De tabel voor de begroting: gemeente, Nederland en mediaan van de benchmarkgemeenten.

    Voorbeeld: [bold]sociale-staat programma export bbv-beleidsindicatoren --xlsx bbv.xlsx[/bold]
    """
    from sociale_staat.programmes import export as table

    if xlsx is None and csv_out is None:
        raise typer.BadParameter("geef --xlsx BESTAND en/of --csv BESTAND")
    result = _evaluate(programme, focus, warehouse)
    for target in (xlsx, csv_out):
        if target is not None:
            console.print(f"geschreven: {table.write(result, target)}")


def _evaluate(programme: str, focus: str | None, warehouse: Path | None) -> "ProgrammeStatus":
    from sociale_staat.programmes.model import get
    from sociale_staat.programmes.status import evaluate

    spec = get(paths.programmes_dir(), programme)
    store = Warehouse(warehouse or paths.default_warehouse())
    return evaluate(store, spec, focus or spec.gemeente or settings.get("default_focus"))
