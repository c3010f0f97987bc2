"""The English catalogues of the site's parts agree with each other: a Dutch text has one
English text, whichever part declares it (a clash would fail every English page)."""

from sociale_staat.web.i18n import catalogue, translate


def test_english_catalogues_merge_without_clashes() -> None:
    catalogue.cache_clear()
    english = catalogue("en")
    assert len(english) > 100
    assert translate("Zoek", "en") == "Search" and translate("Zoek", "nl") == "Zoek"
    assert translate("een tekst die niemand vertaalde", "en") == "een tekst die niemand vertaalde"
