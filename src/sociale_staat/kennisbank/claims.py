"""Figures stated in documents as structured claims: value, unit, qualifier, subject, area, year.

"89 procent van de bedrijven heeft minder dan 5 werknemers" gives 89 procent (subject 'van de
bedrijven heeft minder dan 5 werknemers') and 5 werknemers (qualifier 'minder dan').
"""

import re
from dataclasses import asdict, dataclass
from typing import Any

from sociale_staat.core.periods import MONTHS
from sociale_staat.core.text import STOPWORDS, stems
from sociale_staat.declarations.taxonomy import Taxonomy

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_QUAL = (
    r"ruim|circa|ca\.|ongeveer|bijna|zo['’]n|meer dan|minder dan|minimaal|maximaal|"
    r"ten minste|tenminste|gemiddeld|rond|nagenoeg|vrijwel|slechts|maar liefst"
)
_Q = rf"(?:(?P<qual>{_QUAL})\s+)?"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("procent", re.compile(rf"{_Q}(?P<num>{_NUM})\s*(?:%|procent\b)", re.I)),
    (
        "per 1.000",
        re.compile(rf"{_Q}(?P<num>{_NUM})\s+(?:[^\W\d_]+\s+){{0,3}}per\s+1\.?000\b", re.I),
    ),
    ("euro", re.compile(rf"{_Q}€\s*(?P<num>{_NUM})(?:\s*(?P<mult>miljoen|miljard|mln))?", re.I)),
    ("euro", re.compile(rf"{_Q}(?P<num>{_NUM})\s*(?P<mult>miljoen|miljard)?\s*euro\b", re.I)),
    ("aantal", re.compile(rf"{_Q}(?P<num>{_NUM})\s+(?P<noun>[^\W\d_][\w-]{{3,}})", re.I)),
]
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘(•])")
_NOT_COUNTED = (
    STOPWORDS
    | set(MONTHS)
    | {
        "procent",
        "euro",
        "miljoen",
        "miljard",
        "jaar",
        "jaren",
        "uur",
        "minuten",
        "keer",
        "per",
    }
)
_MULTIPLIER = {"miljoen": 1e6, "mln": 1e6, "miljard": 1e9}


@dataclass
class Claim:
    value: float
    unit: str
    qualifier: str | None
    subject: str
    area: str | None
    area_name: str | None
    year: int | None
    sentence: str
    indicator: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def extract_claims(text: str, taxonomy: Taxonomy, default_area: str | None = None) -> list[Claim]:
    """All figures in a passage, one claim each; a number is claimed by the first unit that fits."""
    found = []
    default = taxonomy.place(stems(default_area)) if default_area else None
    if default_area and default is None:
        default = (default_area, default_area)
    for sentence in sentences(text):
        stemmed = stems(sentence)
        place = taxonomy.place(stemmed)
        taken: list[tuple[int, int]] = []
        for unit, pattern in _PATTERNS:
            for m in pattern.finditer(sentence):
                span = m.span("num")
                if any(a <= span[0] < b for a, b in taken):
                    continue
                number = m["num"]
                if unit == "aantal" and not _is_count(number, m["noun"]):
                    continue
                taken.append(span)
                value = _value(number) * _MULTIPLIER.get(
                    (m.groupdict().get("mult") or "").lower(), 1
                )
                years = [int(y) for y in _YEAR.findall(sentence) if y != number]
                area = place or default
                found.append(
                    Claim(
                        value=value,
                        unit=unit,
                        qualifier=(m["qual"] or "").lower() or None,
                        subject=_subject(sentence, m, unit),
                        area=area[0] if area else None,
                        area_name=area[1] if area else None,
                        year=years[0] if years else None,
                        sentence=sentence,
                        indicator=taxonomy.indicator(stemmed, unit),
                    )
                )
    return found


def _value(number: str) -> float:
    return float(number.replace(".", "").replace(",", "."))


def _is_count(number: str, noun: str) -> bool:
    if noun.lower() in _NOT_COUNTED or not noun[0].islower():
        return False
    # A bare four-digit number from 1950 to 2049 is a year, not a count ('in 2011 een ...').
    return not (re.fullmatch(r"\d{4}", number) and 1950 <= int(number) <= 2049)


def _subject(sentence: str, match: re.Match[str], unit: str) -> str:
    """What the figure counts: the words after it up to the end of the clause."""
    start = match.start("noun") if unit == "aantal" else match.end()
    rest = re.split(r"[.;:()!?]|,\s", sentence[start:], maxsplit=1)[0]
    words = rest.split()
    return " ".join(words[:12]).strip(" ,")
