"""Reading one YAML declaration: every way a file can be unreadable (missing, not UTF-8, not
YAML, a date that does not exist, nesting too deep) becomes one InputError naming the file and,
where known, the line; never another exception type. Each loader then checks the shape."""

from pathlib import Path

import yaml

from sociale_staat.core.errors import InputError


def load_yaml(path: Path, where: str | None = None) -> object:
    """The parsed content of a YAML file (None for an empty one).

    `where` is how the message names the file (e.g. a path relative to the repository, so a
    web page never shows a server path); the path itself by default."""
    shown = where or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{shown}: bestand niet gevonden") from None
    except OSError as err:
        raise InputError(f"{shown}: niet te lezen ({err.strerror or err.__class__.__name__})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError(f"{shown}: geen UTF-8-tekst (regel {line})") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise InputError(f"{shown}: geen geldige YAML: {_one_line(err)}") from None
    except ValueError as err:
        # PyYAML builds dates while parsing: 'jaar: 2023-02-30' fails in datetime itself.
        raise InputError(f"{shown}: geen geldige YAML: {err}") from None
    except RecursionError:
        raise InputError(f"{shown}: geen geldige YAML: te diep genest") from None


def _one_line(err: yaml.YAMLError) -> str:
    mark = getattr(err, "problem_mark", None)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    return f"regel {mark.line + 1}, kolom {mark.column + 1}: {problem}" if mark else str(problem)
