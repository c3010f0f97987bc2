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
