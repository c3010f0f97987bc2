"""Shared CLI options: the same concept has the same name in every command; old names still work."""

import typer

from sociale_staat.cli.app import app
from sociale_staat.cli.options import normalise_args


def _options() -> dict[str, set[str]]:
    """command path -> every option name it accepts."""
    found: dict[str, set[str]] = {}

    def walk(command: object, path: str) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())
        params = getattr(command, "params", [])
        found[path] = {o for p in params for o in getattr(p, "opts", [])}

    walk(typer.main.get_command(app), "")
    return found


def test_shared_options_have_one_name_everywhere() -> None:
    options = _options()
    assert {"benchmark", "peers", "report", "wijken", "concentraties", "kaart"} <= set(options)
    for command, names in options.items():
        assert not names & {"--gemeente", "--group", "--groep"}, command
    for command in ("benchmark", "peers", "report", "wijken", "concentraties", "kaart"):
        assert "--focus" in options[command], command
    for command in ("benchmark", "peers", "report"):
        assert "--peers" in options[command] and "--period" in options["benchmark"], command


def test_old_option_names_are_mapped_to_the_current_ones() -> None:
    assert normalise_args(["wijken", "--gemeente", "Almere", "--group=almere-2023"]) == [
        "wijken",
        "--focus",
        "Almere",
        "--peers=almere-2023",
    ]
    assert normalise_args(["docs", "search", "groep"]) == ["docs", "search", "groep"]
