"""Dutch sentences about a benchmark, rule-based, each with references to the cells behind it.

What is notable decides the shape: a value beyond every benchmarkgemeente is said as such, a
value near the top or bottom names the few gemeenten beyond it, a middle value is set against
the median of the benchmarkgemeenten; the national figure and the change over the years follow in
their own sentences, in turns of phrase that vary from one indicator to the next. Every number
comes from a reference (a cell of the warehouse, or a difference or median computed from cells),
written the Dutch way. The indicator's phrase always stands whole (with its own article), so no
adjective is pushed inside it; class variables (stedelijkheidsklasse) get no rank.
"""

from typing import assert_never

from sociale_staat.analysis.results import AreaValue, IndicatorBenchmark, Ref, RefKind, Sentence
from sociale_staat.core.formatting import format_number, join_names, number_word
from sociale_staat.warehouse.records import Indicator


def unit_words(indicator: Indicator) -> tuple[str, str]:
    """What follows a value, and what follows a difference: ('procent', 'procentpunt')."""
    unit = indicator.unit
    if unit.startswith("procent"):
        return "procent", "procentpunt"
    if unit == "x 1.000 euro":
        return "duizend euro", "duizend euro"
    if unit.startswith(("rapportcijfer", "schaalscore", "klasse", "score")):
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


def is_class(indicator: Indicator) -> bool:
    """A class variable (stedelijkheidsklasse): ordered codes, not amounts, so never ranked."""
    return str(indicator.unit).startswith("klasse")


def national_word(indicator: Indicator) -> str:
    """'het landelijk gemiddelde' only for averages; a share or a median for Nederland is
    'het landelijke cijfer'."""
    phrase = str(indicator.phrase)
    return (
        "het landelijk gemiddelde" if " gemiddelde " in f" {phrase} " else "het landelijke cijfer"
    )


