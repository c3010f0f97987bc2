"""The first visitor's work, done before the worker takes requests.

A fresh worker's first page took 0.3-2.5 s: DuckDB imports pandas on its first query with
parameters, the kennisbank opens, FastAPI prepares each route on its first match, and the
chart renderer (vl-convert) starts its JavaScript engine on its first drawing (~1 s). All of it
holds the interpreter lock, so every request arriving meanwhile (static files included)
waited too. `warm` asks the app for a few pages in-process, before uvicorn opens the port
(lifespan) or before a new build is switched to (web/reload.py).
"""

import logging

import httpx
from anyio import to_thread

from sociale_staat.core import settings
from sociale_staat.render import charts
from sociale_staat.web.http import ASGIApp

log = logging.getLogger("sociale_staat.web")

# Pages of the kinds a visitor opens first; the cache keeps them afterwards.
PAGES = (
    "/",
    "/indicator/werkloosheid?focus={focus}",
    "/indicator/aandeel_65_plus?focus={focus}",  # with buurt maps: the buurt boundaries load
    "/gebied/{focus}",
    "/zoek?q=inwoners",
    "/documenten?q=inwoners",
)
FIRST_DRAWING = {"mark": "point", "data": {"values": [{"x": 1}]}, "encoding": {"x": {"field": "x"}}}


async def warm(app: ASGIApp) -> None:
    focus = settings.get("default_focus")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://localhost", follow_redirects=True
    ) as client:
        for page in PAGES:
            response = await client.get(page.format(focus=focus))
            if response.status_code != 200:  # not fatal: a page without data still serves
                log.warning("opwarmen: %s gaf %d", page, response.status_code)
    await to_thread.run_sync(charts.svg, FIRST_DRAWING)
