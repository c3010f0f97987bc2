"""What every router reads: the warehouse (one connection per thread), the in-memory value
index, the precomputed benchmarks, the templates and a bounded cache keyed by normalised,
validated parameters (never the raw URL, so junk parameters add no entries).
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from sociale_staat.analysis.benchmark import run
from sociale_staat.analysis.peers import SIMILAR_GROUP, focus_area, group_names, resolve
from sociale_staat.analysis.results import Benchmark, IndicatorBenchmark
from sociale_staat.core import paths, settings
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.core.formatting import format_number
from sociale_staat.declarations.catalogue import Catalogue
from sociale_staat.declarations.taxonomy import Taxonomy
from sociale_staat.report.notes import reader_words
from sociale_staat.warehouse import precompute
from sociale_staat.warehouse.index import ValueIndex
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.warehouse.records import Area, Indicator, attribution
from sociale_staat.web import english, views
from sociale_staat.web.choice import GroupChoice, choose_group
from sociale_staat.web.finder import Finder
from sociale_staat.web.http import NotFound
from sociale_staat.web.i18n import current, translate
from sociale_staat.web.library import Library

T = TypeVar("T")


class Cache:
    """A thread-safe LRU of finished answers; values are pure functions of the read-only
    warehouse, so nothing ever needs invalidating while serving."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[Any, ...], make: Callable[[], T]) -> T:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                found: T = self.items[key]
                return found
        value = make()  # outside the lock: two threads may both make it, both get the same
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


