"""The reaction form in real headless Chromium: with JavaScript the proof of work is solved by
/static/stem.js under the strict CSP; without JavaScript the confirmation step takes over."""

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.stem_support import INDICATOR_PAGE
from tests.test_e2e import CHROMIUM, FLAGS, _watch

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian chromium ontbreekt (make test installeert het)"
)
SETTINGS = {"SOCIALE_STAAT_STEM_REKENWERK": "5000", "SOCIALE_STAAT_STEM_WACHTTIJD": "1"}


@pytest.fixture(scope="module")
def server(almere_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from sociale_staat.web.app import create_app

    saved = {k: os.environ.get(k) for k in [*SETTINGS, "SOCIALE_STAAT_APP_DB"]}
    os.environ.update(SETTINGS)
    os.environ["SOCIALE_STAAT_APP_DB"] = (
        f"sqlite:///{tmp_path_factory.mktemp('stem') / 'app.sqlite'}"
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        create_app(almere_store), host="127.0.0.1", port=port, log_level="warning"
    )
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(100):
        if instance.started:
            break
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def test_with_javascript_the_challenge_is_solved_in_the_browser(
    server: str, browser: object
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    problems: list[str] = []
    _watch(page, problems)
    page.goto(server + "/indicator/werkloosheid?focus=GM0034")
    page.check("input[name=antwoord][value=deels]")
    with page.expect_navigation():  # the GET form on the cached page leads to the reaction form
        page.click("button:has-text('Verder')")
    assert page.is_checked("input[name=antwoord][value=deels]")
    page.fill("#tekst", "Ik zie in mijn buurt vooral jongeren zonder werk.")
    page.wait_for_selector(".stem-status:has-text('Controle klaar')", timeout=60_000)
    with page.expect_navigation():
        page.click("button:has-text('Versturen')")
    assert "Reactie ontvangen" in page.inner_text("h1")
    assert problems == []  # no CSP violation, no request outside 127.0.0.1


def test_without_javascript_the_reaction_is_confirmed(server: str, browser: object) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server + INDICATOR_PAGE)
    page.check("input[name=antwoord][value=nee]")
    with page.expect_navigation():
        page.click("button:has-text('Versturen')")
    assert page.inner_text("h1") == "Bevestig uw reactie"
    time.sleep(1.5)  # the wait the confirmation token enforces
    with page.expect_navigation():
        page.click("button:has-text('Bevestigen')")
    assert "Reactie ontvangen" in page.inner_text("h1"), page.inner_text("main")
    context.close()
