"""Sociale kaart: HSDS 3.0 import and export, validation against the vendored schemas, the Dutch
profile, and imports that are all or nothing."""

import json
import shutil
from pathlib import Path

import pytest

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.core.errors import InputError
from sociale_staat.sociale_kaart import nesting, package
from sociale_staat.sociale_kaart.schema import HSDS_DIR, TABLES, table
from sociale_staat.sociale_kaart.store import ServiceStore

FIXTURES = Path(__file__).parent / "fixtures" / "hsds"
EXAMPLE, ALMERE = FIXTURES / "example", FIXTURES / "almere"


def test_vendored_schemas_are_hsds_tables_with_their_licence() -> None:
    notice = (HSDS_DIR / "NOTICE.md").read_text(encoding="utf-8")
    assert "openreferral/specification" in notice and "CC BY-SA 4.0" in notice
    assert "67e7b37a4b1e03324d6bd107c56cafd153b9d2d0" in notice
    for name in TABLES:
        raw = json.loads((HSDS_DIR / f"{name}.json").read_text(encoding="utf-8"))
        assert raw["name"] == name and "id" in raw["required"]
        assert table(name).fields[0] == "id"
    assert "Open Referral" in (FIXTURES / "NOTICE.md").read_text(encoding="utf-8")


def test_service_schema_rejects_what_hsds_rejects() -> None:
    service = table("service")
    assert service.validate({"id": "x", "name": "n", "status": "active"}) == []
    problems = service.validate({"id": "x", "status": "open", "minimum_age": "twaalf"})
    assert "veld 'name': verplicht maar leeg" in problems
    assert any("veld 'status': 'open' is geen toegestane waarde" in p for p in problems)
    assert any("veld 'minimum_age'" in p for p in problems)


def test_example_datapackage_round_trips(app_db: AppDatabase, tmp_path: Path) -> None:
    first = package.read(EXAMPLE)
    assert first.count()["service"] == 1
    # The official example holds one sample row per table whose ids do not all meet.
    assert any("service_at_location" in w for w in first.warnings)
    ServiceStore(app_db).import_bundle(first, str(EXAMPLE))
    exported = tmp_path / "export"
    nesting.write_tabular(ServiceStore(app_db).bundle(), exported)
    again_db = AppDatabase(f"sqlite:///{tmp_path / 'again.sqlite'}")
    try:
        ServiceStore(again_db).import_bundle(package.read(exported), str(exported))
        again = ServiceStore(again_db).bundle()
    finally:
        again_db.close()
    assert again.tables == first.tables
    assert set(again.labels.values()) == {"fictief (voorbeeldgegevens Open Referral)"}
    # Values keep their types: numbers stay numbers, text stays text.
    assert again.tables["service"]["ac148810-d857-441c-9679-408f346de14b"]["minimum_age"] == 12


def test_json_form_round_trips_through_the_tabular_form(
    app_db: AppDatabase, tmp_path: Path
) -> None:
    bundle = package.read(ALMERE)
    as_json = nesting.write_json(bundle, tmp_path / "almere.json")
    from_json = package.read(as_json)
    assert from_json.tables == bundle.tables
    assert from_json.labels == bundle.labels
    page = json.loads(as_json.read_text(encoding="utf-8"))
    first = page["contents"][0]
    assert first["organization"]["name"].endswith("(fictief)")
    assert first["service_at_locations"][0]["location"]["addresses"][0]["postal_code"]


def test_bad_row_names_file_row_and_field_and_nothing_is_imported(
    app_db: AppDatabase, tmp_path: Path
) -> None:
    store = ServiceStore(app_db)
    store.import_bundle(package.read(ALMERE), "almere")
    before = store.bundle().tables
    broken = tmp_path / "broken"
    shutil.copytree(ALMERE, broken)
    lines = (broken / "services.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",active,", ",open,")  # regel 4 of the file
    (broken / "services.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        store.import_bundle(package.read(broken), str(broken))
    message = str(err.value)
    assert "niets geïmporteerd" in message
    assert "services.csv, regel 4, veld 'status': 'open' is geen toegestane waarde" in message
    assert store.bundle().tables == before


def test_official_example_schedule_is_rejected_by_the_vendored_schema() -> None:
    # The stored example schedule was written for a later HSDS revision than the 3.0.0 schema.
    with pytest.raises(InputError) as err:
        package.read(FIXTURES / "example_schedule")
    assert "schedules.csv, regel 2, veld 'wkst': 'TU' is geen toegestane waarde" in str(err.value)


def test_failure_inside_the_transaction_leaves_nothing(
    app_db: AppDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ServiceStore(app_db)

    def fail(*_: object) -> None:
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(store, "_rebuild", fail)
    with pytest.raises(RuntimeError):
        store.import_bundle(package.read(ALMERE), "almere")
    assert store.bundle().count() == {}
    assert store.service_count() == 0


@pytest.mark.parametrize(
    ("file", "find", "replace", "expected"),
    [
        (
            "addresses.csv",
            "1315 XA",
            "1315XA1",
            "veld 'postal_code': '1315XA1' is geen Nederlandse postcode",
        ),
        ("attributes.csv", ",00000000", ",1234", "veld 'value': '1234' is geen KvK-nummer"),
        (
            "services.csv",
            "e1000000-0000-4000-8000-000000000002,",
            "e1000000-0000-4000-8000-000000000001,",
            "komt twee keer voor",
        ),
        (
            "service_at_location.csv",
            ",a1000000-0000-4000-8000-000000000006\n",
            ",\n",
            "veld 'location_id': verplicht in de tabelvorm",
        ),
    ],
)
def test_dutch_profile_and_table_rules(
    tmp_path: Path, file: str, find: str, replace: str, expected: str
) -> None:
    broken = tmp_path / "pakket"
    shutil.copytree(ALMERE, broken)
    content = (broken / file).read_text(encoding="utf-8")
    assert find in content
    (broken / file).write_text(content.replace(find, replace, 1), encoding="utf-8")
    with pytest.raises(InputError) as err:
        package.read(broken)
    assert file in str(err.value) and expected in str(err.value)


def test_unreadable_inputs_get_clear_errors(tmp_path: Path) -> None:
    bad = tmp_path / "kapot.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="geen geldige JSON"):
        package.read(bad)
    with pytest.raises(InputError, match="geen HSDS-tabellen"):
        package.read(tmp_path)
    service = tmp_path / "dienst.json"
    service.write_text(
        json.dumps(
            {
                "id": "s1",
                "name": "x",
                "status": "active",
                "schedules": [{"id": "h1", "freq": "DAILY"}],
            }
        )
    )
    with pytest.raises(InputError) as err:
        package.read(service)
    assert "dienst.json, service.schedules[0], veld 'freq'" in str(err.value)
