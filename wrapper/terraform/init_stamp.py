"""Whether `terraform init` can be skipped: nothing it reads changed since it last succeeded here.

init reads the configuration's module calls, provider requirements and backend block, the lock
file, and the CLI config (mirrors, plugin cache); it writes `.terraform/`. Variables
(terraform.tfvars.json) and resource bodies do not change what init does. A no-change deploy
then saves one engine start, the module and provider checks, and the backend's setup (about 1-3 s).
The stamp lives inside `.terraform/`, so deleting that folder (or `terraform init` by hand) is
always safe: the next deploy runs init again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

STAMP = Path(".terraform") / "wrapper-init.sha256"
NOT_READ_BY_INIT = {"terraform.tfvars.json", "plan.json"}


def fingerprint(stack: Path, argv: tuple[str, ...], env: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for path in sorted(stack.rglob("*")):
        rel = path.relative_to(stack)
        if not path.is_file() or rel.parts[0] == ".terraform" or rel.name in NOT_READ_BY_INIT:
            continue
        if rel.suffix in {".tf", ".json", ".hcl"}:
            digest.update(f"{rel.as_posix()}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    digest.update("\0".join(argv).encode())
    for name in ("TF_CLI_CONFIG_FILE", "TF_PLUGIN_CACHE_DIR", "TF_DATA_DIR"):
        value = env.get(name, "")
        digest.update(f"\0{name}={value}".encode())
        if name == "TF_CLI_CONFIG_FILE" and value and Path(value).is_file():
            digest.update(Path(value).read_bytes())
    return digest.hexdigest()


def unchanged(stack: Path, argv: tuple[str, ...], env: Mapping[str, str]) -> bool:
    stamp = stack / STAMP
    return stamp.is_file() and stamp.read_text() == fingerprint(stack, argv, env)


def record(stack: Path, argv: tuple[str, ...], env: Mapping[str, str]) -> None:
    stamp = stack / STAMP
    if stamp.parent.is_dir():
        stamp.write_text(fingerprint(stack, argv, env))


def forget(stack: Path) -> None:
    (stack / STAMP).unlink(missing_ok=True)
