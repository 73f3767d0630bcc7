"""The stage's Secrets Manager secret: one JSON document of the user's values and generated settings.

Values are only ever returned by ``get``; nothing here logs or prints them.
"""

from __future__ import annotations

import json
from typing import Any

from wrapper.aws import aws_errors, client, error_code
from wrapper.config import ProjectConfig
from wrapper.errors import UsageError, WrapperError


def check_declared(config: ProjectConfig, name: str) -> None:
    """Refuse a name wrapper.toml does not declare, before asking for a value or a confirmation."""
    if name not in config.secret.values:
        declared = f" (declared: {', '.join(config.secret.values)})" if config.secret.values else " (it declares none)"
        raise UsageError(
            f"{name!r} is not one of this project's secret values{declared}",
            f'add it to [secrets] values in wrapper.toml first, e.g. values = ["{name}"]',
        )


class StageSecret:
    def __init__(self, config: ProjectConfig, sm: Any | None = None) -> None:
        self.config = config
        self.sm = sm or client("secretsmanager", config.region)

    def _load(self) -> dict[str, str]:
        with aws_errors(f"read {self.config.secret.name}"):
            try:
                raw = self.sm.get_secret_value(SecretId=self.config.secret.name).get("SecretString") or "{}"
            except Exception as exc:
                if error_code(exc) != "ResourceNotFoundException":
                    raise
                raise WrapperError(
                    f"stage {self.config.stage!r} has no secret {self.config.secret.name} yet",
                    f"deploy it first: wrapper deploy --stage {self.config.stage}",
                ) from None
        data: dict[str, str] = json.loads(raw)
        return data

    def _save(self, data: dict[str, str]) -> None:
        with aws_errors(f"write {self.config.secret.name}"):
            self.sm.put_secret_value(SecretId=self.config.secret.name, SecretString=json.dumps(data))

    def _check_name(self, name: str) -> None:
        check_declared(self.config, name)

    def names(self) -> list[dict[str, Any]]:
        data = self._load()
        return [{"name": name, "set": bool(data.get(name))} for name in self.config.secret.values]

    def get(self, name: str) -> str:
        self._check_name(name)
        value = self._load().get(name) or ""
        if not value:
            raise WrapperError(
                f"{name} is not set for stage {self.config.stage}", f"set it: wrapper secrets set {name} --stage {self.config.stage}"
            )
        return value

    def set(self, name: str, value: str) -> None:
        self._check_name(name)
        if not value:
            raise UsageError(f"refusing to set {name} to an empty value", "use `wrapper secrets delete` to clear it")
        data = self._load()
        data[name] = value
        self._save(data)

    def delete(self, name: str) -> bool:
        self._check_name(name)
        data = self._load()
        had = bool(data.get(name))
        data[name] = ""
        self._save(data)
        return had
