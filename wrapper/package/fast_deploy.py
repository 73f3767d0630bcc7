"""``deploy_function``: update one function's code without Terraform, when only code changed.

Used by ``wrapper deploy --stage S --function NAME``. It packages the stage
(cached, so usually only the edited zip is rebuilt), compares the zip's
base64 sha256 with the deployed ``CodeSha256``, and uploads with
``UpdateFunctionCode``, then waits until Lambda reports the update finished.
If anything Terraform manages differs (memory, timeout, environment, runtime,
architecture, handler, routes, the dependency layer of ``package.layer``) it refuses:
a full deploy is needed. With a layer, the uploaded zip holds only the function's code.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Literal

from wrapper import aws
from wrapper.config import ProjectConfig
from wrapper.errors import UsageError, WrapperError
from wrapper.package.build import package_stage
from wrapper.package.deployed import DeployedFunction, configuration_drift, from_lambda, layer_drift, routes_drift, routes_of
from wrapper.package.plan import Progress

WAIT_DELAY_SECONDS = 1
WAIT_MAX_ATTEMPTS = 300


@dataclass(frozen=True)
class FastDeployResult:
    function: str
    full_name: str
    status: Literal["updated", "unchanged"]
    zip: str
    code_sha256: str
    previous_code_sha256: str
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "seconds": round(self.seconds, 3)}

    def summary(self) -> str:
        if self.status == "unchanged":
            return f"{self.full_name} already runs this code ({self.code_sha256}); nothing uploaded"
        return f"updated {self.full_name} with {self.zip} in {self.seconds:.1f} s"


def deploy_function(config: ProjectConfig, name: str, *, on_progress: Callable[[Progress], None] | None = None) -> FastDeployResult:
    started = time.perf_counter()
    function = config.functions.get(name)
    if function is None:
        raise UsageError(f"stage {config.stage} has no function {name!r}", f"pick one of: {', '.join(sorted(config.functions))}")
    packaged = package_stage(config, on_progress=on_progress)
    package = packaged.functions[name]
    layer_hash = packaged.layer.source_code_hash if packaged.layer is not None else None
    session = aws.session(config.region)
    client = aws.client("lambda", config.region, from_session=session)
    with aws.aws_errors(f"update {function.full_name}"):
        deployed = _deployed(client, function.full_name, config.stage)
        drift = configuration_drift(config, function, deployed) + layer_drift(client, deployed, layer_hash)
        apigw = aws.client("apigatewayv2", config.region, from_session=session)
        drift += routes_drift(function, routes_of(apigw, config.api_name, function.full_name), config.api_name)
        if drift:
            raise WrapperError(
                f"a full deploy is needed: {function.full_name} differs in more than code ({'; '.join(drift)})",
                f"run `wrapper deploy --stage {config.stage}` without --function",
            )
        if deployed.code_sha256 == package.source_code_hash:
            return FastDeployResult(
                name,
                function.full_name,
                "unchanged",
                package.zip,
                deployed.code_sha256,
                deployed.code_sha256,
                time.perf_counter() - started,
            )
        response = client.update_function_code(FunctionName=function.full_name, ZipFile=package.path.read_bytes())
        client.get_waiter("function_updated_v2").wait(
            FunctionName=function.full_name, WaiterConfig={"Delay": WAIT_DELAY_SECONDS, "MaxAttempts": WAIT_MAX_ATTEMPTS}
        )
    if response["CodeSha256"] != package.source_code_hash:
        raise WrapperError(
            f"Lambda stored code with hash {response['CodeSha256']}, not {package.source_code_hash}",
            "retry; if it persists, run a full deploy",
        )
    return FastDeployResult(
        name, function.full_name, "updated", package.zip, package.source_code_hash, deployed.code_sha256, time.perf_counter() - started
    )


def _deployed(client: Any, full_name: str, stage: str) -> DeployedFunction:
    try:
        return from_lambda(client.get_function(FunctionName=full_name)["Configuration"])
    except client.exceptions.ResourceNotFoundException as err:
        raise WrapperError(
            f"{full_name} is not deployed yet, so there is no code to update", f"run `wrapper deploy --stage {stage}` once to create it"
        ) from err
