"""package.layer deployed end to end: Terraform publishes one layer version every function uses.

As in test_deploy_e2e: real Terraform through the test provider (hashicorp/aws 6.66's schema),
moto behind it (AWS itself cannot be reached here); everything of wrapper's is the real path.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import boto3
import pytest

from tests.package.conftest import NATIVE_REQUIREMENT
from tests.projects import edit_config, without_page
from tests.terraform.test_deploy_e2e import ok, ok_json

pytestmark = pytest.mark.slow


def lam():  # type: ignore[no-untyped-def]
    return boto3.client("lambda", region_name="eu-west-2")


def test_one_layer_version_for_every_function_and_the_fast_path_uploads_code_alone(
    cli, project: Path, aws_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WRAPPER_TERRAFORM", "embedded")
    project = without_page(project)
    (project / "requirements.txt").write_text(NATIVE_REQUIREMENT + "\n")
    edit_config(project, 'requirements = "requirements.txt"\n', 'requirements = "requirements.txt"\nlayer = true\n')
    ok(cli(["bootstrap", "--stage", "dev", "--logging-role"], cwd=project))
    ok_json(cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=project))

    versions = lam().list_layer_versions(LayerName="demo-dev-deps")["LayerVersions"]
    assert len(versions) == 1
    arn = versions[0]["LayerVersionArn"]
    functions = [f for f in lam().list_functions()["Functions"] if f["FunctionName"].startswith("demo-dev-")]
    assert functions and all([layer["Arn"] for layer in f.get("Layers", [])] == [arn] for f in functions)
    dist = project / ".wrapper" / "dev" / "dist"
    (layer_zip,) = dist.glob("layer.deps-*.zip")
    with zipfile.ZipFile(layer_zip) as archive:
        assert "python/markupsafe/__init__.py" in archive.namelist()
    for path in set(dist.glob("*.zip")) - {layer_zip}:
        with zipfile.ZipFile(path) as archive:
            assert not [n for n in archive.namelist() if n.startswith("markupsafe/")]

    again = ok_json(cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=project))
    assert again["changed"] is False

    handler = project / "functions" / "play.py"
    handler.write_text(handler.read_text() + "\n# tuned\n")
    fast = ok_json(cli(["deploy", "--stage", "dev", "--function", "play", "--json"], cwd=project))
    assert fast["status"] == "updated"
    assert [layer["Arn"] for layer in lam().get_function(FunctionName="demo-dev-play")["Configuration"]["Layers"]] == [arn]

    ok(cli(["destroy", "--stage", "dev", "--yes", "--force"], cwd=project))
    assert lam().list_layer_versions(LayerName="demo-dev-deps")["LayerVersions"] == []
