"""Every indicator declares an English title, so the English dashboard never shows a Dutch one.

A new indicator without `title_en:`, or with a Dutch title copied into it, fails here.
"""

import re

import pytest

from sociale_staat.core import paths
from sociale_staat.declarations.catalogue import Catalogue, Indicator

# Indicators whose English title may legitimately equal the Dutch one (a proper name or an
# acronym read the same in both languages). None today; add an id only with that reason.
SAME_IN_BOTH: frozenset[str] = frozenset()

# Words that occur in the Dutch titles and may still stand in an English one: English words
# spelled the same, and Dutch names English readers of Dutch statistics expect (each English
# title glosses them: "Referrals to Halt (youth diversion scheme)").
SHARED_WORDS = frozenset(
    {"in", "of", "per", "week", "km", "minimum", "museum", "drinkers", "score"}
    | {"ses", "woa", "ww", "wmo", "woz", "veilig", "thuis", "halt", "startkwalificatie"}
)


def words(title: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[A-Za-zÀ-ÿ]+", title)}


def dutch_words(title_en: str, dutch_titles: list[str]) -> set[str]:
    """Words of an English title that occur in a Dutch title and are not shared by both."""
    dutch = set().union(*(words(t) for t in dutch_titles))
    return (words(title_en) & dutch) - SHARED_WORDS


@pytest.fixture(scope="module")
def indicators() -> list[Indicator]:
    return list(Catalogue.load(paths.indicators_dir()))


def test_the_check_catches_a_dutch_word(indicators: list[Indicator]) -> None:
    dutch_titles = [i.title for i in indicators]
    assert dutch_words("Banen (aantal)", dutch_titles) == {"banen", "aantal"}
    assert dutch_words("Inwoners van 65 jaar of ouder", dutch_titles) >= {"inwoners", "jaar"}
    assert dutch_words("Residents aged 65 and over", dutch_titles) == set()


def test_every_indicator_has_an_english_title(indicators: list[Indicator]) -> None:
    missing = [i.id for i in indicators if not (i.title_en or "").strip()]
    assert not missing, f"no title_en: in {missing}"


def test_english_titles_are_english(indicators: list[Indicator]) -> None:
    dutch_titles = [i.title for i in indicators]
    for ind in indicators:
        en = ind.title_en or ""
        assert en == en.strip() and "\n" not in en, ind.id
        if ind.id not in SAME_IN_BOTH:
            assert en.casefold() != ind.title.casefold(), f"{ind.id}: title_en copies the title"
        found = dutch_words(en, dutch_titles)
        assert not found, f"{ind.id}: Dutch words {sorted(found)} in {en!r}"


def test_english_titles_are_unique(indicators: list[Indicator]) -> None:
    # Two indicators with one English title could not be told apart in the English dashboard.
    seen: dict[str, str] = {}
    for ind in indicators:
        key = (ind.title_en or "").casefold()
        assert key not in seen, f"{ind.id} and {seen[key]} share the English title {ind.title_en!r}"
        seen[key] = ind.id


def test_same_in_both_lists_only_known_indicators(indicators: list[Indicator]) -> None:
    assert {i.id for i in indicators} >= SAME_IN_BOTH


# Words of a Dutch unit that may stand in its English one ("x 1,000 euros", "km² of land").
SHARED_UNIT_WORDS = SHARED_WORDS | {"x", "land", "over"}


def test_every_unit_has_an_english_translation(indicators: list[Indicator]) -> None:
    from sociale_staat.web.i18n import catalogue

    english = catalogue("en")
    units = sorted({i.unit for i in indicators})
    missing = [u for u in units if u not in english]
    assert not missing, f"no English for these units in web/i18n/en/units.yml: {missing}"
    dutch = set().union(*(words(u) for u in units))
    for unit in units:
        left = (words(english[unit]) & dutch) - SHARED_UNIT_WORDS
        assert not left, f"{unit!r} -> {english[unit]!r}: Dutch words {sorted(left)}"
