"""The dashboard's look and languages through the ASGI test client: NL Design System CSS served
from the package, English pages that stay English, the methods/colofon/accessibility pages,
highlights judged by polarity, true peer counts, gap reasons said once, readable chart text."""

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from sociale_staat.web import language, static, views
from sociale_staat.web.app import STATIC, create_app
from sociale_staat.web.figures import FONT


@pytest.fixture(scope="module")
def client(almere_store: Path) -> TestClient:
    return TestClient(create_app(almere_store))


def test_nl_design_system_css_is_served_from_the_package(client: TestClient) -> None:
    html = client.get("/").text
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert sheets[:3] == [
        "/static/nlds/voorbeeld-theme.css",
        "/static/nlds/utrecht-html.css",
        "/static/nlds/utrecht-components.css",
    ]
    for sheet in sheets:
        response = client.get(sheet)
        assert response.status_code == 200 and response.headers["content-type"].startswith(
            "text/css"
        )
        assert response.content == (STATIC / sheet.removeprefix("/static/")).read_bytes()
    assert b".utrecht-page-header" in client.get(sheets[2]).content
    assert 'class="utrecht-html voorbeeld-theme sociale-staat-theme"' in html
    notice = (STATIC / "nlds" / "NOTICE.md").read_text()
    assert "EUPL-1.2" in notice and "9.0.4" in notice


def test_static_files_are_a_set_listed_at_start_up() -> None:
    answers = static.read(STATIC)
    on_disk = {
        f"/static/{p.relative_to(STATIC).as_posix()}"
        for p in STATIC.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }
    assert set(answers) == on_disk and "/static/nlds/utrecht-components.css" in answers
    assert answers["/static/nlds/utrecht-components.css"].body.startswith(b"/**")


