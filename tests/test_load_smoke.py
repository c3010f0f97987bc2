"""A five-second version of the load run (benchmarks/bench_load.py) on a PostgreSQL the tests
start themselves: readers and writers at once against two workers, no errors, and every
reaction and moderation decision the server confirmed is in the database (no timing here)."""

import socket
import uuid
from pathlib import Path

from benchmarks.bench_load import run
from sociale_staat.appdb.tempserver import TemporaryPostgres


def test_a_short_load_run_has_no_errors_and_loses_nothing(
    postgres_server: TemporaryPostgres, almere_store: Path
) -> None:
    url = postgres_server.create_database(f"load_{uuid.uuid4().hex[:12]}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    outcome = run(
        almere_store, url, seconds=5, workers=2, readers=4, writers=3, moderators=1, port=port
    )
    assert outcome.tally.errors == [], outcome.tally.errors[:10]
    assert set(outcome.tally.latencies) >= {
        "pagina",
        "api",
        "sociale kaart",
        "documenten",
        "reactie",
    }
    assert outcome.tally.confirmed, "geen enkele reactie bevestigd"
    assert outcome.tally.confirmed == outcome.stored
    assert outcome.tally.decided == outcome.stored_decided
