"""The app database: migrations in order, once, in a transaction; SQLite durable settings."""

from pathlib import Path

import pytest
from sqlalchemy import text

from sociale_staat.appdb import database
from sociale_staat.appdb.database import AppDatabase
from sociale_staat.core.errors import InputError


def test_migrations_apply_once_and_record_their_version(tmp_path: Path) -> None:
    db = AppDatabase(f"sqlite:///{tmp_path / 'app.sqlite'}")
    with db.transaction() as conn:
        versions = [r[0] for r in conn.execute(text("SELECT version FROM schema_migrations"))]
        mode = conn.execute(text("PRAGMA journal_mode")).scalar()
    assert versions == sorted(versions) and 1 in versions
    assert mode == "wal"
    assert db.migrate() == []  # nothing left to apply


def test_a_failed_migration_leaves_nothing_half_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_core.sql").write_text("CREATE TABLE a (x INTEGER);\n")
    (folder / "0002_broken.sql").write_text("CREATE TABLE b (x INTEGER);\nCREATE TABLE oops (;\n")
    monkeypatch.setattr(database, "MIGRATIONS", folder)
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    with pytest.raises(Exception, match="syntax"):
        AppDatabase(url)
    db = AppDatabase(url, migrate=False)
    with db.transaction() as conn:
        tables = {
            r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        }
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


def test_unknown_engine_is_named() -> None:
    with pytest.raises(InputError, match="mysql"):
        AppDatabase("mysql://x")
