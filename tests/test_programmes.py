"""Programmamonitor without a warehouse: the Open SDG progress rule on hand-computed cases, the
declarations (swept), milestones and goals that measure nothing."""

from pathlib import Path

import pytest

from sociale_staat.analysis.peers import group_names
from sociale_staat.core import paths
from sociale_staat.core.errors import InputError
from sociale_staat.declarations.catalogue import Catalogue
from sociale_staat.programmes import progress
from sociale_staat.programmes.model import Milestone, Record, load_all, load_programme
from sociale_staat.programmes.progress import cagr, most_urgent, with_target, without_target
from sociale_staat.programmes.status import _milestone

# The BBV ids agreed with the catalogue helper (issue 12); until its indicator files land they
# are the only ids a programme may name that the catalogue does not have yet.
AGREED_BBV = {
    "winkeldiefstallen_per_1000", "geweldsmisdrijven_per_1000", "diefstallen_uit_woning_per_1000",
    "vernielingen_per_1000", "verwijzingen_halt_per_10000_jongeren",
    "aandeel_voortijdig_schoolverlaters", "absoluut_verzuim_per_1000_leerlingen",
    "relatief_verzuim_per_1000_leerlingen", "banen_per_1000_inwoners", "werkloze_jongeren",
    "reintegratievoorzieningen_per_10000", "vestigingen_per_1000_inwoners",
    "aandeel_jongeren_met_jeugdreclassering", "kinderen_in_uitkeringsgezin", "niet_sporters",
    "nieuwbouw_woningen_per_1000_woningen", "demografische_druk",
}  # fmt: skip
EXISTING_BBV = {
    "netto_arbeidsparticipatie", "aandeel_bijstand", "aandeel_jongeren_met_jeugdhulp",
    "aandeel_jongeren_met_jeugdbescherming", "wmo_clienten_per_1000", "woz_gemiddeld",
}  # fmt: skip


# --- the rule, by hand -------------------------------------------------------------------------


def test_cagr_by_hand() -> None:
    assert cagr(100.0, 121.0, 2) == pytest.approx(0.10)
    assert cagr(10.0, 8.1, 2) == pytest.approx(-0.1)  # 0.81 = 0.9²


@pytest.mark.parametrize(
    ("now", "status", "ratio"),
    [
        # target 121 in 2025 from 100 in 2015 needs 1.21^(1/10) - 1 = 1.9245% a year
        (110.0, "op_koers", 1.0),  # 1.1^(1/5) - 1 = 1.9245%: exactly the pace needed
        (107.5, "enige_vooruitgang", 0.7570),  # 1.075^(1/5) - 1 = 1.4569%
        (105.0, "onvoldoende", 0.5095),  # 1.05^(1/5) - 1 = 0.9806%
        (100.0, "onvoldoende", 0.0),  # standing still is limited progress, not deterioration
        (95.0, "verslechtering", -0.5303),  # 0.95^(1/5) - 1 = -1.0206%
    ],
)
def test_with_target_higher_is_better(now: float, status: str, ratio: float) -> None:
    judged = with_target((2015, 100.0), (2020, now), (2025, 121.0), +1)
    assert judged.status == status
    assert judged.value == pytest.approx(ratio, abs=1e-4)


def test_with_target_lower_is_better_and_thresholds() -> None:
    # 10 -> 8.1 in four years is 0.9^(1/2) - 1 a year; 10 -> 6.561 (0.9^4) in eight years needs
    # the same: ratio 1.0, op koers.
    judged = with_target((2015, 10.0), (2019, 8.1), (2023, 6.561), -1)
    assert judged.status == "op_koers" and judged.value == pytest.approx(1.0)
    assert with_target((2015, 10.0), (2019, 6.0), (2023, 6.561), -1).status == "doel_bereikt"
    assert with_target((2015, 10.0), (2019, 11.0), (2023, 6.561), -1).status == "verslechtering"
    # just either side of the thresholds R = 0.95 and R = 0.6
    needed = cagr(100.0, 121.0, 10)
    pairs = ((0.9501, "op_koers"), (0.9499, "enige_vooruitgang"), (0.6001, "enige_vooruitgang"))
    for r, expected in (*pairs, (0.5999, "onvoldoende")):
        now = 100.0 * (1 + r * needed) ** 5
        assert with_target((2015, 100.0), (2020, now), (2025, 121.0), +1).status == expected


