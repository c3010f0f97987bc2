"""The buurt map on an indicator page: which buurten are drawn, with their numbers, and the
spec of the map; only for a gemeente whose buurt boundaries are declared (buurtgrenzen.yml)."""

from typing import Any

from sociale_staat.analysis.neighbourhoods import Neighbourhoods
from sociale_staat.render import maps
from sociale_staat.render.buurtkaart import NumberedArea, buurt_map, numbered


def _usable(hoods: Neighbourhoods | None, indicator: str) -> dict[str, Any] | None:
    if hoods is None or indicator not in hoods.indicators:
        return None
    if not any(
        indicator in a.values and a.values[indicator].value is not None
        for a in hoods.level("buurt")
    ):
        return None
    return maps.buurt_boundaries_for(hoods.gemeente.code)


def buurt_list(hoods: Neighbourhoods | None, indicator: str) -> list[NumberedArea]:
    """The numbered buurten of the map, empty when there is no buurt map."""
    shapes = _usable(hoods, indicator)
    return numbered(hoods, indicator, shapes) if hoods is not None and shapes else []


def buurt_spec(hoods: Neighbourhoods | None, indicator: str) -> dict[str, Any] | None:
    shapes = _usable(hoods, indicator)
    return buurt_map(hoods, indicator, shapes) if hoods is not None and shapes else None
