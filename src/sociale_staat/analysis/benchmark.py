"""The benchmark: the focus gemeente against its peers and Nederland, per indicator and theme.

Rank respects polarity; margins (where the source has them) decide whether a difference with
Nederland is clear; every gap says which area lacks data and why.
"""

import statistics
from typing import assert_never

from sociale_staat.analysis import quality as rules
from sociale_staat.analysis.narrative import Narrator
from sociale_staat.analysis.peers import PeerGroup
from sociale_staat.analysis.results import (
    AreaValue,
    Benchmark,
    IndicatorBenchmark,
    Ref,
    Sentence,
)
from sociale_staat.warehouse import reasons
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.warehouse.records import Area, Cell, Indicator, Polarity, rank_basis


def run(
    warehouse: Warehouse,
    group: PeerGroup,
    *,
    theme: str | None = None,
    period: int | None = None,
    since: int | None = None,
) -> Benchmark:
    """Benchmark every catalogue indicator (of one theme) for the group's focus."""
    indicators = [i for i in warehouse.indicators(theme) if "gemeente" in i.levels]
    focus = group.focus
    areas = [focus.code, "NL", *group.codes]
    names = {focus.code: focus.name, "NL": "Nederland"} | {m.code: m.name for m in group.members}
    cells: dict[tuple[str, str], dict[int, Cell]] = {}
    for row in warehouse.series(areas, [i.id for i in indicators]):
        cells.setdefault((row.indicator, row.region_code), {})[row.period] = row
    narrator = Narrator(focus.name, len(group.members) + 1)
    items = []
    for ind in indicators:
        item = _one(warehouse, ind, focus, group, names, cells, period, since)
        item.sentences = narrator.describe(item) + _quality_sentences(item)
        items.append(item)
    return Benchmark(group, items, warehouse.sources())


def _one(
    warehouse: Warehouse,
    ind: Indicator,
    focus: Area,
    group: PeerGroup,
    names: dict[str, str],
    cells: dict[tuple[str, str], dict[int, Cell]],
    period: int | None,
    since: int | None,
) -> IndicatorBenchmark:
    mine = cells.get((ind.id, focus.code), {})
    years = sorted(y for y, r in mine.items() if r.value is not None)
    own = {code: cells.get((ind.id, code), {}) for code in [focus.code, *group.codes]}
    chosen = period if period is not None else rules.default_year(years, group.codes, own)
    if chosen is None:
        reason = (
            reasons.unavailable(ind.unavailable)
            if ind.unavailable
            else f"geen waarde voor {focus.name} in de gebruikte cijfers"
        )
        empty = AreaValue(focus.code, focus.name, 0, None, reason=reason)
        return IndicatorBenchmark(ind, None, empty, None, [], quality=_declared_quality(ind))

    def cell(code: str, year: int) -> AreaValue:
        row = cells.get((ind.id, code), {}).get(year)
        if row is not None and row.value is not None:
            return AreaValue(
                code, names[code], year, row.value, row.lower, row.upper, row.status, row.table_id
            )
        region = Area(code, names[code], "nederland" if code == "NL" else "gemeente")
        return AreaValue(
            code,
            names[code],
            year,
            None,
            status=row.status if row else "ontbreekt",
            table_id=row.table_id if row else None,
            reason=warehouse.why_missing(ind, region, year, row),
        )

    item = IndicatorBenchmark(
        ind,
        chosen,
        cell(focus.code, chosen),
        cell("NL", chosen),
        [cell(m.code, chosen) for m in group.members],
    )
    _rank(item)
    _compare(item)
    checks = _quality(item, ind, focus.code, group.codes, own)
    start, checks.breuk_in_trend = rules.safe_start(
        years, _since_year(years, chosen, since), chosen, checks.breuken
    )
    checks.trend_vanaf = start if checks.breuk_in_trend else None
    if start is not None and item.focus and item.focus.value is not None:
        item.since = cell(focus.code, start)
        if item.since.value is not None:
            item.change = item.focus.value - item.since.value
    item.score = 0.0 if checks.out_of_summary else _score(item)
    return item


def _declared_quality(ind: Indicator) -> rules.Quality:
    """What the catalogue declares: breaks, kind of figure and the alternative indicator."""
    return rules.Quality(
        breuken=rules.breaks_of(ind),
        meetwijze=ind.meetwijze,
        meetwijze_toelichting=ind.meetwijze_toelichting,
        alternatief=ind.alternatief,
    )


