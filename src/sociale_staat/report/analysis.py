"""The analytical layer of the report: introduction, summary in strengths and concerns, a
synthesis per theme, and 'Conclusies en opgaven'. All generated; every sentence that states a
figure carries the note of the numbers behind it.
"""

from collections.abc import Sequence

from sociale_staat.analysis.narrative import capital
from sociale_staat.analysis.neighbourhoods import Neighbourhoods
from sociale_staat.analysis.results import Benchmark, IndicatorBenchmark
from sociale_staat.core.formatting import format_number, join_names, number_word
from sociale_staat.declarations.catalogue import THEMES
from sociale_staat.report.findings import (
    Judged,
    derived,
    judge,
    ref,
    select,
    sentence,
    value,
)
from sociale_staat.report.model import Chapter, FindingList, Paragraph, Quote, Sentence
from sociale_staat.report.notes import Notes

QUESTIONS = [
    ("Hoe staat {g} er sociaal voor, vergeleken met andere steden en met Nederland?", "themes"),
    ("Welke ontwikkelingen zijn er op korte en langere termijn?", "themes"),
    ("Voor welke groepen en waar in de stad stapelen problemen zich op?", "wijken"),
    ("Welke problemen gaan samen, en wat zegt dat over mogelijke oorzaken?", "wijken"),
    ("Wat vraagt dit van het sociaal domein: wat is al bekend, en wat zeggen inwoners?", "slot"),
]


def _span(numbers: list[str]) -> str:
    """['13', '14', '15'] -> 'hoofdstukken 13–15'; the closing chapters follow one another."""
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"hoofdstuk {numbers[0]}"
    if len(numbers) == 2:
        return f"hoofdstukken {numbers[0]} en {numbers[1]}"
    return f"hoofdstukken {numbers[0]}–{numbers[-1]}"


def introduction(bench: Benchmark, numbers: dict[str, str]) -> Chapter:
    """Why the report exists, the questions it answers and how to read it."""
    g, group = bench.group.focus.name, bench.group
    members = [m.name for m in group.members]
    themes = [numbers[k] for k in THEMES if k in numbers]
    where = {
        "themes": f"hoofdstukken {themes[0]}–{themes[-1]}" if themes else "",
        "wijken": f"hoofdstuk {numbers['wijken']}" if "wijken" in numbers else "",
        "slot": _span([n for k, n in numbers.items() if k not in THEMES and k not in ("inleiding", "wijken")]),
    }
    chapter = Chapter("inleiding", "Inleiding")
    chapter.paragraphs = [
        _p(
            f"Dit rapport beschrijft hoe het gaat met de inwoners van {g}: hoe de stad ervoor "
            f"staat naast {number_word(len(members))} vergelijkbare gemeenten en Nederland, hoe "
            "dat zich ontwikkelt, en waar in de stad problemen zich opstapelen. Het beantwoordt "
            "vijf vragen:"
        ),
        *[
            Paragraph(
                [Sentence(q.format(g=g) + (f" ({where[k]})" if where[k] else ""))], bullet=True
            )
            for q, k in QUESTIONS
        ],
        _p(
            f"De {number_word(len(members))} benchmarkgemeenten zijn {join_names(members)}. "
            + group.rationale.strip()
        ),
        _p(
            "Elk themahoofdstuk opent met een korte synthese en bespreekt daarna de indicatoren, "
            "van de meest opvallende naar de minst opvallende. Een indicator heet opvallend als "
            f"{g} ver van de mediaan van de benchmarkgemeenten ligt, aan de top of onderkant van "
            "de rangorde staat of sterk veranderd is. Elke zin met een cijfer verwijst in een noot "
            "naar de brontabel en het jaar. Tekst zonder kader is uit de cijfers gegenereerd; "
            "tekst in een kader met de naam van een auteur is door een onderzoeker geschreven."
        ),
    ]
    return chapter


