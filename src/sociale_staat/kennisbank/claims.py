"""Figures stated in documents as structured claims: value, unit, qualifier, subject, area, year.

"89 procent van de bedrijven heeft minder dan 5 werknemers" gives 89 procent (subject 'van de
bedrijven heeft minder dan 5 werknemers') and 5 werknemers (qualifier 'minder dan').
"""

import re
from dataclasses import asdict, dataclass
from typing import Any, Literal

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


# --- does a claim agree with the current figure? -----------------------------------------

Verdict = Literal["klopt", "wijkt_af", "niet_te_toetsen"]
_APPROXIMATE = {"circa", "ca.", "ongeveer", "rond", "zo'n", "zo’n", "nagenoeg", "vrijwel"}
_AT_LEAST = {"meer dan", "ruim", "minimaal", "ten minste", "tenminste", "maar liefst"}
_AT_MOST = {"minder dan", "maximaal", "bijna", "slechts"}
_UNIT_KINDS = {"procent": "share", "per 1.000": "rate", "aantal": "value", "euro": "value"}
# A figure that is a goal, an ambition or an expectation, not a measurement ("versneld door te
# groeien naar een stad van 350.000 inwoners", "we streven naar 80 procent").
_TARGET = re.compile(
    r"\b(?:streef\w*|streven|doel\w*|ambitie\w*|toegewerkt|toewerken|groei\w* naar|"
    r"door te groeien|verwacht\w*|prognose\w*|raming|zal|zullen|moet(?:en)? (?:groeien|stijgen|dalen))\b",
    re.I,
)


@dataclass(frozen=True)
class Current:
    """The figure a page shows for the focus: value, year, 95% interval, the indicator's kind."""

    area: str
    value: float | None
    period: int | None
    kind: str
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True)
class ClaimCheck:
    """The verdict and why: `why` names the rule that decided (a page words it for readers)."""

    verdict: Verdict
    why: Literal[
        "doel",
        "geen_gebied",
        "ander_gebied",
        "geen_cijfer",
        "andere_eenheid",
        "binnen_marge",
        "verschil",
    ]


def check_claim(
    value: float,
    unit: str,
    qualifier: str | None,
    area: str | None,
    current: Current,
    sentence: str = "",
) -> ClaimCheck:
    """Compare a figure from a document with the current figure for the same area.

    The figure agrees when it lies within its own rounding ('33%' is 32.5-33.5; '16.000' is
    15.500-16.500), widened by 5% for 'circa'/'ongeveer', one-sided for 'meer dan'/'ruim' and
    'minder dan'/'bijna', or when it lies within the 95% interval of the current figure. A figure
    about another area, in another unit or without a current figure is not tested, nor is a
    goal or an expectation ('groeien naar 350.000 inwoners')."""
    if _TARGET.search(sentence):
        return ClaimCheck("niet_te_toetsen", "doel")
    if area is None:
        return ClaimCheck("niet_te_toetsen", "geen_gebied")
    if area != current.area:
        return ClaimCheck("niet_te_toetsen", "ander_gebied")
    if _UNIT_KINDS.get(unit) != current.kind:
        return ClaimCheck("niet_te_toetsen", "andere_eenheid")
    if current.value is None:
        return ClaimCheck("niet_te_toetsen", "geen_cijfer")
    low, high = _claimed_range(value, qualifier)
    now_low = current.lower if current.lower is not None else current.value
    now_high = current.upper if current.upper is not None else current.value
    agrees = low <= now_high and now_low <= high
    return ClaimCheck("klopt", "binnen_marge") if agrees else ClaimCheck("wijkt_af", "verschil")


def _claimed_range(value: float, qualifier: str | None) -> tuple[float, float]:
    """The values a document's figure stands for, given how it is rounded and qualified."""
    step = 1.0
    if value != int(value):
        step = 10.0 ** -len(f"{value}".split(".")[1].rstrip("0") or "0")
    elif value >= 1000:
        digits = str(int(value))
        step = 10.0 ** (len(digits) - len(digits.rstrip("0")))
    half = step / 2
    low, high = value - half, value + half
    q = (qualifier or "").lower()
    if q in _APPROXIMATE:
        low, high = min(low, value * 0.95), max(high, value * 1.05)
    elif q in _AT_LEAST:
        high = value * 1.15 if q == "ruim" else float("inf")
    elif q in _AT_MOST:
        low = value * 0.85 if q == "bijna" else float("-inf")
    return low, high
