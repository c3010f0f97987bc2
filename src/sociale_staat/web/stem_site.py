"""Stem van de stad on the dashboard: the residents' pages and the moderators' pages.

Kept apart from both routers so that neither imports the other.
"""

from fastapi import FastAPI

from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.web import stem, stem_moderation


def include(app: FastAPI, warehouse: Warehouse, db_url: str | None = None) -> None:
    """Add the Stem pages (residents and moderators) to the dashboard."""
    services = stem.Services(warehouse, db_url)
    app.include_router(stem.router(services))
    app.include_router(stem_moderation.router(services))
