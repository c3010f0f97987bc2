"""Server-side secrets of Stem van de stad: the HMAC key, signed form tokens, the daily salt.

The key lives in the app database, so every web worker signs and checks with the same key and a
restart keeps issued forms valid. A form token is `issued.nonce.mac`: no cookie is needed for a
resident, and a token only fits the purpose and subject it was made for.
"""

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, text

from sociale_staat.appdb.database import AppDatabase


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def server_key(db: AppDatabase) -> bytes:
    """The HMAC key, made once (the first worker to ask wins; the others read it)."""
    with db.transaction() as conn:
        return bytes.fromhex(_secret(conn, "hmac", lambda: secrets.token_hex(32)))


def _secret(conn: Connection, name: str, make: Callable[[], str]) -> str:
    return _secret_made(conn, name, make)[0]


def _secret_made(conn: Connection, name: str, make: Callable[[], str]) -> tuple[str, bool]:
    """The secret's value, and whether this call made it."""
    found = conn.execute(text("SELECT value FROM stem_secrets WHERE name = :n"), {"n": name}).scalar()
    if found is not None:
        return str(found), False
    made = conn.execute(
        text(
            "INSERT INTO stem_secrets (name, value, created_at) VALUES (:n, :v, :t)"
            " ON CONFLICT (name) DO NOTHING"
        ),
        {"n": name, "v": make(), "t": now_iso()},
    ).rowcount == 1
    value = conn.execute(text("SELECT value FROM stem_secrets WHERE name = :n"), {"n": name}).scalar()
    return str(value), made


def client_key(conn: Connection, address: str) -> str:
    """A salted hash of the client address; the salt changes every day and old salts are
    deleted, so yesterday's keys cannot be linked to an address any more."""
    day = today()
    salt, made = _secret_made(conn, f"salt:{day}", lambda: secrets.token_hex(32))
    if made:  # a new day: yesterday's salt goes
        conn.execute(
            text("DELETE FROM stem_secrets WHERE name LIKE 'salt:%' AND name <> :n"),
            {"n": f"salt:{day}"},
        )
    return hmac.new(bytes.fromhex(salt), address.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Signer:
    """Signed, time-limited tokens bound to a purpose and a subject.

    >>> s = Signer(b"k" * 32)
    >>> s.check(s.make("csrf", "indicator:x"), "csrf", "indicator:x", max_age=60)
    True
    """

    key: bytes

    def make(self, purpose: str, subject: str, issued: int | None = None) -> str:
        issued = int(time.time()) if issued is None else issued
        nonce = secrets.token_hex(8)
        return f"{issued}.{nonce}.{self._mac(purpose, subject, issued, nonce)}"

    def check(
        self, token: str, purpose: str, subject: str, max_age: int, min_age: int = 0
    ) -> bool:
        """True when the token was made here for this purpose and subject, between min_age and
        max_age seconds ago (min_age is the wait of the no-JavaScript confirmation step)."""
        parts = token.split(".")
        if len(parts) != 3 or not parts[0].isdigit():
            return False
        issued, nonce, mac = int(parts[0]), parts[1], parts[2]
        age = time.time() - issued
        if not (min_age <= age <= max_age):
            return False
        return hmac.compare_digest(mac, self._mac(purpose, subject, issued, nonce))

    def _mac(self, purpose: str, subject: str, issued: int, nonce: str) -> str:
        message = f"{purpose}\x1f{subject}\x1f{issued}\x1f{nonce}".encode()
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()


def spend(conn: Connection, token: str, expires_at: str) -> bool:
    """Mark a token as used; False when it was used before (a replay)."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    inserted = conn.execute(
        text(
            "INSERT INTO stem_spent (token, expires_at) VALUES (:t, :e) ON CONFLICT (token) DO NOTHING"
        ),
        {"t": digest, "e": expires_at},
    )
    return inserted.rowcount == 1


def purge(conn: Connection) -> None:
    """Forget used tokens once they could not be accepted anyway."""
    conn.execute(text("DELETE FROM stem_spent WHERE expires_at < :now"), {"now": now_iso()})
