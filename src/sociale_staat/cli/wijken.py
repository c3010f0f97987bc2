"""Command group wijken: profiles of wijken and buurten, concentrations, maps."""

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sociale_staat.cli.options import (
    DEFAULT_FOCUS,
    FocusOpt,
    JsonOpt,
    WarehouseOpt,
    open_warehouse,
)
from sociale_staat.cli.output import console, emit_json, emit_table
from sociale_staat.core import paths
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.core.formatting import format_number
from sociale_staat.warehouse.records import Indicator

if TYPE_CHECKING:
    from sociale_staat.analysis.neighbourhoods import Neighbourhoods, Value

app = typer.Typer()


def hoods_of(gemeente: str, warehouse: Path | None) -> "Neighbourhoods":
    from sociale_staat.analysis.neighbourhoods import for_gemeente

    return for_gemeente(open_warehouse(warehouse), gemeente)


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
    focus: FocusOpt = DEFAULT_FOCUS,
    indicator: Annotated[
        str | None, typer.Option("--indicator", help="Alleen deze indicator.")
    ] = None,
    level: Annotated[str, typer.Option("--niveau", help="wijk of buurt.")] = "wijk",
    json_out: JsonOpt = False,
    warehouse: WarehouseOpt = None,
) -> None:
    """Profielen van alle wijken (of buurten) vergeleken met de gemeente en Nederland.

    Voorbeeld: [bold]sociale-staat wijken --focus Almere --indicator aandeel_bijstand[/bold]
    """
    from sociale_staat.analysis.neighbourhoods import stadsdeel_values

    hoods = hoods_of(focus, warehouse)
    if level not in ("wijk", "buurt"):
        raise SocialeStaatError(f"niveau '{level}' bestaat niet: kies wijk of buurt")
    shown = [indicator] if indicator else hoods.spec.profiel
    for i in shown:
        if i not in hoods.indicators:
            raise SocialeStaatError(
                f"indicator '{i}' staat niet in het wijkprofiel (wijkprofiel.yml): kies uit "
                + ", ".join(hoods.indicators)
            )
    districts = stadsdeel_values(open_warehouse(warehouse), hoods)
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
    w = open_warehouse(warehouse)
    region = w.area(code)
    if not region.small:
        raise SocialeStaatError(f"{region.name} ({region.code}) is geen wijk of buurt")
    hoods = hoods_of(region.parent, warehouse)
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
    focus: FocusOpt = DEFAULT_FOCUS,
    level: Annotated[str, typer.Option("--niveau", help="wijk of buurt.")] = "wijk",
    json_out: JsonOpt = False,
    warehouse: WarehouseOpt = None,
) -> None:
    """Waar problemen zich opstapelen: wijken met meerdere risico's duidelijk boven de stad.

    Voorbeeld: [bold]sociale-staat concentraties --focus Almere[/bold]
    """
    hoods = hoods_of(focus, warehouse)
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
                "samenhang": [p.as_dict() for p in pairs],
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
                titles[p.a],
                titles[p.b],
                "te weinig wijken" if p.r is None else format_number(p.r, 2),
                str(p.n),
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
    focus: FocusOpt = DEFAULT_FOCUS,
    out: Annotated[
        Path, typer.Option("--out", help="Uitvoerbestand: .svg, .png of .json (Vega-Lite).")
    ] = Path("kaart.svg"),
    warehouse: WarehouseOpt = None,
) -> None:
    """Kaart van een indicator over de wijken (SVG, PNG of Vega-Lite JSON).

    Voorbeeld: [bold]sociale-staat kaart aandeel_bijstand --focus Almere --out bijstand.png[/bold]
    """
    from sociale_staat.render import maps

    hoods = hoods_of(focus, warehouse)
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
