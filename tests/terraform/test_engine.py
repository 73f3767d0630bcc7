"""Which Terraform runs, and what the user is told when the one they named is missing."""

from __future__ import annotations

import pytest

from wrapper.errors import WrapperError
from wrapper.terraform.engine import resolve_engine


def test_a_missing_engine_names_only_the_setting_that_exists() -> None:
    with pytest.raises(WrapperError) as caught:
        resolve_engine(env={"WRAPPER_TERRAFORM": "/nonexistent/terraform", "PATH": ""})
    # There is no --engine flag on any command: the message must not send users looking for one.
    assert "--engine" not in caught.value.message
    assert "WRAPPER_TERRAFORM" in caught.value.message and "/nonexistent/terraform" in caught.value.message
    assert "wrapper-xr[terraform]" in (caught.value.hint or "")


def test_terraform_on_path_wins_over_the_embedded_engine(tmp_path) -> None:  # type: ignore[no-untyped-def]
    binary = tmp_path / "terraform"
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    engine = resolve_engine(env={"PATH": str(tmp_path)})
    assert engine.name == "terraform" and engine.argv == (str(binary),)
