"""Snapshots: raw tables kept unchanged (all text) as Parquet, each with a JSON manifest.

A snapshot is written to temporary files and renamed into place, manifest last, so a reader
never sees half a snapshot; the manifest holds the declaration, so a build needs nothing else.
"""

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from sociale_staat.core.errors import InputError
from sociale_staat.declarations.sources import SourceSpec


@dataclass(frozen=True)
class Snapshot:
    spec: SourceSpec
    manifest: dict[str, Any]
    parquet: Path

    def frame(self) -> pd.DataFrame:
        return pd.read_parquet(self.parquet)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_snapshot(
    frame: pd.DataFrame,
    spec: SourceSpec,
    dest: Path,
    *,
    source_file: str,
    source_sha256: str,
    summary: dict[str, Any],
) -> Path:
    """Write `<dest>/<id>.parquet` and `<dest>/<id>.json` atomically; return the manifest path."""
    dest.mkdir(parents=True, exist_ok=True)
    parquet = dest / f"{spec.id}.parquet"
    _atomic(parquet, lambda tmp: frame.to_parquet(tmp, index=False, compression="zstd"))
    manifest = {
        "id": spec.id,
        "cbs_table": spec.cbs_table,
        "title": spec.title,
        "publisher": spec.publisher,
        "licence": spec.licence,
        "source_file": source_file,
        "source_sha256": source_sha256,
        "exported": spec.exported,
        "snapshot_created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "row_count": len(frame),
        "columns": list(frame.columns),
        "partial": spec.partial,
        "gaps": spec.gaps,
        **summary,
        "parquet_sha256": sha256(parquet),
        "spec": spec.model_dump(exclude={"id"}),
    }
    path = dest / f"{spec.id}.json"
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    _atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path


def read_snapshots(*folders: Path) -> dict[str, Snapshot]:
    """Every snapshot in the folders; a later folder overrides an id of an earlier one."""
    found: dict[str, Snapshot] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.json")):
            found[path.stem] = read_snapshot(path)
    return found


def read_snapshot(manifest_path: Path) -> Snapshot:
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        spec = SourceSpec.model_validate({**manifest["spec"], "id": manifest["id"]})
    except (OSError, ValueError, KeyError) as err:
        raise InputError(f"{manifest_path}: geen geldig snapshot-manifest ({err})") from None
    parquet = manifest_path.with_suffix(".parquet")
    if not parquet.exists():
        raise InputError(f"{manifest_path}: het bijbehorende bestand {parquet.name} ontbreekt")
    return Snapshot(spec, manifest, parquet)


def verify(snapshot: Snapshot) -> None:
    """Raise when the Parquet file is not the one the manifest was written for."""
    if sha256(snapshot.parquet) != snapshot.manifest.get("parquet_sha256"):
        raise InputError(f"{snapshot.parquet}: controlegetal klopt niet met het manifest")


def _atomic(path: Path, write: Any) -> None:
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
