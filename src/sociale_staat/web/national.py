"""The national view of an indicator: a map of every gemeente with the focus and its peers
outlined, and the ranked list of all gemeenten (`/indicator/<id>/nederland`), the map as its
own picture (`/grafiek/<id>/nederland.svg`) and the list as a download.

Nothing is computed per request beyond a cache miss: the cross-section per indicator and
year, the SVG and the page are each kept under their normalised parameters.
"""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from sociale_staat.analysis.national import NationalView, national
from sociale_staat.analysis.results import Benchmark
from sociale_staat.warehouse.records import citations
from sociale_staat.web.downloads import CsvFormaat, file_format
from sociale_staat.web.http import BadRequest
from sociale_staat.web.i18n import current, translate
from sociale_staat.web.models import PAGE_ERRORS, Bestand, Grafiekdata, table_media
from sociale_staat.web.pages import DEFAULT_FOCUS, HTML, Focus, Groep, Jaar, _kept
from sociale_staat.web.site import Site, site_of
from sociale_staat.web.tables import table
from sociale_staat.web.year import choice_context, years_of

router = APIRouter(responses=PAGE_ERRORS)
SVG: dict[int | str, dict[str, Any]] = {
    200: {"content": {"image/svg+xml": {}}, "description": "SVG"}
}
Indicator = Annotated[str, Path(max_length=100)]


def view_of(site: Site, b: Benchmark, indicator: str, jaar: int | None) -> NationalView:
    """The cross-section of the chosen year, else of the year the indicator page compares."""
    item = site.item(b, indicator)
    years = years_of(site, indicator)
    if not years:
        raise BadRequest(f"'{item.indicator.title}' heeft geen waarden per gemeente")
    year = jaar if jaar is not None else item.period or years[-1]
    if year not in years:
        raise BadRequest(
            f"geen gemeentewaarden voor '{item.indicator.title}' in {year} "
            f"(jaren: {years[0]}–{years[-1]})"
        )
    return site.cache.get(
        ("national", indicator, year),
        lambda: national(site.db(), indicator, year, site.gemeenten),
    )


@router.get(
    "/indicator/{indicator}/nederland",
    tags=["pagina's"],
    responses=HTML,
    response_class=HTMLResponse,
    summary="Eén indicator in alle gemeenten: kaart en rangorde",
)
def nederland(
    request: Request,
    indicator: Indicator,
    focus: Focus = DEFAULT_FOCUS,
    groep: Groep = None,
    jaar: Jaar = None,
) -> Response:
    site = site_of(request)
    b = site.benchmark(focus, groep)
    view = view_of(site, b, indicator, jaar)
    key = ("nederland", indicator, b.group.focus.code, b.group.name, view.year)
    return _kept(site, key, lambda: _page(site, b, view))


def _page(site: Site, b: Benchmark, view: NationalView) -> HTMLResponse:
    from sociale_staat.render.national import legend

    item = site.item(b, view.indicator.id)
    _, key = legend(view)
    peers = set(b.group.codes)
    context = site.context(b) | choice_context(site, b, item, view.year)
    context["chosen_year"] = view.year
    return site.page(
        "national.html",
        title=f"{view.indicator.title} in alle gemeenten",
        ind=view.indicator,
        view=view,
        legend=key,
        peers=peers,
        peers_shown=sum(1 for r in view.rows if r.code in peers),
        ranking=_ranking(site, view, b),
        source_line=citations([b.sources[t] for t in view.tables]) or "–",
        **context,
    )


@dataclass(frozen=True)
class RankRow:
    """One line of the ranking as the page shows it: texts made here, not per cell in the
    template (340 lines of template lookups were half of a cold page)."""

    rank: str
    code: str
    name: str
    role: str  # "focus", "peer" or ""
    role_label: str
    value: str
    year: str


def _ranking(site: Site, view: NationalView, b: Benchmark) -> list[RankRow]:
    peers, focus = set(b.group.codes), b.group.focus.code
    labels = {"focus": translate("focus"), "peer": translate("benchmark"), "": ""}
    missing, provisional = translate("geen waarde"), f"{view.year} ({translate('voorlopig')})"
    decimals = view.indicator.decimals
    rows = []
    for r in view.rows:
        role = "focus" if r.code == focus else "peer" if r.code in peers else ""
        rows.append(
            RankRow(
                str(r.rank) if r.rank else "–",
                r.code,
                r.name,
                role,
                labels[role],
                site.number(r.value, decimals) if r.value is not None else missing,
                provisional if r.status == "voorlopig" else str(view.year),
            )
        )
    return rows


@router.get(
    "/grafiek/{indicator}/nederland.svg",
    tags=["pagina's"],
    summary="Kaart van één indicator in alle gemeenten, als SVG",
    responses=SVG,
    response_class=Response,
)
def nederland_svg(
    request: Request,
    indicator: Indicator,
    focus: Focus = DEFAULT_FOCUS,
    groep: Groep = None,
    jaar: Jaar = None,
) -> Response:
    site = site_of(request)
    b = site.benchmark(focus, groep)
    view = view_of(site, b, indicator, jaar)
    key = ("svg-nederland", current.get(), indicator, b.group.focus.code, b.group.name, view.year)
    svg = site.cache.get(key, lambda: _svg(view, b))
    return Response(svg, media_type="image/svg+xml")


def _svg(view: NationalView, b: Benchmark) -> str:
    from sociale_staat.render import charts
    from sociale_staat.render.national import national_map

    return charts.svg(national_map(view, b.group.focus.code, b.group.codes))


@router.get(
    "/data/indicator/{indicator}/nederland.{extensie}",
    tags=["downloads"],
    summary="De rangorde van alle gemeenten op één indicator",
    responses=table_media(Grafiekdata),
    response_class=Response,
)
def nederland_data(
    request: Request,
    indicator: Indicator,
    extensie: Bestand,
    focus: Focus = DEFAULT_FOCUS,
    groep: Groep = None,
    jaar: Jaar = None,
    formaat: CsvFormaat = None,
) -> Response:
    site = site_of(request)
    b = site.benchmark(focus, groep)
    view = view_of(site, b, indicator, jaar)
    fmt = file_format(extensie, formaat)
    rows, meta = ranked_rows(view, b)
    return table(fmt, rows, meta, f"{indicator}-gemeenten-{view.year}")


def ranked_rows(view: NationalView, b: Benchmark) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    peers = set(b.group.codes)
    rows = [
        {
            "rang": r.rank,
            "gebied": r.code,
            "naam": r.name,
            "periode": view.year,
            "waarde": r.value,
            "status": r.status,
            "rol": "focus"
            if r.code == b.group.focus.code
            else "benchmark"
            if r.code in peers
            else "",
        }
        for r in view.rows
    ]
    used = [b.sources[t] for t in view.tables]
    meta = {
        "indicator": view.indicator.id,
        "titel": view.indicator.title,
        "eenheid": view.indicator.unit,
        "periode": view.year,
        "nederland": view.nederland,
        "rangorde": "1 = gunstigst" if view.indicator.polarity != "neutraal" else "1 = hoogst",
        "gemeenten_zonder_waarde": view.without_value,
        "bron": citations(used),
        "licentie": "; ".join(sorted({s.licence for s in used})),
        "benchmarkgroep": b.group.name,
    }
    return rows, meta
