"""Imports run downwards only (docs/architecture.md, decision 0020).

Every Python module of the apps, of ``core`` and of ``kkr_portal`` is parsed with ``ast``; every
import counts, wherever it stands (module level, inside a function, under ``TYPE_CHECKING``), and
so do ``importlib.import_module``, ``import_string`` and ``apps.get_model`` with a literal name,
which would otherwise hide an import. From these the app-level graph is built:

* ``core`` imports no app and not ``kkr_portal``;
* nothing imports ``kkr_portal`` (the wiring: settings are read through ``django.conf``);
* ``kkr_portal`` may import anything;
* the apps import each other without a circle.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
CORE = "core"
WIRING = "kkr_portal"
# The project's own apps: every installed app whose package is in this repository, so that a
# new app (agreements, consultations) is checked from the day it is installed.
APPS = tuple(
    name
    for name in dict.fromkeys(app.split(".")[0] for app in settings.INSTALLED_APPS)
    if name not in (CORE, WIRING) and (ROOT / name / "__init__.py").is_file()
)
PACKAGES = (CORE, *APPS, WIRING)

# Calls whose first literal argument names a module (or an app label, for get_model).
_DYNAMIC_IMPORTS = {"import_module", "import_string", "get_model"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_names(path: Path, module: str | None = None) -> list[tuple[str, int]]:
    """The absolute names a module imports, each with its line."""
    module = module or _module_name(path)
    is_package = path.name == "__init__.py"
    names: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            names.append((target, node.lineno))
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if (
                called in _DYNAMIC_IMPORTS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names.append((node.args[0].value, node.lineno))
    return names


def import_graph() -> dict[tuple[str, str], list[str]]:
    """(importing package, imported package) -> where, for imports between different packages."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for name, line in _imported_names(path):
                top = name.split(".")[0]
                if top in PACKAGES and top != package:
                    edges[(package, top)].append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return edges


def _cycles(edges: dict[tuple[str, str], list[str]]) -> list[list[str]]:
    """Each circle among the apps once, as the list of apps along it."""
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        if source in APPS and target in APPS:
            graph[source].add(target)
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def walk(start: str, node: str, path: list[str]) -> None:
        for following in sorted(graph[node]):
            if following == start:
                if frozenset(path) not in seen:
                    seen.add(frozenset(path))
                    found.append([*path, start])
            elif following not in path and following > start:
                walk(start, following, [*path, following])

    for start in sorted(graph):
        walk(start, start, [start])
    return found


def _describe(edges: dict[tuple[str, str], list[str]], pairs: list[tuple[str, str]]) -> str:
    return "\n".join(f"{where}" for pair in pairs for where in edges[pair])


def test_the_graph_sees_imports_inside_functions_and_relative_and_dynamic_ones(
    tmp_path: Path,
) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "def f():\n"
        "    from councils.models import Body\n"
        "    from .models import Meeting\n"
        "    from ..notifications import tasks\n"
        "    apps.get_model('quotas', 'QuotaYear')\n"
        "    import_string('accounts.rules.can')\n",
        encoding="utf-8",
    )
    names = [name for name, _ in _imported_names(probe, module="meetings.probe")]
    assert names == [
        "councils.models",
        "meetings.models",
        "notifications",
        "quotas",
        "accounts.rules.can",
    ]


def test_the_apps_of_the_portal_are_all_checked() -> None:
    assert {"accounts", "councils", "meetings", "notifications", "quotas"} <= set(APPS)


def test_core_imports_no_app_and_not_the_wiring() -> None:
    edges = import_graph()
    upward = [pair for pair in edges if pair[0] == CORE]
    assert not upward, "core must import no app:\n" + _describe(edges, upward)


def test_nothing_imports_the_wiring() -> None:
    edges = import_graph()
    into_wiring = [pair for pair in edges if pair[1] == WIRING]
    assert not into_wiring, (
        "kkr_portal is the wiring; read settings through django.conf:\n"
        + _describe(edges, into_wiring)
    )


def test_the_apps_import_each_other_without_a_circle() -> None:
    edges = import_graph()
    cycles = _cycles(edges)
    details = []
    for cycle in cycles:
        pairs = list(pairwise(cycle))
        details.append(" -> ".join(cycle) + "\n" + _describe(edges, pairs))
    assert not cycles, "apps import each other in a circle:\n\n" + "\n\n".join(details)
