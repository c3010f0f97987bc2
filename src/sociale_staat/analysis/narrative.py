"""Dutch sentences about a benchmark, rule-based, each with references to the cells behind it.

Every number in a sentence comes from a reference (a cell of the warehouse, or a difference or
median computed from cells), written the Dutch way; no two sentences in a row share a shape.
"""

from typing import assert_never

from sociale_staat.analysis.results import AreaValue, IndicatorBenchmark, Ref, RefKind, Sentence
from sociale_staat.core.formatting import format_number, join_names, number_word, ordinal_word
from sociale_staat.warehouse.records import Indicator


def unit_words(indicator: Indicator) -> tuple[str, str]:
    """What follows a value, and what follows a difference: ('procent', 'procentpunt')."""
    unit = indicator.unit
    if unit.startswith("procent"):
        return "procent", "procentpunt"
    if unit == "x 1.000 euro":
        return "duizend euro", "duizend euro"
    if unit.startswith(("rapportcijfer", "schaalscore", "klasse")):
        return "", "punt"
    if unit == "inwoners per km² land":
        return "inwoners per km²", "inwoners per km²"
    return unit, unit


def superlative(phrase: str, word: str) -> str:
    """'het aandeel rokers' + 'hoogste' -> 'het hoogste aandeel rokers'."""
    article, _, rest = phrase.partition(" ")
    return f"{article} {word} {rest}" if article in ("de", "het") else f"{word} {phrase}"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class Narrator:
    """Writes the sentences for a run of indicators, varying the shape from one to the next."""

    def __init__(self, focus_name: str, group_size: int) -> None:
        self.focus = focus_name
        self.group_size = group_size
        self.last_shape = ""

    def describe(self, item: IndicatorBenchmark) -> list[Sentence]:
        sentences = []
        if item.focus is None or item.focus.value is None:
            reason = item.focus.reason if item.focus else "geen gegevens"
            sentences.append(
                self._say(
                    "ontbreekt",
                    f"Voor {self.focus} is {item.indicator.phrase} niet beschikbaar: {reason}.",
                    [Ref("ontbreekt", item.id, text=reason or "")],
                )
            )
            return sentences
        if item.n >= 3:
            sentences.append(self._position(item))
        if item.diff_nl is not None:
            sentences.append(self._national(item))
        if item.missing:
            sentences.append(self._gaps(item))
        return sentences

    # --- shapes ----------------------------------------------------------------------------

    def _position(self, item: IndicatorBenchmark) -> Sentence:
        ind, focus = item.indicator, item.focus
        assert focus is not None and focus.value is not None
        order = item.value_order()
        n = len(order)
        above = [c for c in order if (c.value or 0) > focus.value]
        below = [c for c in order if (c.value or 0) < focus.value]
        tied = [c for c in order if c.value == focus.value and c.area != focus.area]
        place = len(above) + 1  # competition ranking: equal values share a place
        of = self._of_group(n)
        x = self._v(ind, focus.value)
        nl = item.nederland
        refs = [_ref(ind, focus)]
        if not above or not below:
            word = "hoogste" if not above else "laagste"
            tail = ""
            if tied:
                refs += [_ref(ind, c) for c in tied]
                word = f"{word}, samen met {join_names([c.name for c in tied])},"
            if nl is not None and nl.value is not None:
                tail = f" (Nederland: {self._v(ind, nl.value)})"
                refs.append(_ref(ind, nl))
            if self.last_shape == "uiterste":  # two extremes in a row: say it the other way
                text = f"Van {of} heeft {self.focus} {superlative(ind.phrase, word)}: {x}{tail}."
                return self._say("uiterste-andersom", text, refs)
            text = f"{self.focus} heeft met {x} {superlative(ind.phrase, word)} van {of}{tail}."
            return self._say("uiterste", text, refs)
        if not tied and (len(above) <= 2 or len(below) <= 2):
            high = len(above) <= len(below)
            ahead = above if high else below[::-1]
            refs += [_ref(ind, c) for c in ahead]
            if self.last_shape == "na":
                text = (
                    f"Alleen {join_names([c.name for c in ahead])} "
                    f"{'heeft' if len(ahead) == 1 else 'hebben'} van {of} "
                    f"{superlative(ind.phrase, 'hogere' if high else 'lagere')} dan "
                    f"{self.focus} ({x})."
                )
                return self._say("na-andersom", text, refs)
            text = (
                f"{capital(ind.phrase)} is in {self.focus} ({x}) na "
                f"{join_names([c.name for c in ahead])} het {'hoogst' if high else 'laagst'} "
                f"van {of}."
            )
            return self._say("na", text, refs)
        assert item.peer_median is not None
        refs.append(_derived(ind, "mediaan", item.peer_median, [c.area for c in item.peers]))
        if self.last_shape == "plaats":
            text = (
                f"Van hoog naar laag neemt {self.focus} bij {ind.phrase} de "
                f"{ordinal_word(place)} plaats in van {of}: {x}, tegen een mediaan van "
                f"{self._v(ind, item.peer_median)} bij de andere gemeenten."
            )
            return self._say("plaats-andersom", text, refs)
        text = (
            f"Bij {ind.phrase} staat {self.focus} met {x} op de {ordinal_word(place)} plaats "
            f"van {of}, van hoog naar laag (mediaan van de andere gemeenten: "
            f"{self._v(ind, item.peer_median)})."
        )
        return self._say("plaats", text, refs)

    def _national(self, item: IndicatorBenchmark) -> Sentence:
        ind, focus, nl = item.indicator, item.focus, item.nederland
        assert focus is not None and nl is not None and item.diff_nl is not None
        assert focus.value is not None and nl.value is not None
        _, diff_unit = unit_words(ind)
        d = abs(item.diff_nl)
        refs = [_ref(ind, focus), _ref(ind, nl)]
        phrase = capital(ind.phrase)
        y = self._v(ind, nl.value)
        side = "boven" if item.diff_nl > 0 else "onder"
        small = d <= max(0.02 * abs(nl.value), 10 ** -ind.decimals)
        if item.nl_difference == "gelijk":
            text, shape = (
                f"{phrase} is in {self.focus} gelijk aan het landelijk gemiddelde ({y})",
                "gelijk",
            )
        elif item.nl_difference == "niet significant":
            refs.append(_derived(ind, "verschil", d, [focus.area, nl.area]))
            text = (
                f"{phrase} ligt in {self.focus} {self._d(ind, d, diff_unit)} {side} het landelijk "
                f"gemiddelde van {y}, maar dat verschil is statistisch niet duidelijk: de "
                "95%-intervallen overlappen"
            )
            shape = "onzeker"
        elif small:
            text = (
                f"{phrase} ligt in {self.focus} vrijwel op het landelijk gemiddelde "
                f"({self._v(ind, focus.value)} tegen {y})"
            )
            shape = "vrijwel"
        else:
            refs.append(_derived(ind, "verschil", d, [focus.area, nl.area]))
            judgement = self._judgement(ind, item.diff_nl)
            if self.last_shape == "landelijk":
                text = (
                    f"Landelijk is {ind.phrase} {y}; in {self.focus} is dat "
                    f"{self._d(ind, d, diff_unit)} {'hoger' if item.diff_nl > 0 else 'lager'}{judgement}"
                )
                shape = "landelijk-omgekeerd"
            else:
                text = (
                    f"{phrase} ligt in {self.focus} {self._d(ind, d, diff_unit)} {side} het "
                    f"landelijk gemiddelde ({y}){judgement}"
                )
                shape = "landelijk"
        text += self._trend(item, refs) + "."
        return self._say(shape, text, refs)

    def _trend(self, item: IndicatorBenchmark, refs: list[Ref]) -> str:
        ind, since, focus = item.indicator, item.since, item.focus
        if since is None or since.value is None or item.change is None or focus is None:
            return ""
        refs.append(_ref(ind, since))
        if format_number(abs(item.change), ind.decimals) == format_number(0, ind.decimals):
            return f"; sinds {since.period} is dat gelijk gebleven"
        verb = "gestegen" if item.change > 0 else "gedaald"
        return f"; sinds {since.period} is dat {verb} (van {self._v(ind, since.value)})"

    def _gaps(self, item: IndicatorBenchmark) -> Sentence:
        missing = item.missing
        reasons = sorted({c.reason or "geen gegevens" for c in missing})
        text = (
            f"Niet beschikbaar voor {join_names([c.name for c in missing])}"
            f" in {item.period}: {'; '.join(reasons)}."
        )
        refs = [
            Ref("ontbreekt", item.id, area=c.area, period=item.period, text=c.reason or "")
            for c in missing
        ]
        return self._say("ontbreekt", text, refs)

    # --- helpers ---------------------------------------------------------------------------

    def _say(self, shape: str, text: str, refs: list[Ref]) -> Sentence:
        self.last_shape = shape
        return Sentence(text, shape, tuple(refs))

    def _of_group(self, n: int) -> str:
        if n == self.group_size:
            return f"de {number_word(n)} benchmarkgemeenten"
        return f"de {number_word(n)} benchmarkgemeenten met gegevens"

    @staticmethod
    def _v(ind: Indicator, value: float) -> str:
        words, _ = unit_words(ind)
        text = format_number(value, ind.decimals)
        return f"{text} {words}" if words else text

    @staticmethod
    def _d(ind: Indicator, value: float, unit: str) -> str:
        text = format_number(value, ind.decimals)
        if text == "1" and unit == "inwoners":
            unit = "inwoner"
        return f"{text} {unit}"

    @staticmethod
    def _judgement(ind: Indicator, diff: float) -> str:
        """'gunstig' and 'ongunstig' only where the catalogue declares a polarity."""
        match ind.polarity:
            case "hoger_is_beter":
                return ", een gunstig verschil" if diff > 0 else ", een ongunstig verschil"
            case "lager_is_beter":
                return ", een gunstig verschil" if diff < 0 else ", een ongunstig verschil"
            case "neutraal":
                return ""
            case _:
                assert_never(ind.polarity)


def _ref(ind: Indicator, cell: AreaValue) -> Ref:
    return Ref(
        "cel",
        ind.id,
        value=cell.value,
        decimals=ind.decimals,
        area=cell.area,
        name=cell.name,
        period=cell.period,
        table_id=cell.table_id,
    )


def _derived(ind: Indicator, kind: RefKind, value: float, areas: list[str]) -> Ref:
    return Ref(kind, ind.id, value=value, decimals=ind.decimals, areas=tuple(areas))
