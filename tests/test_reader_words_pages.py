"""The dashboard speaks to readers: no page shows the analysts' words of the declarations and the
read layer ("niet in bundel", "partieel", the export's row limit, snapshot ids).

Declarations may say "niet in bundel" (issue 12 asks that of analysts' texts); the read layer
turns it into reader words (warehouse/reasons.py) and the caveats are written for readers. This
renders every page a reader reaches from the start page through the web app, as served.
"""

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sociale_staat.declarations.catalogue import THEMES, Catalogue
from sociale_staat.web.app import create_app

FORBIDDEN = [
    "bundel",
    "partieel",
    "meegeleverd",
    "export stopte",
    "10.000 rijen",
    "snapshot",
    "titel niet geverifieerd",
]


@pytest.fixture(scope="module")
def client(almere_store: Path) -> TestClient:
    return TestClient(create_app(almere_store))


def _visible(page: str) -> str:
    body = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def test_no_page_shows_internal_words(client: TestClient, catalogue: Catalogue) -> None:
    urls = ["/", "/gemeente", *(f"/thema/{t}" for t in THEMES)]
    urls += [f"/indicator/{i.id}" for i in catalogue]
    # Every programme page (they quote the indicators' reasons for missing figures).
    listing = client.get("/programmas").text
    urls += ["/programmas", *sorted(set(re.findall(r'href="(/programma/[^"?#]+)"', listing)))]
    assert sum(u.startswith("/programma/") for u in urls) >= 2
    leaks = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = _visible(response.text).lower()
        leaks += [(url, w, text[text.find(w) - 80 :][:200]) for w in FORBIDDEN if w in text]
    assert not leaks, leaks


def test_a_gap_and_a_missing_source_in_reader_words(client: TestClient) -> None:
    # aandeel_bijstand: declared caveat and the read layer's reason for Tilburg;
    # winkeldiefstallen: declared "niet in bundel: haal CBS-tabel 83648NED … op".
    bijstand = _visible(client.get("/indicator/aandeel_bijstand").text)
    assert "de gebruikte versie van CBS 85586NED bevat niet alle gemeenten" in bijstand
    assert "per 1.000 inwoners" in bijstand  # the caveat points to the comparable figure
    winkel = _visible(client.get("/indicator/winkeldiefstallen_per_1000").text)
    assert "de bron is hier niet opgenomen" in winkel and "83648NED" in winkel
