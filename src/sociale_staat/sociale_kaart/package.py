"""HSDS 3.0 in and out: the tabular datapackage (CSV + datapackage.json) and the JSON form.

Reading gives a `Bundle`: every row of every supported table, checked against the vendored
schema of its table and the Dutch profile. Any problem stops the whole read with one error
that names file, row (or JSON path) and field; nothing is returned half.
"""

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sociale_staat.core.errors import InputError
from sociale_staat.sociale_kaart import profile
from sociale_staat.sociale_kaart.schema import TABLES, Row, coerce, table

MAX_REPORTED = 20
# Our own key in datapackage.json / the JSON form: which records are fictitious, with the
# label to show next to them ("fictief (voorbeeldgegevens Open Referral)").
EXTENSION = "sociale_staat"


@dataclass
class Bundle:
    tables: dict[str, dict[str, Row]] = field(default_factory=lambda: {t: {} for t in TABLES})
    labels: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, id) -> label
    warnings: list[str] = field(default_factory=list)

    def count(self) -> dict[str, int]:
        return {t: len(rows) for t, rows in self.tables.items() if rows}


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, messages: list[str]) -> None:
        self.items.extend(f"{where}, {m}" for m in messages)

    def raise_if_any(self, what: str) -> None:
        if self.items:
            shown = self.items[:MAX_REPORTED]
            more = len(self.items) - len(shown)
            tail = f"\n… en nog {more} fouten" if more > 0 else ""
            raise InputError(
                f"{what}: niets geïmporteerd, {len(self.items)} fout(en):\n"
                + "\n".join(shown)
                + tail
            )


# --- reading -------------------------------------------------------------------------------


def read(path: Path, label: str | None = None) -> Bundle:
    """A datapackage folder, a datapackage.json, a CSV folder or a JSON file, checked."""
    if path.is_dir() or path.name == "datapackage.json":
        bundle = read_tabular(path if path.is_dir() else path.parent)
    elif path.suffix.lower() == ".json":
        bundle = read_json(path)
    else:
        raise InputError(f"{path}: geen map, datapackage.json of .json-bestand")
    if label:
        for t, rows in bundle.tables.items():
            for rid in rows:
                bundle.labels[(t, rid)] = label
    return bundle


def read_tabular(folder: Path) -> Bundle:
    if not folder.is_dir():
        raise InputError(f"{folder}: map bestaat niet")
    bundle = Bundle()
    problems = _Problems()
    descriptor = folder / "datapackage.json"
    files = _resource_files(folder, descriptor, bundle)
    for name in TABLES:
        file = files.get(name)
        if file is not None:
            _read_csv(file, name, bundle, problems)
    problems.raise_if_any(str(folder))
    if not any(bundle.tables.values()):
        raise InputError(f"{folder}: geen HSDS-tabellen gevonden (bijvoorbeeld services.csv)")
    if descriptor.exists():
        _apply_labels(_read_json_file(descriptor), bundle, descriptor)
    _check_links(bundle)
    return bundle


def _read_json_file(file: Path) -> Any:
    """Parsed JSON; every way it can be unreadable is one InputError naming the file."""
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(f"{file}: niet te lezen ({err.strerror})") from None
    except UnicodeDecodeError as err:
        raise InputError(f"{file}: geen UTF-8-tekst (byte {err.start})") from None
    except json.JSONDecodeError as err:
        raise InputError(f"{file}: geen geldige JSON (regel {err.lineno}, kolom {err.colno})") from None
    except RecursionError:
        raise InputError(f"{file}: geen geldige JSON (te diep genest)") from None


def _resource_files(folder: Path, descriptor: Path, bundle: Bundle) -> dict[str, Path]:
    files: dict[str, Path] = {}
    if descriptor.exists():
        package = _read_json_file(descriptor)
        resources = package.get("resources", []) if isinstance(package, dict) else None
        if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
            raise InputError(f"{descriptor}: verwacht een object met een lijst 'resources'")
        for resource in resources:
            name, rel = resource.get("name"), resource.get("path")
            if not isinstance(rel, str) or Path(rel).name != rel:
                raise InputError(f"{descriptor}: resource {name!r} heeft geen bestandsnaam als path")
            if name in TABLES:
                files[name] = folder / rel
            elif (folder / rel).exists():
                bundle.warnings.append(f"{rel}: tabel '{name}' wordt (nog) niet ingelezen")
        return {k: v for k, v in files.items() if v.exists()}
    for name in TABLES:
        for candidate in _file_names(name):
            if (folder / candidate).exists():
                files[name] = folder / candidate
                break
    return files


