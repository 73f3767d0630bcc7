"""What each folder of wrapper may import (docs/architecture.md draws the same picture).

Lower layers never import higher ones: the CLI wires, ui prints, the cores compute, and
only the edges (aws, terraform's runner, offline's servers) act.
"""

from __future__ import annotations

import ast
from pathlib import Path

import wrapper

PACKAGE = Path(wrapper.__file__).parent
BASE = {"errors"}
MAY_IMPORT: dict[str, set[str]] = {
    "errors": set(),
    "_version": set(),
    "files": set(),
    "distribution": {"_version"},
    "project_file": BASE,
    "templates": BASE,
    "aws": BASE,
    "config": BASE | {"project_file", "templates"},
    "scaffold": BASE | {"config", "distribution", "files", "templates"},
    "package": BASE | {"aws", "config", "files", "project_file"},
    "ci": BASE | {"aws", "config"},
    "page": BASE | {"aws", "config"},
    "terraform": BASE | {"aws", "ci", "config", "distribution", "files", "package", "page", "templates"},
    "auth": BASE | {"aws", "config", "templates"},
    "ops": BASE | {"aws", "config", "terraform"},
    "lan": BASE,
    "page_packages": BASE,
    "docs_topics": BASE,
    "offline": BASE | {"aws", "config", "files", "lan"},
    "cost": BASE | {"config", "offline", "page"},
    "testing": BASE | {"auth", "aws", "config", "offline", "project_file"},
    "ui": BASE | {"ci", "config", "cost", "lan", "offline", "ops", "package", "scaffold", "terraform"},
}


def _folder(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "wrapper"


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("wrapper") and node.level == 0:
            found.add(node.module if node.module != "wrapper" else f"wrapper.{node.names[0].name}")
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("wrapper."))
    return found


def test_each_folder_imports_only_the_layers_below_it() -> None:
    broken = []
    for path in sorted(PACKAGE.rglob("*.py")):
        folder = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if folder not in MAY_IMPORT:
            continue  # cli (wires everything), __init__, __main__
        for target in _imports(path):
            other = _folder(target)
            if other not in (folder, "__version__") and other not in MAY_IMPORT[folder]:
                broken.append(f"{path.relative_to(PACKAGE)} imports {target}")
    assert broken == []


def test_every_folder_has_a_rule() -> None:
    folders = {p.name.removesuffix(".py") for p in PACKAGE.iterdir() if p.suffix == ".py" or (p / "__init__.py").is_file()}
    assert folders - set(MAY_IMPORT) == {"__init__", "__main__", "cli"}


def test_no_module_is_longer_than_300_lines() -> None:
    """A module past 300 lines usually holds two jobs (the house rule); split it rather than raise this."""
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > 300}
    assert long == {}
