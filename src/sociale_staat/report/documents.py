"""The chapter 'Wat bekend is uit documenten': per theme what the municipality's documents say,
as a short synthesis and one quote cut at sentence ends.

A passage is quoted under a theme only when that theme is what the passage is most about (its
words occur more than those of any other theme); references, footnotes, tables of contents and
lists of names are never quoted as findings.
"""

import re
from collections import Counter
from typing import Any

from sociale_staat.analysis.narrative import capital
from sociale_staat.core.formatting import join_names, number_word
from sociale_staat.core.text import stems
from sociale_staat.declarations.catalogue import THEMES
from sociale_staat.report.model import Chapter, Paragraph, Quote, Section, Sentence
from sociale_staat.report.notes import Notes

MAX_QUOTE_WORDS = 70
# Abbreviations that end in a full stop without ending the sentence.
_ABBREVIATIONS = "".join(
    rf"(?<!\b{re.escape(a)})"
    for a in [
        "o.a.",
        "m.b.t.",
        "bijv.",
        "ca.",
        "nl.",
        "p.",
        "d.w.z.",
        "i.p.v.",
        "t.a.v.",
        "z.g.a.n.",
        "dhr.",
        "mw.",
        "e.d.",
        "enz.",
    ]
)
_SENTENCE_END = re.compile(r"(?<=[.!?])" + _ABBREVIATIONS + r"[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9À-Ý])")
_REFERENCE = re.compile(
    r"https?://|www\.|doi\b|ISBN|et al\.|\bp\. ?\d|\bpp\. ?\d|^\s*\d{1,3}\s+[A-Z]|"
    r"\(\d{4}\)[.,]|^\s*(Bron|Noot|Zie)\b|Wet openbaarheid|Wob\b",
    re.M,
)


def sentences(text: str) -> list[str]:
    """A passage split at sentence ends (not after abbreviations such as 'o.a.' or 'bijv.')."""
    text = re.sub(r"\s+", " ", text).strip()
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?][\"'”’)]?$", text.strip()))


def is_reference(text: str) -> bool:
    """References, footnotes, legal boilerplate and other text that is not a finding."""
    if _REFERENCE.search(text):
        return True
    words = text.split()
    capitals = sum(1 for w in words if w[:1].isupper())
    digits = sum(1 for w in words if any(ch.isdigit() for ch in w))
    # Lists of names, dates or page numbers: mostly capitals or figures, few sentences.
    return len(words) < 6 or capitals > 0.45 * len(words) or digits > 0.25 * len(words)


def dominant_theme(text: str, themes: dict[str, list[tuple[str, ...]]]) -> tuple[str | None, int]:
    """The theme whose terms occur most often in the text, with its count (ties: none)."""
    stemmed = stems(text)
    counts = Counter({t: sum(_count(stemmed, p) for p in pats) for t, pats in themes.items()})
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] == 0 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None, 0
    return ranked[0]


def _count(stemmed: list[str], pattern: tuple[str, ...]) -> int:
    n = len(pattern)
    return sum(1 for i in range(len(stemmed) - n + 1) if tuple(stemmed[i : i + n]) == pattern)


def excerpt(text: str, theme_terms: list[tuple[str, ...]]) -> str | None:
    """The sentences that carry the theme, whole, at most about seventy words; None if no
    whole sentence in the passage reads as a finding."""
    parts = [
        s
        for s in sentences(text)
        if ends_sentence(s)
        and not is_reference(s)
        # List items run together by the text extraction are not findings.
        and not s.startswith(("•", "-", "–", "*"))
        and s.count(" • ") + s.count(" - ") < 2
    ]
    if not parts:
        return None
    scores = [sum(_count(stems(s), p) for p in theme_terms) for s in parts]
    start = max(range(len(parts)), key=lambda i: (scores[i], -i))
    chosen = [parts[start]]
    for following in parts[start + 1 :]:
        if len(" ".join([*chosen, following]).split()) > MAX_QUOTE_WORDS:
            break
        chosen.append(following)
    quote = " ".join(chosen)
    return quote if len(quote.split()) <= MAX_QUOTE_WORDS * 1.5 else None


def chapter(kennisbank: Any | None, notes: Notes) -> Chapter:
    """Synthesis and quotes per theme; says plainly when no documents are loaded."""
    out = Chapter("documenten", "Wat bekend is uit documenten")
    documents = kennisbank.documents() if kennisbank is not None else []
    if kennisbank is None or not documents:
        out.paragraphs = [
            Paragraph(
                [
                    Sentence(
                        "Voor dit rapport zijn nog geen rapporten, beleidsstukken of "
                        "dialoogverslagen van de gemeente verwerkt. Zodra die er zijn, staat hier "
                        "per thema wat ze zeggen."
                    )
                ]
            )
        ]
        return out
    listing = join_names([f"{d['title']} ({d['year'] or 'jaar onbekend'})" for d in documents[:6]])
    out.paragraphs.append(
        Paragraph(
            [
                Sentence(
                    f"Naast de cijfers is gekeken naar wat {number_word(len(documents))} documenten "
                    f"van en over de gemeente zeggen: {listing}. Per thema staat hieronder hoeveel "
                    "passages erover gaan, welke begrippen daarbij terugkomen en een citaat uit "
                    "de passage die het meest over dat thema gaat."
                )
            ]
        )
    )
    themes = kennisbank.taxonomy.themes
    note = notes.add_text(
        "Bron: verzamelde documenten: "
        + "; ".join(
            f"{d['title']} ({d.get('publisher') or 'uitgever onbekend'}, {d['year'] or 'jaar onbekend'})"
            for d in documents
        )
    )
    for theme, terms in themes.items():
        section = _theme(kennisbank, theme, terms, themes, note)
        if section is not None:
            out.sections.append(section)
    missing = [THEMES[t] for t in themes if THEMES[t] not in {s.title for s in out.sections}]
    if missing:
        out.paragraphs.append(
            Paragraph(
                [
                    Sentence(
                        f"Over {join_names([m.lower() for m in missing])} bevatten de documenten "
                        "geen passage die vooral over dat thema gaat."
                    )
                ]
            )
        )
    return out


def _theme(
    kennisbank: Any, theme: str, terms: list[tuple[str, ...]], themes: dict[str, Any], note: int
) -> Section | None:
    words = " ".join(" ".join(t) for t in terms[:6])
    hits = kennisbank.search(words, theme=theme, limit=40)
    own = [h for h in hits if dominant_theme(h.text, themes)[0] == theme]
    if not own:
        return None
    documents = Counter(h.document["title"] for h in own)
    concepts = Counter(c for h in own for c in h.concepts)
    title = THEMES[theme]
    text = (
        f"{capital(number_word(len(own)))} {'passage' if len(own) == 1 else 'passages'} in "
        f"{number_word(len(documents))} {'document' if len(documents) == 1 else 'documenten'} "
        f"gaan vooral over dit thema, de meeste in “{documents.most_common(1)[0][0]}”."
    )
    if concepts:
        text += (
            " Begrippen die daarbij terugkomen: "
            + join_names([c for c, _ in concepts.most_common(3)])
            + "."
        )
    section = Section(title, [Sentence(text, note)])
    for hit in own:
        cut = excerpt(hit.text, terms)
        if cut is not None:
            where = f"p. {hit.page}" if hit.page else (hit.heading or "")
            section.quotes.append(
                Quote(title, cut, hit.document["title"], hit.document["year"], where)
            )
            break
    return section
