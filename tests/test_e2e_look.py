"""The dashboard in real headless Chromium at phone and desktop width: no table scrolls
sideways, every number of the wijk table is visible, chart text is at least 11 px as shown,
the English walk stays English, the keyboard reaches the content, and axe-core finds nothing
serious in either language. With SOCIALE_STAAT_SCREENSHOTS=<map> it also saves screenshots."""

import urllib.request

import pytest

from tests import test_e2e
from tests.test_e2e import _watch, follow, keep_screenshot, serious_axe_findings
from tests.test_web_look import font_sizes

pytestmark = test_e2e.pytestmark  # Debian's chromium, as in test_e2e
server = test_e2e.server  # the same module fixtures: a live server and one browser
browser = test_e2e.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WIJK_PAGE = "/indicator/aandeel_bijstand"


def _open(browser: object, viewport: dict[str, int], url: str, problems: list[str]) -> object:
    context = browser.new_context(viewport=viewport, bypass_csp=True)  # type: ignore[attr-defined]
    page = context.new_page()
    _watch(page, problems)
    page.goto(url)
    return page


def _close(page: object) -> None:
    page.context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "path", [WIJK_PAGE, "/thema/arbeid", "/gebied/WK003408", "/methode", "/colofon"]
)
def test_no_table_scrolls_sideways_on_a_phone(server: str, browser: object, path: str) -> None:
    problems: list[str] = []
    page = _open(browser, PHONE, server + path, problems)
    wide = page.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('.table-wrap, table')]
            .filter(e => e.scrollWidth > e.clientWidth + 1)
            .map(e => (e.querySelector('caption') || e).textContent.slice(0, 60))"""
    )
    assert not wide, f"{path}: {wide}"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # type: ignore[attr-defined]
    _close(page)
    assert not problems, problems


def test_every_number_of_the_wijk_table_is_visible_on_a_phone(server: str, browser: object) -> None:
    problems: list[str] = []
    page = _open(browser, PHONE, server + WIJK_PAGE, problems)
    cells = page.locator("table.wijken td.num")  # type: ignore[attr-defined]
    count = cells.count()
    assert count >= 20
    for i in range(count):
        cell = cells.nth(i)
        assert cell.is_visible(), i
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        clipped = cell.evaluate("e => e.scrollWidth > e.clientWidth + 1")
        assert not clipped and cell.inner_text().strip(), cell.inner_text()
    _close(page)
    assert not problems, problems


def _smallest_text(svg: str) -> float:
    sizes = font_sizes(svg)
    assert sizes
    return min(sizes)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["telefoon", "desktop"])
@pytest.mark.parametrize("path", [WIJK_PAGE, "/thema/arbeid"])
def test_chart_text_is_at_least_11_px_as_shown(
    server: str, browser: object, viewport: dict[str, int], path: str
) -> None:
    problems: list[str] = []
    page = _open(browser, viewport, server + path, problems)
    images = page.locator("img.chart")  # type: ignore[attr-defined]
    assert images.count() >= 2
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        page.wait_for_function("e => e.complete && e.naturalWidth > 0", arg=image.element_handle())  # type: ignore[attr-defined]
        shown, natural, source = image.evaluate(
            "e => [e.getBoundingClientRect().width, e.naturalWidth, e.currentSrc]"
        )
        with urllib.request.urlopen(source) as answer:  # the picture the browser chose
            svg = answer.read().decode()
        rendered = _smallest_text(svg) * shown / natural
        assert rendered >= 11, f"{source}: {rendered:.1f} px"
    _close(page)
    assert not problems, problems


def test_english_walk_home_theme_indicator(server: str, browser: object) -> None:
    problems: list[str] = []
    page = _open(browser, DESKTOP, server + "/?lang=en", problems)
    assert page.locator("html").get_attribute("lang") == "en"  # type: ignore[attr-defined]
    assert "The social state of Almere" in page.locator("h1").inner_text()  # type: ignore[attr-defined]
    follow(page, page.get_by_role("link", name="Work", exact=True))  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Work in Almere"  # type: ignore[attr-defined]
    follow(page, page.get_by_role("link", name="Unemployment", exact=True).first)  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Unemployment"  # type: ignore[attr-defined]
    assert "lang=en" in page.url  # type: ignore[attr-defined]
    nav = page.get_by_role("navigation", name="Main menu").inner_text()  # type: ignore[attr-defined]
    assert "Method" in nav and "Find help" in nav and "Nederlands" in nav
    follow(page, page.get_by_role("link", name="Nederlands"))  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Werkloosheid"  # type: ignore[attr-defined]
    assert page.locator("html").get_attribute("lang") == "nl"  # type: ignore[attr-defined]
    _close(page)
    assert not problems, problems


def test_keyboard_skip_link_reaches_the_content(server: str, browser: object) -> None:
    problems: list[str] = []
    page = _open(browser, DESKTOP, server + "/", problems)
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    focused = page.evaluate("document.activeElement.textContent")  # type: ignore[attr-defined]
    assert focused == "Naar de inhoud"
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    # The jump is a same-page navigation: wait for it (a loaded machine was slower than the check).
    page.wait_for_function("location.hash === '#inhoud'", timeout=5000)  # type: ignore[attr-defined]
    _close(page)
    assert not problems, problems


PAGES = [
    "/",
    "/thema/arbeid",
    "/indicator/werkloosheid",
    WIJK_PAGE,  # with the buurt maps, three of which scroll sideways on a phone
    "/gebied/WK003408",
    "/methode",
    "/colofon",
    "/toegankelijkheid",
]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_nothing_serious(server: str, browser: object, path: str, lang: str) -> None:
    problems: list[str] = []
    url = server + path + ("?lang=en" if lang == "en" else "")
    for name, viewport in (("desktop", DESKTOP), ("telefoon", PHONE)):
        page = _open(browser, viewport, url, problems)
        assert page.locator("html").get_attribute("lang") == lang  # type: ignore[attr-defined]
        if name == "desktop":
            serious = serious_axe_findings(page)
            assert not serious, f"{path} ({lang}): {serious}"
        keep_screenshot(page, f"look-{path.strip('/') or 'home'}-{lang}-{name}")
        _close(page)
    assert not problems, problems
