"""The report "De sociale staat van <gemeente>": HTML, PDF and Word from one assembled Report.

Numbers, sentences and charts all come from the read layer (benchmark, neighbourhoods,
kennisbank); every sentence carries a note naming its source table. The three files are written
to a temporary folder first, so a failed run never replaces a complete earlier report.
"""

import base64
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sociale_staat.analysis.benchmark import Benchmark, IndicatorBenchmark
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.core.formatting import format_number
from sociale_staat.declarations.catalogue import THEMES
from sociale_staat.render import charts
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.warehouse.records import Cell, Source, attribution, citations

LETTERS = {
    "demografie": "D",
    "arbeid": "A",
    "onderwijs": "O",
    "inkomen": "I",
    "kansengelijkheid": "K",
    "gezondheid": "G",
    "zorg": "Z",
    "wonen": "W",
    "veiligheid": "V",
    "sport_cultuur": "S",
}
CHARTS_PER_THEME = 4


@dataclass
class Figure:
    number: str
    title: str
    caption: str  # with "Bron: …"
    alt: str  # text alternative: what the chart shows, in words
    svg: str
    png: bytes
    header: list[str]
    rows: list[list[str]]


@dataclass
class Sentence:
    text: str
    note: int


@dataclass
class Section:
    """One indicator within a theme: its sentences, a short gap line, its figures."""

    title: str
    sentences: list[Sentence]
    figures: list[Figure] = field(default_factory=list)
    see: str = ""  # "Zie figuur A1 en A2."


@dataclass
class Chapter:
    key: str
    title: str
    intro: str = ""
    sections: list[Section] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    tables: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)
    passages: list[dict[str, Any]] = field(default_factory=list)

    def all_figures(self) -> list[Figure]:
        return [f for s in self.sections for f in s.figures] + self.figures


@dataclass
class Report:
    gemeente: str
    title: str
    subtitle: str
    made: str
    summary: list[Sentence]
    chapters: list[Chapter]
    notes: dict[int, str]
    methods: list[tuple[str, list[str]]]
    sources: list[Source]
    attribution: str  # the page footer: publishers and licences of the tables used


class _Notes:
    def __init__(self, sources: dict[str, Source]) -> None:
        self.sources = sources
        self.notes: dict[int, str] = {}
        self.by_text: dict[str, int] = {}

    def add(self, refs: list[dict[str, Any]]) -> int:
        tables = sorted({r["table_id"] for r in refs if r.get("table_id")})
        periods = sorted({r["period"] for r in refs if r.get("period")})
        line = citations([self.sources[t] for t in tables])
        text = f"Bron: {line}" if line else "Bron: zie Bronnen"
        if periods:
            text += f"; jaren {', '.join(map(str, periods))}"
        if any(r.get("kind") == "ontbreekt" for r in refs):
            text = "Ontbrekende gegevens: " + "; ".join(
                sorted({r["text"] for r in refs if r.get("text")})
            )
        return self.add_text(text)

    def add_text(self, text: str) -> int:
        if text not in self.by_text:
            number = len(self.notes) + 1
            self.notes[number] = text
            self.by_text[text] = number
        return self.by_text[text]


