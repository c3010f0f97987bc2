"""Does a figure quoted in a document agree with the current figure? Rounding, qualifiers,
the 95% interval, another area and another unit, each decided by its own rule."""

import pytest

from sociale_staat.kennisbank.claims import Current, check_claim

ALMERE_NOW = Current(area="GM0034", value=33.2, period=2022, kind="share")


@pytest.mark.parametrize(
    ("value", "qualifier", "verdict"),
    [
        (33, None, "klopt"),  # 33% stands for 32.5-33.5
        (34, None, "wijkt_af"),
        (34, "circa", "klopt"),  # circa: 5% either way
        (36, "circa", "wijkt_af"),
        (30, "meer dan", "klopt"),
        (36, "meer dan", "wijkt_af"),
        (35, "minder dan", "klopt"),
        (30, "minder dan", "wijkt_af"),
        (30, "ruim", "klopt"),  # ruim 30: above 30, not far above
        (25, "ruim", "wijkt_af"),
        (34, "bijna", "klopt"),
    ],
)
def test_rounding_and_qualifiers(value: float, qualifier: str | None, verdict: str) -> None:
    assert check_claim(value, "procent", qualifier, "GM0034", ALMERE_NOW).verdict == verdict


def test_interval_and_counts() -> None:
    wide = Current("GM0034", 33.2, 2022, "share", lower=30.1, upper=36.4)
    assert check_claim(35, "procent", None, "GM0034", wide).verdict == "klopt"
    people = Current("GM0034", 226_500.0, 2023, "value")
    # '350.000 inwoners' (a target in a 2010 document) is far off; 'ongeveer 230.000' is not.
    assert check_claim(350_000, "aantal", None, "GM0034", people).verdict == "wijkt_af"
    assert check_claim(230_000, "aantal", "ongeveer", "GM0034", people).verdict == "klopt"
    assert check_claim(226_500, "aantal", None, "GM0034", people).verdict == "klopt"


@pytest.mark.parametrize(
    ("unit", "area", "current", "why"),
    [
        ("procent", None, ALMERE_NOW, "geen_gebied"),
        ("procent", "NL", ALMERE_NOW, "ander_gebied"),
        ("procent", "stadsdeel Haven", ALMERE_NOW, "ander_gebied"),
        ("aantal", "GM0034", ALMERE_NOW, "andere_eenheid"),
        ("procent", "GM0034", Current("GM0034", None, 2022, "share"), "geen_cijfer"),
    ],
)
def test_what_cannot_be_tested(unit: str, area: str | None, current: Current, why: str) -> None:
    check = check_claim(33, unit, None, area, current)
    assert check.verdict == "niet_te_toetsen" and check.why == why


@pytest.mark.parametrize(
    "sentence",
    [
        "Het rijk heeft Almere gevraagd in de komende twintig jaar versneld door te groeien naar "
        "een stad van 350.000 inwoners.",  # deSTADSWIJKstudies, 2010
        "Er wordt toegewerkt naar een centrum met een voorzieningenniveau dat hoort bij een stad "
        "van 200.000 tot 300.000 inwoners.",  # Almere 2.0, 2016
        "We streven naar 80 procent van de jongeren met een startkwalificatie.",
    ],
)
def test_goals_are_not_measurements(sentence: str) -> None:
    check = check_claim(
        350_000, "aantal", None, "GM0034", Current("GM0034", 229_574.0, 2025, "value"), sentence
    )
    assert check.verdict == "niet_te_toetsen" and check.why == "doel"
    measured = "In 2023 woonden er 226.000 mensen in Almere."
    assert (
        check_claim(
            226_000, "aantal", None, "GM0034", Current("GM0034", 226_500.0, 2023, "value"), measured
        ).why
        == "binnen_marge"
    )
