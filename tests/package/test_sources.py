"""Which project files a function's zip holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.package.conftest import config_of, write_project
from tests.projects import edit_config
from wrapper.errors import ConfigError
from wrapper.package.sources import function_files, shared_files


def _names(root: Path, function: str) -> list[str]:
    config = config_of(root)
    return [f.name for f in function_files(config, config.functions[function], shared_files(config))]


def test_a_function_gets_its_handler_and_the_shared_code_but_not_other_handlers(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    (root / "functions" / "common" / "__pycache__").mkdir()
    (root / "functions" / "common" / "__pycache__" / "replies.cpython-312.pyc").write_bytes(b"\0")
    (root / "functions" / "common" / ".DS_Store").write_bytes(b"\0")
    assert _names(root, "pose") == ["common/__init__.py", "common/replies.py", "pose.py"]


def test_exclude_globs_match_paths_and_file_names(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", exclude=("*.md", "common/fixtures/*"))
    (root / "functions" / "common" / "NOTES.md").write_text("dev notes")
    (root / "functions" / "common" / "fixtures").mkdir()
    (root / "functions" / "common" / "fixtures" / "big.json").write_text("{}")
    assert _names(root, "connect") == ["common/__init__.py", "common/replies.py", "connect.py"]


def test_a_dotted_handler_brings_its_package_init(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    (root / "functions" / "routes").mkdir()
    (root / "functions" / "routes" / "__init__.py").write_text("")
    (root / "functions" / "routes" / "chat.py").write_text("def handler(e, c):\n    return None\n")
    (root / "functions" / "routes" / "other.py").write_text("")
    edit_config(root, 'handler = "pose.handler"', 'handler = "routes.chat.handler"')
    assert _names(root, "pose") == ["common/__init__.py", "common/replies.py", "routes/__init__.py", "routes/chat.py"]


def test_a_missing_handler_module_or_shared_entry_is_named(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    (root / "functions" / "pose.py").unlink()
    with pytest.raises(ConfigError, match=r"handler pose.handler needs functions/pose.py"):
        _names(root, "pose")
    other = write_project(tmp_path / "q", shared=("common", "helpers"))
    with pytest.raises(ConfigError, match=r"package\.shared lists 'helpers'"):
        _names(other, "pose")
