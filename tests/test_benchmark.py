"""Benchmarks checked by hand against the raw CBS files (values quoted in the comments)."""

import itertools
import re
from pathlib import Path

import pytest

from sociale_staat.analysis.benchmark import run
from sociale_staat.analysis.peers import resolve
from sociale_staat.analysis.results import Benchmark, Sentence
from sociale_staat.core import paths
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.core.formatting import format_number
from sociale_staat.warehouse.queries import Warehouse

PEERS = paths.peer_groups_dir()


@pytest.fixture(scope="module")
def almere(warehouse: Warehouse) -> Benchmark:
    return run(warehouse, resolve(warehouse, PEERS, "almere-2023", "GM0034"))


@pytest.fixture(scope="module")
def almere_2021(warehouse: Warehouse) -> Benchmark:
    return run(warehouse, resolve(warehouse, PEERS, "almere-2023", "GM0034"), period=2021)


def item(bench: Benchmark, indicator: str):  # type: ignore[no-untyped-def]
    return next(i for i in bench.items if i.id == indicator)


def test_corporatiewoningen_2021(almere_2021: Benchmark) -> None:
    # 82900NED 2021 (EigendomWoningcorporatie_4 / TotaleWoningvoorraad_1), by hand:
    # Amsterdam 40,9  Eindhoven 37,3  Zaanstad 37,1  Zoetermeer 34,9  Zwolle 32,9  Groningen 32,7
    # Tilburg 32,2  Utrecht 31,7  Amersfoort 29,4  Apeldoorn 28,2  Lelystad 28,1  Almere 26,9  Ede 20,7
    it = item(almere_2021, "aandeel_corporatiewoningen")
    assert (it.rank, it.n) == (12, 13)  # no polarity: highest first
    assert it.rank_basis.startswith("hoogste waarde eerst")
    assert it.peer_median == pytest.approx((32990 / 102471 + 38873 / 118922) * 50)
    zaanstad = next(c for c in it.peers if c.name == "Zaanstad")
    assert zaanstad.value == pytest.approx(100 * 25660 / 69114)
    texts = [s.text for s in it.sentences]
    assert texts[0] == (
        "Alleen in Ede is het aandeel corporatiewoningen lager dan in Almere (26,9 procent)."
    )
    # A share for Nederland is the national figure, not an average.
    assert "1,9 procentpunt" in texts[1] and "28,9 procent" in texts[1]
    assert "gemiddelde" not in texts[1]
    assert texts[2].startswith(("Sinds 2016 is het", "In 2016 was dat nog"))
    assert not any("gunstig" in t for t in texts)  # no polarity declared, no judgement


def test_werkloosheid_2021(almere_2021: Benchmark) -> None:
    # 86088NED 2021 Werkloosheidspercentage_13: Amsterdam 6,6  Groningen 6,0  Almere 5,7
    # Zoetermeer 4,9  Lelystad 4,7  Zaanstad 4,7  Eindhoven 4,6  Utrecht 4,5  Amersfoort 4,4
    # Tilburg 3,9  Ede 3,7  Zwolle 3,7  Apeldoorn 3,5; Nederland 4,2
    it = item(almere_2021, "werkloosheid")
    assert (it.rank, it.n) == (11, 13)  # lower is better: Almere is eleventh
    assert it.peer_median == pytest.approx(4.55)
    assert it.diff_nl == pytest.approx(1.5)
    assert it.nl_difference == "hoger"
    texts = [s.text for s in it.sentences]
    assert texts[0] == (
        "Alleen in Amsterdam en Groningen is de werkloosheid hoger dan in Almere (5,7 procent)."
    )
    assert "1,5 procentpunt" in texts[1] and "4,2 procent" in texts[1]
    assert texts[1].endswith("een ongunstig verschil.")
    assert texts[2].startswith(("Sinds 2016 is die gedaald", "In 2016 was dat nog"))


def test_overlapping_intervals_are_not_called_higher(almere: Benchmark) -> None:
    # 85563NED 2022: Almere 66,2 (62,0-70,2), Nederland 70,0: the intervals overlap.
    it = item(almere, "ervaren_gezondheid_goed")
    assert it.period == 2022 and it.nl_difference == "niet significant"
    national = it.sentences[1].text
    assert "statistisch niet duidelijk" in national and "gunstig" not in national
    assert it.as_dict()["focus"]["margin"] == {"lower": 62.0, "upper": 70.2}


def test_gaps_are_named_with_reason(almere: Benchmark) -> None:
    # 85586NED is here only for Almere, Nederland and the gemeenten Aa en Hunze ... Apeldoorn.
    it = item(almere, "aandeel_bijstand")
    missing = {c.name: c.reason for c in it.missing}
    assert {"Tilburg", "Utrecht", "Zaanstad", "Zoetermeer", "Zwolle"} <= set(missing)
    assert "de gebruikte versie van CBS 85586NED bevat niet alle gemeenten" in missing["Tilburg"]
    # fewer than half the peers: shown, but not ranked and not in the summary
    assert it.rank is None and it.score == 0 and it.quality.te_weinig_peers
    assert any(
        s.text.startswith("Niet beschikbaar voor") and "Tilburg" in s.text for s in it.sentences
    )


