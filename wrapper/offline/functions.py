"""What the offline Lambda runtime needs to run one of the project's functions. Pure."""

from __future__ import annotations

from wrapper.config import ProjectConfig
from wrapper.offline.lambda_environment import function_environment
from wrapper.offline.lambda_runtime.invoker import FunctionSpec, available_memory_mb, environments_bound


def environments_for(config: ProjectConfig, name: str, concurrency: int) -> int:
    """The function's bound on environments; the functions share half the memory available at start."""
    fn = config.functions[name]
    available = available_memory_mb()
    share = None if available is None else available / 2 / len(config.functions)
    return environments_bound(concurrency, fn.reserved_concurrency, fn.memory, share)


def function_spec(config: ProjectConfig, name: str, internal_port: int, gateway_netlocs: tuple[str, ...]) -> FunctionSpec:
    """``gateway_netlocs``: every host:port a handler may use to reach this gateway's @connections."""
    fn = config.functions[name]
    return FunctionSpec(
        name=name,
        full_name=fn.full_name,
        source_dir=(config.root / config.package.source_dir).resolve(),
        module=fn.module,
        function=fn.function,
        memory=fn.memory,
        timeout=float(fn.timeout),
        environment=function_environment(config, name, internal_port),
        region=config.region,
        gateway_netlocs=gateway_netlocs,
        stage=config.stage,
    )
