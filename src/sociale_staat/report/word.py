"""The report as a Word file: A4, a cover, a real table of contents field, numbered headings,
real footnotes for the sources, figures with alt text and tables with fixed column widths.

python-docx has no footnote API, so the footnotes part is written here as WordprocessingML and
related to the document; each footnote reference in the text points into it.
"""

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from sociale_staat.report.model import Chapter, Figure, Paragraph, Report, Table

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_WIDTH_CM = 16.0  # A4 (21 cm) minus two margins of 2,5 cm
ACCENT = RGBColor(0x1F, 0x4E, 0x79)


class _Footnotes:
    """Footnotes in document order; the text of each is the report note it stands for."""

    def __init__(self, notes: dict[int, str]) -> None:
        self.notes = notes
        self.texts: list[str] = []

    def reference(self, paragraph: Any, note: int) -> None:
        if note not in self.notes:
            return
        self.texts.append(self.notes[note])
        run = paragraph.add_run()
        run.style = "Footnote Reference"
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(len(self.texts)))
        run._r.append(ref)

    def xml(self) -> bytes:
        notes = [
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/>'
            "</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>",
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
            '<w:spacing w:after="0"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
        ]
        for number, text in enumerate(self.texts, start=1):
            notes.append(
                f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
                f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
                f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
            )
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W}">'
            + "".join(notes)
            + "</w:footnotes>"
        ).encode("utf-8")

    def attach(self, document: Any) -> None:
        part = Part(
            PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.xml(), document.part.package
        )
        document.part.relate_to(part, RT.FOOTNOTES)
        # Schema order matters to Word: updateFields, then footnotePr, both before compat.
        settings = document.settings.element
        compat = settings.find(qn("w:compat"))
        update = OxmlElement("w:updateFields")  # Word fills in the table of contents on opening
        update.set(qn("w:val"), "true")
        pr = OxmlElement("w:footnotePr")
        for special in ("-1", "0"):
            el = OxmlElement("w:footnote")
            el.set(qn("w:id"), special)
            pr.append(el)
        for el in (update, pr):
            if compat is not None:
                compat.addprevious(el)
            else:
                settings.append(el)


def write(report: Report, path: Path) -> None:
    """Write the report as .docx at `path`."""
    doc = Document()
    _page_setup(doc)
    _styles(doc)
    notes = _Footnotes(report.notes)
    _cover(doc, report)
    _toc(doc, report)
    for chapter in [*report.chapters, *report.appendices]:
        if chapter.key == "noten":
            continue  # in Word the notes are footnotes
        _chapter(doc, chapter, notes)
    notes.attach(doc)
    doc.save(str(path))


def _page_setup(doc: Any) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.4)


def _styles(doc: Any) -> None:
    styles = doc.styles
    styles["Normal"].font.name = "DejaVu Sans"
    styles["Normal"].font.size = Pt(10)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        styles[name].font.name = "DejaVu Sans"
        styles[name].font.color.rgb = ACCENT
    text = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = styles["Normal"]
    text.font.size = Pt(8)
    text.paragraph_format.space_after = Pt(0)
    ref = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    ref.font.superscript = True
    written = styles.add_style("Geschreven tekst", WD_STYLE_TYPE.PARAGRAPH)
    written.base_style = styles["Normal"]
    written.paragraph_format.left_indent = Cm(0.5)
    for level in (1, 2):
        styles[f"Heading {level}"].paragraph_format.keep_with_next = True


