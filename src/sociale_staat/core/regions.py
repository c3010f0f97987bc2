"""CBS region codes and the labels StatLine uses for them ("Groningen (gemeente)", "Flevoland (PV)").

The register is learned from the data itself: the "Gebieden in Nederland" tables (every gemeente
with its provincie, landsdeel and COROP) and every table that carries codes next to labels.
A label that fits several codes is never guessed.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # only for types: pandas costs start-up time in every query
    import pandas as pd

    from sociale_staat.declarations.sources import SourceSpec

Level = Literal["nederland", "landsdeel", "provincie", "corop", "gemeente", "wijk", "buurt"]

LEVELS: tuple[Level, ...] = (
    "nederland",
    "landsdeel",
    "provincie",
    "corop",
    "gemeente",
    "wijk",
    "buurt",
)
_PREFIX_LEVEL: dict[str, Level] = {
    "NL": "nederland",
    "LD": "landsdeel",
    "PV": "provincie",
    "CR": "corop",
    "GM": "gemeente",
    "WK": "wijk",
    "BU": "buurt",
}
_LEVEL_SUFFIX = {"landsdeel": "LD", "provincie": "PV", "corop": "CR"}
CODE = re.compile(r"^(NL(?:0[01])?|LD\d{2}|PV\d{2}|CR\d{2}|GM\d{4}|WK\d{6}|BU\d{8})$")
# Suffixes of region kinds we do not model (GGD-regio, arbeidsmarktregio, ...): skipped, not errors.
_OTHER_KIND = re.compile(r"\((AM|BT|GG|GA|JZ|PD|RE|SG|VT|CG|brt|ZK|VR|RA|LB|KK|ES)\)$")


def normalise_code(raw: str) -> str:
    """Strip padding; every spelling of Nederland (NL00, NL01) becomes NL."""
    code = raw.strip()
    return "NL" if code in ("NL", "NL00", "NL01") else code  # NL98 is 'Buitenland', not NL


def level_of(code: str) -> Level | None:
    return _PREFIX_LEVEL.get(code[:2]) if CODE.match(code) else None


@dataclass(frozen=True)
class Resolution:
    code: str | None
    reason: str = ""  # why there is no code: "meerduidig: ...", "ander gebiedstype", "onbekend"


@dataclass
class RegionRegister:
    names: dict[str, str] = field(default_factory=dict)  # code -> name
    labels: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    provincie: dict[str, str] = field(default_factory=dict)  # gemeente code -> PV code
    indelingen: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def add(self, code: str, name: str, label: str | None = None) -> None:
        """Learn a code with its plain name and, optionally, the label a table uses for it."""
        code = normalise_code(code)
        level = level_of(code)
        name = name.strip()
        if level is None or not name:
            return
        self.names.setdefault(code, name)
        forms = {label.strip()} if label else set()
        match level:
            case "nederland":
                forms.add("Nederland")
            case "gemeente":
                forms |= {name, f"{name} (gemeente)", f"{name} (GM)"}
            case "landsdeel" | "provincie" | "corop":
                forms.add(f"{name} ({_LEVEL_SUFFIX[level]})")
            case "wijk" | "buurt":
                pass  # wijk and buurt names repeat across gemeenten: only codes identify them
        for form in forms:
            self.labels[form].add(code)

    def resolve(self, label: str) -> Resolution:
        text = label.strip()
        code = normalise_code(text)
        if CODE.match(code):
            return Resolution(code)
        codes = self.labels.get(text, set())
        if len(codes) == 1:
            return Resolution(next(iter(codes)))
        if len(codes) > 1:
            return Resolution(None, "meerduidig: " + ", ".join(sorted(codes)))
        if _OTHER_KIND.search(text):
            return Resolution(None, "ander gebiedstype")
        return Resolution(None, "onbekend gebied")

    def name(self, code: str) -> str:
        return self.names.get(code, code)

    def learn_gebieden(self, rows: Iterable[dict[str, str]], year: int) -> None:
        """Learn from a "Gebieden in Nederland" table: code/name column pairs per gemeente."""
        for row in rows:
            keys = list(row)
            gemeente = normalise_code(row["Code_1"])
            self.indelingen[gemeente].add(year)
            self.add(gemeente, row["Naam_2"], row.get("RegioS"))
            for code_key, name_key in pairwise(keys):
                if code_key.startswith("Code_") and name_key.startswith("Naam_"):
                    self.add(row[code_key], row[name_key])
                    if level_of(normalise_code(row[code_key])) == "provincie":
                        # Tables are read oldest edition first: the newest province wins.
                        self.provincie[gemeente] = normalise_code(row[code_key])
        self.add("NL", "Nederland")


def learn_register(tables: Iterable[tuple["SourceSpec", "pd.DataFrame"]]) -> RegionRegister:
    """A register from every table that names regions by code: Gebieden tables first."""
    register = RegionRegister()
    ordered = sorted(tables, key=lambda t: t[0].role != "gebieden")
    for spec, frame in ordered:
        if spec.role == "gebieden":
            register.learn_gebieden(
                frame.astype(str).to_dict("records"),  # type: ignore[arg-type]
                int(spec.period_fixed or 0),
            )
        elif spec.region_code:
            pairs = frame[[spec.region_code, spec.region]].drop_duplicates()
            for code, label in pairs.itertuples(index=False):
                register.add(code, _plain(label), label)
    return register


def _plain(label: str) -> str:
    """'Groningen (gemeente)' -> 'Groningen'; 'Bergen (NH.)' stays: that suffix is the name."""
    return re.sub(r" \((gemeente|GM|PV|LD|CR)\)$", "", label.strip())
