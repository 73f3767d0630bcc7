"""What the offline Lambda runtime needs to run one of the project's functions. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from wrapper.config import ProjectConfig
from wrapper.errors import ConfigError
from wrapper.offline.lambda_environment import function_environment
from wrapper.offline.lambda_runtime.invoker import FunctionSpec, available_memory_mb, environments_bound


def environments_for(config: ProjectConfig, name: str, concurrency: int) -> int:
    """The function's bound on environments; the functions share half the memory available at start."""
    fn = config.functions[name]
    available = available_memory_mb()
    share = None if available is None else available / 2 / len(config.functions)
    return environments_bound(concurrency, fn.reserved_concurrency, fn.memory, share)


def function_spec(
    config: ProjectConfig, name: str, internal_port: int, gateway_netlocs: tuple[str, ...], extra_environment: Mapping[str, str] = {}
) -> FunctionSpec:
    """``gateway_netlocs``: every host:port a handler may use to reach this gateway's @connections;
    ``extra_environment``: what the running dev server adds (the local sign-in issuer's addresses)."""
    fn = config.functions[name]
    return FunctionSpec(
        name=name,
        full_name=fn.full_name,
        source_dir=(config.root / config.package.source_dir).resolve(),
        module=fn.module,
        function=fn.function,
        memory=fn.memory,
        timeout=float(fn.timeout),
        environment={**function_environment(config, name, internal_port), **extra_environment},
        region=config.region,
        gateway_netlocs=gateway_netlocs,
        stage=config.stage,
    )


def check_handlers(config: ProjectConfig) -> None:
    """Every function's handler module exists (a configuration error, exit 2, as `wrapper package` says)."""
    source = config.root / config.package.source_dir
    for fn in config.functions.values():
        if not (source / (fn.module.replace(".", "/") + ".py")).is_file():
            raise ConfigError(
                f"functions.{fn.name}: handler module {fn.module!r} not found in {source}",
                f"create {source.name}/{fn.module.replace('.', '/')}.py or fix functions.{fn.name}.handler in wrapper.toml",
            )
