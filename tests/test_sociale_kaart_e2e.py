"""Sociale kaart pages in real headless Chromium: accessibility (axe-core, WCAG 2 A/AA), no
sideways scrolling on a phone, no console errors or requests leaving 127.0.0.1."""

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.sociale_kaart import package
from sociale_staat.sociale_kaart.store import ServiceStore
from tests.test_e2e import CHROMIUM, FLAGS, _watch, serious_axe_findings

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium ontbreekt")
ALMERE = Path(__file__).parent / "fixtures" / "hsds" / "almere"


@pytest.fixture(scope="module")
def kaart_server(almere_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from sociale_staat.web.app import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'app.sqlite'}"
    db = AppDatabase(url)
    ServiceStore(db).import_bundle(package.read(ALMERE), "almere")
    db.close()
    patch = pytest.MonkeyPatch()
    patch.setenv("SOCIALE_STAAT_APP_DB", url)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(almere_store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    patch.undo()


@pytest.fixture(scope="module")
def kaart_browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.mark.parametrize(
    "path",
    ["/sociale-kaart?behoefte=schulden&postcode=1315&dag=zaterdag", "/sociale-kaart/dekking"],
)
def test_sociale_kaart_pages_are_accessible(
    kaart_server: str, kaart_browser: object, path: str
) -> None:
    problems: list[str] = []
    for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        context = kaart_browser.new_context(viewport=viewport, bypass_csp=True)  # type: ignore[attr-defined]
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
