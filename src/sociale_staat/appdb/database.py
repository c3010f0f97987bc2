"""The app database: what people add (reactions, services, dialogue records, ...).

Two stores, two roles (DESIGN §3): the warehouse is rebuilt from snapshots and read-only while
serving; this database holds what people write and must never lose a write. SQLite (WAL mode,
full sync) by default, PostgreSQL when `SOCIALE_STAAT_APP_DB=postgresql://…`. SQL goes through
SQLAlchemy Core with `:name` parameters, so one statement serves both engines.

Schema changes are numbered SQL files in `migrations/`: `NNNN_name.sql` for both engines, or a
pair `NNNN_name.sqlite.sql` / `NNNN_name.postgresql.sql` where the engines differ (full-text
search). Applied versions are recorded in `schema_migrations`; `migrate()` applies the rest in
order, each in its own transaction. Number ranges per part, so parts never collide:
0001-0099 core, 0100-0199 stem van de stad, 0200-0299 sociale kaart, 0300-0399 kennisbank,
0400-0499 programmamonitor.
"""

import re
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError

from sociale_staat.core import paths
from sociale_staat.core.errors import InputError, SocialeStaatError

MIGRATIONS = Path(__file__).parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+?)(?:\.(sqlite|postgresql))?\.sql$")

Dialect = Literal["sqlite", "postgresql"]
_MIGRATION_LOCK = 7_301_834_017  # any fixed number: the advisory lock that serialises migrate()


class AppDatabaseError(SocialeStaatError):
    """A write the app database could not take (disk full, locked too long); nothing of it is
    stored and everything written before is intact."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


class AppDatabase:
    """A connection pool to the app database, with its migrations applied on open.

    >>> db = AppDatabase("sqlite:///:memory:")  # doctest: +SKIP
    >>> with db.transaction() as conn: conn.execute(text("select 1")).scalar()  # doctest: +SKIP
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = url or paths.app_db_url()
        self.engine = _engine(self.url)
        # SQLite lets one writer in at a time; a thread that finds the lock taken sleeps in
        # SQLite's busy handler (1, 2, 5 … 100 ms steps) and so a burst of reactions got tails of
        # 50-500 ms. Writers of this process queue on a lock instead and go in as soon as it is
        # free; other processes (several workers) still meet busy_timeout.
        self._write_lock: AbstractContextManager[object] = (
            threading.RLock() if self.dialect == "sqlite" else nullcontext()
        )
        if migrate:
            self.migrate()

    @property
    def dialect(self) -> Dialect:
        return "postgresql" if self.engine.dialect.name == "postgresql" else "sqlite"

    @property
    def where(self) -> str:
        """The database named for people: the SQLite file, or host/database without password."""
        return self.engine.url.render_as_string(hide_password=True)

    def transaction(self) -> AbstractContextManager[Connection]:
        """One writing transaction: committed when the block ends, rolled back when it raises."""
        # SQLite: take the write lock at the start, so that a busy writer waits (busy_timeout)
        # instead of failing when a read transaction later wants to write.
        return self._writing()

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        with self._write_lock, self._begin("BEGIN IMMEDIATE") as conn:
            yield conn

    def reader(self) -> AbstractContextManager[Connection]:
        """One reading transaction: a consistent view that never blocks writers (WAL)."""
        return self._begin("BEGIN")

    @contextmanager
    def _begin(self, sqlite_begin: str) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                conn.info["sqlite_begin"] = sqlite_begin
                with conn.begin():
                    yield conn
        except DBAPIError as err:
            clear = _clear_error(err, self.where, self.dialect)
            if clear is None:
                raise
            raise clear from err

    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied; returns their names.

        Several web workers may start at once: on PostgreSQL each step holds an advisory lock
        and looks again at what is applied, so no migration runs twice (SQLite's BEGIN
        IMMEDIATE already lets one writer in at a time).
        """
        self.migrate_table()
        applied = []
        for migration in migrations(self.dialect):
            with self.transaction() as conn:
                self._lock(conn)
                if migration.version in _applied(conn):
                    continue
                _run_script(conn, self.dialect, migration.sql)
                conn.execute(
                    text("INSERT INTO schema_migrations (version, name) VALUES (:v, :n)"),
                    {"v": migration.version, "n": migration.name},
                )
            applied.append(f"{migration.version:04d}_{migration.name}")
        return applied

    def migrate_table(self) -> None:
        """The table that records applied migrations (made when missing)."""
        with self.transaction() as conn:
            self._lock(conn)
            conn.execute(
                text(
                    "CREATE TABLE IF NOT EXISTS schema_migrations ("
                    " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                    " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
                )
            )

    def applied(self) -> list[int]:
        """The versions applied so far, in order."""
        with self.reader() as conn:
            return sorted(_applied(conn))

    def _lock(self, conn: Connection) -> None:
        if self.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})

    def close(self) -> None:
        self.engine.dispose()


def _applied(conn: Connection) -> set[int]:
    return {int(row[0]) for row in conn.execute(text("SELECT version FROM schema_migrations"))}


def migrations(dialect: Dialect) -> list[Migration]:
    """The migrations for one engine, in order: the engine's own file wins over the shared one."""
    chosen: dict[int, tuple[str, Path, bool]] = {}
    for file in sorted(MIGRATIONS.glob("*.sql")):
        m = _MIGRATION_NAME.match(file.name)
        if not m:
            raise InputError(
                f"{file.name}: migratienaam moet NNNN_naam[.sqlite|.postgresql].sql zijn"
            )
        version, name, only = int(m.group(1)), m.group(2), m.group(3)
        if only and only != dialect:
            continue
        if version in chosen and chosen[version][0] != name:
            raise InputError(
                f"{file.name}: versie {version:04d} is al gebruikt door {chosen[version][1].name}"
            )
        if version not in chosen or only:
            chosen[version] = (name, file, bool(only))
    return [
        Migration(v, name, file.read_text(encoding="utf-8"))
        for v, (name, file, _) in sorted(chosen.items())
    ]


