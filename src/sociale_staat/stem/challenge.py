"""The self-hosted proof of work (ALTCHA): the browser finds a number whose SHA-256 with the salt
matches the challenge; the server checks it with its own key. No third party is asked.

Without JavaScript the form takes a confirmation step instead: the resident sees the reaction
back and confirms it after a short wait, which a signed token enforces (see `web/stem.py`).
"""

import base64
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from altcha import v1 as altcha

from sociale_staat.core import settings

VALID_MINUTES = 30


@dataclass(frozen=True)
class Challenge:
    algorithm: str
    challenge: str
    maxnumber: int
    salt: str
    signature: str

    def as_json(self) -> str:
        return json.dumps(self.__dict__)


def altcha_key(server_key: bytes) -> str:
    # A key of its own, so that an ALTCHA signature can never pass as a form token.
    return hmac.new(server_key, b"altcha", "sha256").hexdigest()


def create(server_key: bytes) -> Challenge:
    """A new challenge, valid for VALID_MINUTES; its difficulty is the setting stem_pow_max."""
    made = altcha.create_challenge(
        altcha.ChallengeOptions(
            max_number=settings.get_int("stem_pow_max"),
            hmac_key=altcha_key(server_key),
            expires=datetime.now(UTC) + timedelta(minutes=VALID_MINUTES),
        )
    )
    return Challenge(made.algorithm, made.challenge, made.max_number, made.salt, made.signature)


def verify(payload: str, server_key: bytes) -> str | None:
    """The solved challenge's id (to spend it once) when the payload is a valid, unexpired
    solution made with this server's key; None otherwise."""
    if not payload or len(payload) > 2000:
        return None
    ok, _error = altcha.verify_solution(payload, altcha_key(server_key), check_expires=True)
    if not ok:
        return None
    try:
        return str(json.loads(base64.b64decode(payload))["challenge"])
    except (ValueError, KeyError, TypeError):
        return None


def solve(challenge: Challenge) -> str:
    """The payload a browser would send (used by tests and the load benchmark)."""
    solution = altcha.solve_challenge(
        challenge.challenge, challenge.salt, "SHA-256", challenge.maxnumber
    )
    if solution is None:
        raise ValueError("uitdaging niet op te lossen")
    payload = {
        "algorithm": challenge.algorithm,
        "challenge": challenge.challenge,
        "number": solution.number,
        "salt": challenge.salt,
        "signature": challenge.signature,
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()
