"""The OData client against responses in the CBS feed format (values from the real 86088NED)."""

import json
from pathlib import Path

import httpx
import pytest

from sociale_staat.core.errors import FetchError
from sociale_staat.ingest.odata import ODataClient, fetch_table
from sociale_staat.ingest.snapshot import read_snapshot

FIXTURES = Path(__file__).parent / "fixtures" / "odata"
BASE = "https://opendata.cbs.nl/ODataFeed/odata"


class Feed:
    """Serves the recorded files; can fail a given number of times per path."""

    def __init__(self, failures: dict[str, int] | None = None, status: int = 503) -> None:
        self.requests: list[str] = []
        self.failures = dict(failures or {})
        self.status = status

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.url.host == "opendata.cbs.nl"
        assert request.url.params.get("$format") == "json"
        name = request.url.path.rsplit("/", 1)[-1]
        if name == "TypedDataSet":
            name += "-2" if "$skiptoken" in request.url.params else "-1"
        self.requests.append(name)
        if self.failures.get(name, 0) > 0:
            self.failures[name] -= 1
            return httpx.Response(self.status)
        path = FIXTURES / f"{name}.json"
        if not path.exists() or "/86088NED/" not in request.url.path:
            return httpx.Response(404)
        return httpx.Response(200, json=json.loads(path.read_text()))


def client(feed: Feed, retries: int = 2) -> ODataClient:
    return ODataClient(
        BASE, transport=httpx.MockTransport(feed), retries=retries, sleep=lambda _: None
    )


def test_fetch_pages_into_snapshot(tmp_path: Path, bundled) -> None:
    feed = Feed()
    with client(feed) as c:
        manifest = fetch_table(c, "86088NED", tmp_path / "snap", tmp_path / "cache", bundled)
    snap = read_snapshot(manifest)
    frame = snap.frame()
    assert len(frame) == 5  # both pages
    assert snap.manifest["title"] == "Arbeidsdeelname; kerncijfers per regio"
    assert snap.spec.region == "RegioS" and snap.spec.period == "Perioden"
    assert snap.spec.dimensions == {"Persoonskenmerken": {"T009002": ""}}
    assert snap.manifest["levels"] == {"gemeente": 1, "nederland": 1}
    assert snap.manifest["observations"] == 8  # 2 areas x 2 years x 2 measures, totals only
    assert "2021" in snap.manifest["periods"]
    almere = frame[(frame.RegioS == "GM0034") & (frame.Perioden == "2022JJ00")]
    assert "4.1" in set(almere.Werkloosheidspercentage_13)


def test_retries_transient_errors(tmp_path: Path, bundled) -> None:
    feed = Feed({"TableInfos": 2})
    with client(feed) as c:
        fetch_table(c, "86088NED", tmp_path / "s", tmp_path / "c", bundled)
    assert feed.requests.count("TableInfos") == 3


def test_resumes_from_cached_pages(tmp_path: Path, bundled) -> None:
    failing = Feed({"TypedDataSet-2": 10})
    with client(failing) as c, pytest.raises(FetchError, match="HTTP 503"):
        fetch_table(c, "86088NED", tmp_path / "s", tmp_path / "c", bundled)
    assert not (tmp_path / "s").exists() or not list((tmp_path / "s").glob("*.json"))
    again = Feed()
    with client(again) as c:
        fetch_table(c, "86088NED", tmp_path / "s", tmp_path / "c", bundled)
    assert "TypedDataSet-1" not in again.requests  # page 1 came from the cache
    assert "TypedDataSet-2" in again.requests


def test_unknown_table_is_clear(tmp_path: Path, bundled) -> None:
    with client(Feed()) as c, pytest.raises(FetchError, match="niet gevonden bij CBS"):
        fetch_table(c, "99999XYZ", tmp_path / "s", tmp_path / "c", bundled)


def test_connection_errors_are_retried_then_reported(tmp_path: Path, bundled) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no network", request=request)

    c = ODataClient(BASE, transport=httpx.MockTransport(down), retries=1, sleep=lambda _: None)
    with c, pytest.raises(FetchError, match="verbinding mislukt"):
        c.get("86088NED/TableInfos")


def test_fetched_snapshot_builds(tmp_path: Path, bundled, catalogue) -> None:
    from sociale_staat.declarations.catalogue import Catalogue
    from sociale_staat.warehouse.build import build

    with client(Feed()) as c:
        manifest = fetch_table(c, "86088NED", tmp_path / "s", tmp_path / "c", bundled)
    snaps = {**bundled, "86088NED": read_snapshot(manifest)}
    target = tmp_path / "w.duckdb"
    build(snaps, Catalogue([catalogue.get("werkloosheid")]), target)
    import duckdb

    con = duckdb.connect(str(target), read_only=True)
    rows = con.execute(
        "SELECT region_code, period, value FROM indicator_values"
        " WHERE indicator = 'werkloosheid' ORDER BY 1, 2"
    ).fetchall()
    assert rows == [
        ("GM0034", 2021, 5.7),
        ("GM0034", 2022, 4.1),
        ("NL", 2021, 4.2),
        ("NL", 2022, 3.5),
    ]
