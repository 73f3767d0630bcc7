"""Check that this machine can run, package and deploy the project; each failed check says how to fix it."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wrapper import aws
from wrapper.config import ProjectConfig
from wrapper.errors import WrapperError
from wrapper.terraform.account import caller_identity


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.name, "ok": self.ok, "detail": self.detail, "fix": self.fix}


def _engine() -> Check:
    from wrapper.terraform.engine import resolve_engine
    from wrapper.terraform.runner import Runner

    try:
        engine = resolve_engine()
    except WrapperError as err:
        return Check("terraform engine", False, err.message, err.hint or "")
    result = Runner(engine, _cwd()).run("version", "-json")
    version = result.stdout.split('"terraform_version":')[-1].split('"')[1] if '"terraform_version"' in result.stdout else "unknown"
    return Check("terraform engine", result.code == 0, f"{engine.source}, Terraform {version}", "" if result.code == 0 else "reinstall it")


def _cwd() -> Any:
    from pathlib import Path

    return Path.cwd()


def _credentials(config: ProjectConfig, sts: Any | None) -> Check:
    try:
        who = caller_identity(config.region, sts)
    except WrapperError as exc:
        return Check("aws credentials", False, exc.message, exc.hint or "")
    return Check("aws credentials", True, f"account {who['Account']} as {who['Arn']}, region {config.region}")


def _state_bucket(config: ProjectConfig, s3: Any | None) -> Check | None:
    if config.state is None:
        return None
    try:
        with aws.aws_errors(f"read the state bucket {config.state.bucket}"):
            (s3 or aws.client("s3", config.state.region)).head_bucket(Bucket=config.state.bucket)
    except WrapperError as exc:
        return Check("state bucket", False, exc.message, "create it: wrapper bootstrap")
    return Check("state bucket", True, config.state.bucket)


def _packaging(config: ProjectConfig) -> Check:
    done = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        return Check("packaging", False, "pip is not available", f"{sys.executable} -m ensurepip")
    version = done.stdout.split()[1]
    major = int(version.split(".")[0])
    ok = major >= 21  # --platform with --only-binary and --python-version, reliably
    return Check(
        "packaging", ok, f"pip {version} builds {config.runtime} / {config.architecture} wheels", "" if ok else "pip install --upgrade pip"
    )


def _frontend(config: ProjectConfig) -> Check:
    folder = config.root / config.dev.frontend_dir
    if not (folder / "package.json").is_file():
        return Check("frontend", True, f"no {config.dev.frontend_dir}/package.json; nothing to install")
    if shutil.which("npm") is None:
        return Check("frontend", False, "npm is not installed", "install Node.js and npm (Debian: apt-get install npm)")
    if not (folder / "node_modules" / "three").is_dir():
        return Check("frontend", False, "three.js is not installed", f"run `npm install` in {folder}")
    return Check("frontend", True, "npm and three.js installed")


def _ports(config: ProjectConfig) -> Check:
    busy = []
    for port in (config.dev.port, config.dev.frontend_port):
        if port == 0:
            continue
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((config.dev.host, port))
            except OSError:
                busy.append(port)
    if busy:
        return Check(
            "wrapper dev ports", False, f"in use: {', '.join(map(str, busy))}", "stop what uses them, or set dev.port / dev.frontend_port"
        )
    return Check("wrapper dev ports", True, f"{config.dev.port} and {config.dev.frontend_port} are free")


def diagnose(config: ProjectConfig, *, sts: Any | None = None, s3: Any | None = None, engine: Callable[[], Check] = _engine) -> list[Check]:
    checks = [engine(), _credentials(config, sts), _state_bucket(config, s3), _packaging(config), _frontend(config), _ports(config)]
    return [c for c in checks if c is not None]
