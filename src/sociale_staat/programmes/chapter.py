"""The report's programme chapters: per declared programme that applies to the gemeente, the
goals with their judgement in words, charts of the indicators with target lines, and an overview
table. Built from the same status records as the dashboard page and the begroting export."""

from collections.abc import Callable, Iterator

from sociale_staat.core import paths
from sociale_staat.core.formatting import format_number
from sociale_staat.programmes import charts
from sociale_staat.programmes.model import load_all
from sociale_staat.programmes.status import PEERS, GoalStatus, Measure, ProgrammeStatus, evaluate
from sociale_staat.report.model import Chapter, Figure, Paragraph, Section, Sentence, Table
from sociale_staat.warehouse.queries import Warehouse

RULE = (
    "Het oordeel volgt de voortgangsmaat van Open SDG. Met een doelwaarde wordt de waargenomen "
    "groei per jaar vergeleken met de groei die nodig is om het doel op tijd te halen: op koers "
    "(minstens 95% daarvan), enige vooruitgang (60–95%), onvoldoende (0–60%) of verslechtering. "
    "Zonder doelwaarde telt de groei per jaar in de gewenste richting: verbetering (1,5% of meer), "
    "lichte verbetering (0,5–1,5%), nauwelijks verbetering (0–0,5%) of verslechtering. Mijlpalen "
    "zijn onbekend zolang geen gedateerd verslag zegt hoe het ervoor staat, en een doel zonder "
    "meetbare indicator zegt dat ook. Het oordeel achter de kop van een doel is dat van de "
    "meting of het onderliggende doel die de meeste aandacht vraagt; ontbrekende cijfers of een "
    "ontbrekende indicator gaan daarbij voor goed nieuws, dus een kop kan strenger zijn dan de "
    "metingen eronder."
)
MAX_FIGURES = 8


def chapters(warehouse: Warehouse, focus: str, note: Callable[[str], int]) -> list[Chapter]:
    """One chapter per programme declared for `focus` (or for every gemeente, as the BBV set)."""
    out = []
    numbering = iter(range(1, 1000))
    for programme in load_all(paths.programmes_dir()).values():
        if programme.gemeente not in (None, focus):
            continue
        status = evaluate(warehouse, programme, focus)
        out.append(_chapter(status, note, numbering))
    return out


def _chapter(
    status: ProgrammeStatus, note: Callable[[str], int], numbering: Iterator[int]
) -> Chapter:

    p = status.programme
    doc = p.document
    tally = ", ".join(f"{n} × {label}" for label, n in status.tally().items())
    chapter = Chapter(
        f"programma-{p.id}",
        f"Programmamonitor: {p.title}",
        paragraphs=[
            Paragraph(
                [
                    Sentence(
                        f"{p.description} Eigenaar: {p.owner}. Bron van de doelen: {doc.title} "
                        f"({doc.publisher}{f', {doc.year}' if doc.year else ''}). "
                        f"{status.focus_name} wordt vergeleken met Nederland en de mediaan van de "
                        f"benchmarkgemeenten. Stand: {tally}. {RULE}"
                    )
                ]
            )
        ],
    )
    figures = 0
    for goal in status.all_goals():
        if not goal.measures:
            continue
        section = _section(goal, status, note)
        for m in goal.measures:
            if p.kind == "programma" and figures < MAX_FIGURES and m.kind == "indicator":
                figure = _figure(m, status, numbering)
                if figure is not None:
                    section.figures.append(figure)
                    figures += 1
        if section.figures:
            section.see = "Zie " + " en ".join(f"figuur {f.number}" for f in section.figures) + "."
        chapter.sections.append(section)
    chapter.tables.append(
        Table(
            f"Overzicht: {p.title}, {status.focus_name}",
            ["Doel", "Meting", "Oordeel", status.focus_name, "Nederland", "Mediaan benchmark"],
            [_row(goal, m) for goal, m in status.measures()],
            [3.6, 4.0, 2.4, 2.0, 2.0, 2.0],
        )
    )
    return chapter


def _section(goal: GoalStatus, status: ProgrammeStatus, note: Callable[[str], int]) -> Section:

    sentences = []
    for m in goal.measures:
        source = "Bron: " + "; ".join(m.sources) if m.sources else _citation(m, status)
        sentences.append(Sentence(_sentence(m, status.focus_name), note(source)))
    return Section(f"{goal.goal.title} — {goal.label}", sentences)


def _sentence(m: Measure, focus: str) -> str:
    match m.kind:
        case "indicator":
            if m.latest is None:
                return f"{m.title}: {m.label} ({m.basis})."
            since = (
                f", tegen {m.fmt(m.base)} in {m.base.year}"
                if m.base and m.base.year != m.latest.year
                else ""
            )
            text = f"{m.title} in {focus}: {m.fmt(m.latest)} in {m.latest.year}{since} — {m.label} ({m.basis})."
            beside = [
                f"{b.name} {m.fmt(b.latest)}: {b.basis}" for b in m.beside if b.latest is not None
            ]
            return text + (" Ter vergelijking: " + "; ".join(beside) + "." if beside else "")
        case "mijlpaal":
            return f"Mijlpaal '{m.title}': {m.label} — {m.basis}."
        case "geen_indicator":
            return f"{m.basis[0].upper()}{m.basis[1:]}."


def _citation(m: Measure, status: ProgrammeStatus) -> str:
    doc = status.programme.document
    where = f", {m.citation.section}" if m.citation else ""
    page = f", p. {m.citation.page}" if m.citation and m.citation.page else ""
    return f"Bron: {doc.title} ({doc.publisher}){where}{page}"


def _row(goal: GoalStatus, m: Measure) -> list[str]:
    nl, peers = m.beside_of("Nederland"), m.beside_of(PEERS)
    year = f" ({m.latest.year})" if m.latest else ""
    return [
        goal.goal.title,
        m.title if m.kind != "geen_indicator" else "geen indicator",
        m.label,
        (m.fmt(m.latest) + year) if m.latest else "–",
        m.fmt(nl.latest) if nl else "–",
        m.fmt(peers.latest) if peers else "–",
    ]


def _figure(m: Measure, status: ProgrammeStatus, numbering: Iterator[int]) -> Figure | None:
    from sociale_staat.render.charts import png, svg

    spec = charts.spec(m, status.focus_name)
    if spec is None:
        return None
    years = sorted(
        {
            y
            for series in m.series.values()
            for y in series
            if y >= min(m.series[status.focus_name]) - 1
        }
    )
    names = list(m.series)
    rows = [
        [
            str(y),
            *(
                format_number(m.series[n][y], m.decimals) if y in m.series[n] else "–"
                for n in names
            ),
        ]
        for y in years
    ]
    picture = svg(spec)
    return Figure(
        number=f"P{next(numbering)}",
        title=f"{m.title}: {status.focus_name}, mediaan benchmarkgemeenten en Nederland",
        caption="Bron: " + "; ".join(m.sources) if m.sources else "Bron: zie Bronnen",
        alt=charts.alt_text(m, status.focus_name),
        svg=picture[picture.find("<svg") :],
        png=png(spec),
        header=["Jaar", *names],
        rows=rows,
    )
