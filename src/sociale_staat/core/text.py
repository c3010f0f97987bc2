"""Dutch words for search: tokens, a pinned Snowball stemmer, and the words a query may drop."""

import re
from functools import lru_cache

import snowballstemmer

# snowballstemmer is pinned (3.1.1, Kraaij-Pohlmann 'dutch'): another version stems differently,
# so the index must be rebuilt on upgrade; the stemmer name is stored with the index.
STEMMER = "dutch"
_stemmer = snowballstemmer.stemmer(STEMMER)
_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)

STOPWORDS = frozenset(
    [
        "aan",
        "al",
        "alle",
        "als",
        "ben",
        "bij",
        "dan",
        "dat",
        "de",
        "der",
        "des",
        "deze",
        "die",
        "dit",
        "doch",
        "doen",
        "door",
        "dus",
        "een",
        "en",
        "er",
        "ge",
        "geen",
        "had",
        "heb",
        "hebben",
        "heeft",
        "hem",
        "het",
        "hier",
        "hij",
        "hoe",
        "hun",
        "ik",
        "in",
        "is",
        "je",
        "kan",
        "kon",
        "maar",
        "me",
        "meer",
        "men",
        "met",
        "mij",
        "mijn",
        "moet",
        "na",
        "naar",
        "niet",
        "niets",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "ons",
        "ook",
        "op",
        "over",
        "reeds",
        "te",
        "tegen",
        "toch",
        "toen",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "want",
        "waren",
        "was",
        "wat",
        "we",
        "wel",
        "werd",
        "wie",
        "wij",
        "wil",
        "worden",
        "wordt",
        "zal",
        "ze",
        "zei",
        "zelf",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zonder",
        "zou",
    ]
)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens; hyphenated compounds stay one token ('mbo-opleiding')."""
    return [t.lower() for t in _TOKEN.findall(text)]


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    if "-" in token:  # stem each part of a compound: 'zorg-instellingen' -> 'zorg-instelling'
        return "-".join(_stemmer.stemWord(p) for p in token.split("-"))
    return str(_stemmer.stemWord(token))


def stems(text: str) -> list[str]:
    return [stem(t) for t in tokens(text)]
