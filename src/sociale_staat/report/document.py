"""The report "De sociale staat van <gemeente>": everything it says, assembled in reading order
(`writing` turns the assembled Report into HTML, PDF and Word).

Numbers, sentences and charts all come from the read layer (benchmark, neighbourhoods,
kennisbank); every sentence carries a note naming its source table.
"""

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from sociale_staat.analysis import quality as rules
from sociale_staat.analysis.results import Benchmark, IndicatorBenchmark, Ref, Trend
from sociale_staat.analysis.trends import trend
from sociale_staat.core.formatting import format_number
from sociale_staat.declarations.catalogue import THEMES
from sociale_staat.declarations.themes import themes as declared_themes
from sociale_staat.programmes.chapter import chapters as programme_chapters
from sociale_staat.render import charts
from sociale_staat.report.model import Chapter, Figure, Passage, Report, Section, Sentence
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.warehouse.records import Cell, Source, attribution, citations

if TYPE_CHECKING:
    from sociale_staat.analysis.neighbourhoods import Neighbourhoods
    from sociale_staat.kennisbank.store import Kennisbank

CHARTS_PER_THEME = 4



class _Notes:
    def __init__(self, sources: dict[str, Source]) -> None:
        self.sources = sources
        self.notes: dict[int, str] = {}
        self.by_text: dict[str, int] = {}

    def add(self, refs: tuple[Ref, ...]) -> int:
        tables = sorted({r.table_id for r in refs if r.table_id})
        periods = sorted({r.period for r in refs if r.period})
        line = citations([self.sources[t] for t in tables])
        text = f"Bron: {line}" if line else "Bron: zie Bronnen"
        if periods:
            text += f"; jaren {', '.join(map(str, periods))}"
        if any(r.kind == "ontbreekt" for r in refs):
            text = "Ontbrekende gegevens: " + "; ".join(sorted({r.text for r in refs if r.text}))
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
    hoods: "Neighbourhoods | None",
    kennisbank: "Kennisbank | None",
    progress: Callable[[str], None] = lambda _: None,
    residents: Chapter | None = None,
) -> Report:
    """Everything the report says, with its charts, in reading order."""
    focus = bench.group.focus
    notes = _Notes(bench.sources)
    findings = sorted(
        (i for items in bench.findings(2).values() for i in items), key=lambda i: -i.score
    )
    summary = [
        Sentence(s.text, notes.add(s.refs)) for i in findings[:10] for s in i.sentences[:1]
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
    progress("hoofdstuk programmamonitor")
    chapters.extend(programme_chapters(warehouse, focus.code, notes.add_text))
    chapters.append(_documents_chapter(kennisbank))
    if residents is not None:  # "Wat inwoners zeggen" (stem/report.py)
        chapters.append(residents)
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
    letter = declared_themes()[theme].letter
    count = 0
    for rank, item in enumerate(sorted(items, key=lambda i: -i.score)):
        section = Section(item.indicator.title, [])
        for s in item.sentences:
            if s.shape == "ontbreekt" and item.missing:
                # The reasons can be long: the text names who lacks data, the note says why.
                reasons = sorted({c.reason or "geen gegevens" for c in item.missing})
                note = notes.add_text("Ontbrekende gegevens: " + "; ".join(reasons) + ".")
                names = ", ".join(c.name for c in item.missing)
                section.sentences.append(
                    Sentence(f"Geen gegevens voor {names} in {item.period}.", note)
                )
            else:
                section.sentences.append(Sentence(s.text, notes.add(s.refs)))
        if rank < CHARTS_PER_THEME and item.n >= 3:
            first = count + 1
            count += 1
            section.figures.append(_bar_figure(f"{letter}{count}", item, bench))
            computed = trend(item, series.get(item.id, []))
            if computed is not None:
                count += 1
                section.figures.append(_trend_figure(f"{letter}{count}", item, computed, bench))
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
    alt = " ".join(s.text for s in item.sentences if s.shape != "ontbreekt") or caption
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
    number: str, item: IndicatorBenchmark, computed: Trend, bench: Benchmark
) -> Figure:
    ind, d = item.indicator, item.indicator.decimals
    years = [p.year for p in computed.points]
    series = ["mediaan peers", "Nederland", bench.group.focus.name]
    rows = [
        [
            str(p.year),
            *[format_number(v, d) if v is not None else "–" for v in (p.focus, p.nederland, p.peers)],
        ]
        for p in computed.points
    ]
    spec = charts.trend(computed)
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


def _neighbourhood_chapter(warehouse: Warehouse, hoods: "Neighbourhoods") -> Chapter:
    chapter = Chapter("wijken", "Wijken en buurten")
    chapter.intro = (
        f"Dit hoofdstuk gaat over de {len(hoods.level('wijk'))} wijken en "
        f"{len(hoods.level('buurt'))} buurten van {hoods.gemeente.name} in de wijk- en "
        f"buurtindeling van {hoods.indeling}. Een risico telt als 'duidelijk slechter' dan de stad "
        "wanneer het 95%-interval geheel aan de ongunstige kant ligt of, zonder interval, de waarde "
        "ten minste een kwart ongunstiger is. Gebieden met minder dan "
        f"{hoods.spec.min_inwoners} inwoners worden niet getoond."
    )
    chapter.figures = _map_figures(hoods)
    _neighbourhood_tables(chapter, warehouse, hoods)
    return chapter


def _map_figures(hoods: "Neighbourhoods") -> list[Figure]:
    """Maps of the first three risks over the wijken, each with its values as a table."""
    from sociale_staat.render import maps

    figures: list[Figure] = []
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
            figures.append(
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
    return figures


def _neighbourhood_tables(chapter: Chapter, warehouse: Warehouse, hoods: "Neighbourhoods") -> None:
    from sociale_staat.analysis.neighbourhoods import stadsdeel_values

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
                    titles[p.a],
                    titles[p.b],
                    "–" if p.r is None else format_number(p.r, 2),
                    str(p.n),
                ]
                for p in pairs
            ],
        )
    )


def _documents_chapter(kennisbank: "Kennisbank | None") -> Chapter:
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
            text = hit.text[:600] + ("…" if len(hit.text) > 600 else "")
            chapter.passages.append(
                Passage(THEMES[theme], hit.document["title"], hit.document["year"], where, text)
            )
    return chapter


def _methods(bench: Benchmark, hoods: "Neighbourhoods | None") -> list[tuple[str, list[str]]]:
    group = bench.group
    out = [
        (
            "Benchmarkgemeenten",
            [group.rationale, "Leden: " + ", ".join(m.name for m in group.members) + "."],
        ),
        (
            "Vergelijking",
            [
                *rules.method_paragraphs([(i.indicator.title, i.quality) for i in bench.items]),
                "De rang loopt van gunstig (1) naar ongunstig waar een indicator een richting "
                "heeft; anders van hoog naar laag.",
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
