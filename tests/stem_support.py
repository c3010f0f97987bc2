"""Helpers for the Stem van de stad tests: a resident filling in the form as a browser would."""

import html
import json
import re
from dataclasses import dataclass

from sqlalchemy import inspect, text

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.stem import challenge

INDICATOR_PAGE = "/stem/indicator/werkloosheid?focus=GM0034"


@dataclass
class Form:
    fields: dict[str, str]
    challenge: challenge.Challenge


def open_form(client: object, url: str = INDICATOR_PAGE) -> Form:
    """GET the reaction page and read its hidden fields and challenge."""
    page = client.get(url)  # type: ignore[attr-defined]
    assert page.status_code == 200, page.text
    body = page.text
    fields = {
        m.group(1): html.unescape(m.group(2))
        for m in re.finditer(r'<input type="hidden" name="(\w+)" value="([^"]*)"', body)
    }
    data = json.loads(html.unescape(re.search(r'data-altcha="([^"]+)"', body).group(1)))  # type: ignore[union-attr]
    return Form(fields, challenge.Challenge(**data))


def solved(form: Form, **answer: str) -> dict[str, str]:
    """The form as the browser script sends it: the proof of work done, an answer chosen."""
    return {**form.fields, "altcha": challenge.solve(form.challenge), "antwoord": "ja", **answer}


def received_id(body: str) -> str:
    found = re.search(r'class="stem-ref" data-id="([0-9a-f]{32})"', body)
    assert found, body[:2000]
    return found.group(1)


def dump(db: AppDatabase) -> str:
    """Every value in every table of the app database, as one string."""
    with db.reader() as conn:
        tables = inspect(conn).get_table_names()
        parts = []
        for table in tables:
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                parts.extend(str(v) for v in row)
    return "\n".join(parts)


def count(db: AppDatabase) -> int:
    with db.reader() as conn:
        return int(conn.execute(text("SELECT count(*) FROM stem_reactions")).scalar_one())
