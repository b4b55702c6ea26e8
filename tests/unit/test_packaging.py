"""The wheel ships every package: pyproject.toml lists each folder with an ``__init__.py`` under
the four layers as ``studiobook.<layer>...`` (the source tree keeps the layers at the top)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("domain", "application", "adapters", "entrypoints")


def test_every_package_folder_is_listed_and_nothing_else():
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {
        "studiobook." + ".".join(init.parent.relative_to(ROOT).parts)
        for layer in LAYERS
        for init in (ROOT / layer).rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert set(tool["packages"]) == folders
    assert tool["package-dir"] == {f"studiobook.{layer}": layer for layer in LAYERS}
