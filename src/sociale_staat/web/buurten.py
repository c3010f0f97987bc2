"""The buurt maps on an indicator page: which buurten are drawn, with their numbers, one map
per stadsdeel, and the spec of each map; only for a gemeente whose buurt boundaries are
declared (buurtgrenzen.yml)."""

from dataclasses import dataclass
from typing import Any

from sociale_staat.analysis.neighbourhoods import Neighbourhoods
from sociale_staat.render import maps
from sociale_staat.render.buurtkaart import (
    LegendEntry,
    NumberedArea,
    buurt_map,
    crowded,
    legend,
    numbered,
    parts,
)


@dataclass(frozen=True)
class BuurtMaps:
    areas: list[NumberedArea]  # every buurt on the maps, numbered as on the maps
    parts: list[str]  # the stadsdelen, one map each; empty: one map of the gemeente
    legend: list[LegendEntry]

    def numbers(self, part: str | None) -> tuple[int, int]:
        """The first and last buurt number on the map of `part` (None: all)."""
        own = [a.number for a in self.areas if part in (None, a.stadsdeel)]
        return own[0], own[-1]

    def crowded(self, part: str | None) -> bool:
        """Drawn twice as large, scrolling sideways on a phone (render/buurtkaart.py)."""
        first, last = self.numbers(part)
        return crowded(last - first + 1)


def _usable(hoods: Neighbourhoods | None, indicator: str) -> dict[str, Any] | None:
    if hoods is None or indicator not in hoods.indicators:
        return None
    if not any(
        indicator in a.values and a.values[indicator].value is not None
        for a in hoods.level("buurt")
    ):
        return None
    return maps.buurt_boundaries_for(hoods.gemeente.code)


def buurt_maps(hoods: Neighbourhoods | None, indicator: str) -> BuurtMaps | None:
    """What the page shows of the buurt maps; None when there is no buurt map."""
    shapes = _usable(hoods, indicator)
    if hoods is None or not shapes:
        return None
    areas = numbered(hoods, indicator, shapes)
    return BuurtMaps(areas, parts(areas), legend(hoods, indicator, shapes))


def buurt_spec(
    hoods: Neighbourhoods | None, indicator: str, part: str | None
) -> dict[str, Any] | None:
    """The map of one stadsdeel (None: of the whole gemeente); None for a stadsdeel that has
    no map (an unknown name is looked up, never used otherwise)."""
    shapes = _usable(hoods, indicator)
    if hoods is None or not shapes:
        return None
    areas = numbered(hoods, indicator, shapes)
    if part is not None and part not in parts(areas):
        return None
    return buurt_map(hoods, indicator, shapes, areas, part)
