"""Dialogue records: a declared session (date, place, organisations, per table its themes and
indicators) whose tables and outcomes are parsed from the published report, by its structure.

The report (plain text extracted from the PDF) has one block per conversation table, blocks
separated by three or more blank lines. A table block holds a heading "Wat is nodig?", "Wat is
belangrijk?" or "Wat moet er gebeuren?" followed by bullets (•), an opening question, and the
table's title: a line of its own that, unlike wrapped prose, has no trailing space and no
closing punctuation. The block "Hoe gaat het nu verder?" holds the session's follow-up steps.
"""

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import text

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.core import paths
from sociale_staat.core.errors import InputError
from sociale_staat.kennisbank.store import AddResult, Kennisbank
from sociale_staat.stem import keys

OUTCOME_HEADING = re.compile(r"^(Wat is nodig|Wat is belangrijk|Wat moet er gebeuren)\?$")
STEPS_HEADING = "Hoe gaat het nu verder?"
_BLOCKS = re.compile(r"\n[ \t]*\n[ \t]*\n[ \t]*\n")
_TERMINAL = (".", "?", "!", ":", ";", ",")


class TableLinks(BaseModel):
    model_config = ConfigDict(extra="forbid")
    themes: list[str]
    indicators: list[str]


class DialogueDeclaration(BaseModel):
    """A dialogue session as an analyst declares it (dialogues/<id>.yml)."""

    model_config = ConfigDict(extra="forbid")
    title: str
    held_on: date
    place: str
    gemeente: str
    organisations: list[str]
    source: str  # the report, relative to the repository root
    tables: dict[str, TableLinks]  # keyed by the table's title in the report


@dataclass(frozen=True)
class DialogueTable:
    seq: int
    title: str
    question: str
    heading: str
    outcomes: list[str]  # "wat is nodig"
    themes: list[str]
    indicators: list[str]


@dataclass(frozen=True)
class Dialogue:
    id: str
    title: str
    held_on: str
    place: str
    gemeente: str
    participants: int | None
    organisations: list[str]
    source: str
    tables: list[DialogueTable]
    steps: list[str]  # "hoe gaat het verder", for the session as a whole


@dataclass(frozen=True)
class ParsedTable:
    title: str
    question: str
    heading: str
    outcomes: list[str]


def dialogues_dir() -> Path:
    return paths.ROOT / "dialogues"


def load_declaration(path: Path) -> DialogueDeclaration:
    try:
        return DialogueDeclaration.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (ValidationError, yaml.YAMLError) as err:
        raise InputError(f"{path}: ongeldige dialoogdeclaratie: {err}") from err


