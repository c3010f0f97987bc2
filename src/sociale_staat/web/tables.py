"""One way to answer with a table, as CSV, JSON or XLSX: the same rows and metadata in each."""

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from fastapi.responses import Response
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table(
    fmt: str,
    rows: Sequence[dict[str, Any]],
    meta: dict[str, Any] | None = None,
    filename: str = "",
    document: Any = None,
    columns: Sequence[str] | None = None,
) -> Response:
    """`document` is the JSON answer when it is more than `{"metadata", "data"}`; CSV puts the
    metadata in `#` lines above the header, XLSX on a second sheet. `excel-csv` is the CSV
    Dutch Excel opens as it is: `;` between fields, decimal comma, a UTF-8 BOM."""
    names = list(columns or (rows[0] if rows else ["gebied"]))
    extension = "csv" if fmt == "excel-csv" else fmt
    disposition = {"Content-Disposition": f'attachment; filename="{filename}.{extension}"'}
    if fmt == "excel-csv":
        headers = disposition if filename else None
        excel = excel_csv(rows, names, meta or {})
        return Response(excel, media_type="text/csv; charset=utf-8", headers=headers)
    if fmt == "csv":
        buffer = io.StringIO()
        for key, value in (meta or {}).items():
            buffer.write(f"# {key}: {value}\n")
        writer = csv.DictWriter(buffer, fieldnames=names, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        headers = disposition if filename else None
        return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
    if fmt == "xlsx":
        return Response(_xlsx(rows, names, meta or {}), media_type=XLSX, headers=disposition)
    body = document if document is not None else {"metadata": meta or {}, "data": list(rows)}
    return Response(
        json.dumps(body, ensure_ascii=False, default=str, separators=(",", ":")),
        media_type="application/json",
    )


def excel_csv(rows: Sequence[dict[str, Any]], names: list[str], meta: dict[str, Any]) -> bytes:
    """CSV for Excel with Dutch regional settings: `;`, decimal comma, CRLF, UTF-8 with BOM
    (without the BOM Excel reads UTF-8 as Windows-1252). Metadata lines stay one cell each."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for key, value in meta.items():
        writer.writerow([f"# {key}: {value}"])
    writer.writerow(names)
    for row in rows:
        writer.writerow([_dutch(row.get(n)) for n in names])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _dutch(value: Any) -> Any:
    """A number with a decimal comma and no thousands separator; other values unchanged."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else value
    text = repr(value)
    if "e" in text.lower():  # 1e-05: Excel would read the exponent as text in some settings
        text = f"{value:.12f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _xlsx(rows: Sequence[dict[str, Any]], names: list[str], meta: dict[str, Any]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append(names)
    for row in rows:
        sheet.append([_cell(row.get(n)) for n in names])
    about = book.create_sheet("metadata")
    for key, value in meta.items():
        about.append([key, _cell(value)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    return value if value is None or isinstance(value, int | float | str) else str(value)
