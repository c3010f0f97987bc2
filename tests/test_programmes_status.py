"""Programmamonitor on the real warehouse: status per goal, the BBV set, the begroting export,
the CLI, the dashboard pages and the report chapter."""

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from sociale_staat.core import paths
from sociale_staat.declarations.catalogue import Catalogue
from sociale_staat.programmes import export
from sociale_staat.programmes.chapter import chapters
from sociale_staat.programmes.model import Goal, IndicatorRef, Programme, load_all
from sociale_staat.programmes.status import PEERS, ProgrammeStatus, evaluate
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.web.app import create_app
from tests.test_cli import CLI, run
from tests.test_programmes import AGREED_BBV

ALMERE_PLAN, BBV = "almere-2-0-leer-en-werkomgeving", "bbv-beleidsindicatoren"
VSV = "aandeel_voortijdig_schoolverlaters"


@pytest.fixture(scope="module")
def plan(warehouse: Warehouse) -> ProgrammeStatus:
    return evaluate(warehouse, load_all(paths.programmes_dir())[ALMERE_PLAN], "GM0034")


@pytest.fixture(scope="module")
def bbv(warehouse: Warehouse) -> ProgrammeStatus:
    return evaluate(warehouse, load_all(paths.programmes_dir())[BBV], "Almere")


def test_indicator_without_target_is_judged_with_nl_and_peers_beside(plan: ProgrammeStatus) -> None:
    m = next(m for _, m in plan.measures() if m.id == "netto_arbeidsparticipatie")
    assert m.target is None and m.base is not None and m.latest is not None
    assert m.base.year == 2015  # the programme's base year
    assert m.status in (
        "verbetering",
        "lichte_verbetering",
        "nauwelijks_verbetering",
        "verslechtering",
    )
    nl, peers = m.beside_of("Nederland"), m.beside_of(PEERS)
    assert nl is not None and nl.latest is not None and nl.latest.year == m.latest.year
    assert peers is not None and peers.latest is not None and peers.peers_counted >= 6
    assert "zonder doel" in m.basis


def test_milestones_of_the_plan_are_unknown_and_goals_without_indicator_say_so(
    plan: ProgrammeStatus,
) -> None:
    milestones = [m for _, m in plan.measures() if m.kind == "mijlpaal"]
    assert len(milestones) >= 8 and all(m.status == "onbekend" for m in milestones)
    none = [m for _, m in plan.measures() if m.kind == "geen_indicator"]
    assert none and all(m.basis.startswith("geen indicator: ") for m in none)
    # a goal holding only unknown milestones is never shown as fine
    flevocampus = next(g for g in plan.all_goals() if g.goal.id == "flevocampus")
    assert flevocampus.status == "onbekend" and flevocampus.tone == "onbekend"


@pytest.mark.skipif(
    VSV not in Catalogue.load(paths.indicators_dir()).by_id,
    reason="aandeel_voortijdig_schoolverlaters (84780NED) komt met de catalogus van issue 12",
)
def test_early_school_leaving_almere_gets_worse_with_peers_and_nl_beside(
    warehouse: Warehouse,
) -> None:
    """No target, lower is better, 2012/'13 -> 2022/'23: the rate rose from 2.94% to 3.42%."""
    programme = Programme(
        id="proef",
        title="Proef",
        kind="programma",
        description="",
        owner="",
        document={"title": "t", "publisher": "p"},
        goals=[Goal(id="vsv", title="Minder uitval", indicators=[IndicatorRef(indicator=VSV)])],
    )
    m = evaluate(warehouse, programme, "GM0034").goals[0].measures[0]
    assert m.polarity == "lager_is_beter" and m.target is None
    assert m.base is not None and m.latest is not None
    assert (m.base.year, m.latest.year) == (2012, 2022)
    assert m.status == "verslechtering"
    assert m.latest.value == pytest.approx(620 / 18130 * 100, abs=0.01)
    nl, peers = m.beside_of("Nederland"), m.beside_of(PEERS)
    assert nl is not None and nl.latest is not None
    assert nl.latest.value == pytest.approx(35430 / 1277200 * 100, abs=0.01)
    assert peers is not None and peers.latest is not None and peers.status != "geen_gegevens"


def test_every_bbv_indicator_is_computed_or_says_why(
    bbv: ProgrammeStatus, catalogue: Catalogue
) -> None:
    pending = []
    for _, m in bbv.measures():
        if m.kind == "geen_indicator":
            assert m.basis.startswith("geen indicator: ") and len(m.basis) > 30
            continue
        if m.id not in catalogue.by_id:
            assert m.id in AGREED_BBV and m.status == "geen_gegevens"
            pending.append(m.id)
            continue
        ind = catalogue.get(m.id)
        if m.latest is None:
            # not computed: the declaration must say why, and the page shows that reason
            assert ind.unavailable, f"{m.id}: geen waarde en geen reden"
            assert m.basis == ind.unavailable
        else:
            assert m.sources, f"{m.id}: waarde zonder bron"
    if pending:
        pytest.skip(f"nog niet in de catalogus (issue 12): {', '.join(sorted(pending))}")


