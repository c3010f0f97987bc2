"""The chapter 'Wijken en buurten': where in the city risks stack up, maps with wijk and
stadsdeel names, the stadsdelen side by side and which risks go together."""

from typing import Any

from sociale_staat.analysis.neighbourhoods import Neighbourhoods, stadsdeel_values
from sociale_staat.core.formatting import format_number, number_word
from sociale_staat.render import charts, maps
from sociale_staat.report.model import Chapter, Figure, Paragraph, Sentence, Table
from sociale_staat.report.notes import Notes
from sociale_staat.warehouse.queries import Warehouse

MAPS = 3


def chapter(warehouse: Warehouse, hoods: Neighbourhoods, notes: Notes, source: str) -> Chapter:
    out = Chapter("wijken", "Wijken en buurten")
    name = hoods.gemeente.name
    note = notes.add_text(source)
    stacked = hoods.concentrations()
    out.paragraphs = [
        Paragraph(
            [
                Sentence(
                    f"{name} telt {number_word(len(hoods.level('wijk')))} wijken en "
                    f"{format_number(len(hoods.level('buurt')), 0)} buurten (indeling "
                    f"{hoods.indeling}). In "
                    f"{number_word(len(stacked))} wijken is ten minste één risico duidelijk "
                    f"ongunstiger dan in de stad als geheel; in "
                    f"{number_word(sum(1 for a in stacked if len(a.worse) >= 3))} daarvan drie of "
                    "meer tegelijk.",
                    note,
                ),
                Sentence(
                    "Een risico telt als duidelijk ongunstiger wanneer het 95%-interval geheel aan "
                    "de ongunstige kant van de stadswaarde ligt of, zonder interval, de waarde ten "
                    "minste een kwart ongunstiger is. Gebieden met minder dan "
                    f"{hoods.spec.min_inwoners} inwoners blijven buiten beeld, zoals CBS ook doet."
                ),
            ]
        )
    ]
    out.figures = _maps(hoods)
    titles = {i: v.title for i, v in hoods.indicators.items()}
    out.tables.append(
        Table(
            "Wijken waar risico's zich opstapelen",
            ["Wijk", "Stadsdeel", "Inwoners", "Risico's", "Duidelijk ongunstiger dan de stad"],
            [
                [
                    a.name,
                    a.stadsdeel or "",
                    format_number(a.inwoners, 0),
                    str(len(a.worse)),
                    ", ".join(in_sentence(titles[i]) for i in a.worse),
                ]
                for a in stacked[:10]
            ],
            [3.0, 2.4, 1.8, 1.6, 7.2],
        )
    )
    out.tables.append(_districts(warehouse, hoods, titles))
    pairs = _pairs(hoods, titles)
    if pairs.rows:
        out.tables.append(pairs)
    return out


def _maps(hoods: Neighbourhoods) -> list[Figure]:
    shapes = maps.boundaries_for(hoods.gemeente.code)
    if shapes is None:
        return []
    figures = []
    buurten = maps.buurt_boundaries_for(hoods.gemeente.code)
    risks = [r.indicator for r in hoods.spec.risico][:MAPS]
    for n, indicator in enumerate(risks, start=1):
        figures.append(_map(f"N{n}", hoods, indicator, shapes, "wijk"))
    if buurten is not None and risks:
        figures.append(_map(f"N{len(figures) + 1}", hoods, risks[0], buurten, "buurt"))
    return figures


def _map(number: str, hoods: Neighbourhoods, indicator: str, shapes: dict[str, Any], level: str) -> Figure:
    # Almere is wider than tall: a lower frame leaves no empty band under the map, so two maps
    # fit on a page.
    spec = maps.choropleth(hoods, indicator, shapes, level=level, titled=False, size=(500, 330))
    ind = hoods.indicators[indicator]
    areas = hoods.level(level)
    rows = [
        [
            a.name,
            a.stadsdeel or "",
            format_number(a.values[indicator].value, ind.decimals)
            if a.values[indicator].value is not None
            else (a.values[indicator].note or "–"),
        ]
        for a in areas
        if indicator in a.values
    ]
    word = "wijk" if level == "wijk" else "buurt"
    boundaries = (
        "wijkgrenzen 2022 (CBS/Kadaster, via tmap)"
        if level == "wijk"
        else "buurtgrenzen 2024 (CBS/Kadaster, gegeneraliseerd)"
    )
    return Figure(
        number,
        f"{ind.title} per {word}",
        f"{hoods.city[indicator].period}, {ind.unit}; {hoods.gemeente.name} als geheel: "
        f"{format_number(hoods.city[indicator].value, ind.decimals)}. Bron: CBS; {boundaries}. "
        "Namen op de kaart: stadsdelen (groot) en de grotere wijken.",
        f"Kaart van {ind.title.lower()} per {word} in {hoods.gemeente.name}, in klassen "
        "van laag tot hoog; de waarden staan in de tabel bij deze figuur.",
        *charts.rendered(spec),
        [word.capitalize(), "Stadsdeel", ind.unit],
        rows,
    )


def in_sentence(title: str) -> str:
    """A title inside a sentence: 'Inwoners met een WW-uitkering' -> 'inwoners met een
    WW-uitkering'; 'SES-WOA-score' and 'Wmo-cliënten' keep their capitals."""
    first = title.split(" ", 1)[0]
    if first.isalpha() and first[1:].islower():
        return title[:1].lower() + title[1:]
    return title


def _districts(warehouse: Warehouse, hoods: Neighbourhoods, titles: dict[str, str]) -> Table:
    districts = stadsdeel_values(warehouse, hoods)
    shown = ["inwoners", "aandeel_0_tot_15", "aandeel_65_plus", "aandeel_bijstand", "aandeel_ww"]
    return Table(
        "Stadsdelen (– = geen cijfer, zoals bij een stadsdeel met te weinig inwoners)",
        ["Stadsdeel", *[titles[i] for i in shown]],
        [
            [
                name,
                *[
                    format_number(vals[i].value, hoods.indicators[i].decimals)
                    if vals[i].value is not None
                    else "–"
                    for i in shown
                ],
            ]
            for name, vals in districts.items()
        ],
        [3.0, 2.4, 2.4, 2.4, 2.4, 2.4],
    )


def _pairs(hoods: Neighbourhoods, titles: dict[str, str]) -> Table:
    # The pairs that go together at least moderately (|r| >= 0,3); the rest add nothing.
    known = [(p, p.r) for p in hoods.co_occurrence() if p.r is not None and abs(p.r) >= 0.3]
    pairs = [p for p, _ in sorted(known, key=lambda pr: -abs(pr[1]))]
    strong = [p for p in pairs if p.r is not None and abs(p.r) >= 0.5]
    caption = (
        "Risico's die over de wijken samengaan (correlatie r van ten minste 0,3 in absolute "
        "waarde; n = wijken met beide waarden)"
    )
    if strong:
        caption += ". Het sterkst samen gaan " + "; en ".join(
            f"{in_sentence(titles[p.a])} en {in_sentence(titles[p.b])}" for p in strong[:2]
        ) + "."
    return Table(
        caption,
        ["Risico", "Samen met", "r", "n"],
        [
            [
                titles[p.a],
                titles[p.b],
                "–" if p.r is None else format_number(p.r, 2),
                str(p.n),
            ]
            for p in pairs
        ],
        [6.0, 6.0, 1.5, 1.5],
    )
