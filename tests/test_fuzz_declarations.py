"""Every YAML declaration loader under Hypothesis: indicators, source tables, peer groups,
programmes, themes and the taxonomy. A broken file (bytes that are no text, text that is no
YAML, YAML of the wrong shape, a real declaration with a field spoiled) gives one InputError
that names the file; a field that is wrong is named too. Never another exception type."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sociale_staat.analysis.peers import load_group
from sociale_staat.core import paths
from sociale_staat.core.errors import InputError
from sociale_staat.declarations.catalogue import load_indicator
from sociale_staat.declarations.sources import load_source
from sociale_staat.declarations.taxonomy import Taxonomy
from sociale_staat.declarations.themes import load_themes
from sociale_staat.programmes.model import load_programme

QUICK = settings(
    max_examples=60,  # per loader: 8 loaders, 480 files in all
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ROOT = paths.ROOT


def _taxonomy(file: Path) -> object:
    """The taxonomy reads four files of one folder; the one under test replaces its namesake."""
    folder = file.parent
    for other in (ROOT / "taxonomy").glob("*.yml"):
        if not (folder / other.name).exists():
            (folder / other.name).write_bytes(other.read_bytes())
    return Taxonomy(folder)


# name -> (real declaration, where the file goes, how it is loaded)
LOADERS: dict[str, tuple[Path, str, Callable[[Path], object]]] = {
    "indicator": (ROOT / "indicators/arbeid/werkloosheid.yml", "indicators/arbeid/werkloosheid.yml", load_indicator),
    "bron": (ROOT / "sources/86088NED.yml", "sources/86088NED.yml", load_source),
    "peergroep": (ROOT / "peer_groups/almere-2023.yml", "peer_groups/almere-2023.yml",
                  lambda p: load_group(p.parent, p.stem)),
    "programma": (ROOT / "programmas/bbv-beleidsindicatoren.yml", "programmas/bbv-beleidsindicatoren.yml",
                  load_programme),
    "themas": (ROOT / "taxonomy/themas.yml", "taxonomy/themas.yml", load_themes),
    "begrippen": (ROOT / "taxonomy/begrippen.yml", "taxonomy/begrippen.yml", _taxonomy),
    "gebieden": (ROOT / "taxonomy/gebieden.yml", "taxonomy/gebieden.yml", _taxonomy),
    "indicatorwoorden": (ROOT / "taxonomy/indicatoren.yml", "taxonomy/indicatoren.yml", _taxonomy),
}  # fmt: skip

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 3000), st.floats(allow_nan=True),
    st.text(max_size=10), st.sampled_from(["2023-02-30", "GM0034", "share", "lager_is_beter"]),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


def _spoil(data: Any, draw: st.DrawFn) -> Any:
    """A real declaration with one field removed, retyped or added, possibly deep inside."""
    if isinstance(data, dict) and data:
        key = draw(st.sampled_from(sorted(data, key=str)))
        match draw(st.integers(0, 3)):
            case 0:
                return {k: v for k, v in data.items() if k != key}
            case 1:
                return {**data, key: draw(VALUES)}
            case 2:
                return {**data, draw(st.text(min_size=1, max_size=8)): draw(VALUES)}
            case _:
                return {**data, key: _spoil(data[key], draw)}
    if isinstance(data, list) and data:
        i = draw(st.integers(0, len(data) - 1))
        return [*data[:i], _spoil(data[i], draw), *data[i + 1 :]]
    return draw(VALUES)


@st.composite
def broken_files(draw: st.DrawFn, real: Path) -> bytes:
    text = real.read_text(encoding="utf-8")
    match draw(st.integers(0, 5)):
        case 0:
            return draw(st.binary(max_size=300))
        case 1:  # cut off anywhere
            return text.encode()[: draw(st.integers(0, len(text.encode())))]
        case 2:  # any YAML document
            return yaml.safe_dump(draw(VALUES), allow_unicode=True).encode()
        case 3:  # random text spliced in
            at = draw(st.integers(0, len(text)))
            return (text[:at] + draw(st.text(max_size=20)) + text[at:]).encode(
                "utf-8", "surrogatepass"
            )
        case _:  # the real declaration with a field spoiled
            spoiled = _spoil(yaml.safe_load(text), draw)
            return yaml.safe_dump(spoiled, allow_unicode=True, sort_keys=False).encode()


def _check(name: str, raw: bytes, folder: Path) -> None:
    _real, relative, load = LOADERS[name]
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    try:
        load(path)
    except InputError as err:
        assert path.name in str(err), err  # the message names the file
        assert "Traceback" not in str(err)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_every_yaml_loader_reads_or_names_file_and_problem(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    real = LOADERS[name][0]

    @QUICK
    @given(raw=broken_files(real))
    @example(raw=b"\xff\xfe kapot")  # not UTF-8
    @example(raw=b"jaar: 2023-02-30\n")  # a date that does not exist
    @example(raw=b"[" * 5000)  # nested beyond reason
    @example(raw=b"")
    def run(raw: bytes) -> None:
        _check(name, raw, tmp_path_factory.mktemp(name))

    run()


def test_a_wrong_field_is_named(tmp_path: Path) -> None:
    path = tmp_path / "indicators" / "arbeid" / "werkloosheid.yml"
    path.parent.mkdir(parents=True)
    data = yaml.safe_load((ROOT / "indicators/arbeid/werkloosheid.yml").read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump({**data, "polarity": "omhoog"}), encoding="utf-8")
    with pytest.raises(InputError, match=r"werkloosheid\.yml: veld 'polarity'"):
        load_indicator(path)
    path.write_bytes(b"title: Werkloosheid\nunit: \xe9\n")
    with pytest.raises(InputError, match=r"werkloosheid\.yml: geen UTF-8-tekst \(regel 2\)"):
        load_indicator(path)
