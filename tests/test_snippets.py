"""The snippet window, checked against the plain definition it replaced: for every start, the
words that fit; most matches, then a sentence start, then the earliest."""

import random
import re

from sociale_staat.core.text import stems
from sociale_staat.kennisbank.snippets import _window, snippet_segments

_END = re.compile(r"[.!?][\"'”’)]?$")


def _reference(words: list[str], marks: list[bool], width: int) -> tuple[int, int]:
    best: tuple[int, bool, int] | None = None
    chosen = (0, 0)
    for start in range(len(words)):
        end, used = start, 0
        while end < len(words) and used + len(words[end]) + (end > start) <= width:
            used += len(words[end]) + (end > start)
            end += 1
        end = max(end, start + 1)
        key = (sum(marks[start:end]), start == 0 or bool(_END.search(words[start - 1])), -start)
        if best is None or key > best:
            best, chosen = key, (start, end)
    start, end = chosen
    if end < len(words):
        last = max((i for i in range(start, end) if marks[i]), default=start)
        for i in range(end - 1, last, -1):
            if _END.search(words[i]) and i - start >= 8:
                return start, i + 1
    return start, end


def test_window_is_the_plain_definition_on_random_passages() -> None:
    rng = random.Random(14)
    vocabulary = ["de", "armoede.", "Almere", "jongeren,", "zorg!", "wijk?", "(zie)", "x.”",
                  "inkomen", "a", "langgerektesamenstelling" * 12]  # fmt: skip
    for _ in range(3000):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(1, 90))]
        marks = [rng.random() < 0.15 for _ in words]
        width = rng.choice([5, 30, 80, 240])
        assert _window(words, marks, width) == _reference(words, marks, width)


def test_indexed_stems_give_the_same_snippet_and_misaligned_ones_are_ignored() -> None:
    text = "Praktijkgericht onderwijs in Almere: de mbo-opleidingen groeien. Onderwijs telt."
    stemmed = " ".join(stems(text))
    fresh = snippet_segments(text, {"onderwijs"})
    assert snippet_segments(text, {"onderwijs"}, stemmed=stemmed) == fresh
    assert [t for t, hit in fresh if hit] == ["onderwijs", "Onderwijs"]
    # Stems of another text (a passage changed after indexing) are not used.
    assert snippet_segments(text, {"onderwijs"}, stemmed="iets anders") == fresh
