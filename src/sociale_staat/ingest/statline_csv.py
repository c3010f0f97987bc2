"""Read StatLine CSV exports as they come: BOM or not, `;` (or `,`), quoted or not, all text.

Values stay exactly as written (padded codes, `.` for secret, `*` for provisional): turning
them into numbers and codes is the build's job, so the snapshot keeps the source unchanged.
"""

import csv
import io
from pathlib import Path

import pandas as pd

from sociale_staat.core.errors import InputError

_DELIMITERS = (";", ",", "\t")


def read_statline_csv(path: Path, comment_prefix: str | None = None) -> pd.DataFrame:
    """Read a StatLine CSV export into a DataFrame of strings; raise InputError on bad input.

    >>> read_statline_csv(Path("cbs_86088NED.csv")).columns[:3].tolist()  # doctest: +SKIP
    ['ID', 'Persoonskenmerken', 'RegioS']
    """
    raw = _read_bytes(path)
    text = _decode(raw, path)
    if comment_prefix:
        # A comment block above the header (e.g. '# Bron: CBS ...') is documentation, not data.
        lines = text.split("\n")
        skip = 0
        while skip < len(lines) and lines[skip].startswith(comment_prefix):
            skip += 1
        text = "\n".join(lines[skip:])
    if not text.strip():
        raise InputError(f"{path}: het bestand is leeg")
    header_line = text.split("\n", 1)[0]
    delimiter = _sniff_delimiter(header_line, path)
    rows = _rows(text, delimiter, path)
    header = [h.strip() for h in rows[0]]
    _check_header(header, path)
    body = rows[1:]
    while body and body[-1] == []:
        body.pop()
    if not body:
        raise InputError(f"{path}: alleen een kopregel, geen gegevens")
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            hint = " (afgebroken bestand?)" if number == len(body) + 1 else ""
            raise InputError(
                f"{path}, regel {number}: {len(row)} velden, verwacht {len(header)} "
                f"zoals in de kopregel{hint}"
            )
    if not text.endswith(("\n", "\r")) and len(body[-1]) == len(header) and body[-1][-1] == "":
        # A file cut off right after a delimiter still has the right field count.
        raise InputError(f"{path}, regel {len(body) + 1}: laatste regel is onvolledig")
    return pd.DataFrame(body, columns=header, dtype="str")


def _rows(text: str, delimiter: str, path: Path) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as err:  # e.g. a field over the csv module's size limit (a broken quote)
        raise InputError(f"{path}, regel {reader.line_num}: onleesbare CSV ({err})") from None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: bestand niet gevonden") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is een map, geen CSV-bestand") from None
    except OSError as err:
        raise InputError(f"{path}: niet te lezen ({err.strerror})") from None


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError(
            f"{path}, regel {line}: geen geldige UTF-8 (byte {err.start}); StatLine exporteert "
            "UTF-8: sla het bestand opnieuw op als UTF-8"
        ) from None


def _sniff_delimiter(header_line: str, path: Path) -> str:
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    delimiter = max(counts, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        raise InputError(
            f"{path}, regel 1: geen scheidingsteken gevonden (verwacht ';' zoals in StatLine-exports)"
        )
    return delimiter


def _check_header(header: list[str], path: Path) -> None:
    seen: set[str] = set()
    for index, name in enumerate(header, start=1):
        if not name:
            raise InputError(f"{path}, regel 1: kolom {index} heeft geen naam")
        if name in seen:
            raise InputError(f"{path}, regel 1: kolomnaam '{name}' komt twee keer voor")
        seen.add(name)
