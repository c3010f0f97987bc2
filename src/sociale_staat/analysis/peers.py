"""Peer groups (`peer_groups/<name>.yml`): a fixed list, rules over the data, or nearest neighbours.

A group is a declaration with its rationale; resolving it against the warehouse gives members,
and for a similarity group the distances and what each characteristic contributes to them.
"""

import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, assert_never

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sociale_staat.core.errors import InputError, SocialeStaatError, describe
from sociale_staat.core.yamlfile import load_yaml
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.warehouse.records import Area


class ListGroup(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["lijst"]
    title: str
    focus: str | None = None
    members: dict[str, str] = Field(description="code -> name (the name documents the code)")
    in_depth: list[str] = Field(default_factory=list)
    rationale: str


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    indicator: str | None = None
    min: float | None = None
    max: float | None = None
    provincie: str | None = None


class CriteriaGroup(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["criteria"]
    title: str
    period: int
    rules: list[Rule] = Field(min_length=1)
    rationale: str


class Feature(BaseModel):
    model_config = ConfigDict(extra="forbid")
    indicator: str
    weight: float = Field(1.0, gt=0)
    log: bool = False


class SimilarityGroup(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["gelijkenis"]
    title: str
    k: int = Field(12, ge=1, le=100)
    period: int
    features: list[Feature] = Field(min_length=1)
    rationale: str


GroupSpec = Annotated[ListGroup | CriteriaGroup | SimilarityGroup, Field(discriminator="kind")]


class _Wrapper(BaseModel):
    group: GroupSpec


@dataclass
class Member:
    code: str
    name: str
    distance: float | None = None
    contributions: dict[str, float] = field(default_factory=dict)  # feature -> share of distance²
    in_depth: bool = False


@dataclass
class PeerGroup:
    name: str
    title: str
    kind: str
    rationale: str
    focus: Area
    members: list[Member]
    notes: list[str] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return [m.code for m in self.members]

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "title": self.title,
            "kind": self.kind,
            "rationale": self.rationale,
            "focus": self.focus.as_dict(),
            "notes": self.notes,
            "members": [m.__dict__ for m in self.members],
        }


class UnknownPeerGroup(SocialeStaatError):
    """A peer-group name that is not one of the declared groups."""


_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@functools.cache
def declared(folder: Path) -> dict[str, Path]:
    """The declared groups by name, listed once: a requested name is looked up here and is
    never joined into a path, so no name (`../x`, an absolute path, a directory) opens a file."""
    return {p.stem: p for p in sorted(folder.glob("*.yml")) if p.is_file() and _NAME.match(p.stem)}


def load_group(folder: Path, name: str) -> ListGroup | CriteriaGroup | SimilarityGroup:
    path = declared(folder).get(name)
    if path is None:
        # Echo the name only when it looks like one: never a path or a long string back.
        shown = f" '{name}'" if _NAME.match(name) else ""
        known = ", ".join(group_names(folder))
        raise UnknownPeerGroup(f"onbekende peergroep{shown} (kies uit {known})")
    return _read(path)


@functools.cache
def _read(path: Path) -> ListGroup | CriteriaGroup | SimilarityGroup:
    where = f"peer_groups/{path.name}"  # relative: a message never shows a server path
    data = load_yaml(path, where)
    try:
        group: ListGroup | CriteriaGroup | SimilarityGroup = _Wrapper.model_validate(
            {"group": data}
        ).group
        return group
    except ValidationError as err:
        raise InputError(f"{where}: {describe(err, skip=2)}") from None


def group_names(folder: Path) -> list[str]:
    return list(declared(folder))


SIMILAR_GROUP = "structuur-vergelijkbaar"


def default_group(warehouse: Warehouse, folder: Path, focus: str) -> str:
    """The group declared for this focus (a list group with `focus:`), else the structure-similar
    group, so any gemeente gets peers with a stated rationale."""
    code = focus_area(warehouse, focus).code
    for name in group_names(folder):
        spec = load_group(folder, name)
        if isinstance(spec, ListGroup) and spec.focus == code:
            return name
    return SIMILAR_GROUP


def resolve(warehouse: Warehouse, folder: Path, name: str, focus: str) -> PeerGroup:
    """Members of group `name` for `focus` (a gemeente), never including the focus itself."""
    spec = load_group(folder, name)
    area = focus_area(warehouse, focus)
    match spec:
        case ListGroup():
            members = [
                Member(code, warehouse.area(code).name, in_depth=code in spec.in_depth)
                for code in spec.members
                if code != area.code
            ]
            notes = []
            if spec.focus and spec.focus != area.code:
                notes.append(f"deze groep is samengesteld voor {warehouse.area(spec.focus).name}")
            return PeerGroup(name, spec.title, spec.kind, spec.rationale, area, members, notes)
        case CriteriaGroup():
            members, notes = _by_rules(warehouse, spec, area.code)
            return PeerGroup(name, spec.title, spec.kind, spec.rationale, area, members, notes)
        case SimilarityGroup():
            return similar(warehouse, area, spec, name)
        case _:
            assert_never(spec)


def focus_area(warehouse: Warehouse, focus: str) -> Area:
    area = warehouse.area(focus)
    if area.level != "gemeente":
        raise SocialeStaatError(
            f"focus moet een gemeente zijn; {area.name} ({area.code}) is een {area.level}"
        )
    return area


def _by_rules(
    warehouse: Warehouse, spec: CriteriaGroup, focus: str
) -> tuple[list[Member], list[str]]:
    """Members meeting every rule; gemeenten a rule could not judge are named, not dropped."""
    names = {a.code: a.name for a in warehouse.gemeenten()}
    current = warehouse.gemeenten_in(spec.period)
    notes = []
    candidates: set[str] | None = None
    for rule in spec.rules:
        if rule.provincie:
            found = {
                a.code
                for a in warehouse.gemeenten()
                if a.provincie_code == rule.provincie and a.code in current
            }
        else:
            assert rule.indicator is not None
            values = warehouse.cross_section(rule.indicator, spec.period)
            unjudged = sorted(names[c] for c in current - set(values))
            if unjudged:
                notes.append(
                    f"{len(unjudged)} gemeenten zonder waarde voor {rule.indicator} in {spec.period}"
                    f" niet beoordeeld: {', '.join(unjudged[:10])}"
                    + (" …" if len(unjudged) > 10 else "")
                )
            found = {
                code
                for code, v in values.items()
                if (rule.min is None or v >= rule.min) and (rule.max is None or v <= rule.max)
            }
        candidates = found if candidates is None else candidates & found
    ordered = sorted(candidates or set(), key=lambda c: names.get(c, c))
    return [Member(c, names.get(c, c)) for c in ordered if c != focus], notes


def similar(
    warehouse: Warehouse,
    area: Area,
    spec: SimilarityGroup,
    name: str = "gelijkenis",
    k: int | None = None,
) -> PeerGroup:
    """The k gemeenten nearest to the focus on standardised, weighted characteristics."""
    k = k or spec.k
    columns = {
        f.indicator: warehouse.cross_section(f.indicator, spec.period) for f in spec.features
    }
    complete = set.intersection(*(set(v) for v in columns.values()))
    if area.code not in complete:
        lacking = [f.indicator for f in spec.features if area.code not in columns[f.indicator]]
        raise SocialeStaatError(
            f"{area.name} heeft geen waarde voor {', '.join(lacking)} in {spec.period}: "
            "geen gelijkenisgroep mogelijk"
        )
    z: dict[str, dict[str, float]] = {}
    for feature in spec.features:
        raw = {c: columns[feature.indicator][c] for c in complete}
        if feature.log:
            raw = {c: math.log(v) for c, v in raw.items() if v > 0}
        mean = sum(raw.values()) / len(raw)
        sd = math.sqrt(sum((v - mean) ** 2 for v in raw.values()) / (len(raw) - 1)) or 1.0
        z[feature.indicator] = {c: (v - mean) / sd for c, v in raw.items()}
    usable = set.intersection(*(set(v) for v in z.values()))
    me = area.code
    scored = []
    for code in usable - {me}:
        parts = {
            f.indicator: f.weight * (z[f.indicator][code] - z[f.indicator][me]) ** 2
            for f in spec.features
        }
        total = sum(parts.values())
        scored.append(
            (math.sqrt(total), code, {i: p / total if total else 0 for i, p in parts.items()})
        )
    scored.sort()
    names = {a.code: a.name for a in warehouse.gemeenten()}
    members = [
        Member(code, names.get(code, code), round(d, 3), {i: round(s, 3) for i, s in c.items()})
        for d, code, c in scored[:k]
    ]
    notes = [f"{len(usable)} gemeenten met alle kenmerken in {spec.period}"]
    return PeerGroup(name, spec.title, spec.kind, spec.rationale, area, members, notes)
