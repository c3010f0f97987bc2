"""The reaction form in real headless Chromium: with JavaScript the proof of work is solved by
/static/stem.js under the strict CSP; without JavaScript the confirmation step takes over."""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import environment
from tests.stem_support import INDICATOR_PAGE
from tests.test_e2e import CHROMIUM, _watch, browser, follow, serving

__all__ = ["browser"]  # the shared module fixture: one Chromium

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian chromium ontbreekt (make test installeert het)"
)
SETTINGS = {"SOCIALE_STAAT_STEM_REKENWERK": "5000", "SOCIALE_STAAT_STEM_WACHTTIJD": "1"}


@pytest.fixture(scope="module")
def server(almere_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from sociale_staat.web.app import create_app

    app_db = f"sqlite:///{tmp_path_factory.mktemp('stem') / 'app.sqlite'}"
    with (
        environment(**SETTINGS, SOCIALE_STAAT_APP_DB=app_db),
        serving(create_app(almere_store)) as base,
    ):
        yield base


def test_with_javascript_the_challenge_is_solved_in_the_browser(
    server: str, browser: object
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    problems: list[str] = []
    _watch(page, problems)
    page.goto(server + "/indicator/werkloosheid?focus=GM0034")
    page.check("input[name=antwoord][value=deels]")
    # The GET form on the cached page leads to the reaction form.
    follow(page, page.locator("button:has-text('Verder')"))
    assert page.is_checked("input[name=antwoord][value=deels]")
    page.fill("#tekst", "Ik zie in mijn buurt vooral jongeren zonder werk.")
    page.wait_for_selector(".stem-status:has-text('Controle klaar')", timeout=60_000)
    follow(page, page.locator("button:has-text('Versturen')"))
    assert "Reactie ontvangen" in page.inner_text("h1")
    assert problems == []  # no CSP violation, no request outside 127.0.0.1


def test_without_javascript_the_reaction_is_confirmed(server: str, browser: object) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server + INDICATOR_PAGE)
    page.check("input[name=antwoord][value=nee]")
    follow(page, page.locator("button:has-text('Versturen')"))
    assert page.inner_text("h1") == "Bevestig uw reactie"
    time.sleep(1.5)  # the wait the confirmation token enforces
    follow(page, page.locator("button:has-text('Bevestigen')"))
    assert "Reactie ontvangen" in page.inner_text("h1"), page.inner_text("main")
    context.close()
