"""The bundled snapshot: values unchanged, manifests complete, checksums true."""

import csv
import json

import pytest

from sociale_staat.core import paths
from sociale_staat.ingest.snapshot import sha256, verify
from tests.conftest import SHARED, needs_shared

MANIFEST_FIELDS = {
    "id",
    "cbs_table",
    "title",
    "periods",
    "levels",
    "source_file",
    "row_count",
    "source_sha256",
    "parquet_sha256",
    "licence",
    "gaps",
    "partial",
    "spec",
}


def test_every_declared_source_is_bundled(bundled) -> None:
    declared = {p.stem for p in paths.bundled_sources().glob("*.yml")}
    assert declared == set(bundled)


def test_manifests_are_complete(bundled) -> None:
    for snap in bundled.values():
        assert set(snap.manifest) >= MANIFEST_FIELDS, snap.spec.id
        assert snap.manifest["licence"].startswith("CC BY 4.0")
        assert snap.manifest["row_count"] == len(snap.frame())
        verify(snap)
    assert bundled["03759ned"].manifest["partial"] is True
    assert any("Gaasterl" in g for g in bundled["03759ned"].manifest["gaps"])


@needs_shared
@pytest.mark.parametrize("table", ["03759ned", "82900NED", "85146NED", "85984NED"])
def test_values_are_unchanged(bundled, table: str) -> None:
    snap = bundled[table]
    raw = SHARED / snap.manifest["source_file"]
    assert sha256(raw) == snap.manifest["source_sha256"]
    with raw.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    frame = snap.frame()
    assert list(frame.columns) == rows[0]
    assert frame.values.tolist() == rows[1:]


def test_manifest_is_json_with_periods(bundled) -> None:
    manifest = json.loads((paths.bundled_snapshots() / "86088NED.json").read_text())
    assert "2013" in manifest["periods"] and "2024" in manifest["periods"]
    assert manifest["levels"]["gemeente"] >= 342
