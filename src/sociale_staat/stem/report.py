"""The report chapter "Wat inwoners zeggen": dialogue outcomes per theme, reactions per indicator
and wijk (hidden below the minimum count), approved quotes with the reference of their record."""

from collections.abc import Callable

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.core.formatting import format_number
from sociale_staat.declarations.catalogue import THEMES
from sociale_staat.report.model import Chapter, Passage
from sociale_staat.stem import dialogue, reactions
from sociale_staat.warehouse.queries import Warehouse

OTHER = "Overige onderwerpen"


def for_report(warehouse: Warehouse, gemeente: str) -> Chapter:
    """The chapter from the default app database, with names from the warehouse."""
    db = AppDatabase()
    try:
        titles = {i.id: i.title for i in warehouse.indicators()}
        return chapter(db, gemeente, titles, lambda code: _area_name(warehouse, code))
    finally:
        db.close()


def _area_name(warehouse: Warehouse, code: str) -> str:
    try:
        return warehouse.area(code).name
    except SocialeStaatError:
        return code


def chapter(
    db: AppDatabase, gemeente: str, titles: dict[str, str], area_name: Callable[[str], str]
) -> Chapter:
    """The chapter for one gemeente; `titles` names indicators, `area_name` wijken."""
    result = Chapter("inwoners", "Wat inwoners zeggen")
    sessions = dialogue.load(db, gemeente)
    subjects = reactions.subjects(db, gemeente)
    intro = []
    for d in sessions:
        people = f"zo'n {d.participants} mensen" if d.participants else "inwoners"
        intro.append(
            f"Op {_date(d.held_on)} spraken {people} in {d.place} met elkaar tijdens de dialoog "
            f"'{d.title}' ({', '.join(d.organisations)}), aan {len(d.tables)} tafels. Per thema "
            "staat hieronder wat de tafels nodig vinden."
        )
    intro.append(
        "Op het dashboard kunnen inwoners bij elke indicator en wijk aangeven of zij het beeld "
        f"herkennen. Aandelen staan er vanaf {reactions.MIN_COUNT} reacties; teksten alleen na "
        "beoordeling door een moderator, met het kenmerk van de reactie."
        if subjects
        else "Er zijn nog geen reacties van inwoners op de cijfers binnengekomen."
    )
    result.intro = " ".join(intro)
    for d in sessions:
        _dialogue_tables(result, d)
    if subjects:
        _reaction_table(result, db, gemeente, subjects, titles, area_name)
    return result


def _dialogue_tables(result: Chapter, d: dialogue.Dialogue) -> None:
    by_theme: dict[str, list[dialogue.DialogueTable]] = {}
    for table in d.tables:  # each table once, under its first theme
        by_theme.setdefault(THEMES.get(table.themes[0], OTHER) if table.themes else OTHER, []).append(table)
    for theme in [*THEMES.values(), OTHER]:
        if theme not in by_theme:
            continue
        result.tables.append(
            (
                f"{theme}: uitkomsten van de dialoog '{d.title}' ({_date(d.held_on)})",
                ["Tafel", "Wat is nodig"],
                [[t.title, " · ".join(t.outcomes)] for t in by_theme[theme]],
            )
        )
    if d.steps:
        result.tables.append(
            (
                f"Hoe het verder gaat na de dialoog '{d.title}' (voor alle tafels)",
                ["Stap", "Wat er gebeurt"],
                [[str(i), step] for i, step in enumerate(d.steps, start=1)],
            )
        )


def _reaction_table(
    result: Chapter,
    db: AppDatabase,
    gemeente: str,
    subjects: list[tuple[str, str]],
    titles: dict[str, str],
    area_name: Callable[[str], str],
) -> None:
    rows = []
    for kind, subject in subjects:
        name = titles.get(subject, subject) if kind == "indicator" else area_name(subject)
        kind_k: reactions.SubjectKind = "indicator" if kind == "indicator" else "wijk"
        for wijk, tally in sorted(
            reactions.tallies(db, gemeente, kind_k, subject).items(), key=lambda kv: kv[0] or ""
        ):
            where = "hele gemeente" if wijk is None else area_name(wijk)
            if tally.hidden:
                rows.append([name, where, "te weinig reacties", "", "", ""])
            else:
                rows.append(
                    [name, where, str(tally.n)]
                    + [f"{format_number(tally.share(a), 0)}%" for a in reactions.ANSWERS]
                )
        for quote in reactions.quotes(db, gemeente, kind_k, subject):
            result.passages.append(
                Passage(
                    theme=name,
                    title=f"reactie {quote.ref}",
                    year=int(quote.received_on[:4]),
                    where=area_name(quote.wijk) if quote.wijk else "",
                    text=quote.text or "",
                )
            )
    result.tables.append(
        (
            f"Herkent u dit? Reacties van inwoners (aandelen vanaf {reactions.MIN_COUNT} reacties)",
            ["Onderwerp", "Waar", "Reacties", "Ja", "Deels", "Nee"],
            rows,
        )
    )


def _date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{int(day)} {dialogue.MONTHS[int(month) - 1]} {year}"
