"""The buurt maps of an indicator page: one per stadsdeel, numbers 11 px as drawn, one legend,
the stadsdeel looked up (never used as anything else)."""

import itertools
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient

from sociale_staat.analysis.neighbourhoods import for_gemeente
from sociale_staat.render import maps
from sociale_staat.render.buurtkaart import NUMBER_PX, buurt_map, legend, numbered, parts
from sociale_staat.render.labels import spread
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
    # The three crowded stadsdelen scroll sideways on a phone instead of shrinking.
    assert page.count('<div class="kaartschuif" tabindex="0"') == 3
    for deel, widest in (("Almere%20Poort", 330), ("Almere%20Stad", 650)):
        svg = client.get(f"/grafiek/{INDICATOR}.svg?focus=GM0034&soort=buurten&deel={deel}")
        assert svg.status_code == 200
        sizes = font_sizes(svg.text)
        assert sizes and min(sizes) >= 11
        assert float(ElementTree.fromstring(svg.text).get("width", "999")) <= widest


def _numbers(svg: str) -> dict[str, tuple[float, float]]:
    """The buurt numbers of a rendered map and where they are drawn (centre, in px)."""
    found = re.findall(r'transform="translate\(([\d.]+),([\d.]+)\)"[^>]*>(\d+)</text>', svg)
    return {text: (float(x), float(y)) for x, y, text in found}


@pytest.mark.parametrize("deel", ["Almere Stad", "Almere Haven", "Almere Buiten", "Almere Poort"])
def test_no_two_buurt_numbers_overlap(client: TestClient, deel: str) -> None:
    svg = client.get(
        f"/grafiek/{INDICATOR}.svg", params={"focus": "GM0034", "soort": "buurten", "deel": deel}
    ).text
    numbers = _numbers(svg)
    assert len(numbers) >= 19
    width = float(ElementTree.fromstring(svg).get("width", "0"))
    boxes = {  # DejaVu Sans digits are 0.64 em wide; 11 px high around the centre
        n: (x - len(n) * 3.5, y - 8.5, x + len(n) * 3.5, y + 2.5) for n, (x, y) in numbers.items()
    }
    for (a, p), (b, q) in itertools.combinations(boxes.items(), 2):
        assert not (p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]), (a, b)
    assert all(box[0] >= 0 and box[2] <= width for box in boxes.values())
    # A number moved off its buurt has a leader line from its buurt to it.
    lines = re.findall(
        r'<line[^>]*translate\(([\d.]+),([\d.]+)\)" x2="([\d.e-]+)" y2="([\d.e-]+)"', svg
    )
    ends = [(float(x) + float(dx), float(y) + float(dy)) for x, y, dx, dy in lines]
    assert ends and all(  # Vega writes a centred number's baseline, 3 px under its centre
        any(abs(ex - x) < 0.5 and abs(ey + 3 - y) < 0.5 for x, y in numbers.values())
        for ex, ey in ends
    )


def test_spread_moves_a_number_that_would_overlap() -> None:
    def square(x: float) -> dict[str, object]:
        ring = [[x, 52.0], [x + 0.001, 52.0], [x + 0.001, 52.001], [x, 52.001], [x, 52.0]]
        return {"type": "Polygon", "coordinates": [ring]}

    big = {
        "type": "Polygon",
        "coordinates": [[[5.0, 51.99], [5.02, 51.99], [5.02, 52.01], [5.0, 52.01], [5.0, 51.99]]],
    }
    anchors = [
        ("101", 5.0100, 52.0005, 1e-6),
        ("102", 5.0101, 52.0005, 2e-6),
        ("7", 5.005, 51.995, 1e-4),
    ]
    placed = spread(anchors, [big, square(5.01), square(5.0101)], 320, 260, 11)
    assert [p.moved for p in placed] == [False, True, False]  # the smallest keeps its place
    assert (placed[1].anchor_lon, placed[1].anchor_lat) == (5.0101, 52.0005)
    assert placed[1].lon != 5.0101 or placed[1].lat != 52.0005
    assert (placed[2].lon, placed[2].lat) == (5.005, 51.995)


@pytest.mark.parametrize("deel", ["../../etc/passwd", "Almere Centrum", "x" * 61, "/tmp"])
def test_an_unknown_stadsdeel_is_not_found_and_names_no_path(client: TestClient, deel: str) -> None:
    answer = client.get(
        f"/grafiek/{INDICATOR}.svg", params={"focus": "GM0034", "soort": "buurten", "deel": deel}
    )
    assert answer.status_code in (400, 404)
    assert "/etc" not in answer.text and "/tmp" not in answer.text and "passwd" not in answer.text
