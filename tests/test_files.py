"""wrapper.files: a file is replaced whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wrapper.files import staged_file, write_atomic, write_json_atomic


def test_write_atomic_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "state.json"
    write_json_atomic(target, {"a": 1})
    write_json_atomic(target, {"a": 2})
    assert json.loads(target.read_text()) == {"a": 2} and target.read_text().endswith("\n")
    assert sorted(p.name for p in target.parent.iterdir()) == ["state.json"]


def test_a_failed_replace_keeps_what_was_there(tmp_path: Path) -> None:
    target = tmp_path / "outputs"
    target.mkdir()  # renaming a file over a folder fails, as a full disk or a permission error would
    (target / "kept").write_text("old")
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert (target / "kept").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["outputs"]  # no .outputs.*.tmp left behind


def test_staged_file_is_removed_when_not_moved(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), staged_file(tmp_path, "zip") as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("the writer failed")
    assert list(tmp_path.iterdir()) == []