def _clear_error(err: DBAPIError, where: str, dialect: Dialect) -> AppDatabaseError | None:
    """A Dutch message for the failures a person can act on; None for the rest (bugs)."""
    message = str(err.orig)
    code = getattr(err.orig, "sqlstate", None)
    if "disk is full" in message or code == "53100" or "No space left" in message:
        return AppDatabaseError(
            f"app-database {where}: de schijf is vol; deze wijziging is niet opgeslagen "
            "(eerder opgeslagen gegevens zijn intact). Maak ruimte vrij en probeer het opnieuw."
        )
    if dialect == "postgresql" and isinstance(err, OperationalError):
        # psycopg raises OperationalError for a lost or refused connection (SQL errors are
        # ProgrammingError or IntegrityError); a transaction cut off this way was rolled back.
        return AppDatabaseError(
            f"app-database {where} is niet bereikbaar of de verbinding viel weg; "
            "deze wijziging is niet opgeslagen. Probeer het opnieuw."
        )
    if "database is locked" in message:
        return AppDatabaseError(
            f"app-database {where}: langer dan 30 s bezet door een andere schrijver; "
            "deze wijziging is niet opgeslagen. Probeer het opnieuw."
        )
    return None


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if url.startswith("postgresql"):
        # psycopg 3 is the driver; a bare postgresql:// URL would pick psycopg2.
        return create_engine(
            url.replace("postgresql://", "postgresql+psycopg://", 1), pool_pre_ping=True
        )
    raise InputError(
        f"app-database: onbekend type in {url.split(':', 1)[0]!r} (sqlite of postgresql)"
    )


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    # WAL lets readers go on while one writer commits; synchronous=FULL makes a commit survive a
    # crash or power loss before the page says "ontvangen"; busy_timeout keeps concurrent writers
    # waiting instead of failing with "database is locked".
    cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # Python's sqlite3 would commit before DDL on its own; SQLAlchemy's begin event below emits
    # BEGIN instead, so that a migration or a write is one real transaction.
    dbapi_conn.isolation_level = None  # type: ignore[attr-defined]


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql(conn.info.get("sqlite_begin", "BEGIN IMMEDIATE"))


def _run_script(conn: Connection, dialect: Dialect, sql: str) -> None:
    raw = conn.connection.driver_connection
    if dialect == "sqlite":
        # executescript would commit the surrounding transaction; run statement by statement
        # (sqlite3.complete_statement keeps trigger bodies with their inner semicolons whole).
        import sqlite3

        buffer = ""
        for line in sql.splitlines(keepends=True):
            buffer += line
            if sqlite3.complete_statement(buffer):
                raw.execute(buffer)  # type: ignore[union-attr]
                buffer = ""
        if buffer.strip():
            raw.execute(buffer)  # type: ignore[union-attr]
    else:
        with raw.cursor() as cur:  # type: ignore[union-attr]
            cur.execute(sql)
