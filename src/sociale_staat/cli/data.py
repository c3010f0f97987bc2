"""Command group data: build the warehouse, add tables (import, fetch), show what is loaded."""

import time
from pathlib import Path
from typing import Annotated

import typer

from sociale_staat.cli.options import (
    DEFAULT_FOCUS,
    DEFAULT_PEERS,
    FocusOpt,
    JsonOpt,
    PeersOpt,
    WarehouseOpt,
    open_warehouse,
    progress_bar,
    snapshots,
)
from sociale_staat.cli.output import console, emit_json, emit_table
from sociale_staat.core import paths
from sociale_staat.core.formatting import format_number

app = typer.Typer()
data_app = typer.Typer(help="Wat er geladen is: bronnen, dekking en gaten.", no_args_is_help=True)
app.add_typer(data_app, name="data")


@app.command()
def build(warehouse: WarehouseOpt = None) -> None:
    """Bouw het warehouse uit de snapshots en de indicatorcatalogus.

    Voorbeeld: [bold]sociale-staat build[/bold]
    """
    from sociale_staat.declarations.catalogue import Catalogue
    from sociale_staat.warehouse.build import build as build_warehouse

    target = warehouse or paths.default_warehouse()
    start = time.perf_counter()
    catalogue = Catalogue.load(paths.indicators_dir())
    with progress_bar() as bar:
        task = bar.add_task("bouwen", total=1)

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        report = build_warehouse(
            snapshots(), catalogue, target, progress, peer_groups=paths.peer_groups_dir()
        )
    console.print(
        f"Warehouse gebouwd: {target} — {len(report.tables)} tabellen, "
        f"{format_number(report.observations, 0)} waarnemingen, "
        f"{format_number(report.indicator_values, 0)} indicatorwaarden "
        f"({len(catalogue)} indicatoren), {format_number(report.benchmarks, 0)} benchmarks vooraf "
        f"berekend, in {format_number(time.perf_counter() - start, 1)} s"
    )


@data_app.command("status")
def data_status(
    json_out: JsonOpt = False,
    warehouse: WarehouseOpt = None,
    focus: FocusOpt = DEFAULT_FOCUS,
    group: PeersOpt = DEFAULT_PEERS,
) -> None:
    """Wat er geladen is, uit welke snapshot, met dekking (thema × gemeente × jaar) en gaten.

    Voorbeeld: [bold]sociale-staat data status[/bold]
    """
    from sociale_staat.analysis import peers as peer_groups
    from sociale_staat.analysis.coverage import coverage

    w = open_warehouse(warehouse)
    status = w.status()
    cover = coverage(w, peer_groups.resolve(w, paths.peer_groups_dir(), group, focus))
    if json_out:
        emit_json(status.as_dict() | {"coverage": cover.as_dict()})
        return
    console.print(
        f"Warehouse {status.warehouse}, gebouwd {status.built_at}, "
        f"{format_number(status.observations, 0)} waarnemingen"
    )
    short = {
        "nederland": "NL",
        "landsdeel": "LD",
        "provincie": "PV",
        "corop": "CR",
        "gemeente": "GM",
        "wijk": "WK",
        "buurt": "BU",
    }
    emit_table(
        "Brontabellen",
        [
            (
                t.source.table_id,
                t.periods,
                " ".join(f"{short.get(k, k)}:{v}" for k, v in t.levels.items()),
                str(t.unplaced_regions),
                "ja" if t.source.partial else "nee",
            )
            for t in status.tables
        ],
        ["tabel", "jaren", "gebieden", "niet te plaatsen", "partieel"],
    )
    console.print("[bold]Bekende gaten[/bold]")
    for t in status.tables:
        for gap in t.source.gaps:
            console.print(f"  {t.source.table_id}: {gap}", highlight=False)
    emit_table(
        "Dekking per indicator",
        [
            (
                i.indicator,
                f"{i.first_period}–{i.last_period}" if i.first_period else "-",
                str(i.gemeenten),
                format_number(i.values, 0),
                i.unavailable or "",
            )
            for i in status.indicators
        ],
        ["indicator", "jaren", "gemeenten", "waarden", "niet beschikbaar"],
    )
    for theme in cover.themes:
        emit_table(
            f"Dekking {theme.title}: % van {theme.indicators} indicatoren met een waarde"
            f" ({theme.unavailable} niet in bundel)",
            [
                (a.name, *(_pct_cell(theme.share(a.code, y)) for y in cover.years))
                for a in cover.areas
            ],
            ["gebied", *(f"'{y % 100:02d}" for y in cover.years)],
        )


def _pct_cell(share: float) -> str:
    return "·" if share == 0 else f"{100 * share:.0f}"


@app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="Een StatLine-CSV die u downloadde.")],
    table: Annotated[
        str | None, typer.Option("--tabel", help="CBS-tabelnummer, bijv. 83648NED.")
    ] = None,
    title: Annotated[str | None, typer.Option("--titel", help="Titel van de tabel.")] = None,
    period: Annotated[
        str | None,
        typer.Option("--periode", help="Periode als het bestand geen kolom Perioden heeft."),
    ] = None,
) -> None:
    """Voeg een gedownloade StatLine-CSV toe als snapshot (daarna: sociale-staat build).

    Voorbeeld: [bold]sociale-staat import ~/Downloads/83648NED.csv[/bold]
    """
    from sociale_staat.ingest.importing import import_file

    manifest = import_file(
        path, paths.user_snapshots(), snapshots(), table_id=table, title=title, period=period
    )
    console.print(f"Snapshot geschreven: {manifest}. Voer 'sociale-staat build' uit om te laden.")


@app.command()
def fetch(
    table: Annotated[str, typer.Argument(help="CBS-tabelnummer, bijv. 85039NED.")],
    base_url: Annotated[
        str, typer.Option(help="Basisadres van de CBS OData-feed.")
    ] = "https://opendata.cbs.nl/ODataFeed/odata",
) -> None:
    """Haal een tabel op uit de CBS OData-feed (online), met hervatten en cache.

    Voorbeeld: [bold]sociale-staat fetch 85039NED[/bold]
    """
    from sociale_staat.ingest.odata import ODataClient, fetch_table

    with progress_bar() as bar:
        task = bar.add_task(f"ophalen {table}", total=None)

        def progress(rows: int) -> None:
            bar.update(task, description=f"ophalen {table}: {format_number(rows, 0)} rijen")

        with ODataClient(base_url) as client:
            manifest = fetch_table(
                client,
                table,
                paths.user_snapshots(),
                paths.home() / "cache",
                snapshots(),
                progress,
            )
    console.print(f"Snapshot geschreven: {manifest}. Voer 'sociale-staat build' uit om te laden.")
