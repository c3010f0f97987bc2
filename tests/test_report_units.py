"""Parts of the report that need no warehouse: declared texts, tick values, quotes, notes."""

from datetime import date
from pathlib import Path

import pytest

from sociale_staat.core.errors import InputError
from sociale_staat.render.charts import nice_ticks, tick_decimals, year_ticks
from sociale_staat.report import declared
from sociale_staat.report.documents import ends_sentence, excerpt, is_reference, sentences
from sociale_staat.report.notes import Notes
from sociale_staat.warehouse.records import Source


def test_dutch_date() -> None:
    assert declared.dutch_date(date(2026, 11, 25)) == "25 november 2026"
    assert declared.dutch_date(date(2027, 3, 1)) == "1 maart 2027"


@pytest.mark.parametrize(
    ("lo", "hi", "decimals"),
    [
        (1.1, 1.4, 1),
        (0.0, 4.2, 1),
        (142850, 229570, 0),
        (-0.82, 0.76, 2),
        (6.9, 7.4, 1),
        (2.3, 2.3, 2),
    ],
)
def test_ticks_distinct_and_round(lo: float, hi: float, decimals: int) -> None:
    ticks = nice_ticks(lo, hi, decimals)
    k = tick_decimals(ticks, decimals)
    labels = [f"{t:.{k}f}" for t in ticks]
    assert len(labels) == len(set(labels)) >= 2
    assert ticks[0] <= lo and ticks[-1] >= hi
    assert k <= decimals


def test_year_ticks_leave_room() -> None:
    rows = [{"jaar": y} for y in range(2003, 2025)]
    ticks = year_ticks(rows)
    assert len(ticks) <= 8 and ticks[-1] == 2024
    assert year_ticks([{"jaar": 2012}, {"jaar": 2013}, {"jaar": 2016}]) == [
        2012,
        2013,
        2014,
        2015,
        2016,
    ]


def test_sentences_not_cut_at_abbreviations() -> None:
    text = "Er zijn o.a. scholen en bijv. buurthuizen. Dat helpt. Zie p. 4 voor meer"
    assert sentences(text) == [
        "Er zijn o.a. scholen en bijv. buurthuizen.",
        "Dat helpt.",
        "Zie p. 4 voor meer",
    ]
    assert ends_sentence("Dat helpt.") and not ends_sentence("Zie p. 4 voor meer")


def test_excerpt_whole_sentences_without_references() -> None:
    text = (
        "1 Zie www.almere.nl voor de cijfers van 2019. Veel jongeren in Almere zoeken werk in de "
        "stad zelf. Werkgevers vinden moeilijk personeel voor de zorg en het onderwijs. En dan"
    )
    quote = excerpt(text, [("werk",), ("werkgever",)])
    assert quote == (
        "Veel jongeren in Almere zoeken werk in de stad zelf. Werkgevers vinden moeilijk "
        "personeel voor de zorg en het onderwijs."
    )
    assert is_reference("Dekker, J. (2019). Wonen in Almere. Amsterdam: Trancity, p. 12.")


def test_reader_text_for_gaps() -> None:
    notes = Notes({"37610": Source("37610", "37610", "WOZ", "CBS", "CC BY 4.0", "2025")})
    text = notes.reader(
        "niet in bundel: tabel 37610 is partieel — de export stopte na 10.000 rijen; gemeenten "
        "staan alfabetisch (gemeenten tot en met Middenveld: Tilburg ontbreken); tabel 37610 dekt 2015–2015"
    )
    assert "bundel" not in text and "export" not in text and "2015–2015" not in text
    assert "tabel 37610 van CBS heeft alleen cijfers over 2015" in text
    # A citation keeps its table number as it is.
    assert (
        notes.reader("Bron: CBS, tabel 86004NED — Inkomen") == "Bron: CBS, tabel 86004NED — Inkomen"
    )


def _write(folder: Path, name: str, text: str) -> None:
    (folder / "GM0034").mkdir(parents=True, exist_ok=True)
    (folder / "GM0034" / name).write_text(text, encoding="utf-8")


