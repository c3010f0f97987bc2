"""Stem van de stad through the web: a reaction needs a valid form token and a solved challenge
(or the no-JavaScript confirmation after a wait), is throttled per client, and stores no address."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.stem import reactions
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.web import stem_site
from sociale_staat.web.app import create_app
from tests.stem_support import INDICATOR_PAGE, count, dump, open_form, received_id, solved


@pytest.fixture
def client(
    warehouse: Warehouse, app_db: AppDatabase, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    monkeypatch.setenv("SOCIALE_STAAT_STEM_REKENWERK", "2000")  # quick to solve in a test
    monkeypatch.setenv("SOCIALE_STAAT_STEM_LIMIET", "50")
    app = FastAPI()
    stem_site.include(app, warehouse, app_db.url)
    with TestClient(app, base_url="https://testserver") as c:
        yield c


def test_a_reaction_with_a_solved_challenge_is_stored_before_it_is_confirmed(
    client: TestClient, app_db: AppDatabase
) -> None:
    form = open_form(client)
    response = client.post("/stem/reactie", data=solved(form, antwoord="deels", wijk="WK003408"))
    assert response.status_code == 200 and "Reactie ontvangen" in response.text
    stored = reactions.get(app_db, received_id(response.text))
    assert (stored.answer, stored.wijk, stored.subject) == ("deels", "WK003408", "werkloosheid")
    assert response.headers["cache-control"] == "no-store"


def test_a_reaction_without_a_valid_challenge_is_refused(
    client: TestClient, app_db: AppDatabase
) -> None:
    form = open_form(client)
    forged = solved(form)
    other = open_form(client)  # a solution of another challenge does not fit this form...
    forged["altcha"] = solved(other)["altcha"][:-8] + "AAAAAAA="  # ...and a tampered one neither
    assert client.post("/stem/reactie", data=forged).status_code == 400
    assert (
        client.post("/stem/reactie", data={**solved(form), "altcha": "bm9uc2Vuc2U="}).status_code
        == 400
    )
    assert count(app_db) == 0


def test_a_solved_challenge_counts_once(client: TestClient, app_db: AppDatabase) -> None:
    form = open_form(client)
    data = solved(form)
    assert client.post("/stem/reactie", data=data).status_code == 200
    assert client.post("/stem/reactie", data=data).status_code == 400  # replayed
    assert count(app_db) == 1


def test_without_javascript_the_reaction_is_confirmed_after_a_wait(
    client: TestClient, app_db: AppDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = open_form(client)
    first = client.post(
        "/stem/reactie", data={**form.fields, "antwoord": "nee", "tekst": "Klopt niet"}
    )
    assert first.status_code == 200 and "Bevestig uw reactie" in first.text and count(app_db) == 0
    confirm = open_form_fields(first.text)
    too_soon = client.post("/stem/reactie", data=confirm)
    assert too_soon.status_code == 429 and count(app_db) == 0
    monkeypatch.setenv("SOCIALE_STAAT_STEM_WACHTTIJD", "0")
    assert client.post("/stem/reactie", data=confirm).status_code == 200
    assert count(app_db) == 1
    changed = {**confirm, "antwoord": "ja"}  # the confirmation fits only the reaction shown
    assert client.post("/stem/reactie", data=changed).status_code == 400


def open_form_fields(body: str) -> dict[str, str]:
    import html
    import re

    return {
        m.group(1): html.unescape(m.group(2))
        for m in re.finditer(r'<input type="hidden" name="(\w+)" value="([^"]*)"', body)
    }


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d.pop("csrf"),
        lambda d: d.update(csrf="1700000000.abcd.ef01"),
        lambda d: d.update(onderwerp="aandeel_bijstand"),  # a token for another subject
    ],
)
def test_posts_without_a_valid_form_token_are_refused(
    client: TestClient, app_db: AppDatabase, spoil: object
) -> None:
    data = solved(open_form(client))
    spoil(data)  # type: ignore[operator]
    assert client.post("/stem/reactie", data=data).status_code == 403
    assert count(app_db) == 0


def test_a_form_posted_from_another_site_is_refused(
    client: TestClient, app_db: AppDatabase
) -> None:
    data = solved(open_form(client))
    response = client.post("/stem/reactie", data=data, headers={"Origin": "https://kwaad.example"})
    assert response.status_code == 403 and count(app_db) == 0


def test_choices_outside_the_declared_lists_are_refused(
    client: TestClient, app_db: AppDatabase
) -> None:
    form = open_form(client)
    for bad in ({"wijk": "../../etc/passwd"}, {"antwoord": "misschien"}, {"leeftijd": "42"}):
        assert client.post("/stem/reactie", data=solved(form, **bad)).status_code == 400
    assert count(app_db) == 0


def test_repeated_posting_is_throttled(
    client: TestClient, app_db: AppDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALE_STAAT_STEM_LIMIET", "3")
    codes = [
        client.post("/stem/reactie", data=solved(open_form(client))).status_code for _ in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]
    assert count(app_db) == 3


def test_the_database_holds_no_address(
    client: TestClient, app_db: AppDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALE_STAAT_STEM_PROXY", "testclient")  # behind our own proxy
    headers = {"X-Forwarded-For": "203.0.113.77", "User-Agent": "Mozilla/5.0 Testbrowser/1.0"}
    for _ in range(3):
        data = solved(open_form(client), tekst="Herken ik wel")
        assert client.post("/stem/reactie", data=data, headers=headers).status_code == 200
    everything = dump(app_db)
    for trace in ("203.0.113.77", "testclient", "Testbrowser", "127.0.0.1"):
        assert trace not in everything
    assert count(app_db) == 3  # the rate limit counted them all on one salted key
    with app_db.reader() as conn:
        from sqlalchemy import text

        keys = {r[0] for r in conn.execute(text("SELECT key FROM counters WHERE scope = 'stem'"))}
    assert len(keys) == 1 and len(next(iter(keys))) == 64


def test_a_wijk_can_be_reacted_on(client: TestClient) -> None:
    form = open_form(client, "/stem/wijk/WK003408")
    assert form.fields["soort"] == "wijk"
    assert client.post("/stem/reactie", data=solved(form, antwoord="nee")).status_code == 200


def test_the_dashboard_asks_herkent_u_dit_and_never_caches_the_form(
    almere_store: Path, app_db: AppDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALE_STAAT_APP_DB", app_db.url)
    dashboard = TestClient(create_app(almere_store), base_url="https://testserver")
    page = dashboard.get("/indicator/werkloosheid")
    assert "Herkent u dit?" in page.text and 'action="/stem/indicator/werkloosheid"' in page.text
    assert "Herkent u dit?" in dashboard.get("/gebied/WK003408").text
    first, second = open_form(dashboard), open_form(dashboard)
    assert first.fields["csrf"] != second.fields["csrf"]  # not served from the response cache
    answer = dashboard.get(INDICATOR_PAGE)
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert '<script src="/static/stem.js" defer></script>' in answer.text
    assert dashboard.get("/static/stem.js").status_code == 200
    assert dashboard.get("/stem/indicator/bestaat_niet").status_code == 404