def summary(bench: Benchmark, notes: Notes) -> Chapter:
    """Strengths, concerns and characteristics, every theme with a comparison represented."""
    g = bench.group.focus.name
    chosen = select(bench.items, list(THEMES))
    chapter = Chapter("samenvatting", "Samenvatting")
    counts = _counts([j for j in (judge(i) for i in bench.items) if j is not None])
    chapter.paragraphs = [
        _p(
            f"{g} is vergeleken met {number_word(len(bench.group.members))} benchmarkgemeenten en "
            f"Nederland op {number_word(len(bench.items))} indicatoren in "
            f"{number_word(len(bench.by_theme()))} thema's. Bij {counts['sterk']} indicatoren "
            f"scoort {g} gunstiger dan de mediaan van de benchmarkgemeenten, bij "
            f"{counts['aandacht']} ongunstiger. Hieronder per soort de meest opvallende "
            "uitkomsten, met het thema waar ze onder vallen."
        )
    ]
    titles = {
        "sterk": "Sterke punten",
        "aandacht": "Aandachtspunten",
        "kenmerk": "Kenmerken van stad en bevolking",
    }
    for side, title in titles.items():
        items = [_finding(j, g, notes) for j in chosen[side]]  # type: ignore[index]
        if items:
            chapter.lists.append(FindingList(title, items))
    return chapter


def _finding(j: Judged, focus: str, notes: Notes) -> Paragraph:
    text, refs = sentence(j.item, focus)
    return Paragraph([Sentence(text, notes.add(refs))], bullet=True, lead=THEMES[j.theme])


def _counts(judged: list[Judged]) -> dict[str, str]:
    return {
        side: number_word(sum(1 for j in judged if j.side == side))
        for side in ("sterk", "aandacht", "kenmerk")
    }


def synthesis(theme: str, items: list[IndicatorBenchmark], focus: str, notes: Notes) -> Paragraph:
    """A short paragraph opening a theme chapter: the balance, then what stands out most."""
    judged = [j for j in (judge(i) for i in items) if j is not None]
    good = sorted((j for j in judged if j.side == "sterk"), key=lambda j: -j.item.score)
    bad = sorted((j for j in judged if j.side == "aandacht"), key=lambda j: -j.item.score)
    traits = [j for j in judged if j.side == "kenmerk"]
    lacking = [i for i in items if i.focus is None or i.focus.value is None]
    sentences = []
    compared = len(good) + len(bad)
    if compared:
        refs = [ref(j.item.indicator, j.item.focus) for j in [*good, *bad]]
        sentences.append(
            Sentence(
                f"Van de {number_word(compared)} indicatoren in dit thema met een richting "
                f"(hoger is beter of lager is beter) ligt {focus} {_tally(len(good), len(bad))} "
                "dan de mediaan van de benchmarkgemeenten.",
                notes.add(refs),
            )
        )
    if bad:
        sentences.append(_standout(bad[0].item, focus, "aandacht", notes))
    if good:
        sentences.append(_standout(good[0].item, focus, "sterk", notes))
    if traits and not compared:
        top = max(traits, key=lambda j: j.item.score)
        text, refs = sentence(top.item, focus)
        sentences.append(
            Sentence("Het meest kenmerkend: " + text[:1].lower() + text[1:], notes.add(refs))
        )
    if lacking:
        sentences.append(
            Sentence(
                f"Voor {number_word(len(lacking))} "
                f"{'indicator' if len(lacking) == 1 else 'indicatoren'} in dit thema zijn er voor "
                f"{focus} geen cijfers; de paragrafen hieronder zeggen waarom."
            )
        )
    if not sentences:
        sentences.append(
            Sentence(f"Voor dit thema zijn er nog geen vergelijkbare cijfers voor {focus}.")
        )
    return Paragraph(sentences)


def _tally(good: int, bad: int) -> str:
    """'bij twee gunstiger en bij zes ongunstiger'; never 'bij nul gunstiger'."""
    if not good:
        return f"bij {'alle ' if bad > 1 else ''}{number_word(bad)} ongunstiger"
    if not bad:
        return f"bij {'alle ' if good > 1 else ''}{number_word(good)} gunstiger"
    return f"bij {number_word(good)} gunstiger en bij {number_word(bad)} ongunstiger"


