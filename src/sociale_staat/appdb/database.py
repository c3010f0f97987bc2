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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import Connection, Engine, create_engine, event, text

from sociale_staat.core import paths
from sociale_staat.core.errors import InputError

MIGRATIONS = Path(__file__).parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+?)(?:\.(sqlite|postgresql))?\.sql$")

Dialect = Literal["sqlite", "postgresql"]


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
        if migrate:
            self.migrate()

    @property
    def dialect(self) -> Dialect:
        return "postgresql" if self.engine.dialect.name == "postgresql" else "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One writing transaction: committed when the block ends, rolled back when it raises."""
        with self.engine.connect() as conn:
            # SQLite: take the write lock at the start, so that a busy writer waits (busy_timeout)
            # instead of failing when a read transaction later wants to write.
            conn.info["sqlite_begin"] = "BEGIN IMMEDIATE"
            with conn.begin():
                yield conn

    @contextmanager
    def reader(self) -> Iterator[Connection]:
        """One reading transaction: a consistent view that never blocks writers (WAL)."""
        with self.engine.connect() as conn:
            conn.info["sqlite_begin"] = "BEGIN"
            with conn.begin():
                yield conn

    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied; returns their names."""
        with self.transaction() as conn:
            conn.execute(
                text(
                    "CREATE TABLE IF NOT EXISTS schema_migrations ("
                    " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                    " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
                )
            )
            done = {row[0] for row in conn.execute(text("SELECT version FROM schema_migrations"))}
        applied = []
        for migration in migrations(self.dialect):
            if migration.version in done:
                continue
            with self.transaction() as conn:
                _run_script(conn, self.dialect, migration.sql)
                conn.execute(
                    text("INSERT INTO schema_migrations (version, name) VALUES (:v, :n)"),
                    {"v": migration.version, "n": migration.name},
                )
            applied.append(f"{migration.version:04d}_{migration.name}")
        return applied

    def close(self) -> None:
        self.engine.dispose()


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
