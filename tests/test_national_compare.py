"""The national view of an indicator, the comparison of gemeenten, the year and group choice,
the focus kept in links, and the CSV for Dutch Excel (through the ASGI test client)."""

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sociale_staat.analysis.national import compare, national
from sociale_staat.render.national import boundary_year, gemeente_boundaries, legend
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.web.app import create_app


@pytest.fixture(scope="module")
def client(almere_store: Path) -> TestClient:
    return TestClient(create_app(almere_store))


def _body_rows(html: str, table_class: str) -> list[str]:
    table = html.split(f'<table class="{table_class}">', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr[ >].*?</tr>", table.split("<tbody>", 1)[1], flags=re.S)


def test_national_page_ranks_every_gemeente_and_marks_focus_and_peers(client: TestClient) -> None:
    response = client.get("/indicator/werkloosheid/nederland")
    assert response.status_code == 200
    html = response.text
    rows = _body_rows(html, "rangorde")
    assert 330 <= len(rows) <= 345  # every gemeente of the year's indeling, with or without value
    focus = [r for r in rows if 'class="focus"' in r]
    assert len(focus) == 1 and "Almere" in focus[0] and ">focus<" in focus[0]
    assert len([r for r in rows if 'class="peer"' in r]) == 12  # almere-2023 has twelve
    assert '<img class="chart" src="/grafiek/werkloosheid/nederland.svg?' in html
    assert "(focus)" in html and "benchmarkgemeenten" in html  # the legend, as text
    first = rows[0]
    assert re.search(r"<td>1</td>", first)  # ranked: rank 1 first


def test_national_map_is_an_svg_of_all_gemeenten(client: TestClient) -> None:
    response = client.get("/grafiek/werkloosheid/nederland.svg?focus=GM0034&groep=almere-2023")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    svg = response.text
    assert svg.startswith("<svg") and svg.count("<path") >= 340
    assert "Almere" in svg  # the focus is named on the map


def test_national_year_is_checked_against_the_data(client: TestClient) -> None:
    bad = client.get("/indicator/werkloosheid/nederland?jaar=1995")
    assert bad.status_code == 400 and "1995" in bad.text and "2013" in bad.text
    assert client.get("/indicator/werkloosheid/nederland?jaar=1800").status_code == 400
    older = client.get("/indicator/werkloosheid/nederland?jaar=2019")
    assert older.status_code == 200 and "alle gemeenten, 2019" in older.text


def test_values_are_matched_by_the_code_of_their_year(warehouse: Warehouse) -> None:
    """Voorne aan Zee exists from 2023 (Brielle, Hellevoetsluis, Westvoorne until 2022); the
    boundaries drawn are those of the indeling the values are in."""
    later = national(warehouse, "inwoners", 2024)
    codes = {r.code for r in later.rows}
    assert later.indeling == 2024 and len(codes) == 342
    assert "GM1992" in codes and "GM0501" not in codes and "GM0457" not in codes
    _, key = legend(later)
    assert key.boundary_year == 2023 and key.unmatched == ()
    assert codes == {f["properties"]["code"] for f in gemeente_boundaries(2023)["features"]}
    earlier = national(warehouse, "inwoners", 2022)
    assert earlier.indeling == 2022 and "GM0501" in {r.code for r in earlier.rows}
    assert {r.code for r in earlier.rows} == {
        f["properties"]["code"] for f in gemeente_boundaries(2022)["features"]
    }
    assert boundary_year(2022) == 2022 and boundary_year(2025) == 2023
    assert later.with_value >= 340 and later.nederland is not None
    ranks = [r.rank for r in later.rows if r.rank is not None]
    assert ranks == sorted(ranks) and ranks[0] == 1


def test_a_table_in_a_newer_indeling_is_drawn_in_that_indeling(warehouse: Warehouse) -> None:
    """86088NED gives 2019 in the indeling of 2023 (with Voorne aan Zee): drawn so, not lost."""
    view = national(warehouse, "werkloosheid", 2019)
    assert view.indeling is not None and view.indeling >= 2023
    assert "GM1992" in {r.code for r in view.rows if r.value is not None}
    assert view.elsewhere == ()


def test_values_outside_the_indeling_are_named(warehouse: Warehouse) -> None:
    view = national(warehouse, "inwoners", 2015)
    assert view.indeling == 2022 and "Appingedam" in view.elsewhere  # merged in 2021


def test_gemeenten_without_value_are_counted_with_their_reason(warehouse: Warehouse) -> None:
    view = national(warehouse, "werkloosheid", 2024)
    assert view.without_value == sum(n for _, n in view.missing)
    assert all(reason for reason, _ in view.missing)


def test_compare_page_puts_gemeenten_side_by_side(client: TestClient) -> None:
    response = client.get("/vergelijk?thema=arbeid&gemeenten=Almere,GM0363,lelystad")
    assert response.status_code == 200
    html = response.text
    tables = html.count('<table class="vergelijk">')
    assert tables >= 3
    rows = _body_rows(html, "vergelijk")
    assert [re.search(r'<th scope="row">(.*?)</th>', r)[1] for r in rows] == [  # type: ignore[index]
        "Almere",
        "Amsterdam",
        "Lelystad",
        "Nederland",
    ]


def test_compare_of_werkloosheid_agrees_with_the_warehouse(warehouse: Warehouse) -> None:
    areas = [warehouse.area("GM0034"), warehouse.area("GM0995")]
    (item,) = compare(warehouse, [warehouse.indicator("werkloosheid")], areas)
    assert item.complete and item.year is not None
    almere = warehouse.value("werkloosheid", "GM0034", item.year)
    assert item.cells[0].value == almere.reading.value


@pytest.mark.parametrize(
    ("query", "status", "named"),
    [
        ("gemeenten=Almere,Nergensdorp", 404, "Nergensdorp"),
        ("gemeenten=Almere,WK003401", 400, "WK003401"),
        ("gemeenten=GM0034,GM0363,GM0344,GM0014,GM0855,GM0772,GM0307", 400, "hoogstens 6"),
        ("thema=onbekend&gemeenten=Almere,Lelystad", 400, "thema"),
    ],
)
def test_compare_refuses_clearly(client: TestClient, query: str, status: int, named: str) -> None:
    response = client.get(f"/vergelijk?{query}")
    assert response.status_code == status
    assert named in response.text


def test_compare_form_alone_without_gemeenten(client: TestClient) -> None:
    html = client.get("/vergelijk").text
    assert 'name="gemeenten"' in html and "Kies ten minste twee gemeenten" in html


def test_another_focus_gets_its_own_group_and_keeps_it_in_links(client: TestClient) -> None:
    html = client.get("/?focus=GM0363").text
    assert "De sociale staat van Amsterdam" in html
    assert "Voor Amsterdam is geen eigen vergelijkingsgroep vastgelegd" in html
    kept = "focus=GM0363&amp;groep=structuur-vergelijkbaar"
    assert f'href="/?{kept}"' in html  # the logo
    assert f'href="/thema/arbeid?{kept}"' in html
    assert '<input type="hidden" name="focus" value="GM0363">' in html  # the search form
    page = client.get("/indicator/werkloosheid?focus=GM0363").text
    assert "Voor Amsterdam is geen eigen vergelijkingsgroep vastgelegd" in page
    assert "Benchmarkgemeenten sociale staat Almere" not in page.split("<form", 2)[1]
    found = client.get("/zoek?q=werkloos&focus=GM0363&groep=structuur-vergelijkbaar").text
    assert f'href="/indicator/werkloosheid?{kept}"' in found


def test_chosen_group_is_said_when_made_for_another_city(client: TestClient) -> None:
    html = client.get("/indicator/werkloosheid?focus=GM0363&groep=almere-2023").text
    assert "deze groep is samengesteld voor Almere" in html


def test_indicator_page_year_and_group_choice(client: TestClient) -> None:
    html = client.get("/indicator/werkloosheid").text
    assert 'name="jaar"' in html and 'name="groep"' in html and '<option value="2019">' in html
    older = client.get("/indicator/werkloosheid?focus=GM0034&groep=almere-2023&jaar=2019")
    assert older.status_code == 200
    assert "Gegevens: Werkloosheid, 2019" in older.text
    assert "jaar=2019&amp;soort=vergelijking" in older.text  # the chart shows that year too
    assert client.get("/indicator/werkloosheid?jaar=1995").status_code == 400
    assert client.get("/indicator/werkloosheid?groep=../../etc").status_code == 400


def test_excel_csv_bytes_for_a_known_value(client: TestClient) -> None:
    """Almere's unemployment 2023 is 4.1% in CBS 86088NED (Werkloosheidspercentage_13, row
    'Totaal personen;Almere;2023;…;4.1;…' of the bundled table, checked by hand)."""
    url = "/data/indicator/werkloosheid.csv?focus=GM0034&groep=almere-2023&jaar=2023"
    excel = client.get(url + "&formaat=excel-csv")
    assert excel.status_code == 200
    assert excel.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="werkloosheid-GM0034.csv"' in excel.headers["content-disposition"]
    body = excel.content
    assert body.startswith(b"\xef\xbb\xbf# indicator: werkloosheid\r\n")
    lines = body.decode("utf-8-sig").split("\r\n")
    header = "gebied;naam;periode;waarde;ondergrens;bovengrens;bron;reden_ontbreekt"
    assert header in lines
    assert "GM0034;Almere;2023;4,1;;;86088NED;" in lines
    assert any(line.startswith('"# bron: ') for line in lines) or any(
        line.startswith("# bron: ") for line in lines
    )
    plain = client.get(url).content
    assert not plain.startswith(b"\xef\xbb\xbf") and b"GM0034,Almere,2023,4.1,,,86088NED," in plain
    wrong = client.get("/data/indicator/werkloosheid.json?formaat=excel-csv")
    assert wrong.status_code == 400


def test_national_ranking_download_for_excel(client: TestClient) -> None:
    response = client.get("/data/indicator/werkloosheid/nederland.csv?jaar=2023&formaat=excel-csv")
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").split("\r\n")
    almere = next(line for line in lines if ";GM0034;" in line)
    assert almere.endswith(";Almere;2023;4,1;definitief;focus")
