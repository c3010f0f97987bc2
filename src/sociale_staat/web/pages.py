"""The dashboard's pages (server-rendered HTML, no JavaScript) and the chart pictures on them.

Handlers are plain functions: FastAPI runs them in its thread pool, so DuckDB and chart work
never block the event loop. A page is kept in the cache under its normalised parameters.
Charts are pictures of their own (`/grafiek/...svg`): rendering one takes a quarter of a second,
so a page comes back at once and each chart is rendered once, then kept.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sociale_staat.analysis.results import Benchmark, IndicatorBenchmark, Trend
from sociale_staat.analysis.trends import trend
from sociale_staat.core import settings
from sociale_staat.declarations.catalogue import THEMES
from sociale_staat.kennisbank.claims import Current
from sociale_staat.warehouse.records import citations
from sociale_staat.web import english, views
from sociale_staat.web.buurten import buurt_maps, buurt_spec
from sociale_staat.web.http import NotFound
from sociale_staat.web.i18n import current, translate
from sociale_staat.web.models import PAGE_ERRORS, Maat, Peergroep, Soort, Thema
from sociale_staat.web.site import Site, site_of
from sociale_staat.web.year import choice_context, choose_year

router = APIRouter(tags=["pagina's"], default_response_class=HTMLResponse, responses=PAGE_ERRORS)
DEFAULT_FOCUS = settings.get("default_focus")
Focus = Annotated[str, Query(max_length=100, description="Gemeente: CBS-code of naam")]
Groep = Annotated[
    Peergroep | None,
    Query(description="Vergelijkingsgroep (standaard: de groep die bij de gemeente past)"),
]
DEFAULT_GROUP = Peergroep(settings.get("default_peers"))
Jaar = Annotated[int | None, Query(ge=1900, le=2100, description="Jaar (standaard het vergelijkingsjaar)")]
Deel = Annotated[str | None, Query(max_length=60, description="Stadsdeel van de buurtkaart (soort=buurten)")]
HTML: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {}}, "description": "HTML-pagina"}
}


@router.get("/", responses=HTML, summary="Startpagina (standaardgemeente of de gekozen gemeente)")
def home(request: Request, focus: Focus = DEFAULT_FOCUS, groep: Groep = None) -> Response:
    return gemeente(request, focus, groep)


@router.get("/gemeente", responses=HTML, summary="De sociale staat van een gemeente")
def gemeente(
    request: Request, focus: Focus = DEFAULT_FOCUS, groep: Groep = None
) -> Response:
    site = site_of(request)
    b = site.benchmark(focus, groep)
    return _kept(
        site,
        ("home", b.group.focus.code, b.group.name),
        lambda: site.page(
            "home.html",
            title=f"{translate('De sociale staat van')} {b.group.focus.name}",
            findings=b.findings(1),
            groups=site.groups,
            **site.context(b),
        ),
    )


@router.get("/thema/{theme}", responses=HTML, summary="Eén thema")
def thema(
    request: Request,
    theme: Thema,
    focus: Focus = DEFAULT_FOCUS,
    groep: Groep = None,
) -> Response:
    site = site_of(request)
    b = site.benchmark(focus, groep)
    key = theme.value
    items = b.by_theme().get(key, [])
    return _kept(
        site,
        ("thema", key, b.group.focus.code, b.group.name),
        lambda: site.page(
            "theme.html",
            title=translate(THEMES[key]),
            theme_title=translate(THEMES[key]),
            items=items,
            # Small multiples: a small trend for each indicator with at least two years.
            small=[i for i in items if _years(site, b, i) >= 2],
            count=views.peer_count(items, len(b.group.members)),
            reporting=views.reporting,
            **site.context(b),
        ),
    )


def _years(site: Site, b: Benchmark, item: IndicatorBenchmark) -> int:
    computed = computed_trend(site, b, item)
    return len(computed.points) if computed is not None else 0


@router.get("/indicator/{indicator}", responses=HTML, summary="Eén indicator")
def indicator(
    request: Request,
    indicator: Annotated[str, Path(max_length=100)],
    focus: Focus = DEFAULT_FOCUS,
    groep: Groep = None,
    jaar: Jaar = None,
) -> Response:
    site = site_of(request)
    b = site.benchmark(focus, groep)
    item = choose_year(site, b, indicator, jaar)
    # The kennisbank's version: "Wat documenten zeggen" changes when a document is added.
    key = ("indicator", indicator, b.group.focus.code, b.group.name, jaar, site.library.version())
    return _kept(site, key, lambda: _indicator_page(site, b, item, jaar))


def _indicator_page(
    site: Site, b: Benchmark, item: IndicatorBenchmark, jaar: int | None = None
) -> HTMLResponse:
    ind = site.indicators[item.id]
    trend_rows = pivot(computed_trend(site, b, item))
    cells = [c for c in [item.focus, item.nederland, *item.peers] if c is not None]
    hoods, wijken = site.wijken(b.group.focus.code, item.id)
    source_line = citations([b.sources[c.table_id] for c in cells if c.table_id]) or "–"
    summary = " ".join(english.said(item, current.get(), site.titles_en, gaps=False))
    # A gap reason is said once below its table, with the rows it applies to.
    notes, note_of = views.gap_notes((c.name, c.reason) for c in cells if c.value is None)
    wijk_notes, wijk_note_of = views.gap_notes(
        (a.name, a.values[item.id].note) for a in wijken if a.values[item.id].value is None
    )
    return site.page(
        "indicator.html",
        title=site.title(ind),
        ind=ind,
        item=item,
        chart=len(item.value_order()) >= 2,
        trend=bool(trend_rows),
        trend_rows=trend_rows,
        wijkmap=bool(wijken) and _has_map(hoods),
        cells=cells,
        source_line=source_line,
        summary=summary,
        wijken=wijken,
        notes=notes,
        note_of=note_of,
        wijk_notes=wijk_notes,
        wijk_note_of=wijk_note_of,
        buurtkaarten=buurt_maps(hoods, item.id) if wijken else None,
        indeling=hoods.indeling if hoods else None,
        claims=site.library.claims_block(item.id, _current(b, item)),
        **(site.context(b) | choice_context(site, b, item, jaar)),
    )


def _current(b: Benchmark, item: IndicatorBenchmark) -> Current:
    """The figure the page shows for the focus, to test what documents say against."""
    cell = item.focus
    return Current(
        area=b.group.focus.code,
        value=cell.value if cell else None,
        period=item.period,
        kind=item.indicator.kind,
        lower=cell.lower if cell else None,
        upper=cell.upper if cell else None,
    )


@router.get(
    "/grafiek/{indicator}.svg",
    summary="Grafiek van een indicator- of themapagina als SVG",
    responses={200: {"content": {"image/svg+xml": {}}, "description": "SVG"}},
    response_class=Response,
)
def grafiek(
    request: Request,
    indicator: Annotated[str, Path(max_length=100)],
    focus: Focus = DEFAULT_FOCUS,
    groep: Groep = None,
    soort: Soort = Soort.vergelijking,
    maat: Maat = Maat.breed,
    jaar: Jaar = None,
    deel: Deel = None,
) -> Response:
    site = site_of(request)
    b = site.benchmark(focus, groep)
    item = choose_year(site, b, indicator, jaar)
    where = (b.group.focus.code, b.group.name, item.period)
    part = deel if soort is Soort.buurten else None
    key = ("svg", current.get(), soort.value, maat.value, indicator, part, *where)
    svg = site.cache.get(key, lambda: _svg(site, b, item, soort, maat, part))
    if svg is None:
        raise NotFound(f"geen grafiek '{soort.value}' voor '{indicator}'")
    return Response(svg, media_type="image/svg+xml")


def _svg(
    site: Site, b: Benchmark, item: IndicatorBenchmark, soort: Soort, maat: Maat, part: str | None
) -> str | None:
    from sociale_staat.render import charts, maps
    from sociale_staat.web import figures

    spec: dict[str, Any] | None = None
    if soort is Soort.vergelijking:
        spec = figures.bars(item, maat) if len(item.value_order()) >= 2 else None
    elif soort in (Soort.trend, Soort.klein):
        computed = computed_trend(site, b, item)
        spec = figures.trend(computed, soort, maat) if computed is not None else None
    elif soort is Soort.buurten:
        hoods, wijken = site.wijken(b.group.focus.code, item.id)
        spec = buurt_spec(hoods, item.id, part) if wijken else None
    else:
        hoods, wijken = site.wijken(b.group.focus.code, item.id)
        shapes = maps.boundaries_for(hoods.gemeente.code) if wijken else None
        spec = figures.wijkmap(hoods, item.id, shapes, maat) if shapes else None
    return charts.svg(spec) if spec is not None else None


def _has_map(hoods: Any) -> bool:
    from sociale_staat.render import maps

    return hoods is not None and maps.boundaries_for(hoods.gemeente.code) is not None


def computed_trend(site: Site, b: Benchmark, item: IndicatorBenchmark) -> Trend | None:
    """The indicator over the years (focus, peer median, NL), from the in-memory index."""
    series = site.index.series([b.group.focus.code, "NL", *b.group.codes], item.id)
    return trend(item, series)


def trend_rows_of(computed: Trend | None) -> list[dict[str, Any]]:
    if computed is None:
        return []
    return [{"jaar": y, "waarde": v, "reeks": s} for y, s, v in computed.long_rows()]


def pivot(computed: Trend | None) -> list[dict[str, Any]]:
    """One row per year with the three series side by side, as a reader compares them."""
    points = computed.points if computed is not None else ()
    return [{"jaar": p.year, "focus": p.focus, "peers": p.peers, "nl": p.nederland} for p in points]


@router.get(
    "/gebied/{code}",
    responses={**HTML, 307: {"description": "Een gemeente: door naar haar pagina"}},
    summary="Een wijk of buurt",
)
def gebied(request: Request, code: Annotated[str, Path(max_length=100)]) -> Response:
    site = site_of(request)
    area = site.index.area(code)
    if area.level == "gemeente":
        return RedirectResponse(f"/gemeente?focus={area.code}", status_code=307)
    if area.level not in ("wijk", "buurt"):
        raise NotFound(f"{area.name} is geen gemeente, wijk of buurt")
    hoods = site.hoods(area.parent)
    profile = next((a for a in hoods.areas if a.code == area.code), None)
    if profile is None:
        raise NotFound(
            f"{area.code} hoort niet bij de nieuwste wijkindeling van {hoods.gemeente.name}"
        )
    return site.page(
        "area.html",
        title=profile.name,
        profile=profile,
        gemeente=hoods.gemeente,
        indeling=hoods.indeling,
        indicators=hoods.indicators,
        city=hoods.city,
        nl=hoods.nederland,
        risks=len(hoods.spec.risico),
        **_area_notes(profile, hoods.indicators),
    )


def _area_notes(profile: Any, indicators: dict[str, Any]) -> dict[str, Any]:
    """Gap reasons of a wijk's table, each said once; a note names its indicators."""
    gaps = {k: profile.values[k].note for k in indicators if profile.values[k].value is None}
    notes, by_title = views.gap_notes((indicators[k].title, note) for k, note in gaps.items())
    note_of = {k: by_title[indicators[k].title] for k in gaps if indicators[k].title in by_title}
    return {"notes": notes, "note_of": note_of}


