"""What the page templates show beside the numbers, worked out once here instead of in Jinja:
whether a figure is favourable (with a word, not only a colour), how many benchmarkgemeenten a
median really stands on, and gap reasons said once per table (rows sharing a reason grouped).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sociale_staat.analysis.results import IndicatorBenchmark
from sociale_staat.report.notes import reader_words


@dataclass(frozen=True)
class Verdict:
    """Favourable, unfavourable or neither, against the median of the benchmarkgemeenten (or
    Nederland when there is no median); `tone` names the CSS class, `word` what a reader reads."""

    tone: str
    word: str


GUNSTIG = Verdict("gunstig", "gunstig")
ONGUNSTIG = Verdict("ongunstig", "ongunstig")
NEUTRAAL = Verdict("neutraal", "geen oordeel")
GELIJK = Verdict("neutraal", "gemiddeld")


def verdict(item: IndicatorBenchmark) -> Verdict:
    """By the indicator's declared polarity; a neutral indicator never gets a judgement."""
    polarity = item.indicator.polarity
    diff = item.diff_peer_median if item.diff_peer_median is not None else item.diff_nl
    if polarity == "neutraal" or diff is None:
        return NEUTRAAL
    if abs(diff) < 10.0 ** -(item.indicator.decimals + 1):
        return GELIJK
    better = diff > 0 if polarity == "hoger_is_beter" else diff < 0
    return GUNSTIG if better else ONGUNSTIG


def reporting(item: IndicatorBenchmark) -> int:
    """Benchmarkgemeenten with a value in the indicator's year: what its median stands on."""
    return sum(1 for c in item.peers if c.value is not None)


@dataclass(frozen=True)
class PeerCount:
    """What the theme table's caption says about the median: the same number for every row
    (`same`), or none and a count per row."""

    same: int | None
    members: int


def peer_count(items: Sequence[IndicatorBenchmark], members: int) -> PeerCount:
    counts = {reporting(i) for i in items if i.peer_median is not None}
    return PeerCount(counts.pop() if len(counts) == 1 else None, members)


@dataclass(frozen=True)
class Note:
    """One gap reason, said once below a table, with the rows it applies to."""

    number: int
    reason: str
    names: tuple[str, ...]


def gap_notes(rows: Iterable[tuple[str, str | None]]) -> tuple[list[Note], dict[str, int]]:
    """(name, reason) per row -> the notes, one per distinct reason in order of first
    appearance, and for each row with a reason the number of its note. Reasons are said in
    reader words (no pipeline words such as 'bundel')."""
    order: dict[str, list[str]] = {}
    for name, reason in rows:
        if reason:
            order.setdefault(reader_words(reason), []).append(name)
    notes = [Note(n, reason, tuple(names)) for n, (reason, names) in enumerate(order.items(), 1)]
    number = {name: note.number for note in notes for name in note.names}
    return notes, number
