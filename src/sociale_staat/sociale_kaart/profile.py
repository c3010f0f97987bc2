"""The Dutch profile of HSDS used here (documented in docs/sociale-kaart.md).

- An address with country `NL` has a Dutch postcode: four digits (not starting with 0), an
  optional space, two capital letters ("1315 AB").
- Organisation identifiers travel as HSDS attributes on the organisation (`link_entity`
  `organization`): `link_type` `kvk_nummer` (Kamer van Koophandel, 8 digits) and `agb_code`
  (Vektis AGB code for care providers, 8 digits).
- CBS wijk and buurt codes are not imported: every location gets them from the bundled
  boundaries (geo.py), so they cannot disagree with the map.
"""

import math
import re

from sociale_staat.sociale_kaart.schema import Row

POSTCODE = re.compile(r"^[1-9][0-9]{3} ?[A-Z]{2}$")
IDENTIFIERS = {
    "kvk_nummer": (re.compile(r"^[0-9]{8}$"), "KvK-nummer (8 cijfers)"),
    "agb_code": (re.compile(r"^[0-9]{8}$"), "AGB-code (8 cijfers)"),
}


# Control characters (NUL and the like) are never part of a name, address or time, and
# PostgreSQL cannot store NUL in text: a row holding one is refused, naming the field.
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check(table: str, row: Row) -> list[str]:
    """Dutch-profile problems of one row, each naming the field."""
    problems = [
        f"veld '{k}': bevat een stuurteken ({ord(m.group()):#04x})"
        for k, v in row.items()
        if isinstance(v, str) and (m := CONTROLS.search(v))
    ]
    problems += [  # 'nan', 'inf' and '1e999' read as floats, but are no coordinates or ages
        f"veld '{k}': {v!r} is geen eindig getal"
        for k, v in row.items()
        if isinstance(v, float) and not math.isfinite(v)
    ]
    if table == "address" and str(row.get("country", "")).upper() == "NL":
        code = str(row.get("postal_code", ""))
        if not POSTCODE.match(code):
            problems.append(f"veld 'postal_code': {code!r} is geen Nederlandse postcode (1234 AB)")
    if table == "attribute" and row.get("link_type") in IDENTIFIERS:
        pattern, what = IDENTIFIERS[str(row["link_type"])]
        value = str(row.get("value", ""))
        if not pattern.match(value):
            problems.append(f"veld 'value': {value!r} is geen {what}")
    return problems


def pc4(postal_code: str | None) -> str | None:
    """The four digits of a Dutch postcode, or None."""
    m = re.match(r"^\s*([1-9][0-9]{3})", postal_code or "")
    return m.group(1) if m else None
