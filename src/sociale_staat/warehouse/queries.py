"""The one read layer over the warehouse: every output (CLI, report, dashboard) asks here.

Rows leave this module as the typed records of `warehouse.records`, never as loose dicts.
"""

import difflib
import json
import re
from pathlib import Path
from typing import Any

import duckdb

from sociale_staat.core.errors import NotBuilt, SocialeStaatError, UnknownArea, UnknownIndicator
from sociale_staat.core.regions import CODE, normalise_code
from sociale_staat.warehouse import _rows as stored
from sociale_staat.warehouse import reasons as reasons_in_words
from sociale_staat.warehouse.records import (
    Area,
    Cell,
    Coverage,
    Indicator,
    Reading,
    Source,
    TableStatus,
    ValueAnswer,
    WarehouseStatus,
    status_of,
)

_LABEL = re.compile(r"^(.*) \((gemeente|GM|PV|LD|CR)\)$")
_LABEL_LEVELS = {
    "gemeente": "gemeente",
    "GM": "gemeente",
    "PV": "provincie",
    "LD": "landsdeel",
    "CR": "corop",
}
_SOURCE_COLUMNS = (
    "table_id, cbs_table, title, publisher, licence, exported, snapshot_created, source_file,"
    " partial, gaps, periods"
)


_OWN = "warehouse"  # the name of the attached file in an instance of its own


