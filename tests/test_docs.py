"""Checks on the documentation sources that need no Sphinx build.

The docs build itself (``.ci/run``: ``python -m sphinx -W --keep-going``)
executes every notebook and fails on any warning; these tests catch the
cheap mistakes first: a notebook saved with outputs or a foreign kernel, a
notebook missing from examples/README.md, an offline intersphinx inventory
that Sphinx cannot read.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.ipynb"))


def test_there_are_example_notebooks():
    assert EXAMPLES, "examples/ has no notebooks"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_notebook_is_stored_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code, "a notebook without code"
    for cell in code:
        # the docs build executes the notebooks; stored outputs would go stale
        assert cell.get("outputs", []) == [], f"{path.name} is stored with outputs"
        assert cell.get("execution_count") is None
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown" and "".join(first["source"]).startswith("# ")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_notebook_is_listed_in_the_examples_readme(path):
    assert f"`{path.name}`" in (ROOT / "examples" / "README.md").read_text(encoding="utf-8")


@pytest.fixture()
def inventories():
    sys.path.insert(0, str(ROOT / "docs" / "_intersphinx"))
    try:
        yield importlib.import_module("inventories")
    finally:
        sys.path.remove(str(ROOT / "docs" / "_intersphinx"))


def test_offline_inventories_are_readable(inventories, tmp_path):
    inv = pytest.importorskip("sphinx.util.inventory")
    mapping = inventories.mapping(tmp_path)
    assert set(mapping) >= {"python", "numpy", "pandas", "networkx", "igraph"}
    for key, (base, path) in mapping.items():
        with open(path, "rb") as f:
            loaded = inv.InventoryFile.load(f, base, lambda a, b: a + b)
        data = getattr(loaded, "data", loaded)
        names = {name for entries in data.values() for name in entries}
        assert names == set(inventories.PROJECTS[key][2]), key
        for entries in data.values():
            for item in entries.values():
                uri = getattr(item, "uri", None) or item[2]
                assert uri.startswith(base) and " " not in uri
