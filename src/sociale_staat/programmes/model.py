"""Programme declarations: `programmas/<id>.yml`, a goal tree with indicators and milestones.

The path is the identity (id = file name). Every goal either measures something (an indicator
from the catalogue, a milestone, or sub-goals) or says why it cannot ("geen indicator: …"), so a
goal can never look fine merely because nothing was checked.
"""

import datetime as dt
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sociale_staat.core import settings
from sociale_staat.core.errors import InputError, SocialeStaatError, describe
from sociale_staat.core.yamlfile import load_yaml

Direction = Literal["omhoog", "omlaag"]
MilestoneState = Literal["bereikt", "in_uitvoering", "vertraagd", "niet_bereikt"]

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class UnknownProgramme(SocialeStaatError):
    """No programme with that id in the declared set."""


class Citation(BaseModel):
    """Where in the source document a goal, baseline or number is stated."""

    model_config = ConfigDict(extra="forbid")
    section: str = Field(description="chapter or heading in the document")
    page: int | None = Field(None, description="page number, where the document shows it")
    quote: str = Field("", description="the words of the document that state the goal")


class Target(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: float
    year: int
    direction: Direction | None = Field(
        None, description="needed for indicators without polarity; else taken from the polarity"
    )
    source: Citation | None = None


class Baseline(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: int
    value: float | None = Field(None, description="stated value; empty = the figure in the data")
    note: str = ""
    source: Citation | None = None


class IndicatorRef(BaseModel):
    """A catalogue indicator that measures a goal."""

    model_config = ConfigDict(extra="forbid")
    indicator: str
    baseline: Baseline | None = None
    target: Target | None = None
    note: str = ""


class Record(BaseModel):
    """A dated statement about a milestone, with the document that makes it."""

    model_config = ConfigDict(extra="forbid")
    date: dt.date
    state: MilestoneState
    source: str = Field(min_length=3)
    note: str = ""


class Milestone(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    title: str
    due: int | None = Field(None, description="year by which the plan wants it done")
    source: Citation | None = None
    records: list[Record] = Field(default_factory=list)

    def latest(self) -> Record | None:
        return max(self.records, key=lambda r: r.date) if self.records else None


class Goal(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    title: str
    description: str = ""
    owner: str = ""
    source: Citation | None = None
    indicators: list[IndicatorRef] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    goals: list["Goal"] = Field(default_factory=list)
    geen_indicator: str = Field(
        "", description="why nothing measures this goal (shown as 'geen indicator: …')"
    )

    @model_validator(mode="after")
    def _measured_or_says_why(self) -> "Goal":
        if not (self.indicators or self.milestones or self.goals or self.geen_indicator):
            raise ValueError(
                f"doel '{self.id}' heeft geen indicator, mijlpaal of subdoel: "
                "geef 'geen_indicator' met de reden"
            )
        return self

    def walk(self) -> list["Goal"]:
        """This goal and all goals below it, depth first."""
        return [self, *(g for sub in self.goals for g in sub.walk())]


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    publisher: str
    year: int | None = None
    file: str = Field("", description="the document in the kennisbank, if it is there")
    note: str = ""


class Programme(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    title: str
    kind: Literal["programma", "bbv"]
    description: str
    owner: str
    gemeente: str | None = Field(None, description="CBS code; empty = any gemeente (BBV)")
    peer_group: str = Field(
        default_factory=lambda: settings.get("default_peers"),
        description="peer group for the peer median",
    )
    base_year: int | None = Field(None, description="first year progress is measured from")
    document: Document
    goals: list[Goal]

    @model_validator(mode="after")
    def _unique_ids(self) -> "Programme":
        seen: set[str] = set()
        for goal in self.all_goals():
            for key in [goal.id, *(m.id for m in goal.milestones)]:
                if key in seen:
                    raise ValueError(f"id '{key}' komt twee keer voor")
                seen.add(key)
        return self

    def all_goals(self) -> list[Goal]:
        return [g for top in self.goals for g in top.walk()]

    def indicator_ids(self) -> list[str]:
        return list(dict.fromkeys(r.indicator for g in self.all_goals() for r in g.indicators))


def load_programme(path: Path) -> Programme:
    if not _ID.match(path.stem):
        raise InputError(
            f"{path}: id '{path.stem}' moet uit kleine letters, cijfers, - en _ bestaan"
        )
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise InputError(f"{path}: verwacht een YAML-mapping met velden")
    try:
        return Programme.model_validate({**data, "id": path.stem})
    except ValidationError as err:
        raise InputError(f"{path}: {describe(err)}") from None


def load_all(folder: Path) -> dict[str, Programme]:
    """Every declared programme by id, in file-name order."""
    if not folder.is_dir():
        raise InputError(f"{folder}: map met programma's niet gevonden")
    return {p.stem: load_programme(p) for p in sorted(folder.glob("*.yml"))}


def get(folder: Path, programme_id: str) -> Programme:
    """One programme, looked up in the declared set (never a path built from the request)."""
    programmes = load_all(folder)
    if programme_id not in programmes:
        known = ", ".join(programmes) or "geen"
        raise UnknownProgramme(f"onbekend programma '{programme_id}' (bekend: {known})")
    return programmes[programme_id]
