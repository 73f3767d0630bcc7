"""``deploy_function`` against moto's Lambda and API Gateway v2 (real AWS cannot be reached here)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from tests.package.conftest import config_of, write_project
from tests.projects import edit_config
from wrapper.config import ProjectConfig
from wrapper.errors import UsageError, WrapperError
from wrapper.package.fast_deploy import deploy_function

REGION = "eu-west-2"


def _placeholder_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("pose.py", "def handler(e, c):\n    return None\n")
    return buffer.getvalue()


def _deploy_like_terraform(config: ProjectConfig) -> None:
    """Create what a full deploy creates for this stage: functions, the WebSocket API, integrations and routes."""
    iam = boto3.client("iam", region_name=REGION)
    role = iam.create_role(RoleName="pk-dev-lambda", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}))
    lam = boto3.client("lambda", region_name=REGION)
    apigw = boto3.client("apigatewayv2", region_name=REGION)
    api = apigw.create_api(Name=config.api_name, ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
    for fn in config.functions.values():
        arn = lam.create_function(
            FunctionName=fn.full_name,
            Runtime=config.runtime,
            Role=role["Role"]["Arn"],
            Handler=fn.handler,
            Code={"ZipFile": _placeholder_zip()},
            MemorySize=fn.memory,
            Timeout=fn.timeout,
            Architectures=[config.architecture],
            Environment={"Variables": config.function_environment(fn)},
        )["FunctionArn"]
        uri = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{arn}/invocations"
        integration = apigw.create_integration(ApiId=api["ApiId"], IntegrationType="AWS_PROXY", IntegrationUri=uri)
        for route in fn.routes:
            apigw.create_route(ApiId=api["ApiId"], RouteKey=route, Target=f"integrations/{integration['IntegrationId']}")


@pytest.fixture
def deployed(tmp_path: Path) -> Iterator[Path]:
    root = write_project(tmp_path / "app")
    with mock_aws():
        _deploy_like_terraform(config_of(root))
        yield root


def _code_sha(config: ProjectConfig, name: str) -> str:
    client = boto3.client("lambda", region_name=REGION)
    return str(client.get_function(FunctionName=config.functions[name].full_name)["Configuration"]["CodeSha256"])


def test_code_change_is_uploaded_and_a_second_run_uploads_nothing(deployed: Path) -> None:
    config = config_of(deployed)
    result = deploy_function(config, "pose")
    manifest = json.loads((config.work_dir / "dist" / "manifest.json").read_text())
    assert result.status == "updated" and result.full_name == "pk-dev-pose"
    assert result.code_sha256 == manifest["functions"]["pose"]["source_code_hash"] == _code_sha(config, "pose")
    assert result.previous_code_sha256 != result.code_sha256
    assert _code_sha(config, "connect") != manifest["functions"]["connect"]["source_code_hash"]  # only pose was touched

    again = deploy_function(config_of(deployed), "pose")
    assert again.status == "unchanged" and again.code_sha256 == result.code_sha256

    (deployed / "functions" / "pose.py").write_text("def handler(event, context):\n    return {'statusCode': 202}\n")
    edited = deploy_function(config_of(deployed), "pose")
    assert edited.status == "updated" and edited.previous_code_sha256 == result.code_sha256
    assert _code_sha(config, "pose") == edited.code_sha256 != result.code_sha256


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ('handler = "pose.handler"', 'handler = "pose.handler"\nmemory = 1024', "memory 256 -> 1024"),
        ('handler = "pose.handler"', 'handler = "pose.handler"\ntimeout = 20', "timeout 10 -> 20"),
        (
            'handler = "pose.handler"',
            'handler = "pose.handler"\nenvironment = { LOG_LEVEL = "debug" }',
            "environment variables added: LOG_LEVEL",
        ),
        ('routes = ["pose"]', 'routes = ["pose", "chat"]', "routes added: chat"),
        ('architecture = "x86_64"', 'architecture = "arm64"', "architecture x86_64 -> arm64"),
    ],
)
def test_a_configuration_change_needs_a_full_deploy(deployed: Path, old: str, new: str, said: str) -> None:
    before = _code_sha(config_of(deployed), "pose")
    edit_config(deployed, old, new)
    with pytest.raises(WrapperError) as refused:
        deploy_function(config_of(deployed), "pose")
    assert refused.value.message.startswith("a full deploy is needed: pk-dev-pose differs in more than code")
    assert said in refused.value.message
    assert refused.value.hint == "run `wrapper deploy --stage dev` without --function"
    assert _code_sha(config_of(deployed), "pose") == before


def test_unknown_or_undeployed_functions_are_explained(deployed: Path) -> None:
    with pytest.raises(UsageError, match="has no function 'nope'"):
        deploy_function(config_of(deployed), "nope")
    boto3.client("lambda", region_name=REGION).delete_function(FunctionName="pk-dev-pose")
    with pytest.raises(WrapperError, match="pk-dev-pose is not deployed yet") as missing:
        deploy_function(config_of(deployed), "pose")
    assert missing.value.hint == "run `wrapper deploy --stage dev` once to create it"


def _attach_layer(config: ProjectConfig, zip_bytes: bytes) -> None:
    """What a full deploy with package.layer does: publish the layer version and attach it to every function."""
    lam = boto3.client("lambda", region_name=REGION)
    arn = lam.publish_layer_version(LayerName=f"{config.service}-{config.stage}-deps", Content={"ZipFile": zip_bytes})["LayerVersionArn"]
    for fn in config.functions.values():
        lam.update_function_configuration(FunctionName=fn.full_name, Layers=[arn])


def test_with_a_layer_only_the_code_is_uploaded_and_a_new_layer_needs_a_full_deploy(tmp_path: Path, native_layers: dict[str, Path]) -> None:
    import shutil

    from tests.package.conftest import NATIVE_REQUIREMENT
    from wrapper.package.build import package_stage

    root = write_project(tmp_path / "app", requirements=NATIVE_REQUIREMENT + "\n")
    shutil.copytree(native_layers["x86_64"], root / ".wrapper" / "cache")
    edit_config(root, "[package]\n", "[package]\nlayer = true\n")
    config = config_of(root)
    layer = package_stage(config).layer
    assert layer is not None
    with mock_aws():
        _deploy_like_terraform(config)
        with pytest.raises(WrapperError, match="no dependency layer is attached yet"):
            deploy_function(config, "pose")
        _attach_layer(config, layer.path.read_bytes())
        result = deploy_function(config_of(root), "pose")
        assert result.status == "updated"
        uploaded = boto3.client("lambda", region_name=REGION).get_function(FunctionName="pk-dev-pose")["Configuration"]["CodeSize"]
        assert uploaded == (config.work_dir / "dist" / result.zip).stat().st_size < layer.size  # the code alone
        with zipfile.ZipFile(config.work_dir / "dist" / result.zip) as archive:
            assert not [n for n in archive.namelist() if n.startswith(("markupsafe/", "python/"))]
        # The requirements change: their layer is a new version, which only Terraform publishes and attaches.
        _attach_layer(config, _placeholder_zip())
        with pytest.raises(WrapperError, match="the dependency layer changed"):
            deploy_function(config_of(root), "pose")