class Site:
    def __init__(self, warehouse_path: Path) -> None:
        self.path = warehouse_path
        # Every connection of this site reads the file as it was when the site opened, even
        # after a new build is renamed over the name (web/reload.py): a thread that connects
        # later must not see the new build next to an index made from the old one.
        self.first = Warehouse.own(warehouse_path)
        self.local = threading.local()
        self.cursors: list[Warehouse] = []  # every thread's, to close at shutdown
        self.lock = threading.Lock()
        # This one is kept by the routers made at start-up (web/app.py); it lives as long as
        # the site. The other threads' connections are closed at shutdown (`close`).
        first = self.local.warehouse = self.first.cursor()
        # DuckDB imports pandas on the first query with parameters: 0.6 s holding the
        # interpreter lock, which was a visitor's first page (and every request meanwhile).
        first.con.execute("SELECT ?", [0]).fetchall()
        self.built = first.status_brief()
        self.index = ValueIndex(first, self.db)
        self.indicators = self.index.indicators
        self.sources = first.sources()
        self.groups = group_names(paths.peer_groups_dir())
        has_table = first.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'benchmarks'"
        ).fetchone()
        self.stored = precompute.payloads(first.con) if has_table and has_table[0] else {}
        # Gemeenten with wijken: the others need no neighbourhood work on their pages.
        self.with_wijken = {
            a.gemeente_code for a in self.index.regions.values() if a.level == "wijk"
        }
        self.gemeenten = first.gemeenten()  # of every indeling; kept for the national pages
        self.cache = Cache(settings.get_int("cache_size"))
        self.library = Library()  # the kennisbank, opened on first use
        self.finder = self._finder()
        self.env = Environment(
            loader=PackageLoader("sociale_staat.web", "templates"),
            autoescape=select_autoescape(["html"]),
        )
        # English titles where an indicator declares one (`title_en:` in indicators/*.yml).
        self.titles_en = {
            i.id: i.title_en for i in Catalogue.load(paths.indicators_dir()) if i.title_en
        }
        self.env.globals.update(
            indicator_title=self.title,
            said=lambda item, gaps=True: english.said(item, current.get(), self.titles_en, gaps),
            verdict=views.verdict,
            _=translate,  # Dutch text in the request's language (web/i18n)
            lang=current.get,
            fmt=self.number,
            built=self.built,
            attribution=attribution(list(self.sources.values())),
        )
        self.env.filters["reader"] = reader_words  # declarations' wording, in reader words
        for name in self.env.list_templates():  # compiled now, not on a visitor's first page
            self.env.get_template(name)

    @staticmethod
    def number(value: float | None, decimals: int = 1) -> str:
        """A number the way the page's language writes it (12.345,6 or 12,345.6); – if none."""
        if value is None:
            return "–"
        return english.number(value, decimals) if current.get() == "en" else format_number(value, decimals)

    def title(self, indicator: Indicator) -> str:
        """The indicator's title in the page's language (Dutch where no English is declared)."""
        if current.get() == "en":
            return self.titles_en.get(indicator.id, indicator.title)
        return indicator.title

    def _finder(self) -> Finder:
        from sociale_staat.declarations.catalogue import THEMES

        return Finder(self.indicators.values(), Taxonomy(paths.taxonomy_dir()), THEMES)

    def close(self) -> None:
        """Close every thread's connection (DuckDB can abort the process at exit while a thread
        still holds an open one, duckdb/duckdb#13904). The site stays usable: a thread that
        asks again gets a new connection to the same build (an app can be started again)."""
        with self.lock:
            cursors, self.cursors, self.local = self.cursors, [], threading.local()
        for warehouse in cursors:
            warehouse.con.close()

    def db(self) -> Warehouse:
        """This thread's read-only connection (DuckDB connections are not shared by threads)."""
        warehouse: Warehouse | None = getattr(self.local, "warehouse", None)
        if warehouse is None:
            warehouse = self.local.warehouse = self.first.cursor()
            with self.lock:
                self.cursors.append(warehouse)
        return warehouse

    def page(self, name: str, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.env.get_template(name).render(**context))

    def focus(self, text: str) -> Area:
        area = self.index.area(text)
        return area if area.level == "gemeente" else focus_area(self.db(), area.code)

    def benchmark(self, focus: str, group: str | Enum | None = None) -> Benchmark:
        """The stored benchmark of a gemeente and declared group; computed (once, then kept)
        only for a group the build did not precompute. Without a group: the group that fits
        the focus (`group_for`)."""
        code = self.focus(focus).code
        if group is None:
            name = self.group_for(code).name
        else:
            name = group.value if isinstance(group, Enum) else group
        return self.cache.get(("bench", code, name), lambda: self._benchmark(code, name))

    def group_for(self, code: str) -> "GroupChoice":
        """The peer group a gemeente gets when none is asked for, and why: the default group
        for the default focus, a list group declared for this focus, else the structurally
        most similar gemeenten; never silently another city's group."""
        # The build knows whether the similar group can be formed (stored benchmark or refusal).
        stored = self.stored.get((code, SIMILAR_GROUP))
        built = None if stored is None else ("" if stored[0] is not None else stored[1])
        titles = {i.id: i.title for i in self.indicators.values()}
        return self.cache.get(
            ("group-for", code), lambda: choose_group(self.db(), code, titles, built)
        )

    def item_in_year(self, b: Benchmark, indicator: str, year: int | None) -> IndicatorBenchmark:
        """The benchmark of one indicator in a chosen year (the stored one for its own year)."""
        item = self.item(b, indicator)
        if year is None or year == item.period:
            return item
        key = ("bench-year", b.group.focus.code, b.group.name, indicator, year)
        return self.cache.get(key, lambda: self._in_year(b, indicator, year))

    def _in_year(self, b: Benchmark, indicator: str, year: int) -> IndicatorBenchmark:
        theme = self.indicators[indicator].theme
        again = run(self.db(), b.group, theme=theme, period=year)
        return self.item(again, indicator)

    def _benchmark(self, code: str, name: str) -> Benchmark:
        db = self.db()
        if self.stored:
            area = self.focus(code)
            stored = precompute.load(self.stored, area, name, self.indicators, self.sources)
            if stored is not None:
                if stored.benchmark is None:
                    raise SocialeStaatError(stored.refusal or "geen vergelijking mogelijk")
                return stored.benchmark
        return run(db, resolve(db, paths.peer_groups_dir(), name, code))

    def item(self, b: Benchmark, indicator: str) -> IndicatorBenchmark:
        if indicator not in self.indicators:
            self.db().indicator(indicator)  # the Dutch 404 with suggestions
        found = next((i for i in b.items if i.id == indicator), None)
        if found is None:
            raise NotFound(f"indicator '{indicator}' heeft geen gemeentewaarden om te vergelijken")
        return found

    def context(self, b: Benchmark) -> dict[str, Any]:
        from sociale_staat.declarations.catalogue import THEMES

        qs = f"focus={b.group.focus.code}&groep={b.group.name}"
        chosen = self.group_for(b.group.focus.code)
        reason = chosen.reason if chosen.name == b.group.name else ""
        return {
            "focus": b.group.focus,
            "group": b.group,
            "qs": qs,
            "themes": THEMES,
            "group_reason": reason,
        }

    def hoods(self, code: str) -> Any:
        from sociale_staat.analysis.neighbourhoods import for_gemeente

        return self.cache.get(("hoods", code), lambda: for_gemeente(self.db(), code))

    def wijken(self, code: str, indicator: str) -> tuple[Any, list[Any]]:
        if code not in self.with_wijken:
            return None, []
        try:
            hoods = self.hoods(code)
        except SocialeStaatError:
            return None, []
        if indicator not in hoods.indicators:
            return hoods, []
        return hoods, hoods.level("wijk")


def site_of(request: Request) -> Site:
    site: Site = request.app.state.site
    return site
