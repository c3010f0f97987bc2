"""Quality rules of the benchmark: freshness, series breaks and the plausibility guard.

- **Verouderd**: a year more than N years (setting `verouderd_jaren`) older than the indicator's
  latest period in the warehouse is never ranked against current values nor put in the summary.
- **Breuken**: declared per source table or indicator (`breuken:` year + what changed); a trend
  never crosses one without saying so, and a chart splits its line at a break or a missing year.
- **Plausibiliteit**: a year-on-year change of the focus far outside its peers' changes (robust
  z above the setting `plausibiliteit_z`) is flagged "controleer: mogelijke registratiebreuk" and
  kept out of the summary.
"""

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from typing import TypedDict

from sociale_staat.core import settings
from sociale_staat.core.formatting import format_number
from sociale_staat.warehouse.records import Cell, Indicator

# Cells of one indicator per area: area code -> year -> stored cell.
Cells = Mapping[str, Mapping[int, Cell]]

FLAG_TEXT = "controleer: mogelijke registratiebreuk"
MIN_PEERS_FOR_GUARD = 5  # fewer peer changes give no meaningful spread


@dataclass(frozen=True)
class SeriesBreak:
    """From `jaar` on the figures are not comparable with earlier ones."""

    jaar: int
    wat: str


@dataclass(frozen=True)
class PlausibilityFlag:
    """The focus's change from `previous` to `year` against the spread of its peers' changes."""

    year: int
    previous: int
    change_pct: float
    peer_median_pct: float
    robust_z: float
    threshold: float
    text: str = FLAG_TEXT


@dataclass
class Quality:
    """What the quality rules say about one indicator's benchmark."""

    verouderd: bool = False
    verouderd_reden: str = ""
    # Fewer than half of the peers have a value in the year: no rank, nothing in the summary.
    te_weinig_peers: str = ""
    breuken: list[SeriesBreak] = field(default_factory=list)
    breuk_in_trend: SeriesBreak | None = None  # the break that moved the 'sinds' year
    trend_vanaf: int | None = None  # the 'sinds' year after moving it past that break
    plausibiliteit: PlausibilityFlag | None = None
    meetwijze: str | None = None
    meetwijze_toelichting: str = ""
    alternatief: str | None = None

    @property
    def out_of_summary(self) -> bool:
        return self.verouderd or bool(self.te_weinig_peers) or self.plausibiliteit is not None

    def as_dict(self) -> dict[str, object]:
        return asdict(self) | {"buiten_samenvatting": self.out_of_summary}


def stale_years() -> int:
    return settings.get_int("verouderd_jaren")


def z_threshold() -> float:
    return float(settings.get("plausibiliteit_z"))


def breaks_of(indicator: Indicator) -> list[SeriesBreak]:
    """The declared breaks of an indicator (its own and its sources'), oldest first."""
    return [SeriesBreak(j, w) for j, w in sorted(set(indicator.breuken))]


def is_stale(year: int, latest: int | None, years: int | None = None) -> bool:
    """True when `year` is more than `years` older than the latest period.

    >>> is_stale(2015, 2025, 3), is_stale(2022, 2025, 3)
    (True, False)
    """
    limit = stale_years() if years is None else years
    return latest is not None and latest - year > limit


# A year is "nearly complete" when at most this share of the peers lacks a value (with twelve
# peers: none). It is the bar for an honest comparison.
NEARLY_COMPLETE = 0.05


def default_year(focus_years: Sequence[int], peers: Sequence[str], cells: Cells) -> int | None:
    """The benchmark's year: the latest year (nearly) every peer has a value, else the latest
    year at least half of them do, else the focus's latest year (its gaps then show).

    A complete year wins over a newer year that only part of the peers have: a comparison with
    peers left out is no comparison. When that complete year is more than N years older than the
    indicator's latest period the benchmark marks it verouderd (shown, not ranked) and the newer,
    partial year stays reachable with --period.
    """

    def missing(year: int) -> int:
        return sum(1 for p in peers if _value(cells, p, year) is None)

    complete = [y for y in focus_years if missing(y) <= NEARLY_COMPLETE * len(peers)]
    if complete:
        return complete[-1]
    half = [y for y in focus_years if 2 * missing(y) <= len(peers)]
    if half:
        return half[-1]
    return focus_years[-1] if focus_years else None


