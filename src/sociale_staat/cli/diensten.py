"""`sociale-staat diensten`: the sociale kaart (Open Referral HSDS 3.0) from the command line."""

from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sociale_staat.cli.output import console, emit_json, emit_table, errors

if TYPE_CHECKING:
    from sociale_staat.sociale_kaart.store import ServiceStore

diensten_app = typer.Typer(
    help="Sociale kaart: diensten en plekken van hulp (Open Referral HSDS 3.0).",
    no_args_is_help=True,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Uitvoer als JSON.")]
DbOpt = Annotated[
    str | None,
    typer.Option("--app-db", help="App-database (sqlite:///pad of postgresql://…); standaard uit de instellingen."),
]


def _store(url: str | None) -> "ServiceStore":
    # Imported here: the other commands do not need the app database or its libraries.
    from sociale_staat.appdb.database import AppDatabase
    from sociale_staat.sociale_kaart.store import ServiceStore

    return ServiceStore(AppDatabase(url))


@diensten_app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="Datapackage-map, datapackage.json of HSDS-JSON-bestand.")],
    fictief: Annotated[
        str | None,
        typer.Option("--fictief", help="Markeer alles als verzonnen, met dit label (bijv. 'fictief (testgegevens)')."),
    ] = None,
    json_out: JsonOpt = False,
    app_db: DbOpt = None,
) -> None:
    """Importeer HSDS 3.0-gegevens: alles of niets.
    Voorbeeld: [bold]sociale-staat diensten import pad/naar/datapackage[/bold]
    """
    from sociale_staat.sociale_kaart import package

    bundle = package.read(path, label=fictief)
    result = _store(app_db).import_bundle(bundle, str(path))
    if json_out:
        emit_json(asdict(result))
        return
    for table, n in result.counts.items():
        console.print(f"{n:6d} {table}", highlight=False)
    for warning in result.warnings:
        errors.print(f"[yellow]let op:[/yellow] {warning}", highlight=False)


@diensten_app.command("zoek")
def zoek(
    behoefte: Annotated[str | None, typer.Argument(help="Waar hulp voor nodig is, bijv. 'schulden'.")] = None,
    postcode: Annotated[str | None, typer.Option(help="In de buurt van deze postcode (4 cijfers).")] = None,
    wijk: Annotated[str | None, typer.Option(help="In deze wijk (CBS-code of naam).")] = None,
    lat: Annotated[float | None, typer.Option(help="Breedtegraad van een punt (WGS84).")] = None,
    lon: Annotated[float | None, typer.Option(help="Lengtegraad van een punt (WGS84).")] = None,
    km: Annotated[float | None, typer.Option(help="Hoogstens zo ver weg (km).")] = None,
    open_op: Annotated[str | None, typer.Option("--open-op", help="Open op deze dag, bijv. zaterdag.")] = None,
    nu_open: Annotated[bool, typer.Option("--nu-open", help="Nu open.")] = False,
    leeftijd: Annotated[int | None, typer.Option(help="Voor iemand van deze leeftijd.")] = None,
    max_results: Annotated[int, typer.Option("--max", help="Hoogstens zoveel resultaten.")] = 20,
    json_out: JsonOpt = False,
    app_db: DbOpt = None,
) -> None:
    """Zoek diensten op behoefte, plek, tijd en leeftijd; dichtstbijzijnde eerst.
    Voorbeeld: [bold]sociale-staat diensten zoek schulden --postcode 1315 --open-op zaterdag[/bold]
    """
    from sociale_staat.sociale_kaart.search import Query, parse_day, search

    query = Query(
        need=behoefte, postcode=postcode, wijk=wijk, latitude=lat, longitude=lon, max_km=km,
        weekday=parse_day(open_op) if open_op else None,
        open_at=datetime.now().astimezone() if nu_open else None,
        age=leeftijd, limit=max_results,
    )
    store = _store(app_db)
    result = search(store.db, query)
    if json_out:
        emit_json(asdict(result))
        return
    if not store.service_count():
        console.print("Er zijn geen diensten geladen; importeer eerst met 'diensten import'.")
        return
    if result.origin_note:
        console.print(f"Afstand gemeten vanaf {result.origin_note}.", highlight=False)
    emit_table(
        f"{len(result.hits)} diensten",
        [
            (
                h.name + (f" — {h.label}" if h.label else ""),
                h.location or "-",
                h.wijk_code or "-",
                "-" if h.distance_km is None else f"{h.distance_km:.1f} km",
                (h.assured_date or "onbekend") + ("" if h.recently_checked else " (niet recent gecontroleerd)"),
            )
            for h in result.hits
        ],
        ["dienst", "plek", "wijk", "afstand", "gecontroleerd"],
    )


@diensten_app.command("export")
def export(
    out: Annotated[Path, typer.Argument(help="Doelmap (tabelvorm) of .json-bestand (JSON-vorm).")],
    json_out: JsonOpt = False,
    app_db: DbOpt = None,
) -> None:
    """Exporteer alle diensten als HSDS 3.0: een map wordt een datapackage, .json de JSON-vorm.
    Voorbeeld: [bold]sociale-staat diensten export var/sociale-kaart[/bold]
    """
    from sociale_staat.sociale_kaart import nesting

    bundle = _store(app_db).bundle()
    written = [nesting.write_json(bundle, out)] if out.suffix.lower() == ".json" else nesting.write_tabular(bundle, out)
    if json_out:
        emit_json({"geschreven": [str(p) for p in written], "aantallen": bundle.count()})
        return
    for path in written:
        console.print(f"Geschreven: {path}", highlight=False)
