"""Reactions ("Herkent u dit?"): stored in one transaction with the rate-limit count and the
spent challenge, so the page says "ontvangen" only after the commit.

Free text waits for a moderator; a rejected text is erased from the database. Shares are shown
only from MIN_COUNT reactions per subject × wijk on ("te weinig reacties" below that).
"""

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal, get_args

from sqlalchemy import Connection, text

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.core import settings
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.stem import keys

Answer = Literal["ja", "deels", "nee"]
SubjectKind = Literal["indicator", "wijk"]
ANSWERS: tuple[Answer, ...] = get_args(Answer)
ANSWER_LABELS: dict[str, str] = {"ja": "Ja", "deels": "Deels", "nee": "Nee"}
AGE_BANDS = ("jonger dan 18", "18 tot 27", "27 tot 45", "45 tot 65", "65 tot 75", "75 of ouder")
MAX_TEXT = 500
MIN_COUNT = 10


# Control characters and bidirectional overrides are never part of what a resident means to
# say: PostgreSQL cannot store NUL in text, and an override makes a text read differently to
# the moderator than it is stored. They are dropped; everything else is kept as written.
_HIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(words: str) -> str:
    """A resident's free text as it is stored: hidden characters dropped, ends trimmed."""
    return _HIDDEN.sub("", words).strip()


class Throttled(SocialeStaatError):
    """Too many reactions from one client in the current window."""


class Replayed(SocialeStaatError):
    """The same challenge or confirmation was used before."""


@dataclass(frozen=True)
class NewReaction:
    gemeente: str
    subject_kind: SubjectKind
    subject: str
    answer: Answer
    wijk: str | None = None
    age_band: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Reaction:
    id: str
    received_on: str
    gemeente: str
    subject_kind: str
    subject: str
    answer: str
    wijk: str | None
    age_band: str | None
    text: str | None  # None once rejected, and None when no text was given
    status: str
    decided_on: str | None
    decided_by: str | None
    reason: str | None
    note: str | None

    @property
    def ref(self) -> str:
        """The short reference a quote carries, so it can be traced to its record."""
        return f"R-{self.id[:8]}"


@dataclass(frozen=True)
class Tally:
    """Shares of ja/deels/nee for one subject (and wijk), or None when n < MIN_COUNT."""

    n: int
    counts: dict[str, int] | None

    @property
    def hidden(self) -> bool:
        return self.counts is None

    def share(self, answer: str) -> float:
        assert self.counts is not None
        return 100.0 * self.counts.get(answer, 0) / self.n


def submit(
    db: AppDatabase, reaction: NewReaction, client: str, spent: list[str]
) -> Reaction:
    """Store one reaction; raises Throttled or Replayed (nothing is stored then).

    `client` is the rate-limit key source (an address; only its salted hash is used), `spent`
    the challenge ids and tokens that may be used only once.
    """
    reaction_id = uuid.uuid4().hex
    words = clean_text(reaction.text or "")[:MAX_TEXT] or None
    stored = Reaction(
        reaction_id, keys.today(), reaction.gemeente, reaction.subject_kind, reaction.subject,
        reaction.answer, reaction.wijk, reaction.age_band, words,
        "te beoordelen" if words else "zonder tekst", None, None, None, None,
    )  # fmt: skip
    with db.transaction() as conn:
        _count(conn, keys.client_key(conn, client))
        expires = (datetime.now(UTC) + timedelta(days=1)).isoformat(timespec="seconds")
        for token in spent:
            if not keys.spend(conn, token, expires):
                raise Replayed("deze bevestiging is al gebruikt; vul het formulier opnieuw in")
        conn.execute(
            text(
                "INSERT INTO stem_reactions (id, received_on, gemeente, subject_kind, subject,"
                " answer, wijk, age_band, text, status) VALUES (:id, :on, :g, :k, :s, :a, :w,"
                " :age, :t, :status)"
            ),
            {
                "id": stored.id, "on": stored.received_on, "g": stored.gemeente,
                "k": stored.subject_kind, "s": stored.subject, "a": stored.answer,
                "w": stored.wijk, "age": stored.age_band, "t": stored.text, "status": stored.status,
            },
        )  # fmt: skip
    return stored  # committed: only now may the page say "ontvangen"


