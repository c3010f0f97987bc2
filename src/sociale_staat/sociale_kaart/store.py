"""The sociale kaart in the app database: imports (one transaction each), the stored HSDS
records, and the derived search tables.
"""

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, text

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.sociale_kaart import searchindex
from sociale_staat.sociale_kaart.geo import Boundaries, bundled
from sociale_staat.sociale_kaart.index import derive
from sociale_staat.sociale_kaart.package import Bundle
from sociale_staat.sociale_kaart.schema import TABLES

DERIVED = ("sk_word", "sk_opening", "sk_service_location", "sk_location", "sk_service")


@dataclass(frozen=True)
class ImportResult:
    import_id: str
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)


class ServiceStore:
    """HSDS records in the app database.

    >>> store = ServiceStore(AppDatabase("sqlite:///:memory:"))  # doctest: +SKIP
    """

    def __init__(self, db: AppDatabase, boundaries: Boundaries | None = None) -> None:
        self.db = db
        self.boundaries = boundaries or bundled()

    def import_bundle(self, bundle: Bundle, source: str) -> ImportResult:
        """Add or replace the bundle's records (by table and id), all or nothing."""
        import_id = str(uuid.uuid4())
        counts = bundle.count()
        with self.db.transaction() as conn:
            conn.execute(
                text("INSERT INTO sk_import (id, source, imported_at, counts) VALUES (:i, :s, :t, :c)"),
                {"i": import_id, "s": source, "t": datetime.now(UTC).isoformat(timespec="seconds"), "c": json.dumps(counts)},
            )
            rows = [
                {
                    "t": name,
                    "i": rid,
                    "imp": import_id,
                    "l": bundle.labels.get((name, rid)),
                    "d": json.dumps(row, ensure_ascii=False, sort_keys=True),
                }
                for name in TABLES
                for rid, row in bundle.tables[name].items()
            ]
            if rows:
                conn.execute(
                    text(
                        "INSERT INTO sk_record (tbl, id, import_id, label, data) VALUES (:t, :i, :imp, :l, :d)"
                        " ON CONFLICT (tbl, id) DO UPDATE SET import_id = excluded.import_id,"
                        " label = excluded.label, data = excluded.data"
                    ),
                    rows,
                )
            self._rebuild(conn)
        searchindex.forget(self.db)
        return ImportResult(import_id, counts, list(bundle.warnings))

    def _rebuild(self, conn: Connection) -> None:
        derived = derive(_load(conn), self.boundaries)
        for name in DERIVED:
            conn.execute(text(f"DELETE FROM {name}"))
        for name, rows in (
            ("sk_service", derived.services),
            ("sk_location", derived.locations),
            ("sk_service_location", derived.links),
            ("sk_word", derived.words),
            ("sk_opening", derived.openings),
        ):
            if rows:
                cols = list(rows[0])
                conn.execute(
                    text(f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)})"),
                    rows,
                )

    def bundle(self) -> Bundle:
        """Every stored record, as read from an import."""
        with self.db.reader() as conn:
            return _load(conn)

    def service_count(self) -> int:
        with self.db.reader() as conn:
            return int(conn.execute(text("SELECT count(*) FROM sk_service")).scalar_one())

    def labels(self) -> list[str]:
        """The fictitious-data labels of the stored services (empty when all are real)."""
        with self.db.reader() as conn:
            rows = conn.execute(text("SELECT DISTINCT label FROM sk_service WHERE label IS NOT NULL ORDER BY label"))
            return [str(r[0]) for r in rows]


def _load(conn: Connection) -> Bundle:
    bundle = Bundle()
    for name, rid, label, data in conn.execute(text("SELECT tbl, id, label, data FROM sk_record")):
        if name in bundle.tables:
            bundle.tables[name][rid] = json.loads(data)
            if label is not None:
                bundle.labels[(name, rid)] = label
    return bundle
