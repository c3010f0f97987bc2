"""The appendices: how the comparison was made, the notes, and the source tables with what a
reader should know about each (in words for a reader, not for whoever made the copy)."""

import re

from sociale_staat.analysis import quality as rules
from sociale_staat.analysis.neighbourhoods import Neighbourhoods
from sociale_staat.analysis.results import Benchmark
from sociale_staat.core.formatting import join_names
from sociale_staat.report.model import Chapter, FindingList, Paragraph, Section, Sentence, Table
from sociale_staat.report.notes import Notes, reader_words
from sociale_staat.warehouse.records import Indicator


def chapters(bench: Benchmark, hoods: Neighbourhoods | None, notes: Notes) -> list[Chapter]:
    return [
        _methods(bench, hoods),
        _sources(bench, notes),
        Chapter("noten", "Noten", number="Bijlage C"),
    ]


def _methods(bench: Benchmark, hoods: Neighbourhoods | None) -> Chapter:
    group = bench.group
    out = Chapter("methode", "Methode", number="Bijlage A")
    parts = [
        (
            "Benchmarkgemeenten",
            [
                group.rationale.strip(),
                "Leden: " + join_names([m.name for m in group.members]) + ".",
            ],
        ),
        (
            "Vergelijking",
            [
                *rules.method_paragraphs([(i.indicator.title, i.quality) for i in bench.items]),
                "De mediaan van de "
                "benchmarkgemeenten is de middelste waarde van die gemeenten (zonder de "
                "focusgemeente); 'Nederland' is het landelijke cijfer uit dezelfde tabel.",
                "Een uitkomst telt als sterk punt of aandachtspunt wanneer de indicator een "
                "richting heeft (hoger of lager is beter) en de focusgemeente gunstiger of "
                "ongunstiger dan de mediaan ligt. Hoe opvallend een uitkomst is, volgt uit de "
                "afstand tot de mediaan (gemeten in de spreiding tussen de benchmarkgemeenten), "
                "een plaats aan de top of onderkant en de verandering over de jaren.",
                "Waar de bron 95%-betrouwbaarheidsmarges publiceert (enquêtes), heet een verschil "
                "met Nederland pas hoger of lager als de intervallen elkaar niet overlappen. "
                "Klassen, zoals de stedelijkheidsklasse, krijgen geen rangorde.",
            ],
        ),
    ]
    if hoods is not None:
        parts.append(
            (
                "Wijkindelingen",
                [
                    f"Wijken en buurten volgen de indeling van {hoods.indeling}. Cijfers in een "
                    "andere indeling (zoals de gezondheidsschattingen van het RIVM in de indeling "
                    "van 2020) gaan over andere gebieden en worden niet gekoppeld."
                ],
            )
        )
    out.sections = [
        Section(title, [Sentence(reader_words(t)) for t in texts]) for title, texts in parts
    ]
    titles = {i.id: i.indicator.title for i in bench.items}
    out.lists.append(
        FindingList(
            "Indicatoren",
            [
                Paragraph(
                    [Sentence(_named(definition(i.indicator), titles))],
                    bullet=True,
                    lead=f"{i.indicator.title} ({i.indicator.unit.replace(' (', ', ').rstrip(')')})",
                )
                for i in bench.items
            ],
        )
    )
    return out


def _sources(bench: Benchmark, notes: Notes) -> Chapter:
    out = Chapter("bronnen", "Bronnen", number="Bijlage B")
    out.paragraphs = [
        Paragraph(
            [
                Sentence(
                    "Alle cijfers komen uit open data van het CBS en het RIVM (StatLine), onder de "
                    "licentie CC BY 4.0. De kanttekeningen zeggen wat een lezer over elke tabel "
                    "moet weten."
                )
            ]
        )
    ]
    out.tables.append(
        Table(
            "Brontabellen",
            ["Tabel", "Titel", "Licentie", "Kanttekeningen"],
            [
                [
                    f"{s.publisher} {s.cbs_table}",
                    _title(s.title),
                    s.licence,
                    "; ".join(remark(g, notes) for g in s.gaps) or "–",
                ]
                for s in sorted(bench.sources.values(), key=lambda s: s.cbs_table)
            ],
            [2.6, 5.4, 1.8, 6.2],
        )
    )
    return out


_COPY = re.compile(r"bundel|export|partieel|meegeleverd", re.I)


_IDENTIFIER = re.compile(r"'([a-z][a-z0-9]*_[a-z0-9_]+)'")


def definition(indicator: Indicator) -> str:
    return reader_words(indicator.definition + _caveat(indicator.caveats))


def _named(text: str, titles: dict[str, str]) -> str:
    """Caveats refer to other indicators by their identifier; a reader gets the title."""
    return _IDENTIFIER.sub(lambda m: f"‘{titles[m.group(1)]}’" if m.group(1) in titles else "", text)


def _caveat(text: str) -> str:
    """The caveats a reader needs; remarks about the copy of the data used are left to the
    source list."""
    kept = [s for s in re.split(r"(?<=\.)\s+", text.strip()) if s and not _COPY.search(s)]
    said = " ".join(kept)
    return f" Let op: {said[:1].lower()}{said[1:]}" if kept else ""


def _title(title: str) -> str:
    return re.sub(r"\s*\(titel niet geverifieerd\)", "", title)


def remark(gap: str, notes: Notes) -> str:
    """A known gap of a source table as a reader's caveat."""
    if "export stopte" in gap:
        missing = re.search(r":\s*(?:van de [^:]*?ontbreken\s+)?([^:()]+?)(?:\s+ontbreken)?\)", gap)
        text = "niet alle gemeenten in de gebruikte versie"
        if missing and "tot en met" not in missing.group(1):
            text += f" (ontbreken: {missing.group(1).strip()})"
        return text
    return notes.reader(gap)
