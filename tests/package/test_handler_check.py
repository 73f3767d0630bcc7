"""Packaging refuses a handler Lambda could not find, before anything is zipped or deployed."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests.package.conftest import config_of, write_project
from tests.projects import edit_config
from wrapper.errors import ConfigError
from wrapper.package.handler_check import check_handler, top_level_names
from wrapper.package.sources import handler_files

THIS_PYTHON = f"python{sys.version_info.major}.{sys.version_info.minor}"


def _function(root: Path, name: str = "pose"):  # type: ignore[no-untyped-def]
    return config_of(root).functions[name]


def test_a_handler_name_the_module_does_not_define_is_refused(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    edit_config(root, 'handler = "pose.handler"', 'handler = "pose.on_pose"')
    config = config_of(root)
    with pytest.raises(ConfigError) as caught:
        handler_files(config, config.functions["pose"])
    assert "functions/pose.py defines no 'on_pose'" in caught.value.message and "HandlerNotFound" in caught.value.message
    assert "def on_pose(event, context)" in (caught.value.hint or "") and "functions.pose.handler" in (caught.value.hint or "")


def test_the_cli_stops_with_exit_2_and_writes_no_zip(cli, tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    edit_config(root, 'handler = "pose.handler"', 'handler = "pose.nothere"')
    result = cli(["package", "--stage", "dev"], cwd=root)
    assert result.exit_code == 2, result.output
    assert "defines no 'nothere'" in result.output and "Traceback" not in result.output
    assert not list((root / ".wrapper").glob("dev/dist/*.zip"))


def test_a_syntax_error_is_named_with_its_line_when_this_python_can_judge(tmp_path: Path) -> None:
    function = _function(write_project(tmp_path / "p"))
    with pytest.raises(ConfigError) as caught:
        check_handler(function, "functions/pose.py", b"import json\n\ndef handler(:\n    pass\n", THIS_PYTHON)
    assert caught.value.message.startswith("function pose: functions/pose.py:3:")
    assert "py_compile" in (caught.value.hint or "")


def test_syntax_newer_than_this_python_is_left_to_lambda(tmp_path: Path) -> None:
    # A parser older than the runtime cannot tell new syntax from an error, so it says nothing.
    function = _function(write_project(tmp_path / "p"))
    check_handler(function, "functions/pose.py", b"def handler(:\n", "python9.99")


@pytest.mark.parametrize(
    "source",
    [
        "def handler(event, context):\n    return None\n",
        "async def handler(event, context):\n    return None\n",
        "from common.replies import reply as handler\n",
        "import json\nhandler = json.dumps\n",
        "try:\n    from fast import handler\nexcept ImportError:\n    def handler(event, context):\n        return None\n",
        "class Handler:\n    pass\nhandler: Handler = Handler()\n",
    ],
    ids=["def", "async-def", "imported-as", "assigned", "in-try", "annotated"],
)
def test_every_way_a_module_binds_the_name_counts(tmp_path: Path, source: str) -> None:
    check_handler(_function(write_project(tmp_path / "p")), "functions/pose.py", source.encode(), THIS_PYTHON)


@pytest.mark.parametrize(
    "source",
    ["from helpers import *\n", "globals()['handler'] = print\n", "def __getattr__(name):\n    return print\n"],
    ids=["star-import", "globals", "module-getattr"],
)
def test_names_made_at_run_time_get_the_benefit_of_the_doubt(tmp_path: Path, source: str) -> None:
    names, dynamic = top_level_names(ast.parse(source).body)
    assert dynamic, names
    check_handler(_function(write_project(tmp_path / "p")), "functions/pose.py", source.encode(), THIS_PYTHON)
