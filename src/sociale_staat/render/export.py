"""Benchmark exports for spreadsheets: CSV rows and an Excel workbook (a sheet per theme)."""

import os
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from sociale_staat.analysis.results import Benchmark, IndicatorBenchmark
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.declarations.catalogue import THEMES

COLUMNS = [
    "thema",
    "indicator",
    "titel",
    "eenheid",
    "polariteit",
    "periode",
    "gebied",
    "naam",
    "waarde",
    "ondergrens",
    "bovengrens",
    "rol",
    "rang",
    "n",
    "mediaan_peers",
    "verschil_nederland",
    "verschil_mediaan",
    "verschil_nederland_oordeel",
    "bron",
    "reden_ontbreekt",
]


def rows(bench: Benchmark) -> list[dict[str, Any]]:
    """One row per indicator and area: focus, Nederland and every peer (missing ones too)."""
    out = []
    for item in bench.items:
        out += _rows(item, bench)
    return out


def _rows(item: IndicatorBenchmark, bench: Benchmark) -> list[dict[str, Any]]:
    ind = item.indicator
    common = {
        "thema": ind.theme_title,
        "indicator": ind.id,
        "titel": ind.title,
        "eenheid": ind.unit,
        "polariteit": ind.polarity,
        "periode": item.period,
    }
    result = []
    roles = [("focus", item.focus), ("nederland", item.nederland)] + [
        ("peer", c) for c in item.peers
    ]
    for role, cell in roles:
        if cell is None:
            continue
        source = bench.sources.get(cell.table_id or "")
        row = {
            **common,
            "gebied": cell.area,
            "naam": cell.name,
            "waarde": cell.value,
            "ondergrens": cell.lower,
            "bovengrens": cell.upper,
            "rol": role,
            "bron": source.citation() if source else None,
            "reden_ontbreekt": cell.reason,
        }
        if role == "focus":
            row |= {
                "rang": item.rank,
                "n": item.n,
                "mediaan_peers": item.peer_median,
                "verschil_nederland": item.diff_nl,
                "verschil_mediaan": item.diff_peer_median,
                "verschil_nederland_oordeel": item.nl_difference,
            }
        result.append(row)
    return result


def write_xlsx(bench: Benchmark, path: Path) -> None:
    """A sheet per theme, a sheet with the generated sentences, and a sources sheet."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    all_rows = rows(bench)
    for theme, items in bench.by_theme().items():
        sheet = book.create_sheet(THEMES.get(theme, theme)[:31])
        sheet.append(COLUMNS)
        ids = {i.id for i in items}
        for row in all_rows:
            if row["indicator"] in ids:
                sheet.append([row.get(c) for c in COLUMNS])
        _style(sheet)
    text = book.create_sheet("Teksten")
    text.append(["indicator", "zin", "verwijzingen"])
    for item in bench.items:
        for sentence in item.sentences:
            refs = "; ".join(
                f"{r.name} {r.period if r.period is not None else ''}".strip()
                for r in sentence.refs
                if r.kind == "cel"
            )
            text.append([item.id, sentence.text, refs])
    _style(text)
    sources = book.create_sheet("Bronnen")
    sources.append(
        ["tabel", "CBS-tabel", "titel", "uitgever", "licentie", "export", "bekende gaten"]
    )
    used = {
        c.table_id
        for i in bench.items
        for c in [i.focus, i.nederland, *i.peers]
        if c and c.table_id
    }
    for table_id in sorted(used):
        s = bench.sources[table_id]
        sources.append(
            [table_id, s.cbs_table, s.title, s.publisher, s.licence, s.exported, "; ".join(s.gaps)]
        )
    _style(sources)
    _save(book, path)


def _style(sheet: Any) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _save(book: Workbook, path: Path) -> None:
    """Write next to the target and rename, so a failed export never leaves half a file."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise SocialeStaatError(f"map bestaat niet: {folder}")
    try:
        fd, name = tempfile.mkstemp(dir=folder, suffix=".xlsx.tmp")
    except PermissionError:
        raise SocialeStaatError(f"kan niet schrijven in map {folder}") from None
    os.close(fd)
    try:
        book.save(name)
        os.chmod(name, 0o644)  # mkstemp makes it private; an export is meant to be shared
        os.replace(name, path)
    except PermissionError:
        raise SocialeStaatError(f"kan niet schrijven naar {path}") from None
    finally:
        Path(name).unlink(missing_ok=True)
