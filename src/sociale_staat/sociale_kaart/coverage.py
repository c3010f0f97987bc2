"""Help over the map of need: per wijk, the need indicator of a category next to the nearest
service of that kind, and the wijken with high need and no help within a chosen distance.

Distance is measured from the wijk's centre (a point inside the wijk boundary) to the nearest
location of an active matching service; a service located in the wijk itself counts as 0 km.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import text

from sociale_staat.analysis.neighbourhoods import Neighbourhoods
from sociale_staat.appdb.database import AppDatabase
from sociale_staat.core.errors import InputError, SocialeStaatError, describe
from sociale_staat.core.formatting import format_number
from sociale_staat.core.text import STOPWORDS, stems
from sociale_staat.sociale_kaart.geo import Boundaries, bundled, distance_km

CATEGORIES = Path(__file__).parent / "behoeften.yml"


class Need(BaseModel):
    model_config = ConfigDict(extra="forbid")
    indicator: str
    slechter: Literal["hoger", "lager"]
    relatief: float = Field(gt=0)


class Category(BaseModel):
    model_config = ConfigDict(extra="forbid")
    titel: str
    nood: Need
    zoekwoorden: list[str] = Field(min_length=1)


@cache
def categories(path: Path = CATEGORIES) -> dict[str, Category]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return {key: Category.model_validate(value) for key, value in raw.items()}
    except (OSError, yaml.YAMLError) as err:
        raise InputError(f"{path}: niet te lezen ({err})") from None
    except ValidationError as err:
        raise InputError(f"{path}: {describe(err)}") from None


@dataclass(frozen=True)
class ServicePoint:
    service_id: str
    name: str
    wijk_code: str | None
    latitude: float
    longitude: float
    label: str | None


@dataclass(frozen=True)
class WijkCoverage:
    code: str
    name: str
    stadsdeel: str | None
    value: float | None
    note: str | None  # why there is no value
    high: bool
    nearest_km: float | None  # None: no matching service anywhere
    nearest: ServicePoint | None


@dataclass(frozen=True)
class Coverage:
    key: str
    category: Category
    indicator_title: str
    city_value: float | None
    period: int | None
    decimals: int
    max_km: float
    services: int  # matching active services with a location
    wijken: list[WijkCoverage]

    def gaps(self) -> list[WijkCoverage]:
        """'Hoge nood, geen aanbod binnen X km': high need, nothing near enough."""
        gaps = [w for w in self.wijken if w.high and (w.nearest_km is None or w.nearest_km > self.max_km)]
        return sorted(gaps, key=lambda w: -(w.value or 0))


def coverage(
    db: AppDatabase,
    hoods: Neighbourhoods,
    key: str,
    max_km: float,
    boundaries: Boundaries | None = None,
) -> Coverage:
    """Need per wijk next to the nearest matching service, for one category."""
    cats = categories()
    if key not in cats:
        raise SocialeStaatError(f"behoefte {key!r} onbekend; kies uit {', '.join(cats)}")
    cat, geo = cats[key], boundaries or bundled()
    points = matching_services(db, cat.zoekwoorden)
    indicator = cat.nood.indicator
    city = hoods.city.get(indicator)
    rows = []
    for area in hoods.level("wijk"):
        value = area.values.get(indicator)
        centre = geo.wijk_centre(area.code)
        nearest, dist = _nearest(area.code, centre, points)
        high = _high(value.value if value else None, city.value if city else None, cat.nood)
        rows.append(
            WijkCoverage(
                area.code, area.name, area.stadsdeel, value.value if value else None,
                value.note if value else "niet in de data", high, dist, nearest,
            )
        )
    ind = hoods.indicators.get(indicator)
    return Coverage(
        key, cat, ind.title if ind else indicator, city.value if city else None,
        city.period if city else None, ind.decimals if ind else 1, max_km, len(points), rows,
    )


def matching_services(db: AppDatabase, words: list[str]) -> list[ServicePoint]:
    """Active services with a placed location that have one of the words (as stems). Exact
    stems, not prefixes as in free search: a coverage count must not take 'werkdagen' for 'werk'."""
    wanted = sorted({w for word in words for w in stems(word) if w not in STOPWORDS and len(w) > 1})
    if not wanted:
        return []
    params: dict[str, Any] = {f"w{i}": w for i, w in enumerate(wanted)}
    sql = (
        "SELECT s.id, s.name, s.label, l.wijk_code, l.latitude, l.longitude FROM sk_service s"
        " JOIN sk_service_location sl ON sl.service_id = s.id JOIN sk_location l ON l.id = sl.location_id"
        " WHERE s.status = 'active' AND l.latitude IS NOT NULL AND s.id IN"
        f" (SELECT service_id FROM sk_word WHERE word IN ({', '.join(':' + k for k in params)}))"
    )
    with db.reader() as conn:
        return [
            ServicePoint(r.id, r.name, r.wijk_code, r.latitude, r.longitude, r.label)
            for r in conn.execute(text(sql), params)
        ]


def _nearest(
    code: str, centre: tuple[float, float] | None, points: list[ServicePoint]
) -> tuple[ServicePoint | None, float | None]:
    best: tuple[ServicePoint | None, float | None] = (None, None)
    for p in points:
        if p.wijk_code == code:
            d = 0.0
        elif centre is None:
            continue
        else:
            d = distance_km(centre[0], centre[1], p.latitude, p.longitude)
        if best[1] is None or d < best[1]:
            best = (p, round(d, 2))
    return best


def _high(value: float | None, city: float | None, need: Need) -> bool:
    if value is None or city is None:
        return False
    sign = 1 if need.slechter == "hoger" else -1
    return sign * (value - city) >= need.relatief * abs(city)


def report_tables(
    hoods: Neighbourhoods, db: AppDatabase | None = None, max_km: float = 1.5
) -> list[tuple[str, list[str], list[list[str]]]]:
    """The neighbourhood chapter's tables 'hoge nood, geen aanbod binnen X km' per category."""
    if db is None:
        db = _existing_app_db()
    if db is None or not _has_services(db):
        return [("Hulp in de buurt (sociale kaart)", ["Stand"], [["Er zijn geen diensten geladen; de sociale kaart is leeg."]])]
    tables = []
    for key in categories():
        cov = coverage(db, hoods, key, max_km)
        labels = sorted({w.nearest.label for w in cov.wijken if w.nearest and w.nearest.label})
        flag = f" — {'; '.join(labels)}" if labels else ""
        rows = [
            [
                w.name,
                format_number(w.value, cov.decimals),
                "geen" if w.nearest_km is None else format_number(w.nearest_km, 1) + " km",
            ]
            for w in cov.gaps()
        ] or [["(geen wijken)", "", ""]]
        tables.append(
            (
                f"{cov.category.titel}: hoge nood, geen aanbod binnen {format_number(max_km, 1)} km{flag}",
                ["Wijk", cov.indicator_title, "Dichtstbijzijnde aanbod"],
                rows,
            )
        )
    return tables


def _has_services(db: AppDatabase) -> bool:
    with db.reader() as conn:
        return bool(conn.execute(text("SELECT count(*) FROM sk_service")).scalar_one())


def _existing_app_db() -> AppDatabase | None:
    from sociale_staat.core import paths

    url = paths.app_db_url()
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return None  # never create an app database just to find it empty
    return AppDatabase(url)
