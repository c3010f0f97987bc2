"""What a reader chooses on the pages besides the gemeente: the peer group (and why a group
is used when none was chosen) and the year of an indicator.

A group name is always one of the declared groups (`peer_groups/*.yml`, looked up by name,
never joined into a path).
"""

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sociale_staat.analysis.peers import (
    SIMILAR_GROUP,
    ListGroup,
    SimilarityGroup,
    group_names,
    load_group,
    resolve,
)
from sociale_staat.core import paths, settings
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.warehouse.queries import Warehouse


@dataclass(frozen=True)
class GroupChoice:
    name: str
    reason: str  # why this group, in Dutch; empty for the default focus and its own group


def choose_group(
    warehouse: Warehouse, code: str, titles: Mapping[str, str], built: str | None = None
) -> GroupChoice:
    """The default group for the default focus; a list group declared for this focus; else
    the structurally most similar gemeenten; else (no similarity possible) the default group,
    saying so. `built` is what the build precomputed for the similar group and this gemeente
    ("" when it could be formed, else why not; None when not precomputed: then it is tried)."""
    folder = paths.peer_groups_dir()
    default = settings.get("default_peers")
    if code == settings.get("default_focus"):
        return GroupChoice(default, "")
    name = warehouse.area(code).name
    for group in group_names(folder):
        spec = load_group(folder, group)
        if isinstance(spec, ListGroup) and spec.focus == code:
            return GroupChoice(group, f"De vergelijkingsgroep die voor {name} is vastgelegd.")
    similar = load_group(folder, SIMILAR_GROUP)
    refusal = built if built is not None else _refusal(warehouse, folder, code)
    if refusal:
        title = load_group(folder, default).title
        return GroupChoice(
            default,
            f"Voor {name} is geen eigen vergelijkingsgroep vastgelegd, en een groep van "
            f"vergelijkbare gemeenten is niet te maken ({refusal}). Daarom wordt vergeleken met "
            f"de groep '{title}'; kies hieronder een andere groep.",
        )
    assert isinstance(similar, SimilarityGroup)
    features = ", ".join(titles[f.indicator].lower() for f in similar.features)
    return GroupChoice(
        SIMILAR_GROUP,
        f"Voor {name} is geen eigen vergelijkingsgroep vastgelegd. Daarom wordt vergeleken met "
        f"de {similar.k} gemeenten die het meest op {name} lijken in {features}; "
        "kies hieronder een andere groep.",
    )


def _refusal(warehouse: Warehouse, folder: Path, code: str) -> str:
    try:
        resolve(warehouse, folder, SIMILAR_GROUP, code)
    except SocialeStaatError as err:
        return str(err)
    return ""


@functools.cache
def group_titles() -> tuple[tuple[str, str], ...]:
    """(name, title) of every declared group, for the choice on a page."""
    folder = paths.peer_groups_dir()
    return tuple((name, load_group(folder, name).title) for name in group_names(folder))
