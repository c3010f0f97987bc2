"""HTTP correctness of the dashboard and API: every finding of issue 11 has a test here."""

import gzip
import logging
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.web import app as web_app
from sociale_staat.web.app import create_app


@pytest.fixture(scope="module")
def client(almere_store: Path) -> TestClient:
    return TestClient(create_app(almere_store), raise_server_exceptions=False)


def test_unexpected_error_is_logged_with_the_request_id_shown(
    almere_store: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    broken = APIRouter()

    @broken.get("/api/kapot")
    def kapot() -> None:
        raise RuntimeError("stuk")

    @broken.get("/kapot")
    def kapot_pagina() -> None:
        raise RuntimeError("stuk")

    monkeypatch.setattr(web_app, "ROUTERS", [*web_app.ROUTERS, broken])
    client = TestClient(create_app(almere_store), raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="sociale_staat.web"):
        page = client.get("/kapot")
        api = client.get("/api/kapot")
    assert page.status_code == 500 and api.status_code == 500
    rid = page.headers["x-request-id"]
    assert f"<code>{rid}</code>" in page.text and "stuk" not in page.text
    assert api.json()["verzoek"] == api.headers["x-request-id"]
    logged = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert any(rid in r.getMessage() and r.exc_info for r in logged)
    assert any(api.headers["x-request-id"] in r.getMessage() for r in logged)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/thema/arbeid",
        "/api/indicators",
        "/data/indicator/werkloosheid.csv",
        "/static/site.css",
    ],
)
def test_head_works_wherever_get_does(client: TestClient, url: str) -> None:
    get, head = client.get(url), client.head(url)
    assert head.status_code == get.status_code == 200
    assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]


def test_405_is_dutch_html_on_pages_and_json_on_the_api(client: TestClient) -> None:
    page = client.post("/thema/arbeid")
    assert page.status_code == 405 and "text/html" in page.headers["content-type"]
    assert "Methode niet toegestaan" in page.text and page.headers["allow"] == "GET, HEAD"
    api = client.delete("/api/indicators")
    assert api.status_code == 405 and api.json()["status"] == 405


def test_cache_control_public_only_on_200(client: TestClient) -> None:
    assert client.get("/api/indicators").headers["cache-control"].startswith("public")
    for url in ("/nergens", "/thema/foo", "/api/values?indicator=x&area=GM0034&period=2021"):
        response = client.get(url)
        assert response.status_code >= 400 and response.headers["cache-control"] == "no-store"


def test_trailing_slash_redirect_is_relative_and_ignores_host(client: TestClient) -> None:
    response = client.get(
        "/thema/arbeid/?focus=GM0034", headers={"host": "evil.example"}, follow_redirects=False
    )
    assert response.status_code == 308
    assert response.headers["location"] == "/thema/arbeid?focus=GM0034"
    sneaky = client.get("//evil.example/", follow_redirects=False)
    assert not sneaky.headers.get("location", "/").startswith("//")


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/zoek?q=" + "a" * 60_000, 414),
        ("/" + "a" * 5000, 414),
        ("/zoek?q=" + "a" * 1000, 400),
        ("/api/values?indicator=" + "x" * 1000 + "&area=GM0034&period=2021", 400),
    ],
)
def test_over_long_urls_and_parameters_are_refused_without_echo(
    client: TestClient, url: str, status: int
) -> None:
    response = client.get(url)
    assert response.status_code == status and "a" * 200 not in response.text
    assert "x" * 200 not in response.text and len(response.content) < 5000


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/thema/foo", 400),
        ("/api/indicators?theme=foo", 400),
        ("/api/values?indicator=werkloosheid&area=GM0034&period=2021&format=pdf", 400),
        ("/data/indicator/werkloosheid.pdf", 400),
        ("/data/indicator/werkloosheid.csv?grafiek=taart", 400),
        ("/api/benchmark?peers=onbekend", 400),
        ("/gemeente?focus=Atlantis", 404),
        ("/api/values?indicator=werkloosheid&area=GM9999&period=2021", 404),
        ("/indicator/bestaatniet", 404),
        ("/api/values?indicator=bestaatniet&area=GM0034&period=2021", 404),
        ("/data/indicator/bestaatniet.csv", 404),
    ],
)
def test_status_codes_are_consistent(client: TestClient, url: str, status: int) -> None:
    assert client.get(url).status_code == status


