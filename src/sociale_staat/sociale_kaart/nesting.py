"""The JSON form of HSDS: a service with its organisation, locations, phones, schedules and
taxonomy terms nested inside, built from table rows (and flattened back by package.read_json).
"""

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from sociale_staat.sociale_kaart.package import EXTENSION, Bundle, label_map

Obj = dict[str, Any]  # a nested HSDS object, as the JSON form defines it


class Nester:
    """Nested objects from the rows of one bundle (indexes built once)."""

    def __init__(self, bundle: Bundle) -> None:
        self.b = bundle
        self.by: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        keys = {
            "phone": ("service_id", "location_id", "organization_id", "service_at_location_id"),
            "schedule": ("service_id", "location_id", "service_at_location_id"),
            "address": ("location_id",),
            "service_at_location": ("service_id",),
            "attribute": ("link_id",),
        }
        for name, fields in keys.items():
            for rid in sorted(bundle.tables[name]):
                row = bundle.tables[name][rid]
                for key in fields:
                    if key in row:
                        self.by[(name, key, str(row[key]))].append(rid)

    def _rows(self, name: str, key: str, value: str) -> list[Obj]:
        return [dict(self.b.tables[name][r]) for r in self.by.get((name, key, value), [])]

    def _attributes(self, entity: str, rid: str) -> list[Obj]:
        out = []
        for attr in self._rows("attribute", "link_id", rid):
            if attr.get("link_entity", entity) != entity:
                continue
            term = self.b.tables["taxonomy_term"].get(str(attr.get("taxonomy_term_id", "")))
            if term is not None:
                attr["taxonomy_term"] = dict(term)
            out.append(attr)
        return out

    def _with_children(self, name: str, rid: str, obj: Obj) -> Obj:
        key = f"{name}_id"
        obj["phones"] = self._rows("phone", key, rid)
        obj["schedules"] = self._rows("schedule", key, rid)
        obj["attributes"] = self._attributes(name, rid)
        return obj

    def location(self, lid: str) -> Obj | None:
        row = self.b.tables["location"].get(lid)
        if row is None:
            return None
        obj = self._with_children("location", lid, dict(row))
        obj["addresses"] = self._rows("address", "location_id", lid)
        return obj

    def organization(self, oid: str) -> Obj | None:
        row = self.b.tables["organization"].get(oid)
        return None if row is None else self._with_children("organization", oid, dict(row))

    def service(self, sid: str) -> Obj:
        obj = self._with_children("service", sid, dict(self.b.tables["service"][sid]))
        org = self.organization(str(obj.get("organization_id", "")))
        if org is not None:
            obj["organization"] = org
        sals = []
        for sal in self._rows("service_at_location", "service_id", sid):
            sal = self._with_children("service_at_location", str(sal["id"]), sal)
            loc = self.location(str(sal.get("location_id", "")))
            if loc is not None:
                sal["location"] = loc
            sals.append(sal)
        obj["service_at_locations"] = sals
        return obj


def write_json(bundle: Bundle, file: Path) -> Path:
    """Every service in the JSON form, as one HSDS API page; temp file, then rename."""
    nester = Nester(bundle)
    services = [nester.service(sid) for sid in sorted(bundle.tables["service"])]
    page: Obj = {
        "total_items": len(services),
        "total_pages": 1,
        "page_number": 1,
        "size": len(services),
        "first_page": True,
        "last_page": True,
        "empty": not services,
        "contents": services,
    }
    if bundle.labels:
        page[EXTENSION] = {"fictief": label_map(bundle)}
    tmp = file.with_name(file.name + ".tmp")
    tmp.write_text(json.dumps(page, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(file)
    return file
