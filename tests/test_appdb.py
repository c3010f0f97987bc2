"""The app database on SQLite and PostgreSQL: migrations in order, once, in a transaction;
20 concurrent writers never see "database is locked"; a full disk gives a clear error and
leaves what was written before intact."""

import threading
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import event, inspect, text

from sociale_staat.appdb import database
from sociale_staat.appdb.database import AppDatabase, AppDatabaseError
from sociale_staat.appdb.tempserver import TemporaryPostgres
from sociale_staat.core import paths
from sociale_staat.core.errors import InputError
from sociale_staat.kennisbank.store import Kennisbank
from tests.conftest import ENGINES

WRITERS, WRITES = 20, 10


@pytest.fixture
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], str]:
    """A URL of a new, empty (unmigrated) database on the engine asked for."""

    def make(engine: str) -> str:
        if engine == "sqlite":
            return f"sqlite:///{tmp_path / f'{uuid.uuid4().hex[:8]}.sqlite'}"
        server: TemporaryPostgres = request.getfixturevalue("postgres_server")
        name = f"test_{uuid.uuid4().hex[:12]}"
        request.addfinalizer(lambda: server.drop_database(name))
        return server.create_database(name)

    return make


def test_migrations_apply_once_and_record_their_version(app_db: AppDatabase) -> None:
    with app_db.reader() as conn:
        versions = [r[0] for r in conn.execute(text("SELECT version FROM schema_migrations"))]
    assert versions == sorted(versions) and {1, 300} <= set(versions)
    assert app_db.migrate() == []  # nothing left to apply
    if app_db.dialect == "sqlite":
        with app_db.reader() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


