"""The dashboard and open API (`sociale-staat serve`): server-rendered pages, no JavaScript,
every chart also as CSV and JSON with its metadata. Reads the warehouse only.
"""

import csv
import gc
import io
import logging
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape

from sociale_staat.analysis.benchmark import run
from sociale_staat.analysis.peers import group_names, resolve
from sociale_staat.analysis.results import Benchmark, IndicatorBenchmark, Trend
from sociale_staat.analysis.trends import trend
from sociale_staat.core import paths, settings
from sociale_staat.core.errors import InputError, SocialeStaatError, UnknownArea, UnknownIndicator
from sociale_staat.core.formatting import format_number
from sociale_staat.declarations.catalogue import THEMES
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.warehouse.records import attribution, citations
from sociale_staat.web import programmes

log = logging.getLogger(__name__)
DEFAULT_FOCUS, DEFAULT_GROUP = settings.get("default_focus"), settings.get("default_peers")
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class NotFound(SocialeStaatError):
    pass


class _Cache:
    """A small LRU: benchmarks and rendered charts are pure functions of the read-only warehouse."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.items: OrderedDict[Any, Any] = OrderedDict()

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        if key in self.items:
            self.items.move_to_end(key)
            return self.items[key]
        value = self.items[key] = make()
        if len(self.items) > self.size:
            self.items.popitem(last=False)
        return value


def create_app(warehouse_path: Path | None = None) -> FastAPI:
    warehouse = Warehouse(warehouse_path or paths.default_warehouse())
    built = warehouse.status_brief()
    env = Environment(
        loader=PackageLoader("sociale_staat.web", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    env.globals.update(
        fmt=lambda v, d=1: format_number(v, d) if v is not None else "–",
        built=built,
        attribution=attribution(list(warehouse.sources().values())),
    )
    cache = _Cache()
    app = FastAPI(
        title="Sociale Staat API",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        description="De sociale staat van een gemeente: indicatoren, waarden, benchmarks, wijken.",
    )
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")

    responses = _Cache(size=1024)

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        # The warehouse is read-only while serving, so a page or answer is the same every time:
        # successful GET responses are kept (by URL) and served again without any work.
        key = str(request.url.path) + "?" + str(request.url.query)
        cached = responses.items.get(key) if request.method == "GET" else None
        if cached is not None:
            body, media_type, extra = cached
            response = Response(body, media_type=media_type, headers=extra)
        else:
            try:
                response = await call_next(request)
            except Exception:  # never a stack trace to the user
                response = _error(
                    request, 500, "Er ging iets mis", "De pagina kon niet worden gemaakt."
                )
            if (
                request.method == "GET"
                and response.status_code == 200
                and not key.startswith("/static")
            ):
                body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
                extra = {
                    k: v for k, v in response.headers.items() if k.lower() == "content-disposition"
                }
                media_type = response.headers.get("content-type")
                if len(body) < 256 * 1024:  # keep memory bounded: big API answers are remade
                    responses.get(key, lambda: (body, media_type, extra))
                response = Response(body, media_type=media_type, headers=extra)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault("Cache-Control", "public, max-age=300")
        return response

    def page(name: str, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context))

    def _error(request: Request, status: int, title: str, message: str) -> Response:
        if request.url.path.startswith(("/api/", "/data/")):
            return JSONResponse({"fout": message}, status_code=status)
        html = env.get_template("error.html").render(title=title, message=message)
        return HTMLResponse(html, status_code=status)

    @app.exception_handler(SocialeStaatError)
    async def known(request: Request, err: SocialeStaatError) -> Response:
        if isinstance(err, InputError):  # a broken declaration on the server: not the reader's
            log.exception("declaratie onleesbaar bij %s", request.url.path, exc_info=err)
            return _error(request, 500, "Er ging iets mis", "De pagina kon niet worden gemaakt.")
        status = 404 if isinstance(err, UnknownArea | UnknownIndicator | NotFound) else 400
        return _error(
            request, status, "Niet gevonden" if status == 404 else "Ongeldige vraag", str(err)
        )

    @app.exception_handler(404)
    async def missing(request: Request, err: Exception) -> Response:
        return _error(request, 404, "Pagina niet gevonden", "Deze pagina bestaat niet.")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: Exception) -> Response:
        return _error(request, 400, "Ongeldige vraag", "Een parameter heeft een ongeldige waarde.")

    def bench(focus: str, group: str) -> Benchmark:
        area = warehouse.area(focus)
        result: Benchmark = cache.get(
            ("bench", area.code, group),
            lambda: run(
                warehouse, resolve(warehouse, paths.peer_groups_dir(), group, area.code)
            ),
        )
        return result

    def context(b: Benchmark) -> dict[str, Any]:
        qs = f"focus={b.group.focus.code}&groep={b.group.name}"
        return {"focus": b.group.focus, "group": b.group, "qs": qs, "themes": THEMES}

    def item_of(b: Benchmark, indicator: str) -> IndicatorBenchmark:
        warehouse.indicator(indicator)
        found = next((i for i in b.items if i.id == indicator), None)
        if found is None:
            raise NotFound(f"indicator '{indicator}' heeft geen gemeentewaarden om te vergelijken")
        return found

    # --- pages -------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home() -> Response:
        return await gemeente(DEFAULT_FOCUS, DEFAULT_GROUP)

    @app.get("/gemeente", response_class=HTMLResponse, include_in_schema=False)
    async def gemeente(focus: str = DEFAULT_FOCUS, groep: str = DEFAULT_GROUP) -> Response:
        b = bench(focus, groep)
        return page(
            "home.html",
            title=f"De sociale staat van {b.group.focus.name}",
            findings=b.findings(1),
            groups=group_names(paths.peer_groups_dir()),
            **context(b),
        )

    @app.get("/thema/{theme}", response_class=HTMLResponse, include_in_schema=False)
    async def thema(theme: str, focus: str = DEFAULT_FOCUS, groep: str = DEFAULT_GROUP) -> Response:
        if theme not in THEMES:
            raise NotFound(f"thema '{theme}' bestaat niet")
        b = bench(focus, groep)
        items = b.by_theme().get(theme, [])
        return page(
            "theme.html", title=THEMES[theme], theme_title=THEMES[theme], items=items, **context(b)
        )

    @app.get("/indicator/{indicator}", response_class=HTMLResponse, include_in_schema=False)
    async def indicator(
        indicator: str, focus: str = DEFAULT_FOCUS, groep: str = DEFAULT_GROUP
    ) -> Response:
        b = bench(focus, groep)
        item = item_of(b, indicator)
        ind = warehouse.indicator(indicator)
        key = (b.group.focus.code, b.group.name, indicator)
        chart = cache.get(("chart", *key), lambda: _chart(item))
        # One computed trend gives both the picture and its table.
        computed = cache.get(("trendcalc", *key), lambda: _trend(item, warehouse, b))
        trend_svg = cache.get(("trend", *key), lambda: _trend_svg(computed))
        trend_rows = _pivot(computed)
        cells = [c for c in [item.focus, item.nederland, *item.peers] if c is not None]
        hoods, wijken = _wijken(b.group.focus.code, indicator, cache, warehouse)
        wijkmap = cache.get(("map", *key), lambda: _map_svg(hoods, indicator) if wijken else None)
        source_line = citations([b.sources[c.table_id] for c in cells if c.table_id]) or "–"
        summary = " ".join(s.text for s in item.sentences if s.shape != "ontbreekt")
        return page(
            "indicator.html",
            title=ind.title,
            ind=ind,
            item=item,
            chart=chart,
            trend=trend_svg,
            trend_rows=trend_rows,
            wijkmap=wijkmap,
            cells=cells,
            source_line=source_line,
            summary=summary,
            wijken=wijken,
            indeling=hoods.indeling if hoods else None,
            **context(b),
        )

    @app.get("/gebied/{code}", response_class=HTMLResponse, include_in_schema=False)
    async def gebied(code: str) -> Response:
        area = warehouse.area(code)
        if area.level == "gemeente":
            return RedirectResponse(f"/gemeente?focus={area.code}", status_code=307)
        if area.level not in ("wijk", "buurt"):
            raise NotFound(f"{area.name} is geen gemeente, wijk of buurt")
        hoods = _hoods(area.parent, cache, warehouse)
        profile = next((a for a in hoods.areas if a.code == area.code), None)
        if profile is None:
            raise NotFound(
                f"{area.code} hoort niet bij de nieuwste wijkindeling van {hoods.gemeente.name}"
            )
        return page(
            "area.html",
            title=profile.name,
            profile=profile,
            gemeente=hoods.gemeente,
            indeling=hoods.indeling,
            indicators=hoods.indicators,
            city=hoods.city,
            nl=hoods.nederland,
            risks=len(hoods.spec.risico),
        )

    @app.get("/zoek", response_class=HTMLResponse, include_in_schema=False)
    async def zoek(q: str = "") -> Response:
        text = q.strip()[:100]
        low = text.lower()
        indicators = [
            i
            for i in warehouse.indicators()
            if low and (low in i.id or low in i.title.lower())
        ]
        areas = warehouse.find_areas(text) if text else []
        return page("search.html", title="Zoeken", query=text, indicators=indicators, areas=areas)

    # --- downloads: exactly the data of a chart, with metadata --------------------------------

    @app.get("/data/indicator/{name}", include_in_schema=False)
    async def download(
        name: str,
        focus: str = DEFAULT_FOCUS,
        groep: str = DEFAULT_GROUP,
        grafiek: str = "vergelijking",
    ) -> Response:
        """The data of one chart on the indicator page: vergelijking, trend or wijken."""
        indicator, _, suffix = name.rpartition(".")
        if suffix not in ("csv", "json"):
            raise NotFound("kies .csv of .json")
        b = bench(focus, groep)
        item = item_of(b, indicator)
        rows, meta = _chart_data(item, b)
        if grafiek == "trend":
            rows = _trend_rows(_trend(item, warehouse, b))
            meta = {**meta, "periode": "alle jaren", "grafiek": "ontwikkeling"}
        elif grafiek == "wijken":
            hoods, wijken = _wijken(b.group.focus.code, indicator, cache, warehouse)
            if not wijken:
                raise NotFound(f"geen wijkgegevens voor '{indicator}'")
            rows = [
                {
                    "gebied": a.code,
                    "naam": a.name,
                    "stadsdeel": a.stadsdeel,
                    "periode": a.values[indicator].period,
                    "waarde": a.values[indicator].value,
                    "opmerking": a.values[indicator].note,
                }
                for a in wijken
            ]
            meta = {
                **meta,
                "periode": hoods.city[indicator].period,
                "grafiek": "wijken",
                "indeling": hoods.indeling,
            }
        elif grafiek != "vergelijking":
            raise NotFound("grafiek is vergelijking, trend of wijken")
        if suffix == "json":
            return JSONResponse({"metadata": meta, "data": rows})
        buffer = io.StringIO()
        for key, value in meta.items():
            buffer.write(f"# {key}: {value}\n")
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["gebied"])
        writer.writeheader()
        writer.writerows(rows)
        return Response(
            buffer.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{indicator}-{b.group.focus.code}.csv"'
            },
        )

    # --- API ----------------------------------------------------------------------------------

    @app.get("/api/indicators", tags=["indicatoren"])
    async def api_indicators(theme: str | None = None) -> list[dict[str, object]]:
        return [i.as_dict() for i in warehouse.indicators(theme)]

    @app.get("/api/values", tags=["waarden"])
    async def api_values(indicator: str, area: str, period: int, format: str = "json") -> Response:
        found = warehouse.value(indicator, area, period)
        answer = found.as_dict()
        if format == "csv":
            buffer = io.StringIO()
            flat = {k: v for k, v in answer.items() if not isinstance(v, dict)}
            source = found.reading.source
            flat |= {"area": found.area.code, "source": source.cbs_table if source else None}
            writer = csv.DictWriter(buffer, fieldnames=list(flat))
            writer.writeheader()
            writer.writerow(flat)
            return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8")
        return JSONResponse(answer)

    @app.get("/api/benchmark", tags=["benchmark"])
    async def api_benchmark(
        focus: str = DEFAULT_FOCUS,
        peers: str = DEFAULT_GROUP,
        theme: str | None = None,
        format: str = "json",
    ) -> Any:
        b = bench(focus, peers)
        items = [i for i in b.items if theme is None or i.indicator.theme == theme]
        if format == "csv":
            from sociale_staat.render import export

            ids = {i.id for i in items}
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=export.COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(r for r in export.rows(b) if r["indicator"] in ids)
            return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8")
        return b.as_dict(items)

    @app.get("/api/peers", tags=["benchmark"])
    async def api_peers(focus: str = DEFAULT_FOCUS, group: str = DEFAULT_GROUP) -> dict[str, object]:
        return bench(focus, group).group.as_dict()

    @app.get("/api/wijken", tags=["wijken"])
    async def api_wijken(gemeente: str = DEFAULT_FOCUS) -> dict[str, object]:
        hoods = _hoods(warehouse.area(gemeente).code, cache, warehouse)
        return {
            "gemeente": hoods.gemeente.as_dict(),
            "indeling": hoods.indeling,
            "gebieden": [a.as_dict() for a in hoods.areas],
        }

    app.include_router(programmes.router(warehouse, env))

    # Long-lived objects (catalogue, caches) need no garbage collection passes while serving;
    # freezing them keeps collector pauses out of the response times.
    gc.collect()
    gc.freeze()
    return app


def _chart(item: IndicatorBenchmark) -> str | None:
    from sociale_staat.render import charts

    return _svg_or_none(charts.bars(item) if item.n >= 2 else None)


def _svg_or_none(spec: dict[str, Any] | None) -> str | None:
    from sociale_staat.render import charts

    if spec is None:
        return None
    svg = charts.svg(spec)
    return svg[svg.find("<svg") :]


def _trend(item: IndicatorBenchmark, warehouse: Warehouse, b: Benchmark) -> Trend | None:
    series = warehouse.series([b.group.focus.code, "NL", *b.group.codes], [item.id])
    return trend(item, series)


def _trend_svg(computed: Trend | None) -> str | None:
    from sociale_staat.render import charts

    return _svg_or_none(charts.trend(computed)) if computed is not None else None


def _trend_rows(computed: Trend | None) -> list[dict[str, Any]]:
    if computed is None:
        return []
    return [{"jaar": y, "waarde": v, "reeks": s} for y, s, v in computed.long_rows()]


def _pivot(computed: Trend | None) -> list[dict[str, Any]]:
    """One row per year with the three series side by side, as a reader compares them."""
    points = computed.points if computed is not None else ()
    return [{"jaar": p.year, "focus": p.focus, "peers": p.peers, "nl": p.nederland} for p in points]


def _map_svg(hoods: Any, indicator: str) -> str | None:
    from sociale_staat.render import maps

    shapes = maps.boundaries_for(hoods.gemeente.code) if hoods is not None else None
    return _svg_or_none(maps.choropleth(hoods, indicator, shapes)) if shapes else None


def _chart_data(
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
    tables = sorted({c.table_id for c in cells if c.table_id})
    used = [b.sources[t] for t in tables]
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


def _hoods(code: str, cache: _Cache, warehouse: Warehouse) -> Any:
    from sociale_staat.analysis.neighbourhoods import for_gemeente

    return cache.get(("hoods", code), lambda: for_gemeente(warehouse, code))


def _wijken(
    code: str, indicator: str, cache: _Cache, warehouse: Warehouse
) -> tuple[Any, list[Any]]:
    try:
        hoods = _hoods(code, cache, warehouse)
    except SocialeStaatError:
        return None, []
    if indicator not in hoods.indicators:
        return hoods, []
    return hoods, hoods.level("wijk")
