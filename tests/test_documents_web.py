"""The kennisbank and the report in the dashboard, through the ASGI test client: document search
with filters and marked snippets, document pages, 'Wat documenten zeggen' on indicator pages,
the report page and its downloads; without an app database every page says so (never a 500)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sociale_staat.web.app import create_app
from tests.conftest import SiteHome, environment


@pytest.fixture(scope="module")
def client(almere_store: Path, site_home: SiteHome) -> Iterator[TestClient]:
    with environment(
        SOCIALE_STAAT_HOME=str(site_home.home),
        SOCIALE_STAAT_APP_DB=site_home.app_db,
        SOCIALE_STAAT_KENNISBANK="",
    ):  # read when the site starts: where the kennisbank and the reports are
        app = create_app(almere_store)
    yield TestClient(app)


@pytest.fixture(scope="module")
def empty(almere_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A dashboard whose home has no app database and no report yet."""
    home = tmp_path_factory.mktemp("leeg")
    with environment(
        SOCIALE_STAAT_HOME=str(home), SOCIALE_STAAT_APP_DB="", SOCIALE_STAAT_KENNISBANK=""
    ):
        app = create_app(almere_store)
    yield TestClient(app)
    assert not (home / "app.sqlite").exists()  # reading pages never created a database


def test_document_list_and_search(client: TestClient) -> None:
    listing = client.get("/documenten").text
    assert listing.count('<a href="/documenten/') == 4 and "Hoe gaat het in Almere?" in listing
    html = client.get("/documenten", params={"q": "eenzaamheid ouderen"}).text
    assert "passages gevonden in" in html
    assert "<mark>eenzaamheid</mark>" in html and "<mark>ouderen</mark>" in html
    assert 'href="/documenten/' in html and "#p" in html


def test_filters_on_document_year_kind_and_theme(client: TestClient) -> None:
    html = client.get("/documenten", params={"q": "onderwijs", "jaar": 2016}).text
    assert "Almere 2.0" in html and "Hoe gaat het in Almere?" not in html.split("Resultaten")[1]
    dialoog = client.get("/documenten", params={"q": "ouderen", "soort": "dialoogverslag"}).text
    assert "Hoe gaat het in Almere?" in dialoog.split("Resultaten")[1]
    assert "Almere 2.0 –" not in dialoog.split("Resultaten")[1]
    theme = client.get("/documenten", params={"q": "werk", "thema": "arbeid"})
    assert theme.status_code == 200
    assert client.get("/documenten", params={"soort": "roman"}).status_code == 400
    assert client.get("/documenten", params={"q": "de het"}).status_code == 200


def test_document_page_and_unknown_ids(client: TestClient) -> None:
    listing = client.get("/documenten").text
    first = listing.split('<a href="/documenten/')[1].split('"')[0]
    page = client.get(f"/documenten/{first}", params={"q": "ouderen"})
    assert page.status_code == 200 and '<div class="passage' in page.text
    assert "zonder paginanummers" in page.text  # the demo documents are text files
    for bad in ("999999", "abc", "1e3", "-1"):
        missing = client.get(f"/documenten/{bad}")
        assert missing.status_code == 404 and "staat niet in de kennisbank" in missing.text


def test_indicator_page_says_what_documents_claim(client: TestClient) -> None:
    html = client.get("/indicator/inwoners").text
    assert "Wat documenten zeggen" in html
    block = html.split("Wat documenten zeggen")[1]
    assert "350.000 inwoners" in block
    assert any(v in block for v in ("Wijkt af van het huidige cijfer", "Niet te toetsen"))
    assert 'href="/documenten/' in block
    quiet = client.get("/indicator/werkloosheid").text.split("Wat documenten zeggen")[1]
    assert "noemen geen cijfer" in quiet or "Lees in het document" in quiet


def test_search_page_offers_document_hits(client: TestClient) -> None:
    html = client.get("/zoek", params={"q": "eenzaamheid"}).text
    assert "In documenten" in html and 'href="/documenten?q=eenzaamheid"' in html


def test_report_page_and_downloads(client: TestClient) -> None:
    html = client.get("/rapport").text
    assert (
        "Gemaakt op" in html and "sociale-staat report --focus GM0034 --peers almere-2023" in html
    )
    media = {
        "pdf": "application/pdf",
        "html": "text/html",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    for fmt, kind in media.items():
        assert f'href="/rapport/GM0034.{fmt}"' in html
        got = client.get(f"/rapport/GM0034.{fmt}")
        assert got.status_code == 200 and got.headers["content-type"].startswith(kind)
        assert (
            got.headers["content-disposition"]
            == f'attachment; filename="sociale-staat-almere.{fmt}"'
        )
    assert client.get("/rapport/GM0034.pdf").content.startswith(b"%PDF")
    other = client.get("/rapport", params={"focus": "GM0363"}).text
    assert "Voor Amsterdam is nog geen rapport gemaakt" in other
    assert "sociale-staat report --focus GM0363 --peers structuur-vergelijkbaar" in other
    for bad in ("/rapport/GM0363.pdf", "/rapport/..%2F..%2Fetc.pdf", "/rapport/GM0034.exe"):
        assert client.get(bad).status_code in (400, 404), bad


def test_without_app_database_pages_say_so(empty: TestClient) -> None:
    docs = empty.get("/documenten")
    assert docs.status_code == 200 and "nog geen documenten" in docs.text
    assert empty.get("/documenten", params={"q": "armoede"}).status_code == 200
    assert empty.get("/documenten/1").status_code == 404
    block = empty.get("/indicator/eenzaam").text.split("Wat documenten zeggen")[1]
    assert "nog geen documenten" in block and 'href="/documenten#toevoegen"' in block
    report = empty.get("/rapport")
    assert report.status_code == 200 and "Voor Almere is nog geen rapport gemaakt" in report.text
    assert empty.get("/zoek", params={"q": "armoede"}).status_code == 200


def test_every_text_of_these_pages_has_an_english_translation() -> None:
    import re

    from sociale_staat.web.i18n import catalogue

    folder = Path(__file__).resolve().parents[1] / "src" / "sociale_staat" / "web" / "templates"
    english = catalogue("en")
    files = [
        *folder.glob("documents/*.html"),
        folder / "rapport" / "rapport.html",
        folder / "search.html",
    ]
    said = {
        m.group(1) if m.group(1) is not None else m.group(2)
        for f in files
        for m in re.finditer(r"""_\((?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""", f.read_text())
    }
    assert said and not sorted(said - set(english))
