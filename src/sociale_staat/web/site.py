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
from sociale_staat.analysis.peers import focus_area, group_names, resolve
from sociale_staat.analysis.results import Benchmark, IndicatorBenchmark
from sociale_staat.core import paths, settings
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.core.formatting import format_number
from sociale_staat.warehouse import precompute
from sociale_staat.warehouse.index import ValueIndex
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.warehouse.records import Area, attribution
from sociale_staat.web.http import NotFound
from sociale_staat.web.i18n import translate

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
        first = self.db()
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
        self.cache = Cache(settings.get_int("cache_size"))
        self.env = Environment(
            loader=PackageLoader("sociale_staat.web", "templates"),
            autoescape=select_autoescape(["html"]),
        )
        self.env.globals.update(
            _=translate,  # Dutch text in the request's language (web/i18n)
            fmt=lambda v, d=1: format_number(v, d) if v is not None else "–",
            built=self.built,
            attribution=attribution(list(self.sources.values())),
        )
        for name in self.env.list_templates():  # compiled now, not on a visitor's first page
            self.env.get_template(name)

    def db(self) -> Warehouse:
        """This thread's read-only connection (DuckDB connections are not shared by threads)."""
        warehouse: Warehouse | None = getattr(self.local, "warehouse", None)
        if warehouse is None:
            warehouse = self.local.warehouse = self.first.cursor()
        return warehouse

    def page(self, name: str, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.env.get_template(name).render(**context))

    def focus(self, text: str) -> Area:
        area = self.index.area(text)
        return area if area.level == "gemeente" else focus_area(self.db(), area.code)

    def benchmark(self, focus: str, group: str | Enum) -> Benchmark:
        """The stored benchmark of a gemeente and declared group; computed (once, then kept)
        only for a group the build did not precompute."""
        name = group.value if isinstance(group, Enum) else group
        code = self.focus(focus).code
        return self.cache.get(("bench", code, name), lambda: self._benchmark(code, name))

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
        return {"focus": b.group.focus, "group": b.group, "qs": qs, "themes": THEMES}

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
