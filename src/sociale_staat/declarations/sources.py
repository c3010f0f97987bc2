"""Declarations of source tables (`sources/<snapshot id>.yml`): how to read one raw table.

The file name is the snapshot id; everything a reader needs to know about a table's shape is
declared here, so adding a table is writing a file, not code.
"""

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sociale_staat.core.errors import InputError, describe
from sociale_staat.core.regions import Level
from sociale_staat.core.yamlfile import load_yaml


class MarginSpec(BaseModel):
    """A dimension whose categories are the value and its 95% bounds (or ± margin)."""

    model_config = ConfigDict(extra="forbid")
    column: str
    value: str
    lower: str | None = None
    upper: str | None = None
    halfwidth: str | None = Field(None, description="category holding a ± margin")


class SeriesBreak(BaseModel):
    """A break in a series: from `year` on the figures are not comparable with earlier ones."""

    model_config = ConfigDict(extra="forbid")
    jaar: int
    wat: str = Field(description="what changed, in Dutch, for the reader")


class SourceSpec(BaseModel):
    """How one raw table is read; see sources/README.md for every field."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field("", description="snapshot id: the file name")
    cbs_table: str
    title: str
    publisher: Literal["CBS", "RIVM"] = "CBS"
    licence: str = "CC BY 4.0, bron: CBS"
    file: str = Field(description="path of the raw file below the shared data folder")
    format: Literal["csv", "parquet", "json_by_region"] = Field(
        "csv",
        description="csv (StatLine CSV), parquet, or json_by_region: a JSON object whose keys "
        "are region codes and whose values map measure -> number",
    )
    comment_prefix: str | None = Field(
        None, description="lines starting with this (e.g. '#') above the header are skipped"
    )
    region: str = Field(description="column with region labels or codes")
    region_code: str | None = Field(None, description="column with CBS region codes, if any")
    period: str | None = Field(None, description="column with periods")
    period_fixed: str | None = Field(None, description="the period when the table has no column")
    period_aliases: dict[str, str | None] = Field(
        default_factory=dict, description="period label -> label to use, or null to skip"
    )
    dimensions: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="other dimensions: kept category -> suffix added to the measure ('' = none)",
    )
    margin: MarginSpec | None = None
    keep_levels: list[Level] | None = Field(
        None, description="only regions of these levels are read (e.g. gemeenten of a NL table)"
    )
    breuken: list["SeriesBreak"] = Field(
        default_factory=list, description="breaks in the series of this table: year + what changed"
    )
    skip_regions: list[str] = Field(
        default_factory=list, description="region codes or labels to leave out (e.g. a total)"
    )
    measures: list[str] | None = Field(None, description="only these columns are measures")
    measures_rename: dict[str, str] = Field(default_factory=dict)
    ignore: list[str] = Field(default_factory=list, description="columns that are not measures")
    exported: str = Field("", description="when the raw export was made")
    gaps: list[str] = Field(default_factory=list, description="known gaps, in Dutch")
    partial: bool = False
    indeling: int | None = Field(
        None, description="year of the wijk- en buurtindeling of the table's WK/BU codes"
    )
    role: Literal["data", "gebieden"] = Field(
        "data", description="'gebieden': a Gebieden in Nederland table, read for region names"
    )

    def measure_columns(self, columns: list[str]) -> list[str]:
        """The columns of a raw table that hold measures."""
        if self.measures is not None:
            return list(self.measures)
        structural = {"ID", self.region, self.region_code, self.period, *self.dimensions}
        if self.margin:
            structural.add(self.margin.column)
        return [c for c in columns if c not in structural and c not in self.ignore]


def load_source(path: Path) -> SourceSpec:
    """Load one declaration; the error names the file and the field."""
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise InputError(f"{path}: verwacht een YAML-mapping met velden")
    try:
        spec = SourceSpec.model_validate({**data, "id": path.stem})
    except ValidationError as err:
        raise InputError(f"{path}: {describe(err)}") from None
    if (spec.period is None) == (spec.period_fixed is None):
        raise InputError(f"{path}: geef precies één van 'period' en 'period_fixed'")
    return spec


def load_sources(*folders: Path) -> dict[str, SourceSpec]:
    """All declarations in the folders; a later folder overrides an id of an earlier one."""
    specs: dict[str, SourceSpec] = {}
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.yml")):
                specs[path.stem] = load_source(path)
    return specs
