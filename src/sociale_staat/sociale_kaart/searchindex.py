"""An in-memory search index over the derived sociale-kaart tables, so a search over 10,000
services stays within milliseconds on SQLite and PostgreSQL alike.

The app database stays the truth: the index is a read-only copy per process, rebuilt when the
import stamp (number and time of imports) changes, which one cheap query checks per search.
Arrays are per (service, location) pair; a service without a location has one pair without a
place. Filters are boolean masks over the pairs.
"""

import bisect
import math
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, text

from sociale_staat.appdb.database import AppDatabase

Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Opening:
    weekday: int
    nth: int
    opens: str | None
    closes: str | None
    valid_from: str | None
    valid_to: str | None


class SearchIndex:
    def __init__(self, conn: Connection) -> None:
        self.services = [dict(r) for r in conn.execute(text("SELECT * FROM sk_service ORDER BY name, id")).mappings()]
        position = {s["id"]: i for i, s in enumerate(self.services)}
        self.locations = {r["id"]: dict(r) for r in conn.execute(text("SELECT * FROM sk_location")).mappings()}
        links = conn.execute(text("SELECT service_id, location_id FROM sk_service_location ORDER BY service_id, location_id")).all()
        located = {sid for sid, _ in links}
        pairs = [(position[s], lid) for s, lid in links if s in position and lid in self.locations]
        pairs += [(position[s["id"]], None) for s in self.services if s["id"] not in located]
        self.pair_service = np.array([p[0] for p in pairs], dtype=np.int64)
        self.pair_location: list[str | None] = [p[1] for p in pairs]
        loc = [self.locations[lid] if lid else None for _, lid in pairs]
        self.lat = np.array([_num(x["latitude"]) if x else math.nan for x in loc])
        self.lon = np.array([_num(x["longitude"]) if x else math.nan for x in loc])
        self.wijk_codes = sorted({x["wijk_code"] for x in loc if x and x["wijk_code"]})
        number = {code: i for i, code in enumerate(self.wijk_codes)}
        self.wijk = np.array([number.get(x["wijk_code"], -1) if x else -1 for x in loc], dtype=np.int64)
        self.active = np.array([s["status"] == "active" for s in self.services], dtype=bool)
        self.min_age = np.array([_num(s["minimum_age"]) for s in self.services])
        self.max_age = np.array([_num(s["maximum_age"]) for s in self.services])
        self._words(conn, position)
        self._openings(conn, pairs)

    def _words(self, conn: Connection, position: dict[str, int]) -> None:
        by_word: dict[str, list[int]] = {}
        for word, sid in conn.execute(text("SELECT word, service_id FROM sk_word")):
            if sid in position:
                by_word.setdefault(word, []).append(position[sid])
        self.words = sorted(by_word)
        self.word_services = [np.array(by_word[w], dtype=np.int64) for w in self.words]

    def _openings(self, conn: Connection, pairs: list[tuple[int, str | None]]) -> None:
        of_service: dict[int, list[int]] = {}
        at_location: dict[str, list[int]] = {}
        for i, (s, lid) in enumerate(pairs):
            of_service.setdefault(s, []).append(i)
            if lid is not None:
                at_location.setdefault(lid, []).append(i)
        position = {s["id"]: i for i, s in enumerate(self.services)}
        rows: list[tuple[int, Opening]] = []
        for r in conn.execute(text("SELECT * FROM sk_opening")).mappings():
            opening = Opening(r["weekday"], r["nth"], r["opens"], r["closes"], r["valid_from"], r["valid_to"])
            if r["service_id"] is not None:
                targets = [
                    i for i in of_service.get(position.get(r["service_id"], -1), [])
                    if r["location_id"] is None or pairs[i][1] == r["location_id"]
                ]
            else:
                targets = at_location.get(r["location_id"], [])
            rows += [(i, opening) for i in targets]
        self.open_pair = np.array([i for i, _ in rows], dtype=np.int64)
        self.open_day = np.array([o.weekday for _, o in rows], dtype=np.int64)
        self.open_nth = np.array([o.nth for _, o in rows], dtype=np.int64)
        # Clock times as minutes and dates as YYYYMMDD numbers: comparing numbers is fast.
        self.opens = np.array([_minutes(o.opens, -1) for _, o in rows], dtype=np.int64)
        self.closes = np.array([_minutes(o.closes, -1) for _, o in rows], dtype=np.int64)
        self.valid_from = np.array([_day(o.valid_from, 0) for _, o in rows], dtype=np.int64)
        self.valid_to = np.array([_day(o.valid_to, 99999999) for _, o in rows], dtype=np.int64)

    # --- filters (masks) ------------------------------------------------------------------

    def services_with(self, stem: str) -> Mask:
        """Services with a word that starts with the stem, or that is the stem less one or two
        letters (the stemmer cuts inflected forms further: 'schulden' -> 'schul')."""
        mask = np.zeros(len(self.services), dtype=bool)
        lo = bisect.bisect_left(self.words, stem)
        hi = bisect.bisect_left(self.words, stem[:-1] + chr(ord(stem[-1]) + 1))
        hits = list(range(lo, hi))
        for n in range(max(4, len(stem) - 2), len(stem)):
            j = bisect.bisect_left(self.words, stem[:n])
            if j < len(self.words) and self.words[j] == stem[:n]:
                hits.append(j)
        for j in hits:
            mask[self.word_services[j]] = True
        return mask

    def ages(self, age: int) -> Mask:
        with np.errstate(invalid="ignore"):
            young_enough = np.isnan(self.min_age) | (self.min_age <= age)
            old_enough = np.isnan(self.max_age) | (self.max_age >= age)
        mask: Mask = young_enough & old_enough
        return mask

    def in_wijk(self, code: str) -> Mask:
        number = bisect.bisect_left(self.wijk_codes, code)
        found = number < len(self.wijk_codes) and self.wijk_codes[number] == code
        mask: Mask = self.wijk == (number if found else -2)
        return mask

    def open_on(self, weekday: int, moment: Any = None) -> Mask:
        """Pairs open on a weekday; with a moment (a datetime), open at that clock time."""
        rows = self.open_day == weekday
        if moment is not None:
            day = moment.date()
            nth = (day.day - 1) // 7 + 1
            last = -1 if (day + timedelta(days=7)).month != day.month else 0
            minute, today = moment.hour * 60 + moment.minute, day.year * 10000 + day.month * 100 + day.day
            rows &= np.isin(self.open_nth, [0, nth, last])
            rows &= (self.opens >= 0) & (self.opens <= minute) & (self.closes > minute)
            rows &= (self.valid_from <= today) & (self.valid_to >= today)
        mask = np.zeros(len(self.pair_service), dtype=bool)
        mask[self.open_pair[rows]] = True
        return mask


