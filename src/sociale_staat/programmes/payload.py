"""A programme's status as plain data, for JSON answers (CLI --json, download and API)."""

from typing import Any

from sociale_staat.programmes import progress
from sociale_staat.programmes.status import GoalStatus, Measure, Point, ProgrammeStatus


def to_dict(status: ProgrammeStatus) -> dict[str, Any]:
    """Plain data for JSON answers (CLI --json and the API)."""
    p = status.programme
    return {
        "programma": p.id,
        "titel": p.title,
        "gemeente": {"code": status.focus_code, "naam": status.focus_name},
        "benchmarkgroep": status.peer_group,
        "document": p.document.model_dump(),
        "telling": status.tally(),
        "doelen": [_goal_dict(g) for g in status.goals],
    }


def _goal_dict(goal: GoalStatus) -> dict[str, Any]:
    return {
        "id": goal.goal.id,
        "titel": goal.goal.title,
        "eigenaar": goal.goal.owner,
        "status": goal.status,
        "oordeel": goal.label,
        "bron": goal.goal.source.model_dump() if goal.goal.source else None,
        "metingen": [_measure_dict(m) for m in goal.measures],
        "subdoelen": [_goal_dict(g) for g in goal.goals],
    }


def _measure_dict(m: Measure) -> dict[str, Any]:
    def point(p: Point | None) -> dict[str, float] | None:
        return {"jaar": p.year, "waarde": p.value} if p else None

    return {
        "soort": m.kind,
        "id": m.id,
        "titel": m.title,
        "status": m.status,
        "oordeel": m.label,
        "toelichting": m.basis,
        "eenheid": m.unit or None,
        "basis": point(m.base),
        "laatste": point(m.latest),
        "doel": m.target.model_dump() if m.target else None,
        "ernaast": [
            {
                "naam": b.name,
                "basis": point(b.base),
                "laatste": point(b.latest),
                "status": b.status,
                "oordeel": progress.label(b.status),
                "toelichting": b.basis,
            }
            for b in m.beside
        ],
        "bronnen": m.sources,
        "gepland": m.due,
        "verslag": m.record.model_dump(mode="json") if m.record else None,
        "vindplaats": m.citation.model_dump() if m.citation else None,
        "opmerking": m.note or None,
    }
