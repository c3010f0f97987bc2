"""Dashboard pages of the programmamonitor: the declared programmes, one programme's goal tree
with status in colour and in words, indicator charts with target lines, and the begroting table
as CSV, XLSX and JSON. Programmes are looked up in the declared set, never by a path."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment

from sociale_staat.core import paths, settings
from sociale_staat.programmes import charts, export, progress
from sociale_staat.programmes.model import Programme, UnknownProgramme, get, load_all
from sociale_staat.programmes.payload import to_dict
from sociale_staat.programmes.status import PEERS, Measure, Point, ProgrammeStatus, evaluate
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.web.i18n import translate
from sociale_staat.web.site import Site

MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def router(
    db: Callable[[], Warehouse], env: Environment, folder: Path | None = None
) -> APIRouter:
    """The programme pages over a read-only warehouse; `db` gives the calling thread its own
    connection (DuckDB's are not shared by threads); `folder`: where programmas/*.yml live."""
    where = folder or paths.programmes_dir()
    routes = APIRouter()

    def status_of(programme_id: str, focus: str | None) -> tuple[Programme, ProgrammeStatus]:
        try:
            spec = get(where, programme_id)
        except UnknownProgramme:
            raise HTTPException(404) from None
        code = focus or spec.gemeente or settings.get("default_focus")
        return spec, evaluate(db(), spec, code)

    @routes.get("/programmas", response_class=HTMLResponse, include_in_schema=False)
    def programmas(focus: str | None = None) -> Response:
        # Only a gemeente the warehouse knows is passed on in the links.
        code = db().area(focus).code if focus else None
        programmes = [p for p in load_all(where).values() if p.gemeente in (None, code) or not code]
        html = env.get_template("programmes/list.html").render(
            title=translate("Programmamonitor"), programmes=programmes, focus=code
        )
        return HTMLResponse(html)

    @routes.get("/programma/{programme}", response_class=HTMLResponse, include_in_schema=False)
    def programma(programme: str, focus: str | None = None) -> Response:
        spec, result = status_of(programme, focus)
        figures = _figures(result)
        html = env.get_template("programmes/programme.html").render(
            title=spec.title,
            p=spec,
            s=result,
            figures=figures,
            charted={f["id"] for f in figures},
            peers_label=PEERS,
            legend=_legend(),
            qs=f"focus={result.focus_code}",
        )
        return HTMLResponse(html)

    @routes.get("/data/programma/{name}", include_in_schema=False)
    def download(name: str, focus: str | None = None) -> Response:
        """The begroting table of a programme: <id>.csv, <id>.xlsx or <id>.json."""
        programme, _, suffix = name.rpartition(".")
        if suffix not in MEDIA:
            raise HTTPException(404)
        spec, result = status_of(programme, focus)
        filename = f"{spec.id}-{result.focus_code}.{suffix}"
        headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
        if suffix == "json":
            return JSONResponse(to_dict(result), headers=headers)
        body: bytes | str = export.to_csv(result) if suffix == "csv" else export.to_xlsx(result)
        return Response(body, media_type=MEDIA[suffix], headers=headers)

    @routes.get("/api/programmas/{programme}", tags=["programmamonitor"])
    def api_programma(programme: str, focus: str | None = None) -> dict[str, Any]:
        """Status per doel van een gedeclareerd programma, met Nederland en de peermediaan."""
        return to_dict(status_of(programme, focus)[1])

    return routes


def _figures(result: ProgrammeStatus) -> list[dict[str, Any]]:
    """A chart with its data table for every indicator that has a line to draw."""
    from sociale_staat.render.charts import svg

    out = []
    for goal, m in result.measures():
        spec = charts.spec(m, result.focus_name, translate) if m.kind == "indicator" else None
        if spec is None:
            continue
        picture = svg(spec)
        years = sorted({y for series in m.series.values() for y in series})
        out.append(
            {
                "id": m.id,
                "title": m.title,
                "goal": goal.goal.title,
                "svg": picture[picture.find("<svg") :],
                "alt": charts.alt_text(m, result.focus_name, translate, number(m)),
                "measure": m,
                "rows": [[y, *(m.series[name].get(y) for name in m.series)] for y in years],
                "names": list(m.series),
            }
        )
    return out


def number(measure: Measure) -> Callable[[Point | None], str]:
    """The measure's numbers the way the page's language writes them (web/site.py)."""
    return lambda point: "–" if point is None else Site.number(point.value, measure.decimals)


def _legend() -> list[tuple[str, str]]:
    return [(progress.label(s), progress.tone(s)) for s in progress.LABELS]
