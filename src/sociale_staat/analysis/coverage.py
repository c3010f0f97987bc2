"""Coverage of the benchmark: per theme, area (focus, peers, Nederland) and year, how many of the
theme's indicators have a value. The CLI's `data status` prints it; the computation lives here.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sociale_staat.analysis.peers import PeerGroup
from sociale_staat.declarations.catalogue import THEMES
from sociale_staat.warehouse.queries import Warehouse


@dataclass(frozen=True)
class Area:
    code: str
    name: str


@dataclass
class ThemeCoverage:
    """One theme: for every area and year, the number of indicators with a value."""

    theme: str
    title: str
    indicators: int  # indicators of the theme with a source in the bundle
    unavailable: int  # declared without a source ("niet in bundel")
    filled: dict[str, dict[int, int]] = field(default_factory=dict)  # area -> year -> count

    def share(self, area: str, year: int) -> float:
        """Fraction of the theme's indicators with a value for this area and year."""
        if not self.indicators:
            return 0.0
        return self.filled.get(area, {}).get(year, 0) / self.indicators


@dataclass
class BenchmarkCoverage:
    group: str
    areas: list[Area]
    years: list[int]
    themes: list[ThemeCoverage]

    def as_dict(self) -> dict[str, object]:
        return {
            "group": self.group,
            "areas": [{"code": a.code, "name": a.name} for a in self.areas],
            "years": self.years,
            "themes": [
                {
                    "theme": t.theme,
                    "title": t.title,
                    "indicators": t.indicators,
                    "unavailable": t.unavailable,
                    "filled": {a: {str(y): n for y, n in ys.items()} for a, ys in t.filled.items()},
                }
                for t in self.themes
            ],
        }


def coverage(warehouse: Warehouse, group: PeerGroup, first_year: int = 2015) -> BenchmarkCoverage:
    """Count the values per theme × area × year for the group's focus, peers and Nederland."""
    areas = [
        Area(group.focus.code, group.focus.name),
        *(Area(m.code, m.name) for m in group.members),
        Area("NL", "Nederland"),
    ]
    indicators = [i for i in warehouse.indicators() if "gemeente" in i.levels]
    theme_of = {i.id: i.theme for i in indicators}
    counts: dict[str, dict[str, dict[int, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    years: set[int] = set()
    for row in warehouse.series([a.code for a in areas], list(theme_of)):
        if row.value is None or row.period < first_year:
            continue
        counts[theme_of[row.indicator]][row.region_code][row.period] += 1
        years.add(row.period)
    themes = []
    for theme, title in THEMES.items():
        own = [i for i in indicators if i.theme == theme]
        with_source = [i for i in own if not i.unavailable]
        filled = {a: dict(ys) for a, ys in counts.get(theme, {}).items()}
        themes.append(
            ThemeCoverage(theme, title, len(with_source), len(own) - len(with_source), filled)
        )
    return BenchmarkCoverage(group.name, areas, sorted(years), themes)
