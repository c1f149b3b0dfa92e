"""Architecture rules checked on the source text (ARCHITECTURE.md, issue 11).

- No module outside ``graph.py`` reads a graph's private fields.
- No module finds the package's own functions by name (importlib,
  ``getattr(<module>, <name>, None)``) except the package ``__init__`` (lazy
  submodules) and the registry (which imports the families to declare them).
- No branch that reports a missing function as absent "in this version",
  in the library or its tests.
- ``graph.py``, ``build.py`` and ``_convert.py`` import one way: graph is
  imported by the other two and imports neither, not even inside a function.

Each rule walks the files with :mod:`ast` and lists every offending line, so
a failure says where to look.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "clusternet"
TESTS = ROOT / "tests"

#: Private fields of CollaborationGraph (its __slots__) and its private helpers.
GRAPH_PRIVATE = {"_actors", "_adj", "_directed", "_events", "_incidence", "_meta",
                 "_positions", "_records", "_replace", "_take"}

#: The modules allowed to import by name: the lazy submodules of the package
#: and the registry's loading of the families.
BY_NAME_ALLOWED = {PACKAGE / "__init__.py", PACKAGE / "_registry.py"}


def _python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{node.lineno}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


# ------------------------------------------------------------------ (a)
def private_graph_access(path: Path) -> list[str]:
    """``X._field`` for a private field of the graph, X anything but ``self``."""
    found = []
    for node in ast.walk(_parse(path)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in GRAPH_PRIVATE
            and not (isinstance(node.value, ast.Name) and node.value.id == "self")
        ):
            found.append(f"{_where(path, node)}: {ast.unparse(node)}")
    return found


@pytest.mark.parametrize(
    "path",
    [p for p in _python_files(PACKAGE) if p != PACKAGE / "graph.py"],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_private_graph_access_outside_graph_py(path):
    found = private_graph_access(path)
    assert not found, (
        "private fields of a CollaborationGraph read outside graph.py; use its public "
        "accessors (attribute, event_attribute, degree, strength, positions, meta, ...):\n"
        + "\n".join(found)
    )


# ------------------------------------------------------------------ (b)
def _is_import_module(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    return (
        (isinstance(f, ast.Attribute) and f.attr == "import_module")
        or (isinstance(f, ast.Name) and f.id in ("import_module", "__import__"))
    )


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _is_dunder(node: ast.AST) -> bool:
    # getattr(f, "__name__", None) reads an object's name, it finds no function
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)
            and node.value.startswith("__") and node.value.endswith("__"))


def lookups_by_name(path: Path, *, import_module: bool = True) -> list[str]:
    """``importlib.import_module(...)`` (when ``import_module``), and
    ``getattr(M, name, None)`` where M is a module: a name bound by an import
    or by ``import_module``/``__import__``, or an attribute of one."""
    tree = _parse(path)
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                modules.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.Assign) and _is_import_module(node.value):
            modules.update(t.id for t in node.targets if isinstance(t, ast.Name))
    found = []
    for node in ast.walk(tree):
        if import_module and _is_import_module(node):
            found.append(f"{_where(path, node)}: {ast.unparse(node)}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and len(node.args) == 3
            and isinstance(node.args[2], ast.Constant)
            and node.args[2].value is None
            and not _is_dunder(node.args[1])
            and (_root_name(node.args[0]) in modules or _is_import_module(node.args[0]))
        ):
            found.append(f"{_where(path, node)}: {ast.unparse(node)}")
    return found


@pytest.mark.parametrize(
    "path",
    [p for p in _python_files(PACKAGE) if p not in BY_NAME_ALLOWED],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_lookup_by_name_in_the_library(path):
    found = lookups_by_name(path)
    assert not found, (
        "a function of clusternet found by name: import it, or ask clusternet._registry "
        "(get, entries, of) for a measure:\n" + "\n".join(found)
    )


@pytest.mark.parametrize("path", _python_files(TESTS), ids=lambda p: p.name)
def test_no_optional_lookup_in_the_tests(path):
    # Tests may import a module by name to check it (the API contract does);
    # getattr(module, name, None) is how a test skips instead of failing.
    found = lookups_by_name(path, import_module=False)
    assert not found, (
        "a test looks a name up with a None default, so it would skip rather than fail "
        "when the name is gone; import it directly:\n" + "\n".join(found)
    )


# ------------------------------------------------------------------ (c)
NOT_IN_THIS_VERSION = "not in " + "this version"  # split, or this file would match


def _text_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".so")
    )


def test_no_not_in_this_version_text():
    found = []
    for path in _text_files(PACKAGE) + _text_files(TESTS):
        text = path.read_text(encoding="utf-8", errors="ignore")
        for k, line in enumerate(text.splitlines(), 1):
            if NOT_IN_THIS_VERSION in line.lower():
                found.append(f"{path.relative_to(ROOT)}:{k}: {line.strip()}")
    assert not found, (
        "a missing function must fail, not be reported as absent from this version:\n"
        + "\n".join(found)
    )


# ------------------------------------------------------------------ (d)
def imported_modules(path: Path) -> set[str]:
    """Modules of the package that ``path`` imports, at module level or in a
    function (``from . import x`` counts as x when x is a module)."""
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out = set()
    for node in ast.walk(_parse(path)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            base = ".".join(base + ([node.module] if node.module else []))
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            if name.split(".")[0] == "clusternet" and _module_file(name) is not None:
                out.add(name)
    return out


def _module_file(name: str) -> Path | None:
    if name == "clusternet":
        return PACKAGE / "__init__.py"
    rel = Path(*name.split(".")[1:])
    for candidate in (PACKAGE / rel.with_suffix(".py"), PACKAGE / rel / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen, todo = set(), list(edges.get(start, ()))
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(edges.get(m, ()))
    return seen


ONE_WAY = ("clusternet.graph", "clusternet.build", "clusternet._convert")


def test_imported_modules_sees_function_level_imports():
    # the check below is only as good as this parser: a known case
    edges = imported_modules(PACKAGE / "build.py")
    assert {"clusternet.graph", "clusternet.io", "clusternet.projection"} <= edges


@pytest.mark.parametrize("module", ONE_WAY)
def test_no_import_cycle_through_graph_build_convert(module):
    # The package __init__ imports everything by design and is left out: an
    # import of clusternet.x runs it first, but it never imports back into x
    # before x is defined.
    edges = {
        _module_name(p): imported_modules(p) - {"clusternet"}
        for p in _python_files(PACKAGE) if p != PACKAGE / "__init__.py"
    }
    assert module in edges
    assert module not in _reachable(module, edges), (
        f"{module} imports itself back through: "
        + ", ".join(sorted(m for m in _reachable(module, edges)
                           if module in _reachable(m, edges)))
    )


def test_graph_imports_neither_build_nor_convert():
    reach = {
        _module_name(p): imported_modules(p) - {"clusternet"}
        for p in _python_files(PACKAGE) if p != PACKAGE / "__init__.py"
    }
    below = _reachable("clusternet.graph", reach)
    assert "clusternet.build" not in below and "clusternet._convert" not in below
