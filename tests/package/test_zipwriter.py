"""The zip writer gives the same bytes for the same entries, with fixed metadata a normal unzip reads."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from wrapper.errors import WrapperError
from wrapper.package.zipwriter import Entry, compress, write_zip, zipped_size


def _entries() -> list[Entry]:
    return [
        compress("b/tool.sh", b"#!/bin/sh\necho hi\n", executable=True),
        compress("a.py", b"print('a')\n" * 50),
        compress("b/data.bin", bytes(range(256))),  # incompressible: stored
        compress("ü/name.txt", b"utf-8 names are flagged"),
    ]


def test_entries_are_sorted_with_fixed_times_and_normalised_modes(tmp_path: Path) -> None:
    path = tmp_path / "out.zip"
    write_zip(path, _entries())
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["a.py", "b/data.bin", "b/tool.sh", "ü/name.txt"]
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        modes = {i.filename: i.external_attr >> 16 for i in infos}
        assert modes == {"a.py": 0o100644, "b/data.bin": 0o100644, "b/tool.sh": 0o100755, "ü/name.txt": 0o100644}
        assert archive.read("a.py") == b"print('a')\n" * 50
        assert archive.getinfo("b/data.bin").compress_type == zipfile.ZIP_STORED
        assert archive.getinfo("a.py").compress_type == zipfile.ZIP_DEFLATED


def test_same_entries_in_any_order_give_identical_bytes_and_the_predicted_size(tmp_path: Path) -> None:
    write_zip(tmp_path / "one.zip", _entries())
    write_zip(tmp_path / "two.zip", list(reversed(_entries())))
    data = (tmp_path / "one.zip").read_bytes()
    assert data == (tmp_path / "two.zip").read_bytes()
    assert len(data) == zipped_size(_entries())
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()[0] == "a.py"


def test_absolute_and_parent_paths_are_refused() -> None:
    for name in ("/etc/passwd", "../up.py", "a/../../b.py", "win\\path.py"):
        with pytest.raises(ValueError):
            compress(name, b"x")


def test_two_files_at_the_same_path_are_an_error(tmp_path: Path) -> None:
    with pytest.raises(WrapperError, match=r"two files would land at 'a\.py'"):
        write_zip(tmp_path / "dup.zip", [compress("a.py", b"1"), compress("a.py", b"2")])
