"""Wijken and buurten of a gemeente: profiles against the city and Nederland, stadsdelen, and
where problems stack up (several risk indicators clearly worse than the city at once).

Everything is read in one wijk- en buurtindeling (the newest the gemeente has): codes of other
indelingen are other areas.
"""

import math
import re
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sociale_staat.core.errors import InputError, SocialeStaatError, describe
from sociale_staat.declarations.catalogue import IndicatorSource, scale
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.warehouse.records import Area, Cell, Indicator


class Risk(BaseModel):
    model_config = ConfigDict(extra="forbid")
    indicator: str
    slechter: Literal["hoger", "lager"]
    relatief: float = Field(0.25, gt=0)


class ProfileSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_inwoners: int = Field(ge=0)
    profiel: list[str]
    risico: list[Risk]


def load_profile_spec(path: Path) -> ProfileSpec:
    try:
        return ProfileSpec.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as err:
        raise InputError(f"{path}: niet te lezen ({err})") from None
    except ValidationError as err:
        raise InputError(f"{path}: {describe(err)}") from None


@dataclass
class Value:
    value: float | None
    lower: float | None = None
    upper: float | None = None
    period: int | None = None
    note: str | None = None  # why there is no value: suppressed, not in the data


@dataclass
class AreaProfile:
    code: str
    name: str
    level: str
    stadsdeel: str | None
    inwoners: float | None
    values: dict[str, Value] = field(default_factory=dict)
    worse: list[str] = field(default_factory=list)  # risk indicators clearly worse than the city
    excess: float = 0.0  # summed relative excess over the city on those indicators

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "stadsdeel": self.stadsdeel,
            "inwoners": self.inwoners,
            "values": {k: v.__dict__ for k, v in self.values.items()},
            "worse": self.worse,
        }


@dataclass(frozen=True)
class Pair:
    """How two risk indicators go together over the areas: Pearson r over n areas."""

    a: str
    b: str
    n: int
    r: float | None  # None: too few areas to say anything

    def as_dict(self) -> dict[str, object]:
        return {"a": self.a, "b": self.b, "n": self.n, "r": self.r}


@dataclass
class Neighbourhoods:
    gemeente: Area
    indeling: int
    indicators: dict[str, Indicator]
    city: dict[str, Value]
    nederland: dict[str, Value]
    areas: list[AreaProfile]
    spec: ProfileSpec

    def level(self, level: str) -> list[AreaProfile]:
        return [a for a in self.areas if a.level == level]

    def concentrations(self, level: str = "wijk") -> list[AreaProfile]:
        """Areas with at least one risk clearly worse than the city, most risks first."""
        ranked = [a for a in self.level(level) if a.worse]
        return sorted(ranked, key=lambda a: (-len(a.worse), -a.excess, a.name))

    def co_occurrence(self, level: str = "wijk") -> list[Pair]:
        """Pearson correlation of each pair of risk indicators across the areas, with n."""
        out = []
        for a, b in combinations([r.indicator for r in self.spec.risico], 2):
            pairs = [
                (x, y)
                for p in self.level(level)
                if a in p.values
                and b in p.values
                and (x := p.values[a].value) is not None
                and (y := p.values[b].value) is not None
            ]
            out.append(Pair(a, b, len(pairs), _pearson(pairs)))
        return out


def profiles(
    warehouse: Warehouse, gemeente: str, spec: ProfileSpec, stadsdelen: Path
) -> Neighbourhoods:
    """Profiles of every wijk and buurt of a gemeente in its newest indeling."""
    area = warehouse.area(gemeente)
    if area.level != "gemeente":
        raise SocialeStaatError(f"{area.name} ({area.code}) is geen gemeente")
    code = area.code
    regions = warehouse.small_areas(code)
    if not regions:
        raise SocialeStaatError(f"geen wijken of buurten van {area.name} in de geladen data")
    indeling = regions[0].indeling
    wanted = list(dict.fromkeys([*spec.profiel, *(r.indicator for r in spec.risico)]))
    indicators = {i: warehouse.indicator(i) for i in wanted}
    rows = warehouse.neighbourhood_cells(wanted, code, indeling)
    latest: dict[str, int] = {}
    cells: dict[tuple[str, str], dict[int, Cell]] = {}
    for r in rows:
        cells.setdefault((r.indicator, r.region_code), {})[r.period] = r
        if r.indeling and r.value is not None:
            latest[r.indicator] = max(latest.get(r.indicator, 0), r.period)

    def value_of(indicator: str, region: str, period: int | None) -> Value:
        row = cells.get((indicator, region), {}).get(period) if period else None
        if row is None or row.value is None:
            note = "geheim in bron" if row is not None and row.status == "geheim" else "niet in de data"
            return Value(None, period=period, note=note)
        return Value(row.value, row.lower, row.upper, period)

    city = {i: value_of(i, code, latest.get(i)) for i in wanted}
    nederland = {i: value_of(i, "NL", latest.get(i)) for i in wanted}
    part_of = _stadsdelen(stadsdelen / f"{code}.yml", indeling)
    areas = []
    for region in regions:
        inwoners = value_of("inwoners", region.code, latest.get("inwoners")).value
        profile = AreaProfile(
            region.code,
            region.name,
            region.level,
            part_of.get(region.code if region.level == "wijk" else "WK" + region.code[2:8]),
            inwoners,
        )
        small = inwoners is None or inwoners < spec.min_inwoners
        for i in wanted:
            v = value_of(i, region.code, latest.get(i))
            if small and i != "inwoners" and v.value is not None:
                v = Value(
                    None,
                    period=v.period,
                    note=f"onderdrukt: minder dan {spec.min_inwoners} inwoners",
                )
            profile.values[i] = v
        _judge(profile, city, spec)
        areas.append(profile)
    return Neighbourhoods(area, indeling, indicators, city, nederland, areas, spec)