@pytest.mark.parametrize("engine", ENGINES)
def test_a_failed_migration_leaves_nothing_half_applied(
    engine: str, empty_url: Callable[[str], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_core.sql").write_text("CREATE TABLE a (x INTEGER);\n")
    (folder / "0002_broken.sql").write_text("CREATE TABLE b (x INTEGER);\nCREATE TABLE oops (;\n")
    monkeypatch.setattr(database, "MIGRATIONS", folder)
    url = empty_url(engine)
    with pytest.raises(Exception, match="syntax"):
        AppDatabase(url)
    db = AppDatabase(url, migrate=False)
    tables = set(inspect(db.engine).get_table_names())
    db.close()
    assert "a" in tables and "b" not in tables


def test_engine_specific_file_wins_and_bad_names_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "0005_search.sql").write_text("-- shared\n")
    (tmp_path / "0005_search.sqlite.sql").write_text("-- sqlite\n")
    (tmp_path / "0005_search.postgresql.sql").write_text("-- pg\n")
    monkeypatch.setattr(database, "MIGRATIONS", tmp_path)
    assert database.migrations("sqlite")[0].sql == "-- sqlite\n"
    assert database.migrations("postgresql")[0].sql == "-- pg\n"
    (tmp_path / "5_bad.sql").write_text("")
    with pytest.raises(InputError, match=r"5_bad\.sql"):
        database.migrations("sqlite")


def test_every_migration_is_in_a_declared_range() -> None:
    # 0001-0099 core, 0100-0199 stem van de stad, 0200-0299 sociale kaart, 0300-0399
    # kennisbank, 0400-0499 programmamonitor (see appdb/database.py and the README).
    for dialect in ENGINES:
        for migration in database.migrations(dialect):  # type: ignore[arg-type]
            assert 1 <= migration.version <= 499, migration.name


def test_unknown_engine_is_named() -> None:
    with pytest.raises(InputError, match="mysql"):
        AppDatabase("mysql://x")


def test_twenty_writers_and_docs_add_never_see_a_locked_database(app_db: AppDatabase) -> None:
    """20 clients write (read, then write, in one transaction: the pattern that fails on SQLite
    when a transaction starts as a reader) while a document folder is being added."""
    failures: list[BaseException] = []

    def writer(number: int) -> None:
        db = AppDatabase(app_db.url, migrate=False)
        try:
            for n in range(WRITES):
                with db.transaction() as conn:
                    seen = conn.execute(
                        text("SELECT count(*) FROM counters WHERE scope = 'proef'")
                    ).scalar_one()
                    conn.execute(
                        text(
                            "INSERT INTO counters (scope, key, window_start, hits)"
                            " VALUES ('proef', :key, :n, :seen)"
                        ),
                        {"key": f"schrijver-{number}", "n": str(n), "seen": seen},
                    )
        except BaseException as err:  # collected and asserted below: a thread cannot fail a test
            failures.append(err)
        finally:
            db.close()

    def add_documents() -> None:
        db = AppDatabase(app_db.url, migrate=False)
        try:
            Kennisbank(db, paths.taxonomy_dir()).add_folder(paths.demo_corpus())
        except BaseException as err:
            failures.append(err)
        finally:
            db.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    threads.append(threading.Thread(target=add_documents))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with app_db.reader() as conn:
        rows = conn.execute(text("SELECT key, hits FROM counters WHERE scope = 'proef'")).all()
    assert len(rows) == WRITERS * WRITES  # no write lost
    assert {key for key, _ in rows} == {f"schrijver-{i}" for i in range(WRITERS)}
    if app_db.dialect == "sqlite":
        # Each transaction held the write lock from its start, so each saw all earlier ones.
        assert sorted(hits for _, hits in rows) == list(range(WRITERS * WRITES))
    state = Kennisbank(app_db, paths.taxonomy_dir()).consistency()
    assert state.documents == 4 and state.orphan_passages == state.orphan_claims == 0
    assert state.index_ok


def test_a_full_disk_gives_a_clear_error_and_keeps_earlier_data(tmp_path: Path) -> None:
    db = AppDatabase(f"sqlite:///{tmp_path / 'app.sqlite'}")
    kb = Kennisbank(db, paths.taxonomy_dir())
    corpus = paths.demo_corpus()
    kb.add(corpus / "blog_ga_jij_in_almere_werken.txt")
    before = kb.consistency()
    with db.reader() as conn:
        pages = int(conn.execute(text("PRAGMA page_count")).scalar_one())

    # SQLite reports a file that may not grow exactly as it reports a full disk (SQLITE_FULL).
    @event.listens_for(db.engine, "connect")
    def no_room(dbapi_conn: object, _record: object) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # type: ignore[attr-defined]

    db.engine.dispose()
    with pytest.raises(AppDatabaseError, match=r"app\.sqlite: de schijf is vol.*niet opgeslagen"):
        kb.add(corpus / "dialoog_hoe_gaat_het_in_almere_2023.txt")
    event.remove(db.engine, "connect", no_room)
    db.engine.dispose()
    assert kb.consistency() == before and before.passages > 0 and before.index_ok
    assert [d["file_name"] for d in kb.documents()] == ["blog_ga_jij_in_almere_werken.txt"]
    # With room again, the same document goes in whole.
    assert kb.add(corpus / "dialoog_hoe_gaat_het_in_almere_2023.txt").status == "toegevoegd"


def test_an_unreachable_postgresql_is_named_without_its_password() -> None:
    with pytest.raises(AppDatabaseError, match=r"127\.0\.0\.1:1/x is niet bereikbaar") as err:
        AppDatabase("postgresql://gebruiker:geheim@127.0.0.1:1/x")
    assert "geheim" not in str(err.value)


def test_writers_of_one_process_queue_without_sqlites_busy_wait(tmp_path: Path) -> None:
    """With busy_timeout 0, SQLite refuses a second writer at once ("database is locked"); the
    process's own lock must make the second writer wait for the first instead (its busy
    handler would sleep in 1-100 ms steps: the reaction tails of the Stem van de stad bench)."""
    db = AppDatabase(f"sqlite:///{tmp_path / 'app.sqlite'}")
    event.listen(
        db.engine, "connect", lambda conn, _: conn.execute("PRAGMA busy_timeout=0")
    )  # fmt: skip
    db.engine.dispose()  # new connections get the listener
    first_in = threading.Event()
    order: list[str] = []
    failures: list[BaseException] = []

    def second() -> None:
        first_in.wait()
        try:
            with db.transaction() as conn:
                conn.execute(text("INSERT INTO counters VALUES ('proef', 'b', 'w', 1)"))
                order.append("tweede")
        except BaseException as err:  # asserted below
            failures.append(err)

    thread = threading.Thread(target=second)
    thread.start()
    with db.transaction() as conn:
        conn.execute(text("INSERT INTO counters VALUES ('proef', 'a', 'w', 1)"))
        first_in.set()
        thread.join(timeout=0.3)  # the second writer is waiting, not failing
        order.append("eerste")
    thread.join()
    db.close()
    assert failures == [] and order == ["eerste", "tweede"]
