"""Lambda: functions from a local zip, layer versions, and invoke permissions."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from tests.support.tfprovider.base import (
    NOT_FOUND,
    ProviderError,
    ResourceType,
    State,
    kept_if_found,
    missing_is_fine,
    reported,
    unless_missing,
)

# https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-FunctionName
_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


class Function(ResourceType):
    type_name = "aws_lambda_function"
    force_new = frozenset({"function_name", "package_type"})
    recomputed_on_update = frozenset({"last_modified", "source_code_size", "qualified_arn", "qualified_invoke_arn"})

    def validate(self, config: State) -> None:
        name = config.get("function_name")
        if isinstance(name, str) and not name.startswith("arn:") and not _NAME.match(name):
            raise ProviderError(
                f"invalid value for function_name ({name!r})",
                "Lambda function names are 1 to 64 letters, digits, hyphens or underscores.",
            )
        memory = config.get("memory_size")
        if isinstance(memory, int | float) and not 128 <= memory <= 10240:
            raise ProviderError(f"expected memory_size to be in the range (128 - 10240), got {memory}")
        timeout = config.get("timeout")
        if isinstance(timeout, int | float) and not 1 <= timeout <= 900:
            raise ProviderError(f"expected timeout to be in the range (1 - 900), got {timeout}")

    def plan(self, prior: State | None, planned: State) -> None:
        if planned.get("source_code_hash") is None and isinstance(planned.get("filename"), str) and Path(planned["filename"]).is_file():
            planned["source_code_hash"] = _hash(Path(planned["filename"]).read_bytes())

    def _configuration(self, planned: State) -> dict[str, object]:
        env = (planned.get("environment") or [{}])[0] or {}
        tracing = (planned.get("tracing_config") or [{}])[0] or {}
        return {
            "Runtime": planned.get("runtime"),
            "Role": planned["role"],
            "Handler": planned.get("handler"),
            "Description": planned.get("description") or "",
            "Timeout": int(planned.get("timeout") or 3),
            "MemorySize": int(planned.get("memory_size") or 128),
            "Environment": {"Variables": env.get("variables") or {}},
            "TracingConfig": {"Mode": tracing.get("mode") or "PassThrough"},
            "Layers": list(planned.get("layers") or []),
        }

    def _describe(self, planned: State, config: dict[str, object]) -> State:
        arn = str(config["FunctionArn"])
        region = self.region(planned)
        invoke = f"arn:{self.ctx.partition}:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations"
        planned.update(
            id=planned["function_name"],
            arn=arn,
            invoke_arn=invoke,
            qualified_arn=f"{arn}:{config['Version']}",
            qualified_invoke_arn=invoke.replace(arn, f"{arn}:{config['Version']}"),
            version=config["Version"],
            last_modified=config["LastModified"],
            source_code_size=config["CodeSize"],
        )
        return planned

    def _zip(self, planned: State) -> bytes:
        try:
            return Path(planned["filename"]).read_bytes()
        except OSError as exc:
            raise ProviderError(f"reading ZIP file ({planned['filename']}): {exc.strerror}") from exc

    def create(self, planned: State) -> State:
        lam = self.client("lambda", planned)
        with reported(f"creating Lambda Function ({planned['function_name']})"):
            config = lam.create_function(
                FunctionName=planned["function_name"],
                Code={"ZipFile": self._zip(planned)},
                Architectures=planned.get("architectures") or ["x86_64"],
                Publish=bool(planned.get("publish")),
                Tags=planned.get("tags_all") or {},
                **self._configuration(planned),
            )
        return self._describe(planned, config)

    def read(self, state: State) -> State | None:
        lam = self.client("lambda", state)
        config = unless_missing(lambda: lam.get_function(FunctionName=state["function_name"])["Configuration"], NOT_FOUND)
        return None if config is None else self._describe(state, config)

    def update(self, prior: State, planned: State) -> State:
        lam = self.client("lambda", planned)
        name = prior["function_name"]
        with reported(f"updating Lambda Function ({name})"):
            config = lam.update_function_configuration(FunctionName=name, **self._configuration(planned))
            if planned.get("source_code_hash") != prior.get("source_code_hash") or planned.get("filename") != prior.get("filename"):
                config = lam.update_function_code(
                    FunctionName=name, ZipFile=self._zip(planned), Architectures=planned.get("architectures") or ["x86_64"]
                )
        return self._describe(planned, config)

    def delete(self, state: State) -> None:
        with reported(f"deleting Lambda Function ({state['function_name']})"):
            self.client("lambda", state).delete_function(FunctionName=state["function_name"])


def _hash(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


class LayerVersion(ResourceType):
    """A layer version is immutable: every argument replaces it (the real provider marks them all ForceNew)."""

    type_name = "aws_lambda_layer_version"
    force_new = frozenset(
        {"layer_name", "filename", "source_code_hash", "compatible_runtimes", "compatible_architectures", "description", "license_info"}
    )

    def plan(self, prior: State | None, planned: State) -> None:
        if planned.get("source_code_hash") is None and isinstance(planned.get("filename"), str) and Path(planned["filename"]).is_file():
            planned["source_code_hash"] = _hash(Path(planned["filename"]).read_bytes())

    def create(self, planned: State) -> State:
        try:
            data = Path(planned["filename"]).read_bytes()
        except OSError as exc:
            raise ProviderError(f"reading ZIP file ({planned['filename']}): {exc.strerror}") from exc
        kwargs: dict[str, object] = {"LayerName": planned["layer_name"], "Content": {"ZipFile": data}}
        if planned.get("compatible_runtimes"):
            kwargs["CompatibleRuntimes"] = sorted(planned["compatible_runtimes"])
        if planned.get("compatible_architectures"):
            kwargs["CompatibleArchitectures"] = sorted(planned["compatible_architectures"])
        if planned.get("description"):
            kwargs["Description"] = planned["description"]
        with reported(f"publishing Lambda Layer Version ({planned['layer_name']})"):
            published = self.client("lambda", planned).publish_layer_version(**kwargs)
        planned.update(
            id=published["LayerVersionArn"],
            arn=published["LayerVersionArn"],
            layer_arn=published["LayerArn"],
            version=str(published["Version"]),
            created_date=str(published.get("CreatedDate") or ""),
            source_code_size=published["Content"]["CodeSize"],
        )
        return planned

    def read(self, state: State) -> State | None:
        lam = self.client("lambda", state)
        version = {"LayerName": state["layer_arn"], "VersionNumber": int(state["version"])}
        return kept_if_found(state, lambda: lam.get_layer_version(**version), NOT_FOUND)

    def delete(self, state: State) -> None:
        if state.get("skip_destroy"):
            return
        with reported(f"deleting Lambda Layer Version ({state['arn']})"), missing_is_fine(NOT_FOUND):
            self.client("lambda", state).delete_layer_version(LayerName=state["layer_arn"], VersionNumber=int(state["version"]))


class Permission(ResourceType):
    type_name = "aws_lambda_permission"
    force_new = frozenset(
        {"action", "function_name", "principal", "qualifier", "source_account", "source_arn", "statement_id", "statement_id_prefix"}
    )

    def create(self, planned: State) -> State:
        sid = planned.get("statement_id") or f"{planned.get('statement_id_prefix') or 'terraform-'}{id(planned)}"
        kwargs = {
            "FunctionName": planned["function_name"],
            "StatementId": sid,
            "Action": planned["action"],
            "Principal": planned["principal"],
        }
        if planned.get("source_arn"):
            kwargs["SourceArn"] = planned["source_arn"]
        with reported(f"adding Lambda Permission ({planned['function_name']}/{sid})"):
            self.client("lambda", planned).add_permission(**kwargs)
        planned.update(id=sid, statement_id=sid)
        return planned

    def read(self, state: State) -> State | None:
        policy = unless_missing(lambda: self.client("lambda", state).get_policy(FunctionName=state["function_name"])["Policy"], NOT_FOUND)
        statements = json.loads(policy).get("Statement", []) if policy is not None else []
        return state if any(s.get("Sid") == state["statement_id"] for s in statements) else None

    def delete(self, state: State) -> None:
        with missing_is_fine(NOT_FOUND):
            self.client("lambda", state).remove_permission(FunctionName=state["function_name"], StatementId=state["statement_id"])
