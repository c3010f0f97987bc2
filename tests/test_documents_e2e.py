"""Documents and the report in real headless Chromium (Debian's, via Playwright): walk from the
home page to what documents say about an indicator and on to the document; download the report
and open the PDF; axe-core on the new pages; phone and desktop screenshots."""

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SiteHome, environment
from tests.test_e2e import (
    CHROMIUM,
    _watch,
    browser,
    follow,
    keep_screenshot,
    serious_axe_findings,
    serving,
)

__all__ = ["browser"]  # the shared module fixture: one Chromium

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian chromium ontbreekt (make test installeert het)"
)


@pytest.fixture(scope="module")
def server(almere_store: Path, site_home: SiteHome) -> Iterator[str]:
    from sociale_staat.web.app import create_app

    with environment(
        SOCIALE_STAAT_HOME=str(site_home.home),
        SOCIALE_STAAT_APP_DB=site_home.app_db,
        SOCIALE_STAAT_KENNISBANK="",
    ):
        app = create_app(almere_store)
    with serving(app) as base:
        yield base


def test_home_theme_indicator_documents_document(server: str, browser: object) -> None:
    problems: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    _watch(page, problems)
    page.goto(server + "/")
    follow(page, page.get_by_role("link", name="Demografie", exact=True))
    follow(page, page.get_by_role("table").get_by_role("link", name="Inwoners", exact=True).first)
    assert page.locator("h1").inner_text() == "Inwoners"
    block = page.locator("section.claims")
    assert block.get_by_role("heading", name="Wat documenten zeggen").is_visible()
    claim = block.locator("li.claim", has_text="350.000 inwoners")
    assert claim.count() >= 1
    verdict = claim.first.locator(".verdict").inner_text()
    assert verdict.startswith(("Wijkt af", "Klopt", "Niet te toetsen"))
    follow(page, claim.first.get_by_role("link", name="Lees in het document"))
    assert page.locator("h1").inner_text().startswith("deSTADSWIJKstudies")
    target = page.url.split("#")[1]
    assert "350.000 inwoners" in page.locator(f"#{target}").inner_text()
    context.close()
    assert not problems, problems


def test_home_to_report_download_and_the_pdf_opens(
    server: str, browser: object, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    problems: list[str] = []
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    _watch(page, problems)
    page.goto(server + "/")
    follow(page, page.get_by_role("link", name="Rapport", exact=True))
    assert "Almere" in page.locator("h1").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download als PDF").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name == "sociale-staat-almere.pdf"
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 5 and "Almere" in (reader.pages[0].extract_text() or "")
    context.close()
    assert not problems, problems


@pytest.mark.parametrize(
    "path",
    [
        "/documenten",
        "/documenten?q=eenzaamheid+ouderen",
        "/documenten/1?q=ouderen",
        "/rapport",
        "/rapport?focus=GM0363",
        "/zoek?q=eenzaamheid",
        "/indicator/inwoners",
    ],
)
def test_accessibility_phone_width_and_screenshots(server: str, browser: object, path: str) -> None:
    problems: list[str] = []
    for name, viewport in (
        ("desktop", {"width": 1280, "height": 900}),
        ("telefoon", {"width": 390, "height": 844}),
    ):
        # bypass_csp only so that the test can inject axe; the site itself runs no script.
        context = browser.new_context(viewport=viewport, bypass_csp=True)  # type: ignore[attr-defined]
        page = context.new_page()
        _watch(page, problems)
        response = page.goto(server + path)
        assert response is not None and response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"] + 1, f"{path} scrolls sideways at {name} width"
        serious = serious_axe_findings(page)
        assert not serious, f"{path} ({name}): {serious}"
        keep_screenshot(page, f"{path}-{name}")
        context.close()
    assert not problems, problems
