"""State in S3, as CI uses it: two checkouts (two runners) see one stage's state.

moto's S3 server on loopback stands in for S3 (AWS is out of reach here); Terraform's own
S3 backend talks to it, with its native lock file. The AWS provider cannot be installed here,
so the rendered stack's resources are swapped for provider-free ones built from the same
tfvars (every function's code hash), keeping the rendered backend and variables: whether a
second checkout plans changes depends on wrapper rendering and packaging the same bytes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import boto3
import pytest

from tests.projects import scaffold, without_page
from wrapper.config import ProjectConfig
from wrapper.terraform import stage as pipeline

BUCKET = "demo-tfstate-eu-west-2"

PROVIDER_FREE_STACK = """
resource "terraform_data" "functions" {
  input = { for name, fn in var.functions : name => fn.source_code_hash }
}

resource "terraform_data" "tables" {
  input = [for table in var.tables : table.name]
}

output "websocket_url" {
  value = "wss://abc123.execute-api.${var.region}.amazonaws.com/${var.stage}"
}
"""


@pytest.fixture
def s3_endpoint(aws_endpoint: str) -> str:
    """A clean moto server behind AWS_ENDPOINT_URL (tests/support/tfprovider/fixtures.py)."""
    return aws_endpoint


@pytest.fixture
def provider_free(monkeypatch: pytest.MonkeyPatch, s3_endpoint: str) -> None:
    real_render = pipeline.render

    def render(config: ProjectConfig, *, package: bool = False) -> Path:
        folder = real_render(config, package=package)
        for name in ("main.tf", "stack.tf", "outputs.tf", "page.tf", "auth.tf", "http.tf"):
            (folder / name).unlink(missing_ok=True)
        (folder / "main.tf").write_text(PROVIDER_FREE_STACK)
        # An override file replaces the backend block: the rendered settings, plus the endpoint of moto.
        s3 = json.loads((folder / "backend.tf.json").read_text())["terraform"]["backend"]["s3"]
        s3.update(
            endpoints={"s3": s3_endpoint},
            use_path_style=True,
            skip_credentials_validation=True,
            skip_requesting_account_id=True,
            skip_metadata_api_check=True,
            skip_region_validation=True,
        )
        override = {"terraform": {"backend": {"s3": s3}}}
        (folder / "backend_override.tf.json").write_text(json.dumps(override))
        return folder

    monkeypatch.setattr(pipeline, "render", render)
    monkeypatch.setenv("WRAPPER_TERRAFORM", "embedded")


def _checkout(source: Path, target: Path) -> Path:
    """A fresh clone on another runner: the project's files, none of .wrapper/."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".wrapper", "node_modules"))
    return target


@pytest.fixture
def ci_project(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch, s3_endpoint: str) -> Path:
    root = without_page(scaffold(tmp_path / "origin" / "demo"))
    (root / "wrapper.toml").write_text((root / "wrapper.toml").read_text() + f'\n[state]\nbucket = "{BUCKET}"\n')
    made = cli(["bootstrap", "--logging-role"], cwd=root)  # the state bucket, and the account setting deploy checks
    assert made.exit_code == 0, made.output
    # moto (5.x) denies every request when a bucket policy has a Deny whose condition does not match
    # (it ignores the statement's effect there), so the TLS-only policy would refuse HTTPS as well.
    boto3.client("s3", region_name="eu-west-2").delete_bucket_policy(Bucket=BUCKET)
    monkeypatch.setenv("CI", "true")
    monkeypatch.delenv("WRAPPER_ALLOW_LOCAL_STATE")
    return root


def _state_keys() -> list[str]:
    s3 = boto3.client("s3", region_name="eu-west-2")
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def _resources_in_state(key: str) -> list[str]:
    body = boto3.client("s3", region_name="eu-west-2").get_object(Bucket=BUCKET, Key=key)["Body"].read()
    return [r["type"] + "." + r["name"] for r in json.loads(body)["resources"]]


@pytest.mark.slow
def test_a_second_checkout_sees_the_first_ones_state_and_has_nothing_to_do(
    cli, ci_project: Path, tmp_path: Path, provider_free: None
) -> None:
    first_runner = _checkout(ci_project, tmp_path / "runner-1" / "demo")
    first = cli(["deploy", "--stage", "prod", "--yes", "--json"], cwd=first_runner)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["changed"] is True
    assert _state_keys() == ["wrapper/demo/prod.tfstate"], "state in the bucket, the lock file released"
    assert not (first_runner / ".wrapper" / "terraform.tfstate").exists()

    second_runner = _checkout(ci_project, tmp_path / "runner-2" / "demo")
    second = cli(["deploy", "--stage", "prod", "--yes", "--json"], cwd=second_runner)
    assert second.exit_code == 0, second.output
    report = json.loads(second.stdout)
    assert report["changed"] is False, "the second runner must find the first one's resources, not create them again"
    assert report["outputs"]["websocket_url"] == "wss://abc123.execute-api.eu-west-2.amazonaws.com/prod"


