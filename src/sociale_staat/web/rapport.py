"""The report page: each gemeente's latest "De sociale staat van …" for download (PDF, HTML,
Word) with the date it was made and the command that makes it again.

The files are found by listing the report folder (`<home>/rapport`, where `make demo` writes)
and matching their names against the gemeenten of the warehouse; a download looks its file up
in that set by gemeente code and format, never by a name from the request. The folder is
listed again only when it changed (a new report replaces its files in one step).
"""

import threading
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi import Path as InPath
from fastapi.responses import HTMLResponse, Response

from sociale_staat.analysis.peers import default_group
from sociale_staat.core import paths, settings
from sociale_staat.core.periods import MONTHS
from sociale_staat.report.writing import file_stem
from sociale_staat.warehouse.records import Area
from sociale_staat.web.http import NotFound
from sociale_staat.web.i18n import current, translate
from sociale_staat.web.site import Site

DEFAULT_FOCUS = settings.get("default_focus")


class Rapportformaat(StrEnum):
    pdf = "pdf"
    html = "html"
    docx = "docx"


MEDIA = {
    Rapportformaat.pdf: "application/pdf",
    Rapportformaat.html: "text/html; charset=utf-8",
    Rapportformaat.docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
LABELS = {Rapportformaat.pdf: "PDF", Rapportformaat.html: "HTML", Rapportformaat.docx: "Word"}


@dataclass(frozen=True)
class ReportFile:
    formaat: Rapportformaat
    path: Path
    size: int

    @property
    def label(self) -> str:
        return LABELS[self.formaat]


@dataclass(frozen=True)
class GemeenteReport:
    code: str
    name: str
    built: datetime
    files: tuple[ReportFile, ...]

    def file(self, formaat: Rapportformaat) -> ReportFile | None:
        return next((f for f in self.files if f.formaat is formaat), None)


class Reports:
    """The reports in a folder, per gemeente code; listed again when the folder changes."""

    def __init__(self, folder: Path, gemeenten: list[Area]) -> None:
        self.folder = folder
        # Newest indeling last, so a current gemeente wins over an old one of the same name.
        ordered = sorted(gemeenten, key=lambda a: max(a.indelingen, default=0))
        self.stems = {file_stem(a.name): a for a in ordered}
        self._stamp: int | None = -1
        self._found: dict[str, GemeenteReport] = {}
        self._lock = threading.Lock()

    def found(self) -> dict[str, GemeenteReport]:
        try:
            stamp: int | None = self.folder.stat().st_mtime_ns
        except OSError:
            stamp = None  # no report made yet
        with self._lock:
            if stamp != self._stamp:
                self._found = self._scan() if stamp is not None else {}
                self._stamp = stamp
            return self._found

    def _scan(self) -> dict[str, GemeenteReport]:
        files: dict[str, list[ReportFile]] = {}
        for path in sorted(self.folder.iterdir()):
            formaat = path.suffix.lstrip(".")
            if path.stem in self.stems and formaat in Rapportformaat.__members__ and path.is_file():
                code = self.stems[path.stem].code
                files.setdefault(code, []).append(
                    ReportFile(Rapportformaat(formaat), path, path.stat().st_size)
                )
        out = {}
        for code, found in files.items():
            area = next(a for a in self.stems.values() if a.code == code)
            built = max(datetime.fromtimestamp(f.path.stat().st_mtime) for f in found)
            order = list(Rapportformaat)
            found.sort(key=lambda f: order.index(f.formaat))
            out[code] = GemeenteReport(code, area.name, built, tuple(found))
        return out


def command(site: Site, area: Area) -> str:
    group = default_group(site.db(), paths.peer_groups_dir(), area.code)
    return f"sociale-staat report --focus {area.code} --peers {group} --out var/rapport"


def router(site: Site, folder: Path | None = None) -> APIRouter:
    reports = Reports(folder or paths.report_output(), site.db().gemeenten())
    routes = APIRouter(tags=["rapport"])

    @routes.get("/rapport", response_class=HTMLResponse, summary="Het rapport per gemeente")
    def rapport(focus: Annotated[str, Query(max_length=100)] = DEFAULT_FOCUS) -> Response:
        area = site.focus(focus)
        found = reports.found()
        mine = found.get(area.code)
        stamp = (mine.built.isoformat(), mine.files) if mine else None
        key = ("page", "rapport", area.code, current.get(), stamp, tuple(sorted(found)))
        body: bytes = site.cache.get(key, lambda: _page(site, area, mine, found))
        return HTMLResponse(body)

    @routes.get(
        "/rapport/{code}.{formaat}",
        summary="Het rapport van een gemeente als PDF, HTML of Word",
        response_class=Response,
        responses={200: {"content": {m.split(";")[0]: {} for m in MEDIA.values()}, "description": "Het rapport"}},
    )
    def download(code: Annotated[str, InPath(max_length=20)], formaat: Rapportformaat) -> Response:
        report = reports.found().get(code.upper())
        chosen = report.file(formaat) if report else None
        if report is None or chosen is None:
            raise NotFound(f"voor {code} is geen rapport als {LABELS[formaat]} gemaakt")
        name = f"{file_stem(report.name)}.{formaat.value}"
        return Response(
            chosen.path.read_bytes(),
            media_type=MEDIA[formaat],
            headers={
                "Content-Disposition": f'attachment; filename="{name}"',
                "Cache-Control": "no-cache",
            },
        )

    return routes


def _page(
    site: Site, area: Area, mine: GemeenteReport | None, found: dict[str, GemeenteReport]
) -> bytes:
    others = sorted((r for c, r in found.items() if c != area.code), key=lambda r: r.name)
    context: dict[str, Any] = {
        "title": translate("Rapport: de sociale staat van {gemeente}").format(gemeente=area.name),
        "area": area,
        "report": mine,
        "others": others,
        "command": command(site, area),
        "months": MONTHS,
        "qs": f"focus={area.code}",
    }
    return bytes(site.page("rapport/rapport.html", **context).body)