@router.get("/zoek", responses=HTML, summary="Zoek een indicator, thema, gebied of document")
def zoek(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    focus: Annotated[str | None, Query(max_length=100, description="Gekozen gemeente")] = None,
    groep: Groep = None,
) -> Response:
    """Indicators and themes by Dutch word stems and the taxonomy's words, areas by name (`%`
    and `_` are plain characters), and the best passages from the documents. The chosen
    gemeente and group stay with the reader: in the header and every result link."""
    site = site_of(request)
    text = " ".join(q.split())[:100]
    b = site.benchmark(focus, groep) if focus else None
    where = (b.group.focus.code, b.group.name) if b else None
    key = ("zoek", text.lower(), where, site.library.version())
    return _kept(site, key, lambda: _search_page(site, text, b))


def _search_page(site: Site, text: str, b: Benchmark | None) -> HTMLResponse:
    kept = site.context(b) if b else {}
    found = site.finder.indicators_for(text) if text else []
    themes = site.finder.themes_for(text) if text else []
    return site.page(
        "search.html",
        title=translate("Zoeken"),
        query=text,
        indicators=[site.indicators[f.key] for f in found],
        found_themes=[(t.key, THEMES[t.key]) for t in themes],
        areas=site.db().find_areas(text) if text else [],
        documents=site.library.search(text, limit=3) if text else [],
        focus_qs=f"?{kept['qs']}" if kept else "",
        **kept,
    )


def _kept(site: Site, key: tuple[Any, ...], make: Any) -> Response:
    body: bytes = site.cache.get(("page", current.get(), *key), lambda: bytes(make().body))
    return HTMLResponse(body)
