"""The buurt maps of an indicator page: one per stadsdeel, numbers 11 px as drawn, one legend,
the stadsdeel looked up (never used as anything else)."""

from pathlib import Path
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient

from sociale_staat.analysis.neighbourhoods import for_gemeente
from sociale_staat.render import maps
from sociale_staat.render.buurtkaart import NUMBER_PX, buurt_map, legend, numbered, parts
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.web.app import create_app
from tests.test_web_look import font_sizes

INDICATOR = "aandeel_65_plus"


@pytest.fixture(scope="module")
def client(almere_store: Path) -> TestClient:
    return TestClient(create_app(almere_store), raise_server_exceptions=False)


def test_one_map_per_stadsdeel_with_its_own_numbers(warehouse: Warehouse) -> None:
    hoods = for_gemeente(warehouse, "GM0034")
    shapes = maps.buurt_boundaries_for("GM0034")
    assert shapes is not None
    areas = numbered(hoods, INDICATOR, shapes)
    names = parts(areas)
    assert "Almere Stad" in names and "Almere Buiten" in names and len(names) == 7
    for part in names:
        spec = buurt_map(hoods, INDICATOR, shapes, areas, part)
        numbers = {row["nummer"] for row in spec["layer"][-1]["data"]["values"]}
        assert numbers == {str(a.number) for a in areas if a.stadsdeel == part}
        assert spec["layer"][-1]["mark"]["fontSize"] >= 11 == NUMBER_PX
        assert spec["layer"][0]["encoding"]["color"]["legend"] is None  # said once, on the page
    # Every buurt is on exactly one map.
    assert sum(
        len(buurt_map(hoods, INDICATOR, shapes, areas, p)["layer"][-1]["data"]["values"])
        for p in names
    ) == len(areas)
    labels = [e.label for e in legend(hoods, INDICATOR, shapes)]
    assert labels and all(
        " – " in label or "onderdrukt" in label or "geen" in label for label in labels
    )


def test_the_page_shows_the_maps_and_the_pictures_have_11_px_numbers(client: TestClient) -> None:
    page = client.get(f"/indicator/{INDICATOR}?focus=GM0034").text
    assert page.count('class="chart buurtkaart"') == 7
    assert "Almere Stad: buurten" in page and "legenda buurtlegenda" in page
    svg = client.get(
        f"/grafiek/{INDICATOR}.svg?focus=GM0034&soort=buurten&deel=Almere%20Haven&maat=smal"
    )
    assert svg.status_code == 200
    sizes = font_sizes(svg.text)
    assert sizes and min(sizes) >= 11
    assert float(ElementTree.fromstring(svg.text).get("width", "999")) <= 358  # a phone's column


@pytest.mark.parametrize("deel", ["../../etc/passwd", "Almere Centrum", "x" * 61, "/tmp"])
def test_an_unknown_stadsdeel_is_not_found_and_names_no_path(client: TestClient, deel: str) -> None:
    answer = client.get(
        f"/grafiek/{INDICATOR}.svg", params={"focus": "GM0034", "soort": "buurten", "deel": deel}
    )
    assert answer.status_code in (400, 404)
    assert "/etc" not in answer.text and "/tmp" not in answer.text and "passwd" not in answer.text
