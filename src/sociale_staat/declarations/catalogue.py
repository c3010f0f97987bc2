"""The indicator catalogue: one YAML file per indicator, `indicators/<theme>/<id>.yml`.

The path is the identity (id = file name, theme = folder). Each indicator lists its sources in
order of preference; the first source with a value for a region and year wins.
"""

import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal, assert_never

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sociale_staat.core.errors import InputError, UnknownIndicator, describe
from sociale_staat.core.regions import Level
from sociale_staat.core.yamlfile import load_yaml
from sociale_staat.declarations.sources import SeriesBreak
from sociale_staat.declarations.themes import titles

Kind = Literal["value", "share", "rate"]
# How a figure comes about: counted in a register, measured in a survey, or a model estimate.
Meetwijze = Literal["registratie", "meting", "modelschatting"]
Polarity = Literal["hoger_is_beter", "lager_is_beter", "neutraal"]

# theme id -> title, in report order: read from taxonomy/themas.yml, the one list of themes.
THEMES: dict[str, str] = titles()


class IndicatorSource(BaseModel):
    """One table that gives the indicator: a published measure, or a ratio of measures."""

    model_config = ConfigDict(extra="forbid")
    table: str = Field(description="snapshot id")
    measure: str | None = None
    numerator: list[str] | None = None
    denominator: str | None = None
    denominator_table: str | None = Field(
        None,
        description="snapshot id holding the denominator when it is not in 'table' "
        "(e.g. inwoners from a population table); same region and year",
    )
    factor: float = Field(
        1.0, description="multiplies the value (unit conversion, e.g. counts published x 1.000)"
    )
    lower: str | None = Field(None, description="measure holding the 95% lower bound")
    upper: str | None = Field(None, description="measure holding the 95% upper bound")
    levels: list[Level] | None = Field(None, description="only for these levels")
    note: str = ""

    @model_validator(mode="after")
    def _one_formula(self) -> "IndicatorSource":
        if (self.measure is None) == (self.numerator is None):
            raise ValueError("geef 'measure' of 'numerator' + 'denominator'")
        if (self.numerator is None) != (self.denominator is None):
            raise ValueError("'numerator' en 'denominator' horen bij elkaar")
        return self


class Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    theme: str
    title: str
    title_en: str | None = Field(None, description="English title, for the English dashboard")
    phrase: str = Field(
        "",
        description="noun phrase with article for sentences ('de werkloosheid'); "
        "default 'het aandeel <title>' for shares, 'de <title>' otherwise",
    )
    unit: str
    kind: Kind
    polarity: Polarity
    decimals: int = Field(1, ge=0, le=3)
    levels: list[Level]
    definition: str
    caveats: str = ""
    sources: list[IndicatorSource] = Field(default_factory=list)
    unavailable: str = Field("", description="why the bundle has no source, when it has none")
    meetwijze: Meetwijze | None = Field(
        None, description="what the chosen figure is: registratie, meting (survey), modelschatting"
    )
    meetwijze_toelichting: str = Field("", description="why this kind of figure is used")
    alternatief: str | None = Field(
        None, description="id of the indicator holding the other kind of figure (estimate/measured)"
    )
    breuken: list[SeriesBreak] = Field(
        default_factory=list, description="breaks in the series: year + what changed"
    )

    @model_validator(mode="after")
    def _kind_fits(self) -> "Indicator":
        if not self.sources and not self.unavailable:
            raise ValueError("geef 'sources', of 'unavailable' met de reden dat er geen bron is")
        for source in self.sources:
            if source.numerator is not None and scale(self.kind) == 1.0:
                raise ValueError("kind 'value' neemt een gepubliceerde maat ('measure')")
        return self

    @property
    def noun_phrase(self) -> str:
        if self.phrase:
            return self.phrase
        title = self.title[0].lower() + self.title[1:]
        return f"het aandeel {title}" if self.kind == "share" else f"de {title}"

    @property
    def theme_title(self) -> str:
        return THEMES[self.theme]


def scale(kind: Kind) -> float:
    """What a ratio of counts is multiplied by for this kind."""
    match kind:
        case "value":
            return 1.0
        case "share":
            return 100.0
        case "rate":
            return 1000.0
        case _:
            assert_never(kind)


_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def load_indicator(path: Path) -> Indicator:
    theme = path.parent.name
    if theme not in THEMES:
        raise InputError(f"{path}: onbekend thema '{theme}' (kies uit {', '.join(THEMES)})")
    if not _ID.match(path.stem):
        raise InputError(f"{path}: id '{path.stem}' moet uit kleine letters, cijfers en _ bestaan")
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise InputError(f"{path}: verwacht een YAML-mapping met velden")
    try:
        return Indicator.model_validate({**data, "id": path.stem, "theme": theme})
    except ValidationError as err:
        raise InputError(f"{path}: {describe(err)}") from None


class Catalogue:
    """All indicators, in theme order."""

    def __init__(self, indicators: list[Indicator]) -> None:
        self.by_id = {i.id: i for i in indicators}

    @classmethod
    def load(cls, folder: Path) -> "Catalogue":
        if not folder.is_dir():
            raise InputError(f"{folder}: map met indicatoren niet gevonden")
        found: list[Indicator] = []
        seen: dict[str, Path] = {}
        for path in sorted(folder.glob("*/*.yml")):
            if path.stem in seen:
                raise InputError(f"{path}: id '{path.stem}' bestaat al in {seen[path.stem]}")
            seen[path.stem] = path
            found.append(load_indicator(path))
        order = list(THEMES)
        return cls(sorted(found, key=lambda i: (order.index(i.theme), i.id)))

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.by_id.values())

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, indicator_id: str) -> Indicator:
        try:
            return self.by_id[indicator_id]
        except KeyError:
            close = difflib.get_close_matches(indicator_id, list(self.by_id), n=3, cutoff=0.6)
            hint = f" Bedoelt u: {', '.join(close)}?" if close else ""
            raise UnknownIndicator(
                f"onbekende indicator '{indicator_id}'.{hint} Zie 'sociale-staat indicators'."
            ) from None
