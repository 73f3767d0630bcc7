"""``wrapper package`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.package.conftest import write_project


def test_json_output_reports_built_then_unchanged(cli: Any, tmp_path: Path) -> None:
    root = write_project(tmp_path / "app")
    first = cli(["package", "--stage", "dev", "--json"], cwd=root)
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert data["stage"] == "dev"
    assert {name: f["status"] for name, f in data["functions"].items()} == {"connect": "built", "default": "built", "pose": "built"}
    assert data["dependencies"]["runtime_provided"] == "excluded"
    assert (root / ".wrapper" / "dev" / "dist" / data["functions"]["pose"]["zip"]).is_file()

    second = json.loads(cli(["package", "--stage", "dev", "--json"], cwd=root).stdout)
    assert {f["status"] for f in second["functions"].values()} == {"unchanged"}
    assert second["functions"]["pose"]["sha256"] == data["functions"]["pose"]["sha256"]


def test_table_output_says_what_changed_and_that_boto3_is_not_bundled(cli: Any, tmp_path: Path) -> None:
    root = write_project(tmp_path / "app")
    cli(["package", "--stage", "dev"], cwd=root)
    (root / "functions" / "connect.py").write_text("def handler(event, context):\n    return {'statusCode': 401}\n")
    result = cli(["package", "--stage", "dev"], cwd=root)
    assert result.exit_code == 0, result.output
    assert "packaged 1 of 3 function(s)" in result.output
    assert "boto3, botocore, s3transfer are not bundled" in result.output
    assert [line.split("│")[4].strip() for line in result.stdout.splitlines() if "│" in line and ".zip" in line] == [
        "built",
        "unchanged",
        "unchanged",
    ]


def test_a_missing_handler_is_one_clear_error(cli: Any, tmp_path: Path) -> None:
    root = write_project(tmp_path / "app")
    (root / "functions" / "default.py").unlink()
    result = cli(["package", "--stage", "dev"], cwd=root)
    assert result.exit_code == 2
    assert "handler default.handler needs functions/default.py" in result.output
    assert not (root / ".wrapper" / "dev" / "dist").exists()