@pytest.mark.parametrize(
    ("now", "status"),
    [
        (100.0 * 1.02**5, "verbetering"),  # +2.0% a year
        (100.0 * 1.0151**5, "verbetering"),  # just over 1.5%
        (100.0 * 1.0149**5, "lichte_verbetering"),
        (100.0 * 1.01**5, "lichte_verbetering"),
        (100.0 * 1.002**5, "nauwelijks_verbetering"),
        (100.0, "nauwelijks_verbetering"),
        (99.0, "verslechtering"),
    ],
)
def test_without_target_by_polarity(now: float, status: str) -> None:
    assert without_target((2015, 100.0), (2020, now), +1).status == status


def test_early_school_leaving_by_hand() -> None:
    """Almere, CBS 84780NED: 530 of 18,050 pupils in 2012/'13, 620 of 18,130 in 2022/'23.
    The rate rose by (0.034197 / 0.029363)^(1/10) - 1 = 1.536% a year; lower is better."""
    judged = without_target((2012, 530 / 18050 * 100), (2022, 620 / 18130 * 100), -1)
    assert judged.status == "verslechtering"
    assert judged.value == pytest.approx(-0.01536, abs=5e-5)
    assert "ongunstige" in judged.basis


def test_too_few_years_is_unknown_not_green() -> None:
    assert without_target((2020, 5.0), (2020, 5.0), +1).status == "onbekend"


def test_goal_takes_the_child_needing_most_attention() -> None:
    assert most_urgent(["op_koers", "onbekend"]) == "onbekend"  # never a silent green
    assert most_urgent(["op_koers", "verbetering", "verslechtering"]) == "verslechtering"
    assert most_urgent(["op_koers", "doel_bereikt"]) == "op_koers"
    assert most_urgent([]) == "geen_indicator"


def test_every_status_has_words_and_a_tone() -> None:
    for status in progress.LABELS:
        assert progress.label(status) and progress.tone(status)


# --- milestones and goals ------------------------------------------------------------------------


def test_milestone_without_record_is_unknown() -> None:
    measure = _milestone(
        Milestone(id="flevocampus", title="FlevoCampus op een solide basis", due=2022)
    )
    assert measure.status == "onbekend" and measure.label == "onbekend"
    assert "geen gedateerd verslag" in measure.basis and "2022" in measure.basis


def test_milestone_takes_its_latest_dated_record() -> None:
    milestone = Milestone(
        id="x",
        title="Iets",
        records=[
            Record(date="2019-01-10", state="in_uitvoering", source="Raadsbrief A"),
            Record(date="2021-06-01", state="bereikt", source="Jaarverslag B"),
        ],
    )
    measure = _milestone(milestone)
    assert measure.status == "bereikt" and "Jaarverslag B (2021-06-01)" in measure.basis


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "proef.yml"
    path.write_text(text, encoding="utf-8")
    return path


HEAD = """title: Proef
kind: programma
description: d
owner: o
document: {title: t, publisher: p}
"""


def test_goal_that_measures_nothing_must_say_why(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="geen_indicator"):
        load_programme(_write(tmp_path, HEAD + "goals:\n  - {id: a, title: Doel A}\n"))
    ok = load_programme(
        _write(tmp_path, HEAD + "goals:\n  - {id: a, title: A, geen_indicator: geen cijfers}\n")
    )
    assert ok.goals[0].geen_indicator == "geen cijfers"


