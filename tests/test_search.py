"""Finding indicators, themes and areas: Dutch stems and the taxonomy's words (so 'eenzaamheid'
and 'eenzaam' find the loneliness indicators), `%` and `_` as plain characters, the chosen
gemeente kept on the result links."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sociale_staat.core import paths
from sociale_staat.declarations.catalogue import THEMES
from sociale_staat.declarations.taxonomy import Taxonomy
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.web.app import create_app
from sociale_staat.web.finder import Finder, query_terms

LONELY = {"eenzaam", "ernstig_eenzaam", "eenzaam_gemeten"}


@pytest.fixture(scope="module")
def finder(warehouse: Warehouse) -> Finder:
    return Finder(warehouse.indicators(), Taxonomy(paths.taxonomy_dir()), THEMES)


@pytest.mark.parametrize("query", ["eenzaamheid", "eenzaam", "Eenzaamheid", "EENZAAM"])
def test_word_forms_find_the_loneliness_indicators(finder: Finder, query: str) -> None:
    found = [f.key for f in finder.indicators_for(query)]
    assert set(found) >= LONELY, found
    assert set(found[:3]) == LONELY  # nothing ranks above them


def test_taxonomy_words_and_compounds(finder: Finder) -> None:
    # 'werklozen' is one of the taxonomy's words for werkloosheid, not in its title.
    assert "werkloosheid" in [f.key for f in finder.indicators_for("werklozen")]
    # A stem also finds compounds that start with it: 'jeugd' -> 'jeugdhulp'.
    assert "aandeel_jongeren_met_jeugdhulp" in [f.key for f in finder.indicators_for("jeugd")]
    # All words must match when some indicator has them all; the title counts most.
    both = [f.key for f in finder.indicators_for("ernstig eenzaam")]
    assert both[0] == "ernstig_eenzaam" and set(both) <= LONELY
    assert [t.key for t in finder.themes_for("eenzaamheid")] == ["gezondheid"]
    assert finder.indicators_for("de het een") == [] and finder.indicators_for("") == []


def test_query_terms_use_the_concept_synonyms(finder: Finder) -> None:
    [terms] = query_terms("vertrouwen", finder.synonyms)
    assert len(terms) >= 2  # 'vertrouwen' also stands for 'wantrouwen'


@pytest.mark.parametrize("query", ["%", "_", "%%", "A_mere", "Alm%re", "\\", "100%"])
def test_percent_and_underscore_are_literal(warehouse: Warehouse, query: str) -> None:
    assert warehouse.find_areas(query) == []


def test_plain_area_search_still_finds(warehouse: Warehouse) -> None:
    names = [a.name for a in warehouse.find_areas("almere")]
    assert names[0] == "Almere" and len(names) > 5
    assert [a.code for a in warehouse.find_areas("gm0034")] == ["GM0034"]


@pytest.fixture(scope="module")
def client(almere_store: Path) -> TestClient:
    return TestClient(create_app(almere_store))


def test_search_page_keeps_the_focus_and_finds_by_stem(client: TestClient) -> None:
    html = client.get("/zoek", params={"q": "eenzaamheid", "focus": "GM0363"}).text
    # The chosen gemeente and the group it gets stay on every result link.
    assert 'href="/indicator/eenzaam?focus=GM0363&amp;groep=' in html
    assert 'href="/indicator/ernstig_eenzaam?focus=GM0363&amp;groep=' in html
    assert 'href="/thema/gezondheid?focus=GM0363&amp;groep=' in html
    wild = client.get("/zoek", params={"q": "%"})
    assert wild.status_code == 200 and "Niets gevonden" in wild.text
    assert client.get("/zoek", params={"q": "almere", "focus": "Nergenshuizen"}).status_code == 404
