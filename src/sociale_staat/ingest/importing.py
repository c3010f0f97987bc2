"""Raw files in, snapshots out: the bundled snapshot from ../shared/data, or a user's download."""

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from sociale_staat.core.errors import InputError
from sociale_staat.core.regions import RegionRegister, learn_register
from sociale_staat.declarations.sources import SourceSpec
from sociale_staat.ingest.observations import load_observations
from sociale_staat.ingest.snapshot import Snapshot, sha256, write_snapshot
from sociale_staat.ingest.statline_csv import read_statline_csv


def read_raw(spec: SourceSpec, path: Path) -> pd.DataFrame:
    """The raw table as text, exactly as in the file."""
    match spec.format:
        case "csv":
            return read_statline_csv(path, spec.comment_prefix)
        case "parquet":
            return pd.read_parquet(path).astype("str")
        case "json_by_region":
            return read_json_by_region(path, spec.region)


def read_json_by_region(path: Path, region_column: str) -> pd.DataFrame:
    """A JSON object {region code: {measure: number}} as a table of strings, one row per region."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError(f"{path}: bestand niet gevonden") from None
    except OSError as err:
        raise InputError(f"{path}: niet te lezen ({err.strerror})") from None
    except (ValueError, RecursionError) as err:  # not UTF-8, not JSON, or nested too deep
        raise InputError(f"{path}: geen geldige JSON ({str(err)[:200]})") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise InputError(f"{path}: verwacht een JSON-object {{regiocode: {{maat: getal}}}}")
    rows = [{region_column: code, **values} for code, values in data.items()]
    frame = pd.DataFrame(rows)
    return frame.astype("str").where(frame.notna(), "")


def summarise(spec: SourceSpec, frame: pd.DataFrame, register: RegionRegister) -> dict[str, Any]:
    """Periods, levels and unplaced regions of a table: parsed as the build will parse it."""
    con = duckdb.connect()
    report = load_observations(con, spec, frame, register)
    return {
        "observations": report.rows,
        "periods": report.periods,
        "levels": report.levels,
        "unplaced_regions": report.unplaced_regions,
        "skipped_periods": report.skipped_periods,
    }


def make_snapshots(
    specs: dict[str, SourceSpec],
    data_root: Path,
    dest: Path,
    progress: Callable[[str], None] = lambda _: None,
) -> list[Path]:
    """Snapshot every declared table from the raw files below `data_root` into `dest`."""
    tables: dict[str, tuple[SourceSpec, pd.DataFrame, Path]] = {}
    for spec in specs.values():
        path = data_root / spec.file
        progress(f"lezen {spec.id}")
        tables[spec.id] = (spec, read_raw(spec, path), path)
    register = learn_register((s, f) for s, f, _ in tables.values())
    written = []
    for spec, frame, path in tables.values():
        progress(f"snapshot {spec.id}")
        written.append(
            write_snapshot(
                frame,
                spec,
                dest,
                source_file=spec.file,
                source_sha256=sha256(path),
                summary=summarise(spec, frame, register),
            )
        )
    return written


_TABLE_ID = re.compile(r"(\d{5}[A-Za-z]{3}|\d{5})")
_REGION_COLUMNS = ("RegioS", "Regio's", "WijkenEnBuurten", "Wijken", "Gemeenten")


def infer_spec(
    path: Path, frame: pd.DataFrame, table_id: str | None, title: str | None
) -> SourceSpec:
    """A declaration for a StatLine CSV a user downloaded: region, period, kept categories."""
    columns = list(frame.columns)
    region = next((c for c in _REGION_COLUMNS if c in columns), None)
    if region is None:
        raise InputError(
            f"{path}: geen regiokolom gevonden (verwacht een van {', '.join(_REGION_COLUMNS)})"
        )
    period = "Perioden" if "Perioden" in columns else None
    cbs_table = table_id or (m[1] if (m := _TABLE_ID.search(path.name)) else None)
    if cbs_table is None:
        raise InputError(f"{path}: tabelnummer niet af te leiden uit de naam; geef --tabel")
    dimensions: dict[str, dict[str, str]] = {}
    for column in columns:
        if column in ("ID", region, period):
            continue
        values = frame[column].str.strip()
        filled = values[~values.isin(["", "."])]
        numeric = pd.to_numeric(filled.str.replace(",", ".", regex=False), errors="coerce")
        if len(filled) and numeric.isna().any():
            # Any text value makes it a dimension (measures hold numbers, "." or nothing);
            # keep its first category, which CBS lists first as the total.
            first = values.iloc[0]
            dimensions[column] = {first: ""}
    return SourceSpec(
        id=_slug(cbs_table),
        cbs_table=cbs_table,
        title=title or f"CBS-tabel {cbs_table} (geïmporteerd uit {path.name})",
        file=str(path),
        region=region,
        period=period,
        period_fixed=None if period else "onbekend",
        dimensions=dimensions,
        exported=f"geïmporteerd uit {path.name}",
    )


def import_file(
    path: Path,
    dest: Path,
    known: dict[str, Snapshot],
    *,
    table_id: str | None = None,
    title: str | None = None,
    period: str | None = None,
) -> Path:
    """Check and snapshot a user's StatLine CSV or OData JSON (TypedDataSet/UntypedDataSet);
    nothing is written unless all of it reads."""
    frame = read_odata_json(path) if path.suffix.lower() == ".json" else read_statline_csv(path)
    spec = infer_spec(path, frame, table_id, title)
    if spec.period is None:
        if period is None:
            raise InputError(f"{path}: geen kolom 'Perioden'; geef de periode met --periode")
        spec = spec.model_copy(update={"period_fixed": period})
    try:
        summary = summarise(spec, frame, register_from(known))
    except InputError as err:  # said about the table: the user knows it by its file
        raise InputError(f"{path}: {err}") from None
    if summary["observations"] == 0:
        raise InputError(f"{path}: geen enkele rij kon aan een gebied en periode worden gekoppeld")
    return write_snapshot(
        frame,
        spec,
        dest,
        source_file=str(path.resolve()),
        source_sha256=sha256(path),
        summary=summary,
    )


def register_from(known: dict[str, Snapshot]) -> RegionRegister:
    """The region register from the snapshots that name regions by code."""
    return learn_register(
        (s.spec, s.frame())
        for s in known.values()
        if s.spec.role == "gebieden" or s.spec.region_code
    )


def read_odata_json(path: Path) -> pd.DataFrame:
    """A saved OData response ({"value": [rows]}) as a table of strings."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError(f"{path}: bestand niet gevonden") from None
    except OSError as err:
        raise InputError(f"{path}: niet te lezen ({err.strerror})") from None
    except (ValueError, RecursionError) as err:  # not UTF-8, not JSON, or nested too deep
        raise InputError(f"{path}: geen geldige JSON ({str(err)[:200]})") from None
    rows = data.get("value") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise InputError(f"{path}: verwacht een OData-antwoord met een niet-lege lijst 'value'")
    frame = pd.DataFrame(rows)
    return frame.astype("str").where(frame.notna(), "")


def _slug(table_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "_", table_id)
