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


def _public_submodules() -> list[str]:
    """docs/conf.py's PUBLIC_SUBMODULES, read without running conf.py."""
    import ast

    tree = ast.parse((ROOT / "docs" / "conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "PUBLIC_SUBMODULES" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError("docs/conf.py has no PUBLIC_SUBMODULES")


def test_every_registered_measure_gets_an_api_page():
    """The API reference lists each public module's __all__ (docs/conf.py);
    every measure of the registry must be in its family's, and every family
    must have a page. Self-contained: it needs nothing outside the repository."""
    import clusternet as cn

    modules = _public_submodules()
    table = cn.measures()
    assert len(table) > 0
    for name, family in table["family"].items():
        assert family in modules, f"clusternet.{family} has no API page"
        module = importlib.import_module(f"clusternet.{family}")
        assert name in module.__all__, f"{family}.{name} is not in its module's __all__"
    assert "measures" in cn.__all__


def test_the_conventions_page_is_in_the_docs():
    text = (ROOT / "docs" / "api-conventions.md").read_text(encoding="utf-8")
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert "api-conventions" in index
    for name in ("attribute", "egos=", "actors=", "weight=", "rng=", "missing=",
                 "FutureWarning"):
        assert f"`{name}" in text, name
    assert "clusternet.UnknownAttributeError" in text


def test_the_front_page_example_runs():
    """docs/index.md shows code that is not executed by the docs build."""
    import re

    text = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks
    for code in blocks:
        exec(compile(code, "docs/index.md", "exec"), {})


def test_getting_started_shows_the_readme_commands():
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    page = (ROOT / "docs" / "getting-started.md").read_text(encoding="utf-8")
    # the README's two commands: its bash blocks that install
    blocks = [c.strip() for c in re.findall(r"```bash\n(.*?)```", readme, flags=re.S)]
    commands = [c for c in blocks if c.startswith("pip install")]
    assert len(commands) >= 2
    for command in commands:
        assert command in page, f"docs/getting-started.md lacks the README's {command!r}"
