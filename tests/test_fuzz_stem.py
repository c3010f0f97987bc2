"""The Stem reaction form under Hypothesis, posted as a browser posts it (real form token, solved
challenge) with hostile values in every field: HTML and script, right-to-left overrides, NUL
bytes, 100 KB of text, emoji, SQL, template syntax. On both app-database engines each post is
either stored for moderation (the text as written, minus hidden characters, never shown before a
moderator approves it) or refused with a Dutch message; never a server error, and the
database never holds the poster's address."""

import html
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.stem import reactions
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.web import stem_site
from tests.stem_support import INDICATOR_PAGE, dump, open_form, received_id, solved

HOSTILE = st.one_of(
    st.sampled_from([
        "<script>alert('x')</script>", '"><img src=x onerror=alert(1)>', "</textarea><b>vet</b>",
        "\u202eelbaliava ton\u202c", "\u2067rtl\u2069", "tekst\x00met NUL", "\x00", "\x1b[31mrood",
        "Robert'); DROP TABLE stem_reactions;--", "' OR '1'='1", "{{ 7*7 }}", "{% raw %}",
        "😀👍🏽🇳🇱" * 40, "x" * 100_000, "a" * 501, "ä" * 500, "%00", "\r\n\r\nSet-Cookie: a=b",
        "   ", "GM0034", "WK003408", "ja", "javascript:alert(1)",
    ]),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=600),
)  # fmt: skip
FIELDS = [
    "tekst",
    "tekst",
    "tekst",
    "antwoord",
    "wijk",
    "leeftijd",
    "soort",
    "onderwerp",
    "gemeente",
    "csrf",
]
DUTCH = (
    "Het formulier",
    "Uw tekst",
    "Even wachten",
    "Deze reactie",
    "De controle",
    "De bevestiging",
)


@pytest.fixture
def client(
    warehouse: Warehouse, app_db: AppDatabase, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    monkeypatch.setenv("SOCIALE_STAAT_STEM_REKENWERK", "2000")  # quick to solve in a test
    monkeypatch.setenv("SOCIALE_STAAT_STEM_LIMIET", "100000")  # fuzzing, not throttling
    app = FastAPI()
    stem_site.include(app, warehouse, app_db.url)
    with TestClient(app, base_url="https://testserver") as c:  # a server error raises here
        yield c


def test_hostile_reactions_are_moderated_or_refused_in_dutch(
    client: TestClient, app_db: AppDatabase
) -> None:
    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(changes=st.dictionaries(st.sampled_from(FIELDS), HOSTILE, min_size=1, max_size=3))
    @example(changes={"tekst": "<script>alert('x')</script>"})
    @example(changes={"tekst": "tekst\x00met NUL en \u202eomgekeerd"})
    @example(changes={"tekst": "x" * 100_000})
    @example(changes={"tekst": "a" * 501})
    @example(changes={"onderwerp": "werkloosheid\x00"})
    def run(changes: dict[str, str]) -> None:
        page_before = html.unescape(client.get(INDICATOR_PAGE).text)
        data = {**solved(open_form(client)), "tekst": "", **changes}
        response = client.post("/stem/reactie", data=data)
        body = response.text
        assert response.status_code in (200, 400, 403, 413, 429), (response.status_code, body[:500])
        assert "<script>alert" not in body and "<img src=x" not in body  # escaped, never markup
        if response.status_code != 200:
            assert "Reactie niet verwerkt" in body and any(d in body for d in DUTCH), body[:800]
            return
        stored = reactions.get(app_db, received_id(body))
        written = reactions.clean_text(data["tekst"])[: reactions.MAX_TEXT] or None
        assert stored.text == written
        assert stored.status == ("te beoordelen" if written else "zonder tekst")
        if written and written.strip() and written not in page_before:
            after = html.unescape(client.get(INDICATOR_PAGE).text)
            assert written not in after  # nothing is shown before a moderator approves it

    run()
    assert "testclient" not in dump(app_db)  # the poster's address is never stored


def test_hidden_characters_are_dropped_and_the_rest_kept() -> None:
    assert reactions.clean_text(" a\x00b\u202ec\u2066d 😀 <b>\n") == "abcd 😀 <b>"