def test_gzip_etag_cors_and_no_server_banner(client: TestClient) -> None:
    response = client.get("/api/benchmark", headers={"accept-encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert "server" not in response.headers
    etag = response.headers["etag"]
    again = client.get("/api/benchmark", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-allow-methods"] == "GET, HEAD"
    assert "access-control-allow-origin" not in client.get("/").headers
    small = client.get("/api/values?indicator=werkloosheid&area=GM0034&period=2021")
    assert "content-encoding" not in small.headers
    raw = client.get("/api/benchmark", headers={"accept-encoding": "gzip"}).content
    assert raw.startswith(b"{") or gzip.decompress(raw).startswith(b"{")


def test_openapi_describes_every_route_with_enums_csv_and_the_real_error_shape(
    client: TestClient,
) -> None:
    spec = client.get("/openapi.json").json()
    routes = set(spec["paths"])
    assert {"/", "/gemeente", "/thema/{theme}", "/indicator/{indicator}", "/zoek"} <= routes
    assert {"/data/indicator/{indicator}.{extensie}", "/grafiek/{indicator}.svg"} <= routes
    assert {"/indicator/{indicator}/nederland", "/grafiek/{indicator}/nederland.svg"} <= routes
    assert {"/api/values", "/api/benchmark", "/api/peers", "/api/wijken"} <= routes
    values = spec["paths"]["/api/values"]["get"]
    assert "text/csv" in values["responses"]["200"]["content"]
    assert set(values["responses"]) >= {"200", "400", "404"}
    schemas = spec["components"]["schemas"]
    assert schemas["Formaat"]["enum"] == ["json", "csv", "xlsx", "excel-csv"]
    assert "almere-2023" in schemas["Peergroep"]["enum"]
    error = client.get("/api/values?indicator=x&area=GM0034&period=2021").json()
    assert set(error) <= set(schemas["Fout"]["properties"])


def test_bounded_wait_gives_503(almere_store: Path) -> None:
    slow = TestClient(create_app(almere_store, timeout=0.000001), raise_server_exceptions=False)
    response = slow.get("/api/benchmark?focus=GM0363&peers=structuur-vergelijkbaar")
    assert response.status_code == 503 and response.json()["status"] == 503


def test_cache_keys_ignore_junk_parameters(client: TestClient) -> None:
    site = client.app.state.site  # type: ignore[attr-defined]
    client.get("/thema/arbeid")
    before = len(site.cache.items)
    for n in range(20):
        assert client.get(f"/thema/arbeid?junk={n}").status_code == 200
    assert len(site.cache.items) == before


def test_values_from_the_index_equal_the_warehouse(client: TestClient, warehouse: Any) -> None:
    index = client.app.state.site.index  # type: ignore[attr-defined]
    checked = 0
    for ind, code, indeling, period in list(index.cells)[::997]:
        if indeling:
            continue
        assert _answer(index.value, ind, code, period) == _answer(
            warehouse.value, ind, code, period
        ), (ind, code, period)
        checked += 1
    assert checked > 100


def _answer(ask: Any, *args: Any) -> Any:
    try:
        return ask(*args).as_dict()  # the API's answer
    except SocialeStaatError as err:
        return str(err)


def test_static_files_come_from_the_set_listed_at_start_up(client: TestClient) -> None:
    css = client.get("/static/site.css", headers={"Accept-Encoding": "identity"})
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert css.headers["content-security-policy"].startswith("default-src 'self'")
    assert "public" in css.headers["cache-control"] and "content-encoding" not in css.headers
    again = client.get("/static/site.css", headers={"If-None-Match": css.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    packed = client.get("/static/site.css", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip" and packed.content == css.content
    for probe in (
        "/static/../pyproject.toml",
        "/static/%2e%2e/README.md",
        "/static/",
        "/static/nope.css",
    ):
        answer = client.get(probe)
        assert answer.status_code == 404 and "pyproject" not in answer.text


def test_start_up_renders_the_first_pages_sets_the_page_threads_and_shutdown_closes(
    almere_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the port opens (lifespan): the first pages are in the cache (the first visitor
    does not pay for imports and first route matches) and pages get their own few threads;
    at shutdown the warehouse connections are closed."""
    import sys

    from anyio import to_thread

    monkeypatch.setenv("SOCIALE_STAAT_PAGINADRADEN", "2")
    app = create_app(almere_store)
    site = app.state.site
    assert not any(key[0] == "page" for key in site.cache.items)
    before = sys.getswitchinterval()
    try:
        with TestClient(app) as started:
            pages = [key for key in site.cache.items if key[0] == "page"]
            assert pages, "the home, indicator, area and search pages were not made at start-up"
            assert "pandas" in sys.modules  # DuckDB's import on its first query with parameters
            assert started.portal is not None
            limiter = started.portal.call(to_thread.current_default_thread_limiter)
            tokens = limiter.total_tokens
            assert tokens == 2
            assert sys.getswitchinterval() == pytest.approx(web_app.SWITCH_INTERVAL)
            opened = list(site.cursors)  # the connections of the threads that made pages
            assert opened
    finally:
        sys.setswitchinterval(before)
    # At shutdown every thread's connection is closed (DuckDB aborts the process at exit
    # while a thread holds an open one); the site still answers when started again.
    for warehouse in opened:
        with pytest.raises(duckdb.ConnectionException):
            warehouse.con.execute("SELECT 1")
    with TestClient(app) as again:
        assert again.get("/indicator/werkloosheid?focus=GM0363").status_code == 200
