"""Search the sociale kaart: by need (taxonomy terms and stemmed words), by place (postcode,
wijk, distance from a point), by time (a weekday, or "nu open") and by age. Results are
sorted by distance and carry their verification date.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.core.text import STOPWORDS, stems
from sociale_staat.sociale_kaart.geo import Boundaries, bundled, distance_km

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
class Result:
    hits: list[Hit]
    origin: tuple[float, float] | None = None
    origin_note: str | None = None
    notes: list[str] = field(default_factory=list)


class UnknownPlace(SocialeStaatError):
    """A postcode or wijk the bundled boundaries do not know."""


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
    origin, note = _origin(query, geo)
    sql, params = _sql(query, origin)
    with db.reader() as conn:
        rows = conn.execute(text(sql), params).mappings().all()
    checked_since = (today or date.today()) - STALE_AFTER
    hits = []
    for r in rows:
        dist = None
        if origin is not None and r["latitude"] is not None:
            dist = round(distance_km(origin[0], origin[1], r["latitude"], r["longitude"]), 2)
        if query.max_km is not None and (dist is None or dist > query.max_km):
            continue
        assured = r["assured_date"]
        hits.append(
            Hit(
                r["id"], r["name"], r["organization_name"], r["description"], r["location_id"],
                r["location_name"], r["address"], r["wijk_code"], r["buurt_code"], dist, assured,
                bool(assured) and str(assured) >= checked_since.isoformat(), r["label"],
            )
        )
    notes = []
    if query.need and not _stems(query.need):
        notes.append("de zoekterm bevat alleen veelgebruikte woorden; er is niet op behoefte gefilterd")
    return Result(hits, origin, note, notes)


def _origin(query: Query, geo: Boundaries) -> tuple[tuple[float, float] | None, str | None]:
    if query.latitude is not None and query.longitude is not None:
        return (query.latitude, query.longitude), "het opgegeven punt"
    if query.postcode:
        code = re.sub(r"\s+", "", query.postcode)[:4]
        point = geo.postcode_point(code) if code.isdigit() else None
        if point is None:
            raise UnknownPlace(f"postcode {query.postcode!r} ligt niet in een gebied met bekende grenzen")
        return point, f"het midden van de buurten met postcode {code} (benadering)"
    if query.wijk:
        centre = geo.wijk_centre(wijk_code(query.wijk, geo))
        return centre, "het midden van de wijk"
    return None, None


def wijk_code(value: str, geo: Boundaries) -> str:
    names = geo.wijk_names()
    if value.upper() in names:
        return value.upper()
    for code, name in names.items():
        if name.lower() == value.strip().lower():
            return code
    raise UnknownPlace(f"wijk {value!r} onbekend (gebruik een CBS-wijkcode zoals WK003417 of de wijknaam)")


def _stems(need: str) -> list[str]:
    return [w for w in dict.fromkeys(stems(need)) if w not in STOPWORDS and len(w) > 1]


def word_match(stem: str, key: str, params: dict[str, Any]) -> str:
    """SQL that finds a stored word for a query stem. The stem is a prefix, so 'schuld' also
    finds 'schuldhulpverlening' (Dutch compounds); and a stored word may be the stem less one or
    two letters, because the stemmer cuts inflected forms further ('schulden' -> 'schul')."""
    params[f"{key}a"], params[f"{key}b"] = stem, stem[:-1] + chr(ord(stem[-1]) + 1)
    shorter = [stem[:n] for n in range(max(4, len(stem) - 2), len(stem))]
    cond = f"(word >= :{key}a AND word < :{key}b)"
    for j, prefix in enumerate(shorter):
        params[f"{key}p{j}"] = prefix
        cond += f" OR word = :{key}p{j}"
    return f"({cond})"


def _sql(query: Query, origin: tuple[float, float] | None) -> tuple[str, dict[str, Any]]:
    params: dict[str, Any] = {"limit": query.limit}
    where = ["s.status = 'active'"]
    for i, word in enumerate(_stems(query.need or "")):
        where.append(f"s.id IN (SELECT service_id FROM sk_word WHERE {word_match(word, f'w{i}', params)})")
    if query.wijk:
        where.append("l.wijk_code = :wijk")
        params["wijk"] = wijk_code(query.wijk, bundled())
    if query.age is not None:
        where.append("(s.minimum_age IS NULL OR s.minimum_age <= :age)")
        where.append("(s.maximum_age IS NULL OR s.maximum_age >= :age)")
        params["age"] = query.age
    opening = _opening(query, params)
    if opening:
        where.append(opening)
    if origin is not None:
        params.update(lat=origin[0], lon=origin[1], k=math.cos(math.radians(origin[0])))
        d2 = "(l.latitude - :lat) * (l.latitude - :lat) + (l.longitude - :lon) * :k * (l.longitude - :lon) * :k"
        if query.max_km is not None:
            # A box around the circle, so the index-free scan stays small; exact check after.
            deg = query.max_km / 111.0
            params.update(lat0=origin[0] - deg, lat1=origin[0] + deg)
            params.update(lon0=origin[1] - deg / params["k"], lon1=origin[1] + deg / params["k"])
            where.append("l.latitude BETWEEN :lat0 AND :lat1 AND l.longitude BETWEEN :lon0 AND :lon1")
    else:
        d2 = "NULL"
    sql = f"""
        SELECT * FROM (
            SELECT s.id, s.name, s.organization_name, s.description, s.assured_date, s.label,
                   l.id AS location_id, l.name AS location_name, l.address, l.wijk_code,
                   l.buurt_code, l.latitude, l.longitude, {d2} AS d2,
                   ROW_NUMBER() OVER (PARTITION BY s.id ORDER BY {d2}) AS rn
            FROM sk_service s
            LEFT JOIN sk_service_location sl ON sl.service_id = s.id
            LEFT JOIN sk_location l ON l.id = sl.location_id
            WHERE {" AND ".join(where)}
        ) x WHERE rn = 1
        ORDER BY (d2 IS NULL), d2, name, id
        LIMIT :limit"""
    return sql, params


def _opening(query: Query, params: dict[str, Any]) -> str | None:
    if query.open_at is None and query.weekday is None:
        return None
    cond = [
        "((o.service_id = s.id AND (o.location_id IS NULL OR o.location_id = l.id))"
        " OR (o.service_id IS NULL AND o.location_id = l.id))",
        "o.weekday = :wd",
    ]
    if query.open_at is not None:
        moment = query.open_at.astimezone(LOCAL) if query.open_at.tzinfo else query.open_at
        day = moment.date()
        params.update(
            wd=moment.weekday(),
            nth=(day.day - 1) // 7 + 1,
            last=-1 if (day + timedelta(days=7)).month != day.month else 0,
            hm=moment.strftime("%H:%M"),
            day=day.isoformat(),
        )
        cond += [
            "o.nth IN (0, :nth, :last)",
            "o.opens <= :hm AND o.closes > :hm",
            "(o.valid_from IS NULL OR o.valid_from <= :day)",
            "(o.valid_to IS NULL OR o.valid_to >= :day)",
        ]
    else:
        params["wd"] = query.weekday
    return f"EXISTS (SELECT 1 FROM sk_opening o WHERE {' AND '.join(cond)})"
