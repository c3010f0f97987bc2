"""The report "De sociale staat van <gemeente>": HTML, PDF and Word from one assembled Report.

Numbers, sentences and charts all come from the read layer (benchmark, neighbourhoods,
kennisbank); every sentence that states a figure carries a note naming its source table. The
analytical chapters (introduction, summary, conclusions) come from `analysis`, analysts' own text
from `rapportteksten/<gemeente>/`. The files are written to a temporary folder first, so a failed run
never replaces a complete earlier report.
"""

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sociale_staat.analysis.narrative import is_class
from sociale_staat.analysis.neighbourhoods import Neighbourhoods
from sociale_staat.analysis.results import Benchmark, IndicatorBenchmark
from sociale_staat.analysis.trends import trend
from sociale_staat.core import paths
from sociale_staat.core.formatting import number_word
from sociale_staat.declarations.catalogue import THEMES
from sociale_staat.declarations.themes import themes as declared_themes
from sociale_staat.programmes.chapter import chapters as programme_chapters
from sociale_staat.render import charts
from sociale_staat.report import analysis, appendix, declared, documents, figures, wijken
from sociale_staat.report.model import Chapter, Cover, Paragraph, Report, Section, Sentence, Table
from sociale_staat.report.notes import Notes, reader_words
from sociale_staat.sociale_kaart.coverage import report_tables as sociale_kaart_tables
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.warehouse.records import Cell, attribution

CHARTS_PER_THEME = 4
# The sociale kaart without services says so in its own (administrator's) words; a reader hears:
_NO_SOCIALE_KAART = (
    "Voor dit rapport is nog geen overzicht van hulp en voorzieningen in de wijken (de sociale "
    "kaart) ingelezen; daarom staat hier niet waar hoge nood en weinig aanbod samenvallen."
)


def assemble(
    warehouse: Warehouse,
    bench: Benchmark,
    hoods: Neighbourhoods | None,
    kennisbank: Any | None,
    progress: Callable[[str], None] = lambda _: None,
    residents: Chapter | None = None,
    *,
    voices: Sequence[Paragraph] = (),
    today: date | None = None,
    report_dir: Path | None = None,
) -> Report:
    """Everything the report says, with its charts, in reading order. `voices` is what residents
    said (a summary from the stem van de stad), used in the conclusions when present."""
    focus = bench.group.focus
    notes = Notes(bench.sources)
    themes = bench.by_theme()
    keys = ["inleiding", *[t for t in THEMES if t in themes]]
    keys += ["wijken"] if hoods is not None else []
    progress("hoofdstuk programmamonitor")
    programmes = [_in_reader_words(c) for c in programme_chapters(warehouse, focus.code, notes.add_text)]
    keys += [c.key for c in programmes]
    keys += ["documenten", *([residents.key] if residents is not None else []), "conclusies"]
    numbers = {key: str(n) for n, key in enumerate(keys, start=1)}
    extra = declared.load(report_dir or paths.report_dir(), focus.code, {"samenvatting", *keys})
    series: dict[str, list[Cell]] = {}
    for row in warehouse.series([focus.code, "NL", *bench.group.codes]):
        series.setdefault(row.indicator, []).append(row)
    progress("samenvatting en inleiding")
    chapters = [analysis.summary(bench, notes), analysis.introduction(bench, numbers)]
    for theme in THEMES:
        if theme in themes:
            progress(f"hoofdstuk {THEMES[theme]}")
            chapters.append(_theme_chapter(theme, themes[theme], notes, series, bench))
    if hoods is not None:
        progress("hoofdstuk wijken")
        chapter = wijken.chapter(warehouse, hoods, notes, analysis.hood_source(hoods, bench))
        chapter.tables += [  # help near the need (sociale kaart)
            Table(caption, header, rows, [1.0] * len(header))
            if header != ["Stand"]
            else Table("Hulp in de buurt", ["Stand"], [[_NO_SOCIALE_KAART]], [1.0])
            for caption, header, rows in sociale_kaart_tables(hoods)
        ]
        chapters.append(chapter)
    chapters.extend(programmes)
    progress("hoofdstuk documenten")
    docs = documents.chapter(kennisbank, notes)
    chapters.append(docs)
    if residents is not None:  # "Wat inwoners zeggen" (stem/report.py)
        chapters.append(residents)
    quotes = docs.all_quotes()
    chapters.append(analysis.conclusions(bench, hoods, quotes, voices, notes, numbers))
    _number(chapters, numbers)
    missing = [THEMES[t] for t in THEMES if t not in themes]
    if missing:
        chapters[1].paragraphs.append(_missing_themes(missing, focus.name))
    for chapter in chapters:
        chapter.written = extra.written.get(chapter.key)
    _plain_units(chapters, bench)
    made = today or date.today()
    return Report(
        gemeente=focus.name,
        title=f"De sociale staat van {focus.name}",
        subtitle=(
            f"{focus.name} vergeleken met {number_word(len(bench.group.members))} "
            "benchmarkgemeenten en Nederland"
        ),
        cover=_cover(extra, made, bench),
        chapters=chapters,
        notes=notes.notes,
        appendices=appendix.chapters(bench, hoods, notes),
    )


