"""End to end in real headless Chromium (Debian's, via Playwright): click through, download,
check accessibility with axe-core, and fail on console errors or requests leaving 127.0.0.1."""

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(os.environ.get("SOCIALE_STAAT_SCREENSHOTS", ""))
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian chromium ontbreekt (make test installeert het)"
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """`app` served by uvicorn in a thread on a free port of 127.0.0.1, for the browser tests."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(100):
        if instance.started:
            break
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(almere_store: Path) -> Iterator[str]:
    from sociale_staat.web.app import create_app

    with serving(create_app(almere_store)) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def serious_axe_findings(page: Any) -> list[tuple[str, list[Any]]]:
    """axe-core's serious and critical WCAG 2 A/AA findings: (rule, first three elements)."""
    assert AXE.exists(), "axe-core ontbreekt: `make test` installeert het (npm)"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
    return [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def keep_screenshot(page: Any, label: str) -> None:
    """With SOCIALE_STAAT_SCREENSHOTS=<map>: a full-page screenshot named after `label`."""
    if SHOTS.name:
        SHOTS.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^\w.-]+", "-", label.strip("/"))[:80] or "home"
        page.screenshot(path=str(SHOTS / f"{slug}.png"), full_page=True)


def follow(page: Any, target: Any) -> None:
    """Click `target` and wait until the page it leads to has loaded: a click returns as soon as
    the new page starts to arrive, and asserting then reads half a page (or the old one)."""
    with page.expect_navigation():
        target.click()


def _watch(page: object, problems: list[str]) -> None:
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))  # type: ignore[attr-defined]

    def request(r: object) -> None:
        host = urlparse(r.url).hostname  # type: ignore[attr-defined]
        if r.url.startswith("http") and host != "127.0.0.1":  # type: ignore[attr-defined]
            problems.append(f"request outside 127.0.0.1: {r.url}")  # type: ignore[attr-defined]

    page.on("request", request)  # type: ignore[attr-defined]


def test_click_through_and_download(server: str, browser: object, tmp_path: Path) -> None:
    problems: list[str] = []
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    _watch(page, problems)
    page.goto(server + "/")
    assert "De sociale staat van Almere" in page.locator("h1").inner_text()
    follow(page, page.get_by_role("link", name="Inkomen en bestaanszekerheid", exact=True))
    assert "Inkomen en bestaanszekerheid in Almere" in page.locator("h1").inner_text()
    follow(
        page, page.get_by_role("link", name="Inwoners met een bijstandsuitkering", exact=True).first
    )
    assert page.locator("h1").inner_text() == "Inwoners met een bijstandsuitkering"
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").first.click()
    target = tmp_path / "bijstand.csv"
    info.value.save_as(target)
    text = target.read_text()
    assert "# licentie: CC BY 4.0" in text and "GM0034,Almere,2023" in text
    follow(page, page.get_by_role("link", name="De Wierden"))
    assert page.locator("h1").inner_text() == "De Wierden"
    assert "duidelijk ongunstiger dan de stad" in page.content()
    if SHOTS.name:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "wijk-desktop.png"), full_page=True)
    context.close()
    assert not problems, problems


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/thema/gezondheid",
        "/indicator/werkloosheid",
        "/gebied/WK003408",
        "/zoek?q=almere",
        "/programma/almere-2-0-leer-en-werkomgeving",
        "/programma/bbv-beleidsindicatoren",
        "/programma/almere-2-0-leer-en-werkomgeving?lang=en",  # English words are longer
        "/stem/indicator/werkloosheid?lang=en",
    ],
)
def test_accessibility_and_phone_width(server: str, browser: object, path: str) -> None:
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
        if name == "desktop":
            serious = serious_axe_findings(page)
            assert not serious, f"{path}: {serious}"
        keep_screenshot(page, f"{path}-{name}")
        context.close()
    assert not problems, problems
