"""Downloads: exactly the data of each chart on an indicator page, with its metadata."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from sociale_staat.analysis.results import Benchmark, IndicatorBenchmark
from sociale_staat.warehouse.records import citations
from sociale_staat.web.http import BadRequest, NotFound
from sociale_staat.web.models import Bestand, CsvSoort, Grafiek, Grafiekdata, table_media
from sociale_staat.web.pages import (
    DEFAULT_FOCUS,
    Focus,
    Groep,
    Jaar,
    computed_trend,
    trend_rows_of,
)
from sociale_staat.web.site import Site, site_of
from sociale_staat.web.tables import table
from sociale_staat.web.year import choose_year

router = APIRouter(tags=["downloads"])
CsvFormaat = Annotated[
    CsvSoort | None,
    Query(
        description="Bij .csv: `excel-csv` geeft `;` tussen de velden, een decimale komma en "
        "een UTF-8-BOM, zodat Excel met Nederlandse instellingen het bestand goed opent"
    ),
]


def file_format(extensie: Bestand, formaat: CsvSoort | None) -> str:
    """The answer's format: the file kind of the address, or CSV for Dutch Excel."""
    if formaat is None or formaat.value == extensie.value:
        return extensie.value
    if extensie is not Bestand.csv:
        raise BadRequest(f"formaat={formaat.value} hoort bij een .csv-bestand, niet bij .{extensie.value}")
    return formaat.value


@router.get(
    "/data/indicator/{indicator}.{extensie}",
    summary="De gegevens van één grafiek op de indicatorpagina",
    responses=table_media(Grafiekdata),
    response_class=Response,
)
def download(
    request: Request,
    indicator: Annotated[str, Path(max_length=100)],
    extensie: Bestand,
    focus: Focus = DEFAULT_FOCUS,
    groep: Groep = None,
    grafiek: Grafiek = Grafiek.vergelijking,
    jaar: Jaar = None,
    formaat: CsvFormaat = None,
) -> Response:
    site = site_of(request)
    b = site.benchmark(focus, groep)
    item = choose_year(site, b, indicator, jaar)
    fmt = file_format(extensie, formaat)
    rows, meta = chart_data(item, b)
    if grafiek is Grafiek.trend:
        rows = trend_rows_of(computed_trend(site, b, item))
        meta = {**meta, "periode": "alle jaren", "grafiek": "ontwikkeling"}
    elif grafiek in (Grafiek.wijken, Grafiek.buurten):
        rows, meta = _wijken(site, b, item, meta, "buurt" if grafiek is Grafiek.buurten else "wijk")
    return table(fmt, rows, meta, f"{indicator}-{b.group.focus.code}")


def _wijken(
    site: Site, b: Benchmark, item: IndicatorBenchmark, meta: dict[str, Any], level: str = "wijk"
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    hoods, wijken = site.wijken(b.group.focus.code, item.id)
    if not wijken:
        raise NotFound(f"geen wijkgegevens voor '{item.id}'")
    if level == "buurt":
        wijken = [a for a in hoods.level("buurt") if item.id in a.values]
    rows = [
        {
            "gebied": a.code,
            "naam": a.name,
            "stadsdeel": a.stadsdeel,
            "periode": a.values[item.id].period,
            "waarde": a.values[item.id].value,
            "opmerking": a.values[item.id].note,
        }
        for a in wijken
    ]
    extra = {"periode": hoods.city[item.id].period, "grafiek": f"{level}en", "indeling": hoods.indeling}
    return rows, {**meta, **extra}


def chart_data(
    item: IndicatorBenchmark, b: Benchmark
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    ind = item.indicator
    cells = [c for c in [item.focus, item.nederland, *item.peers] if c is not None]
    rows = [
        {
            "gebied": c.area,
            "naam": c.name,
            "periode": c.period,
            "waarde": c.value,
            "ondergrens": c.lower,
            "bovengrens": c.upper,
            "bron": c.table_id,
            "reden_ontbreekt": c.reason,
        }
        for c in cells
    ]
    used = [b.sources[t] for t in sorted({c.table_id for c in cells if c.table_id})]
    meta = {
        "indicator": ind.id,
        "titel": ind.title,
        "eenheid": ind.unit,
        "periode": item.period,
        "bron": citations(used),
        "licentie": "; ".join(sorted({s.licence for s in used})),
        "opgehaald": "; ".join(sorted({s.exported for s in used})),
        "benchmarkgroep": b.group.name,
    }
    return rows, meta