def _quality(
    item: IndicatorBenchmark, ind: Indicator, focus: str, peers: list[str], own: rules.Cells
) -> rules.Quality:
    """Apply the quality rules: a verouderd year is not ranked, a flagged change not scored."""
    checks = item.quality = _declared_quality(ind)
    assert item.period is not None
    if rules.is_stale(item.period, ind.last_period):
        checks.verouderd = True
        checks.verouderd_reden = (
            f"de cijfers zijn van {item.period}, de nieuwste periode van deze indicator is "
            f"{ind.last_period}"
        )
        newer = [p for p in peers if _has(own, p, ind.last_period)]
        if len(newer) < len(peers):  # why the newer year is not the benchmark's
            who = f"hebben maar {len(newer)}" if len(newer) > 1 else f"heeft {len(newer) or 'geen'}"
            checks.verouderd_reden += (
                f", maar daarover {who} van de {len(peers)} benchmarkgemeenten een cijfer"
            )
        item.rank, item.n, item.rank_basis = None, 0, "verouderd: niet gerangschikt"
    have = sum(1 for c in item.peers if c.value is not None)
    if 2 * have < len(item.peers):
        who = "geen" if have == 0 else f"maar {have}"
        verb = "hebben" if have > 1 else "heeft"
        checks.te_weinig_peers = (
            f"{who} van de {len(item.peers)} benchmarkgemeenten {verb} een cijfer over "
            f"{item.period}"
        )
        item.rank, item.n = None, 0
        item.rank_basis = "te weinig benchmarkgemeenten: niet gerangschikt"
    checks.plausibiliteit = rules.plausibility(focus, peers, own, item.period)
    return checks


def _has(cells: rules.Cells, area: str, year: int | None) -> bool:
    row = cells.get(area, {}).get(year) if year is not None else None
    return row is not None and row.value is not None


def _quality_sentences(item: IndicatorBenchmark) -> list[Sentence]:
    """The quality notes as sentences, each number traced to a quality ref."""
    return [
        Sentence(text, shape, tuple(Ref("kwaliteit", item.id, **ref) for ref in refs))
        for shape, text, refs in rules.sentences(item.quality, item.indicator)
    ]


def _rank(item: IndicatorBenchmark) -> None:
    if item.focus is None or item.focus.value is None:
        return
    ordered = item.value_order()
    polarity = item.indicator.polarity
    if polarity == "lager_is_beter":
        ordered.reverse()
    item.rank_basis = rank_basis(polarity)
    item.n = len(ordered)
    # Competition ranking: equal values share a place.
    item.rank = 1 + sum(1 for c in ordered if _better(c.value, item.focus.value, polarity))
    peers = [c.value for c in item.peers if c.value is not None]
    if peers:
        item.peer_median = statistics.median(peers)
        item.peer_min, item.peer_max = min(peers), max(peers)
        item.diff_peer_median = item.focus.value - item.peer_median


def _better(value: float | None, than: float, polarity: Polarity) -> bool:
    assert value is not None
    match polarity:
        case "lager_is_beter":
            return value < than
        case "hoger_is_beter" | "neutraal":
            return value > than
        case _:
            assert_never(polarity)


def _compare(item: IndicatorBenchmark) -> None:
    """Difference with Nederland; with margins, say whether the 95%-intervals separate."""
    f, nl = item.focus, item.nederland
    if f is None or nl is None or f.value is None or nl.value is None:
        return
    item.diff_nl = f.value - nl.value
    decimals = item.indicator.decimals
    if round(f.value, decimals) == round(nl.value, decimals):
        item.nl_difference = "gelijk"
    elif f.lower is not None and f.upper is not None:
        nl_low = nl.lower if nl.lower is not None else nl.value
        nl_high = nl.upper if nl.upper is not None else nl.value
        overlap = f.lower <= nl_high and nl_low <= f.upper
        item.nl_difference = (
            "niet significant" if overlap else ("hoger" if item.diff_nl > 0 else "lager")
        )
    else:
        item.nl_difference = "hoger" if item.diff_nl > 0 else "lager"


def _since_year(years: list[int], period: int, since: int | None) -> int | None:
    if since is not None:
        return since if since < period else None
    earlier = [y for y in years if y <= period - 5] or [y for y in years if y < period]
    return earlier[-1] if earlier else None


def _score(item: IndicatorBenchmark) -> float:
    """How unusual the focus is: distance from the peer median in peer spreads, an extreme
    rank, and the size of the change; differences that are not clear count half."""
    f = item.focus
    if f is None or f.value is None or item.peer_median is None or item.n < 3:
        return 0.0
    peers = [c.value for c in item.peers if c.value is not None]
    spread = statistics.median(abs(v - item.peer_median) for v in peers) * 1.4826
    spread = spread or (max(peers) - min(peers)) / 2 or abs(item.peer_median) * 0.05 or 1.0
    score = min(abs(f.value - item.peer_median) / spread, 5.0)
    if item.rank in (1, item.n):
        score += 1.0
    if (
        item.peer_min is not None
        and item.peer_max is not None
        and not (item.peer_min <= f.value <= item.peer_max)
    ):
        score += 0.5
    if item.change is not None and item.since and item.since.value:
        score += min(abs(item.change / item.since.value) * 5, 1.0)
    if item.nl_difference == "niet significant":
        score *= 0.5
    return score
