"""Writing an assembled Report: HTML, PDF (tagged, PDF/UA-1) and Word, all or nothing.

The three files and the chart images are written to a temporary folder first and moved into place
only when all of them succeeded, so a failed run never replaces a complete earlier report.
"""

import base64
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.declarations.catalogue import THEMES
from sociale_staat.report import word
from sociale_staat.report.model import Report


def write(
    report: Report, out: Path, progress: Callable[[str], None] = lambda _: None
) -> list[Path]:
    """Write HTML, PDF and DOCX into `out` (plus the chart files); all or nothing replaced."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=out, prefix=".rapport-"))
    except OSError as err:
        raise SocialeStaatError(f"kan niet schrijven in {out}: {err.strerror}") from None
    stem = file_stem(report.gemeente)
    try:
        charts_dir = tmp / "figuren"
        try:
            charts_dir.mkdir()
            for chapter in [*report.chapters, *report.appendices]:
                for fig in chapter.all_figures():
                    (charts_dir / f"{fig.number}.svg").write_text(fig.svg, encoding="utf-8")
                    (charts_dir / f"{fig.number}.png").write_bytes(fig.png)
            progress("html")
            html = render_html(report)
            (tmp / f"{stem}.html").write_text(html, encoding="utf-8")
            progress("pdf")
            _pdf(render_html(report, for_print=True), tmp / f"{stem}.pdf")
            progress("docx")
            _docx(report, tmp / f"{stem}.docx")
        except OSError as err:  # a full disk, mostly: nothing of the previous report is touched yet
            raise SocialeStaatError(
                f"rapport niet geschreven in {out}: {err.strerror or err} (schijf vol?); "
                "het vorige rapport is ongewijzigd"
            ) from None
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


def file_stem(gemeente: str) -> str:
    """The name of a gemeente's report files without extension: sociale-staat-almere."""
    return f"sociale-staat-{_slug(gemeente)}"


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


def render_html(report: Report, *, for_print: bool = False) -> str:
    """The report as one HTML page; `for_print` leaves out the data tables under the figures,
    which the PDF hides anyway (they stay in the HTML and Word files)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("sociale_staat.report", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    css = (Path(__file__).parent / "templates" / "report.css").read_text(encoding="utf-8")
    first_theme = next((c.key for c in report.chapters if c.key in THEMES), "")
    return env.get_template("report.html").render(
        r=report,
        css=css,
        first_theme=first_theme,
        for_print=for_print,
        data_uri=lambda svg: "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
        print_width=print_width,
    )


PRINT_SCALE = 1.1  # charts use 10 px text: at 1.1 that prints as 8.25 pt, at 1.0 as 7.5 pt
_SVG_WIDTH = re.compile(r'<svg[^>]*\bwidth="([\d.]+)"')


def print_width(svg: str) -> str:
    """The printed width of a chart, so its smallest text is at least 8 pt (CSS px are 0.75 pt;
    `max-width: 100%` still keeps a wide chart on the page)."""
    match = _SVG_WIDTH.search(svg)
    return f"{float(match.group(1)) * PRINT_SCALE:.0f}px" if match else "100%"


def _pdf(html: str, path: Path) -> None:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Only data: URIs: the report never reaches out to the network. PDF/UA-1 makes the PDF
    # tagged (headings, lists, tables, figures with their alt text) for screen readers.
    fetcher = URLFetcher(allowed_protocols={"data"})
    HTML(string=html, url_fetcher=fetcher).write_pdf(str(path), pdf_variant="pdf/ua-1")


def _docx(report: Report, path: Path) -> None:
    word.write(report, path)
