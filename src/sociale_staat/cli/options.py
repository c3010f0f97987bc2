"""Options and helpers every command group shares, so the same concept has the same name in
every command: --focus, --peers, --period, --json, --csv, --warehouse.

Older names (--gemeente, --group, --groep) still work: `normalise_args` maps them to the current
ones before parsing, so they are accepted without showing up in the help.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from sociale_staat.cli.output import errors
from sociale_staat.core import paths, settings
from sociale_staat.warehouse.queries import Warehouse

if TYPE_CHECKING:
    from sociale_staat.ingest.snapshot import Snapshot

DEFAULT_FOCUS = settings.get("default_focus")
DEFAULT_PEERS = settings.get("default_peers")

FocusOpt = Annotated[
    str,
    typer.Option(
        "--focus",
        help="Focusgemeente: CBS-code of naam (standaard uit SOCIALE_STAAT_FOCUS).",
    ),
]
PeersOpt = Annotated[
    str,
    typer.Option("--peers", help="Naam van een peergroep (standaard uit SOCIALE_STAAT_PEERS)."),
]
PeriodOpt = Annotated[
    int | None,
    typer.Option(
        "--period",
        "--periode",
        help="Jaar (standaard per indicator het laatste vergelijkbare jaar).",
    ),
]
ThemeOpt = Annotated[str | None, typer.Option("--theme", "--thema", help="Alleen dit thema.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Uitvoer als JSON.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Uitvoer als CSV.")]
WarehouseOpt = Annotated[
    Path | None,
    typer.Option("--warehouse", help="Pad naar het warehouse (standaard var/warehouse.duckdb)."),
]

# Old option names -> the current one; kept working so scripts written earlier do not break.
ALIASES = {"--gemeente": "--focus", "--group": "--peers", "--groep": "--peers"}


def normalise_args(args: Sequence[str]) -> list[str]:
    """The command line with old option names replaced by the current ones ('--x=v' too).

    >>> normalise_args(["wijken", "--gemeente", "Almere", "--group=a"])
    ['wijken', '--focus', 'Almere', '--peers=a']
    """
    out = []
    for arg in args:
        name, eq, value = arg.partition("=")
        out.append(ALIASES.get(name, name) + eq + value if name in ALIASES else arg)
    return out


def open_warehouse(path: Path | None) -> Warehouse:
    return Warehouse(path or paths.default_warehouse())


def progress_bar() -> Progress:
    """Progress on stderr, so JSON or CSV on stdout stays clean; gone when done."""
    return Progress(
        TextColumn("{task.description:<40}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    )


def snapshots() -> "dict[str, Snapshot]":
    # Imported here: pandas and pydantic are not needed to answer a query, and cost start-up.
    from sociale_staat.ingest.snapshot import read_snapshots

    return read_snapshots(paths.bundled_snapshots(), paths.user_snapshots())