def _standout(item: IndicatorBenchmark, focus: str, side: str, notes: Notes) -> Sentence:
    ind, cell = item.indicator, item.focus
    assert cell is not None and cell.value is not None and item.peer_median is not None
    refs = [ref(ind, cell), derived(ind, "mediaan", item.peer_median, [c.area for c in item.peers])]
    if side == "aandacht":
        text = (
            f"Het meest vraagt {ind.phrase} aandacht: {value(ind, cell.value)} in {focus} "
            f"({cell.period}), tegen een mediaan van {value(ind, item.peer_median)} bij de "
            "benchmarkgemeenten."
        )
    else:
        text = (
            f"Gunstig is vooral {ind.phrase}: {value(ind, cell.value)} ({cell.period}), tegen "
            f"een mediaan van {value(ind, item.peer_median)}."
        )
    return Sentence(text, notes.add(refs))


def conclusions(
    bench: Benchmark,
    hoods: Neighbourhoods | None,
    quotes: Sequence[Quote],
    voices: Sequence[Paragraph],
    notes: Notes,
    numbers: dict[str, str],
) -> Chapter:
    """What the benchmark, the wijken, the documents and residents say together, and the tasks."""
    g = bench.group.focus.name
    chosen = select(bench.items, list(THEMES))
    chapter = Chapter("conclusies", "Conclusies en opgaven")
    good, bad = chosen["sterk"][:3], chosen["aandacht"][:4]
    if good or bad:
        chapter.paragraphs.append(_balance(g, good, bad, notes))
    if hoods is not None:
        chapter.paragraphs += _where(hoods, bench, notes, numbers)
    chapter.paragraphs.append(_documents(bad, quotes, numbers))
    if voices:
        chapter.paragraphs += list(voices)
    elif "inwoners" in numbers:  # the chapter "Wat inwoners zeggen" is there, without a summary
        chapter.paragraphs.append(
            _p(
                f"Wat inwoners zelf zeggen, staat in hoofdstuk {numbers['inwoners']}: wat zij in "
                "de dialoog nodig vinden en, waar genoeg reacties zijn, of zij de cijfers "
                "herkennen. Dat is niet met de cijfers verrekend; het vraagt een gesprek met "
                "inwoners over de uitkomsten van dit rapport."
            )
        )
    else:
        chapter.paragraphs.append(
            _p(
                "Wat inwoners zelf van dit beeld vinden, is nog niet in dit rapport verwerkt; "
                "dat vraagt een gesprek met inwoners over de uitkomsten."
            )
        )
    tasks = [_task(j, g, hoods, bench, notes) for j in bad]
    if tasks:
        chapter.lists.append(FindingList("Opgaven", tasks))
    return chapter


def _balance(g: str, good: list[Judged], bad: list[Judged], notes: Notes) -> Paragraph:
    sentences = []
    if good:
        refs = [ref(j.item.indicator, j.item.focus) for j in good]
        names = join_names([j.item.indicator.phrase for j in good])
        sentences.append(
            Sentence(
                f"Naast de benchmarkgemeenten staat {g} er goed voor bij {names}.", notes.add(refs)
            )
        )
    if bad:
        refs = [ref(j.item.indicator, j.item.focus) for j in bad]
        themes = list(dict.fromkeys(THEMES[j.theme].lower() for j in bad))
        sentences.append(
            Sentence(
                f"De grootste achterstanden liggen bij {join_names([j.item.indicator.phrase for j in bad])}; "
                f"ze vallen onder {join_names(themes)}.",
                notes.add(refs),
            )
        )
    return Paragraph(sentences)


