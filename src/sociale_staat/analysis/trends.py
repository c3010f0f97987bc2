"""An indicator over the years: the focus, the median of its peers and Nederland.

Computed once here, with the benchmark's rule for when the peers count (`enough_peers`); charts,
tables and downloads all read the resulting `Trend`.
"""

import statistics

from sociale_staat.analysis.results import IndicatorBenchmark, Trend, TrendPoint, enough_peers
from sociale_staat.warehouse.records import Cell

YEARS_SHOWN = 20  # a long national series would crowd out the years that matter here
MIN_FOCUS_YEARS = 3  # fewer points are no trend


def trend(item: IndicatorBenchmark, series: list[Cell]) -> Trend | None:
    """The trend of `item` from the yearly cells of its focus, peers and NL (other cells are
    ignored); None when the focus has too few years for a line."""
    focus = item.focus
    if focus is None:
        return None
    peers = {c.area for c in item.peers}
    mine: dict[int, float] = {}
    national: dict[int, float] = {}
    by_year: dict[int, list[float]] = {}
    for cell in series:
        if cell.value is None or cell.indicator != item.id:
            continue
        if cell.region_code == focus.area:
            mine[cell.period] = cell.value
        elif cell.region_code == "NL":
            national[cell.period] = cell.value
        elif cell.region_code in peers:
            by_year.setdefault(cell.period, []).append(cell.value)
    medians = {
        year: statistics.median(values)
        for year, values in by_year.items()
        if enough_peers(len(values), len(peers))
    }
    start = (item.period or 0) - YEARS_SHOWN
    years = sorted(y for y in {*mine, *national, *medians} if y >= start)
    if sum(1 for y in years if y in mine) < MIN_FOCUS_YEARS:
        return None
    points = tuple(
        TrendPoint(y, mine.get(y), medians.get(y), national.get(y)) for y in years
    )
    return Trend(item.indicator, focus.name, points)
