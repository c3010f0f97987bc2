"""What a report is made of, between assembling it and writing it as HTML, PDF and Word.

Every sentence carries the number of its note (0 = none: text that states no figure); every
paragraph says whether it was generated from the numbers or written by an analyst, so all three
outputs can show the difference.
"""

from dataclasses import dataclass, field
from typing import Literal

Origin = Literal["gegenereerd", "geschreven"]


@dataclass
class Sentence:
    text: str
    note: int = 0


@dataclass
class Paragraph:
    """A run of sentences shown as one paragraph (or, with `bullet`, as one list item)."""

    sentences: list[Sentence]
    origin: Origin = "gegenereerd"
    bullet: bool = False
    lead: str = ""  # a short bold lead-in, e.g. the theme of a finding

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass
class Written:
    """Text an analyst wrote for a chapter, with who wrote it and when."""

    paragraphs: list[Paragraph]
    author: str
    date: str
    replaces: bool  # True: instead of the generated opening text; False: after it

    @property
    def label(self) -> str:
        return f"Toelichting van {self.author} ({self.date})"


@dataclass
class Figure:
    number: str
    title: str
    caption: str  # with "Bron: …"; never a repeat of the title
    alt: str  # text alternative: what the chart shows, in words
    svg: str
    png: bytes
    header: list[str]
    rows: list[list[str]]


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths; the Word file fixes them in centimetres


@dataclass
class Quote:
    """A passage from a document, cut at sentence ends, with where it comes from."""

    theme: str
    text: str
    title: str
    year: int | None
    where: str


@dataclass
class Section:
    """One indicator (or topic) within a chapter: its sentences and figures."""

    title: str
    sentences: list[Sentence]
    figures: list[Figure] = field(default_factory=list)
    see: str = ""  # "Zie figuur A1 en A2."
    number: str = ""
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class FindingList:
    """A titled list of findings, e.g. 'Sterke punten'."""

    title: str
    items: list[Paragraph]


@dataclass
class Chapter:
    key: str
    title: str
    number: str = ""  # "3"; appendices "Bijlage A"; empty for the summary
    paragraphs: list[Paragraph] = field(default_factory=list)  # the opening text / synthesis
    lists: list[FindingList] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    written: Written | None = None

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()

    def opening(self) -> list[Paragraph]:
        """The generated opening text, unless an analyst's text replaces it."""
        return [] if self.written is not None and self.written.replaces else self.paragraphs

    def all_quotes(self) -> list[Quote]:
        return [q for s in self.sections for q in s.quotes]

    def all_figures(self) -> list[Figure]:
        return [f for s in self.sections for f in s.figures] + self.figures


@dataclass
class Cover:
    organisation: str
    date: str  # Dutch: "25 november 2026"
    colophon: list[str]
    attribution: str = ""  # publishers and licences of the tables used, from the data


@dataclass
class Report:
    gemeente: str
    title: str
    subtitle: str
    cover: Cover
    chapters: list[Chapter]
    notes: dict[int, str]
    appendices: list[Chapter] = field(default_factory=list)

    def chapter(self, key: str) -> Chapter:
        return next(c for c in [*self.chapters, *self.appendices] if c.key == key)
