"""The open-data API: indicators, values, benchmarks, peer groups, wijken (JSON, CSV, XLSX)."""

from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from sociale_staat.analysis.results import Benchmark
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.warehouse.index import NeedsWarehouse
from sociale_staat.warehouse.records import ValueAnswer
from sociale_staat.web.models import (
    BenchmarkAntwoord,
    Formaat,
    Indicator,
    Peergroep,
    Thema,
    Vergelijkingsgroep,
    Waarde,
    Wijken,
    table_media,
)
from sociale_staat.web.pages import DEFAULT_FOCUS, DEFAULT_GROUP, Focus
from sociale_staat.web.site import Site, site_of
from sociale_staat.web.tables import table

router = APIRouter(prefix="/api")
Format = Annotated[Formaat, Query(description="Antwoordformaat")]
FORMATS = frozenset(f.value for f in Formaat)
Text = Annotated[str, Query(max_length=100)]


@router.get(
    "/indicators", tags=["indicatoren"], responses=table_media(Indicator), response_class=Response
)
def api_indicators(
    request: Request,
    theme: Thema | None = None,
    format: Format = Formaat.json,
) -> Response:
    site = site_of(request)
    key = theme.value if theme is not None else None
    rows = [i.as_dict() for i in site.indicators.values() if key is None or i.theme == key]
    return table(format.value, rows, None, "indicatoren", document=rows)


@router.get("/values", tags=["waarden"], responses=table_media(Waarde), response_class=Response)
async def api_values(
    request: Request, indicator: Text, area: Text, period: int, format: Format = Formaat.json
) -> Response:
    # The common case is a few dictionary reads: answered on the event loop; a name to look
    # up or a reason to find asks the warehouse, in a thread.
    site = site_of(request)
    try:
        found = site.index.value(indicator, area, period, memory_only=True)
    except NeedsWarehouse:
        found = await run_in_threadpool(site.index.value, indicator, area, period)
    return _value_response(found, format.value)


def _value_response(found: ValueAnswer, fmt: str) -> Response:
    answer = found.as_dict()
    source = found.reading.source
    flat = {k: v for k, v in answer.items() if not isinstance(v, dict)}
    flat |= {"area": found.area.code, "source": source.cbs_table if source else None}
    return table(fmt, [flat], None, f"{found.indicator.id}-{found.area.code}", answer)


def quick_values(site: Site, query: bytes) -> Response | None:
    """The hot path of /api/values, taken before routing: plain parameters and a value in
    memory give the same answer as the route above in a fraction of the time. Anything else
    (a name, a missing value, a bad parameter) returns None and goes through the route, which
    validates, explains and documents."""
    try:
        params = dict(parse_qsl(query.decode("utf-8"), strict_parsing=False))
    except UnicodeDecodeError:
        return None
    indicator, area = params.get("indicator", ""), params.get("area", "")
    period, fmt = params.get("period", ""), params.get("format", "json")
    if not (0 < len(indicator) <= 100 and 0 < len(area) <= 100 and period.isdigit()):
        return None
    if fmt not in FORMATS or len(period) > 6:
        return None
    try:
        found = site.index.value(indicator, area, int(period), memory_only=True)
    except (NeedsWarehouse, SocialeStaatError):
        return None
    return _value_response(found, fmt)


@router.get(
    "/benchmark",
    tags=["benchmark"],
    responses=table_media(BenchmarkAntwoord),
    response_class=Response,
)
def api_benchmark(
    request: Request,
    focus: Focus = DEFAULT_FOCUS,
    peers: Annotated[Peergroep, Query()] = DEFAULT_GROUP,
    theme: Thema | None = None,
    format: Format = Formaat.json,
) -> Response:
    site = site_of(request)
    b = site.benchmark(focus, peers)
    key = theme.value if theme is not None else None
    return site.cache.get(
        ("api-bench", b.group.focus.code, b.group.name, key, format.value),
        lambda: _benchmark(b, key, format.value),
    )


def _benchmark(b: Benchmark, theme: str | None, fmt: str) -> Response:
    from sociale_staat.render import export

    items = [i for i in b.items if theme is None or i.indicator.theme == theme]
    ids = {i.id for i in items}
    rows = [r for r in export.rows(b) if r["indicator"] in ids]
    document = {
        "focus": b.group.focus.as_dict(),
        "peer_group": b.group.as_dict(),
        "indicators": [i.as_dict() for i in items],
    }
    name = f"benchmark-{b.group.focus.code}-{b.group.name}"
    return table(fmt, rows, None, name, document, columns=export.COLUMNS)


@router.get(
    "/peers", tags=["benchmark"], responses=table_media(Vergelijkingsgroep), response_class=Response
)
def api_peers(
    request: Request,
    focus: Focus = DEFAULT_FOCUS,
    group: Annotated[Peergroep, Query()] = DEFAULT_GROUP,
    format: Format = Formaat.json,
) -> Response:
    peer_group = site_of(request).benchmark(focus, group).group
    rows = [vars(m) for m in peer_group.members]
    return table(format.value, rows, None, f"peers-{peer_group.name}", peer_group.as_dict())


@router.get("/wijken", tags=["wijken"], responses=table_media(Wijken), response_class=Response)
def api_wijken(
    request: Request, gemeente: Focus = DEFAULT_FOCUS, format: Format = Formaat.json
) -> Response:
    site: Site = site_of(request)
    hoods = site.hoods(site.focus(gemeente).code)
    areas: list[dict[str, object]] = [a.as_dict() for a in hoods.areas]
    document = {"gemeente": hoods.gemeente.as_dict(), "indeling": hoods.indeling, "gebieden": areas}
    flat = [{k: v for k, v in a.items() if not isinstance(v, dict | list)} for a in areas]
    return table(format.value, flat, None, f"wijken-{hoods.gemeente.code}", document)
