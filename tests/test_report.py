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
        "inleiding",
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
        "conclusies",
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
    assert html.count('<figcaption class="title">') == len(figures)
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
    assert {"3 Arbeid", "Bijlage B Bronnen", "Bijlage A Methode"} <= headings
    # numbered after the theme chapters, however many themes have data
    assert any(h.endswith(" Wijken en buurten") and h.split()[0].isdigit() for h in headings)
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
    assert "nog geen rapporten, beleidsstukken of dialoogverslagen" in chapter.paragraphs[0].text


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

    def disk_full(report: object, path: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writing, "_pdf", lambda html, path: path.write_bytes(b"%PDF"))
    monkeypatch.setattr(writing, "_docx", disk_full)
    with pytest.raises(SocialeStaatError, match=r"No space left.*schijf vol.*ongewijzigd"):
        writing.write(doc, tmp_path)
    assert {p.name: p.read_bytes() for p in first} == before


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


# --- the report as a publishable analysis ------------------------------------------------------

FORBIDDEN = [
    "bundel",
    "catalogus",
    "export stopte",
    "10.000 rijen",
    "titel niet geverifieerd",
    "dekt 20",
    "mediaan peers",
    "dertien benchmarkgemeenten",
    "het mediaan",
    "snapshot",
    "warehouse",
    "partieel",
    "None",
    "nan ",
]
FILE_NAME = re.compile(r"\b[\w-]+\.(csv|ya?ml|json|geojson|txt|py|duckdb|sqlite|md)\b")


def _visible_text(html: str) -> str:
    body = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", html, flags=re.S)
    body = re.sub(r'src="data:[^"]+"', "", body)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_no_internal_words_reach_the_reader(written: dict[str, Path]) -> None:
    text = _visible_text(written[".html"].read_text())
    for word in FORBIDDEN:
        assert word.lower() not in text.lower(), (
            word,
            text[text.lower().find(word.lower()) - 120 :][:300],
        )
    assert not FILE_NAME.search(text), FILE_NAME.search(text)


def test_analytical_chapters(almere_report: reporting.Report) -> None:
    keys = [c.key for c in almere_report.chapters]
    assert keys[:2] == ["samenvatting", "inleiding"] and keys[-1] == "conclusies"
    intro = almere_report.chapter("inleiding")
    questions = [p for p in intro.paragraphs if p.bullet]
    assert len(questions) == 5 and all(p.text.endswith(")") for p in questions)
    summary = almere_report.chapter("samenvatting")
    lists = {lst.title: lst.items for lst in summary.lists}
    assert lists["Sterke punten"] and lists["Aandachtspunten"]
    # Every theme that has a chapter appears in the summary.
    themes = {c.title for c in almere_report.chapters if c.key in reporting.THEMES}
    leads = {p.lead for items in lists.values() for p in items}
    assert themes <= leads, themes - leads
    for items in lists.values():
        assert all(s.note for p in items for s in p.sentences)  # every finding keeps its refs
    conclusions = almere_report.chapter("conclusies")
    assert conclusions.lists and conclusions.lists[0].title == "Opgaven"
    text = " ".join(p.text for p in conclusions.paragraphs)
    assert "wijken" in text and "documenten" in text
    for chapter in almere_report.chapters:
        if chapter.key in reporting.THEMES:
            assert chapter.paragraphs and chapter.number, chapter.key  # synthesis, numbered


def test_no_rank_for_a_class_variable(almere_report: reporting.Report) -> None:
    sentences = [
        s.text
        for c in almere_report.chapters
        for p in [*c.paragraphs, *[i for lst in c.lists for i in lst.items]]
        for s in p.sentences
        if "stedelijkheid" in s.text
    ]
    for text in sentences:
        assert "plaats" not in text and "hoogste" not in text and "laagste" not in text, text


def test_chart_ticks_are_distinct(almere_report: reporting.Report) -> None:
    """Read the tick labels of every axis of every rendered chart: none repeats."""
    figures = [f for c in almere_report.chapters for f in c.all_figures()]
    checked = 0
    for fig in figures:
        for axis in re.findall(r'role-axis-label"[^>]*>(.*?)</g>', fig.svg, flags=re.S):
            labels = re.findall(r"<text[^>]*>([^<]*)</text>", axis)
            assert len(labels) == len(set(labels)), (fig.number, labels)
            checked += 1
    assert checked >= len([f for f in figures if not f.number.startswith("N")])


def test_pdf_is_tagged_a4(written: dict[str, Path]) -> None:
    import shutil
    import subprocess

    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) niet geïnstalleerd")
    info = subprocess.run(
        ["pdfinfo", str(written[".pdf"])], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"Tagged:\s+yes", info)
    assert "(A4)" in info


def test_docx_a4_with_toc_and_footnotes(written: dict[str, Path]) -> None:
    import zipfile

    from docx import Document

    document = Document(str(written[".docx"]))
    section = document.sections[0]
    assert abs(section.page_width.cm - 21.0) < 0.05 and abs(section.page_height.cm - 29.7) < 0.05
    with zipfile.ZipFile(written[".docx"]) as z:
        body = z.read("word/document.xml").decode()
        notes = z.read("word/footnotes.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
    assert 'TOC \\o "1-2"' in body and 'w:fldCharType="begin"' in body
    refs = set(re.findall(r'<w:footnoteReference w:id="(\d+)"', body))
    defined = set(re.findall(r'<w:footnote w:id="(\d+)"', notes))
    assert refs and refs == defined
    assert "footnotes.xml" in rels and "footnotes+xml" in types
    assert "[1]" not in body  # no footnotes as bracketed text
    assert body.count('<w:tblLayout w:type="fixed"/>') == len(document.tables)


def test_quotes_are_whole_sentences(almere_report: reporting.Report) -> None:
    from sociale_staat.report.documents import ends_sentence, is_reference

    quotes = almere_report.chapter("documenten").all_quotes()
    assert len(quotes) >= 5
    for q in quotes:
        assert ends_sentence(q.text) and q.text[0].isupper(), q.text
        assert not is_reference(q.text), q.text


def test_analyst_text_is_marked_as_written(warehouse: Warehouse, tmp_path: Path) -> None:
    bench = run(
        warehouse,
        resolve(warehouse, paths.peer_groups_dir(), "almere-2023", "GM0034"),
        theme="arbeid",
    )
    fixtures = Path(__file__).parent / "fixtures" / "rapport"
    doc = reporting.assemble(warehouse, bench, None, None, report_dir=fixtures)
    arbeid, intro = doc.chapter("arbeid"), doc.chapter("inleiding")
    assert arbeid.written is not None and not arbeid.written.replaces
    assert arbeid.opening()  # the generated synthesis stays
    assert intro.written is not None and intro.opening() == []
    assert doc.cover.organisation.startswith("Fictieve")
    html = writing.render_html(doc)
    assert (
        'class="written"' in html
        and "Toelichting van Fictieve Onderzoeker (1 november 2026)" in html
    )
    assert "Fictieve inleiding" in html and "Dit rapport beschrijft" not in html
