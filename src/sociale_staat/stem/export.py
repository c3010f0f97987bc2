"""The export for analysts: every reaction with its moderation status and reason, and every
dialogue outcome. A rejected or not yet approved text is left out (only its status shows)."""

import csv
import io
import json
from dataclasses import dataclass

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.stem import dialogue, reactions
from sociale_staat.stem.moderation import REASONS

REACTION_COLUMNS = [
    "id", "ontvangen", "gemeente", "soort", "onderwerp", "antwoord", "wijk", "leeftijd",
    "tekst", "status", "besloten_op", "besloten_door", "reden", "toelichting",
]  # fmt: skip
OUTCOME_COLUMNS = ["dialoog", "datum", "tafel", "titel", "soort", "tekst", "themas", "indicatoren"]


@dataclass(frozen=True)
class Export:
    reactions: list[dict[str, str | None]]
    outcomes: list[dict[str, str | int]]

    def as_json(self) -> str:
        return json.dumps(
            {"reacties": self.reactions, "dialoog_uitkomsten": self.outcomes},
            ensure_ascii=False,
            indent=1,
        )

    def reactions_csv(self) -> str:
        return _csv(REACTION_COLUMNS, self.reactions)

    def outcomes_csv(self) -> str:
        return _csv(OUTCOME_COLUMNS, self.outcomes)


def collect(db: AppDatabase) -> Export:
    rows: list[dict[str, str | None]] = []
    for r in reactions.all_reactions(db):
        shown = r.text if r.status == "goedgekeurd" else None
        rows.append(
            dict(
                zip(
                    REACTION_COLUMNS,
                    [
                        r.id, r.received_on, r.gemeente, r.subject_kind, r.subject, r.answer,
                        r.wijk, r.age_band, shown, r.status, r.decided_on, r.decided_by,
                        r.reason and f"{r.reason}: {_reason(r.reason)}", r.note,
                    ],
                    strict=True,
                )
            )
        )
    outcomes: list[dict[str, str | int]] = []
    for d in dialogue.load(db):
        for t in d.tables:
            for kind, lines in (("wat is nodig", t.outcomes), ("hoe verder", d.steps)):
                outcomes += [
                    {
                        "dialoog": d.id, "datum": d.held_on, "tafel": t.seq, "titel": t.title,
                        "soort": kind, "tekst": line, "themas": ";".join(t.themes),
                        "indicatoren": ";".join(t.indicators),
                    }
                    for line in lines
                ]
    return Export(rows, outcomes)


def _reason(code: str) -> str:
    return REASONS.get(code, "")


def _csv(columns: list[str], rows: list[dict[str, str | None]] | list[dict[str, str | int]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
