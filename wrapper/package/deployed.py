"""What is deployed for one function, and how it differs from the configuration.

Only code may change on the fast path; anything Terraform owns (memory,
timeout, environment, runtime, architecture, handler, routes) must match or
the caller is told a full deploy is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from wrapper.aws import paginate
from wrapper.config import ProjectConfig
from wrapper.config.model import Function


@dataclass(frozen=True)
class DeployedFunction:
    full_name: str
    arn: str
    code_sha256: str
    runtime: str
    architecture: str
    handler: str
    memory: int
    timeout: int
    environment: Mapping[str, str]
    layers: tuple[str, ...] = ()  # ARNs of the layer versions it uses


def from_lambda(configuration: Mapping[str, Any]) -> DeployedFunction:
    """Read ``GetFunction``'s ``Configuration``."""
    return DeployedFunction(
        full_name=configuration["FunctionName"],
        arn=configuration["FunctionArn"],
        code_sha256=configuration["CodeSha256"],
        runtime=configuration.get("Runtime", ""),
        architecture=(configuration.get("Architectures") or ["x86_64"])[0],
        handler=configuration.get("Handler", ""),
        memory=int(configuration.get("MemorySize", 0)),
        timeout=int(configuration.get("Timeout", 0)),
        environment=dict((configuration.get("Environment") or {}).get("Variables") or {}),
        layers=tuple(layer["Arn"] for layer in configuration.get("Layers") or ()),
    )


def configuration_drift(config: ProjectConfig, function: Function, deployed: DeployedFunction) -> list[str]:
    """Human-readable differences between the configured and the deployed function; empty if none."""
    expected = {
        "runtime": (config.runtime, deployed.runtime),
        "architecture": (config.architecture, deployed.architecture),
        "handler": (function.handler, deployed.handler),
        "memory": (function.memory, deployed.memory),
        "timeout": (function.timeout, deployed.timeout),
    }
    drift = [f"{key} {now} -> {wanted}" for key, (wanted, now) in expected.items() if wanted != now]
    drift.extend(_environment_drift(config.function_environment(function), deployed.environment))
    return drift


# Variables the stack's Terraform adds to every function (values only known once the API exists).
SET_BY_STACK = frozenset({"AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI"})


def _environment_drift(wanted: Mapping[str, str], deployed: Mapping[str, str]) -> Iterator[str]:
    # Names only: values can be private, and the names say enough to act on.
    added = sorted(set(wanted) - set(deployed))
    removed = sorted(set(deployed) - set(wanted) - SET_BY_STACK)
    changed = sorted(k for k in set(wanted) & set(deployed) if wanted[k] != deployed[k])
    if added:
        yield f"environment variables added: {', '.join(added)}"
    if removed:
        yield f"environment variables removed: {', '.join(removed)}"
    if changed:
        yield f"environment variables changed: {', '.join(changed)}"


def layer_drift(lam: Any, deployed: DeployedFunction, layer_hash: str | None) -> list[str]:
    """How the deployed function's layers differ from the stage's dependency layer (base64 sha256, or None without one).

    Only code may change on the fast path: a new dependency layer is a new layer version, which
    Terraform publishes and attaches to every function.
    """
    if layer_hash is None:
        return ["a dependency layer is attached but package.layer is off"] if deployed.layers else []
    hashes = [_layer_hash(lam, arn) for arn in deployed.layers]
    if hashes == [layer_hash]:
        return []
    return ["the dependency layer changed (requirements)" if deployed.layers else "no dependency layer is attached yet"]


def _layer_hash(lam: Any, arn: str) -> str | None:
    # arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION
    name, _, version = arn.rpartition(":")
    try:
        return str(lam.get_layer_version(LayerName=name, VersionNumber=int(version))["Content"]["CodeSha256"])
    except lam.exceptions.ResourceNotFoundException:
        return None


def routes_drift(function: Function, deployed_routes: set[str] | None, api_name: str) -> list[str]:
    if deployed_routes is None:
        return [f"the WebSocket API {api_name} does not exist"]
    wanted = set(function.routes)
    if wanted == deployed_routes:
        return []
    parts = []
    if wanted - deployed_routes:
        parts.append(f"routes added: {', '.join(sorted(wanted - deployed_routes))}")
    if deployed_routes - wanted:
        parts.append(f"routes removed: {', '.join(sorted(deployed_routes - wanted))}")
    return parts


def routes_of(apigw: Any, api_name: str, function_name: str) -> set[str] | None:
    """Route keys of the API named ``api_name`` whose integration invokes ``function_name``; None without that API."""
    api_id = _find_api(apigw, api_name)
    if api_id is None:
        return None
    pattern = re.compile(rf":function:{re.escape(function_name)}(?::[^/]+)?(?:/|$)")
    targets = {
        item["IntegrationId"]
        for item in paginate(apigw, "get_integrations", "Items", ApiId=api_id)
        if pattern.search(item.get("IntegrationUri", ""))
    }
    return {
        route["RouteKey"]
        for route in paginate(apigw, "get_routes", "Items", ApiId=api_id)
        if route.get("Target", "").removeprefix("integrations/") in targets
    }


def _find_api(apigw: Any, name: str) -> str | None:
    for api in paginate(apigw, "get_apis", "Items"):
        if api.get("Name") == name and api.get("ProtocolType") == "WEBSOCKET":
            return str(api["ApiId"])
    return None
