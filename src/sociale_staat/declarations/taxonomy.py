"""The editable taxonomy (`taxonomy/*.yml`): themes, glossary concepts, indicator links, places.

Terms are compared after stemming, as token sequences, so a phrase matches only where its words
stand together and 'eenzaamheid' finds 'eenzaam'.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sociale_staat.core.errors import InputError
from sociale_staat.core.text import stems
from sociale_staat.core.yamlfile import load_yaml
from sociale_staat.declarations.themes import load_themes


def _load(path: Path) -> dict[str, Any]:
    data = load_yaml(path) or {}
    if not isinstance(data, dict):
        raise InputError(f"{path}: verwacht een mapping van naam naar termen")
    return data


def _patterns(terms: list[str], where: str) -> list[tuple[str, ...]]:
    if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
        raise InputError(f"{where}: verwacht een lijst met termen")
    return [tuple(stems(t)) for t in terms]


def _link(indicator: object, fields: object, where: str) -> "IndicatorLink":
    if not isinstance(fields, dict) or not isinstance(fields.get("unit", ""), str):
        raise InputError(f"{where}: verwacht een mapping met 'words' (termen) en 'unit'")
    return IndicatorLink(str(indicator), _patterns(fields.get("words", []), where), fields.get("unit", ""))


def contains(sequence: list[str], pattern: tuple[str, ...]) -> bool:
    n = len(pattern)
    return any(tuple(sequence[i : i + n]) == pattern for i in range(len(sequence) - n + 1))


@dataclass
class IndicatorLink:
    indicator: str
    patterns: list[tuple[str, ...]]
    unit: str


class Taxonomy:
    def __init__(self, folder: Path) -> None:
        themes = load_themes(folder / "themas.yml")
        concepts = _load(folder / "begrippen.yml")
        self.themes = {
            k: _patterns(v.termen, f"{folder}/themas.yml: {k}") for k, v in themes.items()
        }
        self.concepts = {
            k: _patterns(v, f"{folder}/begrippen.yml: {k}") for k, v in concepts.items()
        }
        self.indicators = [
            _link(k, v, f"{folder}/indicatoren.yml: {k}")
            for k, v in _load(folder / "indicatoren.yml").items()
        ]
        # Most specific first: 'ernstig eenzaam' before 'eenzaam'.
        self.indicators.sort(key=lambda link: -max((len(p) for p in link.patterns), default=0))
        # One-word terms of one concept stand in for each other in a search ('vertrouwen' also
        # finds 'wantrouwen'): the concept is what the user asks about.
        self.synonyms: dict[str, list[str]] = {}
        for patterns in self.concepts.values():
            single = [p[0] for p in patterns if len(p) == 1]
            for word in single:
                self.synonyms.setdefault(word, []).extend(w for w in single if w != word)
        places = _load(folder / "gebieden.yml")
        if not all(isinstance(k, str) and isinstance(v, str | int) for k, v in places.items()):
            raise InputError(f"{folder}/gebieden.yml: verwacht per plaatsnaam een gebiedscode")
        # Longest names first: 'Almere Haven' before 'Almere'.
        self.places = sorted(
            ((tuple(stems(k)), str(v), k) for k, v in places.items()), key=lambda p: -len(p[0])
        )

    def tag(self, stemmed: list[str]) -> tuple[list[str], list[str]]:
        """Themes and concepts whose terms occur in a stemmed passage."""
        themes = [t for t, pats in self.themes.items() if any(contains(stemmed, p) for p in pats)]
        concepts = [
            c for c, pats in self.concepts.items() if any(contains(stemmed, p) for p in pats)
        ]
        return themes, concepts

    def place(self, stemmed: list[str]) -> tuple[str, str] | None:
        """(code, name) of the first-listed, longest place named in a sentence."""
        for pattern, code, name in self.places:
            if contains(stemmed, pattern):
                return code, name
        return None

    def indicator(self, stemmed: list[str], unit: str) -> str | None:
        for link in self.indicators:
            if link.unit == unit and any(contains(stemmed, p) for p in link.patterns):
                return link.indicator
        return None
