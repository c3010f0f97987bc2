"""The one read layer over the warehouse: every output (CLI, report, dashboard) asks here."""

import difflib
import json
import re
from pathlib import Path
from typing import Any

import duckdb

from sociale_staat.core.errors import NotBuilt, SocialeStaatError, UnknownArea, UnknownIndicator
from sociale_staat.core.regions import CODE, normalise_code

_LABEL = re.compile(r"^(.*) \((gemeente|GM|PV|LD|CR)\)$")
_LABEL_LEVELS = {
    "gemeente": "gemeente",
    "GM": "gemeente",
    "PV": "provincie",
    "LD": "landsdeel",
    "CR": "corop",
}


class Warehouse:
    """A read-only connection to a built warehouse."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise NotBuilt(f"geen warehouse op {path}: voer eerst 'sociale-staat build' uit")
        self.path = path
        self.con = duckdb.connect(str(path), read_only=True)
        self._tables: dict[str, dict[str, Any]] | None = None

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # --- catalogue -------------------------------------------------------------------------

    def indicators(self, theme: str | None = None) -> list[dict[str, Any]]:
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
        for row in rows:
            row["sources"] = json.loads(row["sources"])
        return rows

    def indicator(self, indicator_id: str) -> dict[str, Any]:
        rows = self._rows("SELECT * FROM indicators WHERE id = ?", [indicator_id])
        if not rows:
            ids = [r["id"] for r in self._rows("SELECT id FROM indicators ORDER BY id")]
            close = difflib.get_close_matches(indicator_id, ids, n=3, cutoff=0.6)
            hint = f" Bedoelt u: {', '.join(close)}?" if close else ""
            raise UnknownIndicator(
                f"onbekende indicator '{indicator_id}'.{hint} Zie 'sociale-staat indicators'."
            )
        row = rows[0]
        row["sources"] = json.loads(row["sources"])
        return row

    # --- areas -----------------------------------------------------------------------------

    def area(self, text: str, indeling: int | None = None) -> dict[str, Any]:
        """An area by CBS code, 'NL'/'Nederland', or an unambiguous name ('Almere').

        A wijk or buurt code is taken in the given indeling, by default the newest one it has.
        """
        code = normalise_code(text.upper()) if CODE.match(text.strip().upper()) else None
        if code:
            rows = self._rows("SELECT * FROM regions WHERE code = ? ORDER BY indeling DESC", [code])
            if not rows:
                raise UnknownArea(f"onbekende gebiedscode '{text}': niet in de geladen data")
            if indeling is not None and rows[0]["indeling"]:
                chosen = [r for r in rows if r["indeling"] == indeling]
                if not chosen:
                    known = ", ".join(str(r["indeling"]) for r in rows)
                    raise UnknownArea(
                        f"{code} komt niet voor in de indeling van {indeling} (wel in: {known})"
                    )
                return chosen[0]
            return rows[0]
        name = re.sub(r"\s+", " ", text).strip()
        level = None
        if m := _LABEL.match(name):  # StatLine labels: "Utrecht (gemeente)", "Utrecht (PV)"
            name, level = m[1], _LABEL_LEVELS[m[2]]
        rows = self._rows(
            "SELECT * FROM regions WHERE lower(name) = lower(?) AND (? IS NULL OR level = ?)"
            " ORDER BY code",
            [name, level, level],
        )
        if len(rows) == 1:
            return rows[0]
        if len(rows) > 1:
            options = ", ".join(f"{r['name']} ({r['level']}, {r['code']})" for r in rows)
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

    def small_areas(self, gemeente_code: str) -> list[dict[str, Any]]:
        """Wijken and buurten of a gemeente in its newest indeling, wijken first."""
        return self._rows(
            "SELECT * FROM regions WHERE gemeente_code = ? AND level IN ('wijk', 'buurt')"
            " AND indeling = (SELECT max(indeling) FROM regions WHERE gemeente_code = ?)"
            " ORDER BY level DESC, code",
            [gemeente_code, gemeente_code],
        )

    def neighbourhood_cells(
        self, indicators: list[str], gemeente_code: str, indeling: int
    ) -> list[dict[str, Any]]:
        """Yearly cells of the gemeente's wijken and buurten (one indeling), the gemeente and NL."""
        return self._rows(
            "SELECT indicator, region_code, indeling, period, value, lower, upper, status"
            " FROM indicator_values WHERE list_contains(?, indicator)"
            " AND ((indeling = ? AND region_code LIKE ?)"
            " OR (indeling = 0 AND list_contains(?, region_code)))",
            [indicators, indeling, f"__{gemeente_code[2:]}%", [gemeente_code, "NL"]],
        )

    def find_areas(self, text: str, limit: int = 30) -> list[dict[str, Any]]:
        """Areas whose name contains `text` or whose code is `text`, gemeenten first."""
        return self._rows(
            "SELECT * FROM regions WHERE name ILIKE ? OR code = upper(?)"
            " ORDER BY level = 'gemeente' DESC, name LIMIT ?",
            [f"%{text}%", text, limit],
        )

    def gemeenten(self) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM regions WHERE level = 'gemeente' ORDER BY name")

    def gemeenten_in(self, year: int) -> set[str]:
        """Gemeenten of the indeling of `year` (the nearest Gebieden-in-Nederland edition)."""
        editions = sorted({y for r in self.gemeenten() for y in (r["indelingen"] or [])})
        if not editions:
            return {r["code"] for r in self.gemeenten()}
        edition = min(editions, key=lambda y: (abs(y - year), -y))
        return {r["code"] for r in self.gemeenten() if edition in (r["indelingen"] or [])}

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

    def series(self, areas: list[str], indicators: list[str] | None = None) -> list[dict[str, Any]]:
        """All yearly cells of the given areas (and indicators), in one query."""
        return self._rows(
            "SELECT indicator, region_code, period, value, lower, upper, status, table_id"
            " FROM indicator_values WHERE list_contains(?, region_code) AND indeling = 0"
            " AND (? IS NULL OR list_contains(?, indicator))",
            [areas, indicators, indicators],
        )

    def sources(self) -> dict[str, dict[str, Any]]:
        rows = self._rows(
            "SELECT table_id, cbs_table, title, publisher, licence, exported, partial, gaps"
            " FROM source_tables"
        )
        return {r["table_id"]: r for r in rows}

    # --- values ----------------------------------------------------------------------------

    def value(
        self,
        indicator_id: str,
        area: str,
        period: int,
        since: int | None = None,
        indeling: int | None = None,
    ) -> dict[str, Any]:
        """One value with its unit and source; a missing value says why."""
        ind = self.indicator(indicator_id)
        region = self.area(area, indeling)
        self._check_period(ind, period)
        if since is not None:
            self._check_period(ind, since)
        answer = {
            "indicator": ind["id"],
            "title": ind["title"],
            "area": {
                "code": region["code"],
                "name": region["name"],
                "level": region["level"],
                "indeling": region["indeling"] or None,
            },
            "unit": ind["unit"],
            "decimals": ind["decimals"],
            **self._cell(ind, region, period),
        }
        if since is not None:
            before = self._cell(ind, region, since)
            answer["since"] = since
            answer["since_value"] = before["value"]
            answer["since_source"] = before["source"]
            if before["value"] is None:
                answer["since_reason"] = before.get("reason")
            if answer["value"] is not None and before["value"] is not None:
                answer["change_abs"] = answer["value"] - before["value"]
                answer["change_pct"] = (
                    100 * answer["change_abs"] / before["value"] if before["value"] else None
                )
            else:
                answer["change_abs"] = answer["change_pct"] = None
        return answer

    def _check_period(self, ind: dict[str, Any], period: int) -> None:
        if ind["unavailable"]:
            return
        span = self.con.execute(
            "SELECT min(period), max(period) FROM indicator_values"
            " WHERE indicator = ? AND value IS NOT NULL",
            [ind["id"]],
        ).fetchone()
        first, last = span if span else (None, None)
        if first is None or not first <= period <= last:
            years = f"{first}–{last}" if first is not None else "geen"
            raise SocialeStaatError(
                f"periode {period} valt buiten de data van '{ind['id']}' (beschikbaar: {years})"
            )

    def _cell(self, ind: dict[str, Any], region: dict[str, Any], period: int) -> dict[str, Any]:
        rows = self._rows(
            "SELECT * FROM indicator_values WHERE indicator = ? AND region_code = ?"
            " AND indeling = ? AND period = ?",
            [ind["id"], region["code"], region.get("indeling", 0), period],
        )
        row = rows[0] if rows else None
        cell: dict[str, Any] = {
            "period": period,
            "value": row["value"] if row else None,
            "lower": row["lower"] if row else None,
            "upper": row["upper"] if row else None,
            "status": row["status"] if row else "ontbreekt",
            "source": self.source(row["table_id"]) if row else None,
        }
        if cell["value"] is None:
            cell["reason"] = self.why_missing(ind, region, period, row)
        return cell

    def source(self, table_id: str) -> dict[str, Any]:
        row = self._rows(
            "SELECT table_id, cbs_table, title, publisher, licence, exported, snapshot_created,"
            " source_file FROM source_tables WHERE table_id = ?",
            [table_id],
        )[0]
        return row

    def _source_tables(self) -> dict[str, dict[str, Any]]:
        if self._tables is None:
            rows = self._rows("SELECT * FROM source_tables")
            self._tables = {r["table_id"]: r for r in rows}
        return self._tables

    def why_missing(
        self, ind: dict[str, Any], region: dict[str, Any], period: int, row: dict[str, Any] | None
    ) -> str:
        """Say, in Dutch, why there is no value: never just an empty cell."""
        if ind["unavailable"]:
            return str(ind["unavailable"])
        if region["level"] not in ind["levels"]:
            return (
                f"niet beschikbaar op niveau {region['level']} (alleen {', '.join(ind['levels'])})"
            )
        if region.get("indeling"):
            other = self.con.execute(
                "SELECT v.indeling, r.name FROM indicator_values v JOIN regions r"
                " ON r.code = v.region_code AND r.indeling = v.indeling"
                " WHERE v.indicator = ? AND v.region_code = ? AND v.period = ? AND v.indeling <> ?"
                " AND v.value IS NOT NULL",
                [ind["id"], region["code"], period, region["indeling"]],
            ).fetchone()
            if row is None and other is not None:
                return (
                    f"niet vergelijkbaar: indeling gewijzigd — er is een waarde voor {region['code']}"
                    f" in de wijk- en buurtindeling van {other[0]} ({other[1]}), een ander gebied dan"
                    f" {region['name']} in de indeling van {region['indeling']}"
                )
        if row is not None:
            table = row["table_id"]
            if row["status"] == "geheim":
                return f"geheim in bron (tabel {table}): CBS publiceert deze waarde niet"
            return f"leeg in bron (tabel {table}): geen waarde gepubliceerd voor {period}"
        reasons = []
        tables = self._source_tables()
        for source in ind["sources"]:
            t = tables[source["table"]]
            years = sorted({int(p[:4]) for p in t["periods"] if p[:4].isdigit()})
            levels = source.get("levels") or ind["levels"]
            if region["level"] not in levels:
                continue
            if period not in years:
                reasons.append(f"tabel {t['table_id']} dekt {years[0]}–{years[-1]}")
            elif t["partial"]:
                gap = t["gaps"][0].removeprefix("partieel: ") if t["gaps"] else ""
                reasons.append(f"niet in bundel: tabel {t['table_id']} is partieel — {gap}")
            else:
                reasons.append(f"{region['name']} komt niet voor in tabel {t['table_id']}")
        return "; ".join(reasons) or "geen bron voor dit gebied"

    # --- status ----------------------------------------------------------------------------

    def status_brief(self) -> str:
        """When the warehouse was built, for page footers."""
        row = self.con.execute("SELECT built_at FROM build").fetchone()
        return str(row[0]) if row else ""

    def status(self) -> dict[str, Any]:
        build = self._rows("SELECT * FROM build")[0]
        tables = self._rows(
            "SELECT table_id, cbs_table, title, publisher, licence, exported, row_count,"
            " observations, periods, levels, partial, gaps, unplaced_regions"
            " FROM source_tables ORDER BY table_id"
        )
        for t in tables:
            t["levels"] = json.loads(t["levels"])
            unplaced = json.loads(t["unplaced_regions"])
            t["unplaced_regions"] = len(unplaced)
            t["unplaced_examples"] = sorted(unplaced)[:5]
            years = sorted({int(p[:4]) for p in t["periods"] if p[:4].isdigit()})
            t["periods"] = _span(years)
        coverage = self._rows(
            "SELECT i.id AS indicator, i.unavailable, count(v.value) AS values,"
            " min(v.period) FILTER (v.value IS NOT NULL) AS first_period,"
            " max(v.period) FILTER (v.value IS NOT NULL) AS last_period,"
            " count(DISTINCT v.region_code) FILTER (v.region_level = 'gemeente'"
            "   AND v.value IS NOT NULL) AS gemeenten"
            " FROM indicators i LEFT JOIN indicator_values v ON v.indicator = i.id"
            " GROUP BY ALL ORDER BY any_value(i.position)"
        )
        return {
            "warehouse": str(self.path),
            "built_at": build["built_at"],
            "observations": self.con.execute("SELECT count(*) FROM observations").fetchone()[0],  # type: ignore[index]
            "tables": tables,
            "indicators": coverage,
        }


def _span(years: list[int]) -> str:
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
