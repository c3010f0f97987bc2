"""Peer-group names are looked up in the declared set, never joined into a path."""

from pathlib import Path

import pytest

from sociale_staat.analysis import peers
from sociale_staat.core.errors import InputError

GROUP = """kind: lijst
title: Test
members: {GM0363: Amsterdam}
rationale: test
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    declared = tmp_path / "groups"
    declared.mkdir()
    (declared / "echt.yml").write_text(GROUP, encoding="utf-8")
    (declared / "kapot.yml").write_bytes(b"kind: lijst\ntitle: \xff\xfe\n")
    (declared / "map.yml").mkdir()  # a directory that looks like a declaration
    (tmp_path / "geheim.yml").write_text(GROUP, encoding="utf-8")
    return declared


@pytest.mark.parametrize(
    "name", ["../geheim", "/etc/passwd", "x" * 300, "map", ".", "", "echt/../echt", "ECHT"]
)
def test_undeclared_names_raise_without_opening_or_echoing(folder: Path, name: str) -> None:
    with pytest.raises(peers.UnknownPeerGroup) as err:
        peers.load_group(folder, name)
    message = str(err.value)
    assert str(folder) not in message and "/" not in message and "x" * 100 not in message


def test_declared_group_loads_and_names_are_listed(folder: Path) -> None:
    assert peers.load_group(folder, "echt").title == "Test"
    assert peers.group_names(folder) == ["echt", "kapot"]


def test_unreadable_declaration_names_the_file_relatively(folder: Path) -> None:
    with pytest.raises(InputError) as err:
        peers.load_group(folder, "kapot")
    assert str(err.value).startswith("peer_groups/kapot.yml: geen UTF-8")
    assert str(folder) not in str(err.value)