def parse_report(report: str, where: str) -> tuple[list[ParsedTable], list[str], int | None]:
    """The tables, the follow-up steps and the number of participants found in a report."""
    tables, steps = [], []
    for number, block in enumerate(_BLOCKS.split(report.replace("\r", "")), start=1):
        lines = [ln.rstrip("\n") for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        if " ".join(" ".join(ln.split()) for ln in lines[:2]) == STEPS_HEADING:
            steps = _bullets(lines[2:])[0]
            continue
        if any(OUTCOME_HEADING.match(ln.strip()) for ln in lines):
            tables.append(_table(lines, f"{where}, blok {number}"))
    found = re.search(r"zo[’']n (\d+) mensen", report)
    return tables, steps, int(found.group(1)) if found else None


def _table(lines: list[str], where: str) -> ParsedTable:
    heading = next(ln.strip() for ln in lines if OUTCOME_HEADING.match(ln.strip()))
    outcomes, rest = _bullets(lines)
    titles = [
        ln.strip()
        for ln in rest
        if ln == ln.rstrip()  # wrapped prose keeps a trailing space; a title does not
        and not ln.strip().endswith(_TERMINAL)
        and len(ln.strip()) <= 60
        and ln.strip() != heading
    ]
    if len(titles) != 1:
        raise InputError(f"{where}: geen eenduidige tafeltitel gevonden (kandidaten: {titles})")
    question = " ".join(
        " ".join(ln.split()) for ln in rest if ln.strip() not in (heading, titles[0])
    )
    if not outcomes:
        raise InputError(f"{where}: tafel '{titles[0]}' heeft geen uitkomsten onder '{heading}'")
    return ParsedTable(titles[0], question, heading, outcomes)


def _bullets(lines: list[str]) -> tuple[list[str], list[str]]:
    """Bullet items (a wrapped item continues while its last line has no closing punctuation)
    and the remaining lines, in order."""
    items: list[str] = []
    rest: list[str] = []
    open_item = False
    for line in lines:
        stripped = " ".join(line.split())
        if stripped.startswith("•"):
            items.append(stripped.lstrip("• ").strip())
            open_item = not stripped.endswith((".", "?", "!"))
        elif open_item and not OUTCOME_HEADING.match(stripped):
            items[-1] = f"{items[-1]} {stripped}"
            open_item = not stripped.endswith((".", "?", "!"))
        else:
            rest.append(line)
            open_item = False
    return [re.sub(r"\( ", "(", i) for i in items], rest


def build(dialogue_id: str, declaration: DialogueDeclaration, report: str, where: str) -> Dialogue:
    """The dialogue record: the declaration joined with what the report says, checked both ways."""
    parsed, steps, participants = parse_report(report, where)
    found = {t.title for t in parsed}
    missing = sorted(set(declaration.tables) - found)
    undeclared = sorted(found - set(declaration.tables))
    if missing or undeclared:
        raise InputError(
            f"{where}: tafels in declaratie en verslag verschillen; niet in het verslag: "
            f"{missing or '–'}; niet gedeclareerd: {undeclared or '–'}"
        )
    day = f"{declaration.held_on.day} {MONTHS[declaration.held_on.month - 1]}"
    if day not in " ".join(report.split()):
        raise InputError(f"{where}: de gedeclareerde datum ({day}) staat niet in het verslag")
    tables = [
        DialogueTable(
            seq,
            t.title,
            t.question,
            t.heading,
            t.outcomes,
            declaration.tables[t.title].themes,
            declaration.tables[t.title].indicators,
        )
        for seq, t in enumerate(parsed, start=1)
    ]
    return Dialogue(
        dialogue_id,
        declaration.title,
        declaration.held_on.isoformat(),
        declaration.place,
        declaration.gemeente,
        participants,
        declaration.organisations,
        declaration.source,
        tables,
        steps,
    )


MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def save(db: AppDatabase, dialogue: Dialogue) -> None:
    """Replace the stored record of this session in one transaction."""
    with db.transaction() as conn:
        conn.execute(text("DELETE FROM stem_dialogue_outcomes WHERE dialogue_id = :d"), {"d": dialogue.id})
        conn.execute(text("DELETE FROM stem_dialogue_tables WHERE dialogue_id = :d"), {"d": dialogue.id})
        conn.execute(text("DELETE FROM stem_dialogue_steps WHERE dialogue_id = :d"), {"d": dialogue.id})
        conn.execute(text("DELETE FROM stem_dialogues WHERE id = :d"), {"d": dialogue.id})
        conn.execute(
            text(
                "INSERT INTO stem_dialogues (id, title, held_on, place, gemeente, participants,"
                " organisations, source, imported_at) VALUES (:id, :t, :h, :p, :g, :n, :o, :s, :i)"
            ),
            {
                "id": dialogue.id, "t": dialogue.title, "h": dialogue.held_on, "p": dialogue.place,
                "g": dialogue.gemeente, "n": dialogue.participants,
                "o": json.dumps(dialogue.organisations), "s": dialogue.source, "i": keys.now_iso(),
            },
        )  # fmt: skip
        for table in dialogue.tables:
            conn.execute(
                text(
                    "INSERT INTO stem_dialogue_tables (dialogue_id, seq, title, question, heading,"
                    " themes, indicators) VALUES (:d, :seq, :t, :q, :h, :th, :ind)"
                ),
                {
                    "d": dialogue.id, "seq": table.seq, "t": table.title, "q": table.question,
                    "h": table.heading, "th": json.dumps(table.themes),
                    "ind": json.dumps(table.indicators),
                },
            )  # fmt: skip
            for seq, outcome in enumerate(table.outcomes, start=1):
                conn.execute(
                    text(
                        "INSERT INTO stem_dialogue_outcomes (dialogue_id, table_seq, seq, text)"
                        " VALUES (:d, :t, :s, :x)"
                    ),
                    {"d": dialogue.id, "t": table.seq, "s": seq, "x": outcome},
                )
        for seq, step in enumerate(dialogue.steps, start=1):
            conn.execute(
                text("INSERT INTO stem_dialogue_steps (dialogue_id, seq, text) VALUES (:d, :s, :x)"),
                {"d": dialogue.id, "s": seq, "x": step},
            )


def load(db: AppDatabase, gemeente: str | None = None) -> list[Dialogue]:
    """The stored dialogue records (of one gemeente), newest first."""
    with db.reader() as conn:
        where = "" if gemeente is None else " WHERE gemeente = :g"  # PostgreSQL: no bare NULL
        sessions = conn.execute(
            text(
                "SELECT id, title, held_on, place, gemeente, participants, organisations, source"
                f" FROM stem_dialogues{where} ORDER BY held_on DESC"
            ),
            {"g": gemeente},
        ).all()
        out = []
        for s in sessions:
            outcomes: dict[int, list[str]] = {}
            for seq, line in conn.execute(
                text(
                    "SELECT table_seq, text FROM stem_dialogue_outcomes WHERE dialogue_id = :d"
                    " ORDER BY table_seq, seq"
                ),
                {"d": s[0]},
            ):
                outcomes.setdefault(seq, []).append(line)
            tables = [
                DialogueTable(
                    r[0], r[1], r[2], r[3], outcomes.get(r[0], []), json.loads(r[4]), json.loads(r[5])
                )
                for r in conn.execute(
                    text(
                        "SELECT seq, title, question, heading, themes, indicators"
                        " FROM stem_dialogue_tables WHERE dialogue_id = :d ORDER BY seq"
                    ),
                    {"d": s[0]},
                )
            ]
            steps = [
                r[0]
                for r in conn.execute(
                    text("SELECT text FROM stem_dialogue_steps WHERE dialogue_id = :d ORDER BY seq"),
                    {"d": s[0]},
                )
            ]
            out.append(Dialogue(s[0], s[1], s[2], s[3], s[4], s[5], json.loads(s[6]), s[7], tables, steps))
    return out


def as_text(dialogue: Dialogue) -> str:
    """The outcomes as a plain document for the kennisbank: a heading per table, its points."""
    lines = [f"Uitkomsten van de dialoog {dialogue.title}", ""]
    for table in dialogue.tables:
        lines += [f"Tafel {table.seq} {table.title}", "", table.question, ""]
        lines += [f"• {_sentence(o)}" for o in table.outcomes] + [""]
    lines += ["Hoe gaat het verder", ""] + [f"• {_sentence(s)}" for s in dialogue.steps]
    return "\n".join(lines) + "\n"


def _sentence(line: str) -> str:
    return line if line.endswith((".", "?", "!")) else line + "."


def import_declared(
    db: AppDatabase, declaration_file: Path, kennisbank: Kennisbank | None = None
) -> tuple[Dialogue, AddResult | None]:
    """Load → parse → save: the dialogue record into the app database, and its outcomes as a
    document of the kennisbank (so they are found by a search), written atomically."""
    declaration = load_declaration(declaration_file)
    source = paths.ROOT / declaration.source
    if not source.is_file():
        raise InputError(f"{declaration_file}: verslag {declaration.source} niet gevonden")
    record = build(
        declaration_file.stem, declaration, source.read_text(encoding="utf-8"), declaration.source
    )
    save(db, record)
    if kennisbank is None:
        return record, None
    target = paths.home() / "stem" / f"{record.id}.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(as_text(record), encoding="utf-8")
    temporary.replace(target)
    added = kennisbank.add(
        target,
        {
            "title": f"Uitkomsten van de dialoog '{record.title}' ({record.held_on})",
            "year": int(record.held_on[:4]),
            "publisher": ", ".join(record.organisations),
            "type": "dialoogverslag",
            "area": record.place,
        },
    )
    return record, added