def csv_name(name: str) -> str:
    """The file a table is written to. The vendored 3.0.0 schema declares 'addresss.csv' for
    addresses (a typo later HSDS releases fixed); we write 'addresses.csv', as the examples do,
    and read both."""
    return "addresses.csv" if name == "address" else table(name).csv_name


def _file_names(name: str) -> list[str]:
    return [csv_name(name), table(name).csv_name, f"{name}s.csv", f"{name}.csv"]


def _read_csv(file: Path, name: str, bundle: Bundle, problems: _Problems) -> None:
    try:
        handle = file.open(encoding="utf-8-sig", newline="")
    except OSError as err:
        raise InputError(f"{file}: niet te lezen ({err.strerror})") from None
    with handle:
        try:
            _read_rows(csv.DictReader(handle), file, name, bundle, problems)
        except UnicodeDecodeError as err:
            raise InputError(f"{file}: geen UTF-8-tekst (byte {err.start})") from None
        except csv.Error as err:
            raise InputError(f"{file}: onleesbare CSV ({err})") from None


def _read_rows(
    reader: "csv.DictReader[str]", file: Path, name: str, bundle: Bundle, problems: _Problems
) -> None:
    tbl = table(name)
    for raw in reader:
        where = f"{file.name}, regel {reader.line_num}"
        if None in raw:  # DictReader puts cells beyond the header under None
            problems.add(where, [f"{len(raw[None])} veld(en) meer dan de kopregel"])
        row, messages = coerce(tbl, raw)
        messages += tbl.validate(row)
        messages += [
            f"veld '{f}': verplicht in de tabelvorm maar leeg"
            for f in tbl.tabular_required
            if f not in row
        ]
        messages += profile.check(name, row)
        rid = str(row.get("id", ""))
        if rid and rid in bundle.tables[name]:
            messages.append(f"veld 'id': {rid!r} komt twee keer voor")
        problems.add(where, messages)
        if rid:
            bundle.tables[name][rid] = row


def read_json(file: Path) -> Bundle:
    data = _read_json_file(file)
    if isinstance(data, dict) and "contents" in data:
        services = data["contents"]
        if not isinstance(services, list):
            raise InputError(f"{file}: 'contents' is geen lijst van diensten")
    elif isinstance(data, list):
        services = data
    else:
        services = [data]
    bundle = Bundle()
    problems = _Problems()
    flat = _Flattener(bundle, problems, file.name)
    for i, service in enumerate(services):
        flat.service(service, f"contents[{i}]" if len(services) > 1 or isinstance(data, list) else "service")
    problems.raise_if_any(str(file))
    if isinstance(data, dict):
        _apply_labels(data, bundle, file)
    _check_links(bundle)
    return bundle


