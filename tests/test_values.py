"""Values checked by hand against the raw files in ../shared/data (the lines are quoted)."""

import pytest

from sociale_staat.warehouse.queries import Warehouse


def v(warehouse: Warehouse, indicator: str, area: str, period: int) -> float:
    reading = warehouse.value(indicator, area, period).reading
    assert reading.value is not None, reading.reason
    return float(reading.value)


def test_inwoners_almere(warehouse: Warehouse) -> None:
    # 03759ned: "2750;...;Almere;2000;142765.0"  and  "2772;...;Almere;2022;217828.0"
    assert v(warehouse, "inwoners", "GM0034", 2000) == 142765
    assert v(warehouse, "inwoners", "Almere", 2022) == 217828
    # 03759ned: "34;...;Nederland;2022;17590672.0"
    assert v(warehouse, "inwoners", "NL", 2022) == 17590672


def test_inwoners_gemeenten_beyond_the_partial_table(warehouse: Warehouse) -> None:
    # Utrecht and Zwolle are not in partial 03759ned; 70072NED 2020-2023 has every gemeente.
    assert v(warehouse, "inwoners", "Utrecht (gemeente)", 2022) == 361699
    assert v(warehouse, "inwoners", "GM0193", 2022) == 130668  # Zwolle


def test_werkloosheid_2021(warehouse: Warehouse) -> None:
    # 86088NED: "788;Totaal personen;Almere;2021;...;5.7;41.0;75.1;70.8"
    assert v(warehouse, "werkloosheid", "GM0034", 2021) == 5.7
    # 86088NED: "8;Totaal personen;Nederland;2021;...;4.2;3483.0;73.5;70.4"
    assert v(warehouse, "werkloosheid", "NL", 2021) == 4.2
    assert v(warehouse, "netto_arbeidsparticipatie", "GM0034", 2021) == 70.8


@pytest.mark.parametrize(
    ("area", "corporatie", "voorraad"),
    [  # 82900NED 2021, StatusVanBewoning=Totaal: EigendomWoningcorporatie_4 / TotaleWoningvoorraad_1
        ("GM0034", 23514, 87259),  # Almere
        ("GM0855", 32990, 102471),  # Tilburg
        ("GM0479", 25660, 69114),  # Zaanstad
        ("GM0637", 19709, 56421),  # Zoetermeer
        ("NL", 2301737, 7966331),
    ],
)
def test_aandeel_corporatiewoningen_2021(
    warehouse: Warehouse, area: str, corporatie: int, voorraad: int
) -> None:
    assert v(warehouse, "aandeel_corporatiewoningen", area, 2021) == pytest.approx(
        100 * corporatie / voorraad
    )


def test_households_almere_2022(warehouse: Warehouse) -> None:
    # 71486ned: "1772;Totaal;Almere;2022;92438.0;29848.0;...;39375.0;...;11193.0"
    assert v(warehouse, "aandeel_eenouderhuishoudens", "GM0034", 2022) == pytest.approx(
        100 * 11193 / 92438
    )
    assert v(warehouse, "aandeel_huishoudens_met_kinderen", "GM0034", 2022) == pytest.approx(
        100 * 39375 / 92438
    )
    assert v(warehouse, "aandeel_eenpersoonshuishoudens", "GM0034", 2022) == pytest.approx(
        100 * 29848 / 92438
    )


def test_margins_travel_with_health_values(warehouse: Warehouse) -> None:
    answer = warehouse.value("ervaren_gezondheid_goed", "GM0034", 2022).reading
    # 85563NED Almere, Leeftijd Totaal: Waarde 66.2, ondergrens 62.0, bovengrens 70.2
    assert (answer.value, answer.lower, answer.upper) == (66.2, 62.0, 70.2)
    assert answer.source is not None and answer.source.cbs_table == "85563NED"


def test_wijk_value_from_kwb(warehouse: Warehouse) -> None:
    # 85984NED: "385;Centrum Almere Haven;...;WK003401  ;1;1765;..."
    assert v(warehouse, "inwoners", "WK003401", 2024) == 1765


def test_since_gives_change(warehouse: Warehouse) -> None:
    answer = warehouse.value("inwoners", "GM0034", 2022, since=2000)
    assert answer.since is not None and answer.since.value == 142765
    assert answer.change_abs == 217828 - 142765
    assert answer.change_pct == pytest.approx(100 * 75063 / 142765)


def test_missing_value_says_why(warehouse: Warehouse) -> None:
    answer = warehouse.value("aandeel_eenouderhuishoudens", "Tilburg", 2022).reading
    assert answer.value is None
    assert "de gebruikte versie van CBS 71486ned bevat niet alle gemeenten" in (answer.reason or "")
    assert "bundel" not in (answer.reason or "")
    unavailable = warehouse.value("aandeel_huishoudens_laag_inkomen", "GM0034", 2022).reading
    assert unavailable.value is None and "86006NED" in (unavailable.reason or "")


def test_level_without_data_says_so(warehouse: Warehouse) -> None:
    answer = warehouse.value("werkloosheid", "WK003401", 2021).reading
    assert answer.value is None and "niveau wijk" in (answer.reason or "")


def test_wijk_codes_are_never_joined_across_indelingen(warehouse: Warehouse) -> None:
    # WK003401 is 'Centrum Almere Haven' in the 2024 indeling (KWB 2024) but a different, larger
    # area in the 2020 indeling of the RIVM estimates: the same code, two areas.
    new = warehouse.value("inwoners", "WK003401", 2024)
    assert new.area.name == "Centrum Almere Haven" and new.area.indeling == 2024
    assert new.reading.value == 1765
    across = warehouse.value("eenzaam", "WK003401", 2020).reading
    assert across.value is None
    assert "niet vergelijkbaar: indeling gewijzigd" in (across.reason or "")
    old = warehouse.value("eenzaam", "WK003401", 2020, indeling=2020)
    # RIVM csv line 2586: "1148;20300;MW00000;WK003401  ;2020JJ00;...", column Eenzaam_28 = 48.8
    assert old.reading.value == 48.8 and old.area.indeling == 2020
    assert warehouse.value("inwoners", "WK003401", 2024, indeling=2020).reading.value is None


def test_unknown_indeling_is_explained(warehouse: Warehouse) -> None:
    import pytest as _pytest

    from sociale_staat.core.errors import UnknownArea

    with _pytest.raises(UnknownArea, match="niet voor in de indeling van 2019"):
        warehouse.area("WK003401", indeling=2019)
