"""Wijken and buurten of Almere checked against the raw files; stadsdelen; stacking; maps."""

import itertools
import json
from pathlib import Path

import pytest

from sociale_staat.analysis.neighbourhoods import (
    Neighbourhoods,
    load_profile_spec,
    profiles,
    stadsdeel_values,
)
from sociale_staat.core import paths
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.render.maps import choropleth, load_boundaries, render
from sociale_staat.warehouse.queries import Warehouse

BOUNDARIES = paths.geo_dir() / "almere_wijken_2022_wgs84.geojson"


@pytest.fixture(scope="module")
def almere(warehouse: Warehouse) -> Neighbourhoods:
    return profiles(
        warehouse, "GM0034", load_profile_spec(paths.wijkprofiel_file()), paths.stadsdelen_dir()
    )


def test_indelingen_declared_equal_are_equal(bundled, almere: Neighbourhoods) -> None:
    """85586NED and 85638NED are in the 2023 indeling, the boundaries in 2022, KWB in 2024; they
    are declared one indeling because Almere's codes and names are identical in all of them."""
    kwb = {a.code: a.name for a in almere.level("wijk")}
    geo = {
        f["properties"]["code"]: f["properties"]["name"]
        for f in json.loads(BOUNDARIES.read_text())["features"]
    }
    assert geo == kwb and len(kwb) == 71
    raw = bundled["85586NED"].frame()
    codes = {c.strip() for c in raw["Codering_3"] if c.strip().startswith(("WK0034", "BU0034"))}
    buurten = {a.code for a in almere.level("buurt")}
    assert codes == set(kwb) | buurten and len(buurten) == 238


def test_values_against_raw_files(almere: Neighbourhoods) -> None:
    wierden = next(a for a in almere.areas if a.code == "WK003408")
    # 85586NED "De Wierden;2023 december;...;WK003408;1.0;40.0;220.0;260.0;640.0;...;2950.0;2300.0;650.0"
    assert wierden.values["aandeel_bijstand"].value == pytest.approx(100 * 220 / 2300)
    assert wierden.values["aandeel_ww"].value == pytest.approx(100 * 40 / 2300)
    assert wierden.values["aandeel_arbeidsongeschikt"].value == pytest.approx(100 * 260 / 2300)
    # 86092NED "De Wierden;2023;WK003408;-0.39;-0.383;-0.375"
    ses = wierden.values["ses_woa_score"]
    assert (ses.value, ses.lower, ses.upper) == (-0.383, -0.39, -0.375)
    # 85638NED "Totaal;De Wierden;2023;...;WK003408;1.0;315.0;87.0"
    assert wierden.values["wmo_clienten_per_1000"].value == 87
    # city: 85586NED Almere december 2023: 5260 / 159280; 86092NED Almere 2023: 0.086
    assert almere.city["aandeel_bijstand"].value == pytest.approx(100 * 5260 / 159280)
    assert almere.city["ses_woa_score"].value == 0.086


def test_stacking_count_by_hand(almere: Neighbourhoods) -> None:
    wierden = next(a for a in almere.areas if a.code == "WK003408")
    # bijstand 9,6 vs 3,3; WW 1,74 vs 1,39 (+25%); AO 11,3 vs 6,2; SES interval -0,39..-0,375
    # wholly below 0,086; Wmo 87 vs 42 per 1.000: all five clearly worse than the city.
    assert sorted(wierden.worse) == sorted(
        [
            "aandeel_bijstand",
            "aandeel_ww",
            "aandeel_arbeidsongeschikt",
            "ses_woa_score",
            "wmo_clienten_per_1000",
        ]
    )
    ranked = almere.concentrations()
    assert ranked[0].code in ("WK003408", "WK003401") and len(ranked[0].worse) == 5
    counts = [len(a.worse) for a in ranked]
    assert counts == sorted(counts, reverse=True)


def test_small_areas_are_suppressed(almere: Neighbourhoods) -> None:
    small = [a for a in almere.areas if a.inwoners is not None and a.inwoners < 100]
    assert small
    notes = []
    for area in small:
        shares = [v for k, v in area.values.items() if k != "inwoners"]
        assert all(v.value is None for v in shares)
        notes += [v.note or "" for v in shares]
    assert any("onderdrukt" in n for n in notes)  # values that exist are hidden, and say so


def test_stadsdelen(warehouse: Warehouse, almere: Neighbourhoods) -> None:
    districts = stadsdeel_values(warehouse, almere)
    assert set(districts) == {
        "Almere Haven",
        "Almere Stad",
        "Almere Buiten",
        "Almere Poort",
        "Almere Hout",
        "Oosterwold",
        "Almere Pampus",
    }
    total = sum(d["inwoners"].value or 0 for d in districts.values())
    assert total == sum(a.inwoners or 0 for a in almere.level("wijk"))
    haven = [a for a in almere.level("wijk") if a.stadsdeel == "Almere Haven"]
    assert {a.code for a in haven} >= {"WK003401", "WK003408", "WK003416"}
    # a share is recomputed from summed counts, never averaged
    assert districts["Almere Haven"]["aandeel_bijstand"].value is not None
    assert districts["Almere Haven"]["ses_woa_score"].value is None
    assert "niet op te tellen" in (districts["Almere Haven"]["ses_woa_score"].note or "")
    assert districts["Almere Pampus"]["aandeel_0_tot_15"].note.startswith("onderdrukt")


def test_co_occurrence_is_shown_with_n(almere: Neighbourhoods) -> None:
    pairs = almere.co_occurrence()
    assert len(pairs) == 10 and all(p.n >= 40 for p in pairs)
    ses_bijstand = next(p for p in pairs if {p.a, p.b} == {"aandeel_bijstand", "ses_woa_score"})
    assert (
        ses_bijstand.r is not None and ses_bijstand.r < -0.5
    )  # more bijstand where status is lower


def test_not_a_gemeente(warehouse: Warehouse) -> None:
    with pytest.raises(SocialeStaatError, match="geen gemeente"):
        profiles(
            warehouse,
            "WK003401",
            load_profile_spec(paths.wijkprofiel_file()),
            paths.stadsdelen_dir(),
        )


def test_map_spec_and_render(almere: Neighbourhoods, tmp_path: Path) -> None:
    boundaries = load_boundaries(BOUNDARIES)
    for feature in boundaries["features"]:
        polygons = (
            feature["geometry"]["coordinates"]
            if feature["geometry"]["type"] == "MultiPolygon"
            else [feature["geometry"]["coordinates"]]
        )
        for polygon in polygons:
            ring = polygon[0]
            area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring))
            assert area < 0  # outer rings clockwise, as d3 needs
    spec = choropleth(almere, "aandeel_bijstand", boundaries)
    shapes = spec["layer"][0]  # the coloured areas; name labels are layered over them
    domain = shapes["encoding"]["color"]["scale"]["domain"]
    assert domain[-1] == "geen gegevens" and domain[-2].startswith("onderdrukt")
    rows = shapes["data"]["values"]
    assert len(rows) == 71
    assert {r["properties"]["klasse"] for r in rows} >= {"geen gegevens"}
    svg = tmp_path / "bijstand.svg"
    render(spec, svg)
    text = svg.read_text()
    assert "Inwoners met een bijstandsuitkering" in text and "geen gegevens" in text
    png = tmp_path / "bijstand.png"
    render(spec, png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(SocialeStaatError, match=r"kies \.svg of \.png"):
        render(spec, tmp_path / "x.pdf")
    with pytest.raises(SocialeStaatError, match="wijkprofiel"):
        choropleth(almere, "werkloosheid", boundaries)
