"""The OpenAPI documents: the whole API's for token holders, the public booking API's for all.

The admin schema names every admin route and the webhook — a map of the attack surface — so it
is served only with a valid bearer token (``/openapi.json``). Customers' developers need the
public part without a token: ``/api/v1/openapi.json`` holds only the routes under ``/api/v1``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse

from studiobook.entrypoints.web.deps import ApiCaller

PUBLIC_PREFIX = "/api/v1/"

router = APIRouter(include_in_schema=False)


@router.get("/openapi.json")
def admin_schema(request: Request, caller: ApiCaller) -> JSONResponse:
    """Every documented route (admin, webhooks and the public booking API)."""
    return JSONResponse(request.app.openapi())


@router.get("/api/v1/openapi.json")
def public_schema(request: Request) -> JSONResponse:
    """The public booking API only; no token."""
    return JSONResponse(_public(request.app))


def _public(app: FastAPI) -> dict[str, Any]:
    """The full schema cut to the public paths and the components they reference; built once
    per app, like FastAPI's own."""
    if getattr(app.state, "public_openapi", None) is None:
        full = app.openapi()
        paths = {p: ops for p, ops in full["paths"].items() if p.startswith(PUBLIC_PREFIX)}
        schemas = full.get("components", {}).get("schemas", {})
        used: set[str] = set()
        pending = _references(paths)
        while pending:
            name = pending.pop()
            if name not in used and name in schemas:
                used.add(name)
                pending |= _references(schemas[name])
        app.state.public_openapi = {
            **full,
            "info": {**full["info"], "title": f"{app.title}: public booking API",
                     "description": "Customers book courses and appointments without a token."},
            "paths": paths,
            "components": {"schemas": {name: schemas[name] for name in sorted(used)}},
        }
    return app.state.public_openapi


def _references(node: Any) -> set[str]:
    """The component schema names a part of the document points to."""
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[-1]} if isinstance(node.get("$ref"), str) else set()
        for value in node.values():
            found |= _references(value)
        return found
    if isinstance(node, list):
        return set().union(*(_references(item) for item in node)) if node else set()
    return set()
