"""Writing HSDS: the JSON form (a service with its organisation, locations, phones, schedules
and taxonomy terms nested inside, built from table rows and flattened back by
package.read_json) and the tabular datapackage (CSV per table plus datapackage.json).
"""

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from sociale_staat.sociale_kaart.package import EXTENSION, Bundle, csv_name
from sociale_staat.sociale_kaart.schema import TABLES, Scalar, table

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


def write_tabular(bundle: Bundle, folder: Path) -> list[Path]:
    """CSV per table plus datapackage.json; written into a temp folder, then renamed in."""
    tmp = folder.with_name(folder.name + ".tmp")
    if tmp.exists():
        _remove_tree(tmp)
    tmp.mkdir(parents=True)
    resources = []
    for name in TABLES:
        rows = bundle.tables[name]
        if not rows:
            continue
        tbl = table(name)
        extra = sorted({k for r in rows.values() for k in r} - set(tbl.fields))
        columns = [*tbl.fields, *extra]
        file = tmp / csv_name(name)
        with file.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            for rid in sorted(rows):
                writer.writerow({k: _cell(v) for k, v in rows[rid].items()})
        resources.append(_resource(name, columns))
    package: dict[str, Any] = {
        "name": "sociale_kaart",
        "profile": "tabular-data-package",
        "resources": resources,
    }
    if bundle.labels:
        package[EXTENSION] = {"fictief": label_map(bundle)}
    (tmp / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    if folder.exists():
        _remove_tree(folder)
    tmp.rename(folder)
    return sorted(folder.iterdir())


def _resource(name: str, columns: list[str]) -> dict[str, Any]:
    tbl = table(name)
    fields = [
        {"name": c, "type": "number" if c in tbl.numbers else "string"} for c in columns
    ]
    return {
        "name": name,
        "path": csv_name(name),
        "profile": "tabular-data-resource",
        "schema": {"primaryKey": "id", "fields": fields},
    }


def _cell(value: Scalar) -> str:
    return str(value)


def label_map(bundle: Bundle) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    for (t, rid), label in sorted(bundle.labels.items()):
        out.setdefault(label, []).append([t, rid])
    return out


def _remove_tree(folder: Path) -> None:
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
