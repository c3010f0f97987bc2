"""Stem van de stad on the dashboard: the residents' pages and the moderators' pages.

Kept apart from both routers so that neither imports the other.
"""

from collections.abc import Mapping

from fastapi import FastAPI

from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.web import stem, stem_moderation


def include(
    app: FastAPI,
    warehouse: Warehouse,
    db_url: str | None = None,
    frame: Mapping[str, object] = {},
    titles_en: dict[str, str] | None = None,
) -> None:
    """Add the Stem pages (residents and moderators) to the dashboard; `frame`: what the page
    frame (base.html) shows of the dashboard, such as the sources' attribution."""
    services = stem.Services(warehouse, db_url, titles_en)
    services.env.globals.update(frame)
    app.include_router(stem.router(services))
    app.include_router(stem_moderation.router(services))