def assemble(
    warehouse: Warehouse,
    bench: Benchmark,
    hoods: Any | None,
    kennisbank: Any | None,
    progress: Callable[[str], None] = lambda _: None,
) -> Report:
    """Everything the report says, with its charts, in reading order."""
    focus = bench.group.focus
    notes = _Notes(bench.sources)
    findings = sorted(
        (i for items in bench.findings(2).values() for i in items), key=lambda i: -i.score
    )
    summary = [
        Sentence(s["text"], notes.add(s["refs"])) for i in findings[:10] for s in i.sentences[:1]
    ]
    chapters = []
    areas = [focus.code, "NL", *bench.group.codes]
    series = warehouse.series(areas)
    by_indicator: dict[str, list[Cell]] = {}
    for row in series:
        by_indicator.setdefault(row.indicator, []).append(row)
    themes = bench.by_theme()
    for theme, title in THEMES.items():
        progress(f"hoofdstuk {title}")
        if theme in themes:
            chapters.append(_theme_chapter(theme, themes[theme], notes, by_indicator, bench))
        else:
            chapters.append(
                Chapter(
                    theme,
                    title,
                    intro=(
                        "Voor dit thema staan nog geen indicatoren met gegevens op gemeenteniveau in de "
                        "bundel; het hoofdstuk volgt zodra de catalogus ze bevat."
                    ),
                )
            )
    if hoods is not None:
        progress("hoofdstuk wijken")
        chapters.append(_neighbourhood_chapter(warehouse, hoods))
    chapters.append(_documents_chapter(kennisbank))
    return Report(
        gemeente=focus.name,
        title=f"De sociale staat van {focus.name}",
        subtitle=f"Vergeleken met {len(bench.group.members)} benchmarkgemeenten en Nederland",
        made=date.today().isoformat(),
        summary=summary,
        chapters=chapters,
        notes=notes.notes,
        methods=_methods(bench, hoods),
        sources=sorted(bench.sources.values(), key=lambda s: s.table_id),
        attribution=attribution(list(bench.sources.values())),
    )


def _theme_chapter(
    theme: str,
    items: list[IndicatorBenchmark],
    notes: _Notes,
    series: dict[str, list[Cell]],
    bench: Benchmark,
) -> Chapter:
    """Indicators in order of how striking they are; the first few get a bar and trend chart."""
    chapter = Chapter(theme, THEMES[theme])
    letter = LETTERS[theme]
    count = 0
    for rank, item in enumerate(sorted(items, key=lambda i: -i.score)):
        section = Section(item.indicator.title, [])
        for s in item.sentences:
            if s["shape"] == "ontbreekt" and item.missing:
                # The reasons can be long: the text names who lacks data, the note says why.
                reasons = sorted({c.reason or "geen gegevens" for c in item.missing})
                note = notes.add_text("Ontbrekende gegevens: " + "; ".join(reasons) + ".")
                names = ", ".join(c.name for c in item.missing)
                section.sentences.append(
                    Sentence(f"Geen gegevens voor {names} in {item.period}.", note)
                )
            else:
                section.sentences.append(Sentence(s["text"], notes.add(s["refs"])))
        if rank < CHARTS_PER_THEME and item.n >= 3:
            first = count + 1
            count += 1
            section.figures.append(_bar_figure(f"{letter}{count}", item, bench))
            spec = charts.trend(item, series.get(item.id, []))
            if spec is not None:
                count += 1
                section.figures.append(_trend_figure(f"{letter}{count}", item, spec, bench))
            numbers = [f"{letter}{n}" for n in range(first, count + 1)]
            section.see = "Zie figuur " + " en ".join(numbers) + "."
        chapter.sections.append(section)
    return chapter


def _source_line(bench: Benchmark, table_ids: set[str | None]) -> str:
    line = citations([bench.sources[t] for t in table_ids if t])
    return f"Bron: {line}" if line else "Bron: —"


def _bar_figure(number: str, item: IndicatorBenchmark, bench: Benchmark) -> Figure:
    ind, d = item.indicator, item.indicator.decimals
    cells = [c for c in [item.focus, *item.peers] if c is not None]
    missing = [c.name for c in item.missing]
    caption = f"{ind.title}, {item.period} ({ind.unit}). " + _source_line(
        bench, {c.table_id for c in cells}
    )
    if missing:
        caption += f". Niet beschikbaar voor {', '.join(missing)}."
    spec = charts.bars(item)
    rows = [
        [c.name, format_number(c.value, d) if c.value is not None else "niet beschikbaar"]
        for c in sorted(cells, key=lambda c: -(c.value if c.value is not None else float("-inf")))
    ]
    if item.nederland is not None:
        rows.append(["Nederland", format_number(item.nederland.value, d)])
    alt = " ".join(s["text"] for s in item.sentences if s["shape"] != "ontbreekt") or caption
    return Figure(
        number,
        f"{ind.title}: {bench.group.focus.name} en de benchmarkgemeenten",
        caption,
        alt,
        charts.svg(spec),
        charts.png(spec),
        ["Gebied", ind.unit],
        rows,
    )


