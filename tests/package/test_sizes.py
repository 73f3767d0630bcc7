"""The size guard stops before anything is written and says what is big."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.package.conftest import config_of
from wrapper.errors import WrapperError
from wrapper.package.build import package_stage
from wrapper.package.sizes import MB, SizeLimits, check_size, largest_packages
from wrapper.package.zipwriter import compress


def test_lambda_limits_are_the_documented_ones() -> None:
    assert SizeLimits() == SizeLimits(zipped=50 * MB, unzipped=250 * MB)


def test_largest_packages_group_by_top_level_name_biggest_first() -> None:
    entries = [compress(f"pkg{i}/m.py", b"x" * (i * 10)) for i in range(1, 13)] + [
        compress("pkg12/more.py", b"y" * 5),
        compress("solo.py", b"z"),
    ]
    top = largest_packages(entries)
    assert len(top) == 10
    assert top[0] == ("pkg12", 125) and top[-1] == ("pkg3", 30)


def test_too_big_unzipped_names_the_ten_largest_packages() -> None:
    entries = [compress(f"big{i}/blob.bin", bytes(1000 * i)) for i in range(1, 12)]
    with pytest.raises(WrapperError) as failure:
        check_size("pose", entries, SizeLimits(zipped=10 * MB, unzipped=20_000))
    message = failure.value.message
    assert message.startswith("function pose is too big for Lambda: 64.5 KB unzipped (limit 19.5 KB)")
    assert "big11 10.7 KB" in message and "big2 2.0 KB" in message and "big1 " not in message


def test_package_stage_refuses_an_oversized_zip_and_writes_nothing(native_project: Callable[..., Path]) -> None:
    root = native_project()
    with pytest.raises(WrapperError, match=r"zipped \(limit 10\.0 KB for direct upload\); largest packages: markupsafe"):
        package_stage(config_of(root), limits=SizeLimits(zipped=10 * 1024, unzipped=250 * MB))
    assert not (root / ".wrapper" / "dev").exists()