def _in_reader_words(chapter: Chapter) -> Chapter:
    """The programme chapters quote the declarations' reasons ("niet in bundel: …") in reader words."""
    for section in chapter.sections:
        section.sentences = [Sentence(reader_words(s.text), s.note) for s in section.sentences]
    for table in chapter.tables:
        table.rows = [[reader_words(cell) for cell in row] for row in table.rows]
    for paragraph in chapter.paragraphs:
        paragraph.sentences = [Sentence(reader_words(s.text), s.note) for s in paragraph.sentences]
    return chapter


def _plain_units(chapters: list[Chapter], bench: Benchmark) -> None:
    """'15,6 km (gemiddeld over de inwoners)' inside a sentence gives nested brackets, as in
    '(mediaan 0,8 km (gemiddeld over de inwoners))': the sentence says 'km'; the noun phrase
    ('de gemiddelde afstand') and the figure captions say what the unit averages over."""
    units = {
        i.indicator.unit: i.indicator.unit.partition(" (")[0]
        for i in bench.items
        if " (" in i.indicator.unit and not is_class(i.indicator)
    }
    if not units:
        return
    pattern = re.compile("|".join(re.escape(u) for u in sorted(units, key=len, reverse=True)))

    def plain(sentences: list[Sentence]) -> None:
        for s in sentences:
            s.text = pattern.sub(lambda m: units[m.group(0)], s.text)

    for chapter in chapters:
        for p in [*chapter.paragraphs, *[i for lst in chapter.lists for i in lst.items]]:
            plain(p.sentences)
        for section in chapter.sections:
            plain(section.sentences)


def _number(chapters: list[Chapter], numbers: dict[str, str]) -> None:
    for chapter in chapters:
        chapter.number = numbers.get(chapter.key, "")
        for n, section in enumerate(chapter.sections, start=1):
            section.number = f"{chapter.number}.{n}" if chapter.number else ""


def _missing_themes(missing: list[str], focus: str) -> Paragraph:
    names = ", ".join(m.lower() for m in missing)
    return Paragraph(
        [
            Sentence(
                f"Voor {names} zijn nog geen cijfers op gemeenteniveau beschikbaar waarmee "
                f"{focus} met de benchmarkgemeenten te vergelijken is; "
                f"{'dat thema ontbreekt' if len(missing) == 1 else 'die thema’s ontbreken'} "
                "daarom als hoofdstuk."
            )
        ]
    )


def _cover(extra: declared.Declared, made: date, bench: Benchmark) -> Cover:
    """Who made the report, honestly: a declared publisher only when one adopted it; otherwise
    the cover says it was made with Sociale Staat from open data, not by the gemeente."""
    sources = attribution(list(bench.sources.values()))
    declared_by = extra.cover.organisatie.strip() if extra.cover else ""
    made_with = f"Gemaakt met Sociale Staat (open source) uit openbare cijfers van {sources}"
    colophon = [f"Uitgave: {declared_by}."] if declared_by else []  # the cover says made_with
    colophon += list(extra.cover.colofon) if extra.cover else []
    colophon += [
        f"Datum: {declared.dutch_date(made)}.",
        "Sociale Staat is open-sourcesoftware die dit rapport opnieuw maakt wanneer er nieuwe "
        "cijfers zijn.",
        f"Cijfers: open data van {sources}, per zin en figuur met bron en jaar in de noten. "
        "Benchmarkgroep: " + bench.group.title + ".",
        "Tekst zonder kader is uit de cijfers gegenereerd; tekst in een kader is geschreven "
        "door de genoemde auteur.",
    ]
    return Cover(declared_by or made_with, declared.dutch_date(made), colophon, sources)