def _minutes(value: str | None, missing: int) -> int:
    if not value or ":" not in value:
        return missing
    hours, minutes = value.split(":")[:2]
    return int(hours) * 60 + int(minutes)


def _day(value: str | None, missing: int) -> int:
    digits = (value or "").replace("-", "")[:8]
    return int(digits) if len(digits) == 8 and digits.isdigit() else missing


def _num(value: Any) -> float:
    return math.nan if value is None else float(value)


# Per database URL: (import stamp, index, when the stamp was last read). The stamp is read at
# most once a second, so a search costs no database round trip; an import in this process drops
# the entry at once, one in another process shows within a second.
_CACHE: dict[str, tuple[tuple[Any, ...], SearchIndex, float]] = {}
_LOCK = threading.Lock()
RECHECK_SECONDS = 1.0


def index_for(db: AppDatabase) -> SearchIndex:
    """The index of a database, rebuilt when an import happened since it was made."""
    cached = _CACHE.get(db.url)
    now = time.monotonic()
    if cached is not None and now - cached[2] < RECHECK_SECONDS:
        return cached[1]
    with _LOCK, db.reader() as conn:
        stamp = tuple(conn.execute(text("SELECT count(*), max(imported_at), max(id) FROM sk_import")).one())
        cached = _CACHE.get(db.url)
        index = cached[1] if cached is not None and cached[0] == stamp else SearchIndex(conn)
        _CACHE[db.url] = (stamp, index, now)
        return index


def forget(db: AppDatabase) -> None:
    """Drop the cached index of a database (after an import in this process)."""
    _CACHE.pop(db.url, None)
