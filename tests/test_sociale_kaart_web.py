"""Sociale kaart in the dashboard and the HSDS API: pages, the empty state, fictitious labels,
coverage over the map of need, the report tables, and API tests generated from OpenAPI."""

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from sociale_staat.analysis.neighbourhoods import Neighbourhoods, for_gemeente
from sociale_staat.appdb.database import AppDatabase
from sociale_staat.sociale_kaart import package
from sociale_staat.sociale_kaart.coverage import (
    categories,
    coverage,
    matching_services,
    report_tables,
)
from sociale_staat.sociale_kaart.geo import bundled, distance_km
from sociale_staat.sociale_kaart.store import ServiceStore
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.web import hsds_api
from sociale_staat.web.app import create_app
from tests.conftest import ALMERE_KAART as ALMERE
from tests.conftest import environment, kaart_app_db

LABEL = "fictief (handgemaakte testgegevens)"


@pytest.fixture(scope="module")
def hoods(warehouse: Warehouse) -> Neighbourhoods:
    return for_gemeente(warehouse, "GM0034")


@pytest.fixture(scope="module")
def web(almere_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with environment(SOCIALE_STAAT_APP_DB=kaart_app_db(tmp_path_factory.mktemp("kaart"))):
        yield TestClient(create_app(almere_store))


def test_coverage_lists_high_benefit_wijken_without_debt_help_nearby(
    app_db: AppDatabase, hoods: Neighbourhoods
) -> None:
    ServiceStore(app_db).import_bundle(package.read(ALMERE), "almere")
    max_km = 1.5
    cov = coverage(app_db, hoods, "schulden", max_km)
    city = hoods.city["aandeel_bijstand"].value
    assert city is not None
    points = matching_services(app_db, categories()["schulden"].zoekwoorden)
    # Active debt services only: Centrum, Waterwijk, Haven, Stripheldenbuurt (not the stopped one).
    assert len(points) == 4 and all("Taalcafé" not in p.name for p in points)
    geo = bundled()
    expected = set()
    for area in hoods.level("wijk"):
        value = area.values["aandeel_bijstand"].value
        if value is None or value < 1.25 * city:
            continue
        centre = geo.wijk_centre(area.code)
        assert centre is not None
        near = [
            0.0 if p.wijk_code == area.code else distance_km(*centre, p.latitude, p.longitude)
            for p in points
        ]
        if min(near) > max_km:
            expected.add(area.code)
    gaps = {w.code for w in cov.gaps()}
    assert gaps == expected and gaps  # Almere has such wijken with this fixture
    # A wijk with high benefit use and debt help inside it is not a gap.
    haven = next(w for w in cov.wijken if w.code == "WK003401")
    assert haven.high and haven.nearest_km == 0.0 and haven.code not in gaps
    # Farther away counts as a gap as soon as the distance shrinks below it.
    assert {w.code for w in coverage(app_db, hoods, "schulden", 50).gaps()} == set()


def test_report_tables_say_plainly_when_no_services_are_loaded(
    app_db: AppDatabase, hoods: Neighbourhoods
) -> None:
    empty = report_tables(hoods, app_db)
    assert empty[0][2] == [["Er zijn geen diensten geladen; de sociale kaart is leeg."]]
    ServiceStore(app_db).import_bundle(package.read(ALMERE), "almere")
    tables = report_tables(hoods, app_db)
    assert len(tables) == len(categories())
    title, header, rows = tables[0]
    assert "hoge nood, geen aanbod binnen 1,5 km" in title and LABEL in title
    assert header[0] == "Wijk" and rows and rows[0][0] != "(geen wijken)"


def test_pages_show_results_with_the_fictitious_label(web: TestClient) -> None:
    page = web.get(
        "/sociale-kaart", params={"behoefte": "schulden", "postcode": "1315", "dag": "zaterdag"}
    )
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    html = page.text
    assert (
        "3 diensten gevonden" in html
        and LABEL in html
        and "de diensten op deze pagina bestaan niet" in html
    )
    assert html.index("Schuldhulp spreekuur Centrum") < html.index("Inloop geldzorgen Waterwijk")
    assert "niet recent gecontroleerd" in html and "<script" not in html
    dekking = web.get("/sociale-kaart/dekking", params={"behoefte": "schulden", "km": 1.5})
    assert dekking.status_code == 200
    assert "Hoge nood, geen aanbod binnen 1,5 km" in dekking.text and "<svg" in dekking.text
    assert "Centrum Almere Haven" in dekking.text
    assert web.get("/sociale-kaart", params={"postcode": "9999"}).status_code == 200
    assert web.get("/sociale-kaart/dekking", params={"behoefte": "onzin"}).status_code == 400


def test_pages_say_plainly_when_no_services_are_loaded(
    almere_store: Path, app_db: AppDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALE_STAAT_APP_DB", app_db.url)
    client = TestClient(create_app(almere_store))
    for url in ("/sociale-kaart?behoefte=schulden", "/sociale-kaart/dekking"):
        html = client.get(url).text
        assert "Er zijn nog geen diensten geladen" in html and "fictief" not in html
    assert client.get("/hsds/services").json()["total_items"] == 0


def test_api_gives_hsds_objects_with_cbs_codes(web: TestClient) -> None:
    page = web.get(
        "/hsds/services", params={"text": "schulden", "open_op": "zaterdag", "per_page": 2}
    ).json()
    assert page["total_items"] == 3 and page["size"] == 2 and not page["last_page"]
    service = web.get(f"/hsds/services/{page['contents'][0]['id']}").json()
    assert service["sociale_staat"]["fictief"] == LABEL
    location = service["service_at_locations"][0]["location"]
    assert location["sociale_staat"]["wijk_code"].startswith("WK0034")
    assert web.get("/hsds/services/bestaat-niet").status_code == 404
    assert web.get("/hsds/locations").json()["total_items"] == 6
    assert web.get("/hsds/organizations").json()["total_items"] == 2
    assert web.get("/hsds/services", params={"wijk": "Atlantis"}).status_code == 404
    assert web.get("/hsds/services", params={"per_page": 0}).status_code == 400
    assert "/hsds/services/{service_id}" in web.get("/openapi.json").json()["paths"]


def _api_app() -> FastAPI:
    """The HSDS router alone over a fixture database, so the schema exists at collection time."""
    folder = Path(tempfile.mkdtemp(prefix="hsds-api-"))
    store = ServiceStore(AppDatabase(f"sqlite:///{folder / 'app.sqlite'}"))
    store.import_bundle(package.read(ALMERE), "almere")
    app = FastAPI()
    app.include_router(hsds_api.router(lambda: store))
    return app


api_schema = schemathesis.openapi.from_asgi("/openapi.json", _api_app()).include(
    path_regex="^/hsds/"
)


@api_schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_follows_its_openapi_document(case: schemathesis.Case) -> None:
    case.call_and_validate()
