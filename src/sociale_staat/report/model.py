"""What the report consists of: chapters, sections, sentences with notes, figures with their data.

Assembled by `document`, written to HTML, PDF and Word by `writing`.
"""

from dataclasses import dataclass, field

from sociale_staat.warehouse.records import Source


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


@dataclass(frozen=True)
class Passage:
    """A passage from a document in the kennisbank, quoted for one theme."""

    theme: str
    title: str
    year: int | None
    where: str  # page or heading
    text: str


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
    passages: list[Passage] = field(default_factory=list)

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

