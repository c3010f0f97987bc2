"""The `sociale-staat` command: a thin layer over the library (queries, warehouse, importing)."""

import json
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from sociale_staat.cli.output import console, emit_csv, emit_json, emit_table, errors
from sociale_staat.core import paths, settings
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.core.formatting import format_number
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.warehouse.records import Indicator, ValueAnswer

if TYPE_CHECKING:
    from sociale_staat.analysis.neighbourhoods import Value

app = typer.Typer(
    help="De sociale staat van een gemeente: data, indicatoren en vergelijkingen uit CBS-bronnen.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
data_app = typer.Typer(help="Wat er geladen is: bronnen, dekking en gaten.", no_args_is_help=True)
app.add_typer(data_app, name="data")
docs_app = typer.Typer(
    help="Kennisbank: documenten van de gemeente doorzoeken, met thema's en cijfers.",
    no_args_is_help=True,
)
app.add_typer(docs_app, name="docs")

WarehouseOpt = Annotated[
    Path | None,
    typer.Option("--warehouse", help="Pad naar het warehouse (standaard var/warehouse.duckdb)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Uitvoer als JSON.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Uitvoer als CSV.")]


def _warehouse(path: Path | None) -> Warehouse:
    return Warehouse(path or paths.default_warehouse())


def _progress_bar() -> Progress:
    """Progress on stderr, so JSON or CSV on stdout stays clean; gone when done."""
    return Progress(
        TextColumn("{task.description:<40}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    )


def _snapshots() -> dict[str, Any]:
    # Imported here: pandas and pydantic are not needed to answer a query, and cost start-up.
    from sociale_staat.ingest.snapshot import read_snapshots

    return read_snapshots(paths.bundled_snapshots(), paths.user_snapshots())


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
    with _progress_bar() as bar:
        task = bar.add_task("bouwen", total=1)

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total)

        report = build_warehouse(
            _snapshots(), catalogue, target, progress, peer_groups=paths.peer_groups_dir()
        )
    console.print(
        f"Warehouse gebouwd: {target} — {len(report.tables)} tabellen, "
        f"{format_number(report.observations, 0)} waarnemingen, "
        f"{format_number(report.indicator_values, 0)} indicatorwaarden "
        f"({len(catalogue)} indicatoren), {format_number(report.benchmarks, 0)} benchmarks vooraf "
        f"berekend, in {format_number(time.perf_counter() - start, 1)} s"
    )


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
    rows = _warehouse(warehouse).indicators(theme)
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
        str, typer.Option("--area", "--gebied", help="CBS-code (GM0034, WK003401), NL of naam.")
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
    found = _warehouse(warehouse).value(indicator, area, period, since, indeling)
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


@app.command()
def peers(
    focus: Annotated[str, typer.Option("--focus", help="Focusgemeente: code of naam.")] = "GM0034",
    group: Annotated[
        str | None, typer.Option("--group", "--groep", help="Naam van een peergroep.")
    ] = None,
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

    Voorbeelden: [bold]sociale-staat peers --focus GM0034 --group almere-2023[/bold],
    [bold]sociale-staat peers --focus Almere --similar 12[/bold]
    """
    from sociale_staat.analysis import peers as peer_groups

    w = _warehouse(warehouse)
    folder = paths.peer_groups_dir()
    if similar is not None:
        spec = peer_groups.load_group(folder, "structuur-vergelijkbaar")
        if not isinstance(spec, peer_groups.SimilarityGroup):
            raise SocialeStaatError(
                "peer_groups/structuur-vergelijkbaar.yml is geen gelijkenisgroep"
            )
        result = peer_groups.similar(w, peer_groups.focus_area(w, focus), spec, k=similar)
    else:
        result = peer_groups.resolve(w, folder, group or "almere-2023", focus)
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
    focus: Annotated[str, typer.Option("--focus", help="Focusgemeente: code of naam.")] = "GM0034",
    group: Annotated[
        str, typer.Option("--peers", "--groep", help="Naam van een peergroep.")
    ] = "almere-2023",
    theme: Annotated[
        str | None, typer.Option("--theme", "--thema", help="Alleen dit thema.")
    ] = None,
    period: Annotated[
        int | None,
        typer.Option(
            "--period",
            "--periode",
            help="Jaar (standaard: het laatste vergelijkbare jaar per indicator).",
        ),
    ] = None,
    since: Annotated[
        int | None, typer.Option("--since", "--sinds", help="Ontwikkeling sinds dit jaar.")
    ] = None,
    json_out: JsonOpt = False,
    csv_out: CsvOpt = False,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Schrijf een Excel-bestand.")] = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Vergelijk de focusgemeente met haar peergroep en Nederland, per thema, met tekst.

    Voorbeeld: [bold]sociale-staat benchmark --focus GM0034 --peers almere-2023 --theme arbeid[/bold]
    """
    from sociale_staat.analysis import peers as peer_groups
    from sociale_staat.analysis.benchmark import run
    from sociale_staat.render import export

    w = _warehouse(warehouse)
    result = run(
        w,
        peer_groups.resolve(w, paths.peer_groups_dir(), group, focus),
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
        emit_json(
            {
                "focus": result.group.focus.as_dict(),
                "peer_group": result.group.as_dict(),
                "indicators": [i.as_dict() for i in result.items],
            }
        )
    elif csv_out:
        emit_csv(export.rows(result), export.COLUMNS)
    else:
        _print_benchmark(result)


def _print_benchmark(result: Any) -> None:
    group = result.group
    console.print(
        f"[bold]{group.focus.name}[/bold] vergeleken met Nederland en "
        f"{len(group.members)} gemeenten: {group.title} ({group.name})"
    )
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
                if sentence["shape"] != "ontbreekt":
                    console.print(f"  • {sentence['text']}", highlight=False)


@data_app.command("status")
def data_status(json_out: JsonOpt = False, warehouse: WarehouseOpt = None) -> None:
    """Wat er geladen is, uit welke snapshot, met dekking en bekende gaten.

    Voorbeeld: [bold]sociale-staat data status[/bold]
    """
    status = _warehouse(warehouse).status()
    if json_out:
        emit_json(status.as_dict())
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
        path, paths.user_snapshots(), _snapshots(), table_id=table, title=title, period=period
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

    with _progress_bar() as bar:
        task = bar.add_task(f"ophalen {table}", total=None)

        def progress(rows: int) -> None:
            bar.update(task, description=f"ophalen {table}: {format_number(rows, 0)} rijen")

        with ODataClient(base_url) as client:
            manifest = fetch_table(
                client,
                table,
                paths.user_snapshots(),
                paths.home() / "cache",
                _snapshots(),
                progress,
            )
    console.print(f"Snapshot geschreven: {manifest}. Voer 'sociale-staat build' uit om te laden.")


def _hoods(gemeente: str, warehouse: Path | None) -> Any:
    from sociale_staat.analysis.neighbourhoods import for_gemeente

    return for_gemeente(_warehouse(warehouse), gemeente)


def _show(ind: Indicator, v: "Value | None") -> str:
    if v is None or v.value is None:
        return (
            "n.b."
            if v is None or not v.note
            else ("onderdrukt" if "onderdrukt" in v.note else "n.b.")
        )
    return format_number(v.value, ind.decimals)


@app.command()
def wijken(
    gemeente: Annotated[str, typer.Option("--gemeente", help="Gemeente: code of naam.")] = "GM0034",
    indicator: Annotated[
        str | None, typer.Option("--indicator", help="Alleen deze indicator.")
    ] = None,
    level: Annotated[str, typer.Option("--niveau", help="wijk of buurt.")] = "wijk",
    json_out: JsonOpt = False,
    warehouse: WarehouseOpt = None,
) -> None:
    """Profielen van alle wijken (of buurten) vergeleken met de gemeente en Nederland.

    Voorbeeld: [bold]sociale-staat wijken --gemeente GM0034 --indicator aandeel_bijstand[/bold]
    """
    from sociale_staat.analysis.neighbourhoods import stadsdeel_values

    hoods = _hoods(gemeente, warehouse)
    if level not in ("wijk", "buurt"):
        raise SocialeStaatError(f"niveau '{level}' bestaat niet: kies wijk of buurt")
    shown = [indicator] if indicator else hoods.spec.profiel
    for i in shown:
        if i not in hoods.indicators:
            raise SocialeStaatError(
                f"indicator '{i}' staat niet in het wijkprofiel (wijkprofiel.yml): kies uit "
                + ", ".join(hoods.indicators)
            )
    districts = stadsdeel_values(_warehouse(warehouse), hoods)
    if json_out:
        emit_json(
            {
                "gemeente": hoods.gemeente.as_dict(),
                "indeling": hoods.indeling,
                "gemeente_waarden": {i: hoods.city[i].__dict__ for i in shown},
                "nederland": {i: hoods.nederland[i].__dict__ for i in shown},
                "stadsdelen": {
                    n: {i: v.__dict__ for i, v in vals.items() if i in shown}
                    for n, vals in districts.items()
                },
                "gebieden": [
                    {**a.as_dict(), "values": {i: a.values[i].__dict__ for i in shown}}
                    for a in hoods.level(level)
                ],
            }
        )
        return
    inds = [hoods.indicators[i] for i in shown]
    header = ["code", "naam", "stadsdeel", *[i.title[:18] for i in inds]]
    rows = [
        (a.code, a.name, a.stadsdeel or "", *[_show(i, a.values.get(i.id)) for i in inds])
        for a in hoods.level(level)
    ]
    for name, vals in districts.items():
        rows.append(("", name, "stadsdeel", *[_show(i, vals.get(i.id)) for i in inds]))
    rows.append(("", hoods.gemeente.name, "gemeente", *[_show(i, hoods.city[i.id]) for i in inds]))
    rows.append(("", "Nederland", "", *[_show(i, hoods.nederland[i.id]) for i in inds]))
    emit_table(
        f"{level.capitalize()}en van {hoods.gemeente.name} (indeling {hoods.indeling})",
        rows,
        header,
    )
    periods = ", ".join(
        f"{i.title} {hoods.city[i.id].period}" for i in inds if hoods.city[i.id].period
    )
    console.print(
        f"Jaren: {periods}. 'onderdrukt': minder dan {hoods.spec.min_inwoners} inwoners.",
        highlight=False,
    )


@app.command("area")
def area_profile(
    code: Annotated[str, typer.Argument(help="Wijk- of buurtcode, bijv. WK003408.")],
    json_out: JsonOpt = False,
    warehouse: WarehouseOpt = None,
) -> None:
    """Profiel van één wijk of buurt, met de gemeente en Nederland ernaast.

    Voorbeeld: [bold]sociale-staat area WK003408[/bold]
    """
    w = _warehouse(warehouse)
    region = w.area(code)
    if region.level not in ("wijk", "buurt"):
        raise SocialeStaatError(f"{region.name} ({region.code}) is geen wijk of buurt")
    hoods = _hoods(region.parent, warehouse)
    profile = next((a for a in hoods.areas if a.code == region.code), None)
    if profile is None:
        raise SocialeStaatError(
            f"{region.code} hoort bij de indeling van {region.indeling}, niet bij de nieuwste"
            f" indeling ({hoods.indeling}) van {hoods.gemeente.name}: niet vergelijkbaar"
        )
    if json_out:
        emit_json(
            {
                **profile.as_dict(),
                "indeling": hoods.indeling,
                "gemeente": {i: v.__dict__ for i, v in hoods.city.items()},
                "nederland": {i: v.__dict__ for i, v in hoods.nederland.items()},
            }
        )
        return
    rows = []
    for i, ind in hoods.indicators.items():
        v = profile.values[i]
        rows.append(
            (
                ind.title,
                str(v.period or hoods.city[i].period or "-"),
                _show(ind, v),
                _show(ind, hoods.city[i]),
                _show(ind, hoods.nederland[i]),
                "slechter dan de stad" if i in profile.worse else (v.note or ""),
            )
        )
    emit_table(
        f"{profile.name} ({profile.code}, {profile.level}, {profile.stadsdeel or hoods.gemeente.name}, "
        f"indeling {hoods.indeling})",
        rows,
        ["indicator", "jaar", profile.name[:20], hoods.gemeente.name, "Nederland", ""],
    )


@app.command()
def concentraties(
    gemeente: Annotated[str, typer.Option("--gemeente", help="Gemeente: code of naam.")] = "GM0034",
    level: Annotated[str, typer.Option("--niveau", help="wijk of buurt.")] = "wijk",
    json_out: JsonOpt = False,
    warehouse: WarehouseOpt = None,
) -> None:
    """Waar problemen zich opstapelen: wijken met meerdere risico's duidelijk boven de stad.

    Voorbeeld: [bold]sociale-staat concentraties --gemeente GM0034[/bold]
    """
    hoods = _hoods(gemeente, warehouse)
    ranked = hoods.concentrations(level)
    pairs = hoods.co_occurrence(level)
    if json_out:
        emit_json(
            {
                "gemeente": hoods.gemeente.as_dict(),
                "indeling": hoods.indeling,
                "risico": [r.model_dump() for r in hoods.spec.risico],
                "concentraties": [
                    {
                        "code": a.code,
                        "name": a.name,
                        "stadsdeel": a.stadsdeel,
                        "inwoners": a.inwoners,
                        "aantal": len(a.worse),
                        "indicatoren": a.worse,
                    }
                    for a in ranked
                ],
                "samenhang": pairs,
            }
        )
        return
    titles = {i: ind.title for i, ind in hoods.indicators.items()}
    emit_table(
        f"Waar problemen zich opstapelen: {level}en van {hoods.gemeente.name} (indeling {hoods.indeling})",
        [
            (
                a.code,
                a.name,
                a.stadsdeel or "",
                format_number(a.inwoners, 0),
                str(len(a.worse)),
                ", ".join(titles[i].lower() for i in a.worse),
            )
            for a in ranked
        ],
        ["code", "naam", "stadsdeel", "inwoners", "risico's", "duidelijk slechter dan de stad"],
    )
    emit_table(
        "Samenhang tussen risico's over de wijken (Pearson r, n = aantal wijken met beide)",
        [
            (
                titles[p["a"]],
                titles[p["b"]],
                "te weinig wijken" if p["r"] is None else format_number(p["r"], 2),
                str(p["n"]),
            )
            for p in pairs
        ],
        ["risico", "risico", "r", "n"],
    )


@app.command()
def kaart(
    indicator: Annotated[
        str, typer.Argument(help="Indicator uit het wijkprofiel, bijv. aandeel_bijstand.")
    ],
    gemeente: Annotated[str, typer.Option("--gemeente", help="Gemeente: code of naam.")] = "GM0034",
    out: Annotated[
        Path, typer.Option("--out", help="Uitvoerbestand: .svg, .png of .json (Vega-Lite).")
    ] = Path("kaart.svg"),
    warehouse: WarehouseOpt = None,
) -> None:
    """Kaart van een indicator over de wijken (SVG, PNG of Vega-Lite JSON).

    Voorbeeld: [bold]sociale-staat kaart aandeel_bijstand --gemeente GM0034 --out bijstand.png[/bold]
    """
    from sociale_staat.render import maps

    hoods = _hoods(gemeente, warehouse)
    shapes = maps.boundaries_for(hoods.gemeente.code)
    if shapes is None:
        raise SocialeStaatError(
            f"geen wijkgrenzen in de bundel voor {hoods.gemeente.name} (alleen Almere)"
        )
    spec = maps.choropleth(hoods, indicator, shapes)
    if out.parent.resolve() == paths.home().resolve():
        paths.home().mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".json":
        out.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    else:
        maps.render(spec, out)
    console.print(f"Kaart geschreven: {out}")


@app.command()
def report(
    focus: Annotated[str, typer.Option("--focus", help="Focusgemeente: code of naam.")] = "GM0034",
    group: Annotated[
        str, typer.Option("--peers", "--groep", help="Naam van een peergroep.")
    ] = "almere-2023",
    period: Annotated[
        int | None,
        typer.Option(
            "--period",
            "--periode",
            help="Jaar (standaard per indicator het laatste vergelijkbare).",
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="Map voor de HTML-, PDF- en Word-versie.")
    ] = Path("rapport"),
    warehouse: WarehouseOpt = None,
) -> None:
    """Schrijf "De sociale staat van <gemeente>" als HTML, PDF en Word.

    Voorbeeld: [bold]sociale-staat report --focus GM0034 --peers almere-2023 --out rapport[/bold]
    """
    from sociale_staat.analysis import peers as peer_groups
    from sociale_staat.analysis.benchmark import run
    from sociale_staat.report import document as reporting

    w = _warehouse(warehouse)
    bench = run(w, peer_groups.resolve(w, paths.peer_groups_dir(), group, focus), period=period)
    try:
        hoods = _hoods(bench.group.focus.code, warehouse)
    except SocialeStaatError as err:
        errors.print(f"geen wijkhoofdstuk: {err}")
        hoods = None
    kb = _kennisbank(None) if paths.default_kennisbank().exists() else None
    with _progress_bar() as bar:
        task = bar.add_task("rapport", total=None)
        doc = reporting.assemble(w, bench, hoods, kb, lambda s: bar.update(task, description=s))
        written = reporting.write(doc, out, lambda s: bar.update(task, description=s))
    for path in written:
        console.print(f"Geschreven: {path}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Adres om op te luisteren.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Poort.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Werkprocessen (standaard SOCIALE_STAAT_WORKERS)."),
    ] = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Start het dashboard en de API (http://127.0.0.1:8000, API-beschrijving op /openapi.json).

    Voorbeeld: [bold]sociale-staat serve --port 8000 --workers 2[/bold]
    """
    import os

    import uvicorn

    count = workers or settings.get_int("workers")
    if warehouse is not None:  # each worker process opens the warehouse named by the setting
        os.environ["SOCIALE_STAAT_WAREHOUSE"] = str(warehouse.resolve())
    uvicorn.run(
        "sociale_staat.web.app:factory",
        factory=True,
        host=host,
        port=port,
        workers=count,
        log_level="warning",
        server_header=False,
    )


KennisbankOpt = Annotated[
    Path | None,
    typer.Option("--kennisbank", help="Pad naar de kennisbank (standaard var/kennisbank.sqlite)."),
]


def _kennisbank(path: Path | None) -> Any:
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
    kb = _kennisbank(kennisbank)
    meta = {k: v for k, v in {"type": doc_type, "year": year, "title": title}.items() if v}
    results = []
    with _progress_bar() as bar:
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
    rows = _kennisbank(kennisbank).documents()
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

    hits = _kennisbank(kennisbank).search(
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
    rows = _kennisbank(kennisbank).claims(indicator)
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


def main() -> None:
    """Entry point: library errors become one clear line and exit code 1, never a traceback."""
    try:
        app()
    except SocialeStaatError as err:
        errors.print(f"[red]fout:[/red] {err}", highlight=False)
        sys.exit(1)
