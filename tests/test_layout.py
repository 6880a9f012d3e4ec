"""The layout of geo/: imports run one way, from the entry points down the stages, with no circle.

Every import counts, also one inside a function (a late import hides a circle; it does not remove it).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tests.conftest import ROOT

GEO = ROOT / "geo"
STAGES = ("read", "language", "places", "trips", "store", "views", "evaluation")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path, name: str, known: set[str]) -> Iterator[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, *([node.module] if node.module else [])])
            for alias in node.names:
                full = f"{base}.{alias.name}"
                if full in known:
                    yield full
                elif base in known:
                    yield base


def import_graph(root: Path = GEO) -> dict[str, set[str]]:
    """Each module of geo/ and the geo modules it imports."""
    paths = {_module_name(p): p for p in sorted(root.rglob("*.py"))}
    known = set(paths)
    return {name: set(_imported(path, name, known)) - {name} for name, path in paths.items()}


def cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """One circle of the graph (its nodes in order, the first repeated at the end), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def stage_of(module: str) -> str:
    """The stage package a module belongs to, or the module itself for the entry points and shared ones."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else module


def stage_graph(graph: Mapping[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for module, imports in graph.items():
        out.setdefault(stage_of(module), set()).update(stage_of(m) for m in imports)
    return {stage: deps - {stage} for stage, deps in out.items()}


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": set()}, None),
        ({"a": {"b"}, "b": {"a"}}, ["a", "b", "a"]),
        ({"a": {"b"}, "b": {"c"}, "c": {"b"}}, ["b", "c", "b"]),
    ],
)
def test_cycle_finds_a_circle_and_only_one(graph: dict[str, set[str]], expected: list[str] | None) -> None:
    assert cycle(graph) == expected


def test_the_geo_modules_import_each_other_without_a_circle() -> None:
    assert cycle(import_graph()) is None


def test_the_stages_import_each_other_without_a_circle() -> None:
    assert cycle(stage_graph(import_graph())) is None


def test_every_stage_is_a_package_that_says_what_it_takes_and_gives() -> None:
    for stage in STAGES:
        init = GEO / stage / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{init} has no docstring"


def test_the_geometry_is_a_place_helper_that_evaluation_borrows() -> None:
    graph = import_graph()
    assert "geo.places.geometry" in graph["geo.evaluation.metrics"]
    places = graph["geo.places.routes"] | graph["geo.places.toponyms"]
    assert not any(m.startswith("geo.evaluation") for m in places)
