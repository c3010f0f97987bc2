"""What analysts declare for a report: the cover (organisation, colophon) and their own text per
chapter, in `rapportteksten/<gemeentecode>/` beside the other declarations.

`rapport.yml` holds the cover; `<hoofdstuk>.md` holds a chapter's written text: a YAML header
between `---` lines (auteur, datum, wijze: aanvullen | vervangen) and then paragraphs separated by
blank lines; lines starting with "- " form a list. The report marks this text as written, so a
reader always sees which text was generated from the numbers and which an analyst wrote.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sociale_staat.core.errors import InputError, describe
from sociale_staat.core.periods import MONTHS
from sociale_staat.report.model import Paragraph, Sentence, Written


def dutch_date(day: date) -> str:
    """date(2026, 11, 25) -> '25 november 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


class CoverSpec(BaseModel):
    """rapport.yml: who publishes the report (empty: nobody has adopted it; the cover then says
    what made it) and what the colophon says."""

    model_config = ConfigDict(extra="forbid")
    organisatie: str = ""
    colofon: list[str] = Field(default_factory=list)


class WrittenHeader(BaseModel):
    model_config = ConfigDict(extra="forbid")
    auteur: str = Field(min_length=2)
    datum: date
    wijze: Literal["aanvullen", "vervangen"] = "aanvullen"


@dataclass
class Declared:
    """Everything declared for one gemeente's report (empty when nothing is declared)."""

    cover: CoverSpec | None = None
    written: dict[str, Written] = field(default_factory=dict)


_HEADER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)


def load(folder: Path, gemeente: str, chapters: set[str]) -> Declared:
    """Read `folder/<gemeente>/`; an unknown chapter name or a bad header is a clear error."""
    base = folder / gemeente
    if not base.is_dir():
        return Declared()
    cover = None
    if (base / "rapport.yml").is_file():
        cover = _validate(base / "rapport.yml", CoverSpec, _yaml(base / "rapport.yml"))
    written = {}
    for path in sorted(base.glob("*.md")):
        if path.stem not in chapters:
            raise InputError(
                f"{path}: geen hoofdstuk '{path.stem}' in het rapport "
                f"(kies uit {', '.join(sorted(chapters))})"
            )
        written[path.stem] = _written(path)
    return Declared(cover=cover, written=written)


def _written(path: Path) -> Written:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    match = _HEADER.match(text)
    if match is None:
        raise InputError(f"{path}: begin met een kop tussen '---'-regels (auteur, datum, wijze)")
    try:
        raw = yaml.safe_load(match.group(1))
    except (yaml.YAMLError, ValueError) as err:  # ValueError: a date such as 2026-13-01
        raise InputError(f"{path}: kop is geen geldige YAML ({err})") from None
    header = _validate(path, WrittenHeader, raw)
    paragraphs = _paragraphs(match.group(2))
    if not paragraphs:
        raise InputError(f"{path}: geen tekst na de kop")
    return Written(paragraphs, header.auteur, dutch_date(header.datum), header.wijze == "vervangen")


def _paragraphs(body: str) -> list[Paragraph]:
    out = []
    for block in re.split(r"\n\s*\n", body.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            out += [Paragraph([Sentence(line[2:].strip())], "geschreven", True) for line in lines]
        elif lines:
            out.append(Paragraph([Sentence(" ".join(lines))], "geschreven"))
    return out


def _yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise InputError(f"{path}: niet te lezen ({err})") from None


M = TypeVar("M", bound=BaseModel)


def _validate(path: Path, model: type[M], raw: object) -> M:
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        raise InputError(f"{path}: {describe(err)}") from None
