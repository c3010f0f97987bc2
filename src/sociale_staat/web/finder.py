"""Finding indicators and themes by what a reader types: Dutch word stems (the kennisbank's
pinned stemmer), the taxonomy's words for each indicator and each theme, and the synonyms of
its concepts. "eenzaamheid" and "eenzaam" find the loneliness indicators; "jeugd" finds
"jeugdhulp" (a stem also counts as the start of a compound)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sociale_staat.core.text import STOPWORDS, stem, stems, tokens
from sociale_staat.declarations.taxonomy import Taxonomy
from sociale_staat.warehouse.records import Indicator

MIN_PREFIX = 4  # shorter stems only match whole words ('ww' must not find every 'ww...')
# How much a matching word counts, by where it stands.
WEIGHTS = {"titel": 3.0, "taxonomie": 3.0, "id": 2.0, "omschrijving": 1.0}


@dataclass(frozen=True)
class Found:
    key: str  # indicator id or theme key
    score: float


def query_terms(query: str, synonyms: Mapping[str, list[str]]) -> list[frozenset[str]]:
    """One set of alternative stems per word of the query (the word and its synonyms)."""
    out = []
    for word in tokens(query):
        if word not in STOPWORDS:
            s = stem(word)
            out.append(frozenset([s, *synonyms.get(s, [])]))
    return out


class Finder:
    """An index of words per indicator and per theme, made once when the site starts."""

    def __init__(
        self, indicators: Iterable[Indicator], taxonomy: Taxonomy, themes: Mapping[str, str]
    ) -> None:
        self.synonyms = taxonomy.synonyms
        linked: dict[str, list[str]] = {}
        for link in taxonomy.indicators:
            linked.setdefault(link.indicator, []).extend(w for p in link.patterns for w in p)
        self.indicators: dict[str, dict[str, set[str]]] = {}
        for ind in indicators:
            self.indicators[ind.id] = {
                "titel": set(stems(ind.title)),
                "taxonomie": set(linked.get(ind.id, [])),
                "id": set(stems(ind.id.replace("_", " "))),
                "omschrijving": set(stems(f"{ind.phrase} {ind.definition}")),
            }
        self.themes = {
            key: {
                "titel": set(stems(title)),
                "taxonomie": {w for p in taxonomy.themes.get(key, []) for w in p},
            }
            for key, title in themes.items()
        }

    def indicators_for(self, query: str) -> list[Found]:
        return _rank(self.indicators, query_terms(query, self.synonyms))

    def themes_for(self, query: str) -> list[Found]:
        return _rank(self.themes, query_terms(query, self.synonyms))


def _rank(index: Mapping[str, Mapping[str, set[str]]], terms: list[frozenset[str]]) -> list[Found]:
    """Entries holding every term (any of its synonyms), best first; if none has them all,
    those holding any term."""
    if not terms:
        return []
    scored: list[tuple[int, float, str]] = []
    for key, fields in index.items():
        per_term = [_best(fields, alternatives) for alternatives in terms]
        matched = sum(1 for s in per_term if s > 0)
        if matched:
            scored.append((matched, sum(per_term), key))
    if any(m == len(terms) for m, _, _ in scored):
        scored = [s for s in scored if s[0] == len(terms)]
    scored.sort(key=lambda s: (-s[0], -s[1], s[2]))
    return [Found(key, score) for _, score, key in scored]


def _best(fields: Mapping[str, set[str]], alternatives: frozenset[str]) -> float:
    best = 0.0
    for name, words in fields.items():
        weight = WEIGHTS[name]
        if alternatives & words:
            best = max(best, weight)
        elif any(_starts_compound(w, a) for w in words for a in alternatives):
            best = max(best, weight / 2)
    return best


def _starts_compound(word: str, stem: str) -> bool:
    return len(stem) >= MIN_PREFIX and word != stem and word.startswith(stem)
