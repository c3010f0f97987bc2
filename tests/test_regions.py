import pytest

from sociale_staat.core.regions import RegionRegister, learn_register


@pytest.fixture(scope="module")
def register(bundled) -> RegionRegister:
    return learn_register((s.spec, s.frame()) for s in bundled.values())


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Nederland", "NL"),
        ("Almere", "GM0034"),
        ("Groningen (gemeente)", "GM0014"),
        ("Groningen (GM)", "GM0014"),
        ("Groningen", "GM0014"),  # plain names are gemeenten; provinces always carry (PV)
        ("Groningen (PV)", "PV20"),
        ("Utrecht (gemeente)", "GM0344"),
        ("Utrecht (PV)", "PV26"),
        ("Utrecht (CR)", "CR17"),
        ("Flevoland (PV)", "PV24"),
        ("Bergen (NH.)", "GM0373"),
        ("Bergen (L.)", "GM0893"),
        ("'s-Gravenhage (gemeente)", "GM0518"),
        ("GM0034    ", "GM0034"),
        ("NL01  ", "NL"),
        ("WK003401  ", "WK003401"),
        ("BU00340101", "BU00340101"),
    ],
)
def test_labels_resolve_to_codes(register: RegionRegister, label: str, code: str) -> None:
    assert register.resolve(label).code == code


def test_unknown_and_other_kinds_are_not_guessed(register: RegionRegister) -> None:
    assert register.resolve("Atlantis").code is None
    assert register.resolve("Atlantis").reason == "onbekend gebied"
    assert register.resolve("GGD Flevoland (GG)").reason == "ander gebiedstype"


def test_ambiguous_label_is_reported() -> None:
    register = RegionRegister()
    register.add("GM0001", "Dubbel")
    register.add("GM0002", "Dubbel")
    resolution = register.resolve("Dubbel")
    assert resolution.code is None and "meerduidig" in resolution.reason
