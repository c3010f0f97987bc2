"""Search the sociale kaart: by need (taxonomy terms and stemmed words), by place (postcode,
wijk, distance from a point), by time (a weekday, or "nu open") and by age. Results are
sorted by distance and carry their verification date.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.core.text import STOPWORDS, stems
from sociale_staat.sociale_kaart.geo import Boundaries, bundled, distance_km
from sociale_staat.sociale_kaart.searchindex import SearchIndex, index_for

LOCAL = ZoneInfo("Europe/Amsterdam")
STALE_AFTER = timedelta(days=365)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


@dataclass(frozen=True)
class Query:
    need: str | None = None
    postcode: str | None = None
    wijk: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    max_km: float | None = None
    weekday: int | None = None  # 0 = maandag
    open_at: datetime | None = None  # "nu open": open at this moment (local clock time)
    age: int | None = None
    limit: int = 20


@dataclass(frozen=True)
class Hit:
    service_id: str
    name: str
    organization: str | None
    description: str | None
    location_id: str | None
    location: str | None
    address: str | None
    wijk_code: str | None
    buurt_code: str | None
    distance_km: float | None
    assured_date: str | None
    recently_checked: bool
    label: str | None  # "fictief (…)" for invented test or example data


@dataclass(frozen=True)
class Phrase:
    """A Dutch sentence kept as its pattern and values, so that a page can put the pattern in
    its own language and fill in the same values; str() is the Dutch sentence."""

    pattern: str
    values: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return self.pattern.format(**dict(self.values))


@dataclass(frozen=True)
class Result:
    hits: list[Hit]
    origin: tuple[float, float] | None = None
    origin_note: str | None = None
    notes: list[str] = field(default_factory=list)
    origin_phrase: Phrase | None = None  # origin_note as pattern and values


class UnknownPlace(SocialeStaatError):
    """A postcode or wijk the bundled boundaries do not know."""

    def __init__(self, pattern: str, **values: str) -> None:
        self.phrase = Phrase(pattern, tuple(values.items()))
        super().__init__(str(self.phrase))


def parse_day(value: str) -> int:
    """'zaterdag', 'za' or 'open op zaterdag' -> 5."""
    words = value.lower().split()
    for word in words:
        for i, day in enumerate(WEEKDAYS):
            if word == day or (len(word) >= 2 and day.startswith(word)):
                return i
    raise SocialeStaatError(f"dag {value!r} niet herkend (maandag … zondag)")


def search(db: AppDatabase, query: Query, today: date | None = None, boundaries: Boundaries | None = None) -> Result:
    """The services that fit every given condition, nearest first."""
    geo = boundaries or bundled()
    origin, phrase = _origin(query, geo)
    index = index_for(db)
    keep = _mask(index, query, geo)
    order = _nearest_pairs(index, keep, origin, query.max_km)
    checked_since = ((today or date.today()) - STALE_AFTER).isoformat()
    hits = []
    for position in order:
        pair = int(position)
        lid = index.pair_location[pair]
        loc = index.locations[lid] if lid else None
        dist = None
        if origin is not None and loc is not None and loc["latitude"] is not None:
            dist = round(distance_km(origin[0], origin[1], loc["latitude"], loc["longitude"]), 2)
        if query.max_km is not None and (dist is None or dist > query.max_km):
            continue
        svc = index.services[int(index.pair_service[pair])]
        assured = svc["assured_date"]
        hits.append(
            Hit(
                svc["id"], svc["name"], svc["organization_name"], svc["description"], lid,
                loc["name"] if loc else None, loc["address"] if loc else None,
                loc["wijk_code"] if loc else None, loc["buurt_code"] if loc else None, dist,
                assured, bool(assured) and str(assured) >= checked_since, svc["label"],
            )
        )
        if len(hits) == query.limit:
            break
    notes = []
    if query.need and not _stems(query.need):
        notes.append("de zoekterm bevat alleen veelgebruikte woorden; er is niet op behoefte gefilterd")
    return Result(hits, origin, str(phrase) if phrase else None, notes, phrase)


def _mask(index: SearchIndex, query: Query, geo: Boundaries) -> npt.NDArray[np.bool_]:
    """The (service, location) pairs that meet every condition."""
    services = index.active.copy()
    for stem in _stems(query.need or ""):
        services &= index.services_with(stem)
    if query.age is not None:
        services &= index.ages(query.age)
    keep = services[index.pair_service]
    if query.wijk:
        keep &= index.in_wijk(wijk_code(query.wijk, geo))
    if query.open_at is not None:
        moment = query.open_at.astimezone(LOCAL) if query.open_at.tzinfo else query.open_at
        keep &= index.open_on(moment.weekday(), moment)
    elif query.weekday is not None:
        keep &= index.open_on(query.weekday)
    return keep


def _nearest_pairs(
    index: SearchIndex, keep: npt.NDArray[np.bool_], origin: tuple[float, float] | None, max_km: float | None
) -> npt.NDArray[np.int64]:
    """Pair positions, one per service (its nearest location), nearest service first; without
    a place, in name order. Pairs without coordinates come last."""
    pairs = np.flatnonzero(keep)
    if origin is None:
        first = np.unique(index.pair_service[pairs], return_index=True)[1]
        return pairs[first]  # services are stored in name order
    k = math.cos(math.radians(origin[0]))
    d2 = (index.lat[pairs] - origin[0]) ** 2 + ((index.lon[pairs] - origin[1]) * k) ** 2
    d2 = np.where(np.isnan(d2), np.inf, d2)
    if max_km is not None:  # generous cut in degrees; the exact distance is checked after
        near = d2 <= (1.05 * max_km / 111.0) ** 2
        pairs, d2 = pairs[near], d2[near]
    by_distance = pairs[np.lexsort((index.pair_service[pairs], d2))]
    first = np.unique(index.pair_service[by_distance], return_index=True)[1]
    return by_distance[np.sort(first)]


def _origin(query: Query, geo: Boundaries) -> tuple[tuple[float, float] | None, Phrase | None]:
    if query.latitude is not None and query.longitude is not None:
        return (query.latitude, query.longitude), Phrase("het opgegeven punt")
    if query.postcode:
        code = re.sub(r"\s+", "", query.postcode)[:4]
        point = geo.postcode_point(code) if code.isdigit() else None
        if point is None:
            raise UnknownPlace(
                "postcode {postcode} ligt niet in een gebied met bekende grenzen", postcode=repr(query.postcode)
            )
        return point, Phrase("het midden van de buurten met postcode {code} (benadering)", (("code", code),))
    if query.wijk:
        centre = geo.wijk_centre(wijk_code(query.wijk, geo))
        return centre, Phrase("het midden van de wijk")
    return None, None


def wijk_code(value: str, geo: Boundaries) -> str:
    names = geo.wijk_names()
    if value.upper() in names:
        return value.upper()
    for code, name in names.items():
        if name.lower() == value.strip().lower():
            return code
    raise UnknownPlace(
        "wijk {wijk} onbekend (gebruik een CBS-wijkcode zoals WK003417 of de wijknaam)", wijk=repr(value)
    )


def _stems(need: str) -> list[str]:
    return [w for w in dict.fromkeys(stems(need)) if w not in STOPWORDS and len(w) > 1]