class Warehouse:
    """A read-only connection to a built warehouse."""

    def __init__(self, path: Path, con: duckdb.DuckDBPyConnection | None = None) -> None:
        if con is None and not path.exists():
            raise NotBuilt(f"geen warehouse op {path}: voer eerst 'sociale-staat build' uit")
        self.path = path
        self.con = con if con is not None else duckdb.connect(str(path), read_only=True)
        self._attached = con is not None  # by own(): the file is attached, not the default
        self._tables: dict[str, Source] | None = None

    @classmethod
    def own(cls, path: Path) -> "Warehouse":
        """The file now at `path` in a database instance of its own: DuckDB shares one instance
        per file name in a process, so after `build` renamed a new file over the name a plain
        connect would still get the old build while that is open (web/reload.py)."""
        if not path.exists():
            raise NotBuilt(f"geen warehouse op {path}: voer eerst 'sociale-staat build' uit")
        con = duckdb.connect(":memory:")
        quoted = str(path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS {_OWN} (READ_ONLY)")
        con.execute(f"USE {_OWN}")
        return cls(path, con)

    def cursor(self) -> "Warehouse":
        """Another connection to the same database, for another thread (the same build)."""
        con = self.con.cursor()
        if self._attached:
            con.execute(f"USE {_OWN}")
        return Warehouse(self.path, con)

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # --- catalogue -------------------------------------------------------------------------

    def indicators(self, theme: str | None = None) -> list[Indicator]:
        rows = self._rows(
            "SELECT i.*, min(v.period) FILTER (v.value IS NOT NULL) AS first_period,"
            " max(v.period) FILTER (v.value IS NOT NULL) AS last_period"
            " FROM indicators i LEFT JOIN indicator_values v ON v.indicator = i.id"
            " WHERE ? IS NULL OR i.theme = ? GROUP BY ALL ORDER BY i.position",
            [theme, theme],
        )
        if theme and not rows:
            themes = [r["theme"] for r in self._rows("SELECT DISTINCT theme FROM indicators")]
            raise SocialeStaatError(f"onbekend thema '{theme}' (kies uit {', '.join(themes)})")
        return [stored.indicator(row) for row in rows]

    def indicator(self, indicator_id: str) -> Indicator:
        rows = self._rows("SELECT * FROM indicators WHERE id = ?", [indicator_id])
        if not rows:
            ids = [r["id"] for r in self._rows("SELECT id FROM indicators ORDER BY id")]
            close = difflib.get_close_matches(indicator_id, ids, n=3, cutoff=0.6)
            hint = f" Bedoelt u: {', '.join(close)}?" if close else ""
            raise UnknownIndicator(
                f"onbekende indicator '{indicator_id}'.{hint} Zie 'sociale-staat indicators'."
            )
        return stored.indicator(rows[0])

    # --- areas -----------------------------------------------------------------------------

    def _areas(self, sql: str, params: list[Any]) -> list[Area]:
        return [stored.area(r) for r in self._rows(sql, params)]

    def area(self, text: str, indeling: int | None = None) -> Area:
        """An area by CBS code, 'NL'/'Nederland', or an unambiguous name ('Almere').

        A wijk or buurt code is taken in the given indeling, by default the newest one it has.
        """
        code = normalise_code(text.upper()) if CODE.match(text.strip().upper()) else None
        if code:
            found = self._areas(
                "SELECT * FROM regions WHERE code = ? ORDER BY indeling DESC", [code]
            )
            if not found:
                raise UnknownArea(f"onbekende gebiedscode '{text}': niet in de geladen data")
            if indeling is not None and found[0].indeling:
                chosen = [a for a in found if a.indeling == indeling]
                if not chosen:
                    known = ", ".join(str(a.indeling) for a in found)
                    raise UnknownArea(
                        f"{code} komt niet voor in de indeling van {indeling} (wel in: {known})"
                    )
                return chosen[0]
            return found[0]
        name = re.sub(r"\s+", " ", text).strip()
        level = None
        if m := _LABEL.match(name):  # StatLine labels: "Utrecht (gemeente)", "Utrecht (PV)"
            name, level = m[1], _LABEL_LEVELS[m[2]]
        found = self._areas(
            "SELECT * FROM regions WHERE lower(name) = lower(?) AND (? IS NULL OR level = ?)"
            " ORDER BY code",
            [name, level, level],
        )
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            options = ", ".join(f"{a.name} ({a.level}, {a.code})" for a in found)
            raise UnknownArea(f"'{text}' is meerduidig: {options}. Geef de code.")
        close = self._rows(
            "SELECT name, code FROM regions WHERE name ILIKE ? ORDER BY level = 'gemeente' DESC,"
            " name LIMIT 5",
            [f"%{name}%"],
        )
        hint = (
            " Bedoelt u: " + ", ".join(f"{r['name']} ({r['code']})" for r in close) + "?"
            if close
            else ""
        )
        raise UnknownArea(f"onbekend gebied '{text}'.{hint}")

    def small_areas(self, gemeente_code: str) -> list[Area]:
        """Wijken and buurten of a gemeente in its newest indeling, wijken first."""
        return self._areas(
            "SELECT * FROM regions WHERE gemeente_code = ? AND level IN ('wijk', 'buurt')"
            " AND indeling = (SELECT max(indeling) FROM regions WHERE gemeente_code = ?)"
            " ORDER BY level DESC, code",
            [gemeente_code, gemeente_code],
        )

    def neighbourhood_cells(
        self, indicators: list[str], gemeente_code: str, indeling: int
    ) -> list[Cell]:
        """Yearly cells of the gemeente's wijken and buurten (one indeling), the gemeente and NL."""
        return self._cells(
            "SELECT indicator, region_code, indeling, period, value, lower, upper, status, table_id"
            " FROM indicator_values WHERE list_contains(?, indicator)"
            " AND ((indeling = ? AND region_code LIKE ?)"
            " OR (indeling = 0 AND list_contains(?, region_code)))",
            [indicators, indeling, f"__{gemeente_code[2:]}%", [gemeente_code, "NL"]],
        )

    def find_areas(self, text: str, limit: int = 30) -> list[Area]:
        """Areas whose name contains `text` or whose code is `text`, gemeenten first.
        `%`, `_` and `\\` in the text are literal characters, never wildcards."""
        literal = re.sub(r"([\\%_])", r"\\\1", text)
        return self._areas(
            "SELECT * FROM regions WHERE name ILIKE ? ESCAPE '\\' OR code = upper(?)"
            " ORDER BY level = 'gemeente' DESC, name LIMIT ?",
            [f"%{literal}%", text, limit],
        )

    def gemeenten(self) -> list[Area]:
        return self._areas("SELECT * FROM regions WHERE level = 'gemeente' ORDER BY name", [])

    def gemeenten_in(self, year: int) -> set[str]:
        """Gemeenten of the indeling of `year` (the nearest Gebieden-in-Nederland edition)."""
        gemeenten = self.gemeenten()
        editions = sorted({y for a in gemeenten for y in a.indelingen})
        if not editions:
            return {a.code for a in gemeenten}
        edition = min(editions, key=lambda y: (abs(y - year), -y))
        return {a.code for a in gemeenten if edition in a.indelingen}

    def cross_section(
        self, indicator_id: str, period: int, level: str = "gemeente"
    ) -> dict[str, float]:
        """Every area's value of one indicator in one year (areas without a value left out)."""
        self.indicator(indicator_id)
        rows = self.con.execute(
            "SELECT region_code, value FROM indicator_values WHERE indicator = ? AND period = ?"
            " AND region_level = ? AND value IS NOT NULL",
            [indicator_id, period, level],
        ).fetchall()
        return {code: float(value) for code, value in rows}

    def cells_in(self, indicator_id: str, period: int, level: str = "gemeente") -> list[Cell]:
        """Every cell of one indicator in one year at one level (empty cells too), and NL's."""
        return self._cells(
            "SELECT indicator, region_code, period, value, lower, upper, status, table_id"
            " FROM indicator_values WHERE indicator = ? AND period = ? AND indeling = 0"
            " AND (region_level = ? OR region_code = 'NL')",
            [indicator_id, period, level],
        )

    def years_with_values(self, indicator_id: str, level: str = "gemeente") -> list[int]:
        """The years in which at least one area of `level` has a value, oldest first."""
        rows = self.con.execute(
            "SELECT DISTINCT period FROM indicator_values WHERE indicator = ?"
            " AND region_level = ? AND value IS NOT NULL ORDER BY period",
            [indicator_id, level],
        ).fetchall()
        return [int(r[0]) for r in rows]

    def _cells(self, sql: str, params: list[Any]) -> list[Cell]:
        return [
            Cell(
                r["indicator"],
                r["region_code"],
                r["period"],
                r["value"],
                r["lower"],
                r["upper"],
                status_of(r["status"]),
                r["table_id"],
                r.get("indeling", 0),
            )
            for r in self._rows(sql, params)
        ]

    def series(self, areas: list[str], indicators: list[str] | None = None) -> list[Cell]:
        """All yearly cells of the given areas (and indicators), in one query."""
        return self._cells(
            "SELECT indicator, region_code, period, value, lower, upper, status, table_id"
            " FROM indicator_values WHERE list_contains(?, region_code) AND indeling = 0"
            " AND (? IS NULL OR list_contains(?, indicator))",
            [areas, indicators, indicators],
        )

    def ratio_sums(
        self, table: str, measures: list[str], codes: list[str], indeling: int, period: int
    ) -> dict[str, tuple[float, int]]:
        """Per measure of a table, the sum and count of yearly values over the given areas."""
        rows = self.con.execute(
            "SELECT measure, sum(value), count(value) FROM observations WHERE table_id = ?"
            " AND indeling = ? AND period = ? AND period_type = 'jaar'"
            " AND list_contains(?, region_code) AND list_contains(?, measure) GROUP BY measure",
            [table, indeling, period, codes, measures],
        ).fetchall()
        return {m: (s, n) for m, s, n in rows}

    def sources(self) -> dict[str, Source]:
        """Every loaded table, by snapshot id."""
        if self._tables is None:
            rows = self._rows(f"SELECT {_SOURCE_COLUMNS} FROM source_tables ORDER BY table_id")
            self._tables = {r["table_id"]: stored.source(r) for r in rows}
        return self._tables

    def source(self, table_id: str) -> Source:
        return self.sources()[table_id]

    # --- values ----------------------------------------------------------------------------

    def value(
        self,
        indicator_id: str,
        area: str,
        period: int,
        since: int | None = None,
        indeling: int | None = None,
    ) -> ValueAnswer:
        """One value with its unit and source; a missing value says why."""
        ind = self.indicator(indicator_id)
        region = self.area(area, indeling)
        self._check_period(ind, period)
        if since is not None:
            self._check_period(ind, since)
        before = self._reading(ind, region, since) if since is not None else None
        return ValueAnswer(ind, region, self._reading(ind, region, period), before)

    def _check_period(self, ind: Indicator, period: int) -> None:
        if ind.unavailable:
            return
        span = self.con.execute(
            "SELECT min(period), max(period) FROM indicator_values"
            " WHERE indicator = ? AND value IS NOT NULL",
            [ind.id],
        ).fetchone()
        first, last = span if span else (None, None)
        if first is None or not first <= period <= last:
            years = f"{first}–{last}" if first is not None else "geen"
            raise SocialeStaatError(
                f"periode {period} valt buiten de data van '{ind.id}' (beschikbaar: {years})"
            )

    def _reading(self, ind: Indicator, region: Area, period: int) -> Reading:
        rows = self._cells(
            "SELECT * FROM indicator_values WHERE indicator = ? AND region_code = ?"
            " AND indeling = ? AND period = ?",
            [ind.id, region.code, region.indeling, period],
        )
        row = rows[0] if rows else None
        if row is None:
            reason = self.why_missing(ind, region, period, None)
            return Reading(period, None, None, None, "ontbreekt", None, reason)
        why = self.why_missing(ind, region, period, row) if row.value is None else None
        source = self.source(row.table_id)
        return Reading(period, row.value, row.lower, row.upper, row.status, source, why)

    def why_missing(self, ind: Indicator, region: Area, period: int, row: Cell | None) -> str:
        """Say, in Dutch, why there is no value: never just an empty cell."""
        if ind.unavailable:
            return reasons_in_words.unavailable(ind.unavailable)
        if region.level not in ind.levels:
            return f"niet beschikbaar op niveau {region.level} (alleen {', '.join(ind.levels)})"
        if region.indeling:
            other = self.con.execute(
                "SELECT v.indeling, r.name FROM indicator_values v JOIN regions r"
                " ON r.code = v.region_code AND r.indeling = v.indeling"
                " WHERE v.indicator = ? AND v.region_code = ? AND v.period = ? AND v.indeling <> ?"
                " AND v.value IS NOT NULL",
                [ind.id, region.code, period, region.indeling],
            ).fetchone()
            if row is None and other is not None:
                return (
                    f"niet vergelijkbaar: indeling gewijzigd — er is een waarde voor {region.code}"
                    f" in de wijk- en buurtindeling van {other[0]} ({other[1]}), een ander gebied dan"
                    f" {region.name} in de indeling van {region.indeling}"
                )
        if row is not None:
            return reasons_in_words.empty(row, period)
        return reasons_in_words.from_sources(ind, region, period, self.sources())

    # --- status ----------------------------------------------------------------------------

    def status_brief(self) -> str:
        """When the warehouse was built, for page footers."""
        row = self.con.execute("SELECT built_at FROM build").fetchone()
        return str(row[0]) if row else ""

    def status(self) -> WarehouseStatus:
        build = self._rows("SELECT * FROM build")[0]
        tables = []
        for t in self._rows(
            f"SELECT {_SOURCE_COLUMNS}, row_count, observations, levels, unplaced_regions"
            " FROM source_tables ORDER BY table_id"
        ):
            unplaced = json.loads(t["unplaced_regions"])
            years = sorted({int(p[:4]) for p in t["periods"] if p[:4].isdigit()})
            tables.append(
                TableStatus(
                    stored.source(t),
                    t["row_count"],
                    t["observations"],
                    stored.span(years),
                    json.loads(t["levels"]),
                    len(unplaced),
                    tuple(sorted(unplaced)[:5]),
                )
            )
        coverage = self._rows(
            "SELECT i.id AS indicator, i.unavailable, count(v.value) AS values,"
            " min(v.period) FILTER (v.value IS NOT NULL) AS first_period,"
            " max(v.period) FILTER (v.value IS NOT NULL) AS last_period,"
            " count(DISTINCT v.region_code) FILTER (v.region_level = 'gemeente'"
            "   AND v.value IS NOT NULL) AS gemeenten"
            " FROM indicators i LEFT JOIN indicator_values v ON v.indicator = i.id"
            " GROUP BY ALL ORDER BY any_value(i.position)"
        )
        observations = self.con.execute("SELECT count(*) FROM observations").fetchone()
        return WarehouseStatus(
            str(self.path),
            build["built_at"],
            int(observations[0]) if observations else 0,
            tuple(tables),
            tuple(Coverage(**c) for c in coverage),
        )

