"""Gemeenten side by side on a theme (`/vergelijk?thema=…&gemeenten=GM0363,GM0995`): per
indicator a small table with each gemeente's value and year and Nederland's value, and a GET
form (no JavaScript) to choose the gemeenten by name or code and the theme.
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from sociale_staat.analysis.national import compare
from sociale_staat.core.errors import UnknownArea
from sociale_staat.declarations.catalogue import THEMES
from sociale_staat.warehouse.records import Area
from sociale_staat.web.http import BadRequest
from sociale_staat.web.models import PAGE_ERRORS, Thema
from sociale_staat.web.pages import HTML, _kept
from sociale_staat.web.site import Site, site_of

router = APIRouter(tags=["pagina's"], responses=PAGE_ERRORS)
MAX_GEMEENTEN = 6
FIRST_THEME = Thema(next(iter(THEMES)))


def resolve_gemeenten(site: Site, text: str) -> list[Area]:
    """Each name or code (comma-separated) as a gemeente, in the order given, each once; an
    unknown one is a 404 and anything else than a gemeente a 400, both naming the value."""
    wanted = [part.strip() for part in text.split(",") if part.strip()]
    if len(wanted) > MAX_GEMEENTEN:
        raise BadRequest(
            f"u koos {len(wanted)} gemeenten; vergelijk er hoogstens {MAX_GEMEENTEN} tegelijk"
        )
    found: dict[str, Area] = {}
    for part in wanted:
        area = _gemeente(site, part)
        if area.level != "gemeente":
            raise BadRequest(f"'{part}' is geen gemeente ({area.name}, {area.level} {area.code})")
        found.setdefault(area.code, area)
    return list(found.values())


def _gemeente(site: Site, text: str) -> Area:
    """A name shared by a gemeente and a provincie ('Utrecht', 'Groningen') means the gemeente
    here; an unknown one raises UnknownArea (404), which names the value and suggests others."""
    try:
        return site.index.area(text)
    except UnknownArea as err:
        if "meerduidig" not in str(err):
            raise
        return site.index.area(f"{text} (gemeente)")


@router.get(
    "/vergelijk",
    responses=HTML,
    response_class=HTMLResponse,
    summary="Gemeenten naast elkaar op één thema",
)
def vergelijk(
    request: Request,
    thema: Annotated[Thema, Query(description="Thema")] = FIRST_THEME,
    gemeenten: Annotated[
        str, Query(max_length=200, description="Gemeenten: namen of CBS-codes, met komma's")
    ] = "",
) -> Response:
    site = site_of(request)
    areas = resolve_gemeenten(site, gemeenten)
    key = ("vergelijk", thema.value, tuple(a.code for a in areas))
    return _kept(site, key, lambda: _page(site, thema.value, areas, gemeenten))


def _page(site: Site, theme: str, areas: list[Area], asked: str) -> HTMLResponse:
    indicators = [
        i for i in site.indicators.values() if i.theme == theme and "gemeente" in i.levels
    ]
    items = compare(site.db(), indicators, areas) if len(areas) >= 2 else []
    return site.page(
        "compare.html",
        title="Gemeenten vergelijken",
        theme=theme,
        theme_title=THEMES[theme],
        themes=THEMES,
        areas=areas,
        asked=", ".join(a.name for a in areas) if areas else asked,
        items=items,
        maximum=MAX_GEMEENTEN,
    )
