"""What both deploy benchmarks stand on: moto behind the Terraform test provider, as the test suite runs them.

Talks to 127.0.0.1 only; the server stops with the block.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.tfprovider.fixtures import moto_like_aws
from tests.support.tfprovider.install import install


def add_engine_option(parser: argparse.ArgumentParser, default: str) -> None:
    """``--engine``: what applies the Terraform; read it back with ``engine_named``."""
    parser.add_argument("--engine", default=default, help="terraform (on PATH) or embedded")


def engine_named(name: str) -> str:
    """``terraform`` (the one on PATH) or ``embedded``."""
    engine = shutil.which("terraform") if name == "terraform" else "embedded"
    if engine is None:
        raise SystemExit("no terraform on PATH; use --engine embedded")
    return engine


def timed(argv: list[str], cwd: Path, env: dict[str, str], timeout: float = 1200) -> float:
    """Seconds ``argv`` took; a failure ends the benchmark with its output."""
    started = time.perf_counter()
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed


@contextmanager
def fake_aws(work: Path, engine: str) -> Iterator[dict[str, str]]:
    """The environment for `wrapper` and `terraform` against moto and the test provider, while the block runs."""
    patch = pytest.MonkeyPatch()
    try:
        with moto_like_aws(patch) as endpoint:  # moto as the test suite runs it
            yield {
                **os.environ,
                "AWS_ENDPOINT_URL": endpoint,
                "TF_CLI_CONFIG_FILE": str(install(work / "provider")),
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_DEFAULT_REGION": "eu-west-2",
                "WRAPPER_TERRAFORM": engine,
                "CI": "true",
                "WRAPPER_ALLOW_LOCAL_STATE": "1",  # one machine, one run: local state is what the benches measure
                "TFPROVIDER_STATE_DIR": str(work / "provider-state"),
            }
    finally:
        patch.undo()
