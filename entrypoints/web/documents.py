"""JSON documents only the web app shows; the rest come from ``studiobook.entrypoints.cli.render`` so the
CLI and the API describe a thing the same way."""

from __future__ import annotations

from typing import Any

from studiobook.entrypoints.cli.render import assignment_json, slot_json


def stats_json(stats) -> dict[str, Any]:
    return {
        "counts": dict(stats.counts),
        "wodify": {
            "health": stats.wodify_health,
            "reason": stats.wodify_reason,
            "configured": stats.wodify_configured,
        },
    }


def matrix_json(company_id, matrix) -> dict[str, Any]:
    return {
        "company_id": company_id,
        "staff": [{"id": m.id, "name": m.name, "branch_id": m.branch_id, "active": m.active} for m in matrix.staff],
        "event_types": [{"id": t.id, "name": t.name, "active": t.active} for t in matrix.event_types],
        "offered": [assignment_json(a) for a in matrix.assignments.values()],
    }


def availability_json(answer) -> dict[str, Any]:
    return {
        "event_type_id": answer.event_type_id,
        "fallback_used": answer.fallback_used,
        "degraded": bool(getattr(answer, "degraded", False)),  # Cal.com failed: local data only
        "slots": [slot_json(s) for s in answer.slots],
        # date -> why the company is closed that day ("public holiday (Christmas Day)")
        "closed": {d.isoformat(): why for d, why in sorted(getattr(answer, "closed", {}).items())},
    }