def _count(conn: Connection, key: str) -> None:
    """One more hit for this client in the current window; Throttled above the limit."""
    now = datetime.now(UTC)
    window = now.replace(minute=0, second=0, microsecond=0)  # one window per clock hour
    hits = conn.execute(
        text(
            "INSERT INTO counters (scope, key, window_start, hits) VALUES ('stem', :k, :w, 1)"
            " ON CONFLICT (scope, key, window_start) DO UPDATE SET hits = counters.hits + 1"
            " RETURNING hits"
        ),
        {"k": key, "w": window.isoformat(timespec="minutes")},
    ).scalar_one()
    if hits > settings.get_int("stem_rate_limit"):
        raise Throttled("u heeft het afgelopen uur al veel gereageerd; probeer het later opnieuw")
    if hits == 1:  # once per client and window: forget windows that are over
        conn.execute(
            text("DELETE FROM counters WHERE scope = 'stem' AND window_start < :w"),
            {"w": window.isoformat(timespec="minutes")},
        )
        keys.purge(conn)


_COLUMNS = (
    "id, received_on, gemeente, subject_kind, subject, answer, wijk, age_band, text, status,"
    " decided_on, decided_by, reason, note"
)


def get(db: AppDatabase, reaction_id: str) -> Reaction:
    with db.reader() as conn:
        row = conn.execute(
            text(f"SELECT {_COLUMNS} FROM stem_reactions WHERE id = :id"), {"id": reaction_id}
        ).one_or_none()
    if row is None:
        raise SocialeStaatError(f"reactie {reaction_id} bestaat niet")
    return Reaction(*row)


def all_reactions(db: AppDatabase, status: str | None = None) -> list[Reaction]:
    """Every reaction (for moderation and export), oldest day first."""
    # The filter is added in Python: PostgreSQL cannot type a bare ":st IS NULL" parameter.
    where = "" if status is None else " WHERE status = :st"
    with db.reader() as conn:
        rows = conn.execute(
            text(f"SELECT {_COLUMNS} FROM stem_reactions{where} ORDER BY received_on, id"),
            {"st": status},
        ).all()
    return [Reaction(*r) for r in rows]


def tallies(
    db: AppDatabase, gemeente: str, kind: SubjectKind, subject: str
) -> dict[str | None, Tally]:
    """Per wijk (None = all reactions on the subject) the ja/deels/nee counts, hidden below
    MIN_COUNT so that few reactions can never point to a person."""
    with db.reader() as conn:
        rows = conn.execute(
            text(
                "SELECT wijk, answer, count(*) FROM stem_reactions"
                " WHERE gemeente = :g AND subject_kind = :k AND subject = :s GROUP BY wijk, answer"
            ),
            {"g": gemeente, "k": kind, "s": subject},
        ).all()
    raw: dict[str | None, dict[str, int]] = {}
    for wijk, answer, count in rows:
        for key in {None, wijk}:
            bucket = raw.setdefault(key, {})
            bucket[answer] = bucket.get(answer, 0) + int(count)
    return {
        key: Tally(sum(c.values()), c if sum(c.values()) >= MIN_COUNT else None)
        for key, c in raw.items()
    }


def quotes(db: AppDatabase, gemeente: str, kind: SubjectKind, subject: str) -> list[Reaction]:
    """Approved texts only: a text waiting for or refused by a moderator is never shown."""
    with db.reader() as conn:
        rows = conn.execute(
            text(
                f"SELECT {_COLUMNS} FROM stem_reactions WHERE gemeente = :g AND subject_kind = :k"
                " AND subject = :s AND status = 'goedgekeurd' AND text IS NOT NULL"
                " ORDER BY received_on DESC, id"
            ),
            {"g": gemeente, "k": kind, "s": subject},
        ).all()
    return [Reaction(*r) for r in rows]


def subjects(db: AppDatabase, gemeente: str) -> list[tuple[str, str]]:
    """Every (kind, subject) with at least one reaction, for the report."""
    with db.reader() as conn:
        rows = conn.execute(
            text(
                "SELECT DISTINCT subject_kind, subject FROM stem_reactions WHERE gemeente = :g"
                " ORDER BY subject_kind, subject"
            ),
            {"g": gemeente},
        ).all()
    return [(str(k), str(s)) for k, s in rows]
