"""The `sociale-staat` command: it only assembles the command groups, each a module of its own.

A new group is one line: `app.add_typer(<group>.app, name="<naam>")` (or without a name, to add
its commands at the top level, as the groups below do for backwards-compatible command names).
"""

import sys

import typer

from sociale_staat.cli import benchmark, data, docs, programma, report, serve, stem, values, wijken
from sociale_staat.cli.options import normalise_args
from sociale_staat.cli.output import errors
from sociale_staat.core.errors import SocialeStaatError

app = typer.Typer(
    help="De sociale staat van een gemeente: data, indicatoren en vergelijkingen uit CBS-bronnen.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
app.add_typer(data.app)  # build, import, fetch, data status
app.add_typer(values.app)  # indicators, value
app.add_typer(benchmark.app)  # peers, benchmark
app.add_typer(wijken.app)  # wijken, area, concentraties, kaart
app.add_typer(report.app)  # report
app.add_typer(docs.app)  # docs add/list/search/claims
app.add_typer(serve.app)  # serve
app.add_typer(programma.app, name="programma")  # lijst, status, export
app.add_typer(stem.app, name="stem")  # Stem van de stad: moderator, wachtrij, besluit, dialoog, export


def main() -> None:
    """Entry point: library errors become one clear line and exit code 1, never a traceback."""
    try:
        app(args=normalise_args(sys.argv[1:]), prog_name="sociale-staat")
    except SocialeStaatError as err:
        errors.print(f"[red]fout:[/red] {err}", highlight=False)
        sys.exit(1)
