"""Sentences of the English pages, written from the same benchmark numbers as the Dutch ones
(analysis/narrative writes Dutch prose whose noun phrases are Dutch; English needs its own
shapes). The main shapes: where the focus stands among its benchmarkgemeenten, against
Nederland, its change over the years (only where the Dutch text says one), and which areas
have no figure. Numbers are written the English way (4.9, 12,300).
"""

from sociale_staat.analysis.results import IndicatorBenchmark
from sociale_staat.report.notes import reader_words


def number(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def title(item: IndicatorBenchmark, titles: dict[str, str]) -> str:
    return titles.get(item.id, item.indicator.title)


def value(item: IndicatorBenchmark, amount: float) -> str:
    text = number(amount, item.indicator.decimals)
    return text + "%" if item.indicator.unit.startswith("procent") else text


def describe(item: IndicatorBenchmark, titles: dict[str, str], gaps: bool = True) -> list[str]:
    """The English sentences for one indicator, in the order of the Dutch ones; `gaps=False`
    leaves out what has no figure."""
    name = title(item, titles)
    focus = item.focus
    where = focus.name if focus is not None else "the focus municipality"
    if focus is None or focus.value is None:
        return [f"For {where}, {name.lower()} is not available."] if gaps else []
    out = [position(item, name)]
    nl = item.nederland
    if nl is not None and nl.value is not None and item.diff_nl is not None:
        side = "above" if item.diff_nl > 0 else "below" if item.diff_nl < 0 else "equal to"
        out.append(f"Nationally the figure is {value(item, nl.value)}; {where} is {side} it.")
    change = _change(item)
    if change:
        out.append(change)
    missing = [c.name for c in item.missing]
    if missing and gaps:
        out.append(f"No figure for {', '.join(missing)} in {item.period}.")
    return out


def _change(item: IndicatorBenchmark) -> str:
    """Said only where the Dutch text says it (same quality rules: not across a break)."""
    shapes = {s.shape for s in item.sentences}
    since, focus = item.since, item.focus
    if since is None or since.value is None or focus is None or focus.value is None:
        return ""
    if "stabiel" in shapes:
        return f"Since {since.period} it has stayed about the same."
    if "ontwikkeling" not in shapes or item.change is None:
        return ""
    verb = "risen" if item.change > 0 else "fallen"
    then, now = value(item, since.value), value(item, focus.value)
    return f"Since {since.period} it has {verb} from {then} to {now}."


def position(item: IndicatorBenchmark, name: str) -> str:
    focus = item.focus
    assert focus is not None and focus.value is not None
    peers = [c.value for c in item.peers if c.value is not None]
    head = f"{name} in {focus.name}: {value(item, focus.value)} ({focus.period})"
    if len(peers) < 2:
        return head + "."
    group = f"the {len(peers)} benchmark municipalities with data"
    if all(p < focus.value for p in peers):
        return f"{head}, higher than in all of {group}."
    if all(p > focus.value for p in peers):
        return f"{head}, lower than in all of {group}."
    median = f"{value(item, item.peer_median)}" if item.peer_median is not None else "–"
    return f"{head}; the median of {group} is {median}."


def said(
    item: IndicatorBenchmark, lang: str, titles: dict[str, str], gaps: bool = True
) -> list[str]:
    """The sentences about one indicator in the page's language: the analysis's Dutch ones (in
    reader words), or the English shapes; `gaps=False` leaves out the sentences about missing
    figures (a table beside them says those)."""
    if lang == "en":
        return describe(item, titles, gaps)
    return [reader_words(s.text) for s in item.sentences if gaps or s.shape != "ontbreekt"]
