"""The report on the real Almere data: structure, notes, captions, alt text, Word, atomic writes."""

import re
from pathlib import Path

import pytest

from sociale_staat.analysis.benchmark import run
from sociale_staat.analysis.neighbourhoods import load_profile_spec, profiles
from sociale_staat.analysis.peers import resolve
from sociale_staat.core import paths
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.kennisbank.store import Kennisbank
from sociale_staat.report import document as reporting
from sociale_staat.report import writing
from sociale_staat.warehouse.queries import Warehouse


@pytest.fixture(scope="module")
def almere_report(
    warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory
) -> reporting.Report:
    kb = Kennisbank(tmp_path_factory.mktemp("kb") / "kb.sqlite", paths.taxonomy_dir())
    kb.add_folder(paths.demo_corpus())
    bench = run(warehouse, resolve(warehouse, paths.peer_groups_dir(), "almere-2023", "GM0034"))
    hoods = profiles(
        warehouse, "GM0034", load_profile_spec(paths.wijkprofiel_file()), paths.stadsdelen_dir()
    )
    return reporting.assemble(warehouse, bench, hoods, kb)


@pytest.fixture(scope="module")
def written(
    almere_report: reporting.Report, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("rapport")
    return {p.suffix: p for p in writing.write(almere_report, out)}


def test_chapters_present(written: dict[str, Path]) -> None:
    html = written[".html"].read_text()
    for key in [
        "samenvatting",
        "demografie",
        "arbeid",
        "onderwijs",
        "inkomen",
        "gezondheid",
        "zorg",
        "wonen",
        "veiligheid",
        "sport_cultuur",
        "wijken",
        "documenten",
        "methode",
        "noten",
        "bronnen",
    ]:
        assert f'id="{key}"' in html, key
    assert "De sociale staat van Almere" in html


def test_every_note_resolves_to_a_source(
    written: dict[str, Path], almere_report: reporting.Report
) -> None:
    html = written[".html"].read_text()
    used = set(re.findall(r'href="#noot-(\d+)"', html))
    defined = set(re.findall(r'id="noot-(\d+)"', html))
    assert used and used <= defined
    for text in almere_report.notes.values():
        assert text.startswith(("Bron: ", "Ontbrekende gegevens: "))


def test_every_figure_has_number_caption_source_alt_and_data(
    written: dict[str, Path], almere_report: reporting.Report
) -> None:
    figures = [f for c in almere_report.chapters for f in c.all_figures()]
    assert len(figures) >= 30
    numbers = [f.number for f in figures]
    assert len(numbers) == len(set(numbers)) and "A1" in numbers and "N1" in numbers
    for fig in figures:
        assert fig.alt and "Bron:" in fig.caption and fig.rows, fig.number
    html = written[".html"].read_text()
    assert html.count("<figure") == len(figures)
    assert len(re.findall(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="[^"]+"', html)) == len(
        figures
    )
    assert html.count("<figcaption>") == len(figures)
    assert (written[".html"].parent / "figuren" / "A1.svg").exists()


def test_gaps_are_visible(almere_report: reporting.Report) -> None:
    demografie = next(c for c in almere_report.chapters if c.key == "demografie")
    texts = [s.text for sec in demografie.sections for s in sec.sentences]
    assert any(t.startswith("Geen gegevens voor") and "Tilburg" in t for t in texts)
    captions = [f.caption for f in demografie.all_figures()]
    assert any("Niet beschikbaar voor" in c for c in captions)


def test_sentences_match_the_data(almere_report: reporting.Report, warehouse: Warehouse) -> None:
    arbeid = next(c for c in almere_report.chapters if c.key == "arbeid")
    section = next(s for s in arbeid.sections if s.title == "Werkloosheid")
    latest = warehouse.value("werkloosheid", "GM0034", 2024)  # 86088NED: Almere 2024 = 4,2
    text = " ".join(s.text for s in section.sentences)
    assert f"{latest.reading.value:.1f}".replace(".", ",") + " procent" in text


def test_pdf_opens_with_pages(written: dict[str, Path]) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(written[".pdf"]))
    assert len(reader.pages) > 20
    first = reader.pages[0].extract_text()
    assert "De sociale staat van Almere" in first
    text = " ".join(p.extract_text() for p in reader.pages[3:12])
    assert "Figuur" in text and "Bron: CBS" in text


def test_word_has_headings_tables_and_alt_text(written: dict[str, Path]) -> None:
    from docx import Document

    document = Document(str(written[".docx"]))
    headings = {p.text for p in document.paragraphs if p.style.name.startswith("Heading")}
    assert {"Arbeid", "Wijken en buurten", "Bronnen", "Methode"} <= headings
    assert len(document.tables) > 20
    alts = [s._inline.docPr.get("descr") for s in document.inline_shapes]
    assert alts and all(alts)


def test_no_documents_chapter_says_so(warehouse: Warehouse) -> None:
    bench = run(
        warehouse,
        resolve(warehouse, paths.peer_groups_dir(), "almere-2023", "GM0034"),
        theme="arbeid",
    )
    doc = reporting.assemble(warehouse, bench, None, None)
    chapter = next(c for c in doc.chapters if c.key == "documenten")
    assert "nog geen documenten" in chapter.intro


def test_failed_write_keeps_earlier_report(
    warehouse: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bench = run(
        warehouse,
        resolve(warehouse, paths.peer_groups_dir(), "almere-2023", "GM0034"),
        theme="veiligheid",
    )
    doc = reporting.assemble(warehouse, bench, None, None)
    first = writing.write(doc, tmp_path)
    before = {p.name: p.read_bytes() for p in first}

    def broken(html: str, path: Path) -> None:
        raise RuntimeError("pdf kapot")

    monkeypatch.setattr(writing, "_pdf", broken)
    with pytest.raises(RuntimeError):
        writing.write(doc, tmp_path)
    assert {p.name: p.read_bytes() for p in first} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".rapport-")]


def test_unwritable_output(warehouse: Warehouse, tmp_path: Path) -> None:
    bench = run(
        warehouse,
        resolve(warehouse, paths.peer_groups_dir(), "almere-2023", "GM0034"),
        theme="veiligheid",
    )
    doc = reporting.assemble(warehouse, bench, None, None)
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map")
    with pytest.raises(SocialeStaatError, match="kan niet schrijven"):
        writing.write(doc, blocker / "rapport")
