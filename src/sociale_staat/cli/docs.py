"""Command group docs: the kennisbank (add, list, search, claims)."""

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sociale_staat.cli.options import (
    JsonOpt,
    progress_bar,
)
from sociale_staat.cli.output import console, emit_json, emit_table
from sociale_staat.core import paths
from sociale_staat.core.formatting import format_number

if TYPE_CHECKING:
    from sociale_staat.kennisbank.store import Kennisbank

app = typer.Typer()
docs_app = typer.Typer(
    help="Kennisbank: documenten van de gemeente doorzoeken, met thema's en cijfers.",
    no_args_is_help=True,
)
app.add_typer(docs_app, name="docs")

KennisbankOpt = Annotated[
    Path | None,
    typer.Option("--kennisbank", help="Pad naar de kennisbank (standaard var/kennisbank.sqlite)."),
]


def open_kennisbank(path: Path | None) -> "Kennisbank":
    from sociale_staat.kennisbank.store import Kennisbank

    return Kennisbank(path or paths.default_kennisbank(), paths.taxonomy_dir())


@docs_app.command("add")
def docs_add(
    documents: Annotated[
        list[Path], typer.Argument(help="Bestanden (pdf, docx, html, txt) of mappen.")
    ],
    doc_type: Annotated[
        str | None, typer.Option("--type", help="onderzoek, beleid, dialoogverslag, ...")
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", "--jaar", help="Jaar van het document.")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", "--titel", help="Titel (anders uit het bestand).")
    ] = None,
    kennisbank: KennisbankOpt = None,
) -> None:
    """Voeg documenten toe; een gewijzigd bestand vervangt de oude versie.

    Voorbeeld: [bold]sociale-staat docs add rapport.pdf --type onderzoek --year 2024[/bold]
    """
    kb = open_kennisbank(kennisbank)
    meta = {k: v for k, v in {"type": doc_type, "year": year, "title": title}.items() if v}
    results = []
    with progress_bar() as bar:
        task = bar.add_task("documenten", total=None)
        for path in documents:
            if path.is_dir():
                results += kb.add_folder(path, lambda n: bar.update(task, description=n))
            else:
                bar.update(task, description=path.name)
                results.append(kb.add(path, meta))
    for r in results:
        console.print(
            f"{r.status:12} {r.path.name}: {r.passages} passages, {r.claims} cijfers",
            highlight=False,
        )


@docs_app.command("list")
def docs_list(json_out: JsonOpt = False, kennisbank: KennisbankOpt = None) -> None:
    """Toon de documenten in de kennisbank."""
    rows = open_kennisbank(kennisbank).documents()
    if json_out:
        emit_json(rows)
        return
    emit_table(
        "Documenten",
        [
            (
                str(r["id"]),
                r["title"],
                str(r["year"] or "-"),
                r["type"] or "-",
                str(r["passages"]),
                str(r["claims"]),
            )
            for r in rows
        ],
        ["id", "titel", "jaar", "soort", "passages", "cijfers"],
    )


@docs_app.command("search")
def docs_search(
    query: Annotated[
        str, typer.Argument(help='Zoekwoorden; "tussen aanhalingstekens" voor een zinsdeel.')
    ],
    theme: Annotated[
        str | None, typer.Option("--theme", "--thema", help="Alleen passages met dit thema.")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", "--jaar")] = None,
    doc_type: Annotated[
        str | None, typer.Option("--type", help="Alleen dit soort document.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100)] = 10,
    json_out: JsonOpt = False,
    kennisbank: KennisbankOpt = None,
) -> None:
    """Zoek in de documenten (Nederlandse woordstammen, BM25), per document gegroepeerd.

    Voorbeeld: [bold]sociale-staat docs search "eenzaamheid ouderen" --theme gezondheid[/bold]
    """
    from sociale_staat.kennisbank.store import group_by_document

    hits = open_kennisbank(kennisbank).search(
        query, theme=theme, year=year, doc_type=doc_type, limit=limit
    )
    if json_out:
        emit_json(
            [
                {
                    "document": h.document,
                    "page": h.page,
                    "heading": h.heading,
                    "passage": h.text,
                    "snippet": h.snippet,
                    "score": h.score,
                    "themes": h.themes,
                    "concepts": h.concepts,
                }
                for h in hits
            ]
        )
        return
    if not hits:
        console.print(f"Niets gevonden voor '{query}'.", highlight=False)
    for group in group_by_document(hits):
        console.print(
            f"[bold]{group['title']}[/bold] ({group['year'] or 'jaar onbekend'}, {group['type']})",
            highlight=False,
        )
        for h in group["hits"]:
            where = f"p. {h.page}" if h.page else (h.heading or "")
            text = h.snippet.replace("[", "\\[")
            text = re.sub(r"\*\*(.+?)\*\*", r"[bold yellow]\1[/bold yellow]", text)
            console.print(f"  {where}: {text}", highlight=False)


@docs_app.command("claims")
def docs_claims(
    indicator: Annotated[
        str | None, typer.Option("--indicator", help="Alleen cijfers over deze indicator.")
    ] = None,
    json_out: JsonOpt = False,
    kennisbank: KennisbankOpt = None,
) -> None:
    """Cijfers die in de documenten staan, met zin, document en pagina.

    Voorbeeld: [bold]sociale-staat docs claims --indicator werkloosheid[/bold]
    """
    rows = open_kennisbank(kennisbank).claims(indicator)
    if json_out:
        emit_json(rows)
        return
    emit_table(
        "Cijfers uit documenten",
        [
            (
                format_number(r["value"], 0 if r["value"] == int(r["value"]) else 1),
                r["unit"],
                r["qualifier"] or "",
                r["subject"][:50],
                r["area_name"] or "-",
                str(r["year"] or "-"),
                r["indicator"] or "",
                f"{r['document'][:30]}{', p. ' + str(r['page']) if r['page'] else ''}",
            )
            for r in rows
        ],
        ["waarde", "eenheid", "", "onderwerp", "gebied", "jaar", "indicator", "bron"],
    )
