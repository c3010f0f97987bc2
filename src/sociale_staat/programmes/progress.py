"""The progress rule: is a series moving towards its target fast enough?

We follow the Open SDG progress measure (Statistics Canada's method, as implemented in
open-sdg/sdg-build `sdg/ProgressMeasure.py` and documented in open-sdg `docs/progress-methodology.md`):

- observed growth is the compound annual growth rate CAGR = (y_t / y_0) ** (1 / (t - t_0)) - 1;
- with a numeric target y_T in year t_T: R = d * CAGR_observed / |CAGR_required|, where
  CAGR_required = (y_T / y_0) ** (1 / (t_T - t_0)) - 1 and d = +1 when higher is better,
  -1 when lower is better. Target already met -> doel bereikt; R >= 0.95 -> op koers
  ("on track"); 0.6 <= R < 0.95 -> enige vooruitgang ("progress made but acceleration
  needed"); 0 <= R < 0.6 -> onvoldoende ("limited progress"); R < 0 -> verslechtering;
- without a target: d * CAGR >= 1.5% -> verbetering; 0.5% <= d * CAGR < 1.5% -> lichte
  verbetering; 0 <= d * CAGR < 0.5% -> nauwelijks verbetering; d * CAGR < 0 -> verslechtering.

Open SDG replaces a zero base value or target by 0.001 to avoid dividing by zero; we do the same,
so a programme page never fails on a zero.
"""

from dataclasses import dataclass
from typing import Literal, assert_never

Status = Literal[
    "doel_bereikt",
    "op_koers",
    "enige_vooruitgang",
    "onvoldoende",
    "verslechtering",
    "verbetering",
    "lichte_verbetering",
    "nauwelijks_verbetering",
    "geen_oordeel",
    "bereikt",
    "in_uitvoering",
    "vertraagd",
    "niet_bereikt",
    "onbekend",
    "geen_gegevens",
    "geen_indicator",
]
Tone = Literal["goed", "matig", "zwak", "slecht", "onbekend", "neutraal"]

# Open SDG thresholds (sdg-build defaults): ratio R with a target, growth rate without one.
TARGET_THRESHOLDS = (0.95, 0.6, 0.0)
TREND_THRESHOLDS = (0.015, 0.005, 0.0)
_ZERO = 0.001


@dataclass(frozen=True)
class Judgement:
    status: Status
    value: float | None  # R (with a target) or d * CAGR (without), None when not computed
    basis: str  # the rule in words, with the numbers


def cagr(first: float, last: float, years: float) -> float:
    """Compound annual growth rate from `first` to `last` over `years` years.

    >>> round(cagr(100.0, 121.0, 2), 4)
    0.1
    """
    if years <= 0:
        raise ValueError("de periode moet minstens een jaar zijn")
    first = first or _ZERO
    return float((last / first) ** (1 / years) - 1)


def with_target(
    base: tuple[int, float], now: tuple[int, float], target: tuple[int, float], d: int
) -> Judgement:
    """Judge progress from `base` to `now` (year, value) against `target`; d = +1 or -1."""
    (t0, y0), (t1, y1), (tt, yt) = base, now, target
    if (d > 0 and y1 >= yt) or (d < 0 and y1 <= yt):
        return Judgement("doel_bereikt", None, f"doel ({_n(yt)} in {tt}) is bereikt: {_n(y1)}")
    if t1 <= t0 or tt <= t0:
        return Judgement("onbekend", None, "te weinig jaren om een ontwikkeling te meten")
    observed = cagr(y0, y1, t1 - t0)
    required = cagr(y0, yt or _ZERO, tt - t0)
    ratio = d * observed / abs(required) if required else float(d * observed >= 0)
    high, med, low = TARGET_THRESHOLDS
    status: Status
    if ratio >= high:
        status = "op_koers"
    elif ratio >= med:
        status = "enige_vooruitgang"
    elif ratio >= low:
        status = "onvoldoende"
    else:
        status = "verslechtering"
    basis = (
        f"waargenomen {_pct(observed)} per jaar ({t0}–{t1}), nodig {_pct(required)} per jaar "
        f"om {_n(yt)} in {tt} te halen: verhouding {ratio:.2f}".replace(".", ",")
    )
    return Judgement(status, ratio, basis)


def without_target(base: tuple[int, float], now: tuple[int, float], d: int) -> Judgement:
    """Judge the direction of change from `base` to `now` when no target is set; d = +1/-1."""
    (t0, y0), (t1, y1) = base, now
    if t1 <= t0:
        return Judgement("onbekend", None, "te weinig jaren om een ontwikkeling te meten")
    growth = d * cagr(y0, y1, t1 - t0)
    high, med, low = TREND_THRESHOLDS
    status: Status
    if growth >= high:
        status = "verbetering"
    elif growth >= med:
        status = "lichte_verbetering"
    elif growth >= low:
        status = "nauwelijks_verbetering"
    else:
        status = "verslechtering"
    word = "gunstige" if growth >= 0 else "ongunstige"
    basis = f"{_pct(abs(growth))} per jaar in {word} richting ({t0}–{t1}, zonder doel)"
    return Judgement(status, growth, basis)


def label(status: Status) -> str:
    """The status in words, as a reader sees it (never a colour alone)."""
    return LABELS[status]


LABELS: dict[Status, str] = {
    "doel_bereikt": "doel bereikt",
    "op_koers": "op koers",
    "enige_vooruitgang": "enige vooruitgang",
    "onvoldoende": "onvoldoende",
    "verslechtering": "verslechtering",
    "verbetering": "verbetering",
    "lichte_verbetering": "lichte verbetering",
    "nauwelijks_verbetering": "nauwelijks verbetering",
    "geen_oordeel": "geen oordeel (geen gewenste richting)",
    "bereikt": "bereikt",
    "in_uitvoering": "in uitvoering",
    "vertraagd": "vertraagd",
    "niet_bereikt": "niet bereikt",
    "onbekend": "onbekend",
    "geen_gegevens": "geen gegevens",
    "geen_indicator": "geen indicator",
}


def tone(status: Status) -> Tone:
    """The colour family of a status."""
    match status:
        case "doel_bereikt" | "op_koers" | "verbetering" | "bereikt":
            return "goed"
        case "enige_vooruitgang" | "lichte_verbetering" | "in_uitvoering":
            return "matig"
        case "onvoldoende" | "nauwelijks_verbetering" | "vertraagd":
            return "zwak"
        case "verslechtering" | "niet_bereikt":
            return "slecht"
        case "onbekend" | "geen_gegevens" | "geen_indicator":
            return "onbekend"
        case "geen_oordeel":
            return "neutraal"
        case _:
            assert_never(status)


# A goal shows the status of its child that needs the most attention, in this order. Unknowns
# rank before any good news, so a goal is only green when everything below it is.
ATTENTION: tuple[Status, ...] = (
    "verslechtering",
    "niet_bereikt",
    "onvoldoende",
    "vertraagd",
    "nauwelijks_verbetering",
    "geen_indicator",
    "geen_gegevens",
    "onbekend",
    "enige_vooruitgang",
    "in_uitvoering",
    "lichte_verbetering",
    "geen_oordeel",
    "op_koers",
    "verbetering",
    "bereikt",
    "doel_bereikt",
)


def most_urgent(statuses: list[Status]) -> Status:
    if not statuses:
        return "geen_indicator"
    return min(statuses, key=ATTENTION.index)


def _pct(x: float) -> str:
    return f"{x * 100:+.1f}%".replace(".", ",")


def _n(x: float) -> str:
    return f"{x:g}".replace(".", ",")