@pytest.mark.slow
def test_a_preview_stage_deployed_from_one_checkout_is_destroyed_from_another(
    cli, ci_project: Path, tmp_path: Path, provider_free: None
) -> None:
    preview = cli(["deploy", "--stage", "pr-7", "--from", "dev", "--yes", "--json"], cwd=_checkout(ci_project, tmp_path / "a" / "demo"))
    assert preview.exit_code == 0, preview.output
    assert sorted(_resources_in_state("wrapper/demo/pr-7.tfstate")) == ["terraform_data.functions", "terraform_data.tables"]

    cleanup_runner = _checkout(ci_project, tmp_path / "b" / "demo")
    gone = cli(["destroy", "--stage", "pr-7", "--from", "dev", "--yes", "--json"], cwd=cleanup_runner)
    assert gone.exit_code == 0, gone.output
    assert json.loads(gone.stdout)["destroyed"] == 2
    assert _resources_in_state("wrapper/demo/pr-7.tfstate") == []


def test_in_ci_deploy_and_destroy_refuse_local_state(cli, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.delenv("WRAPPER_ALLOW_LOCAL_STATE")
    for command in (["deploy", "--stage", "dev", "--yes"], ["destroy", "--stage", "dev", "--yes"]):
        result = cli(command, cwd=project)
        assert result.exit_code == 2, result.output
        assert "keeps its Terraform state on this machine, and CI=true" in result.output
        assert "[state]" in result.output and "wrapper bootstrap" in result.output
    assert not (project / ".wrapper").exists(), "refused before packaging or rendering anything"


def test_outside_ci_local_state_is_fine(cli, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WRAPPER_ALLOW_LOCAL_STATE")
    monkeypatch.setenv("CI", "false")
    monkeypatch.setenv("WRAPPER_TERRAFORM", "/nonexistent/terraform")
    result = cli(["deploy", "--stage", "dev", "--yes"], cwd=project)
    assert "CI=true" not in result.output  # got past the state check, to the (missing) engine


def test_a_missing_state_bucket_stops_deploy_before_terraform(cli, tmp_path: Path, s3_endpoint: str) -> None:
    root = scaffold(tmp_path / "demo")
    (root / "wrapper.toml").write_text((root / "wrapper.toml").read_text() + f'\n[state]\nbucket = "{BUCKET}"\n')
    for command in (["deploy", "--stage", "dev", "--yes"], ["plan", "--stage", "dev"], ["destroy", "--stage", "dev", "--yes"]):
        result = cli(command, cwd=root)
        assert result.exit_code == 1, result.output
        assert f"the state bucket '{BUCKET}' does not exist" in result.output and "wrapper bootstrap" in result.output
    assert not (root / ".wrapper").exists()


def test_a_state_bucket_in_another_region_stops_deploy(cli, tmp_path: Path, s3_endpoint: str) -> None:
    boto3.client("s3", region_name="us-west-2").create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    root = scaffold(tmp_path / "demo")
    (root / "wrapper.toml").write_text((root / "wrapper.toml").read_text() + f'\n[state]\nbucket = "{BUCKET}"\n')
    result = cli(["deploy", "--stage", "dev", "--yes"], cwd=root)
    assert result.exit_code == 2 and "is in us-west-2, but wrapper.toml expects eu-west-2" in result.output


@pytest.mark.slow
def test_the_real_stack_through_the_test_provider_is_shared_by_two_checkouts(
    cli, tmp_path: Path, aws_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same two-runner story on the stack wrapper renders, applied by the test provider to moto."""
    monkeypatch.setenv("WRAPPER_TERRAFORM", "embedded")
    root = without_page(scaffold(tmp_path / "origin" / "demo"))
    (root / "wrapper.toml").write_text((root / "wrapper.toml").read_text() + f'\n[state]\nbucket = "{BUCKET}"\n')
    made = cli(["bootstrap", "--logging-role"], cwd=root)
    assert made.exit_code == 0, made.output
    boto3.client("s3", region_name="eu-west-2").delete_bucket_policy(Bucket=BUCKET)  # moto's Deny-with-condition bug, as above
    monkeypatch.setenv("CI", "true")
    monkeypatch.delenv("WRAPPER_ALLOW_LOCAL_STATE")

    first = cli(["deploy", "--stage", "pr-9", "--from", "dev", "--yes", "--json"], cwd=_checkout(root, tmp_path / "a" / "demo"))
    assert first.exit_code == 0, first.output
    tables = sorted(boto3.client("dynamodb", region_name="eu-west-2").list_tables()["TableNames"])
    assert tables == ["demo-pr-9-connections", "demo-pr-9-players"]

    second = cli(["deploy", "--stage", "pr-9", "--from", "dev", "--yes", "--json"], cwd=_checkout(root, tmp_path / "b" / "demo"))
    assert second.exit_code == 0, second.output
    assert json.loads(second.stdout)["changed"] is False

    gone = cli(["destroy", "--stage", "pr-9", "--from", "dev", "--yes", "--json"], cwd=_checkout(root, tmp_path / "c" / "demo"))
    assert gone.exit_code == 0, gone.output
    assert boto3.client("dynamodb", region_name="eu-west-2").list_tables()["TableNames"] == []
