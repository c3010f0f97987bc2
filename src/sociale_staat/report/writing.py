"""Writing an assembled report as HTML, PDF and Word.

The three files are written to a temporary folder first, so a failed run never replaces a
complete earlier report.
"""

import base64
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.report.model import Figure, Report


def write(
    report: Report, out: Path, progress: Callable[[str], None] = lambda _: None
) -> list[Path]:
    """Write HTML, PDF and DOCX into `out` (plus the chart files); all or nothing replaced."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=out, prefix=".rapport-"))
    except OSError as err:
        raise SocialeStaatError(f"kan niet schrijven in {out}: {err.strerror}") from None
    stem = f"sociale-staat-{_slug(report.gemeente)}"
    try:
        charts_dir = tmp / "figuren"
        charts_dir.mkdir()
        for chapter in report.chapters:
            for fig in chapter.all_figures():
                (charts_dir / f"{fig.number}.svg").write_text(fig.svg, encoding="utf-8")
                (charts_dir / f"{fig.number}.png").write_bytes(fig.png)
        progress("html")
        html = render_html(report)
        (tmp / f"{stem}.html").write_text(html, encoding="utf-8")
        progress("pdf")
        _pdf(html, tmp / f"{stem}.pdf")
        progress("docx")
        _docx(report, tmp / f"{stem}.docx")
        written = []
        target_charts = out / "figuren"
        if target_charts.exists():
            shutil.rmtree(target_charts)
        os.replace(charts_dir, target_charts)
        for suffix in (".html", ".pdf", ".docx"):
            os.replace(tmp / f"{stem}{suffix}", out / f"{stem}{suffix}")
            written.append(out / f"{stem}{suffix}")
        return written
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


def render_html(report: Report) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("sociale_staat.report", "templates"), autoescape=select_autoescape(["html"])
    )
    css = (Path(__file__).parent / "templates" / "report.css").read_text(encoding="utf-8")
    return env.get_template("report.html").render(
        r=report,
        css=css,
        data_uri=lambda svg: "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
    )


def _pdf(html: str, path: Path) -> None:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Only data: URIs: the report never reaches out to the network.
    fetcher = URLFetcher(allowed_protocols={"data"})
    HTML(string=html, url_fetcher=fetcher).write_pdf(str(path))


def _docx(report: Report, path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.name = "DejaVu Sans"
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(report.title, level=0)
    doc.add_paragraph(f"{report.subtitle}. Gemaakt op {report.made}.")
    doc.add_heading("Samenvatting: opvallende kenmerken", level=1)
    for s in report.summary:
        doc.add_paragraph(f"{s.text} [{s.note}]", style="List Bullet")
    for chapter in report.chapters:
        doc.add_heading(chapter.title, level=1)
        if chapter.intro:
            doc.add_paragraph(chapter.intro)
        for section in chapter.sections:
            doc.add_heading(section.title, level=2)
            doc.add_paragraph(
                " ".join(f"{s.text} [{s.note}]" for s in section.sentences)
                + (f" {section.see}" if section.see else "")
            )
            for fig in section.figures:
                _docx_figure(doc, fig)
        for fig in chapter.figures:
            _docx_figure(doc, fig)
        for caption, header, rows in chapter.tables:
            doc.add_heading(caption, level=3)
            _docx_table(doc, header, rows)
        for p in chapter.passages:
            doc.add_paragraph(
                f"{p.theme} — {p.title} ({p.year or 'jaar onbekend'}, {p.where}): {p.text}"
            )
    doc.add_heading("Methode", level=1)
    for title, paragraphs in report.methods:
        doc.add_heading(title, level=2)
        for text in paragraphs:
            doc.add_paragraph(text)
    doc.add_heading("Noten", level=1)
    for number, text in report.notes.items():
        doc.add_paragraph(f"[{number}] {text}")
    doc.add_heading("Bronnen", level=1)
    _docx_table(
        doc,
        ["Tabel", "Titel", "Uitgever", "Licentie", "Bekende gaten"],
        [
            [s.cbs_table, s.title, s.publisher, s.licence, "; ".join(s.gaps)]
            for s in report.sources
        ],
    )
    doc.save(str(path))


def _docx_figure(doc: Any, fig: Figure) -> None:
    import io

    from docx.shared import Cm

    doc.add_paragraph(f"Figuur {fig.number}: {fig.title}", style="Caption")
    doc.add_picture(io.BytesIO(fig.png), width=Cm(15))
    doc.inline_shapes[-1]._inline.docPr.set("descr", fig.alt)  # alt text for screen readers
    doc.add_paragraph(fig.caption).runs[0].italic = True
    _docx_table(doc, fig.header, fig.rows)


def _docx_table(doc: Any, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Light List Accent 1"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)
