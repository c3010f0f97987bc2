"""Sweep every declaration: valid, unique, documented, and pointing at data that exists."""

from pathlib import Path

import pytest

from sociale_staat.core import paths
from sociale_staat.core.errors import InputError, UnknownIndicator
from sociale_staat.declarations.catalogue import THEMES, Catalogue, load_indicator
from sociale_staat.declarations.sources import load_source, load_sources
from sociale_staat.warehouse.build import check_catalogue

REQUIRED = [
    "inwoners",
    "bevolkingsdichtheid",
    "aandeel_0_tot_15",
    "aandeel_15_tot_25",
    "aandeel_25_tot_45",
    "aandeel_45_tot_65",
    "aandeel_65_plus",
    "aandeel_80_plus",
    "aandeel_gescheiden",
    "aandeel_migratieachtergrond",
    "aandeel_eenpersoonshuishoudens",
    "aandeel_huishoudens_met_kinderen",
    "aandeel_eenouderhuishoudens",
    "gemiddelde_huishoudensgrootte",
    "woz_gemiddeld",
    "aandeel_koopwoningen",
    "aandeel_corporatiewoningen",
    "werkloosheid",
    "netto_arbeidsparticipatie",
    "gemiddeld_gestandaardiseerd_inkomen",
    "aandeel_huishoudens_laag_inkomen",
    "aandeel_betalingsachterstand_zorgpremie",
    "aandeel_laagopgeleid",
    "aandeel_hoogopgeleid",
    "aandeel_jongeren_met_jeugdhulp",
    "wmo_clienten_per_1000",
    "ervaren_gezondheid_goed",
    "overgewicht",
    "eenzaam",
    "ernstig_eenzaam",
    "voldoet_beweegrichtlijn",
    "mantelzorger",
    "wekelijks_sporter",
    "misdrijven_per_1000",
    "rapportcijfer_leefbaarheid",
    "sociale_cohesie",
]


def test_required_indicators_exist(catalogue: Catalogue) -> None:
    assert not set(REQUIRED) - set(catalogue.by_id)


def test_every_indicator_is_documented(catalogue: Catalogue) -> None:
    for ind in catalogue:
        assert ind.theme in THEMES
        assert len(ind.definition) > 20, ind.id
        assert ind.unit and ind.title, ind.id
        assert ind.sources or ind.unavailable, ind.id


def test_every_source_exists_in_the_snapshot(catalogue: Catalogue, bundled) -> None:
    check_catalogue(catalogue, bundled)


def test_every_indicator_with_sources_has_values(catalogue: Catalogue, warehouse) -> None:
    rows = {r.id: r for r in warehouse.indicators()}
    for ind in catalogue:
        if ind.sources:
            assert rows[ind.id].first_period is not None, ind.id


def test_every_source_declaration_is_valid_and_documented() -> None:
    specs = load_sources(paths.bundled_sources())
    assert len(specs) >= 30
    for spec in specs.values():
        assert spec.title and spec.licence.startswith("CC BY 4.0")
        assert not spec.partial or spec.gaps, spec.id


def test_typo_in_field_names_file_and_field(tmp_path: Path) -> None:
    folder = tmp_path / "arbeid"
    folder.mkdir()
    path = folder / "werkloos.yml"
    path.write_text(
        "title: W\nunit: procent\nkind: share\npolaritei: lager_is_beter\nlevels: [gemeente]\n"
        "definition: Werkloze beroepsbevolking als percentage.\n"
        "sources: [{table: 86088NED, measure: Werkloosheidspercentage_13}]\n"
    )
    with pytest.raises(InputError, match=r"werkloos\.yml: .*'polaritei'"):
        load_indicator(path)


def test_unknown_kind_and_theme_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "arbeid").mkdir()
    path = tmp_path / "arbeid" / "x.yml"
    path.write_text(
        "title: X\nunit: u\nkind: ratio\npolarity: neutraal\nlevels: [gemeente]\n"
        "definition: Een definitie van ruim twintig tekens.\nsources: [{table: t, measure: m}]\n"
    )
    with pytest.raises(InputError, match="veld 'kind'"):
        load_indicator(path)
    (tmp_path / "sport").mkdir()
    other = tmp_path / "sport" / "x.yml"
    other.write_text(path.read_text())
    with pytest.raises(InputError, match="onbekend thema 'sport'"):
        load_indicator(other)


def test_measure_typo_is_caught_before_building(catalogue: Catalogue, bundled) -> None:
    broken = catalogue.get("werkloosheid").model_copy(deep=True)
    broken.sources[0].measure = "Werkloosheidspercentage_99"
    with pytest.raises(InputError, match=r"werkloosheid\.yml, sources\[0\]: maat"):
        check_catalogue(Catalogue([broken]), bundled)


def test_unknown_indicator_suggests(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownIndicator, match="werkloosheid"):
        catalogue.get("werkloozheid")


def test_bad_yaml_source_declaration(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("cbs_table: 1\n  title: [\n")
    with pytest.raises(InputError, match=r"x\.yml: geen geldige YAML"):
        load_source(path)
