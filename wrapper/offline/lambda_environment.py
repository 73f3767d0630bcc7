"""The environment a handler gets offline: Lambda's own variables, with AWS endpoints pointing at this machine."""

from __future__ import annotations

import os

from wrapper.config import ProjectConfig


def function_environment(config: ProjectConfig, name: str, port: int) -> dict[str, str]:
    """What Lambda would put in the environment, with AWS endpoints pointing at this machine."""
    fn = config.functions[name]
    base = f"http://127.0.0.1:{port}"
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT", "VIRTUAL_ENV"}}
    source = str((config.root / config.package.source_dir).resolve())
    return {
        **keep,
        **config.function_environment(fn),
        "AWS_REGION": config.region,
        "AWS_DEFAULT_REGION": config.region,
        "AWS_ACCESS_KEY_ID": "offline",
        "AWS_ACCESS_KEY": "offline",
        "AWS_SECRET_ACCESS_KEY": "offline",
        "AWS_SESSION_TOKEN": "offline",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_LAMBDA_FUNCTION_NAME": fn.full_name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(fn.memory),
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{fn.full_name}",
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001",  # Lambda's value; nothing offline serves it
        "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
        "LANG": keep.get("LANG", "en_US.UTF-8"),
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{config.runtime}",
        "LAMBDA_TASK_ROOT": source,
        "_HANDLER": fn.handler,
        "TZ": ":UTC",
        "AWS_ENDPOINT_URL_DYNAMODB": f"{base}/__aws/dynamodb",
        "AWS_ENDPOINT_URL_SECRETS_MANAGER": f"{base}/__aws/secretsmanager",
        "AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI": f"{base}/{config.stage}",
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