def for_gemeente(warehouse: Warehouse, gemeente: str) -> Neighbourhoods:
    """Profiles with the project's declarations: wijkprofiel.yml and stadsdelen/."""
    from sociale_staat.core import paths

    spec = load_profile_spec(paths.wijkprofiel_file())
    return profiles(warehouse, gemeente, spec, paths.stadsdelen_dir())


def _judge(profile: AreaProfile, city: dict[str, Value], spec: ProfileSpec) -> None:
    for risk in spec.risico:
        mine, town = profile.values.get(risk.indicator), city.get(risk.indicator)
        if mine is None or town is None or mine.value is None or town.value is None:
            continue
        sign = 1 if risk.slechter == "hoger" else -1
        if mine.lower is not None and mine.upper is not None:
            bound = mine.lower if sign > 0 else mine.upper
            clearly = sign * (bound - town.value) > 0
        else:
            clearly = sign * (mine.value - town.value) >= risk.relatief * abs(town.value)
        if clearly:
            profile.worse.append(risk.indicator)
            profile.excess += sign * (mine.value - town.value) / (abs(town.value) or 1)


def _stadsdelen(path: Path, indeling: int) -> dict[str, str]:
    """wijk code -> stadsdeel, from the declaration (when the gemeente has one)."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if data.get("indeling") != indeling:
        raise InputError(
            f"{path}: geldt voor indeling {data.get('indeling')}, de data heeft {indeling}"
        )
    mapping = {}
    for name, ranges in (data.get("stadsdelen") or {}).items():
        for item in ranges:
            m = re.fullmatch(r"WK(\d{6})(?:-WK(\d{6}))?", item)
            if not m:
                raise InputError(f"{path}: '{item}' is geen wijkcode of reeks WKxxxxxx-WKxxxxxx")
            first, last = int(m[1]), int(m[2] or m[1])
            for n in range(first, last + 1):
                mapping[f"WK{n:06d}"] = name
    return mapping


def stadsdeel_values(warehouse: Warehouse, hoods: Neighbourhoods) -> dict[str, dict[str, Value]]:
    """Values per stadsdeel where aggregation is allowed: counts are summed and shares are
    recomputed from summed counts; a published average or rate without its counts is not."""
    groups: dict[str, list[str]] = {}
    for a in hoods.level("wijk"):
        if a.stadsdeel:
            groups.setdefault(a.stadsdeel, []).append(a.code)
    out: dict[str, dict[str, Value]] = {name: {} for name in groups}
    population = {
        name: sum(hoods_value(hoods, c, "inwoners") or 0 for c in codes)
        for name, codes in groups.items()
    }
    for indicator, ind in hoods.indicators.items():
        period = hoods.city[indicator].period
        ratio = next(
            (
                s
                for s in ind.sources
                if s.numerator is not None and "wijk" in (s.levels or ind.levels)
            ),
            None,
        )
        for name, codes in groups.items():
            if ind.unit == "inwoners" and ind.kind == "value":
                total = [hoods_value(hoods, c, indicator) for c in codes]
                known = [t for t in total if t is not None]
                out[name][indicator] = (
                    Value(sum(known), period=period)
                    if known
                    else Value(None, note="niet in de data")
                )
            elif population[name] < hoods.spec.min_inwoners:
                out[name][indicator] = Value(
                    None,
                    period=period,
                    note=f"onderdrukt: minder dan {hoods.spec.min_inwoners} inwoners",
                )
            elif ratio is not None and period is not None:
                out[name][indicator] = _ratio(
                    warehouse, ratio, codes, hoods.indeling, period, scale(ind.kind)
                )
            else:
                out[name][indicator] = Value(
                    None,
                    period=period,
                    note="niet op te tellen: gepubliceerd gemiddelde of percentage zonder aantallen",
                )
    return out


def hoods_value(hoods: Neighbourhoods, code: str, indicator: str) -> float | None:
    area = next((a for a in hoods.areas if a.code == code), None)
    return area.values[indicator].value if area and indicator in area.values else None


def _ratio(
    warehouse: Warehouse,
    source: IndicatorSource,
    codes: list[str],
    indeling: int,
    period: int,
    factor: float,
) -> Value:
    assert source.numerator is not None and source.denominator is not None
    measures = [*source.numerator, source.denominator]
    sums = warehouse.ratio_sums(source.table, measures, codes, indeling, period)
    den = sums.get(source.denominator)
    num = [sums.get(m) for m in source.numerator]
    if not den or not den[0] or any(x is None for x in num):
        return Value(None, period=period, note="aantallen ontbreken")
    covered = min([den[1], *(x[1] for x in num if x)])
    note = None if covered == len(codes) else f"{covered} van {len(codes)} wijken met aantallen"
    return Value(factor * sum(x[0] for x in num if x) / den[0], period=period, note=note)


def _pearson(pairs: list[tuple[float, float]]) -> float | None:
    if len(pairs) < 5:
        return None  # too few areas to say anything
    xs, ys = [float(p[0]) for p in pairs], [float(p[1]) for p in pairs]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in pairs)
    sx = math.sqrt(sum((x - mx) ** 2 for x in xs))
    sy = math.sqrt(sum((y - my) ** 2 for y in ys))
    return round(sxy / (sx * sy), 3) if sx and sy else None
