"""``mypy --strict`` finds nothing in the packages pyproject.toml's ``[tool.mypy]`` names (issue 13:
``py.typed`` promises these types to embedders).

Installed, the layer folders import as ``studiobook.<layer>`` through the editable install's
import hook, which mypy does not run. So mypy finds them through links instead:
``build/mypy-path/studiobook/<layer>`` -> ``<layer>/`` (``mypy_path`` in ``[tool.mypy]``; build/
is git-ignored). This test makes the links; so does running this file, which then runs mypy with
the arguments given (``.venv/bin/python tests/unit/test_types.py``, or ``... -p
studiobook.adapters`` for a layer not yet clean). After that a bare ``.venv/bin/mypy`` works too.
"""

from __future__ import annotations

import gc
import os
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("domain", "application", "adapters", "entrypoints")
PYPROJECT = ROOT / "pyproject.toml"


def mypy_config() -> dict:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["mypy"]


def link_layers(root: Path = ROOT) -> Path:
    """``build/mypy-path/studiobook/<layer>`` -> ``<layer>/`` for the four layers (relative links,
    made only where missing or wrong; safe when two test runs do it at once). Returns the
    directory that holds ``studiobook``."""
    base = root / "build" / "mypy-path"
    package = base / "studiobook"
    package.mkdir(parents=True, exist_ok=True)
    for layer in LAYERS:
        link = package / layer
        target = Path("..", "..", "..", layer)
        if link.is_symlink() and Path(os.readlink(link)) == target:
            continue
        fresh = package / f".{layer}.{os.getpid()}"
        fresh.unlink(missing_ok=True)
        fresh.symlink_to(target, target_is_directory=True)
        os.replace(fresh, link)  # atomic: a concurrent run sees the old link or the new one
    return base


def run_mypy(*args: str, cache_dir: Path | None = None) -> tuple[str, int]:
    """mypy in this process with pyproject.toml's configuration; (report, exit status). mypy
    tunes the garbage collector for itself; the rest of the test run gets it back as it was (the
    memory tests measure with it)."""
    from mypy import api

    link_layers()
    options = ["--config-file", str(PYPROJECT)]
    if cache_dir is not None:
        options += ["--cache-dir", str(cache_dir)]
    threshold, enabled = gc.get_threshold(), gc.isenabled()
    try:
        stdout, stderr, status = api.run([*options, *args])
    finally:
        gc.set_threshold(*threshold)
        (gc.enable if enabled else gc.disable)()
    return stdout + stderr, status


def test_the_configured_packages_are_strict_and_cover_domain_and_application():
    config = mypy_config()
    assert config["strict"] is True
    assert {"studiobook.domain", "studiobook.application"} <= set(config["packages"])


def test_mypy_strict_finds_no_error_in_the_configured_packages(tmp_path):
    pytest.importorskip("mypy", reason="mypy is not installed: pip install -e '.[test]'")
    report, status = run_mypy(cache_dir=tmp_path / "mypy-cache")
    assert status == 0, f"mypy --strict on {mypy_config()['packages']}:\n{report}"
    assert "Success: no issues found" in report


def test_the_links_point_at_the_layer_folders(tmp_path):
    base = link_layers(tmp_path)
    for layer in LAYERS:
        assert (base / "studiobook" / layer).resolve() == (tmp_path / layer).resolve()
    assert link_layers(tmp_path) == base  # a second run leaves the links as they are


if __name__ == "__main__":
    report, status = run_mypy(*sys.argv[1:])
    print(report, end="")
    sys.exit(status)
