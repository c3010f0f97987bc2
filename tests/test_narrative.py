"""Property: whatever the numbers, every number in a sentence is one of its references."""

from hypothesis import given, settings
from hypothesis import strategies as st

from sociale_staat.analysis.benchmark import _compare, _rank
from sociale_staat.analysis.narrative import Narrator, superlative
from sociale_staat.analysis.results import AreaValue, IndicatorBenchmark
from sociale_staat.core.formatting import format_number, join_names, number_word, ordinal_word
from sociale_staat.warehouse.records import Indicator
from tests.test_benchmark import numbers_are_from_refs

UNITS = [
    "procent van de inwoners",
    "x 1.000 euro",
    "per 1.000 inwoners",
    "rapportcijfer (1-10)",
    "inwoners",
    "personen per huishouden",
]
values = st.floats(min_value=0.01, max_value=250_000, allow_nan=False, allow_infinity=False)


@st.composite
def benchmarks(draw: st.DrawFn) -> IndicatorBenchmark:
    decimals = draw(st.integers(0, 2))
    kind = draw(st.sampled_from(["value", "share", "rate"]))
    ind = Indicator(
        id="x",
        theme="arbeid",
        theme_title="Arbeid",
        title="X",
        phrase=draw(st.sampled_from(["de werkloosheid", "het aandeel rokers"])),
        unit=draw(st.sampled_from(UNITS)),
        kind=kind,
        polarity=draw(st.sampled_from(["hoger_is_beter", "lager_is_beter", "neutraal"])),
        decimals=decimals,
        levels=("gemeente",),
        definition="",
        caveats="",
        unavailable="",
        sources=(),
        position=0,
    )
    period = draw(st.integers(2000, 2024))

    def cell(code: str, margin: bool) -> AreaValue:
        name = "Stad " + "".join(chr(65 + int(d)) for d in code[2:])  # no digits in names
        v = draw(st.one_of(st.none(), values)) if code.startswith("GM9") else draw(values)
        if v is not None and margin:
            half = draw(st.floats(0, 5))
            return AreaValue(code, name, period, v, v - half, v + half, "definitief", "t")
        return AreaValue(
            code,
            name,
            period,
            v,
            status="definitief" if v is not None else "leeg",
            table_id="t",
            reason=None if v is not None else "leeg in bron (tabel t)",
        )

    margin = draw(st.booleans())
    peers = [cell(f"GM9{i:03d}", margin) for i in range(draw(st.integers(0, 14)))]
    item = IndicatorBenchmark(ind, period, cell("GM0034", margin), cell("NL", margin), peers)
    _rank(item)
    _compare(item)
    if draw(st.booleans()):
        item.since = cell("GM0034", False)
        item.since.period = period - 5
        item.change = (item.focus.value or 0) - (item.since.value or 0)  # type: ignore[union-attr]
    return item


@settings(max_examples=300, deadline=None)
@given(st.lists(benchmarks(), min_size=1, max_size=4))
def test_every_number_comes_from_a_reference(items: list[IndicatorBenchmark]) -> None:
    narrator = Narrator("Almere", 13)
    for item in items:
        for sentence in narrator.describe(item):
            assert numbers_are_from_refs(sentence, item.indicator.phrase), sentence


def test_dutch_words() -> None:
    assert number_word(13) == "dertien" and number_word(1) == "één" and number_word(25) == "25"
    assert ordinal_word(3) == "derde" and ordinal_word(12) == "twaalfde"
    assert join_names(["A", "B", "C"]) == "A, B en C" and join_names(["A"]) == "A"
    assert superlative("het aandeel rokers", "hoogste") == "het hoogste aandeel rokers"
    assert format_number(1234567.891, 1) == "1.234.567,9"
    assert format_number(-0.04, 1) == "0,0"
    assert format_number(None) == "niet beschikbaar"
