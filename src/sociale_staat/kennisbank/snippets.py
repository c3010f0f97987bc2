"""Snippets: the part of a passage around the words that matched a search.

A snippet is cut at word boundaries only (never inside a word or a hyphenated compound), starts
at the beginning of a sentence where one is close, and marks the matching words without their
punctuation. It comes as segments (text, matched?), so every page can escape the text and mark
the matches in its own way.
"""

import re

from sociale_staat.core.text import stems

SNIPPET_CHARS = 240  # about two lines of a result list
ELLIPSIS = "…"
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?$")
_EDGES = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)

Segment = tuple[str, bool]


def snippet_segments(text: str, wanted: set[str], width: int = SNIPPET_CHARS) -> list[Segment]:
    """At most `width` characters of whole words around the densest run of matches."""
    words = text.split()
    if not words:
        return []
    marks = [bool(set(stems(w)) & wanted) for w in words]
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
    return "".join(f"**{t}**" if hit else t for t, hit in snippet_segments(text, wanted, width))


def _window(words: list[str], marks: list[bool], width: int) -> tuple[int, int]:
    """(start, end) of the words shown: most matches first, then a start at a sentence
    beginning, then the earliest; the end pulled back to a sentence end if that loses no match."""
    best: tuple[int, bool, int] | None = None
    chosen = (0, 0)
    for start in range(len(words)):
        end, used = start, 0
        while end < len(words) and (used + len(words[end]) + (end > start)) <= width:
            used += len(words[end]) + (end > start)
            end += 1
        end = max(end, start + 1)  # a word longer than the width is shown whole
        sentence_start = start == 0 or bool(_SENTENCE_END.search(words[start - 1]))
        key = (sum(marks[start:end]), sentence_start, -start)
        if best is None or key > best:
            best, chosen = key, (start, end)
    start, end = chosen
    if end < len(words):
        last_mark = max((i for i in range(start, end) if marks[i]), default=start)
        for i in range(end - 1, last_mark, -1):
            if _SENTENCE_END.search(words[i]) and i - start >= 8:
                return start, i + 1
    return start, end


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
