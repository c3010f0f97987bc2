"""The national map and the comparison page in real headless Chromium (Debian's, via
Playwright): walk there from the home page, check the picture loads and the ranked list is
complete, then axe-core and the phone width on the new pages."""

from pathlib import Path

import pytest

from tests.test_e2e import (
    CHROMIUM,
    _watch,
    browser,
    follow,
    keep_screenshot,
    serious_axe_findings,
    server,
)

__all__ = ["browser", "server"]  # the shared fixtures of the browser tests
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian chromium ontbreekt (make test installeert het)"
)


def test_home_to_national_map_and_compare(server: str, browser: object) -> None:
    problems: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    _watch(page, problems)
    page.goto(server + "/")
    follow(page, page.get_by_role("link", name="Arbeid", exact=True))
    follow(page, page.get_by_role("link", name="Werkloosheid", exact=True).first)
    assert page.locator("h1").inner_text() == "Werkloosheid"
    follow(page, page.get_by_role("link", name="Alle gemeenten op de kaart en in een rangorde"))
    assert "alle gemeenten" in page.locator("h1").inner_text()
    picture = page.locator("figure.landkaart img")
    picture.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('figure.landkaart img').complete")
    assert picture.evaluate("img => img.naturalWidth") > 100  # the SVG loaded and drew
    rows = page.locator("table.rangorde tbody tr")
    assert 330 <= rows.count() <= 345
    assert page.locator("table.rangorde tr.focus").inner_text().count("Almere") == 1
    follow(page, page.get_by_role("link", name="Sociale Staat", exact=True))
    follow(page, page.get_by_role("link", name="Zet gemeenten naast elkaar op een thema"))
    page.get_by_label("Gemeenten (namen of CBS-codes").fill("Almere, Lelystad, GM0193")
    page.get_by_label("Thema").select_option("arbeid")
    follow(page, page.get_by_role("button", name="Vergelijk"))
    first = page.locator("table.vergelijk").first
    names = first.locator("tbody th").all_inner_texts()
    assert names == ["Almere", "Lelystad", "Zwolle", "Nederland"]
    context.close()
    assert not problems, problems


@pytest.mark.parametrize(
    "path",
    [
        "/indicator/werkloosheid/nederland",
        "/vergelijk?thema=arbeid&gemeenten=Almere,Lelystad,Zwolle",
        "/vergelijk",
        "/indicator/aandeel_bijstand?focus=GM0363",
    ],
)
def test_new_pages_accessible_and_phone_width(server: str, browser: object, path: str) -> None:
    problems: list[str] = []
    for name, viewport in (
        ("desktop", {"width": 1280, "height": 900}),
        ("telefoon", {"width": 390, "height": 844}),
    ):
        # bypass_csp only so that the test can inject axe; the site itself runs no script.
        context = browser.new_context(viewport=viewport, bypass_csp=True)  # type: ignore[attr-defined]
        page = context.new_page()
        _watch(page, problems)
        page.goto(server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"] + 1, f"{path} scrolls sideways at {name} width"
        small = page.evaluate(
            "() => [...document.querySelectorAll('.legenda li, table.rangorde td')]"
            ".filter(e => parseFloat(getComputedStyle(e).fontSize) < 11).length"
        )
        assert small == 0, f"{path}: legend or list text under 11 px at {name} width"
        serious = serious_axe_findings(page)
        assert not serious, f"{path} ({name}): {serious}"
        keep_screenshot(page, f"{path}-{name}")
        context.close()
    assert not problems, problems
