"""The AWS edge: clients, errors worded once, paginators; and that nothing else reaches boto3.

AWS itself is out of reach here: moto stands in for CloudWatch Logs, botocore's real exception
classes for the failures (built with the response shapes AWS sends).
"""

from __future__ import annotations

import ast
import socket
import time
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError, NoCredentialsError
from moto import mock_aws

import wrapper
from wrapper import aws
from wrapper.errors import WrapperError

PACKAGE = Path(wrapper.__file__).parent


def _client_error(code: str, message: str = "nope", status: int = 400) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": status}}, "GetThing")


def _raised(exc: BaseException, action: str = "read the thing") -> WrapperError:
    with pytest.raises(WrapperError) as caught, aws.aws_errors(action):
        raise exc
    return caught.value


def test_clients_carry_wrappers_retries_user_agent_and_endpoint() -> None:
    client = aws.client("dynamodb", "eu-west-2", endpoint_url="http://127.0.0.1:9", credentials=aws.OFFLINE_CREDENTIALS)
    assert client.meta.region_name == "eu-west-2"
    assert client.meta.endpoint_url == "http://127.0.0.1:9"
    assert client.meta.config.retries["mode"] == "standard"
    assert client.meta.config.retries["total_max_attempts"] == 6  # botocore counts the first try too
    assert f"wrapper/{wrapper.__version__}" in client.meta.config.user_agent_extra


def test_missing_credentials_say_how_to_configure_them() -> None:
    error = _raised(NoCredentialsError())
    assert error.message == "no AWS credentials found" and "aws configure" in (error.hint or "")


def test_an_unknown_profile_names_it_and_how_to_make_it(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # Real botocore with an empty config: AWS_PROFILE=nope raises ProfileNotFound when a client is made.
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_PROFILE", "nope")
    import boto3

    error = _raised_from(lambda: boto3.session.Session().client("sts", region_name="eu-west-2"))
    assert "'nope'" in error.message and "AWS_PROFILE" in error.message
    assert "aws configure --profile nope" in (error.hint or "")


@pytest.mark.parametrize(
    ("code", "start", "hint"),
    [
        ("AccessDeniedException", "access denied to read the thing: nope", "IAM policy"),
        ("ThrottlingException", "AWS throttled the requests to read the thing", "retry"),
        ("ExpiredTokenException", "AWS refused the credentials to read the thing", "refresh them"),
        ("ValidationException", "could not read the thing: nope", "permissions"),
    ],
)
def test_service_errors_become_wrapper_errors_with_hints(code: str, start: str, hint: str) -> None:
    error = _raised(_client_error(code))
    assert error.message.startswith(start) and hint in (error.hint or "")


def test_unreachable_endpoint_is_a_network_error() -> None:
    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = aws.client("sts", "eu-west-2", endpoint_url=f"http://127.0.0.1:{port}", credentials=aws.OFFLINE_CREDENTIALS)
    error = _raised_from(lambda: client.get_caller_identity())
    assert error.message.startswith("cannot reach AWS to check") and "network" in (error.hint or "")


def _raised_from(call: object) -> WrapperError:
    with pytest.raises(WrapperError) as caught, aws.aws_errors("check"):
        call()  # type: ignore[operator]
    return caught.value


def test_other_exceptions_pass_through_untouched() -> None:
    with pytest.raises(KeyError), aws.aws_errors():
        raise KeyError("a bug, not AWS")


def test_error_code_reads_service_errors_only() -> None:
    assert aws.error_code(_client_error("ResourceNotFoundException")) == "ResourceNotFoundException"
    assert aws.error_code(ValueError("x")) is None


@mock_aws
def test_paginate_follows_every_page() -> None:
    logs = boto3.client("logs", region_name="eu-west-2")
    logs.create_log_group(logGroupName="g")
    logs.create_log_stream(logGroupName="g", logStreamName="s")
    now = int(time.time() * 1000)
    logs.put_log_events(logGroupName="g", logStreamName="s", logEvents=[{"timestamp": now + i, "message": f"m{i}"} for i in range(7)])
    pages = list(logs.get_paginator("filter_log_events").paginate(logGroupName="g", PaginationConfig={"PageSize": 2}))
    assert len(pages) > 1  # moto pages, so the test below crosses page boundaries
    events = list(aws.paginate(logs, "filter_log_events", "events", logGroupName="g", PaginationConfig={"PageSize": 2}))
    assert [e["message"] for e in events] == [f"m{i}" for i in range(7)]


def test_answered_client_parses_the_in_process_answer() -> None:
    seen: list[tuple[str, dict[str, object]]] = []

    def answer(operation: str, body: dict[str, object]) -> tuple[int, dict[str, object]]:
        seen.append((operation, body))
        return 200, {"TableNames": ["a", "b"]}

    client = aws.answered_client("dynamodb", "eu-west-2", answer)
    assert client.list_tables(Limit=5)["TableNames"] == ["a", "b"]
    assert seen == [("ListTables", {"Limit": 5})]


def _imports_aws_sdk(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text())):
        names = (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
        if any(name.split(".")[0] in {"boto3", "botocore"} for name in names):
            return True
    return False


def test_only_the_edge_imports_boto3_or_botocore() -> None:
    """ruff's banned-api rule says the same, but is switched off per file for ui/ (rich); this covers every module."""
    allowed = {PACKAGE / "aws", PACKAGE / "offline" / "lambda_runtime"}  # lambda_runtime's workers run in the handler's interpreter
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if not any(parent in allowed for parent in path.parents) and _imports_aws_sdk(path)
    ]
    assert offenders == []
    assert _imports_aws_sdk(PACKAGE / "aws" / "clients.py")  # the scan sees lazy, in-function imports
