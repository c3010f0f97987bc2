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


def _item(unit: str, phrase: str, focus: float, peers: list[float]) -> IndicatorBenchmark:
    ind = Indicator(
        id="x",
        theme="demografie",
        theme_title="Demografie",
        title="X",
        phrase=phrase,
        unit=unit,
        kind="value",
        polarity="neutraal",
        decimals=1,
        levels=("gemeente",),
        definition="",
        caveats="",
        unavailable="",
        sources=(),
        position=0,
    )
    cells = [
        AreaValue(f"GM9{i:03d}", f"Stad {chr(65 + i)}", 2024, v, table_id="t")
        for i, v in enumerate(peers)
    ]
    item = IndicatorBenchmark(ind, 2024, AreaValue("GM0034", "Almere", 2024, focus, table_id="t"),
                              AreaValue("NL", "Nederland", 2024, 2.0, table_id="t"), cells)  # fmt: skip
    _rank(item)
    _compare(item)
    return item


def test_class_variable_gets_no_rank() -> None:
    item = _item("klasse (1 = zeer sterk stedelijk, 5 = niet stedelijk)", "de stedelijkheidsklasse",
                 2, [1, 1, 2, 2, 2, 3, 1, 1, 2, 1, 1, 2])  # fmt: skip
    texts = [s.text for s in Narrator("Almere", 13).describe(item)]
    assert texts == [
        "Almere valt bij de stedelijkheidsklasse in klasse 2 (op een schaal van 1 = zeer sterk "
        "stedelijk, 5 = niet stedelijk), net als vijf van de twaalf benchmarkgemeenten."
    ]


def test_peers_are_counted_without_the_focus_and_averages_named_right() -> None:
    item = _item("personen per huishouden", "de gemiddelde huishoudensgrootte", 13.0,
                 [float(v) for v in range(1, 13)])  # fmt: skip
    texts = " ".join(s.text for s in Narrator("Almere", 13).describe(item))
    assert "twaalf benchmarkgemeenten" in texts and "dertien" not in texts
    assert "het landelijk gemiddelde" in texts
    share = _item(
        "procent van de inwoners", "het aandeel rokers", 9.0, [float(v) for v in range(1, 13)]
    )
    texts = " ".join(s.text for s in Narrator("Almere", 13).describe(share))
    assert (
        "gemiddelde" not in texts and "het landelijke cijfer" in texts
    ) or "Landelijk is dat" in texts


def test_a_tie_at_the_top_keeps_the_phrase_whole() -> None:
    item = _item("personen per huishouden", "de gemiddelde huishoudensgrootte", 12.0,
                 [float(v) for v in range(1, 13)])  # fmt: skip
    text = Narrator("Almere", 13).describe(item)[0].text
    assert "de gemiddelde huishoudensgrootte" in text and "samen met" not in text
    assert "even hoog als in Stad L" in text