def _trend_figure(
    number: str, item: IndicatorBenchmark, spec: dict[str, Any], bench: Benchmark
) -> Figure:
    ind, d = item.indicator, item.indicator.decimals
    values = spec["data"]["values"]
    years = sorted({v["jaar"] for v in values})
    series = ["mediaan peers", "Nederland", bench.group.focus.name]
    table = {(v["reeks"], v["jaar"]): v["waarde"] for v in values}
    rows = [
        [
            str(y),
            *[
                format_number(table.get((s, y)), d) if (s, y) in table else "–"
                for s in series[::-1]
            ],
        ]
        for y in years
    ]
    caption = f"{ind.title}, {years[0]}–{years[-1]} ({ind.unit}). " + _source_line(
        bench, {item.focus.table_id if item.focus else None}
    )
    alt = (
        f"Lijngrafiek van {ind.title.lower()} van {years[0]} tot {years[-1]} voor "
        f"{bench.group.focus.name}, de mediaan van de benchmarkgemeenten en Nederland."
    )
    return Figure(
        number,
        f"{ind.title}: ontwikkeling",
        caption,
        alt,
        charts.svg(spec),
        charts.png(spec),
        ["Jaar", *series[::-1]],
        rows,
    )


def _neighbourhood_chapter(warehouse: Warehouse, hoods: Any) -> Chapter:
    from sociale_staat.analysis.neighbourhoods import stadsdeel_values
    from sociale_staat.render import maps

    chapter = Chapter("wijken", "Wijken en buurten")
    chapter.intro = (
        f"Dit hoofdstuk gaat over de {len(hoods.level('wijk'))} wijken en "
        f"{len(hoods.level('buurt'))} buurten van {hoods.gemeente.name} in de wijk- en "
        f"buurtindeling van {hoods.indeling}. Een risico telt als 'duidelijk slechter' dan de stad "
        "wanneer het 95%-interval geheel aan de ongunstige kant ligt of, zonder interval, de waarde "
        "ten minste een kwart ongunstiger is. Gebieden met minder dan "
        f"{hoods.spec.min_inwoners} inwoners worden niet getoond."
    )
    shapes = maps.boundaries_for(hoods.gemeente.code)
    if shapes is not None:
        for n, indicator in enumerate([r.indicator for r in hoods.spec.risico][:3], start=1):
            spec = maps.choropleth(hoods, indicator, shapes)
            ind = hoods.indicators[indicator]
            rows = [
                [
                    a.name,
                    format_number(a.values[indicator].value, ind.decimals)
                    if a.values[indicator].value is not None
                    else (a.values[indicator].note or "–"),
                ]
                for a in hoods.level("wijk")
            ]
            chapter.figures.append(
                Figure(
                    f"N{n}",
                    f"{ind.title} per wijk",
                    f"{ind.title} per wijk, {hoods.city[indicator].period}. Bron: CBS; wijkgrenzen 2022 "
                    "(CBS/Kadaster, via tmap).",
                    f"Kaart van {ind.title.lower()} over de wijken van {hoods.gemeente.name}; de "
                    "waarden staan in de tabel bij deze figuur.",
                    charts.svg(spec),
                    charts.png(spec),
                    ["Wijk", ind.unit],
                    rows,
                )
            )
    titles = {i: v.title for i, v in hoods.indicators.items()}
    chapter.tables.append(
        (
            "Wijken waar risico's zich opstapelen",
            ["Wijk", "Stadsdeel", "Inwoners", "Aantal", "Duidelijk slechter dan de stad"],
            [
                [
                    a.name,
                    a.stadsdeel or "",
                    format_number(a.inwoners, 0),
                    str(len(a.worse)),
                    ", ".join(titles[i].lower() for i in a.worse),
                ]
                for a in hoods.concentrations()[:15]
            ],
        )
    )
    districts = stadsdeel_values(warehouse, hoods)
    shown = ["inwoners", "aandeel_0_tot_15", "aandeel_65_plus", "aandeel_bijstand", "aandeel_ww"]
    chapter.tables.append(
        (
            "Stadsdelen",
            ["Stadsdeel", *[titles[i] for i in shown]],
            [
                [
                    name,
                    *[
                        format_number(vals[i].value, hoods.indicators[i].decimals)
                        if vals[i].value is not None
                        else "n.b."
                        for i in shown
                    ],
                ]
                for name, vals in districts.items()
            ],
        )
    )
    pairs = hoods.co_occurrence()
    chapter.tables.append(
        (
            "Samenhang tussen risico's over de wijken (Pearson r; n = wijken met beide waarden)",
            ["Risico", "Risico", "r", "n"],
            [
                [
                    titles[p["a"]],
                    titles[p["b"]],
                    "–" if p["r"] is None else format_number(p["r"], 2),
                    str(p["n"]),
                ]
                for p in pairs
            ],
        )
    )
    return chapter