def test_begroting_export_csv_and_xlsx(bbv: ProgrammeStatus, tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(export.to_csv(bbv))))
    assert rows[0][5:8] == ["Almere", "Nederland", "mediaan benchmarkgemeenten"]
    body = {r[1]: r for r in rows[1:]}
    assert body["netto_arbeidsparticipatie"][5] and body["netto_arbeidsparticipatie"][6]
    target = export.write(bbv, tmp_path / "bbv.xlsx")
    sheet = load_workbook(target).active
    assert sheet is not None and sheet["F4"].value == "Almere"
    assert not list(tmp_path.glob(".export-*"))  # nothing half-written left behind
    with pytest.raises(Exception, match=r"\.csv of \.xlsx"):
        export.write(bbv, tmp_path / "bbv.txt")


def test_cli_lijst_status_export(almere_store: Path, tmp_path: Path) -> None:
    listed = run("programma", "lijst", "--json")
    assert listed.returncode == 0, listed.stderr
    assert {p["id"] for p in json.loads(listed.stdout)} >= {ALMERE_PLAN, BBV}
    result = run("programma", "status", ALMERE_PLAN, "--json", "--warehouse", str(almere_store))
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["gemeente"]["code"] == "GM0034" and answer["doelen"][0]["subdoelen"]
    text = run("programma", "status", ALMERE_PLAN, "--warehouse", str(almere_store))
    assert text.returncode == 0 and "onbekend" in text.stdout and "Nederland" in text.stdout
    out = tmp_path / "bbv.xlsx"
    done = run("programma", "export", BBV, "--xlsx", str(out), "--csv", str(tmp_path / "bbv.csv"),
               "--warehouse", str(almere_store))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.exists() and (tmp_path / "bbv.csv").exists()
    bad = run("programma", "status", "onbekend-plan", "--warehouse", str(almere_store))
    assert bad.returncode == 1 and "onbekend programma 'onbekend-plan'" in bad.stderr


@pytest.fixture(scope="module")
def client(almere_store: Path) -> TestClient:
    return TestClient(create_app(almere_store))


def test_programme_pages(client: TestClient) -> None:
    listing = client.get("/programmas")
    assert listing.status_code == 200 and f"/programma/{ALMERE_PLAN}" in listing.text
    page = client.get(f"/programma/{ALMERE_PLAN}")
    assert page.status_code == 200
    html = page.text
    # no script on this page; the site allows scripts only from its own origin (Stem's puzzle)
    assert "<script" not in html and "script-src 'self'" in page.headers["content-security-policy"]
    # every coloured badge carries its word
    assert (
        'class="status status-onbekend"><span class="dot" aria-hidden="true"></span>onbekend'
        in html
    )
    assert "geen indicator: " in html and "Nederland" in html and "<svg" in html
    assert "600 - 800 leerlingen" in html  # the plan's own words, quoted


def test_programme_downloads_and_errors(client: TestClient) -> None:
    xlsx = client.get(f"/data/programma/{BBV}.xlsx")
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith("application/vnd")
    csv_answer = client.get(f"/data/programma/{BBV}.csv")
    assert csv_answer.status_code == 200 and "mediaan benchmarkgemeenten" in csv_answer.text
    api = client.get(f"/api/programmas/{ALMERE_PLAN}")
    assert api.status_code == 200 and api.json()["programma"] == ALMERE_PLAN
    assert client.get("/programma/..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/programma/bestaat-niet").status_code == 404
    assert client.get(f"/data/programma/{BBV}.exe").status_code == 404


def test_report_chapters_for_almere(warehouse: Warehouse) -> None:
    notes: list[str] = []

    def note(text: str) -> int:
        notes.append(text)
        return len(notes)

    made = chapters(warehouse, "GM0034", note)
    assert [c.key for c in made] == [f"programma-{ALMERE_PLAN}", f"programma-{BBV}"]
    plan_chapter = made[0]
    numbers = [f.number for f in plan_chapter.all_figures()]
    assert numbers == [f"P{i}" for i in range(1, len(numbers) + 1)] and numbers
    header, rows = plan_chapter.tables[0].header, plan_chapter.tables[0].rows
    assert header[3:] == ["Almere", "Nederland", "Mediaan benchmark"]
    assert any(r[2] == "onbekend" for r in rows)
    assert all(n.startswith("Bron: ") for n in notes)
    # a gemeente outside the plan gets only the BBV set
    assert [c.key for c in chapters(warehouse, "GM0363", note)] == [f"programma-{BBV}"]


def test_cli_help() -> None:
    assert subprocess.run([CLI, "programma", "--help"], capture_output=True).returncode == 0


def test_programme_list_follows_the_gemeente(client: TestClient) -> None:
    amsterdam = client.get("/programmas?focus=GM0363").text
    assert f"/programma/{BBV}?focus=GM0363" in amsterdam and ALMERE_PLAN not in amsterdam
    assert client.get("/programmas?focus=Nergenshuizen").status_code == 404
    assert "/programmas?focus=GM0034" in client.get("/").text