def _theme_chapter(
    theme: str,
    items: list[IndicatorBenchmark],
    notes: Notes,
    series: dict[str, list[Cell]],
    bench: Benchmark,
) -> Chapter:
    """A synthesis first, then the indicators in order of how striking they are; the first few
    get a bar and a trend chart."""
    focus = bench.group.focus.name
    chapter = Chapter(theme, THEMES[theme])
    chapter.paragraphs = [analysis.synthesis(theme, items, focus, notes)]
    letter = declared_themes()[theme].letter
    count = 0
    for rank, item in enumerate(sorted(items, key=lambda i: -i.score)):
        section = Section(item.indicator.title, _sentences(item, notes, focus))
        if rank < CHARTS_PER_THEME and item.n >= 3:
            first = count + 1
            count += 1
            section.figures.append(figures.bar(f"{letter}{count}", item, bench))
            computed = trend(item, series.get(item.id, []))
            if computed is not None:
                spec = charts.trend(computed)
                count += 1
                section.figures.append(figures.trend(f"{letter}{count}", item, spec, bench))
            numbers = [f"{letter}{n}" for n in range(first, count + 1)]
            section.see = "Zie figuur " + " en ".join(numbers) + "."
        chapter.sections.append(section)
    return chapter


# Sentences comparing a count (inwoners, woningen) with the national total say nothing.
_NATIONAL_SHAPES = {"landelijk", "landelijk-omgekeerd", "vrijwel", "gelijk", "onzeker"}
_COUNT_UNITS = {"inwoners", "personen", "woningen", "huishoudens"}


def _sentences(item: IndicatorBenchmark, notes: Notes, focus: str) -> list[Sentence]:
    out = []
    count = item.indicator.unit in _COUNT_UNITS
    for s in item.sentences:
        if s.shape == "ontbreekt" and item.missing:
            # The reasons can be long: the text names who lacks data, the note says why.
            reasons = sorted({c.reason or "geen gegevens" for c in item.missing})
            note = notes.add_text("Ontbrekende gegevens: " + "; ".join(reasons) + ".")
            names = ", ".join(c.name for c in item.missing)
            out.append(Sentence(f"Geen gegevens voor {names} in {item.period}.", note))
        elif s.shape == "ontbreekt":
            reason = item.focus.reason if item.focus is not None else None
            out.append(Sentence(_lacking(item, focus, notes.reader(reason or "")), notes.add(s.refs)))
        elif not (count and s.shape in _NATIONAL_SHAPES):
            out.append(Sentence(notes.reader(s.text), notes.add(s.refs)))
    return out


def _first_clause(text: str) -> tuple[str, str]:
    """Split at the first '; ' outside brackets and quotes: table titles such as 'Jongeren (15 tot
    27 jaar); onderwijs, arbeid' have their own semicolons."""
    depth, quoted = 0, False
    for at, char in enumerate(text):
        if char == "'" and not (0 < at < len(text) - 1 and text[at - 1].isalpha() and text[at + 1].isalpha()):
            quoted = not quoted
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif text.startswith("; ", at) and depth == 0 and not quoted:
            return text[:at], text[at + 2 :]
    return text, ""


def _lacking(item: IndicatorBenchmark, focus: str, reason: str) -> str:
    """Why the focus has no figure, for a reader: a bare source name becomes 'die staan in …'."""
    head, tail = _first_clause(reason.rstrip("."))
    start = f"Voor {focus} zijn in dit rapport geen cijfers over {item.indicator.phrase}"
    if not head:
        return start + "."
    if head[:1].isupper():
        text = f"{start}; die staan in {head}, een bron die voor dit rapport nog niet is ingelezen."
    else:
        text = f"{start}: {head}."
    return text + (f" {tail[:1].upper()}{tail[1:]}." if tail else "")