def _documents_chapter(kennisbank: Any | None) -> Chapter:
    chapter = Chapter("documenten", "Wat bekend is en wat inwoners zeggen")
    documents = kennisbank.documents() if kennisbank is not None else []
    if kennisbank is None or not documents:
        chapter.intro = (
            "Er zijn nog geen documenten in de kennisbank geladen; dit hoofdstuk blijft leeg "
            "tot rapporten en dialoogverslagen zijn toegevoegd (sociale-staat docs add)."
        )
        return chapter
    chapter.intro = (
        f"Uit {len(documents)} documenten in de kennisbank, per thema de passages die "
        "het best aansluiten (met document en pagina of kop)."
    )
    for theme, terms in kennisbank.taxonomy.themes.items():
        words = " ".join(" ".join(t) for t in terms[:4])
        # The best passage of real text: lists of names or dates are skipped.
        hits = [
            h for h in kennisbank.search(words, theme=theme, limit=5) if len(h.text.split()) >= 25
        ]
        for hit in hits[:1]:
            where = f"p. {hit.page}" if hit.page else (hit.heading or "")
            chapter.passages.append(
                {
                    "theme": THEMES[theme],
                    "title": hit.document["title"],
                    "year": hit.document["year"],
                    "where": where,
                    "text": hit.text[:600] + ("…" if len(hit.text) > 600 else ""),
                }
            )
    return chapter


def _methods(bench: Benchmark, hoods: Any | None) -> list[tuple[str, list[str]]]:
    group = bench.group
    out = [
        (
            "Benchmarkgemeenten",
            [group.rationale, "Leden: " + ", ".join(m.name for m in group.members) + "."],
        ),
        (
            "Vergelijking",
            [
                "Per indicator is het laatste jaar gekozen waarin de focusgemeente en minstens de helft "
                "van de benchmarkgemeenten een waarde hebben. De rang loopt van gunstig (1) naar ongunstig "
                "waar een indicator een richting heeft; anders van hoog naar laag.",
                "Waar de bron 95%-betrouwbaarheidsmarges publiceert (enquêtes), heet een verschil met "
                "Nederland pas hoger of lager als de intervallen elkaar niet overlappen.",
            ],
        ),
        (
            "Indicatoren",
            [
                f"{i.indicator.title} ({i.indicator.unit}): {i.indicator.definition}"
                + (f" Let op: {i.indicator.caveats}" if i.indicator.caveats else "")
                for i in bench.items
            ],
        ),
    ]
    if hoods is not None:
        out.append(
            (
                "Wijkindelingen",
                [
                    f"Wijken en buurten volgen de indeling van {hoods.indeling}. Codes uit andere indelingen "
                    "(zoals de RIVM-gezondheidsschattingen in de indeling van 2020) zijn andere gebieden en "
                    "worden niet gekoppeld: 'niet vergelijkbaar: indeling gewijzigd'.",
                ],
            )
        )
    return out


# --- writing ---------------------------------------------------------------------------------


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
                f"{p['theme']} — {p['title']} ({p['year'] or 'jaar onbekend'}, {p['where']}): {p['text']}"
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
