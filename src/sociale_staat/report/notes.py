"""The report's notes: one numbered note per distinct source text, shared by every sentence that
rests on the same tables and years, so each generated sentence keeps its references."""

import re
from collections.abc import Callable, Sequence

from sociale_staat.analysis.results import Ref
from sociale_staat.warehouse.records import Source, citations


class Notes:
    def __init__(self, sources: dict[str, Source]) -> None:
        self.sources = sources
        self.notes: dict[int, str] = {}
        self._by_text: dict[str, int] = {}

    def add(self, refs: Sequence[Ref]) -> int:
        """The note for a sentence's references: the source tables and years behind it."""
        if any(r.kind == "ontbreekt" for r in refs):
            reasons = sorted({r.text for r in refs if r.text})
            return self.add_text("Ontbrekende gegevens: " + "; ".join(reasons))
        tables = sorted({r.table_id for r in refs if r.table_id})
        periods = sorted({r.period for r in refs if r.period})
        line = citations([self.sources[t] for t in tables if t in self.sources])
        text = f"Bron: {line}" if line else "Bron: zie de bronnenlijst"
        if periods:
            text += f"; {'jaar' if len(periods) == 1 else 'jaren'} {', '.join(map(str, periods))}"
        return self.add_text(text, cited=True)

    def add_text(self, text: str, *, cited: bool = False) -> int:
        """A note's number; `cited` texts are Source.citation() lines: their table numbers stay."""
        text = reader_words(text) if cited else self.reader(text)
        if text not in self._by_text:
            number = len(self.notes) + 1
            self.notes[number] = text
            self._by_text[text] = number
        return self._by_text[text]

    def reader(self, text: str) -> str:
        """Reasons from the read layer in words for a reader: CBS table numbers instead of
        snapshot ids, no talk of exports, bundles or row limits."""

        def table(match: re.Match[str]) -> str:
            source = self.sources.get(match.group(1))
            if source is None:  # already a table number, as in a citation
                return match.group(0)
            return f"tabel {source.cbs_table} van {source.publisher}"

        return _SAID_TWICE.sub(r"CBS-tabel \1", _TABLE.sub(table, reader_words(text)))


_TABLE = re.compile(r"(?<!CBS, )(?<!RIVM, )\btabel ([0-9A-Za-z_]+)")  # not in a citation line
_SAID_TWICE = re.compile(r"CBS-tabel (\S+) van CBS\b")  # 'CBS-tabel X' + 'tabel X van CBS'
def _fetch(match: re.Match[str]) -> str:
    """'haal CBS-tabel X op (…)' is an instruction for whoever loads data; a reader hears where
    the figures are and that this report has not read that table yet."""
    table, detail = match.group(1), match.group(2) or ""
    if table.endswith(")"):  # the table already has a parenthesis: keep one
        detail = ""
    return f"de cijfers staan in {table}{detail}, een tabel die voor dit rapport nog niet is ingelezen"


# Wording of the declarations (for analysts) turned into wording for a reader: no instructions
# ("haal … op"), no talk of what copy of a table was shipped, no code identifiers.
_ANALYST: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"\bhaal (CBS-tabel .+?) op( \([^()]*\))?(?=[.;)]|$)"), _fetch),
    (
        re.compile(
            r"CBS (\S+) per wijk is meegeleverd voor [^;]*; voor de vergelijking is de hele tabel nodig"
        ),
        r"de wijkcijfers van CBS-tabel \1 zijn voor dit rapport niet voor alle benchmarkgemeenten "
        "ingelezen",
    ),
    (re.compile(r";\s*de meegeleverde [^;()]*?(?=[;)]|\.?$)"), ""),
    (re.compile(r", maat [A-Z][A-Za-z]+"), ""),
    (re.compile(r" \(indicator '[a-z_]+'\)"), ""),
    (re.compile(r" \('[a-z]+_[a-z0-9_]+'\)"), ""),
    (re.compile(r" in '([a-z]+)_[a-z0-9_]+'"), r" in de indicator \1"),
    (re.compile(r"\((\d{5}[A-Za-z]{3})\)"), r"(CBS-tabel \1)"),
    (re.compile(r"CBS-tabel (\S+) van CBS\b"), r"CBS-tabel \1"),
    (re.compile(r"\bControleer: mogelijke registratiebreuk"), "Let op: mogelijke registratiebreuk"),
    (re.compile(r"\bcontroleer: mogelijke registratiebreuk"), "let op: mogelijke registratiebreuk"),
]
_READER: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"niet in bundel: tabel (\S+) is partieel — [^()]*\([^)]*\)"),
        r"tabel \1 is in de gebruikte versie niet voor alle gemeenten beschikbaar",
    ),
    (
        re.compile(r"niet in bundel: tabel (\S+) is partieel — [^;]*(?:; [a-z][^;]*)?"),
        r"tabel \1 is in de gebruikte versie niet voor alle gemeenten beschikbaar",
    ),
    (re.compile(r"tabel (\S+) dekt (\d{4})–\2\b"), r"tabel \1 heeft alleen cijfers over \2"),
    (re.compile(r"tabel (\S+) dekt (\d{4})–(\d{4})"), r"tabel \1 heeft cijfers over \2–\3"),
    (re.compile(r"niet in bundel: "), ""),
    (re.compile(r"de meegeleverde export van"), "de gebruikte versie van"),
    (re.compile(r" in de bundel\b"), ""),
    (re.compile(r"\(titel niet geverifieerd\)\s*"), ""),
    # The declarations say what the bundled snapshot holds; a reader hears of the tables used.
    (re.compile(r"\bde bundel heeft alleen\b"), "hier zijn alleen cijfers over"),
    (re.compile(r"\bde bundel heeft\b"), "beschikbaar is wel"),
    (re.compile(r"\bde bundel bevat\b"), "de gebruikte tabellen bevatten"),
    (re.compile(r"\b(de|het) bundel\b"), "de gebruikte tabellen"),
    (re.compile(r"\bbundel\b"), "gebruikte tabellen"),
]


def reader_words(text: str) -> str:
    """A declaration's or the read layer's wording for a reader: no exports, bundles, row limits."""
    for analyst, said in _ANALYST:
        text = analyst.sub(said, text)
    for pattern, replacement in _READER:
        text = pattern.sub(replacement, text)
    return text
