"""The table for the begroting: one row per indicator of a programme, with the gemeente,
Nederland and the peer median in the latest year, the judgement and the source. CSV and XLSX,
written to a temporary file first so a failed export never leaves half a file."""

import csv
import io
import os
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path

from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.programmes.status import PEERS, ProgrammeStatus


@dataclass(frozen=True)
class Row:
    onderdeel: str
    indicator: str
    titel: str
    eenheid: str
    jaar: int | None
    gemeente: float | None
    nederland: float | None
    mediaan_peers: float | None
    peers_met_waarde: int | None
    basisjaar: int | None
    basiswaarde: float | None
    oordeel: str
    toelichting: str
    bron: str


COLUMNS = [f.name for f in fields(Row)]


def rows(status: ProgrammeStatus) -> list[Row]:
    """One row per indicator (goals without an indicator say so in their own row)."""
    out = []
    for goal, m in status.measures():
        if m.kind == "mijlpaal":
            continue
        nl, peers = m.beside_of("Nederland"), m.beside_of(PEERS)
        out.append(
            Row(
                onderdeel=goal.goal.title,
                indicator=m.id if m.kind == "indicator" else "",
                titel=m.title,
                eenheid=m.unit,
                jaar=m.latest.year if m.latest else None,
                gemeente=m.latest.value if m.latest else None,
                nederland=nl.latest.value if nl and nl.latest else None,
                mediaan_peers=peers.latest.value if peers and peers.latest else None,
                peers_met_waarde=peers.peers_counted if peers and peers.latest else None,
                basisjaar=m.base.year if m.base else None,
                basiswaarde=m.base.value if m.base else None,
                oordeel=m.label,
                toelichting=m.basis,
                bron="; ".join(m.sources),
            )
        )
    return out


def headers(status: ProgrammeStatus) -> list[str]:
    """Column headings as a reader of the begroting sees them."""
    names = {
        "gemeente": status.focus_name,
        "nederland": "Nederland",
        "mediaan_peers": "mediaan benchmarkgemeenten",
        "peers_met_waarde": "benchmarkgemeenten met waarde",
    }
    return [names.get(c, c) for c in COLUMNS]


def to_csv(status: ProgrammeStatus) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers(status))
    for row in rows(status):
        writer.writerow(["" if v is None else v for v in row.__dict__.values()])
    return buffer.getvalue()


def write(status: ProgrammeStatus, path: Path) -> Path:
    """Write the table as .csv or .xlsx (by the file's suffix), all or nothing."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise SocialeStaatError(f"{path}: kies een bestandsnaam op .csv of .xlsx")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".export-", suffix=suffix)
        os.close(handle)
    except OSError as err:
        raise SocialeStaatError(f"kan niet schrijven in {path.parent}: {err.strerror}") from None
    try:
        if suffix == ".csv":
            Path(tmp).write_text(to_csv(status), encoding="utf-8-sig")  # BOM: Excel reads UTF-8
        else:
            Path(tmp).write_bytes(to_xlsx(status))
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path


def to_xlsx(status: ProgrammeStatus) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "programma"
    p = status.programme
    sheet.append([f"{p.title} — {status.focus_name}"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([f"Vergeleken met Nederland en de mediaan van: {status.peer_group}"])
    sheet.append([])
    sheet.append(headers(status))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in rows(status):
        sheet.append(list(row.__dict__.values()))
    for column, width in zip(
        "ABCDEFGHIJKLMN", (40, 30, 40, 24, 8, 12, 12, 14, 10, 10, 12, 22, 60, 60), strict=True
    ):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
