"""Command group report: "De sociale staat van <gemeente>" as HTML, PDF and Word."""

from pathlib import Path
from typing import Annotated

import typer

from sociale_staat.cli.docs import open_kennisbank
from sociale_staat.cli.options import (
    DEFAULT_FOCUS,
    DEFAULT_PEERS,
    FocusOpt,
    PeersOpt,
    PeriodOpt,
    WarehouseOpt,
    open_warehouse,
    progress_bar,
)
from sociale_staat.cli.output import console, errors
from sociale_staat.cli.wijken import hoods_of
from sociale_staat.core import paths
from sociale_staat.core.errors import SocialeStaatError

app = typer.Typer()


@app.command()
def report(
    focus: FocusOpt = DEFAULT_FOCUS,
    group: PeersOpt = DEFAULT_PEERS,
    period: PeriodOpt = None,
    out: Annotated[
        Path, typer.Option("--out", help="Map voor de HTML-, PDF- en Word-versie.")
    ] = Path("rapport"),
    warehouse: WarehouseOpt = None,
) -> None:
    """Schrijf "De sociale staat van <gemeente>" als HTML, PDF en Word.

    Voorbeeld: [bold]sociale-staat report --focus Almere --out rapport[/bold]
    """
    from sociale_staat.analysis import peers as peer_groups
    from sociale_staat.analysis.benchmark import run
    from sociale_staat.report import document as reporting
    from sociale_staat.report import writing
    from sociale_staat.stem import report as stem_report

    w = open_warehouse(warehouse)
    bench = run(w, peer_groups.resolve(w, paths.peer_groups_dir(), group, focus), period=period)
    try:
        hoods = hoods_of(bench.group.focus.code, warehouse)
    except SocialeStaatError as err:
        errors.print(f"geen wijkhoofdstuk: {err}")
        hoods = None
    kb = open_kennisbank(None) if paths.default_kennisbank().exists() else None
    with progress_bar() as bar:
        task = bar.add_task("rapport", total=None)
        residents = stem_report.for_report(w, bench.group.focus.code)  # "Wat inwoners zeggen"
        doc = reporting.assemble(
            w, bench, hoods, kb, lambda s: bar.update(task, description=s), residents
        )
        written = writing.write(doc, out, lambda s: bar.update(task, description=s))
    for path in written:
        console.print(f"Geschreven: {path}")