def test_indicator_without_any_source_is_visible(almere: Benchmark) -> None:
    it = item(almere, "aandeel_huishoudens_laag_inkomen")
    assert it.period is None and it.rank is None
    assert "niet beschikbaar" in it.sentences[0].text


_NUMBER = re.compile(r"\d+(?:\.\d{3})*(?:,\d+)?")  # a sentence may end in a number
_NOT_DATA = ("per 1.000 inwoners", "95%-intervallen")  # unit words, not data


def numbers_are_from_refs(sentence: Sentence, phrase: str) -> bool:
    # The indicator's own name may hold numbers ("inwoners van 0 tot 15 jaar"): not data.
    text = sentence.text
    for form in (phrase, phrase[:1].upper() + phrase[1:], phrase.partition(" ")[2]):
        text = text.replace(form, "")
    for fragment in _NOT_DATA:
        text = text.replace(fragment, "")
    text = re.sub(r"op een schaal van [^)]*", "", text)  # the class scale is the unit, not data
    allowed = set()
    for ref in sentence.refs:
        if ref.value is not None:
            allowed.add(format_number(ref.value, ref.decimals))
            allowed.add(format_number(abs(ref.value), ref.decimals))
        if ref.period is not None:
            allowed.add(str(ref.period))
        if ref.text:  # a reason for missing data is quoted as it is
            text = text.replace(ref.text, "")
    return all(n in allowed for n in _NUMBER.findall(text))


def test_every_number_in_every_real_sentence_comes_from_its_refs(almere: Benchmark) -> None:
    sentences = [(s, it.indicator.phrase) for it in almere.items for s in it.sentences]
    assert len(sentences) > 80
    bad = [s.text for s, phrase in sentences if not numbers_are_from_refs(s, phrase)]
    assert not bad


def test_no_shape_twice_in_a_row(almere: Benchmark) -> None:
    shapes = [s.shape for it in almere.items for s in it.sentences]
    repeats = [a for a, b in itertools.pairwise(shapes) if a == b != "ontbreekt"]
    assert not repeats


def test_findings_rank_the_unusual_first(almere: Benchmark) -> None:
    findings = almere.findings()
    assert set(findings) <= {i.indicator.theme for i in almere.items}
    for items in findings.values():
        scores = [i.score for i in items]
        assert scores == sorted(scores, reverse=True)
    assert sum(len(items) for items in findings.values()) >= 10
    # Almere's Wmo (42 vs median 60+) is the most unusual, but its 24% drop in one year is
    # flagged as a possible registration break and so kept out of the findings.
    wmo = item(almere, "wmo_clienten_per_1000")
    assert wmo.rank == 13 and wmo.quality.plausibiliteit is not None
    assert wmo not in findings["zorg"]


def test_list_group_and_focus_elsewhere(warehouse: Warehouse) -> None:
    group = resolve(warehouse, PEERS, "almere-2023", "GM0034")
    assert len(group.members) == 12 and "Lelystad" in [m.name for m in group.members]
    assert sum(m.in_depth for m in group.members) == 4
    other = resolve(warehouse, PEERS, "almere-2023", "Utrecht (gemeente)")
    assert "GM0344" not in other.codes and len(other.members) == 11
    assert other.notes and "Almere" in other.notes[0]


def test_criteria_group(warehouse: Warehouse) -> None:
    group = resolve(warehouse, PEERS, "sterk-stedelijk-100k-500k", "GM0034")
    names = {m.name for m in group.members}
    assert {"Amersfoort", "Zoetermeer", "Zwolle", "Tilburg"} <= names
    assert "Amsterdam" not in names  # more than 500.000 inwoners
    assert "Lelystad" not in names  # fewer than 100.000
    flevoland = resolve(warehouse, PEERS, "provincie-flevoland", "GM0034")
    assert {m.name for m in flevoland.members} == {
        "Dronten",
        "Lelystad",
        "Noordoostpolder",
        "Urk",
        "Zeewolde",
    }


def test_similarity_group_shows_why(warehouse: Warehouse) -> None:
    group = resolve(warehouse, PEERS, "structuur-vergelijkbaar", "GM0034")
    assert len(group.members) == 12
    distances = [m.distance for m in group.members]
    assert distances == sorted(distances)  # type: ignore[type-var]
    for m in group.members:
        assert sum(m.contributions.values()) == pytest.approx(1, abs=0.01)
    assert "GM0034" not in group.codes


@pytest.mark.parametrize(
    ("group", "focus", "message"),
    [
        ("bestaat-niet", "GM0034", "onbekende peergroep"),
        ("almere-2023", "WK003401", "focus moet een gemeente zijn"),
        ("almere-2023", "NL", "focus moet een gemeente zijn"),
    ],
)
def test_bad_groups_and_focus(warehouse: Warehouse, group: str, focus: str, message: str) -> None:
    with pytest.raises(SocialeStaatError, match=message):
        resolve(warehouse, PEERS, group, focus)


def test_bad_group_declaration_names_field(tmp_path: Path, warehouse: Warehouse) -> None:
    (tmp_path / "kapot.yml").write_text("title: X\nkind: lijst\nrationale: r\nmembres: {}\n")
    with pytest.raises(SocialeStaatError, match=r"kapot\.yml"):
        resolve(warehouse, tmp_path, "kapot", "GM0034")
