"""The dashboard and API through the ASGI test client: pages, downloads, errors, headers."""

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sociale_staat.web.app import create_app


@pytest.fixture(scope="module")
def client(almere_store: Path) -> TestClient:
    return TestClient(create_app(almere_store))


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/thema/arbeid",
        "/indicator/werkloosheid",
        "/indicator/werkloosheid?focus=GM0363",
        "/gebied/WK003408",
        "/zoek?q=Almere",
        "/gemeente?focus=Utrecht%20(gemeente)",
    ],
)
def test_pages_render_with_landmarks_and_headers(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    html = response.text
    assert '<html lang="nl"' in html and "<main" in html and 'role="banner"' in html
    assert "<script" not in html  # no JavaScript: first paint is the whole page
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "CC BY 4.0" in html


def test_indicator_page_has_sentences_chart_table_and_downloads(client: TestClient) -> None:
    html = client.get("/indicator/werkloosheid").text
    assert "ligt de werkloosheid in Almere" in html
    assert (
        '<img class="chart" src="/grafiek/werkloosheid.svg?' in html and 'alt="Staafdiagram' in html
    )
    assert "<caption>Gegevens: Werkloosheid" in html
    assert "/data/indicator/werkloosheid.csv" in html and "Informatieblad" in html


def test_csv_download_is_the_chart_data_with_metadata(client: TestClient) -> None:
    text = client.get("/data/indicator/werkloosheid.csv?focus=GM0034&groep=almere-2023").text
    meta = [line for line in text.splitlines() if line.startswith("#")]
    assert any("licentie: CC BY 4.0" in m for m in meta) and any("86088NED" in m for m in meta)
    rows = list(
        csv.DictReader(
            io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))
        )
    )
    almere = next(r for r in rows if r["gebied"] == "GM0034")
    assert float(almere["waarde"]) == 4.2 and almere["periode"] == "2024"
    assert len(rows) == 14  # focus, Nederland and twelve peers
    data = client.get("/data/indicator/werkloosheid.json").json()
    assert data["metadata"]["eenheid"].startswith("procent") and len(data["data"]) == 14


def test_api(client: TestClient) -> None:
    value = client.get(
        "/api/values", params={"indicator": "werkloosheid", "area": "GM0034", "period": 2021}
    ).json()
    assert value["value"] == 5.7 and value["source"]["cbs_table"] == "86088NED"
    csv_value = client.get(
        "/api/values",
        params={"indicator": "werkloosheid", "area": "NL", "period": 2021, "format": "csv"},
    )
    assert "4.2" in csv_value.text
    bench = client.get("/api/benchmark", params={"theme": "arbeid"}).json()
    assert {i["indicator"] for i in bench["indicators"]} >= {"werkloosheid"}
    assert len(client.get("/api/peers").json()["members"]) == 12
    assert client.get("/api/wijken").json()["indeling"] == 2024
    assert "/api/values" in client.get("/openapi.json").json()["paths"]
    assert client.get("/api/indicators").headers["cache-control"].startswith("public")


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/indicator/bestaatniet", 404),
        ("/gebied/XX", 404),
        ("/thema/foo", 400),
        ("/nergens", 404),
        ("/gemeente?focus=Atlantis", 404),
        ("/gemeente?groep=geen-groep", 400),
        ("/indicator/werkloosheid?focus=WK003401", 400),
    ],
)
def test_friendly_errors_for_pages(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert "text/html" in response.headers["content-type"] and "Traceback" not in response.text
    assert "Naar de startpagina" in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/api/values?indicator=x&area=GM0034&period=2021",
        "/api/values?indicator=werkloosheid&area=GM9999&period=2021",
        "/api/values?indicator=werkloosheid&area=GM0034&period=abc",
        "/api/values?indicator=werkloosheid&area=GM0034&period=1900",
    ],
)
def test_api_errors_are_json(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (400, 404)
    assert "fout" in response.json()


def test_hostile_input_is_escaped(client: TestClient) -> None:
    html = client.get("/zoek", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_indicator_page_has_trend_and_wijk_map_with_their_data(client: TestClient) -> None:
    werkloosheid = client.get("/indicator/werkloosheid").text
    assert ">Ontwikkeling</h2>" in werkloosheid and werkloosheid.count('<img class="chart"') == 2
    # each picture also comes narrow, for phones
    assert werkloosheid.count('<source media="(max-width: 50rem)"') == 2
    for soort in ("vergelijking", "trend"):
        picture = client.get(f"/grafiek/werkloosheid.svg?soort={soort}")
        assert picture.headers["content-type"] == "image/svg+xml" and "<svg" in picture.text
    trend = client.get("/data/indicator/werkloosheid.json?grafiek=trend").json()
    almere = [r for r in trend["data"] if r["reeks"] == "Almere"]
    assert {r["jaar"] for r in almere} >= {2013, 2021, 2024}
    assert next(r["waarde"] for r in almere if r["jaar"] == 2021) == 5.7
    bijstand = client.get("/indicator/aandeel_bijstand").text
    assert "Kaart: Inwoners met een bijstandsuitkering per wijk" in bijstand
    wijken = client.get("/data/indicator/aandeel_bijstand.csv?grafiek=wijken").text
    assert "WK003408,De Wierden,Almere Haven,2023," in wijken and "# indeling: 2024" in wijken
    assert client.get("/data/indicator/werkloosheid.csv?grafiek=wijken").status_code == 404
    assert client.get("/data/indicator/werkloosheid.csv?grafiek=taart").status_code == 400
    assert client.get("/grafiek/aandeel_bijstand.svg?soort=wijken").status_code == 200


def test_benchmark_api_as_csv(client: TestClient) -> None:
    text = client.get("/api/benchmark", params={"theme": "arbeid", "format": "csv"}).text
    assert text.splitlines()[0].startswith("thema,indicator,titel")
    assert "werkloosheid" in text and "Almere" in text


TRAVERSALS = [
    "..%2Fwijkprofiel",
    "..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "%2Fetc%2Fpasswd",
    "%2Fwork%2Fwt-11%2Fwijkprofiel",
    "x" * 300,
    ".",
    "..",
    "%2E%2E",
    "almere-2023%2F..%2Falmere-2023",
    "%FF%FE",
    "almere-2023%00",
]


@pytest.mark.parametrize("probe", TRAVERSALS)
@pytest.mark.parametrize(
    "url",
    [
        "/gemeente?groep={}",
        "/thema/arbeid?groep={}",
        "/indicator/werkloosheid?groep={}",
        "/data/indicator/werkloosheid.csv?groep={}",
        "/api/peers?group={}",
        "/api/benchmark?peers={}",
    ],
)
def test_peer_group_names_are_looked_up_never_opened(
    client: TestClient, url: str, probe: str
) -> None:
    response = client.get(url.format(probe))
    assert response.status_code in (400, 404)
    body = response.text
    for leak in ("/work", "/etc", "root:", "wijkprofiel", ".yml", "Traceback", "x" * 100):
        assert leak not in body


def test_a_directory_name_is_not_a_peer_group(client: TestClient, tmp_path: Path) -> None:
    # `stadsdelen` and `indicators` are directories beside peer_groups/
    for name in ("..%2Fstadsdelen", "..%2Findicators", "peer_groups", tmp_path.as_posix()):
        response = client.get(f"/api/peers?group={name}")
        assert response.status_code == 400 and "/" not in response.json()["fout"]
