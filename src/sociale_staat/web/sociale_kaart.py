"""The sociale kaart in the dashboard: a search page, the coverage page (map + table) and the
HSDS-compatible read API under /hsds/ (services, organizations, locations).

Answers depend on the app database, which changes with every import, so they are sent with
`Cache-Control: no-store` and kept out of the dashboard's response cache.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment

from sociale_staat.analysis.neighbourhoods import for_gemeente
from sociale_staat.appdb.database import AppDatabase
from sociale_staat.core import settings
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.sociale_kaart import kaart
from sociale_staat.sociale_kaart import search as finder
from sociale_staat.sociale_kaart.coverage import categories, coverage, matching_services
from sociale_staat.sociale_kaart.geo import bundled
from sociale_staat.sociale_kaart.store import ServiceStore
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.web import hsds_api
from sociale_staat.web.i18n import translate
from sociale_staat.web.site import Site

DEFAULT_FOCUS = settings.get("default_focus")

NO_STORE = {"Cache-Control": "no-store"}
DAYS = ("", "nu", *finder.WEEKDAYS)


def router(env: Environment, db: Callable[[], Warehouse], db_url: str | None = None) -> APIRouter:
    """Pages and API; the app database is opened on first use (never for other pages)."""
    routes = APIRouter()
    state: dict[str, ServiceStore] = {}

    def store() -> ServiceStore:
        if "store" not in state:
            state["store"] = ServiceStore(AppDatabase(db_url))
        return state["store"]

    def page(name: str, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(f"sociale_kaart/{name}").render(**context), headers=NO_STORE)

    @routes.get("/sociale-kaart", response_class=HTMLResponse, include_in_schema=False)
    def zoek(
        behoefte: str = "",
        postcode: str = "",
        wijk: str = "",
        km: float | None = Query(None, ge=0, le=100),
        dag: str = "",
        leeftijd: int | None = Query(None, ge=0, le=130),
    ) -> Response:
        s = store()
        count, labels = s.service_count(), s.labels()
        asked = any([behoefte, postcode, wijk, dag, leeftijd is not None])
        result, problem = None, None
        if count and asked:
            if dag and dag not in DAYS:
                raise SocialeStaatError(f"dag {dag!r} onbekend")
            q = finder.Query(
                need=behoefte or None, postcode=postcode or None, wijk=wijk or None, max_km=km,
                weekday=finder.WEEKDAYS.index(dag) if dag in finder.WEEKDAYS else None,
                open_at=datetime.now().astimezone() if dag == "nu" else None, age=leeftijd,
            )
            try:
                result = finder.search(s.db, q)
            except finder.UnknownPlace as err:
                problem = said(err.phrase)
        return page(
            "zoek.html", title=translate("Hulp zoeken (sociale kaart)"), count=count, labels=labels,
            result=result, problem=problem, origin=said(result.origin_phrase) if result else None, asked=asked, days=finder.WEEKDAYS,
            wijken=sorted(bundled().wijk_names().items(), key=lambda kv: kv[1]),
            form={"behoefte": behoefte, "postcode": postcode, "wijk": wijk, "km": km, "dag": dag, "leeftijd": leeftijd},
        )

    @routes.get("/sociale-kaart/dekking", response_class=HTMLResponse, include_in_schema=False)
    def dekking(
        behoefte: str = "schulden",
        km: float = Query(1.5, gt=0, le=50),
        gemeente: str = DEFAULT_FOCUS,
    ) -> Response:
        cats = categories()
        if behoefte not in cats:
            raise SocialeStaatError(f"behoefte {behoefte!r} onbekend; kies uit {', '.join(cats)}")
        s = store()
        count = s.service_count()
        cov, svg = None, None
        if count:
            hoods = for_gemeente(db(), gemeente)  # this thread's connection
            cov = coverage(s.db, hoods, behoefte, km)
            spec = kaart.spec(
                cov, hoods.gemeente.code, matching_services(s.db, cov.category.zoekwoorden),
                translate, Site.number,
            )  # fmt: skip
            svg = _svg(spec)
        return page(
            "dekking.html", title=translate("Nood en aanbod per wijk"), count=count, labels=s.labels(),
            cov=cov, svg=svg, categories=cats, form={"behoefte": behoefte, "km": km},
            status=(lambda code: kaart.status(cov, code)) if cov else None,
        )

    routes.include_router(hsds_api.router(store))
    return routes


def said(phrase: finder.Phrase | None) -> str | None:
    """A sentence of the search in the page's language (its values as they were)."""
    return translate(phrase.pattern).format(**dict(phrase.values)) if phrase else None


def _svg(spec: dict[str, Any] | None) -> str | None:
    from sociale_staat.render import charts

    if spec is None:
        return None
    svg = charts.svg(spec)
    return svg[svg.find("<svg") :]
