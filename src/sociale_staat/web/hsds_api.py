"""Read API compatible with the HSDS 3.0 API reference, under /hsds/: paged lists of services,
organizations and locations, and one service in full. Search parameters follow the reference
(`text`, `page`, `per_page`, `taxonomy_term_id`) with Dutch-profile additions (`postcode`,
`wijk`, `open_op`, `leeftijd`). Fictitious records carry `sociale_staat.fictief`.
"""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

from sociale_staat.sociale_kaart import search as finder
from sociale_staat.sociale_kaart.nesting import Nester
from sociale_staat.sociale_kaart.store import ServiceStore
from sociale_staat.web.models import ERRORS as SITE_ERRORS

NO_STORE = {"Cache-Control": "no-store"}
# The site-wide error answers (400, 404, 414, 503 with their real shape): the HTTP layer gives them
# on every route, so every route documents them.
ERRORS: dict[int | str, dict[str, Any]] = {
    **SITE_ERRORS,
    400: {**SITE_ERRORS[400], "description": "Ongeldige parameter; de fout staat in 'fout'"},
}


class Page(BaseModel):
    """One page of results, as in the HSDS API reference."""

    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[dict[str, Any]]


def router(store: Callable[[], ServiceStore]) -> APIRouter:
    api = APIRouter(prefix="/hsds", tags=["sociale kaart (HSDS 3.0)"])
    cache: dict[str, Any] = {}

    def nester() -> tuple[Nester, dict[str, dict[str, Any]]]:
        # Rebuilt only when an import happened since (an import is one transaction).
        s = store()
        with s.db.reader() as conn:
            stamp = tuple(conn.execute(text("SELECT count(*), max(imported_at) FROM sk_import")).one())
        if cache.get("stamp") != stamp:
            bundle = s.bundle()
            with s.db.reader() as conn:
                places = {
                    r.id: {"wijk_code": r.wijk_code, "buurt_code": r.buurt_code}
                    for r in conn.execute(text("SELECT id, wijk_code, buurt_code FROM sk_location"))
                }
            cache.update(stamp=stamp, nester=Nester(bundle), places=places)
        return cache["nester"], cache["places"]

    def paged(items: list[dict[str, Any]], page: int, per_page: int) -> JSONResponse:
        total = len(items)
        pages = max(1, -(-total // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        body = Page(
            total_items=total, total_pages=pages, page_number=page, size=len(chunk),
            first_page=page == 1, last_page=page >= pages, empty=not chunk, contents=chunk,
        )
        return JSONResponse(body.model_dump(), headers=NO_STORE)

    def extend(obj: dict[str, Any], table: str, places: dict[str, dict[str, Any]]) -> dict[str, Any]:
        n, _ = nester()
        ext: dict[str, Any] = {}
        label = n.b.labels.get((table, str(obj.get("id"))))
        if label:
            ext["fictief"] = label
        for sal in obj.get("service_at_locations", []):
            loc = sal.get("location")
            if loc is not None:
                loc["sociale_staat"] = places.get(str(loc.get("id")), {})
        if table == "location":
            ext.update(places.get(str(obj.get("id")), {}))
        if ext:
            obj["sociale_staat"] = ext
        return obj

    @api.get("/services", response_model=Page, summary="Diensten (HSDS service, volledig)",
             responses={**ERRORS, 404: {"description": "Postcode of wijk onbekend"}})
    def services(
        text_: str | None = Query(None, alias="text", max_length=200, description="Behoefte of zoekwoorden"),
        taxonomy_term_id: str | None = Query(None, max_length=100),
        postcode: str | None = Query(None, pattern=r"^[1-9][0-9]{3}( ?[A-Za-z]{2})?$"),
        wijk: str | None = Query(None, max_length=100),
        open_op: str | None = Query(None, pattern=r"^(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)$"),
        leeftijd: int | None = Query(None, ge=0, le=130),
        page: int = Query(1, ge=1, le=10_000),
        per_page: int = Query(20, ge=1, le=100),
    ) -> JSONResponse:
        n, places = nester()
        q = finder.Query(
            need=text_, postcode=postcode, wijk=wijk, age=leeftijd, limit=100_000,
            weekday=finder.WEEKDAYS.index(open_op) if open_op else None,
        )
        try:
            ids = [h.service_id for h in finder.search(store().db, q).hits]
        except finder.UnknownPlace as err:  # a well-formed postcode or wijk we have no boundaries for
            return JSONResponse({"fout": str(err)}, status_code=404, headers=NO_STORE)
        if taxonomy_term_id is not None:
            tagged = {
                str(a.get("link_id")) for a in n.b.tables["attribute"].values()
                if str(a.get("taxonomy_term_id")) == taxonomy_term_id
            }
            ids = [i for i in ids if i in tagged]
        items = [extend(n.service(i), "service", places) for i in ids[(page - 1) * per_page : page * per_page]]
        total = len(ids)
        pages = max(1, -(-total // per_page))
        body = Page(
            total_items=total, total_pages=pages, page_number=page, size=len(items),
            first_page=page == 1, last_page=page >= pages, empty=not items, contents=items,
        )
        return JSONResponse(body.model_dump(), headers=NO_STORE)

    @api.get("/services/{service_id}", summary="Eén dienst (HSDS service, volledig)",
             responses={**ERRORS, 404: {"description": "Onbekende dienst"}})
    def service(service_id: str) -> JSONResponse:
        n, places = nester()
        if service_id not in n.b.tables["service"]:
            return JSONResponse({"fout": "deze dienst bestaat niet"}, status_code=404, headers=NO_STORE)
        return JSONResponse(extend(n.service(service_id), "service", places), headers=NO_STORE)

    @api.get("/organizations", response_model=Page, summary="Organisaties (HSDS organization)", responses=ERRORS)
    def organizations(
        page: int = Query(1, ge=1, le=10_000), per_page: int = Query(20, ge=1, le=100)
    ) -> JSONResponse:
        n, places = nester()
        ids = sorted(n.b.tables["organization"])
        items = [extend(n.organization(i) or {}, "organization", places) for i in ids]
        return paged(items, page, per_page)

    @api.get("/locations", response_model=Page, summary="Locaties (HSDS location, met CBS wijk en buurt)", responses=ERRORS)
    def locations(
        page: int = Query(1, ge=1, le=10_000), per_page: int = Query(20, ge=1, le=100)
    ) -> JSONResponse:
        n, places = nester()
        ids = sorted(n.b.tables["location"])
        items = [extend(n.location(i) or {}, "location", places) for i in ids]
        return paged(items, page, per_page)

    return api
