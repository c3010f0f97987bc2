from pathlib import Path

import pytest

from sociale_staat.core.errors import InputError
from sociale_staat.ingest.statline_csv import read_statline_csv
from tests.conftest import SHARED, needs_shared

HEADER = "ID;RegioS;Perioden;Werkloosheidspercentage_13\n"


def write(tmp_path: Path, text: str | bytes, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


@needs_shared
def test_reads_bom_export_with_labels_unchanged() -> None:
    frame = read_statline_csv(
        SHARED / "cbs/bevolking/cbs_03759ned_bevolking_1jan_1988-2024_PARTIAL_first10000rows.csv"
    )
    assert frame.columns[0] == "ID"  # BOM gone
    row = frame[(frame.RegioS == "Almere") & (frame.Perioden == "2000")].iloc[0]
    assert row["BevolkingOp1Januari_1"] == "142765.0"  # text exactly as in the file


@needs_shared
def test_reads_quoted_statline_download_with_title_headers() -> None:
    frame = read_statline_csv(
        SHARED
        / "cbs/regionale-kerncijfers/cbs_70072ned_totale_bevolking_dichtheid_gemeenten_2020-2023.csv"
    )
    assert "Regio's" in frame.columns
    assert len(frame) == 2908


@needs_shared
def test_padded_codes_are_kept_as_written() -> None:
    frame = read_statline_csv(
        SHARED / "cbs/kwb/cbs_85984NED_kwb2024_almere_wijken_buurten_plus_gemeenten.csv"
    )
    assert "GM0034    " in set(frame.Codering_3)


def test_ragged_line_names_line(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "0;Almere;2021;5.7\n1;Nederland;2021\n")
    with pytest.raises(InputError, match=r"t\.csv, regel 3: 3 velden, verwacht 4"):
        read_statline_csv(path)


def test_truncated_file_is_named_as_such(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "0;Almere;2021;5.7\n1;Neder")
    with pytest.raises(InputError, match="afgebroken"):
        read_statline_csv(path)


def test_truncated_after_delimiter(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "0;Almere;2021;5.7\n1;Nederland;2021;")
    with pytest.raises(InputError, match="onvolledig"):
        read_statline_csv(path)


def test_wrong_encoding_names_line(tmp_path: Path) -> None:
    path = write(tmp_path, (HEADER + "0;Súdwest-Fryslân;2021;3.1\n").encode("cp1252"))
    with pytest.raises(InputError, match="regel 2: geen geldige UTF-8"):
        read_statline_csv(path)


def test_no_delimiter(tmp_path: Path) -> None:
    path = write(tmp_path, "ID RegioS Perioden\n0 Almere 2021\n")
    with pytest.raises(InputError, match="geen scheidingsteken"):
        read_statline_csv(path)


def test_empty_and_header_only(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="leeg"):
        read_statline_csv(write(tmp_path, ""))
    with pytest.raises(InputError, match="alleen een kopregel"):
        read_statline_csv(write(tmp_path, HEADER))


def test_comma_delimited_export_is_read(tmp_path: Path) -> None:
    frame = read_statline_csv(write(tmp_path, '"RegioS","Perioden","X"\n"Almere","2021","5,7"\n'))
    assert frame.iloc[0].to_dict() == {"RegioS": "Almere", "Perioden": "2021", "X": "5,7"}


def test_duplicate_header_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="komt twee keer voor"):
        read_statline_csv(write(tmp_path, "ID;RegioS;RegioS\n0;a;b\n"))
