"""The search tables derived from the HSDS records: services, placed locations (with CBS wijk
and buurt), stemmed words and opening hours. A pure function of the records.
"""

import re
from dataclasses import asdict, dataclass
from typing import Any

from sociale_staat.core.text import STOPWORDS, stems
from sociale_staat.sociale_kaart.geo import Boundaries
from sociale_staat.sociale_kaart.package import Bundle
from sociale_staat.sociale_kaart.profile import pc4
from sociale_staat.sociale_kaart.schema import Row

DAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_BYDAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)[A-Z]?$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class Derived:
    services: list[dict[str, Any]]
    locations: list[dict[str, Any]]
    links: list[dict[str, Any]]
    words: list[dict[str, Any]]
    openings: list[dict[str, Any]]


def derive(bundle: Bundle, boundaries: Boundaries) -> Derived:
    t = bundle.tables
    services = [_service(row, t["organization"], bundle.labels.get(("service", sid))) for sid, row in t["service"].items()]
    addresses: dict[str, Row] = {}
    for row in t["address"].values():
        lid = str(row.get("location_id", ""))
        if lid not in addresses or row.get("address_type") == "physical":
            addresses[lid] = row
    locations = [_location(lid, row, addresses.get(lid), boundaries) for lid, row in t["location"].items()]
    links = [
        {"service_id": str(r["service_id"]), "location_id": str(r["location_id"])}
        for r in t["service_at_location"].values()
        if str(r.get("service_id")) in t["service"] and str(r.get("location_id")) in t["location"]
    ]
    links = [dict(x) for x in {tuple(sorted(d.items())) for d in links}]
    return Derived(services, locations, links, _words(bundle), _openings(bundle))


def _service(row: Row, organizations: dict[str, Row], label: str | None) -> dict[str, Any]:
    org = organizations.get(str(row.get("organization_id", "")))
    return {
        "id": str(row["id"]),
        "organization_id": row.get("organization_id"),
        "organization_name": org.get("name") if org else None,
        "name": str(row["name"]),
        "description": row.get("description"),
        "status": str(row["status"]),
        "minimum_age": row.get("minimum_age"),
        "maximum_age": row.get("maximum_age"),
        "assured_date": row.get("assured_date"),
        "label": label,
    }


def _location(lid: str, row: Row, address: Row | None, boundaries: Boundaries) -> dict[str, Any]:
    lat, lon = row.get("latitude"), row.get("longitude")
    valid = isinstance(lat, int | float) and isinstance(lon, int | float) and abs(lat) <= 90 and abs(lon) <= 180
    place = boundaries.locate(float(lat), float(lon)) if valid else None  # type: ignore[arg-type]
    postcode = pc4(str(address.get("postal_code"))) if address else None
    text = None
    if address:
        parts = [address.get("address_1"), " ".join(str(address.get(k, "")) for k in ("postal_code", "city")).strip()]
        text = ", ".join(str(p) for p in parts if p)
    return {
        "id": lid,
        "name": row.get("name"),
        "address": text,
        "postcode": postcode,
        "latitude": float(lat) if valid else None,  # type: ignore[arg-type]
        "longitude": float(lon) if valid else None,  # type: ignore[arg-type]
        "wijk_code": place.wijk_code if place else None,
        "buurt_code": place.buurt_code if place else None,
    }


def _words(bundle: Bundle) -> list[dict[str, Any]]:
    t = bundle.tables
    texts: dict[str, list[str]] = {
        sid: [str(row.get(k, "")) for k in ("name", "alternate_name", "description")]
        for sid, row in t["service"].items()
    }
    for attr in t["attribute"].values():
        sid = str(attr.get("link_id", ""))
        if sid in texts and attr.get("link_entity", "service") == "service":
            term = t["taxonomy_term"].get(str(attr.get("taxonomy_term_id", "")))
            if term is not None:
                texts[sid] += [str(term.get("name", "")), str(term.get("code", ""))]
    out = []
    for sid, parts in texts.items():
        words = {w for w in stems(" ".join(parts)) if w not in STOPWORDS and len(w) > 1}
        out += [{"word": w, "service_id": sid} for w in sorted(words)]
    return out


def _openings(bundle: Bundle) -> list[dict[str, Any]]:
    sals = bundle.tables["service_at_location"]
    out = []
    for row in bundle.tables["schedule"].values():
        service_id, location_id = row.get("service_id"), row.get("location_id")
        sal = sals.get(str(row.get("service_at_location_id", "")))
        if sal is not None:
            service_id, location_id = sal.get("service_id"), sal.get("location_id")
        if service_id is None and location_id is None:
            continue
        for weekday, nth in _days(row):
            out.append(
                asdict(
                    _Opening(
                        None if service_id is None else str(service_id),
                        None if location_id is None else str(location_id),
                        weekday,
                        nth,
                        _hhmm(row.get("opens_at")),
                        _hhmm(row.get("closes_at")),
                        _str(row.get("valid_from")),
                        _str(row.get("valid_to")),
                    )
                )
            )
    return out


@dataclass(frozen=True)
class _Opening:
    service_id: str | None
    location_id: str | None
    weekday: int
    nth: int
    opens: str | None
    closes: str | None
    valid_from: str | None
    valid_to: str | None


def _days(row: Row) -> list[tuple[int, int]]:
    """(weekday, nth) pairs of an RRULE-like schedule; monthly rules keep their ordinal."""
    monthly = row.get("freq") == "MONTHLY"
    days = []
    for part in str(row.get("byday", "")).upper().replace(" ", "").split(","):
        m = _BYDAY.match(part)
        if m:
            nth = int(m.group(1)) if (m.group(1) and monthly) else 0
            days.append((DAYS[m.group(2)], nth))
    return days


def _hhmm(value: object) -> str | None:
    # Times are read as local (Dutch) clock times; an offset or 'Z' in the data is ignored.
    m = _TIME.match(str(value or ""))
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else None


def _str(value: object) -> str | None:
    return None if value is None else str(value)
