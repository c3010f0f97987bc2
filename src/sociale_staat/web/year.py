"""The year and peer group a reader picks on an indicator page (a GET form, no JavaScript):
the years offered are those in which gemeenten have a value; the groups are the declared ones."""

from typing import Any

from sociale_staat.analysis.results import Benchmark, IndicatorBenchmark
from sociale_staat.web.choice import group_titles
from sociale_staat.web.http import BadRequest
from sociale_staat.web.site import Site


def years_of(site: Site, indicator: str) -> list[int]:
    """Years in which at least one gemeente has a value of the indicator, oldest first."""
    return site.cache.get(("years", indicator), lambda: site.db().years_with_values(indicator))


def choose_year(site: Site, b: Benchmark, indicator: str, jaar: int | None) -> IndicatorBenchmark:
    """The indicator's benchmark in the chosen year; a year without gemeente values is a 400
    that names the years there are."""
    item = site.item(b, indicator)
    if jaar is None:
        return item
    years = years_of(site, indicator)
    if jaar not in years:
        shown = f"{years[0]}–{years[-1]}" if years else "geen"
        raise BadRequest(
            f"geen gemeentewaarden voor '{item.indicator.title}' in {jaar} (jaren: {shown})"
        )
    return site.item_in_year(b, indicator, jaar)


def choice_context(
    site: Site, b: Benchmark, item: IndicatorBenchmark, jaar: int | None
) -> dict[str, Any]:
    """What the choice form needs, and the page's query string with the chosen year kept."""
    qs = f"focus={b.group.focus.code}&groep={b.group.name}"
    return {
        "qs": f"{qs}&jaar={jaar}" if jaar is not None else qs,
        "years": sorted(years_of(site, item.id), reverse=True),
        "chosen_year": item.period,
        "group_options": group_titles(),
    }
