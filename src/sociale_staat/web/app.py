"""The dashboard and open API (`sociale-staat serve`): `create_app` only assembles the parts.

Routers by what they serve: pages (HTML and chart pictures), downloads (/data), API (/api);
HTTP behaviour and errors live in `http`. A new part of the site is one module with a
`router` and one line in ROUTERS.
"""

import asyncio
import gc
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any

from anyio import to_thread
from fastapi import APIRouter, FastAPI
from fastapi.responses import Response
from starlette.middleware.gzip import GZipMiddleware

from sociale_staat.core import paths, settings
from sociale_staat.web import (
    about,
    api,
    compare,
    documents,
    downloads,
    national,
    pages,
    programmes,
    rapport,
    sociale_kaart,
    static,
    stem_site,
    warm,
)
from sociale_staat.web.http import Errors, Guard, Receive, Scope, Send
from sociale_staat.web.models import ERRORS, PAGE_ERRORS
from sociale_staat.web.reload import Reloading
from sociale_staat.web.site import Site

ROUTERS: list[APIRouter] = [
    pages.router,
    about.router,
    national.router,
    compare.router,
    downloads.router,
    api.router,
]
STATIC = Path(__file__).parent / "static"
SWITCH_INTERVAL = 0.0005  # seconds; static p99 during cold pages 18-21 ms at 5 ms, 13-15 here
TIMEOUT = 10.0  # seconds a request may take before it gets a 503 instead of a stall

DESCRIPTION = """De sociale staat van een gemeente: indicatoren, waarden, benchmarks, wijken.

Statuscodes: 200 gelukt; 304 ongewijzigd (If-None-Match); 307/308 doorverwijzing;
400 ongeldige parameter (onbekend thema, formaat, grafiek, peergroep, periode of een
parameter te lang); 404 onbekend gebied, onbekende indicator of onbekende pagina;
405 methode niet toegestaan (alleen GET en HEAD); 414 adres te lang; 500 fout in de server
(met verzoeknummer); 503 antwoord duurde te lang. Fouten van /api en /data zijn JSON
`{"fout": ..., "status": ..., "verzoek": ...}`, van pagina's een Nederlandse HTML-pagina.

CSV voor Excel met Nederlandse instellingen: `formaat=excel-csv` bij downloads (`.csv`) en
`format=excel-csv` bij de API: `;` als scheidingsteken, decimale komma, UTF-8 met BOM.
"""


class App(FastAPI):
    """The assembled site; static files are answered before the middleware (see `static`)."""

    def __init__(self, files: dict[str, static.StaticFile], **settings: Any) -> None:
        super().__init__(**settings)
        self.static_files = files

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            found = self.static_files.get(scope["path"])
            if found is not None:
                await found.answer(scope, send)
                return
        await super().__call__(scope, receive, send)


@asynccontextmanager
async def _startup(app: FastAPI) -> AsyncIterator[None]:
    # Pages are rendered by plain handlers in a thread pool. Rendering is Python holding the
    # interpreter lock: 40 threads rendering at once share two cores by taking turns every 5 ms,
    # so every request, a resident's reaction included, took as long as all of them together.
    # A few threads keep the cores busy (DuckDB and SQLite release the lock) and the other
    # requests wait their turn without taking any; reactions have their own threads (web/stem).
    to_thread.current_default_thread_limiter().total_tokens = settings.get_int("page_threads")
    # The event loop (static files, cached pages) waits for a rendering thread to hand over
    # the lock: at most this long, instead of Python's default 5 ms per turn.
    sys.setswitchinterval(SWITCH_INTERVAL)
    await warm.warm(app)  # before uvicorn opens the port
    yield
    app.state.site.close()  # the requests have been answered


def create_app(warehouse_path: Path | None = None, timeout: float = TIMEOUT) -> FastAPI:
    site = Site(warehouse_path or paths.default_warehouse())
    app = App(
        static.read(STATIC),
        title="Sociale Staat API",
        version="0.2.0",
        docs_url=None,
        redoc_url=None,
        description=DESCRIPTION,
        redirect_slashes=False,
        lifespan=_startup,
    )
    app.state.site = site
    app.router.redirect_slashes = False
    for router in ROUTERS:
        app.include_router(router)
    # Routers made over the site's warehouse and templates (each thread asks site.db()).
    app.include_router(programmes.router(site.db, site.env), responses=ERRORS)
    app.include_router(sociale_kaart.router(site.env, site.db))  # search, coverage, /hsds API
    frame = {k: site.env.globals[k] for k in ("attribution", "built")}  # the footer's sources
    stem_site.include(app, site.db(), frame=frame, titles_en=site.titles_en)  # Stem van de stad: reactions and moderation
    app.include_router(documents.router(site), responses=PAGE_ERRORS)  # the kennisbank
    app.include_router(rapport.router(site), responses=PAGE_ERRORS)  # the report for download
    errors = Errors(site.env)
    errors.install(app)
    quick: dict[str, Callable[[bytes], Response | None]] = {
        "/api/values": partial(api.quick_values, site),
    }
    app.add_middleware(Guard, errors=errors, timeout=timeout, quick=quick)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    # Long-lived objects (index, catalogue, caches) need no garbage collection passes while
    # serving; freezing them keeps collector pauses out of the response times.
    gc.collect()
    gc.freeze()
    return app


def factory() -> Reloading:
    """For `uvicorn --factory` with several workers: each process opens the warehouse itself
    and switches to a new build without a restart (web/reload.py)."""
    return Reloading(
        lambda path: create_app(path),
        paths.default_warehouse(),
        # The first app is warmed by its lifespan; a new build's app in the loading thread,
        # which has no event loop of its own.
        prepare=lambda app: asyncio.run(warm.warm(app)),
    )
