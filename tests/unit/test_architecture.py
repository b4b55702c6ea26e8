"""The written rules of the house, checked on every import statement:

1. Layers point inward: domain <- application <- adapters / entrypoints (SPEC 1); the domain uses
   the standard library only.
2. Our own code is imported as installed (``studiobook.<layer>``), never by its folder name.
3. Rooms (business areas) inside domain/ and application/ import only the rooms in ``ROOMS``:
   an area never reaches into a sibling area, except where named (requests read appointments;
   admin reads every area; the unit of work in ``application/ports.py`` gathers every area's
   repositories). ``shared`` imports no area. An area's use-cases name their own area's unit of
   work, never the composite one in ``application/ports.py``.
4. No import cycles between modules (imports under ``if TYPE_CHECKING:`` do not count).
"""

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


def test_only_the_demo_imports_the_loopback_fakes():
    # adapters/fakes/ are stand-ins for tests and ``serve --demo``: no production adapter, no
    # command but the demo may lean on them.
    found = [
        f"{path.relative_to(ROOT)}: {module}"
        for layer in ("adapters", "entrypoints")
        for path in sorted((ROOT / layer).rglob("*.py"))
        if "fakes" not in path.relative_to(ROOT).parts and path != ROOT / "entrypoints/web/demo.py"
        for module in sorted(imported_modules(path.read_text(encoding="utf-8")))
        if module.startswith("studiobook.adapters.fakes")
    ]
    assert found == []


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


# -- rooms -------------------------------------------------------------------------------------
# "layer.room" -> the rooms it may import besides itself and the standard library. A room is a
# sub-package (or a top-level module) of domain/ or application/.
ROOMS = {
    "domain.shared": set(),
    "domain.events": {"domain.courses", "domain.members"},
    "domain.courses": {"domain.shared", "domain.events", "domain.members"},
    "domain.members": {"domain.shared"},
    "domain.appointments": {"domain.shared"},
    "domain.requests": {"domain.shared", "domain.appointments"},
    "domain.notifications": {"domain.shared"},
    "application.shared": {"application.ports", "application.settings", "domain.shared", "domain.events"},
    # The bulk assignment task builds the appointments area's Assignment values (issue 19).
    "application.jobs": {"application.shared", "domain.appointments"},
    # Courses belong to a company: their use-cases read the tenant's companies, branches and
    # staff through the appointments area's ports, and members-only courses read memberships.
    "application.courses": {"application.shared", "application.appointments", "domain.shared",
                            "domain.events", "domain.courses", "domain.members",
                            "domain.appointments",
                            "application.notifications", "domain.notifications"},
    "application.members": {"application.shared", "application.jobs",
                            "domain.shared", "domain.events", "domain.members"},
    "application.appointments": {"application.shared", "application.jobs",
                                 "domain.shared", "domain.appointments",
                                 "application.notifications", "domain.notifications"},
    "application.requests": {"application.shared", "application.appointments",
                             "domain.shared", "domain.requests", "domain.appointments"},
    "application.ports": {"application.shared", "application.courses", "application.members",
                          "application.appointments", "application.notifications"},
    # Telling customers: any area's use-case queues a message in its own transaction.
    "application.notifications": {"application.shared", "application.jobs", "domain.shared",
                                  "domain.notifications"},
}
OPEN_ROOMS = {  # the edges of the application: they may use every room
    "application.admin", "application.api", "application.container", "application.hookspecs",
    "application.plugins", "application.settings",
}


def room_of(layer: str, path: Path) -> str:
    return f"{layer}.{path.relative_to(ROOT / layer).parts[0].removesuffix('.py')}"


def imported_room(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "studiobook" and len(parts) > 2 and parts[1] in ("domain", "application"):
        return f"{parts[1]}.{parts[2]}"
    return None


def room_violations(sources: dict[str, str]) -> list[str]:
    """``room: module`` for each import a room's rules do not allow (``sources``: room -> code)."""
    found = []
    for room, source in sources.items():
        if room in OPEN_ROOMS:
            continue
        assert room in ROOMS, f"{room} is a new room: give it its rules in ROOMS"
        for module in sorted(imported_modules(source)):
            target = imported_room(module)
            if target is not None and target != room and target not in ROOMS[room]:
                found.append(f"{room}: {module}")
    return found


def test_every_room_imports_only_the_rooms_its_rules_allow():
    found = []
    for layer in ("domain", "application"):
        for path in sorted((ROOT / layer).rglob("*.py")):
            if path.parent == ROOT / layer and path.name == "__init__.py":
                continue
            source = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(ROOT)} ({v})" for v in room_violations({room_of(layer, path): source})]
    assert found == []


@pytest.mark.parametrize(
    ("room", "source", "broken"),
    [  # deliberate breaks: each must be caught
        ("application.members", "from studiobook.application.appointments.tenancy import CompanyLookup", True),
        ("domain.courses", "from studiobook.domain.appointments.staff import Staff", True),
        ("domain.shared", "from studiobook.domain.courses.course import Course", True),
        ("application.jobs", "from studiobook.application.members.ports import SyncRun", True),
        ("application.requests", "from studiobook.application.appointments.appointments import Availability", False),
        ("application.courses", "from studiobook.domain.courses.bookings import Booking", False),
        ("application.courses", "from studiobook.application.ports import UnitOfWork", True),
        ("application.courses", "from studiobook.application.courses.ports import CoursesUnitOfWork", False),
    ],
)
def test_the_room_rules_catch_a_deliberate_break(room, source, broken):
    assert bool(room_violations({room: source})) is broken


def module_graph() -> dict[str, set[str]]:
    """Our modules and the modules of ours each imports at module level (not under TYPE_CHECKING)."""
    modules = {}
    for layer in LAYERS:
        for path in (ROOT / layer).rglob("*.py"):
            if "migrations" not in path.parts:
                dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
                modules["studiobook." + dotted.removesuffix(".__init__")] = path

    def imports(path: Path) -> set[str]:
        found: set[str] = set()

        def visit(body) -> None:
            for node in body:
                if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                    continue
                if isinstance(node, ast.Import):
                    found.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module)
                    found.update(f"{node.module}.{alias.name}" for alias in node.names)
                elif isinstance(node, (ast.If, ast.Try)):
                    visit(node.body)
                    visit(node.orelse)

        visit(ast.parse(path.read_text(encoding="utf-8")).body)
        return found & modules.keys()

    return {name: imports(path) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def strong(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                strong(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while (member := stack.pop()) != node:
                component.append(member)
            if component:
                found.append(sorted([node, *component]))

    for node in sorted(graph):
        if node not in index:
            strong(node)
    return found


def test_no_module_imports_itself_back_through_others():
    assert cycles(module_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
