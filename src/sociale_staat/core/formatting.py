"""Numbers the Dutch way: decimal comma, thousands dot ("217.828", "5,7")."""


def format_number(value: float | None, decimals: int = 1) -> str:
    """Format a number for Dutch text; None is 'niet beschikbaar'.

    >>> format_number(217828, 0), format_number(5.66, 1), format_number(-0.04, 1)
    ('217.828', '5,7', '0,0')
    """
    if value is None:
        return "niet beschikbaar"
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]  # no "-0,0"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


_WORDS = [
    "nul",
    "één",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
    "twintig",
]
_ORDINALS = [
    "nulde",
    "eerste",
    "tweede",
    "derde",
    "vierde",
    "vijfde",
    "zesde",
    "zevende",
    "achtste",
    "negende",
    "tiende",
    "elfde",
    "twaalfde",
    "dertiende",
    "veertiende",
    "vijftiende",
    "zestiende",
    "zeventiende",
    "achttiende",
    "negentiende",
    "twintigste",
]


def number_word(n: int) -> str:
    """Small counts in words, as Dutch prose writes them: 13 -> 'dertien'."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else format_number(n, 0)


def ordinal_word(n: int) -> str:
    """3 -> 'derde'; past twenty the digits with 'e' ('21e')."""
    return _ORDINALS[n] if 0 <= n < len(_ORDINALS) else f"{n}e"


def join_names(names: list[str]) -> str:
    """['A', 'B', 'C'] -> 'A, B en C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " en " + names[-1]
