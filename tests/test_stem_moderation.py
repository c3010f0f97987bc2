"""Moderation: scrypt passwords with lock-out, server-side sessions with strict cookies, and a
rejected text that appears nowhere; counts below ten hidden on every output."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.core.errors import InputError
from sociale_staat.stem import export, moderation, reactions
from sociale_staat.stem import report as stem_report
from sociale_staat.stem.reactions import NewReaction
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.web import stem_site
from tests.stem_support import INDICATOR_PAGE, dump, open_form, received_id, solved

PASSWORD = "correct paard batterij"


@pytest.fixture
def client(
    warehouse: Warehouse, app_db: AppDatabase, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    monkeypatch.setenv("SOCIALE_STAAT_STEM_REKENWERK", "2000")
    monkeypatch.setenv("SOCIALE_STAAT_STEM_LIMIET", "50")
    app = FastAPI()
    stem_site.include(app, warehouse, app_db.url)
    with TestClient(app, base_url="https://testserver") as c:
        yield c


def login(client: TestClient, password: str = PASSWORD) -> int:
    page = client.get("/moderatie/inloggen").text
    token = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/moderatie/inloggen",
        data={"csrf": token, "naam": "annet", "wachtwoord": password},
        follow_redirects=False,
    )
    return response.status_code


def test_passwords_are_hashed_with_scrypt_and_short_ones_refused(app_db: AppDatabase) -> None:
    moderation.add_moderator(app_db, "annet", PASSWORD)
    assert PASSWORD not in dump(app_db) and "scrypt$16384$8$1$" in dump(app_db)
    with pytest.raises(InputError, match="12 tekens"):
        moderation.add_moderator(app_db, "bert", "kort")
    with pytest.raises(InputError, match="bestaat al"):
        moderation.add_moderator(app_db, "annet", PASSWORD)


def test_moderator_login_locks_out_after_repeated_failures(app_db: AppDatabase) -> None:
    moderation.add_moderator(app_db, "annet", PASSWORD)
    for _ in range(moderation.MAX_FAILURES):
        with pytest.raises(moderation.LoginFailed):
            moderation.login(app_db, "annet", "fout wachtwoord!")
    with pytest.raises(moderation.LoginFailed):  # locked: even the right password fails
        moderation.login(app_db, "annet", PASSWORD)
    earlier = (datetime.now(UTC) - timedelta(seconds=1)).isoformat(timespec="seconds")
    with app_db.transaction() as conn:  # the lock-out time has passed
        conn.execute(text("UPDATE stem_moderators SET locked_until = :t"), {"t": earlier})
    cookie = moderation.login(app_db, "annet", PASSWORD)
    assert moderation.session(app_db, cookie) == moderation.Moderator(
        moderation.session(app_db, cookie).id,
        "annet",  # type: ignore[union-attr]
    )
    assert cookie not in dump(app_db)  # only its hash is stored
    moderation.logout(app_db, cookie)
    assert moderation.session(app_db, cookie) is None


def test_login_over_the_web_sets_a_strict_cookie_and_locks_out(
    client: TestClient, app_db: AppDatabase
) -> None:
    moderation.add_moderator(app_db, "annet", PASSWORD)
    assert client.get("/moderatie", follow_redirects=False).status_code == 303
    codes = [login(client, "geraden wachtwoord") for _ in range(moderation.MAX_FAILURES)]
    assert codes == [401] * moderation.MAX_FAILURES
    assert login(client) == 401  # locked out
    with app_db.transaction() as conn:
        conn.execute(text("UPDATE stem_moderators SET locked_until = NULL"))
    response_code = login(client)
    assert response_code == 303
    cookie = client.cookies.jar
    flags = next(c for c in cookie if c.name == "stem_sessie")
    assert flags.secure and flags.has_nonstandard_attr("HttpOnly") and flags.path == "/moderatie"
    assert "Te beoordelen reacties" in client.get("/moderatie").text


def test_login_without_the_form_token_is_refused(client: TestClient, app_db: AppDatabase) -> None:
    moderation.add_moderator(app_db, "annet", PASSWORD)
    response = client.post("/moderatie/inloggen", data={"naam": "annet", "wachtwoord": PASSWORD})
    assert response.status_code == 403


def test_a_rejected_text_appears_nowhere(client: TestClient, app_db: AppDatabase) -> None:
    moderation.add_moderator(app_db, "annet", PASSWORD)
    secret = "Mijn buurman Jan Jansen op nummer 12 doet raar"
    kept = "In mijn straat zie ik juist meer mensen aan het werk"
    ids = {}
    for words in (secret, kept):
        response = client.post("/stem/reactie", data=solved(open_form(client), tekst=words))
        ids[words] = received_id(response.text)
    assert secret not in client.get(INDICATOR_PAGE).text  # waiting: not shown yet
    assert login(client) == 303
    queue = client.get("/moderatie").text
    assert secret in queue and kept in queue
    token = queue.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    for words, verdict, reason in (
        (secret, "afwijzen", "persoonsgegevens"),
        (kept, "goedkeuren", "voldoet"),
    ):
        data = {"csrf": token, "id": ids[words], "besluit": verdict, "reden": reason}
        assert (
            client.post("/moderatie/besluit", data=data, follow_redirects=False).status_code == 303
        )
    outputs = {
        "pagina": client.get(INDICATOR_PAGE).text,
        "wachtrij": client.get("/moderatie").text,
        "export json": client.get("/moderatie/export.json").text,
        "export csv": client.get("/moderatie/export.csv").text,
        "cli export": export.collect(app_db).as_json(),
        "rapport": repr(stem_report.chapter(app_db, "GM0034", {}, str)),
        "database": dump(app_db),
    }
    for name, output in outputs.items():
        assert "Jan Jansen" not in output, name
    assert kept in outputs["pagina"] and f"R-{ids[kept][:8]}" in outputs["pagina"]
    assert kept in outputs["rapport"] and f"R-{ids[kept][:8]}" in outputs["rapport"]
    assert "persoonsgegevens" in outputs["export csv"] and "afgewezen" in outputs["export csv"]


def test_a_decision_without_the_session_token_is_refused(
    client: TestClient, app_db: AppDatabase
) -> None:
    moderation.add_moderator(app_db, "annet", PASSWORD)
    response = client.post("/stem/reactie", data=solved(open_form(client), tekst="Goed zo"))
    reaction_id = received_id(response.text)
    assert login(client) == 303
    data = {"id": reaction_id, "besluit": "goedkeuren", "reden": "voldoet", "csrf": "1.2.3"}
    assert client.post("/moderatie/besluit", data=data).status_code == 403
    assert reactions.get(app_db, reaction_id).status == "te beoordelen"


def _react(db: AppDatabase, n: int, wijk: str | None, answer: str = "ja") -> None:
    for i in range(n):
        reaction = NewReaction("GM0034", "indicator", "werkloosheid", answer, wijk)  # type: ignore[arg-type]
        reactions.submit(db, reaction, f"client-{wijk}-{answer}-{i}", [])


def test_a_count_of_nine_is_hidden_everywhere(client: TestClient, app_db: AppDatabase) -> None:
    _react(app_db, 9, "WK003408")
    tally = reactions.tallies(app_db, "GM0034", "indicator", "werkloosheid")
    assert tally[None].hidden and tally["WK003408"].hidden
    assert "Te weinig reacties" in client.get(INDICATOR_PAGE).text
    chapter = stem_report.chapter(app_db, "GM0034", {"werkloosheid": "Werkloosheid"}, str)
    rows = chapter.tables[-1].rows
    assert all(r[2] == "te weinig reacties" for r in rows) and "9" not in {
        c for r in rows for c in r
    }
    _react(app_db, 1, "WK003409", "nee")  # ten in all: the total shows, each wijk stays hidden
    tally = reactions.tallies(app_db, "GM0034", "indicator", "werkloosheid")
    assert tally[None].n == 10 and tally[None].share("ja") == 90.0
    assert tally["WK003408"].hidden and tally["WK003409"].hidden
    page = client.get(INDICATOR_PAGE).text
    assert "(10 reacties)" in page and "90%" in page and page.count("te weinig reacties") == 2
