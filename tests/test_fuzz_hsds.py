"""The HSDS import (`diensten import`) under Hypothesis, on both app-database engines: the
hand-made Almere datapackage and its JSON form with rows spoiled (cells replaced by anything,
NUL bytes, 'nan', cut-off files, extra or missing cells, bytes that are no UTF-8, a broken
datapackage.json). Either everything is imported, or an InputError names file, line (or JSON
path) and field, and the app database holds exactly what it held before."""

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.core.errors import InputError
from sociale_staat.sociale_kaart import nesting, package
from sociale_staat.sociale_kaart.store import ServiceStore

ALMERE = Path(__file__).parent / "fixtures" / "hsds" / "almere"
FILES = sorted(p.name for p in ALMERE.iterdir() if p.suffix in (".csv", ".json"))
CELLS = st.one_of(
    st.sampled_from(
        ["", "nan", "inf", "1e999", "-1", "12", "1315 AB", "0000 XX", "active", "x" * 300]
    ),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | CELLS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
QUICK = settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))


def _spoil_csv(raw: bytes, draw: st.DrawFn) -> bytes:
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    match draw(st.integers(0, 4)):
        case 0:  # one cell replaced by anything
            r = draw(st.integers(1, len(rows) - 1)) if len(rows) > 1 else 0
            c = draw(st.integers(0, len(rows[r]) - 1))
            rows[r][c] = draw(CELLS)
        case 1:  # a cell too many or too few
            r = draw(st.integers(0, len(rows) - 1))
            rows[r] = rows[r][:-1] if draw(st.booleans()) else [*rows[r], draw(CELLS)]
        case 2:  # a header renamed
            rows[0][draw(st.integers(0, len(rows[0]) - 1))] = draw(CELLS)
        case 3:  # cut off anywhere
            return raw[: draw(st.integers(0, len(raw)))]
        case _:  # bytes that are no UTF-8
            at = draw(st.integers(0, len(raw)))
            return raw[:at] + b"\xff\xc3" + raw[at:]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


def _spoil_json(data: Any, draw: st.DrawFn) -> Any:
    if isinstance(data, dict) and data:
        key = draw(st.sampled_from(sorted(data)))
        if draw(st.booleans()):
            return {**data, key: _spoil_json(data[key], draw)}
        return {**data, key: draw(JSON_VALUES)}
    if isinstance(data, list) and data:
        i = draw(st.integers(0, len(data) - 1))
        return [*data[:i], _spoil_json(data[i], draw), *data[i + 1 :]]
    return draw(JSON_VALUES)


@st.composite
def spoiled_packages(draw: st.DrawFn, json_form: Path) -> tuple[str, dict[str, bytes]]:
    """('tabular', file -> bytes) or ('json', {'diensten.json': bytes})."""
    if draw(st.booleans()):
        files = {name: (ALMERE / name).read_bytes() for name in FILES}
        for name in draw(st.lists(st.sampled_from(FILES), min_size=1, max_size=2, unique=True)):
            if name.endswith(".csv"):
                files[name] = _spoil_csv(files[name], draw)
            else:
                files[name] = json.dumps(_spoil_json(json.loads(files[name]), draw)).encode()
        return "tabular", files
    raw = json_form.read_bytes()
    if draw(st.integers(0, 5)) == 0:
        return "json", {"diensten.json": raw[: draw(st.integers(0, len(raw)))]}
    return "json", {"diensten.json": json.dumps(_spoil_json(json.loads(raw), draw)).encode()}


@pytest.fixture(scope="module")
def json_form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Almere package in the JSON form, written by the export (then read by the fuzzer)."""
    return nesting.write_json(package.read(ALMERE), tmp_path_factory.mktemp("json") / "almere.json")


def _stored(db: AppDatabase) -> list[tuple[str, str, str]]:
    with db.reader() as conn:
        return [
            tuple(r)
            for r in conn.execute(text("SELECT tbl, id, data FROM sk_record ORDER BY 1, 2"))
        ]  # type: ignore[misc]


def test_hsds_import_is_whole_or_names_file_line_and_field(
    app_db: AppDatabase, json_form: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    store = ServiceStore(app_db)

    @QUICK
    @given(case=spoiled_packages(json_form))
    @example(
        case=(
            "tabular",
            {
                **{n: (ALMERE / n).read_bytes() for n in FILES},
                "services.csv": (ALMERE / "services.csv")
                .read_bytes()
                .replace(b"Schuldhulp", b"Schuld\x00hulp"),
            },
        )
    )
    @example(
        case=(
            "tabular",
            {
                **{n: (ALMERE / n).read_bytes() for n in FILES},
                "locations.csv": (ALMERE / "locations.csv")
                .read_bytes()
                .replace(b",52.", b",nan", 1),
            },
        )
    )
    @example(case=("json", {"diensten.json": b'{"contents": 5}'}))
    def run(case: tuple[str, dict[str, bytes]]) -> None:
        form, files = case
        folder = tmp_path_factory.mktemp("hsds")
        for name, raw in files.items():
            (folder / name).write_bytes(raw)
        target = folder if form == "tabular" else folder / "diensten.json"
        before = _stored(app_db)
        try:
            bundle = package.read(target)
        except InputError as err:
            message = str(err)
            assert str(target) in message or any(name in message for name in files), message
            assert _stored(app_db) == before
            return
        store.import_bundle(bundle, str(target))  # what was read whole must store whole
        after = {(t, i) for t, i, _ in _stored(app_db)}
        assert {(t, i) for t, rows in bundle.tables.items() for i in rows} <= after

    run()


def test_a_nul_byte_or_nan_is_refused_with_file_line_and_field(tmp_path: Path) -> None:
    folder = tmp_path / "pakket"
    shutil.copytree(ALMERE, folder)
    services = folder / "services.csv"
    services.write_bytes(
        services.read_bytes().replace(b"Schuldhulp spreekuur", b"Schuldhulp\x00spreekuur")
    )
    with pytest.raises(
        InputError, match=r"services\.csv, regel 2, veld 'name': bevat een stuurteken"
    ):
        package.read(folder)
    shutil.copyfile(ALMERE / "services.csv", services)
    services.write_text(
        services.read_text(encoding="utf-8").replace(",18,", ",nan,", 1), encoding="utf-8"
    )
    with pytest.raises(
        InputError, match=r"services\.csv, regel 2, veld 'minimum_age': nan is geen eindig getal"
    ):
        package.read(folder)
