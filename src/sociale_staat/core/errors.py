"""Errors that reach the user: each names the file, line, field or value that is wrong."""

from pydantic import ValidationError


def describe(err: ValidationError, skip: int = 0) -> str:
    """A pydantic error as Dutch text naming each field ('veld 'polarity': ...')."""
    return "; ".join(_one(e["loc"][skip:], e["msg"]) for e in err.errors())


def _one(loc: tuple[int | str, ...], msg: str) -> str:
    # A rule over the whole declaration (no field) is said without an empty field name.
    return f"veld '{'.'.join(str(p) for p in loc)}': {msg}" if loc else msg


class SocialeStaatError(Exception):
    """Base class; the CLI prints the message and exits non-zero, without a traceback."""


class InputError(SocialeStaatError):
    """A file or declaration the user supplied cannot be read as it is."""


class UnknownIndicator(SocialeStaatError):
    """No indicator with that id in the catalogue."""


class UnknownArea(SocialeStaatError):
    """No area with that code or name, or a name that fits several areas."""


class NotBuilt(SocialeStaatError):
    """The warehouse does not exist yet."""


class FetchError(SocialeStaatError):
    """The CBS feed could not be read."""
