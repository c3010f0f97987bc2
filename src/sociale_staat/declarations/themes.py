"""The themes (`taxonomy/themas.yml`): the one list of themes, in report order, with title, figure
letter and the words that signal each theme in a passage. Catalogue, report, dashboard and
kennisbank all read it here.
"""

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sociale_staat.core import paths
from sociale_staat.core.errors import InputError, describe
from sociale_staat.core.yamlfile import load_yaml


class Theme(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field("", description="the key in the file; the folder name in indicators/")
    titel: str = Field(min_length=1)
    letter: str = Field(pattern=r"^[A-Z]$", description="figure numbers in the report: A1, A2 …")
    termen: list[str] = Field(min_length=1, description="words that signal the theme")


def load_themes(path: Path) -> dict[str, Theme]:
    """Every theme in file order; an error names the file and the theme."""
    data = load_yaml(path) or {}
    if not isinstance(data, dict):
        raise InputError(f"{path}: verwacht per thema een mapping met titel, letter en termen")
    themes: dict[str, Theme] = {}
    for key, fields in data.items():
        try:
            themes[key] = Theme.model_validate({**(fields or {}), "id": key})
        except (ValidationError, TypeError) as err:
            detail = describe(err) if isinstance(err, ValidationError) else str(err)
            raise InputError(f"{path}: thema '{key}': {detail}") from None
    letters = [t.letter for t in themes.values()]
    if len(set(letters)) != len(letters):
        raise InputError(f"{path}: twee thema's hebben dezelfde letter")
    return themes


@cache
def themes() -> dict[str, Theme]:
    """The project's themes (read once)."""
    return load_themes(paths.taxonomy_dir() / "themas.yml")


def titles() -> dict[str, str]:
    """theme id -> title, in report order."""
    return {key: theme.titel for key, theme in themes().items()}
