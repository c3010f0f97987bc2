"""Snippets: the part of a passage around the words that matched a search.

A snippet is cut at word boundaries only (never inside a word or a hyphenated compound), starts
at the beginning of a sentence where one is close, and marks the matching words without their
punctuation. It comes as segments (text, matched?), so every page can escape the text and mark
the matches in its own way.
"""

import re

from sociale_staat.core.text import stem, tokens

SNIPPET_CHARS = 240  # about two lines of a result list
ELLIPSIS = "…"
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?$")
_EDGES = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)

Segment = tuple[str, bool]


def snippet_segments(
    text: str, wanted: set[str], width: int = SNIPPET_CHARS, stemmed: str = ""
) -> list[Segment]:
    """At most `width` characters of whole words around the densest run of matches.

    `stemmed` is the text's stems as the kennisbank indexed them (`stems(text)`, joined by
    spaces): with it no word is stemmed again, which was most of a cold search's time."""
    words = text.split()
    if not words:
        return []
    known = _known_stems(text, stemmed)
    marks = [any((known.get(t) or stem(t)) in wanted for t in tokens(w)) for w in words]
    start, end = _window(words, marks, width)
    segments: list[Segment] = [(ELLIPSIS + " ", False)] if start else []
    for i in range(start, end):
        space = " " if i < end - 1 else ""
        if marks[i]:
            match = _EDGES.match(words[i])
            lead, core, tail = match.groups() if match else ("", words[i], "")
            segments += [(lead, False), (core, True), (tail + space, False)]
        else:
            segments.append((words[i] + space, False))
    if end < len(words):
        segments.append((" " + ELLIPSIS, False))
    return _merged(segments)


def snippet(text: str, wanted: set[str], width: int = SNIPPET_CHARS) -> str:
    """The snippet as plain text with matches marked **like this** (command line, JSON)."""
    return as_text(snippet_segments(text, wanted, width))


def as_text(segments: list[Segment]) -> str:
    return "".join(f"**{t}**" if hit else t for t, hit in segments)


def _known_stems(text: str, stemmed: str) -> dict[str, str]:
    """token -> stem from the indexed stems, when they line up with the text's tokens."""
    if not stemmed:
        return {}
    found, given = tokens(text), stemmed.split(" ")
    return dict(zip(found, given, strict=True)) if len(found) == len(given) else {}


def _window(words: list[str], marks: list[bool], width: int) -> tuple[int, int]:
    """(start, end) of the words shown: most matches first, then a start at a sentence
    beginning, then the earliest; the end pulled back to a sentence end if that loses no match.

    One pass with two pointers and running sums (a window's end never moves back when its
    start moves on): a long passage took ~10 ms per snippet when every start counted anew."""
    n = len(words)
    chars, hits = [0], [0]  # prefix sums of word lengths and of matches
    for word, mark in zip(words, marks, strict=True):
        chars.append(chars[-1] + len(word))
        hits.append(hits[-1] + mark)
    ends_sentence = [bool(_SENTENCE_END.search(w)) for w in words]
    best: tuple[int, bool, int] | None = None
    chosen = (0, 0)
    end = 0
    for start in range(n):
        end = max(end, start)
        # words[start:end + 1] joined by single spaces still fits
        while end < n and chars[end + 1] - chars[start] + (end - start) <= width:
            end += 1
        shown = max(end, start + 1)  # a word longer than the width is shown whole
        key = (hits[shown] - hits[start], start == 0 or ends_sentence[start - 1], -start)
        if best is None or key > best:
            best, chosen = key, (start, shown)
    start, shown = chosen
    if shown < n:
        last_mark = max((i for i in range(start, shown) if marks[i]), default=start)
        for i in range(shown - 1, last_mark, -1):
            if ends_sentence[i] and i - start >= 8:
                return start, i + 1
    return start, shown


def _merged(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for text, hit in segments:
        if not text:
            continue
        if out and out[-1][1] == hit and not hit:
            out[-1] = (out[-1][0] + text, False)
        else:
            out.append((text, hit))
    return out
