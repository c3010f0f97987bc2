"""Moderators, their sessions and their decisions.

Passwords are hashed with scrypt (hashlib, a standard KDF); after MAX_FAILURES wrong passwords in
a row an account is locked for LOCK_MINUTES. A session is a random cookie value whose SHA-256 is
stored server-side, so it can be ended and expires on its own.
"""

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.core.errors import InputError, SocialeStaatError
from sociale_staat.stem import keys

MAX_FAILURES, LOCK_MINUTES, SESSION_HOURS = 5, 15, 8
MIN_PASSWORD = 12
_N, _R, _P = 2**14, 8, 1

# Why a text is refused or allowed: a closed list, so decisions can be counted and compared.
REASONS: dict[str, str] = {
    "voldoet": "voldoet aan de spelregels",
    "persoonsgegevens": "bevat persoonsgegevens",
    "beledigend": "beledigend of discriminerend",
    "reclame": "reclame of spam",
    "onderwerp": "gaat niet over dit onderwerp",
    "onbegrijpelijk": "niet te begrijpen",
}
APPROVE_REASONS = ("voldoet",)


class LoginFailed(SocialeStaatError):
    """Wrong name or password, or a locked account (the message does not say which)."""


@dataclass(frozen=True)
class Moderator:
    id: str
    name: str


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    _kind, n, r, p, salt, digest = stored.split("$")
    again = hashlib.scrypt(
        password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(again.hex(), digest)


_DUMMY = hash_password(secrets.token_hex(8))


def add_moderator(db: AppDatabase, name: str, password: str) -> Moderator:
    name = name.strip()
    if not name or len(name) > 60:
        raise InputError("moderator: geef een naam van 1 tot 60 tekens")
    if len(password) < MIN_PASSWORD:
        raise InputError(f"moderator: het wachtwoord moet minstens {MIN_PASSWORD} tekens hebben")
    moderator = Moderator(uuid.uuid4().hex, name)
    with db.transaction() as conn:
        if conn.execute(text("SELECT 1 FROM stem_moderators WHERE name = :n"), {"n": name}).first():
            raise InputError(f"moderator '{name}' bestaat al")
        conn.execute(
            text(
                "INSERT INTO stem_moderators (id, name, password_hash, created_at)"
                " VALUES (:id, :n, :h, :t)"
            ),
            {"id": moderator.id, "n": name, "h": hash_password(password), "t": keys.now_iso()},
        )
    return moderator


def login(db: AppDatabase, name: str, password: str) -> str:
    """A new session's cookie value; LoginFailed on a wrong password or a locked account."""
    with db.reader() as conn:
        row = conn.execute(
            text("SELECT id, password_hash, locked_until FROM stem_moderators WHERE name = :n"),
            {"n": name.strip()},
        ).one_or_none()
    now = datetime.now(UTC)
    if row is None:
        check_password(password, _DUMMY)  # same work, so timing does not reveal the names
        raise LoginFailed("naam of wachtwoord onjuist, of het account is tijdelijk geblokkeerd")
    mod_id, stored, locked_until = row
    locked = locked_until is not None and datetime.fromisoformat(locked_until) > now
    # A locked account is not even checked: guessing during the lock-out gains nothing.
    if locked or not check_password(password, stored):
        if not locked:
            _failed(db, mod_id, now)
        raise LoginFailed("naam of wachtwoord onjuist, of het account is tijdelijk geblokkeerd")
    cookie = secrets.token_urlsafe(32)
    with db.transaction() as conn:
        conn.execute(
            text("UPDATE stem_moderators SET failures = 0, locked_until = NULL WHERE id = :id"),
            {"id": mod_id},
        )
        conn.execute(
            text(
                "INSERT INTO stem_sessions (id, moderator_id, created_at, expires_at)"
                " VALUES (:id, :m, :c, :e)"
            ),
            {
                "id": _session_id(cookie),
                "m": mod_id,
                "c": now.isoformat(timespec="seconds"),
                "e": (now + timedelta(hours=SESSION_HOURS)).isoformat(timespec="seconds"),
            },
        )
        conn.execute(text("DELETE FROM stem_sessions WHERE expires_at < :now"), {"now": keys.now_iso()})
    return cookie


def _failed(db: AppDatabase, mod_id: str, now: datetime) -> None:
    with db.transaction() as conn:
        failures = conn.execute(
            text(
                "UPDATE stem_moderators SET failures = failures + 1 WHERE id = :id RETURNING failures"
            ),
            {"id": mod_id},
        ).scalar_one()
        if failures >= MAX_FAILURES:
            conn.execute(
                text("UPDATE stem_moderators SET failures = 0, locked_until = :u WHERE id = :id"),
                {
                    "id": mod_id,
                    "u": (now + timedelta(minutes=LOCK_MINUTES)).isoformat(timespec="seconds"),
                },
            )


def session(db: AppDatabase, cookie: str | None) -> Moderator | None:
    """The moderator of a live session, or None."""
    if not cookie:
        return None
    with db.reader() as conn:
        row = conn.execute(
            text(
                "SELECT m.id, m.name FROM stem_sessions s JOIN stem_moderators m"
                " ON m.id = s.moderator_id WHERE s.id = :id AND s.expires_at > :now"
            ),
            {"id": _session_id(cookie), "now": keys.now_iso()},
        ).one_or_none()
    return Moderator(row[0], row[1]) if row else None


def logout(db: AppDatabase, cookie: str) -> None:
    with db.transaction() as conn:
        conn.execute(text("DELETE FROM stem_sessions WHERE id = :id"), {"id": _session_id(cookie)})


def _session_id(cookie: str) -> str:
    return hashlib.sha256(cookie.encode()).hexdigest()


def decide(
    db: AppDatabase, reaction_id: str, approve: bool, reason: str, by: str, note: str = ""
) -> None:
    """Approve or reject a text, with a reason from REASONS; a rejected text is erased."""
    allowed = APPROVE_REASONS if approve else tuple(r for r in REASONS if r not in APPROVE_REASONS)
    if reason not in allowed:
        raise InputError(f"reden '{reason}' past niet bij dit besluit (kies uit {', '.join(allowed)})")
    with db.transaction() as conn:
        done = conn.execute(
            text(
                "UPDATE stem_reactions SET status = :st, decided_on = :on, decided_by = :by,"
                " reason = :r, note = :note"
                + ("" if approve else ", text = NULL")
                + " WHERE id = :id AND status = 'te beoordelen'"
            ),
            {
                "st": "goedgekeurd" if approve else "afgewezen",
                "on": keys.today(),
                "by": by,
                "r": reason,
                "note": note.strip()[:300] or None,
                "id": reaction_id,
            },
        )
        if done.rowcount != 1:
            raise InputError(f"reactie {reaction_id} wacht niet (meer) op een besluit")
