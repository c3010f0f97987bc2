"""Sociale kaart search on the hand-made (fictitious) Almere fixture: need, place, time, age."""

from datetime import date, datetime
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.sociale_kaart import package
from sociale_staat.sociale_kaart.geo import bundled, distance_km
from sociale_staat.sociale_kaart.search import Query, UnknownPlace, parse_day, search
from sociale_staat.sociale_kaart.store import ServiceStore

ALMERE = Path(__file__).parent / "fixtures" / "hsds" / "almere"
TODAY = date(2026, 11, 25)
S = "e1000000-0000-4000-8000-00000000000"  # service ids end in 1..7
# Where each fixture location was put (tests/fixtures/hsds/almere/README.md).
EXPECTED = {
    "a1000000-0000-4000-8000-000000000001": ("WK003417", "BU00341705"),
    "a1000000-0000-4000-8000-000000000002": ("WK003422", "BU00342204"),
    "a1000000-0000-4000-8000-000000000003": ("WK003401", "BU00340101"),
    "a1000000-0000-4000-8000-000000000004": ("WK003452", "BU00345206"),
    "a1000000-0000-4000-8000-000000000005": ("WK003428", "BU00342804"),
    "a1000000-0000-4000-8000-000000000006": ("WK003419", "BU00341901"),
}


@pytest.fixture
def kaart(app_db: AppDatabase) -> AppDatabase:
    ServiceStore(app_db).import_bundle(package.read(ALMERE), "almere")
    return app_db


def ids(query: Query, db: AppDatabase, today: date = TODAY) -> list[str]:
    return [h.service_id for h in search(db, query, today=today).hits]


def test_schulden_near_1315_open_on_saturday_by_distance(kaart: AppDatabase) -> None:
    result = search(
        kaart,
        Query(need="schulden", postcode="1315", weekday=parse_day("open op zaterdag")),
        today=TODAY,
    )
    # 3 (Haven) is open on weekdays only, 7 stopped, 4 and 6 are not about debts.
    assert [h.service_id for h in result.hits] == [S + "1", S + "2", S + "5"]
    distances = [h.distance_km for h in result.hits]
    assert distances == sorted(distances) and distances[0] is not None and distances[0] < 1
    assert "postcode 1315" in (result.origin_note or "")
    assert all(h.label == "fictief (handgemaakte testgegevens)" for h in result.hits)


def test_verification_date_and_not_recently_checked(kaart: AppDatabase) -> None:
    hits = {h.service_id: h for h in search(kaart, Query(need="schulden"), today=TODAY).hits}
    assert hits[S + "1"].assured_date == "2026-09-01" and hits[S + "1"].recently_checked
    assert not hits[S + "5"].recently_checked  # checked 2024-03-01: more than 12 months ago


def test_need_matches_taxonomy_terms_and_stemmed_words(kaart: AppDatabase) -> None:
    # 'Inloop geldzorgen' only says 'schulden' through its taxonomy term.
    assert S + "2" in ids(Query(need="schuld"), kaart)
    assert ids(Query(need="taalcafé"), kaart) == [S + "4"]
    assert ids(Query(need="jongeren sporten"), kaart) == [S + "6"]
    assert ids(Query(need="verzekeringen"), kaart) == []


def test_now_open_uses_clock_time_and_monthly_rules(kaart: AppDatabase) -> None:
    second_saturday = datetime(2026, 11, 14, 11, 0)
    # Without a place, results are in name order.
    assert set(ids(Query(open_at=second_saturday), kaart)) == {S + "1", S + "2", S + "5"}
    third_saturday = datetime(2026, 11, 21, 11, 0)
    assert set(ids(Query(open_at=third_saturday), kaart)) == {S + "1", S + "2"}
    assert ids(Query(open_at=datetime(2026, 11, 21, 15, 0)), kaart) == [S + "4"]
    assert ids(Query(open_at=datetime(2026, 11, 22, 11, 0)), kaart) == []  # zondag


def test_age_wijk_and_distance(kaart: AppDatabase) -> None:
    assert ids(Query(age=15), kaart) == [S + "6", S + "4"]  # J before T
    assert ids(Query(wijk="Danswijk"), kaart) == [S + "6"]
    assert ids(Query(wijk="WK003401"), kaart) == [S + "3"]
    near = search(kaart, Query(postcode="1315", max_km=2.0), today=TODAY).hits
    assert {h.service_id for h in near} == {S + "1", S + "2"}
    assert all(h.distance_km is not None and h.distance_km <= 2.0 for h in near)


def test_unknown_places_are_named(kaart: AppDatabase) -> None:
    with pytest.raises(UnknownPlace, match="9999"):
        search(kaart, Query(postcode="9999"))
    with pytest.raises(UnknownPlace, match="Atlantis"):
        search(kaart, Query(wijk="Atlantis"))


def test_every_fixture_location_has_the_right_wijk_and_buurt(kaart: AppDatabase) -> None:
    from sqlalchemy import text

    with kaart.reader() as conn:
        rows = conn.execute(
            text("SELECT id, wijk_code, buurt_code, latitude, longitude FROM sk_location")
        ).all()
    assert {r.id: (r.wijk_code, r.buurt_code) for r in rows} == EXPECTED
    # Independent check against the 2022 wijk boundaries (another source file).
    wijken = {a.code: a.geometry for a in bundled().wijken}
    for r in rows:
        assert wijken[r.wijk_code].contains(Point(r.longitude, r.latitude))


def test_postcode_point_lies_in_its_buurten() -> None:
    geo = bundled()
    lat, lon = geo.postcode_point("1315") or (0.0, 0.0)
    centre_stad = [shape(a.geometry) for a in geo.buurten if a.postcode == "1315"]
    assert len(centre_stad) == 4
    assert min(distance_km(lat, lon, b.centroid.y, b.centroid.x) for b in centre_stad) < 1
    assert geo.locate(52.0, 4.3).wijk_code is None  # Den Haag: outside the bundled boundaries
