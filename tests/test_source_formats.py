"""Declared reader options for raw tables that are not StatLine CSV: a '#' comment header, a JSON
object keyed by region code, kept levels, school years as periods, a denominator from another
table."""

import json
from pathlib import Path

import duckdb

from sociale_staat.core.regions import RegionRegister
from sociale_staat.declarations.sources import SourceSpec
from sociale_staat.ingest.importing import read_raw
from sociale_staat.ingest.observations import load_observations


def test_comment_header_is_skipped(tmp_path: Path) -> None:
    raw = tmp_path / "huishoudens.csv"
    raw.write_text(
        "\ufeff# Samenstelling huishoudens\n# Kolommen:\n#   nHH\n"
        "Gemeente,Jaar,nHH\nGM0034,2020,89319.0\nGM0193,2020,60093.0\n",
        encoding="utf-8",
    )
    spec = SourceSpec(
        id="hh",
        cbs_table="71486NED",
        title="t",
        file=str(raw),
        region="Gemeente",
        period="Jaar",
        comment_prefix="#",
    )
    frame = read_raw(spec, raw)
    assert list(frame.columns) == ["Gemeente", "Jaar", "nHH"]
    con = duckdb.connect()
    report = load_observations(con, spec, frame, RegionRegister())
    assert report.rows == 2
    assert con.execute(
        "SELECT value FROM observations WHERE region_code = 'GM0193'"
    ).fetchone() == (60093.0,)


def test_json_by_region_keeps_only_declared_levels(tmp_path: Path) -> None:
    raw = tmp_path / "kwb.json"
    raw.write_text(
        json.dumps(
            {
                "GM0034": {"AantalInwoners_5": 226500, "Woningvoorraad_35": 95000},
                "WK003401": {"AantalInwoners_5": 4000, "Woningvoorraad_35": 1500},
                "WK0363AA": {"AantalInwoners_5": 1, "Woningvoorraad_35": 1},
            }
        ),
        encoding="utf-8",
    )
    spec = SourceSpec(
        id="kwb",
        cbs_table="85984NED",
        title="t",
        file=str(raw),
        format="json_by_region",
        region="Codering",
        period_fixed="2024",
        keep_levels=["gemeente"],
    )
    frame = read_raw(spec, raw)
    con = duckdb.connect()
    report = load_observations(con, spec, frame, RegionRegister())
    codes = {r[0] for r in con.execute("SELECT DISTINCT region_code FROM observations").fetchall()}
    assert codes == {"GM0034"} and report.rows == 2
    assert report.levels == {"gemeente": 1}


def test_school_years_become_their_first_year(tmp_path: Path) -> None:
    raw = tmp_path / "vsv.csv"
    raw.write_text(
        "ID;Regiokenmerken;Perioden;Leerlingen_1\n0;GM0034;2022/'23;18130.0\n"
        "1;Gemeenten < 100 000 inwoners;2022/'23;1.0\n",
        encoding="utf-8",
    )
    spec = SourceSpec(
        id="vsv",
        cbs_table="84780NED",
        title="t",
        file=str(raw),
        region="Regiokenmerken",
        period="Perioden",
        period_aliases={"2022/'23": "2022"},
        skip_regions=["Gemeenten < 100 000 inwoners"],
    )
    con = duckdb.connect()
    report = load_observations(con, spec, read_raw(spec, raw), RegionRegister())
    assert report.rows == 1 and not report.unplaced_regions
    assert con.execute("SELECT period, period_label FROM observations").fetchone() == (2022, "2022")