class _Flattener:
    """Nested JSON objects to table rows, with the parent ids filled in from the nesting."""

    def __init__(self, bundle: Bundle, problems: _Problems, file: str) -> None:
        self.bundle, self.problems, self.file = bundle, problems, file

    def add(self, name: str, obj: Any, where: str, links: dict[str, str]) -> str | None:
        if not isinstance(obj, dict):
            self.problems.add(f"{self.file}, {where}", ["geen object"])
            return None
        tbl = table(name)
        row: Row = {k: v for k, v in obj.items() if _is_scalar(v) and v is not None}
        row.update(links)
        messages = tbl.validate(row) + profile.check(name, row)
        self.problems.add(f"{self.file}, {where}", messages)
        rid = str(row.get("id", ""))
        if not rid:
            return None
        known = self.bundle.tables[name].get(rid)
        if known is not None:  # the same record nested in several places: one row
            clash = [k for k in row if k in known and known[k] != row[k] and k not in links]
            if clash:
                self.problems.add(
                    f"{self.file}, {where}",
                    [f"veld '{clash[0]}': {name} {rid} staat elders met een andere waarde"],
                )
            known.update(row)
        else:
            self.bundle.tables[name][rid] = row
        return rid

    def service(self, obj: Any, where: str) -> None:
        org = obj.get("organization") if isinstance(obj, dict) else None
        links = {}
        if isinstance(org, dict):
            org_id = self.organization(org, f"{where}.organization")
            if org_id:
                links["organization_id"] = org_id
        sid = self.add("service", obj, where, links)
        if sid is None:
            return
        self.children(obj, where, "service", sid)
        for i, sal in enumerate(_list(obj, "service_at_locations")):
            here = f"{where}.service_at_locations[{i}]"
            sal_links = {"service_id": sid}
            location = sal.get("location") if isinstance(sal, dict) else None
            if isinstance(location, dict):
                lid = self.location(location, f"{here}.location", {})
                if lid:
                    sal_links["location_id"] = lid
            sal_id = self.add("service_at_location", sal, here, sal_links)
            if sal_id:
                self.children(sal, here, "service_at_location", sal_id)

    def organization(self, obj: dict[str, Any], where: str) -> str | None:
        oid = self.add("organization", obj, where, {})
        if oid:
            self.children(obj, where, "organization", oid)
            for i, loc in enumerate(_list(obj, "locations")):
                self.location(loc, f"{where}.locations[{i}]", {"organization_id": oid})
        return oid

    def location(self, obj: dict[str, Any], where: str, links: dict[str, str]) -> str | None:
        lid = self.add("location", obj, where, links)
        if lid:
            self.children(obj, where, "location", lid)
            for key in ("addresses", "addresss"):
                for i, address in enumerate(_list(obj, key)):
                    self.add("address", address, f"{where}.{key}[{i}]", {"location_id": lid})
        return lid

    def children(self, obj: Any, where: str, parent: str, pid: str) -> None:
        for i, phone in enumerate(_list(obj, "phones")):
            self.add("phone", phone, f"{where}.phones[{i}]", {f"{parent}_id": pid})
        for i, schedule in enumerate(_list(obj, "schedules")):
            self.add("schedule", schedule, f"{where}.schedules[{i}]", {f"{parent}_id": pid})
        for i, attr in enumerate(_list(obj, "attributes")):
            here = f"{where}.attributes[{i}]"
            links = {"link_id": pid, "link_entity": parent}
            term = attr.get("taxonomy_term") if isinstance(attr, dict) else None
            if isinstance(term, dict):
                tid = self.add("taxonomy_term", term, f"{here}.taxonomy_term", {})
                if tid:
                    links["taxonomy_term_id"] = tid
            self.add("attribute", attr, here, links)


def _list(obj: Any, key: str) -> list[Any]:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, list) else []


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _apply_labels(meta: dict[str, Any], bundle: Bundle, file: Path) -> None:
    ext = meta.get(EXTENSION)
    if not isinstance(ext, dict) or "fictief" not in ext:
        return
    spec = ext["fictief"]
    if isinstance(spec, str):  # every record of the package
        for t, rows in bundle.tables.items():
            for rid in rows:
                bundle.labels[(t, rid)] = spec
        return
    if not isinstance(spec, dict | None) or not all(
        isinstance(label, str) and isinstance(refs, list) and all(_is_ref(r) for r in refs)
        for label, refs in (spec or {}).items()
    ):
        raise InputError(
            f"{file}: '{EXTENSION}.fictief': verwacht een tekst, of per label [tabel, id]-paren"
        )
    for label_text, refs in (spec or {}).items():
        for t, rid in refs:
            if rid in bundle.tables.get(t, {}):
                bundle.labels[(t, rid)] = label_text


def _is_ref(ref: object) -> bool:
    return isinstance(ref, list) and len(ref) == 2 and all(isinstance(x, str) for x in ref)


# Links checked after reading: HSDS example packages hold one sample row per table whose ids
# need not meet, so a missing parent is a warning (the record is kept) rather than an error.
LINKS = (
    ("service", "organization_id", "organization"),
    ("location", "organization_id", "organization"),
    ("service_at_location", "service_id", "service"),
    ("service_at_location", "location_id", "location"),
    ("address", "location_id", "location"),
    ("attribute", "taxonomy_term_id", "taxonomy_term"),
)


def _check_links(bundle: Bundle) -> None:
    for child, key, parent in LINKS:
        for rid, row in bundle.tables[child].items():
            ref = row.get(key)
            if ref is not None and str(ref) not in bundle.tables[parent]:
                bundle.warnings.append(
                    f"{child} {rid}: {key} {ref} staat niet in het pakket (verwijzing onbekend)"
                )
