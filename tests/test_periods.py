import pytest

from sociale_staat.core.periods import Period, parse_period


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022", Period(2022, "jaar", 0, False)),
        ("2023*", Period(2023, "jaar", 0, True)),
        ("2015JJ00", Period(2015, "jaar", 0, False)),
        ("2019HJ02", Period(2019, "halfjaar", 2, False)),
        ("1e halfjaar 2019", Period(2019, "halfjaar", 1, False)),
        ("1e kwartaal 2015", Period(2015, "kwartaal", 1, False)),
        ("2019 maart", Period(2019, "maand", 3, False)),
        (" 2020 ", Period(2020, "jaar", 0, False)),
    ],
)
def test_parse(raw: str, expected: Period) -> None:
    assert parse_period(raw) == expected


@pytest.mark.parametrize("raw", ["2009 voor methodewijziging", "", "twintig", "1e half jaar 2024"])
def test_not_a_period(raw: str) -> None:
    assert parse_period(raw) is None


def test_label_round_trips() -> None:
    for raw in ["2022", "2e halfjaar 2021", "3e kwartaal 2015", "2019 december"]:
        period = parse_period(raw)
        assert period is not None and period.label == raw