def _where(hoods: Neighbourhoods, bench: Benchmark, notes: Notes, numbers: dict[str, str]) -> list[Paragraph]:
    wijken = hoods.level("wijk")
    stacked = [a for a in hoods.concentrations() if len(a.worse) >= 3]
    note = notes.add_text(hood_source(hoods, bench))
    titles = {i: v.phrase for i, v in hoods.indicators.items()}
    out = []
    if stacked:
        districts = list(dict.fromkeys(a.stadsdeel for a in stacked if a.stadsdeel))
        names = join_names([a.name for a in stacked[:5]])
        text = (
            f"Problemen stapelen zich op in een beperkt deel van de stad: in "
            f"{number_word(len(stacked))} van de {number_word(len(wijken))} wijken liggen drie of "
            f"meer risico's duidelijk ongunstiger dan in de stad als geheel"
            + (f", vooral in {join_names(districts[:3])}" if districts else "")
            + f". Het sterkst geldt dat voor {names} (hoofdstuk {numbers.get('wijken', '')})."
        )
        out.append(Paragraph([Sentence(text, note)]))
    pairs = [(p, p.r) for p in hoods.co_occurrence() if p.r is not None and p.n >= 10]
    if pairs:
        top, r = max(pairs, key=lambda pr: abs(pr[1]))
        if abs(r) >= 0.5:
            word = "samen hoog" if r > 0 else "tegengesteld"
            out.append(
                Paragraph(
                    [
                        Sentence(
                            f"Risico's hangen samen: over de wijken zijn {titles[top.a]} en "
                            f"{titles[top.b]} vaak {word} (r = {format_number(top.r, 2)}, "
                            f"{top.n} wijken). Dat wijst op gedeelde achtergronden, niet op "
                            "oorzaak en gevolg.",
                            note,
                        )
                    ]
                )
            )
    return out


def hood_source(hoods: Neighbourhoods, bench: Benchmark) -> str:
    tables = sorted(
        {
            s.table
            for r in hoods.spec.risico
            for s in hoods.indicators[r.indicator].sources
            if s.table in bench.sources
        }
    )
    parts = [f"{bench.sources[t].publisher}, tabel {bench.sources[t].cbs_table}" for t in tables]
    return (
        "Bron: "
        + ("; ".join(parts) if parts else "CBS, wijk- en buurtcijfers")
        + (f"; wijkindeling {hoods.indeling}")
    )


def _documents(bad: list[Judged], quotes: Sequence[Quote], numbers: dict[str, str]) -> Paragraph:
    by_theme = {q.theme: q for q in quotes}
    matched = [by_theme[THEMES[j.theme]] for j in bad if THEMES[j.theme] in by_theme]
    chapter = numbers.get("documenten", "")
    if not quotes:
        return _p(
            "Er zijn nog geen verzamelde documenten om deze uitkomsten naast te leggen."
        )
    if not matched:
        return _p(
            "De verzamelde documenten gaan over andere thema's dan de grootste "
            f"achterstanden (hoofdstuk {chapter})."
        )
    seen = list(dict.fromkeys(f"“{q.title}” ({q.year or 'jaar onbekend'})" for q in matched))
    themes = join_names(list(dict.fromkeys(q.theme.lower() for q in matched)))
    return _p(
        f"Ook de verzamelde documenten besteden aandacht aan {themes}, onder meer "
        f"{join_names(seen)}; zie hoofdstuk {chapter}."
    )


def _task(j: Judged, g: str, hoods: Neighbourhoods | None, bench: Benchmark, notes: Notes) -> Paragraph:
    item, ind = j.item, j.item.indicator
    cell = item.focus
    assert cell is not None and cell.value is not None and item.peer_median is not None
    refs = [ref(ind, cell), derived(ind, "mediaan", item.peer_median, [c.area for c in item.peers])]
    text = (
        f"{capital(ind.phrase)} dichter bij de benchmarkgemeenten brengen: nu "
        f"{value(ind, cell.value)} in {g}, tegen een mediaan van {value(ind, item.peer_median)}."
    )
    sentences = [Sentence(text, notes.add(refs))]
    if hoods is not None and ind.id in {r.indicator for r in hoods.spec.risico}:
        worst = [a.name for a in hoods.concentrations() if ind.id in a.worse][:3]
        if worst:
            sentences.append(
                Sentence(
                    f"In de wijken is dit het duidelijkst in {join_names(worst)}.",
                    notes.add_text(hood_source(hoods, bench)),
                )
            )
    return Paragraph(sentences, bullet=True, lead=THEMES[j.theme])


def _p(text: str) -> Paragraph:
    return Paragraph([Sentence(text)])
