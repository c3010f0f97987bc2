"""The CBS OData v3 feed: TableInfos, DataProperties, dimension code lists, TypedDataSet pages.

Each page is cached on disk as it arrives, so an interrupted fetch resumes where it stopped;
transient failures (connection errors, 429, 5xx) are retried with back-off.
"""

import hashlib
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pandas as pd

from sociale_staat.core.errors import FetchError
from sociale_staat.declarations.sources import SourceSpec
from sociale_staat.ingest.importing import register_from, summarise
from sociale_staat.ingest.snapshot import Snapshot, write_snapshot

_RETRY_STATUS = {429, 500, 502, 503, 504}
_KEY = re.compile(r"[A-Za-z0-9_]{1,100}")


class ODataClient:
    """A small JSON client for the CBS feed with retries."""

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.BaseTransport | None = None,
        retries: int = 4,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.sleep = sleep
        self.http = httpx.Client(transport=transport, timeout=60, follow_redirects=True)

    def __enter__(self) -> "ODataClient":
        return self

    def __exit__(self, *_: object) -> None:
        self.http.close()

    def get(self, url: str) -> dict[str, Any]:
        """GET a feed URL (absolute, or relative to the base) as JSON."""
        if not url.startswith("http"):
            url = f"{self.base_url}/{url}"
        if "$format=json" not in url:
            url += ("&" if "?" in url else "?") + "$format=json"
        for attempt in range(self.retries + 1):
            try:
                response = self.http.get(url)
            except httpx.RequestError as err:  # connection, timeout, bad encoding, redirects
                problem = f"verbinding mislukt ({err.__class__.__name__})"
            else:
                if response.status_code == 404:
                    raise FetchError(f"niet gevonden bij CBS: {url}")
                if response.status_code not in _RETRY_STATUS:
                    return _json_object(response, url)
                problem = f"HTTP {response.status_code}"
            if attempt < self.retries:
                self.sleep(min(2**attempt, 30))
        raise FetchError(f"{url}: {problem}, ook na {self.retries} nieuwe pogingen")


def _json_object(response: httpx.Response, url: str) -> dict[str, Any]:
    if response.status_code >= 400:
        raise FetchError(f"{url}: HTTP {response.status_code} van CBS")
    try:
        data = response.json()
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested beyond reason
        raise FetchError(f"geen JSON van {url}") from None
    if not isinstance(data, dict):
        raise FetchError(f"{url}: verwacht een JSON-object, kreeg {type(data).__name__}")
    return data


def _values(data: dict[str, Any], url: str) -> list[dict[str, Any]]:
    """The rows of one answer of the feed ('value': a list of objects)."""
    values = data.get("value")
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        raise FetchError(f"{url}: verwacht een lijst 'value' met objecten")
    return values


def _keyed(values: list[dict[str, Any]], url: str) -> list[dict[str, Any]]:
    """Rows that must carry a 'Key' (dimensions, code lists): it becomes part of a feed URL,
    so it must be a plain name."""
    for number, row in enumerate(values):
        key = row.get("Key")
        if not isinstance(key, str) or not _KEY.fullmatch(key.strip()):
            raise FetchError(f"{url}: rij {number} heeft geen geldige 'Key' ({str(key)[:40]!r})")
    return values


def _code_list(client: ODataClient, where: str) -> list[dict[str, Any]]:
    return _keyed(_values(client.get(where), where), where)


def fetch_table(
    client: ODataClient,
    table_id: str,
    dest: Path,
    cache: Path,
    known: dict[str, Snapshot],
    progress: Callable[[int], None] = lambda _: None,
) -> Path:
    """Fetch a whole table into a snapshot under `dest`; pages are cached under `cache`."""
    infos = _values(client.get(f"{table_id}/TableInfos"), f"{table_id}/TableInfos")
    if not infos:
        raise FetchError(f"tabel {table_id}: TableInfos is leeg")
    info = infos[0]
    where = f"{table_id}/DataProperties"
    properties = _values(client.get(where), where)
    dimensions = _keyed(
        [p for p in properties if str(p.get("Type", "")).endswith("Dimension")], where
    )
    codes = {d["Key"]: _code_list(client, f"{table_id}/{d['Key']}") for d in dimensions}
    rows = _pages(client, table_id, cache / table_id, progress)
    if not rows:
        raise FetchError(f"tabel {table_id}: de feed gaf geen rijen")
    raw = pd.DataFrame(rows)
    frame = raw.astype("str").where(raw.notna(), "")  # a missing cell is empty, never 'nan'
    spec = _spec(table_id, info, dimensions, codes)
    register = register_from(known)
    return write_snapshot(
        frame,
        spec,
        dest,
        source_file=f"{client.base_url}/{table_id}/TypedDataSet",
        source_sha256=_digest(rows),
        summary={**summarise(spec, frame, register), "codelists": codes},
    )


def _pages(
    client: ODataClient, table_id: str, folder: Path, progress: Callable[[int], None]
) -> list[dict[str, Any]]:
    """All rows of TypedDataSet, following odata.nextLink; cached pages are not fetched again."""
    folder.mkdir(parents=True, exist_ok=True)
    url: str | None = f"{table_id}/TypedDataSet"
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    number = 0
    while url:
        seen.add(url)
        page_file = folder / f"page-{number:05d}.json"
        page = _cached(page_file)
        if page is None:
            page = client.get(url)
            tmp = page_file.with_suffix(".tmp")
            tmp.write_text(json.dumps(page), encoding="utf-8")
            tmp.replace(page_file)
        rows += _values(page, url)
        progress(len(rows))
        url = _next_link(page, url, client.base_url, seen)
        number += 1
    return rows


def _cached(page_file: Path) -> dict[str, Any] | None:
    """A page fetched before, or None (also when the cached copy is unreadable: fetch again)."""
    try:
        page = json.loads(page_file.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return page if isinstance(page, dict) else None


def _next_link(page: dict[str, Any], url: str, base: str, seen: set[str]) -> str | None:
    """The next page: only on the same feed, and never a page that was already read (a feed
    that links back would otherwise be followed forever)."""
    link = page.get("odata.nextLink")
    if link is None or link == "":
        return None
    if not isinstance(link, str) or not link.startswith(f"{base}/"):
        raise FetchError(f"{url}: odata.nextLink wijst niet naar dezelfde feed ({str(link)[:80]!r})")
    if link in seen:
        raise FetchError(f"{url}: odata.nextLink verwijst terug naar een eerdere pagina")
    return link


def _spec(
    table_id: str,
    info: dict[str, Any],
    dimensions: list[dict[str, Any]],
    codes: dict[str, list[dict[str, Any]]],
) -> SourceSpec:
    region = next((d["Key"] for d in dimensions if d["Type"] == "GeoDimension"), None)
    period = next((d["Key"] for d in dimensions if d["Type"] == "TimeDimension"), None)
    if region is None:
        raise FetchError(f"tabel {table_id} heeft geen regiodimensie (GeoDimension)")
    # Other dimensions keep their first category, which CBS lists as the total.
    others = {
        d["Key"]: {codes[d["Key"]][0]["Key"].strip(): ""}
        for d in dimensions
        if d["Key"] not in (region, period) and codes[d["Key"]]
    }
    return SourceSpec(
        id=table_id,
        cbs_table=table_id,
        title=str(info.get("Title") or table_id),
        file=f"CBS OData {table_id}",
        region=region,
        period=period,
        period_fixed=None if period else str(info.get("Period") or "onbekend"),
        dimensions=others,
        exported=f"CBS OData-feed, tabel gewijzigd {info.get('Modified') or 'onbekend'}",
    )


def _digest(rows: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()
