"""Sociale kaart pages in real headless Chromium: accessibility (axe-core, WCAG 2 A/AA), no
sideways scrolling on a phone, no console errors or requests leaving 127.0.0.1."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import environment, kaart_app_db
from tests.test_e2e import CHROMIUM, _watch, browser, serious_axe_findings, serving

__all__ = ["browser"]  # the shared module fixture: one Chromium

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium ontbreekt")


@pytest.fixture(scope="module")
def kaart_server(almere_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from sociale_staat.web.app import create_app

    url = kaart_app_db(tmp_path_factory.mktemp("e2e"))
    with environment(SOCIALE_STAAT_APP_DB=url), serving(create_app(almere_store)) as base:
        yield base


@pytest.mark.parametrize(
    "path",
    ["/sociale-kaart?behoefte=schulden&postcode=1315&dag=zaterdag", "/sociale-kaart/dekking"],
)
def test_sociale_kaart_pages_are_accessible(kaart_server: str, browser: object, path: str) -> None:
    problems: list[str] = []
    for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        context = browser.new_context(viewport=viewport, bypass_csp=True)  # type: ignore[attr-defined]
        page = context.new_page()
        _watch(page, problems)
        page.goto(kaart_server + path)
        assert "fictief (handgemaakte testgegevens)" in page.content()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"] + 1, f"{path} scrolls sideways at {viewport['width']} px"
        if viewport["width"] > 1000:
            serious = serious_axe_findings(page)
            assert not serious, f"{path}: {serious}"
        context.close()
    assert not problems, problems
