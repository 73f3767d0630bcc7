"""Issue tokens with the project's own ``functions/common/auth.py`` (the handlers' verifier).

The signing key is ``token_key`` in the stage's secret: from Secrets Manager for a
deployed stage (created there on first use), or from the data `wrapper dev` saved
under .wrapper/local/<stage>/ for the offline stage.
"""

from __future__ import annotations

import importlib.util
import json
import secrets
import uuid
from types import ModuleType
from typing import Any

from wrapper import aws
from wrapper.config import ProjectConfig
from wrapper.errors import WrapperError
from wrapper.templates import templates_root

# The longest lifetime a token may have; the handlers' verifier (common/auth.py,
# MAX_LIFETIME_SECONDS) refuses anything longer, so the two must agree.
MAX_TTL_SECONDS = 7 * 86400


def signer(config: ProjectConfig) -> ModuleType:
    candidates = [
        config.root / config.package.source_dir / "common" / "auth.py",
        templates_root() / "lambdas" / "webxr" / "common" / "auth.py",
    ]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        raise WrapperError("no common/auth.py to sign tokens with", "restore functions/common/auth.py from `wrapper init`")
    spec = importlib.util.spec_from_file_location("wrapper_project_auth", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def local_key(config: ProjectConfig) -> bytes:
    state = config.root / ".wrapper" / "local" / config.stage / "state.json"
    try:
        secret = json.loads(json.loads(state.read_text())["secret"])
    except (OSError, ValueError, KeyError):
        raise WrapperError(
            f"no local data for stage {config.stage!r} yet", "start `wrapper dev` once (it creates the signing key), then ask again"
        ) from None
    return bytes.fromhex(secret["token_key"])


def cloud_key(config: ProjectConfig, client: Any | None = None) -> bytes:
    sm = client or aws.client("secretsmanager", config.region)
    with aws.aws_errors(f"read secret {config.secret.name}"):
        try:
            current = sm.get_secret_value(SecretId=config.secret.name)
        except Exception as exc:
            if aws.error_code(exc) != "ResourceNotFoundException":
                raise
            raise WrapperError(
                f"stage {config.stage} has no secret {config.secret.name} yet", f"deploy stage {config.stage} first"
            ) from None
        secret = json.loads(current.get("SecretString") or "{}")
        if not secret.get("token_key"):
            secret = _create_key(sm, config.secret.name, current["VersionId"], secret)
    return bytes.fromhex(secret["token_key"])


def _create_key(sm: Any, secret_id: str, read_version: str, secret: dict[str, Any]) -> dict[str, Any]:
    """Add a token_key to the secret version read, unless another signer already did (compare and set).

    Every signer that read the same version uses the same ClientRequestToken (derived from that
    version's id); Secrets Manager creates a version only once per token and refuses the same token
    with a different value, so the first signer's key wins and the others read it back.
    """
    version = str(uuid.uuid5(uuid.UUID(read_version), "wrapper-token-key")) if _is_uuid(read_version) else None
    proposal = {**secret, "token_key": secrets.token_hex(32)}
    try:
        sm.put_secret_value(SecretId=secret_id, SecretString=json.dumps(proposal), **({"ClientRequestToken": version} if version else {}))
        return proposal
    except Exception as exc:
        if aws.error_code(exc) != "ResourceExistsException":
            raise
    won: dict[str, Any] = json.loads(sm.get_secret_value(SecretId=secret_id).get("SecretString") or "{}")
    return won


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
        return True
    except ValueError:
        return False


def issue(config: ProjectConfig, player: str, ttl_seconds: int, *, local: bool, client: Any | None = None) -> str:
    try:
        key = local_key(config) if local else cloud_key(config, client)
    except WrapperError as err:
        if local:
            raise
        # Most first tries are for `wrapper dev`, which needs no AWS at all: say so next to the AWS advice.
        hint = f"{err.hint}; " if err.hint else ""
        raise type(err)(err.message, f"{hint}for `wrapper dev`'s offline stage add --local (no AWS needed)") from None
    token: str = signer(config).sign(player, key, ttl_seconds)
    return token