class Narrator:
    """Writes the sentences for a run of indicators, varying the shape from one to the next."""

    def __init__(self, focus_name: str, group_size: int) -> None:
        self.focus = focus_name
        self.group_size = group_size  # the focus and its benchmarkgemeenten
        self.last_shape = ""
        self.turn = 0  # alternates turns of phrase between indicators

    def describe(self, item: IndicatorBenchmark) -> list[Sentence]:
        self.turn += 1
        if item.focus is None or item.focus.value is None:
            reason = item.focus.reason if item.focus else "geen gegevens"
            text = f"Voor {self.focus} is {item.indicator.phrase} niet beschikbaar: {reason}."
            ref = Ref("ontbreekt", item.id, text=reason or "")
            return [self._say("ontbreekt", text, [ref])]
        sentences = []
        if is_class(item.indicator):
            sentences.append(self._class(item))
        elif item.n >= 3:
            sentences.append(self._position(item))
        if item.diff_nl is not None and not is_class(item.indicator):
            if not sentences:  # "Landelijk is dat …" needs the value it refers to
                sentences.append(self._value(item))
            sentences.append(self._national(item))
        change = self._change(item)
        if change is not None:
            if not sentences:  # a change needs the value it ends at
                sentences.append(self._value(item))
            sentences.append(change)
        if item.missing:
            sentences.append(self._gaps(item))
        return sentences

    # --- shapes ----------------------------------------------------------------------------

    def _position(self, item: IndicatorBenchmark) -> Sentence:
        ind, focus = item.indicator, item.focus
        assert focus is not None and focus.value is not None
        peers = [c for c in item.peers if c.value is not None]
        higher = [c for c in peers if (c.value or 0) > focus.value]
        lower = [c for c in peers if (c.value or 0) < focus.value]
        tied = [c for c in peers if c.value == focus.value]
        x, phrase = self._v(ind, focus.value), ind.phrase
        refs = [_ref(ind, focus)]
        group = self._group(len(peers), len(item.peers))
        if not higher or not lower:
            word = "hoger" if not higher else "lager"
            if tied:
                refs += [_ref(ind, c) for c in tied]
                text = (
                    f"Met {x} is {phrase} in {self.focus} even hoog als in "
                    f"{join_names([c.name for c in tied])} en {word} dan in de andere "
                    "benchmarkgemeenten."
                )
                return self._say("uiterste-gedeeld", text, refs)
            # Two extremes in a row are said the other way round (shape and words differ).
            if self.last_shape != "uiterste":
                text = f"{capital(phrase)} is in {self.focus} met {x} {word} dan in {group}."
                return self._say("uiterste", text, refs)
            level = "hoog" if word == "hoger" else "laag"
            text = f"In geen van {group} is {phrase} zo {level} als in {self.focus} ({x})."
            return self._say("uiterste-andersom", text, refs)
        few_high, few_low = len(higher) <= 2, len(lower) <= 2
        if (few_high or few_low) and not tied:
            few = higher if few_high and (len(higher) <= len(lower)) else lower
            word = "hoger" if few is higher else "lager"
            refs += [_ref(ind, c) for c in few]
            names = join_names([c.name for c in few])
            if self.last_shape != "bijna-uiterste":
                text = f"Alleen in {names} is {phrase} {word} dan in {self.focus} ({x})."
                return self._say("bijna-uiterste", text, refs)
            # the few are above (or below) the focus, so the focus is above (below) the rest
            text = f"Op {names} na is {phrase} in {self.focus} ({x}) {word} dan in de andere benchmarkgemeenten."
            return self._say("bijna-uiterste-andersom", text, refs)
        assert item.peer_median is not None
        median = self._v(ind, item.peer_median)
        refs.append(_derived(ind, "mediaan", item.peer_median, [c.area for c in peers]))
        if format_number(focus.value, ind.decimals) == format_number(
            item.peer_median, ind.decimals
        ):
            text = (
                f"{capital(phrase)} is in {self.focus} ({x}) gelijk aan de mediaan van de "
                "benchmarkgemeenten."
            )
            return self._say("mediaan-gelijk", text, refs)
        side = "boven" if focus.value > item.peer_median else "onder"
        count = len(higher) if side == "onder" else len(lower)
        comparative = "hoger" if side == "boven" else "lager"
        if self.turn % 3 == 0 and count >= 2:
            text = (
                f"In {self.focus} is {phrase} {x}: {comparative} dan in "
                f"{number_word(count)} van {group} (mediaan {median})."
            )
            return self._say("aantal", text, refs)
        text = (
            f"Met {x} ligt {phrase} in {self.focus} {side} de mediaan van de "
            f"benchmarkgemeenten ({median})."
        )
        return self._say("mediaan", text, refs)

    def _value(self, item: IndicatorBenchmark) -> Sentence:
        ind, focus = item.indicator, item.focus
        assert focus is not None and focus.value is not None
        text = f"{capital(ind.phrase)} is in {self.focus} {self._v(ind, focus.value)} ({focus.period})."
        return self._say("waarde", text, [_ref(ind, focus)])

    def _class(self, item: IndicatorBenchmark) -> Sentence:
        """'Almere valt in klasse 1 (zeer sterk stedelijk), net als acht benchmarkgemeenten.'"""
        ind, focus = item.indicator, item.focus
        assert focus is not None and focus.value is not None
        same = [c for c in item.peers if c.value == focus.value]
        refs = [_ref(ind, focus), *[_ref(ind, c) for c in same]]
        label = str(ind.unit).partition("(")[2].rstrip(")")
        meaning = f" (op een schaal van {label})" if label else ""
        klass = format_number(focus.value, 0)
        if not same:
            tail = "als enige van de vergeleken gemeenten"
        elif len(same) == len(item.peers):
            tail = f"net als alle {number_word(len(same))} benchmarkgemeenten"
        else:
            tail = (
                f"net als {number_word(len(same))} van de {number_word(len(item.peers))} "
                "benchmarkgemeenten"
            )
        text = f"{self.focus} valt bij {ind.phrase} in klasse {klass}{meaning}, {tail}."
        return self._say("klasse", text, refs)

    def _national(self, item: IndicatorBenchmark) -> Sentence:
        ind, focus, nl = item.indicator, item.focus, item.nederland
        assert focus is not None and nl is not None and item.diff_nl is not None
        assert focus.value is not None and nl.value is not None
        _, diff_unit = unit_words(ind)
        d = abs(item.diff_nl)
        refs = [_ref(ind, focus), _ref(ind, nl)]
        y, national = self._v(ind, nl.value), national_word(ind)
        small = d <= max(0.02 * abs(nl.value), 10**-ind.decimals)
        comparative = "hoger" if item.diff_nl > 0 else "lager"
        if item.nl_difference == "gelijk":
            return self._say("gelijk", f"Dat is gelijk aan {national} ({y}).", refs)
        if item.nl_difference == "niet significant":
            refs.append(_derived(ind, "verschil", d, [focus.area, nl.area]))
            text = (
                f"Landelijk is dat {y}; het verschil van {self._d(ind, d, diff_unit)} is "
                "statistisch niet duidelijk, want de 95%-intervallen overlappen."
            )
            return self._say("onzeker", text, refs)
        if small:
            return self._say("vrijwel", f"Dat is vrijwel gelijk aan {national} ({y}).", refs)
        refs.append(_derived(ind, "verschil", d, [focus.area, nl.area]))
        judgement = self._judgement(ind, item.diff_nl)
        if self.last_shape in ("mediaan", "aantal") or self.turn % 2 == 0:
            text = (
                f"Landelijk is dat {y}; {self.focus} zit daar {self._d(ind, d, diff_unit)} "
                f"{'boven' if item.diff_nl > 0 else 'onder'}{judgement}."
            )
            return self._say("landelijk-omgekeerd", text, refs)
        text = f"Dat is {self._d(ind, d, diff_unit)} {comparative} dan {national} ({y}){judgement}."
        return self._say("landelijk", text, refs)

    def _change(self, item: IndicatorBenchmark) -> Sentence | None:
        ind, since, focus = item.indicator, item.since, item.focus
        if since is None or since.value is None or item.change is None or focus is None:
            return None
        if focus.value is None or is_class(ind):
            return None
        refs = [_ref(ind, since), _ref(ind, focus)]
        then = self._v(ind, since.value)
        if format_number(abs(item.change), ind.decimals) == format_number(0, ind.decimals):
            return self._say(
                "stabiel", f"Sinds {since.period} is dat vrijwel gelijk gebleven.", refs
            )
        verb = "gestegen" if item.change > 0 else "gedaald"
        if self.turn % 2:
            pronoun = "die" if str(ind.phrase).startswith("de ") else "het"
            now = self._v(ind, focus.value)
            text = f"Sinds {since.period} is {pronoun} {verb} van {then} naar {now}."
        else:
            text = f"In {since.period} was dat nog {then}."
        return self._say("ontwikkeling", text, refs)

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

    @staticmethod
    def _group(with_data: int, members: int) -> str:
        """'de twaalf benchmarkgemeenten', counting the peers only (never the focus)."""
        if with_data == members:
            return f"de {number_word(members)} benchmarkgemeenten"
        return f"de {number_word(with_data)} benchmarkgemeenten met gegevens"

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
