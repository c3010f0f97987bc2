"""`sociale-staat stem …`: moderation from the command line, moderator accounts, the dialogue
import and the export for analysts. Thin: every command calls the stem library."""

from pathlib import Path
from typing import Annotated

import typer

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.cli.docs import open_kennisbank
from sociale_staat.cli.output import console, emit_json, emit_table
from sociale_staat.core.errors import InputError
from sociale_staat.stem import dialogue, export, moderation, reactions

app = typer.Typer(
    help="Stem van de stad: reacties van inwoners modereren, dialogen importeren, exporteren.",
    no_args_is_help=True,
)


@app.command("moderator")
def add_moderator(
    name: Annotated[str, typer.Argument(help="Naam waarmee de moderator inlogt.")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            help="Wachtwoord (minstens 12 tekens).",
        ),
    ],
) -> None:
    """Maak een moderatoraccount (wachtwoord met scrypt gehasht).

    Voorbeeld: [bold]sociale-staat stem moderator annet[/bold]
    """
    made = moderation.add_moderator(_db(), name, password)
    console.print(f"Moderator '{made.name}' aangemaakt.")


@app.command("wachtrij")
def queue(as_json: Annotated[bool, typer.Option("--json", help="Als JSON.")] = False) -> None:
    """Teksten die op een besluit wachten.

    Voorbeeld: [bold]sociale-staat stem wachtrij[/bold]
    """
    waiting = reactions.all_reactions(_db(), "te beoordelen")
    if as_json:
        emit_json([r.__dict__ for r in waiting])
        return
    emit_table(
        f"{len(waiting)} teksten te beoordelen",
        [[r.id, r.received_on, f"{r.subject_kind} {r.subject}", r.answer, r.text or ""] for r in waiting],
        ["id", "ontvangen", "onderwerp", "antwoord", "tekst"],
    )


@app.command("besluit")
def decide(
    reaction_id: Annotated[str, typer.Argument(help="Id van de reactie (uit de wachtrij).")],
    approve: Annotated[
        bool, typer.Option("--goedkeuren/--afwijzen", help="Tekst tonen of wissen.")
    ],
    reason: Annotated[
        str, typer.Option("--reden", help=f"Een van: {', '.join(moderation.REASONS)}.")
    ],
    by: Annotated[str, typer.Option("--door", help="Naam van de moderator.")],
    note: Annotated[str, typer.Option("--toelichting", help="Korte toelichting.")] = "",
) -> None:
    """Keur een tekst goed of wijs hem af (een afgewezen tekst wordt gewist).

    Voorbeeld: [bold]sociale-staat stem besluit 3f2a… --afwijzen --reden persoonsgegevens --door annet[/bold]
    """
    moderation.decide(_db(), reaction_id, approve, reason, by, note)
    console.print("Goedgekeurd." if approve else "Afgewezen; de tekst is gewist.")


@app.command("dialoog")
def import_dialogue(
    declarations: Annotated[
        list[Path] | None,
        typer.Argument(help="Dialoogdeclaraties (standaard alle in dialogues/)."),
    ] = None,
    kennisbank: Annotated[
        bool, typer.Option("--kennisbank/--geen-kennisbank", help="Uitkomsten ook doorzoekbaar maken.")
    ] = True,
) -> None:
    """Lees een dialoogverslag in: tafels, wat nodig is en hoe het verder gaat.

    Voorbeeld: [bold]sociale-staat stem dialoog dialogues/hoe-gaat-het-in-almere-2023.yml[/bold]
    """
    files = declarations or sorted(dialogue.dialogues_dir().glob("*.yml"))
    if not files:
        raise InputError(f"geen dialoogdeclaraties gevonden in {dialogue.dialogues_dir()}")
    kb = open_kennisbank(None) if kennisbank else None
    for file in files:
        record, added = dialogue.import_declared(_db(), file, kb)
        outcomes = sum(len(t.outcomes) for t in record.tables)
        console.print(
            f"{record.title} ({record.held_on}): {len(record.tables)} tafels, {outcomes} uitkomsten, "
            f"{len(record.steps)} vervolgstappen"
            + (f"; kennisbank: {added.status}, {added.passages} passages" if added else "")
        )


@app.command("export")
def write_export(
    out: Annotated[Path, typer.Option("--out", help="Bestand: .json (alles) of .csv.")],
    part: Annotated[
        str, typer.Option("--deel", help="Bij CSV: reacties of uitkomsten.")
    ] = "reacties",
) -> None:
    """Alle reacties (met status en reden) en dialooguitkomsten voor analisten.

    Voorbeeld: [bold]sociale-staat stem export --out var/stem.json[/bold]
    """
    data = export.collect(_db())
    if out.suffix == ".json":
        body = data.as_json()
    elif out.suffix == ".csv" and part in ("reacties", "uitkomsten"):
        body = data.reactions_csv() if part == "reacties" else data.outcomes_csv()
    else:
        raise InputError(f"{out}: kies een .json- of .csv-bestand (en --deel reacties of uitkomsten)")
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(out.name + ".tmp")
    temporary.write_text(body, encoding="utf-8")
    temporary.replace(out)
    console.print(f"Geschreven: {out}")


def _db() -> AppDatabase:
    return AppDatabase()
