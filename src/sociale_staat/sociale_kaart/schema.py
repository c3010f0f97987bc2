"""The vendored HSDS 3.0 table schemas (hsds/*.json) and row validation against them.

Each schema describes one table: its CSV file name, its scalar fields (the columns of the
tabular form) and the fields that must be present. Nested properties (arrays and `$ref`) belong
to the JSON form and are checked table by table after flattening, so a row is always validated
against the schema of its own table, in both forms.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

HSDS_DIR = Path(__file__).parent / "hsds"

# The tables this part reads and writes, parents first (the order of the tabular export).
TABLES = (
    "organization",
    "service",
    "location",
    "service_at_location",
    "address",
    "phone",
    "schedule",
    "taxonomy_term",
    "attribute",
)

Scalar = str | int | float
Row = dict[str, Scalar]  # one HSDS record: field name -> value, as the table schema declares


@dataclass(frozen=True)
class Table:
    name: str
    csv_name: str  # the file name the schema declares
    fields: tuple[str, ...]  # scalar fields, in schema order
    numbers: frozenset[str]
    required: tuple[str, ...]
    tabular_required: tuple[str, ...]
    validator: Draft202012Validator

    def validate(self, row: Row) -> list[str]:
        """Dutch messages, one per problem, each naming the field."""
        return [_message(e) for e in sorted(self.validator.iter_errors(row), key=str)]


@cache
def table(name: str) -> Table:
    """The declared schema of one HSDS table."""
    raw: dict[str, Any] = json.loads((HSDS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    scalars = {
        k: v
        for k, v in raw["properties"].items()
        if "$ref" not in v and v.get("type") in ("string", "number")
    }
    flat = {
        "type": "object",
        "properties": {k: _keywords(v) for k, v in scalars.items()},
        "required": list(raw.get("required", [])),
    }
    return Table(
        name=name,
        csv_name=raw["path"],
        fields=tuple(scalars),
        numbers=frozenset(k for k, v in scalars.items() if v["type"] == "number"),
        required=tuple(raw.get("required", [])),
        tabular_required=tuple(raw.get("tabular_required", [])),
        validator=Draft202012Validator(flat),
    )


def _keywords(prop: dict[str, Any]) -> dict[str, Any]:
    # Only the validating keywords; 'constraints', 'example', 'core' are datapackage metadata.
    return {k: prop[k] for k in ("type", "enum") if k in prop}


def _message(err: Any) -> str:
    field = err.path[0] if err.path else None
    if err.validator == "required":
        missing = err.message.split("'")[1]
        return f"veld '{missing}': verplicht maar leeg"
    if err.validator == "enum":
        allowed = ", ".join(str(v) for v in err.validator_value)
        return f"veld '{field}': {err.instance!r} is geen toegestane waarde ({allowed})"
    if err.validator == "type":
        kind = {"number": "een getal", "string": "tekst"}.get(err.validator_value, err.validator_value)
        return f"veld '{field}': {err.instance!r} is geen {kind}"
    return f"veld '{field}': {err.message}"


def coerce(tbl: Table, raw: dict[str, str | None]) -> tuple[Row, list[str]]:
    """A CSV row as typed values: empty cells are absent, number fields become numbers."""
    row: Row = {}
    problems = []
    for key, value in raw.items():
        if key is None or value is None or value == "":
            continue
        if key in tbl.numbers:
            try:
                number = float(value)
            except ValueError:
                problems.append(f"veld '{key}': {value!r} is geen getal")
                continue
            row[key] = int(number) if number.is_integer() else number
        else:
            row[key] = value
    return row, problems
