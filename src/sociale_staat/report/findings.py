"""Which benchmark results are strengths, which are concerns, and one sentence for each.

A result is judged against the median of the benchmarkgemeenten, in the direction the catalogue
declares (polarity); indicators without a direction describe the population and are listed as
characteristics. The striking-findings score of the benchmark decides the order.
"""

from dataclasses import dataclass
from typing import Literal

from sociale_staat.analysis.narrative import capital, is_class, unit_words
from sociale_staat.analysis.results import AreaValue, IndicatorBenchmark, Ref, RefKind
from sociale_staat.core.formatting import format_number, join_names, number_word
from sociale_staat.warehouse.records import Indicator

Side = Literal["sterk", "aandacht", "kenmerk"]
MIN_SCORE = 0.5  # below this a result is not striking enough for the summary


@dataclass
class Judged:
    item: IndicatorBenchmark
    side: Side

    @property
    def theme(self) -> str:
        return str(self.item.indicator.theme)


def judge(item: IndicatorBenchmark) -> Judged | None:
    """Strength, concern or characteristic; None without a comparison or a visible difference."""
    focus, median = item.focus, item.peer_median
    if focus is None or focus.value is None or median is None or item.n < 3:
        return None
    ind = item.indicator
    if _same(ind, focus.value, median):
        return None
    if is_class(ind) or ind.polarity == "neutraal":
        return Judged(item, "kenmerk")
    higher = focus.value > median
    good = higher if ind.polarity == "hoger_is_beter" else not higher
    return Judged(item, "sterk" if good else "aandacht")


def select(
    items: list[IndicatorBenchmark], themes: list[str], per_list: int = 6
) -> dict[Side, list[Judged]]:
    """The summary's lists: every theme with a judged result appears at least once (its most
    striking result), then the remaining places go to the highest scores."""
    judged = [j for j in (judge(i) for i in items) if j is not None]
    judged.sort(key=lambda j: -j.item.score)
    chosen: list[Judged] = []
    for theme in themes:
        best = next((j for j in judged if j.theme == theme), None)
        if best is not None:
            chosen.append(best)
    for j in judged:
        count = sum(1 for c in chosen if c.side == j.side)
        if j not in chosen and j.item.score >= MIN_SCORE and count < per_list:
            chosen.append(j)
    out: dict[Side, list[Judged]] = {"sterk": [], "aandacht": [], "kenmerk": []}
    for j in sorted(chosen, key=lambda j: -j.item.score):
        out[j.side].append(j)
    return out


def value(ind: Indicator, number: float) -> str:
    words, _ = unit_words(ind)
    text = format_number(number, ind.decimals)
    return f"{text} {words}" if words else text


def sentence(item: IndicatorBenchmark, focus: str) -> tuple[str, list[Ref]]:
    """One sentence on where the focus stands, shaped by what is notable about it."""
    ind, cell = item.indicator, item.focus
    assert cell is not None and cell.value is not None
    if is_class(ind):
        return _class_sentence(item, focus)
    peers = [c for c in item.peers if c.value is not None]
    higher = [c for c in peers if (c.value or 0) > cell.value]
    lower = [c for c in peers if (c.value or 0) < cell.value]
    refs = [ref(ind, cell)]
    x = value(ind, cell.value)
    group = _group(len(peers), len(item.peers))
    if not higher or not lower:
        word = "hoger" if not higher else "lager"
        text = f"{capital(ind.phrase)} is in {focus} met {x} {word} dan in {group}"
    elif len(higher) <= 2 or len(lower) <= 2:
        few = higher if len(higher) <= 2 else lower
        word = "hoger" if few is higher else "lager"
        refs += [ref(ind, c) for c in few]
        text = f"Alleen in {join_names([c.name for c in few])} is {ind.phrase} {word} dan in {focus} ({x})"
    else:
        assert item.peer_median is not None
        side = "boven" if cell.value > item.peer_median else "onder"
        text = (
            f"{capital(ind.phrase)} ligt in {focus} met {x} {side} de mediaan van de "
            f"benchmarkgemeenten ({value(ind, item.peer_median)})"
        )
        refs.append(derived(ind, "mediaan", item.peer_median, [c.area for c in peers]))
    national = _national(item, refs)
    if national and text.endswith(")"):  # "(4,8 procent; Nederland: 5,4 procent)", not ") ("
        national = "; " + national[2:]
        text = text[:-1]
    text += national + _change(item, refs) + "."
    return text, refs


def _group(with_data: int, members: int) -> str:
    if with_data == members:
        return f"alle {number_word(members)} benchmarkgemeenten"
    return f"alle {number_word(with_data)} benchmarkgemeenten met gegevens"


def _national(item: IndicatorBenchmark, refs: list[Ref]) -> str:
    nl, ind = item.nederland, item.indicator
    if nl is None or nl.value is None:
        return ""
    refs.append(ref(ind, nl))
    return f" (Nederland: {value(ind, nl.value)})"


def _change(item: IndicatorBenchmark, refs: list[Ref]) -> str:
    """A change over the years, only when it shows in the decimals the indicator has."""
    ind, since = item.indicator, item.since
    if since is None or since.value is None or item.change is None:
        return ""
    if format_number(abs(item.change), ind.decimals) == format_number(0, ind.decimals):
        return f"; sinds {since.period} is dat gelijk gebleven"
    refs.append(ref(ind, since))
    verb = "gestegen" if item.change > 0 else "gedaald"
    return f"; sinds {since.period} is dat {verb} van {value(ind, since.value)}"


def _class_sentence(item: IndicatorBenchmark, focus: str) -> tuple[str, list[Ref]]:
    """'Almere valt in klasse 1, net als acht van de twaalf benchmarkgemeenten.'"""
    ind, cell = item.indicator, item.focus
    assert cell is not None and cell.value is not None
    same = [c for c in item.peers if c.value == cell.value]
    refs = [ref(ind, cell), *[ref(ind, c) for c in same]]
    klass = format_number(cell.value, 0)
    label = str(ind.unit).partition("(")[2].rstrip(")")
    meaning = f" ({label})" if label else ""
    if not same:
        tail = "als enige van de vergeleken gemeenten"
    elif len(same) == len(item.peers):
        tail = f"net als alle {number_word(len(same))} benchmarkgemeenten"
    else:
        tail = f"net als {number_word(len(same))} van de {number_word(len(item.peers))} benchmarkgemeenten"
    text = f"{focus} valt bij {ind.phrase} in klasse {klass}{meaning}, {tail}."
    return text, refs


def _same(ind: Indicator, a: float, b: float) -> bool:
    return format_number(a, ind.decimals) == format_number(b, ind.decimals)


def ref(ind: Indicator, cell: AreaValue | None) -> Ref:
    """A reference to one stored value: enough to find it again in the warehouse."""
    assert cell is not None
    return Ref(
        "cel",
        ind.id,
        value=cell.value,
        decimals=ind.decimals,
        area=cell.area,
        name=cell.name,
        period=cell.period,
        table_id=cell.table_id,
    )


def derived(ind: Indicator, kind: RefKind, number: float, areas: list[str]) -> Ref:
    return Ref(kind, ind.id, value=number, decimals=ind.decimals, areas=tuple(areas))