def _cover(doc: Any, report: Report) -> None:
    cover = report.cover
    for _ in range(6):
        doc.add_paragraph()
    doc.add_paragraph(report.title, style="Title")
    doc.add_paragraph(report.subtitle).runs[0].font.size = Pt(14)
    doc.add_paragraph()
    for text in (cover.organisation, cover.date):
        if text:
            doc.add_paragraph(text).runs[0].bold = True
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("Colofon").runs[0].bold = True
    for line in cover.colophon:
        doc.add_paragraph(line).runs[0].font.size = Pt(9)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _toc(doc: Any, report: Report) -> None:
    """A TOC field whose cached result lists the chapters, so the file reads well even before
    Word updates the field (LibreOffice shows the cached result as it is)."""
    doc.add_paragraph("Inhoud", style="Heading 1")
    first = doc.add_paragraph()
    _field_char(first, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-2" \\h \\z \\u '
    first.add_run()._r.append(instr)
    _field_char(first, "separate")
    entries = [c.heading for c in [*report.chapters, *report.appendices] if c.key != "noten"]
    first.add_run(entries[0])
    last = first
    for entry in entries[1:]:
        last = doc.add_paragraph(entry)
    _field_char(last, "end")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _field_char(paragraph: Any, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _chapter(doc: Any, chapter: Chapter, notes: _Footnotes) -> None:
    doc.add_heading(chapter.heading, level=1)
    for p in chapter.opening():
        _paragraph(doc, p, notes)
    if chapter.written is not None:
        label = doc.add_paragraph(chapter.written.label, style="Geschreven tekst")
        label.runs[0].bold = True
        for p in chapter.written.paragraphs:
            _paragraph(doc, p, notes, style="Geschreven tekst")
    for section in chapter.sections:
        doc.add_heading(f"{section.number} {section.title}".strip(), level=2)
        body = doc.add_paragraph()
        for s in section.sentences:
            body.add_run(s.text)
            notes.reference(body, s.note)
            body.add_run(" ")
        if section.see:
            body.add_run(section.see)
        for quote in section.quotes:
            q = doc.add_paragraph(style="Quote")
            q.add_run(quote.text)
            src = doc.add_paragraph(
                f"{quote.title} ({quote.year or 'jaar onbekend'}"
                + (f", {quote.where})" if quote.where else ")")
            )
            src.runs[0].font.size = Pt(8)
        for fig in section.figures:
            _figure(doc, fig)
    for findings in chapter.lists:
        doc.add_heading(findings.title, level=2)
        for p in findings.items:
            _paragraph(doc, p, notes)
    for fig in chapter.figures:
        _figure(doc, fig)
    for table in chapter.tables:
        _table(doc, table)


def _paragraph(doc: Any, p: Paragraph, notes: _Footnotes, style: str | None = None) -> None:
    para = doc.add_paragraph(style="List Bullet" if p.bullet else style)
    if p.lead:
        para.add_run(p.lead + ". ").bold = True
    for s in p.sentences:
        para.add_run(s.text)
        notes.reference(para, s.note)
        para.add_run(" ")


def _figure(doc: Any, fig: Figure) -> None:
    caption = doc.add_paragraph(f"Figuur {fig.number}. {fig.title}", style="Caption")
    caption.paragraph_format.keep_with_next = True
    picture = doc.add_paragraph()
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(fig.png), width=Cm(15))
    doc.inline_shapes[-1]._inline.docPr.set("descr", fig.alt)  # alt text for screen readers
    source = doc.add_paragraph(fig.caption)
    source.runs[0].italic = True
    source.runs[0].font.size = Pt(8)
    widths = [0.6, 0.4] if len(fig.header) == 2 else [1.0 / len(fig.header)] * len(fig.header)
    _table(doc, Table("", fig.header, fig.rows, widths))


def _table(doc: Any, table: Table) -> None:
    """A table with fixed column widths (in centimetres over the text width) and a header row
    repeated on every page."""
    if table.caption:
        doc.add_paragraph(table.caption, style="Caption").paragraph_format.keep_with_next = True
    total = sum(table.widths) or 1.0
    widths = [Cm(TEXT_WIDTH_CM * w / total) for w in table.widths]
    grid = doc.add_table(rows=1, cols=len(table.header))
    grid.style = "Light List Accent 1"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False  # python-docx writes <w:tblLayout w:type="fixed"/> for this
    for col, width in zip(grid.columns, widths, strict=True):
        col.width = width
    header = grid.rows[0]
    repeat = OxmlElement("w:tblHeader")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, text, width in zip(header.cells, table.header, widths, strict=True):
        cell.text, cell.width = text, width
    for row in table.rows:
        cells = grid.add_row()
        no_split = OxmlElement("w:cantSplit")
        cells._tr.get_or_add_trPr().append(no_split)
        for cell, text, width in zip(cells.cells, row, widths, strict=True):
            cell.text, cell.width = str(text), width
    for row in grid.rows:
        for cell in row.cells:
            for para in cell.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(8)
    doc.add_paragraph()
