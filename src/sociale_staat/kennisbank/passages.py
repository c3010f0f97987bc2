"""Documents cut into passages for the kennisbank, and snippets of a passage around the words
that matched a search."""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sociale_staat.core.errors import InputError
from sociale_staat.core.text import stems
from sociale_staat.kennisbank.claims import sentences
from sociale_staat.kennisbank.documents import Block

MIN_WORDS, MAX_WORDS = 40, 180  # a passage is about a paragraph


@dataclass
class Passage:
    page: int | None
    heading: str | None
    text: str


def split_passages(blocks: list[Block]) -> list[Passage]:
    """Paragraph-sized passages under their heading: short paragraphs are joined, long ones cut
    at sentence ends; a heading or a new page starts a new passage."""
    out: list[Passage] = []
    heading: str | None = None
    current: list[str] = []
    page: int | None = None

    def flush() -> None:
        if current:
            out.append(Passage(page, heading, " ".join(current)))
            current.clear()

    for block in blocks:
        if block.heading:
            flush()
            heading = block.text
            continue
        if current and block.page != page:
            flush()
        if not current:
            page = block.page
        for sentence in sentences(block.text):
            if current and _words(current) + len(sentence.split()) > MAX_WORDS:
                flush()
                page = block.page
            current.append(sentence)
        if _words(current) >= MIN_WORDS:
            flush()
    flush()
    return out


def _words(parts: list[str]) -> int:
    return sum(len(p.split()) for p in parts)


def snippet(text: str, wanted: set[str], width: int = 30) -> str:
    """About `width` words around the densest run of matches, matches marked **like this**."""
    words = text.split()
    marks = [bool(set(stems(w)) & wanted) for w in words]
    if not any(marks):
        return " ".join(words[:width]) + (" …" if len(words) > width else "")
    best = max(range(max(1, len(words) - width + 1)), key=lambda i: sum(marks[i : i + width]))
    shown = [
        re.sub(r"^(\W*)(.*?)(\W*)$", r"\1**\2**\3", w) if m else w
        for w, m in zip(words[best : best + width], marks[best : best + width], strict=True)
    ]
    return ("… " if best else "") + " ".join(shown) + (" …" if best + width < len(words) else "")


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