def safe_start(
    years: Sequence[int], start: int | None, end: int, breaks: Iterable[SeriesBreak]
) -> tuple[int | None, SeriesBreak | None]:
    """A trend's start year that does not cross a break: moved to the first year on or after
    the latest break in (start, end], or None when no such year is left. Returns the break too.

    >>> safe_start([2015, 2019, 2021, 2023], 2015, 2023, [SeriesBreak(2021, "VM")])
    (2021, SeriesBreak(jaar=2021, wat='VM'))
    """
    if start is None:
        return None, None
    crossed = [b for b in breaks if start < b.jaar <= end]
    if not crossed:
        return start, None
    last = crossed[-1]
    after = [y for y in years if last.jaar <= y < end]
    return (after[0] if after else None), last


def plausibility(
    focus: str, peers: Sequence[str], cells: Cells, year: int, threshold: float | None = None
) -> PlausibilityFlag | None:
    """Flag the focus's change into `year` when its robust z against the peers' changes over
    the same two years exceeds the threshold (median and MAD, so one odd peer cannot hide it)."""
    limit = z_threshold() if threshold is None else threshold
    previous = year - 1
    own = _change(cells, focus, previous, year)
    if own is None:
        return None
    changes = [c for p in peers if (c := _change(cells, p, previous, year)) is not None]
    if len(changes) < MIN_PEERS_FOR_GUARD:
        return None
    median = statistics.median(changes)
    mad = statistics.median(abs(c - median) for c in changes) * 1.4826
    # A floor on the spread: when peers barely move, a small wobble is not a break.
    spread = max(mad, 1.0)
    z = (own - median) / spread
    if abs(z) <= limit:
        return None
    return PlausibilityFlag(year, previous, round(own, 1), round(median, 1), round(z, 1), limit)


def segments(
    points: Sequence[tuple[int, float | None]], breaks: Iterable[SeriesBreak]
) -> list[list[tuple[int, float]]]:
    """A series split where a line must not be drawn: at a break, and at a missing year (a gap
    wider than the series' usual step, so a survey every four years stays one line).

    >>> segments([(2019, 1.0), (2020, 2.0), (2022, 3.0), (2023, 4.0)], [SeriesBreak(2023, "x")])
    [[(2019, 1.0), (2020, 2.0)], [(2022, 3.0)], [(2023, 4.0)]]
    """
    break_years = {b.jaar for b in breaks}
    present = sorted((y, v) for y, v in points if v is not None)
    steps = [b[0] - a[0] for a, b in pairwise(present)]
    counts = Counter(steps)
    usual = min(counts, key=lambda step: (-counts[step], step)) if steps else 1
    out: list[list[tuple[int, float]]] = []
    previous: int | None = None
    for year, value in sorted(points):
        if value is None:  # a year reported as missing: never drawn across
            previous = None
            continue
        if previous is None or year - previous > usual or year in break_years:
            out.append([])
        out[-1].append((year, value))
        previous = year
    return out


class QualityRef(TypedDict, total=False):
    """What a number in a quality sentence refers to (the fields of a narrative Ref)."""

    period: int
    value: float
    decimals: int
    text: str


