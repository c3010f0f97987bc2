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
    # Since the default year is the latest (nearly) complete one, the gaps left are those of
    # truncated source tables, e.g. the benefit shares Tilburg lacks (85586NED).
    chapters = almere_report.chapters
    texts = [s.text for c in chapters for sec in c.sections for s in sec.sentences]
    assert any(t.startswith("Geen gegevens voor") and "Tilburg" in t for t in texts)
    captions = [f.caption for c in chapters for f in c.all_figures()]
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


# --- what a reader stumbles on in the printed report -------------------------------------------

# Words for whoever loads the data, never for a reader of the PDF (on top of FORBIDDEN).
ANALYST_WORDS = ["meegeleverd", "haal cbs", "export", "controleer:", "kennisbank", "geladen"]
CODE_ID = re.compile(r"'[a-z]+_[a-z0-9_]+'")  # 'wekelijks_sporter', 'migratiesaldo_per_1000'


@pytest.fixture(scope="module")
def pdf_pages(written: dict[str, Path]) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(str(written[".pdf"])).pages]


def test_pdf_text_has_no_internal_words(pdf_pages: list[str]) -> None:
    text = re.sub(r"\s+", " ", " ".join(pdf_pages))
    for word in [*FORBIDDEN, *ANALYST_WORDS]:
        at = text.lower().find(word.lower())
        assert at < 0, (word, text[max(0, at - 120) : at + 180])
    assert not CODE_ID.search(text), text[CODE_ID.search(text).start() - 120 :][:300]  # type: ignore[union-attr]
    assert not FILE_NAME.search(text), FILE_NAME.search(text)


def test_cover_says_who_made_it(almere_report: reporting.Report, pdf_pages: list[str]) -> None:
    """No department adopted the Almere report: the cover must not present it as the gemeente's
    own publication, and says what made it from which open data."""
    cover = almere_report.cover
    assert cover.organisation.startswith("Gemaakt met Sociale Staat (open source) uit openbare")
    assert "CBS" in cover.organisation and "Gemeente Almere" not in cover.organisation
    assert not any(line.startswith("Uitgave:") for line in cover.colophon)
    assert any("geen uitgave van de gemeente Almere" in line for line in cover.colophon)
    assert "Gemaakt met Sociale Staat" in pdf_pages[0]


def test_no_text_beyond_the_right_margin(written: dict[str, Path]) -> None:
    """Every piece of text starts inside the page's text area (A4 minus the 2 cm margin), so no
    table or line runs off the page."""
    from pypdf import PdfReader

    starts: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            starts.append(tm[4] * cm[0] + cm[4])

    for number, page in enumerate(PdfReader(str(written[".pdf"])).pages, start=1):
        right = float(page.mediabox.width) - 2 / 2.54 * 72
        starts.clear()
        page.extract_text(visitor_text=visit)
        assert starts and all(x < right for x in starts), (number, max(starts, default=0))


def test_note_numbers_stay_with_their_word(written: dict[str, Path]) -> None:
    html = written[".html"].read_text()
    body = html[html.index("<main>") :]
    assert body.count("<sup>") == body.count('<span class="noted">') > 100


def test_printed_chart_text_is_at_least_8_pt(almere_report: reporting.Report) -> None:
    html = writing.render_html(almere_report, for_print=True)
    figures = [f for c in almere_report.chapters for f in c.all_figures() if f.number[0] != "N"]
    widths = {}
    for chunk in html.split('<figure id="figuur-')[1:]:
        width = re.search(r'<img [^>]*style="width: (\d+)px"', chunk[: chunk.index("</figure>")])
        if width:
            widths[chunk[: chunk.index('"')]] = width.group(1)
    assert len(widths) == len(figures)
    for fig in figures:
        svg_width = float(re.search(r'<svg[^>]*\bwidth="([\d.]+)"', fig.svg).group(1))  # type: ignore[union-attr]
        smallest = min(float(s) for s in re.findall(r'font-size="([\d.]+)px"', fig.svg))
        printed = min(float(widths[fig.number]), 17 / 2.54 * 96)  # max-width: the text area
        assert smallest * printed / svg_width * 0.75 >= 8, (fig.number, smallest, svg_width)


def _all_sentences(report: reporting.Report) -> list[str]:
    """The sentences written from the benchmark (summary, themes, conclusions)."""
    out = []
    keys = {"samenvatting", "inleiding", "conclusies", *reporting.THEMES}
    for c in [c for c in report.chapters if c.key in keys]:
        paragraphs = [*c.paragraphs, *[i for lst in c.lists for i in lst.items]]
        out += [s.text for p in paragraphs for s in p.sentences]
        out += [s.text for sec in c.sections for s in sec.sentences]
    return out


def test_sentences_read_as_written(almere_report: reporting.Report) -> None:
    sentences = _all_sentences(almere_report)
    nested = re.compile(r"\([^()]*\([^()]*\)\)")
    for text in sentences:
        assert not nested.search(text), text  # no '(mediaan 0,8 km (gemiddeld …))'
        assert ") (" not in text, text  # no '(4,8 procent) (Nederland: 5,4 procent)'
        assert " bij nul " not in text, text
        assert not text.startswith("Voor Almere is") or "niet beschikbaar:" not in text, text
    counts = almere_report.chapter("demografie").sections
    inwoners = next(s for s in counts if s.title == "Inwoners")
    assert not any("Landelijk" in s.text or "landelijk" in s.text for s in inwoners.sentences)


def test_wijk_tables_keep_acronyms(almere_report: reporting.Report) -> None:
    tables = almere_report.chapter("wijken").tables
    text = " ".join(cell for t in tables for row in t.rows for cell in row)
    captions = " ".join(t.caption for t in tables)
    assert "ww-uitkering" not in text and "ses-woa" not in text and "wmo-" not in text
    assert "ses-woa" not in captions and "niet beschikbaar" not in text
