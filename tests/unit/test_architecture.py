"""Dependencies point inward: domain <- application <- adapters / entrypoints (SPEC 1), and every
import of our own code names it as installed (``studiobook.<layer>``), never by its folder."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STANDARD_LIBRARY = frozenset(sys.stdlib_module_names)
LAYERS = ("domain", "application", "adapters", "entrypoints")


def imported_modules(source: str) -> set[str]:
    """Absolute module names a source imports (relative imports stay inside the package)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def origin(module: str) -> str:
    """``domain``/``application``/... for our own layers, else the module's top-level name;
    a layer imported by its bare folder name is reported as ``bare:<layer>``."""
    parts = module.split(".")
    if parts[0] == "studiobook" and len(parts) > 1:
        return parts[1]
    return f"bare:{parts[0]}" if parts[0] in LAYERS else parts[0]


def violations(package: str, allowed) -> list[str]:
    """``file: module`` for every import in ``package`` whose origin is not allowed."""
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"no Python files under {package}/"
    return [
        f"{path.relative_to(ROOT)}: {module}"
        for path in files
        for module in sorted(imported_modules(path.read_text(encoding="utf-8")))
        if not allowed(origin(module))
    ]


def domain_may_import(origin_name: str) -> bool:
    return origin_name in STANDARD_LIBRARY or origin_name == "domain"


def test_domain_imports_only_the_standard_library_and_itself():
    assert violations("domain", domain_may_import) == []


def test_application_imports_no_adapter_and_no_entrypoint():
    assert violations("application", lambda o: not o.startswith("bare:") and o not in {"adapters", "entrypoints"}) == []


def test_adapters_import_no_entrypoint():
    assert violations("adapters", lambda o: not o.startswith("bare:") and o != "entrypoints") == []


@pytest.mark.parametrize("folder", ["entrypoints", "tests", "bench", "examples"])
def test_nobody_imports_a_layer_by_its_folder_name(folder):
    # ``import domain`` would work from a checkout and break in a host application's process.
    assert violations(folder, lambda o: not o.startswith("bare:")) == []


def test_the_public_api_imports_nothing_from_entrypoints_or_adapters():
    # The embedder's one module: it may not drag in the CLI or the web app, nor pin an adapter.
    source = (ROOT / "application" / "api.py").read_text(encoding="utf-8")
    origins = {origin(module) for module in imported_modules(source)}
    assert "application" in origins, "application/api.py imports nothing of studiobook?"
    assert origins & {"entrypoints", "adapters"} == set()


def test_the_example_plugin_imports_only_the_application_layer_of_studiobook():
    # A third-party plugin builds on ports, hooks and domain values, never on internals.
    assert violations(
        "examples/studiobook-ics-calendar",
        lambda o: not o.startswith("bare:") and o not in {"adapters", "entrypoints"},
    ) == []


@pytest.mark.parametrize(
    ("source", "bad"),
    [
        ("import sqlalchemy", {"sqlalchemy"}),
        ("from pluggy import HookimplMarker", {"pluggy"}),
        ("import os, httpx.client", {"httpx.client"}),
        ("from studiobook.application.ports import Clock", {"studiobook.application.ports"}),
        ("from domain.shared.errors import X", {"domain.shared.errors"}),  # by folder name: never
        ("def f():\n    import click\n", {"click"}),
        ("from . import courses\nfrom .errors import DomainError\nimport datetime", set()),
        ("from __future__ import annotations\nfrom studiobook.domain.shared.errors import X", set()),
    ],
)
def test_the_checker_itself_flags_non_standard_imports(source, bad):
    flagged = {m for m in imported_modules(source) if not domain_may_import(origin(m))}
    assert flagged == bad
