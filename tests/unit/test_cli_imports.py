"""A read command of the CLI imports no heavy library it does not need (the start-up budget).

``studiobook course list --json`` on an up-to-date database needs SQLAlchemy and nothing of the
web app (FastAPI, Starlette, uvicorn, Jinja2), of the migrations (alembic), of the secrets
(cryptography) or of the HTTP gateways (httpx). Only a new process shows what a command really
imports — this test process has most of them loaded already — so the command runs in one.
``bench/cli_start.py`` measures the time this saves; here there is no timing, only the imports.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HEAVY = ("fastapi", "uvicorn", "alembic", "cryptography", "httpx", "starlette", "jinja2")

PROBE = f"""
import sys
from studiobook.entrypoints.cli.main import run
code = run(["--db", sys.argv[1], "course", "list", "--json"])
sys.stdout.flush()
print("HEAVY:", *[name for name in {HEAVY!r} if name in sys.modules], file=sys.stderr)
import fastapi.params, pydantic, yaml  # left out of dependency_injector's import, not hidden
print("LATER:", fastapi.params.__name__, pydantic.__name__, yaml.__name__, file=sys.stderr)
sys.exit(code)
"""


def test_course_list_on_an_up_to_date_database_imports_no_heavy_library(tmp_path, capsys):
    from studiobook.entrypoints.cli.main import run

    url = f"sqlite:///{tmp_path / 'imports.db'}"
    assert run(["--db", url, "course", "list", "--json"]) == 0  # creates (migrates) the database
    capsys.readouterr()

    environment = {k: v for k, v in os.environ.items() if not k.startswith(("WODIFY_", "STUDIOBOOK_"))}
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), environment.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", PROBE, url],
        env=environment, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    reported = [line for line in done.stderr.splitlines() if line.startswith("HEAVY:")]
    assert reported == ["HEAVY:"], done.stderr
    assert "LATER: fastapi.params pydantic yaml" in done.stderr.splitlines()  # `serve` still works