def test_declared_text_errors_name_the_file(tmp_path: Path) -> None:
    _write(tmp_path, "arbeid.md", "geen kop\n")
    with pytest.raises(InputError, match=r"arbeid\.md: begin met een kop"):
        declared.load(tmp_path, "GM0034", {"arbeid"})
    _write(tmp_path, "arbeid.md", "---\nauteur: A. Analist\ndatum: 2026-13-01\n---\nTekst.\n")
    with pytest.raises(InputError, match=r"arbeid\.md: kop is geen geldige YAML"):
        declared.load(tmp_path, "GM0034", {"arbeid"})
    _write(tmp_path, "arbeid.md", "---\nauteur: A. Analist\ndatum: 2026-10-01\n---\nTekst.\n")
    _write(tmp_path, "arbeidsmarkt.md", "---\nauteur: A. Analist\ndatum: 2026-10-01\n---\nTekst.\n")
    with pytest.raises(InputError, match=r"arbeidsmarkt\.md: geen hoofdstuk 'arbeidsmarkt'"):
        declared.load(tmp_path, "GM0034", {"arbeid"})


def test_declared_folder_of_the_repository_is_valid() -> None:
    """Sweep the real declarations: every gemeente folder loads."""
    from sociale_staat.core import paths

    root = paths.report_dir()
    chapters = {
        "samenvatting", "inleiding", "demografie", "arbeid", "onderwijs", "inkomen",
        "kansengelijkheid", "gezondheid", "zorg", "wonen", "veiligheid", "sport_cultuur",
        "wijken", "documenten", "conclusies",
    }  # fmt: skip
    folders = [p for p in root.iterdir() if p.is_dir()]
    assert folders
    for folder in folders:
        result = declared.load(root, folder.name, chapters)
        assert result.cover is not None or result.written


def test_analyst_wording_becomes_reader_wording() -> None:
    """Declarations tell whoever loads data what to fetch; the report tells a reader where the
    figures are, without instructions, shipped copies, row limits or code identifiers."""
    from sociale_staat.report.notes import reader_words

    fetch = reader_words(
        "haal CBS-tabel 86087NED 'Jongeren (15 tot 27 jaar); onderwijs, arbeid, uitkering, regio' "
        "op (categorieën niet-onderwijsvolgend en niet-werkzaam; de meegeleverde export bevat "
        "alleen de totalen)"
    )
    assert fetch.startswith("de cijfers staan in CBS-tabel 86087NED 'Jongeren (15 tot 27 jaar);")
    assert "haal" not in fetch and "meegeleverd" not in fetch and "export" not in fetch
    assert fetch.endswith("een tabel die voor dit rapport nog niet is ingelezen")
    limited = reader_words(
        "CBS 86092NED per wijk is meegeleverd voor Almere en de gemeenten van Aa en Hunze tot "
        "Amersfoort; voor de vergelijking is de hele tabel nodig"
    )
    assert "Aa en Hunze" not in limited and "niet voor alle benchmarkgemeenten" in limited
    lisa = reader_words(
        "LISA-vestigingenregister; de meegeleverde 70072NED-export van 2015 geeft banen x 1.000"
    )
    assert lisa == "LISA-vestigingenregister"
    assert reader_words("de bundel heeft het aandeel sporters ('wekelijks_sporter')") == (
        "beschikbaar is wel het aandeel sporters"
    )
    assert reader_words("Controleer: mogelijke registratiebreuk.").startswith("Let op:")


def test_first_clause_ignores_semicolons_in_titles() -> None:
    from sociale_staat.report.document import _first_clause

    assert _first_clause("in CBS-tabel X 'Huishoudens; regio' (a; b); wel is er Y") == (
        "in CBS-tabel X 'Huishoudens; regio' (a; b)",
        "wel is er Y",
    )
    assert _first_clause("GGD'en; rest") == ("GGD'en", "rest")
