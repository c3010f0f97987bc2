"""The CLI as a user runs it: a real process, real warehouse, Dutch messages, exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SHARED, needs_shared

CLI = str(Path(sys.executable).parent / "sociale-staat")


def run(*args: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    if home:
        env["SOCIALE_STAAT_HOME"] = str(home)
    return subprocess.run([CLI, *args], capture_output=True, text=True, env=env, timeout=300)


def test_value_json(almere_store: Path) -> None:
    result = run(
        "value",
        "werkloosheid",
        "--area",
        "GM0034",
        "--period",
        "2021",
        "--since",
        "2013",
        "--json",
        "--warehouse",
        str(almere_store),
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["indicator"] == "werkloosheid" and answer["value"] == 5.7
    assert answer["area"]["code"] == "GM0034" and answer["unit"].startswith("procent")
    assert (
        answer["source"]["cbs_table"] == "86088NED" and "CC BY 4.0" in answer["source"]["licence"]
    )
    assert {"since_value", "change_abs", "change_pct"} <= set(answer)


def test_value_text_uses_dutch_numbers(almere_store: Path) -> None:
    result = run(
        "value",
        "inwoners",
        "--area",
        "Almere",
        "--period",
        "2022",
        "--warehouse",
        str(almere_store),
    )
    assert "217.828" in result.stdout and "Bron: CBS" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["value", "werkloozheid", "--area", "NL", "--period", "2020"], "onbekende indicator"),
        (
            ["value", "werkloosheid", "--area", "GM9999", "--period", "2020"],
            "onbekende gebiedscode",
        ),
        (["value", "werkloosheid", "--area", "Atlantis", "--period", "2020"], "onbekend gebied"),
        (["value", "werkloosheid", "--area", "NL", "--period", "1950"], "valt buiten de data"),
        (["indicators", "--theme", "sprot"], "onbekend thema"),
    ],
)
def test_bad_input_exits_nonzero_with_message(
    almere_store: Path, args: list[str], message: str
) -> None:
    result = run(*args, "--warehouse", str(almere_store))
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_indicators_json_and_csv(almere_store: Path) -> None:
    result = run("indicators", "--theme", "gezondheid", "--json", "--warehouse", str(almere_store))
    rows = json.loads(result.stdout)
    assert {"ervaren_gezondheid_goed", "eenzaam"} <= {r["id"] for r in rows}
    assert all(r["theme"] == "gezondheid" for r in rows)
    csv_out = run("indicators", "--csv", "--warehouse", str(almere_store)).stdout
    assert csv_out.splitlines()[0].startswith("id,theme,title")


def test_data_status(almere_store: Path) -> None:
    status = json.loads(run("data", "status", "--json", "--warehouse", str(almere_store)).stdout)
    tables = {t["table_id"]: t for t in status["tables"]}
    assert tables["71486ned"]["partial"] and tables["71486ned"]["gaps"]
    assert tables["86088NED"]["periods"] == "2013–2024"
    assert run("data", "status", "--warehouse", str(almere_store)).returncode == 0


def test_missing_warehouse_is_explained(tmp_path: Path) -> None:
    result = run("value", "inwoners", "--area", "NL", "--period", "2022", home=tmp_path)
    assert result.returncode == 1 and "sociale-staat build" in result.stderr


@needs_shared
def test_import_then_build(tmp_path: Path) -> None:
    # A trimmed real StatLine export: the header and Almere/Nederland rows of 83648NED.
    raw = (
        SHARED
        / "cbs/veiligheid/cbs_83648NED_geregistreerde_misdrijven_gemeenten_2010-2024_totaal.csv"
    )
    lines = raw.read_text(encoding="utf-8-sig").splitlines()
    keep = [lines[0]] + [line for line in lines[1:] if ";Almere;" in line or ";Nederland;" in line]
    path = tmp_path / "83648NED_download.csv"
    path.write_text("\ufeff" + "\n".join(keep) + "\n", encoding="utf-8")
    home = tmp_path / "home"
    result = run("import", str(path), home=home)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((home / "snapshots" / "83648NED.json").read_text())
    assert manifest["levels"] == {"gemeente": 1, "nederland": 1}
    assert manifest["spec"]["dimensions"] == {"SoortMisdrijf": {"Misdrijven, totaal": ""}}
    assert run("build", home=home).returncode == 0
    value = json.loads(
        run(
            "value",
            "misdrijven_per_1000",
            "--area",
            "Almere",
            "--period",
            "2023",
            "--json",
            home=home,
        ).stdout
    )
    assert value["source"]["source_file"].endswith("83648NED_download.csv")


def test_import_of_bad_file_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "83648NED.csv"
    path.write_text("ID;RegioS;Perioden;X\n0;Almere;2021;1.0\n1;Almere\n", encoding="utf-8")
    home = tmp_path / "home"
    result = run("import", str(path), home=home)
    assert result.returncode == 1 and "regel 3" in result.stderr
    assert not (home / "snapshots").exists() or not any((home / "snapshots").iterdir())


def test_benchmark_json(almere_store: Path) -> None:
    result = run(
        "benchmark",
        "--focus",
        "GM0034",
        "--peers",
        "almere-2023",
        "--theme",
        "arbeid",
        "--period",
        "2021",
        "--json",
        "--warehouse",
        str(almere_store),
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    rows = {r["indicator"]: r for r in data["indicators"]}
    w = rows["werkloosheid"]
    assert w["period"] == 2021 and w["focus"]["area"] == "GM0034" and w["focus"]["value"] == 5.7
    assert w["nederland"]["value"] == 4.2 and w["rank"] == 11 and w["n"] == 13
    assert w["peer_median"] == pytest.approx(4.55)
    assert {p["name"] for p in w["peers"]} >= {"Lelystad", "Tilburg", "Zaanstad", "Zoetermeer"}
    assert w["sentences"] and all({"text", "refs"} <= set(s) for s in w["sentences"])
    assert "margin" in w["focus"]


def test_benchmark_xlsx_and_csv(almere_store: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "benchmark.xlsx"
    result = run("benchmark", "--xlsx", str(target), "--warehouse", str(almere_store))
    assert result.returncode == 0, result.stderr
    book = load_workbook(target)
    assert {"Arbeid", "Gezondheid", "Bronnen", "Teksten"} <= set(book.sheetnames)
    sources = [row[1] for row in book["Bronnen"].iter_rows(min_row=2, values_only=True)]
    assert "86088NED" in sources
    csv_out = run("benchmark", "--theme", "arbeid", "--csv", "--warehouse", str(almere_store))
    header = csv_out.stdout.splitlines()[0]
    assert header.startswith("thema,indicator,titel")


def test_benchmark_text_and_errors(almere_store: Path, tmp_path: Path) -> None:
    text = run("benchmark", "--theme", "veiligheid", "--warehouse", str(almere_store)).stdout
    assert "Geregistreerde misdrijven" in text and "benchmarkgemeenten" in text
    bad = run("benchmark", "--peers", "onbekend", "--warehouse", str(almere_store))
    assert bad.returncode == 1 and "onbekende peergroep" in bad.stderr
    wijk = run("benchmark", "--focus", "WK003401", "--warehouse", str(almere_store))
    assert wijk.returncode == 1 and "focus moet een gemeente zijn" in wijk.stderr
    nowhere = run(
        "benchmark", "--xlsx", str(tmp_path / "geen" / "x.xlsx"), "--warehouse", str(almere_store)
    )
    assert nowhere.returncode == 1 and "map bestaat niet" in nowhere.stderr


def test_peers_cli(almere_store: Path) -> None:
    data = json.loads(
        run(
            "peers",
            "--focus",
            "Almere",
            "--similar",
            "5",
            "--json",
            "--warehouse",
            str(almere_store),
        ).stdout
    )
    assert len(data["members"]) == 5 and data["members"][0]["distance"] is not None
    listed = run("peers", "--group", "almere-2023", "--warehouse", str(almere_store)).stdout
    assert "Zoetermeer" in listed and "verdiept bestudeerd" in listed


def test_import_odata_json(tmp_path: Path) -> None:
    # The recorded OData page of 86088NED (codes, as the feed gives them).
    page = Path(__file__).parent / "fixtures" / "odata" / "TypedDataSet-2.json"
    path = tmp_path / "86088NED.json"
    path.write_text(page.read_text())
    home = tmp_path / "home"
    result = run("import", str(path), home=home)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((home / "snapshots" / "86088NED.json").read_text())
    assert manifest["levels"] == {"gemeente": 1} and "2022" in manifest["periods"]
    broken = tmp_path / "kapot.json"
    broken.write_text('{"value": ')
    bad = run("import", str(broken), home=home)
    assert bad.returncode == 1 and "geen geldige JSON" in bad.stderr


def test_neighbourhood_commands(almere_store: Path, tmp_path: Path) -> None:
    store = ["--warehouse", str(almere_store)]
    data = json.loads(
        run(
            "wijken", "--gemeente", "Almere", "--indicator", "aandeel_bijstand", "--json", *store
        ).stdout
    )
    assert data["indeling"] == 2024 and len(data["gebieden"]) == 71
    assert "Almere Haven" in data["stadsdelen"]
    profile = run("area", "WK003408", *store)
    assert profile.returncode == 0 and "De Wierden" in profile.stdout
    assert "slechter dan de stad" in profile.stdout
    conc = json.loads(run("concentraties", "--gemeente", "GM0034", "--json", *store).stdout)
    assert conc["concentraties"][0]["aantal"] == 5 and conc["samenhang"]
    out = tmp_path / "kaart.png"
    assert run("kaart", "aandeel_bijstand", "--out", str(out), *store).returncode == 0
    assert out.stat().st_size > 10_000
    bad = run("kaart", "aandeel_bijstand", "--gemeente", "Amsterdam", *store)
    assert bad.returncode == 1 and "geen wijk" in bad.stderr
    nl = run("area", "NL", *store)
    assert nl.returncode == 1 and "geen wijk of buurt" in nl.stderr
