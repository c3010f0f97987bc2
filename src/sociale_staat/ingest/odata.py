"""The CBS OData v3 feed: TableInfos, DataProperties, dimension code lists, TypedDataSet pages.

Each page is cached on disk as it arrives, so an interrupted fetch resumes where it stopped;
transient failures (connection errors, 429, 5xx) are retried with back-off.
"""

import hashlib
import json
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
            except httpx.TransportError as err:
                problem = f"verbinding mislukt ({err.__class__.__name__})"
            else:
                if response.status_code == 404:
                    raise FetchError(f"niet gevonden bij CBS: {url}")
                if response.status_code not in _RETRY_STATUS:
                    response.raise_for_status()
                    try:
                        data: dict[str, Any] = response.json()
                    except ValueError:
                        raise FetchError(f"geen JSON van {url}") from None
                    return data
                problem = f"HTTP {response.status_code}"
            if attempt < self.retries:
                self.sleep(min(2**attempt, 30))
        raise FetchError(f"{url}: {problem}, ook na {self.retries} nieuwe pogingen")


def fetch_table(
    client: ODataClient,
    table_id: str,
    dest: Path,
    cache: Path,
    known: dict[str, Snapshot],
    progress: Callable[[int], None] = lambda _: None,
) -> Path:
    """Fetch a whole table into a snapshot under `dest`; pages are cached under `cache`."""
    info = client.get(f"{table_id}/TableInfos")["value"][0]
    properties = client.get(f"{table_id}/DataProperties")["value"]
    dimensions = [p for p in properties if p.get("Type", "").endswith("Dimension")]
    codes = {d["Key"]: client.get(f"{table_id}/{d['Key']}")["value"] for d in dimensions}
    rows = _pages(client, table_id, cache / table_id, progress)
    if not rows:
        raise FetchError(f"tabel {table_id}: de feed gaf geen rijen")
    frame = pd.DataFrame(rows).astype("str").replace({"None": ""})
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
    number = 0
    while url:
        page_file = folder / f"page-{number:05d}.json"
        if page_file.exists():
            page = json.loads(page_file.read_text(encoding="utf-8"))
        else:
            page = client.get(url)
            tmp = page_file.with_suffix(".tmp")
            tmp.write_text(json.dumps(page), encoding="utf-8")
            tmp.replace(page_file)
        rows += page.get("value", [])
        progress(len(rows))
        url = page.get("odata.nextLink")
        number += 1
    return rows


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
        title=info.get("Title", table_id),
        file=f"CBS OData {table_id}",
        region=region,
        period=period,
        period_fixed=None if period else info.get("Period", "onbekend"),
        dimensions=others,
        exported=f"CBS OData-feed, tabel gewijzigd {info.get('Modified', 'onbekend')}",
    )


def _digest(rows: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()