def sentences(
    quality: Quality, indicator: Indicator
) -> list[tuple[str, str, list[QualityRef]]]:
    """What a reader must be told about the quality of this benchmark, in Dutch, with the
    numbers' sources as refs (like the narrative's sentences)."""
    said = []
    if quality.verouderd:
        said.append(
            _say(
                "verouderd",
                f"Let op: {quality.verouderd_reden}; daarom geen rangorde en niet in de "
                "samenvatting.",
                [{"text": quality.verouderd_reden}],
            )
        )
    if quality.te_weinig_peers:
        said.append(
            _say(
                "te_weinig_peers",
                f"Let op: {quality.te_weinig_peers}; daarom geen rangorde en niet in de "
                "samenvatting.",
                [{"text": quality.te_weinig_peers}],
            )
        )
    if quality.breuk_in_trend is not None:
        b = quality.breuk_in_trend
        after = (
            f"de ontwikkeling is daarom pas vanaf {quality.trend_vanaf} beschreven"
            if quality.trend_vanaf is not None
            else "een ontwikkeling over de breuk heen is daarom niet beschreven"
        )
        refs: list[QualityRef] = [{"period": b.jaar, "text": b.wat}]
        if quality.trend_vanaf is not None:
            refs.append({"period": quality.trend_vanaf})
        said.append(_say("breuk", f"Reeksbreuk in {b.jaar}: {b.wat}; {after}.", refs))
    if quality.plausibiliteit is not None:
        p = quality.plausibiliteit
        peers = (
            "de benchmarkgemeenten in doorsnee vrijwel gelijk bleven"
            if round(p.peer_median_pct) == 0
            else f"de benchmarkgemeenten in doorsnee met {_pct(p.peer_median_pct)} veranderden"
        )
        said.append(
            _say(
                "plausibiliteit",
                f"{FLAG_TEXT[0].upper()}{FLAG_TEXT[1:]}. {indicator.phrase[:1].upper()}{indicator.phrase[1:]} "
                f"veranderde van {p.previous} op {p.year} met {_pct(p.change_pct)}, terwijl "
                f"{peers}; dit cijfer blijft buiten de samenvatting.",
                [
                    {"period": p.previous},
                    {
                        "period": p.year,
                        "value": p.change_pct,
                        "decimals": 0,
                    },
                    {
                        "value": p.peer_median_pct,
                        "decimals": 0,
                    },
                ],
            )
        )
    return said


def method_paragraphs(checked: Sequence[tuple[str, Quality]]) -> list[str]:
    """The quality rules and what they found, for the methods chapter: (title, quality) pairs."""
    out = [
        "Per indicator is het laatste jaar gekozen waarin alle benchmarkgemeenten een waarde "
        "hebben; is er geen, dan het laatste jaar waarin minstens de helft dat heeft. Een jaar "
        f"dat meer dan {stale_years()} jaar ouder is dan de nieuwste periode van een indicator "
        "heet verouderd: het krijgt geen rangorde en komt niet in de samenvatting. Dat geldt "
        "ook als minder dan de helft van de benchmarkgemeenten een waarde heeft.",
        "Een ontwikkeling wordt nooit over een reeksbreuk heen beschreven (zoals de vernieuwing "
        "van de Veiligheidsmonitor in 2021 of de overgang van migratieachtergrond naar herkomst "
        "in 2022); grafieken trekken daar geen lijn en markeren de breuk.",
        "Wijkt de verandering van de focusgemeente in één jaar sterk af van die van de "
        f"benchmarkgemeenten (robuuste z-score boven {format_number(z_threshold(), 1)}), dan "
        f"staat er '{FLAG_TEXT}' en blijft het cijfer buiten de samenvatting.",
    ]
    flagged = [t for t, q in checked if q.plausibiliteit is not None]
    if flagged:
        out.append(f"Gemarkeerd als mogelijke registratiebreuk: {', '.join(flagged)}.")
    stale = [t for t, q in checked if q.verouderd]
    if stale:
        out.append(f"Verouderd en daarom niet gerangschikt: {', '.join(stale)}.")
    few = [t for t, q in checked if q.te_weinig_peers]
    if few:
        out.append(
            f"Te weinig benchmarkgemeenten met een waarde en daarom niet gerangschikt: "
            f"{', '.join(few)}."
        )
    return out


def _say(
    shape: str, text: str, refs: list[QualityRef]
) -> tuple[str, str, list[QualityRef]]:
    return shape, text, refs


def _pct(value: float) -> str:
    sign = "+" if value > 0 else ""
    return f"{sign}{format_number(value, 0)}%".replace("-", "−")


def _value(cells: Cells, area: str, year: int) -> float | None:
    row = cells.get(area, {}).get(year)
    return row.value if row is not None else None


def _change(cells: Cells, area: str, start: int, end: int) -> float | None:
    a, b = _value(cells, area, start), _value(cells, area, end)
    if a is None or b is None or a == 0:
        return None
    return 100.0 * (b - a) / abs(a)