@pytest.mark.parametrize("url", ["/methode", "/colofon", "/toegankelijkheid"])
def test_about_pages_are_linked_from_every_footer(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    footer = client.get("/").text.split('role="contentinfo"')[1]
    assert f'href="{url}"' in footer


def test_methods_page_reads_groups_and_rules_from_their_declarations(client: TestClient) -> None:
    html = client.get("/methode").text
    for name in ("almere-2023", "structuur-vergelijkbaar", "provincie-flevoland"):
        assert f'id="groep-{name}"' in html
    assert "De twaalf steden van de Almeerse sociale-staatstudie" in html  # the rationale
    assert "minder dan 100 inwoners" in html  # wijkprofiel.yml min_inwoners
    assert "meer dan 3 jaar ouder" in html and "boven 3,5" in html  # the settings
    assert "bundel" not in html and "snapshot" not in html


def test_colofon_lists_every_source_with_its_licence(client: TestClient) -> None:
    html = client.get("/colofon").text
    site = client.app.state.site  # type: ignore[attr-defined]
    for source in site.sources.values():
        assert source.cbs_table in html and str(escape(source.licence)) in html
    assert "@utrecht/component-library-css" in html and "9.0.4" in html


def test_english_pages_keep_their_language_in_every_link(client: TestClient) -> None:
    html = client.get("/thema/arbeid?lang=en").text
    assert '<html lang="en"' in html
    assert "Work in Almere" in html and "Method" in html and "Unemployment" in html
    links = re.findall(r'<a [^>]*href="(/[^"]*)"[^>]*>', html)
    switch_free = [u for u in links if f'href="{u}" hreflang' not in html]
    assert len(switch_free) > 20 and all("lang=en" in u for u in switch_free), switch_free
    switch = re.search(r'<a [^>]*href="([^"]*)" hreflang="nl"', html)
    assert switch is not None and "lang=" not in switch.group(1)
    assert switch.group(1).startswith("/thema/arbeid")
    assert '<input type="hidden" name="lang" value="en">' in html  # the search form
    pictures = re.findall(r'<img class="chart" src="([^"]+)"', html)
    assert pictures and all(p.endswith("lang=en") for p in pictures)
    svg = client.get(pictures[0].replace("&amp;", "&")).text
    assert "Netherlands" in svg or "benchmark municipalities" in svg
    prefixed = client.get("/en/thema/arbeid").text
    assert '<html lang="en"' in prefixed and "Work in Almere" in prefixed


def test_language_switch_keeps_the_page_and_its_parameters(client: TestClient) -> None:
    html = client.get("/indicator/werkloosheid?focus=GM0363").text
    switch = re.search(r'<a [^>]*href="([^"]*)" hreflang="en"', html)
    assert switch is not None
    assert switch.group(1) == "/indicator/werkloosheid?focus=GM0363&amp;lang=en"
    assert language.switch_target("/x", b"a=1&lang=en", "en") == "/x?a=1"


def test_language_is_part_of_the_cache_key(client: TestClient) -> None:
    dutch = client.get("/thema/gezondheid").text
    english = client.get("/thema/gezondheid?lang=en").text
    again = client.get("/thema/gezondheid").text
    assert '<html lang="nl"' in dutch and '<html lang="en"' in english and again == dutch


def test_error_pages_follow_the_language(client: TestClient) -> None:
    response = client.get("/bestaat-niet?lang=en")
    assert response.status_code == 404
    assert '<html lang="en"' in response.text and "Not found" in response.text


def test_english_sentences_are_written_in_english(client: TestClient) -> None:
    html = client.get("/indicator/werkloosheid?lang=en").text
    assert "Unemployment in Almere:" in html and "Nationally the figure is" in html
    assert "ligt de werkloosheid" not in html


def test_highlights_carry_year_and_a_verdict_word(client: TestClient) -> None:
    html = client.get("/").text
    findings = re.findall(r'<div class="finding finding-(\w+)">(.*?)</div>', html, re.S)
    assert findings
    for tone, body in findings:
        assert re.search(r"<strong>[^<]+, (19|20)\d\d</strong>", body), body
        word = {
            "gunstig": "Gunstig",
            "ongunstig": "Ongunstig",
            "neutraal": "(Geen oordeel|Gemiddeld)",
        }
        assert re.search(f'class="verdict verdict-{tone}">{word[tone]}<', body), body
    assert {t for t, _ in findings} >= {"gunstig", "ongunstig"}


def test_verdict_follows_polarity(client: TestClient) -> None:
    site = client.app.state.site  # type: ignore[attr-defined]
    b = site.benchmark("GM0034", "almere-2023")
    for item in b.items:
        v = views.verdict(item)
        if item.indicator.polarity == "neutraal" or item.diff_peer_median is None:
            continue
        worse = (
            item.diff_peer_median > 0
            if item.indicator.polarity == "lager_is_beter"
            else item.diff_peer_median < 0
        )
        if abs(item.diff_peer_median) >= 0.1**item.indicator.decimals:
            assert v.tone == ("ongunstig" if worse else "gunstig"), item.id


def test_theme_caption_counts_the_peers_with_data(client: TestClient) -> None:
    site = client.app.state.site  # type: ignore[attr-defined]
    b = site.benchmark("GM0034", "almere-2023")
    for theme, items in b.by_theme().items():
        html = client.get(f"/thema/{theme}").text
        caption = re.search(r"<caption[^>]*>(.*?)</caption>", html, re.S)
        assert caption is not None
        counts = {views.reporting(i) for i in items if i.peer_median is not None}
        if len(counts) == 1 and counts != {12}:
            assert f"mediaan van {counts.pop()} van de 12 benchmarkgemeenten" in caption.group(1)
        elif len(counts) > 1:
            assert "het aantal staat per regel" in caption.group(1)
            assert re.search(r"\(\d+ van 12\)", html)


def test_theme_page_has_a_small_chart_per_indicator_with_years(client: TestClient) -> None:
    html = client.get("/thema/arbeid").text
    srcs = re.findall(r'<img class="chart" src="(/grafiek/[^"]+soort=klein)"', html)
    assert len(srcs) >= 5
    svg = client.get(srcs[0].replace("&amp;", "&"))
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")


def test_a_gap_reason_is_said_once_per_table() -> None:
    rows = [("A", "geheim"), ("B", None), ("C", "geheim"), ("D", "niet in bundel: x")]
    notes, number = views.gap_notes(rows)
    assert [n.reason for n in notes] == ["geheim", "x"]
    assert notes[0].names == ("A", "C") and number == {"A": 1, "C": 1, "D": 2}


def test_indicator_page_says_each_reason_once(client: TestClient) -> None:
    for url in ("/indicator/werkloosheid?focus=GM0855", "/indicator/aandeel_bijstand"):
        html = client.get(url).text
        notes = re.findall(r"<li>Noot \d+: geen waarde voor [^<]*: ([^<]*)</li>", html)
        assert len(notes) == len(set(notes))
        for reason in notes:
            assert html.count(reason) == 1, reason


def font_sizes(svg: str) -> list[float]:
    """Every text size in an SVG, from the attribute or the style (also used by test_e2e_look)."""
    root = ElementTree.fromstring(svg)
    sizes = []
    for node in root.iter():
        if node.tag.endswith("text"):
            size = node.get("font-size") or ""
            style = re.search(r"font-size:\s*([\d.]+)", node.get("style") or "")
            value = size.removesuffix("px") or (style.group(1) if style else "")
            if value:
                sizes.append(float(value))
    return sizes


@pytest.mark.parametrize("soort", ["vergelijking", "trend", "wijken", "klein"])
@pytest.mark.parametrize("maat", ["breed", "smal"])
def test_chart_text_is_at_least_twelve_px_in_the_picture(
    client: TestClient, soort: str, maat: str
) -> None:
    indicator = "aandeel_bijstand" if soort == "wijken" else "werkloosheid"
    svg = client.get(f"/grafiek/{indicator}.svg?soort={soort}&maat={maat}").text
    sizes = font_sizes(svg)
    assert sizes and min(sizes) >= FONT, (soort, maat, sorted(set(sizes)))
    width = float(ElementTree.fromstring(svg).get("width") or 0)
    if maat == "smal":  # shown at its own size on a 390 px phone, never scaled down
        assert width <= 358, width


def test_no_internal_words_on_the_dashboard(client: TestClient) -> None:
    for url in (
        "/",
        "/thema/inkomen",
        "/indicator/aandeel_bijstand",
        "/gebied/WK003408",
        "/methode",
    ):
        html = client.get(url).text.lower()
        text = re.sub(r"<[^>]+>", " ", html)
        for word in ("bundel", "catalogus", "snapshot", "manifest", ".yml", "export stopte"):
            assert word not in text, (url, word)
