"""Dialogue records: the 2023 Almere dialogue report parsed into its 14 tables with their
outcomes, linked to themes and indicators, searchable in the kennisbank, in the report chapter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.core import paths
from sociale_staat.core.errors import InputError
from sociale_staat.declarations.catalogue import THEMES, Catalogue
from sociale_staat.kennisbank.store import Kennisbank
from sociale_staat.stem import dialogue, export
from sociale_staat.stem import report as stem_report

DECLARATION = paths.ROOT / "dialogues" / "hoe-gaat-het-in-almere-2023.yml"
REPORT = paths.demo_corpus() / "dialoog_hoe_gaat_het_in_almere_2023.txt"


def test_the_2023_report_yields_14_tables_with_their_outcomes(app_db: AppDatabase) -> None:
    record, _ = dialogue.import_declared(app_db, DECLARATION)
    assert (record.held_on, record.participants, record.place) == ("2023-06-27", 150, "Almere")
    assert len(record.tables) == 14
    by_title = {t.title: t for t in record.tables}
    assert [len(t.outcomes) for t in record.tables] == [6, 7, 6, 5, 5, 7, 7, 7, 6, 8, 7, 7, 8, 7]
    # Titles printed before and after their table are both found; wrapped bullets are whole.
    assert by_title["Succesvol samenwerken"].outcomes[2] == "Sociale kaart op orde."
    assert by_title["Kansen op een goed leven"].outcomes[0] == (
        "Oplossingsgerichte mindset en benadering vanuit professionals en politiek."
    )
    assert by_title["Hulp dichtbij"].heading == "Wat moet er gebeuren?"
    assert by_title["Ouder worden in Almere"].question.endswith(
        "prettig oud kunnen worden in Almere?"
    )
    assert len(record.steps) == 5 and record.steps[0].startswith(
        "De onderzoekers maken een adviesrapport"
    )
    assert by_title["Hulp dichtbij"].themes == ["zorg"]
    stored = dialogue.load(app_db, "GM0034")
    assert stored == [record]
    dialogue.import_declared(app_db, DECLARATION)  # again: replaced, not doubled
    assert len(dialogue.load(app_db)[0].tables) == 14


def test_every_declared_link_names_a_real_theme_and_indicator(catalogue: Catalogue) -> None:
    known = {i.id for i in catalogue}
    for file in sorted(dialogue.dialogues_dir().glob("*.yml")):
        declared = dialogue.load_declaration(file)
        for title, links in declared.tables.items():
            assert set(links.themes) <= set(THEMES), (file.name, title)
            assert set(links.indicators) <= known, (file.name, title)
        assert (paths.ROOT / declared.source).is_file()


def test_a_table_missing_from_the_report_is_named(tmp_path: Path) -> None:
    declared = dialogue.load_declaration(DECLARATION)
    declared.tables["Wonen in de wijk"] = declared.tables["Hulp dichtbij"]
    with pytest.raises(InputError, match="Wonen in de wijk"):
        dialogue.build("x", declared, REPORT.read_text(encoding="utf-8"), "verslag.txt")
    broken = tmp_path / "kapot.yml"
    broken.write_text("title: x\nheld_on: gisteren\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"kapot\.yml"):
        dialogue.load_declaration(broken)


def test_outcomes_are_found_by_a_kennisbank_search(
    app_db: AppDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALE_STAAT_HOME", str(tmp_path))
    kb = Kennisbank(tmp_path / "kb.sqlite", paths.taxonomy_dir())
    _, added = dialogue.import_declared(app_db, DECLARATION, kb)
    assert added is not None and added.status == "toegevoegd"
    hits = [
        h
        for h in kb.search("sociale kaart", limit=20)
        if h.document["document_id"] == added.document_id
    ]
    found = " ".join(h.text for h in hits)
    assert "Sociale kaart op orde." in found and "Goede sociale kaart." in found
    assert {h.heading for h in hits} >= {
        "Tafel 6 Succesvol samenwerken",
        "Tafel 11 Meerdere problemen tegelijk",
    }
    assert all(h.document["type"] == "dialoogverslag" for h in hits)
    kb.close()


def test_the_report_chapter_gives_outcomes_per_theme(app_db: AppDatabase) -> None:
    dialogue.import_declared(app_db, DECLARATION)
    chapter = stem_report.chapter(app_db, "GM0034", {}, str)
    intro = " ".join(p.text for p in chapter.paragraphs)
    assert chapter.title == "Wat inwoners zeggen" and "zo'n 150 mensen" in intro
    captions = [table.caption for table in chapter.tables]
    assert any(c.startswith("Zorg en ondersteuning:") for c in captions)
    assert any(c.startswith("Overige onderwerpen:") for c in captions)  # Herstel van vertrouwen
    tables = [row[0] for table in chapter.tables[:-1] for row in table.rows]
    assert len(tables) == 14  # every table once, under its first theme
    assert "nog geen reacties" in intro


def test_cli_imports_and_exports(app_db: AppDatabase, tmp_path: Path) -> None:
    cli = str(Path(sys.executable).parent / "sociale-staat")
    env = {**os.environ, "SOCIALE_STAAT_APP_DB": app_db.url, "SOCIALE_STAAT_HOME": str(tmp_path)}

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [cli, "stem", *args], capture_output=True, text=True, env=env, input=stdin, timeout=120
        )

    done = run("dialoog", "--geen-kennisbank")
    assert done.returncode == 0 and "14 tafels, 93 uitkomsten, 5 vervolgstappen" in done.stdout
    made = run("moderator", "annet", stdin="correct paard batterij\ncorrect paard batterij\n")
    assert made.returncode == 0, made.stderr
    short = run("moderator", "bert", "--password", "kort")
    assert short.returncode == 1 and "12 tekens" in short.stderr
    out = tmp_path / "stem.json"
    assert run("export", "--out", str(out)).returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["dialoog_uitkomsten"]) == 93 + 14 * 5 and data["reacties"] == []
    assert json.loads(out.read_text()) == json.loads(export.collect(app_db).as_json())
    assert run("wachtrij").returncode == 0
