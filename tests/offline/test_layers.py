"""The offline stack is layered by what each folder emulates; these rules keep it that way.

- ``lambda_runtime`` runs by path inside handler interpreters, so it imports nothing from wrapper;
- ``dynamodb`` is the engine alone; ``apigw`` invokes handlers; ``aws`` serves the engine and moto;
- only the dev server (``server``, ``frontend``) may combine them; ``metrics`` is a leaf all may use.
"""

from __future__ import annotations

import ast
from pathlib import Path

import wrapper.offline

OFFLINE = Path(wrapper.offline.__file__).parent

# folder (or top-level module) -> the wrapper modules and offline folders it may import
ALLOWED = {
    "lambda_runtime": set(),
    "dynamodb": {"dynamodb", "wrapper.aws"},
    "metrics": set(),
    "apigw": {"apigw", "lambda_runtime", "metrics", "wrapper.config", "wrapper.errors"},
    "aws": {"aws", "dynamodb", "metrics", "wrapper.aws", "wrapper.config", "wrapper.errors", "wrapper.files"},
}


def _part(module: str) -> str:
    """``wrapper.offline.apigw.gateway`` -> ``apigw``; other wrapper modules -> their package."""
    parts = module.split(".")
    if parts[:2] == ["wrapper", "offline"] and len(parts) > 2:
        return parts[2]
    return ".".join(parts[:2])


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in sorted(OFFLINE.rglob("*.py")):
        module = ".".join(path.relative_to(OFFLINE.parent.parent).with_suffix("").parts).removesuffix(".__init__")
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):  # TYPE_CHECKING and function-level imports count too
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
                found.update(n if n.removeprefix(node.module + ".") and _is_module(n) else node.module for n in names)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[module] = {m for m in found if m.startswith("wrapper")}
    return graph


def _is_module(name: str) -> bool:
    relative = Path(*name.split(".")[1:])
    return (OFFLINE.parent / relative).with_suffix(".py").is_file() or (OFFLINE.parent / relative / "__init__.py").is_file()


def test_each_folder_imports_only_what_its_layer_allows() -> None:
    broken = []
    for module, targets in _imports().items():
        part = _part(module)
        if part not in ALLOWED:
            continue  # the dev server on top
        for target in targets:
            if _part(target) != part and _part(target) not in ALLOWED[part]:
                broken.append(f"{module} imports {target}")
    assert broken == []


def test_no_import_cycles() -> None:
    graph = _imports()
    cycles: list[list[str]] = []

    def visit(module: str, trail: list[str]) -> None:
        for target in sorted(graph.get(module, ())):
            if target in trail:
                cycles.append([*trail[trail.index(target) :], target])
            elif target in graph and target not in done:
                visit(target, [*trail, target])
        done.add(module)

    done: set[str] = set()
    for module in sorted(graph):
        visit(module, [module])
    assert cycles == []


def test_the_rules_see_real_imports() -> None:
    """Guards the guard: the parser finds the gateway's use of the Lambda runtime."""
    assert "wrapper.offline.lambda_runtime.invoker" in _imports()["wrapper.offline.apigw.gateway"]
