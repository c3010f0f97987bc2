"""Documents cut into passages for the kennisbank.

A passage is about a paragraph, under its heading, with the page it starts on. Two things keep
search results readable:
- a list stays with the sentence that introduces it: every passage holding items of a list
  opens with that sentence ("Wat is nodig?"), also when the list runs over several passages;
- footnotes, reference lists and colofon text are passages of their own, marked with their
  kind, so that search can rank them below the running text they support.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from sociale_staat.core.errors import InputError
from sociale_staat.kennisbank.claims import sentences
from sociale_staat.kennisbank.documents import Block

MIN_WORDS, MAX_WORDS = 40, 180  # a passage is about a paragraph

Kind = Literal["tekst", "voetnoot", "bronnen", "colofon"]
KINDS: tuple[Kind, ...] = ("tekst", "voetnoot", "bronnen", "colofon")

# A list item: a bullet, or a number or letter with a full stop or bracket ("2.", "b)").
_ITEM = re.compile(r"^(?:[•·▪◦●*–-]\s*\S|\d{1,2}[.)]\s|[a-z][.)]\s)")
# Headings of reference lists, notes and colofons ("5 Literatuur", "Bijlage 2: Bronnen").
_REFERENCE_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s*|bijlage\s+\w+\s*[:.–-]?\s*)?"
    r"(?:literatuur(?:lijst)?|bronnen(?:lijst)?|bronvermelding|referenties|"
    r"geraadpleegde\s+(?:bronnen|literatuur)|(?:eind|voet)?noten)\s*$",
    re.I,
)
_COLOFON_HEADING = re.compile(r"^(?:colofon|contactgegevens|contact)\s*$", re.I)
# What citations look like: web addresses, ISBN/DOI, 'et al.', page references, a year in
# brackets, 'Zie' or 'Bron:' opening a note.
_CITATION = re.compile(
    r"https?://|www\.|\bdoi\b|ISBN|et al\.|\bibid\b|\bpp?\.\s?\d|\((?:19|20)\d{2}[a-z]?\)|"
    r"(?:^|\s)(?:Zie|zie|Bron:|Bronnen:)\s"
)
_NOTE_MARK = re.compile(r"^\s*(?:\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\*\)?)\s*(?=[A-Z\"“'‘(])")
# 'Achternaam, A.B. (2019)' or 'Achternaam, A. en Naam, B., 2019': an entry of a reference list.
_AUTHOR_YEAR = re.compile(
    r"^[A-Z][\w'’-]+(?:\s(?:van|de|der|den|von|ten|ter))*,\s(?:[A-Z]\.\s?){1,4}.*\b(?:19|20)\d{2}"
)
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|\b0\d{1,3}[- ]?\d{6,8}\b|\btelefoon\s*:")
_NOTE_MAX_WORDS = 60  # a note or a reference entry is short; running text with a citation is not


@dataclass
class Passage:
    page: int | None
    heading: str | None
    text: str
    kind: Kind = "tekst"


def is_list_item(text: str) -> bool:
    return bool(_ITEM.match(text))


def heading_kind(heading: str) -> Kind:
    """The kind of everything under a heading: a reference list, notes, a colofon, or text."""
    words = heading.strip()
    if _REFERENCE_HEADING.match(words):
        return "voetnoot" if "noten" in words.lower() else "bronnen"
    return "colofon" if _COLOFON_HEADING.match(words) else "tekst"


def block_kind(text: str) -> Kind:
    """A footnote ('3 Zie CBS (2022) …'), an entry of a reference list, contact details, or text."""
    words = len(text.split())
    if words > _NOTE_MAX_WORDS:
        return "tekst"
    if _CONTACT.search(text):
        return "colofon"
    citations = len(_CITATION.findall(text))
    if _NOTE_MARK.match(text) and citations:
        return "voetnoot"
    if _AUTHOR_YEAR.match(text) or citations >= 2:
        return "bronnen"
    return "tekst"


class _Collector:
    """The passage being filled: its sentences, page and kind."""

    def __init__(self) -> None:
        self.out: list[Passage] = []
        self.heading: str | None = None
        self.current: list[str] = []
        self.page: int | None = None
        self.kind: Kind = "tekst"
        self.last: str | None = None  # the last sentence of the passage just flushed
        self.repeated = 0  # words of a lead-in repeated at the start: not counted for the size

    def words(self) -> int:
        return sum(len(p.split()) for p in self.current) - self.repeated

    def flush(self) -> None:
        if self.current:
            self.out.append(Passage(self.page, self.heading, " ".join(self.current), self.kind))
            self.last = self.current[-1]
            self.current.clear()
            self.repeated = 0

    def start(self, page: int | None, kind: Kind, lead: str | None) -> None:
        """Begin a passage if none is open; inside a list it opens with the list's lead-in."""
        if not self.current:
            self.page, self.kind = page, kind
            if lead:
                self.current.append(lead)
                self.repeated = len(lead.split())


def split_passages(blocks: list[Block]) -> list[Passage]:
    """Paragraph-sized passages under their heading: short paragraphs are joined, long ones cut
    at sentence ends; a heading, a new page or another kind of text starts a new passage. A list
    is cut like any text, but every passage with items of a list opens with the sentence that
    introduces the list ("Wat is nodig?"), so no item is found without it."""
    c = _Collector()
    section: Kind = "tekst"
    lead: str | None = None  # the sentence that introduces the list being collected
    for block in blocks:
        if block.heading:
            c.flush()
            c.heading, section, lead, c.last = block.text, heading_kind(block.text), None, None
            continue
        kind = section if section != "tekst" else block_kind(block.text)
        item = is_list_item(block.text)
        if not item:
            lead = None
        elif lead is None:
            lead = c.current[-1] if c.current else c.last
        if c.current and (kind != c.kind or block.page != c.page):
            c.flush()
        c.start(block.page, kind, lead if item else None)
        for sentence in sentences(block.text):
            if c.current and c.words() + len(sentence.split()) > MAX_WORDS:
                c.flush()
                c.start(block.page, kind, lead if item else None)
            c.current.append(sentence)
        if c.words() >= MIN_WORDS:
            c.flush()
    c.flush()
    return c.out


def title_from(blocks: list[Block], path: Path) -> str:
    first = next((b.text for b in blocks if b.heading), None)
    return first or path.stem.replace("_", " ")


def folder_metadata(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise InputError(f"{path}: geen geldige YAML: {err}") from None
    if not isinstance(data, dict):
        raise InputError(
            f"{path}: verwacht per bestandsnaam de velden title, year, publisher, type"
        )
    return data
