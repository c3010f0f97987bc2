"""Helpers for the Stem van de stad tests: a resident filling in the form as a browser would."""

import html
import json
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

import httpx
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


# --- a real server in a subprocess, and residents reacting to it (fault test, benchmark) -------


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """uvicorn with the dashboard on a free port of 127.0.0.1; returns the process and its URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "sociale_staat.web.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(base + "/static/stem.js", timeout=1).status_code == 200:
                return server, base
        except httpx.TransportError:
            pass
        if server.poll() is not None:
            raise RuntimeError("de server stopte bij het starten")
        time.sleep(0.1)
    raise RuntimeError("de server kwam niet op")


@dataclass
class Burst:
    """What the residents saw: the ids the server confirmed and how long each POST took."""

    confirmed: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def resident(base: str, reactions: int, burst: Burst, stop: threading.Event) -> None:
    """One client: open the form, solve the challenge, post, note the confirmation."""
    with httpx.Client(base_url=base, timeout=30) as client:
        for i in range(reactions):
            if stop.is_set():
                return
            try:
                form = open_form(client)
                data = solved(form, antwoord=("ja", "deels", "nee")[i % 3])
                start = time.perf_counter()
                response = client.post("/stem/reactie", data=data)
                took = time.perf_counter() - start
            except (httpx.TransportError, AssertionError) as err:
                with burst.lock:
                    burst.errors.append(type(err).__name__)
                return  # the server is gone
            with burst.lock:
                if response.status_code == 200 and "Reactie ontvangen" in response.text:
                    burst.confirmed.append(received_id(response.text))
                    burst.latencies.append(took)
                else:
                    burst.errors.append(f"HTTP {response.status_code}")


def run_residents(
    base: str, clients: int, per_client: int, stop: threading.Event
) -> tuple[Burst, list[threading.Thread]]:
    burst = Burst()
    threads = [
        threading.Thread(target=resident, args=(base, per_client, burst, stop), daemon=True)
        for _ in range(clients)
    ]
    for t in threads:
        t.start()
    return burst, threads


def stored_ids(db: AppDatabase) -> set[str]:
    with db.reader() as conn:
        return {r[0] for r in conn.execute(text("SELECT id FROM stem_reactions"))}