def test_bad_declarations_name_file_and_field(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"proef\.yml.*kind"):
        load_programme(_write(tmp_path, HEAD.replace("programma", "plan") + "goals: []\n"))
    with pytest.raises(InputError, match="twee keer"):
        load_programme(
            _write(
                tmp_path,
                HEAD + "goals:\n  - {id: a, title: A, geen_indicator: x}\n"
                "  - {id: a, title: B, geen_indicator: y}\n",
            )
        )


# --- the declared programmes --------------------------------------------------------------------


def test_declared_programmes_are_valid_and_name_known_indicators(catalogue: Catalogue) -> None:
    programmes = load_all(paths.programmes_dir())
    assert {"almere-2-0-leer-en-werkomgeving", "bbv-beleidsindicatoren"} <= set(programmes)
    groups = group_names(paths.peer_groups_dir())
    for programme in programmes.values():
        assert programme.peer_group in groups, programme.id
        unknown = set(programme.indicator_ids()) - set(catalogue.by_id)
        assert unknown <= AGREED_BBV, f"{programme.id}: onbekende indicatoren {unknown}"
        for goal in programme.all_goals():
            assert goal.title and (
                goal.indicators or goal.milestones or goal.goals or goal.geen_indicator
            )


def test_bbv_programme_covers_the_whole_agreed_set() -> None:
    bbv = load_all(paths.programmes_dir())["bbv-beleidsindicatoren"]
    assert set(bbv.indicator_ids()) == AGREED_BBV | EXISTING_BBV


def test_almere_plan_declares_no_invented_targets() -> None:
    """The plan names milestones, not numeric targets: no indicator of it carries a target, and
    every goal and milestone cites where the plan says it."""
    plan = load_all(paths.programmes_dir())["almere-2-0-leer-en-werkomgeving"]
    text = (paths.demo_corpus() / plan.document.file).read_text(encoding="utf-8")
    flat = " ".join(text.split())
    for goal in plan.all_goals():
        assert all(ref.target is None for ref in goal.indicators)
        assert goal.source is not None, goal.id
        for milestone in goal.milestones:
            assert milestone.source is not None and milestone.records == []
            # the quoted words are in the plan (quotes may elide with […])
            for part in milestone.source.quote.split("[…]"):
                assert " ".join(part.split()) in flat, part
    ids = {m.id for g in plan.all_goals() for m in g.milestones}
    assert {
        "flevocampus_solide_basis",
        "internationale_school_poort",
        "ad_academy_werkgevers_aan_tafel",
        "nieuwe_universiteit_partners",
    } <= ids


def test_attention_order_lists_every_status_once() -> None:
    assert sorted(progress.ATTENTION) == sorted(progress.LABELS)


def test_chart_draws_the_target_path_from_the_baseline() -> None:
    from sociale_staat.programmes.charts import alt_text, spec
    from sociale_staat.programmes.model import Target
    from sociale_staat.programmes.status import Measure, Point

    measure = Measure(
        "indicator", "x", "Iets", "op_koers", "", unit="procent", decimals=1,
        base=Point(2015, 60.0), latest=Point(2020, 65.0), target=Target(value=70.0, year=2025),
        series={"Almere": {2015: 60.0, 2020: 65.0}, "Nederland": {2015: 62.0}, "mediaan peers": {}},
    )  # fmt: skip
    chart = spec(measure, "Almere")
    assert chart is not None
    target_layer = chart["layer"][1]
    assert target_layer["mark"]["strokeDash"] and [
        r["jaar"] for r in target_layer["data"]["values"]
    ] == [2015, 2025]
    assert chart["layer"][2]["encoding"]["text"]["value"] == "doel 2025"
    assert "doel 70 in 2025" in alt_text(measure, "Almere") and "op koers" in alt_text(
        measure, "Almere"
    )
    measure.series["Almere"] = {2020: 65.0}
    assert spec(measure, "Almere") is None  # one year is no line
