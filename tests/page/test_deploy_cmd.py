"""`wrapper deploy` uploads the page after Terraform; `--page-only`, `--skip-page`, bad input, `destroy`.

The AWS provider cannot run here, so the stack is a provider-free stand-in with the page's
outputs (pointing at a bucket and distribution in moto); the deploy command, the real Terraform
engine and the upload are the real code path.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.page.conftest import Cloud, configure
from tests.page.test_files import TEMPLATE_MODULES
from wrapper.config import ProjectConfig, load_config
from wrapper.page.deploy import csp_for
from wrapper.terraform import stage as pipeline
from wrapper.terraform.account import ensure_logging_role
from wrapper.terraform.render import stack_dir


@pytest.fixture
def stand_in(bare_stand_in: Cloud, project: Path) -> Cloud:
    (project / "frontend" / "node_modules").symlink_to(TEMPLATE_MODULES, target_is_directory=True)  # as after `npm install`
    return bare_stand_in


@pytest.fixture
def bare_stand_in(monkeypatch: pytest.MonkeyPatch, cloud: Cloud, project: Path) -> Cloud:
    """The stand-in stack for a project as scaffolded or cloned: no node_modules yet."""
    ensure_logging_role("eu-west-2")  # the account setting deploy checks first, in moto

    def render(config: ProjectConfig, *, package: bool = False) -> Path:
        folder = stack_dir(config)
        folder.mkdir(parents=True, exist_ok=True)
        outputs = {**cloud.outputs(), "page_content_security_policy": csp_for(config)}
        (folder / "main.tf").write_text(
            'resource "terraform_data" "page" {\n  input = "page"\n}\n\n'
            + "".join(f"output {json.dumps(name)} {{\n  value = {json.dumps(value)}\n}}\n\n" for name, value in outputs.items())
        )
        return folder

    monkeypatch.setattr(pipeline, "render", render)
    monkeypatch.setenv("WRAPPER_TERRAFORM", "embedded")
    return cloud


def test_deploy_uploads_the_page_and_a_second_deploy_uploads_nothing(cli, project: Path, stand_in: Cloud) -> None:
    first = cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=project)
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert "index.html" in report["page"]["uploaded"] and "wrapper-config.json" in report["page"]["uploaded"]
    assert set(stand_in.objects()) == set(report["page"]["uploaded"])

    again = json.loads(cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=project).stdout)
    assert again["changed"] is False and again["page"]["uploaded"] == [] and again["page"]["invalidated"] == []

    shown = cli(["outputs", "--stage", "dev"], cwd=project)
    rows = [line for line in shown.stdout.splitlines() if "page_" in line or "websocket_url" in line]
    assert "page_url" in rows[0], "outputs lead with the page's URL"


def test_page_only_uploads_what_changed_and_skip_page_leaves_it(cli, project: Path, stand_in: Cloud) -> None:
    assert cli(["deploy", "--stage", "dev", "--yes"], cwd=project).exit_code == 0
    (project / "frontend" / "src" / "style.css").write_text("body { background: #123; }\n")
    skipped = json.loads(cli(["deploy", "--stage", "dev", "--yes", "--skip-page", "--json"], cwd=project).stdout)
    assert skipped["page"] is None
    only = cli(["deploy", "--stage", "dev", "--page-only", "--json"], cwd=project)
    assert only.exit_code == 0, only.output
    assert json.loads(only.stdout)["page"]["uploaded"] == ["src/style.css"]
    assert stand_in.invalidations() == [["/src/style.css"]]


def test_page_only_refuses_a_page_whose_inline_scripts_the_deployed_csp_would_block(cli, project: Path, stand_in: Cloud) -> None:
    assert cli(["deploy", "--stage", "dev", "--yes"], cwd=project).exit_code == 0
    before = {k: v["ETag"] for k, v in stand_in.objects().items()}
    index = project / "frontend" / "index.html"
    index.write_text(index.read_text().replace("</body>", "<script>console.log('new inline script')</script></body>"))
    refused = cli(["deploy", "--stage", "dev", "--page-only"], cwd=project)
    assert refused.exit_code == 1 and "Content-Security-Policy" in refused.output and "without --page-only" in refused.output
    assert {k: v["ETag"] for k, v in stand_in.objects().items()} == before


@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed on this machine")
def test_deploy_installs_the_page_packages_a_fresh_clone_lacks(cli, project: Path, bare_stand_in: Cloud) -> None:
    """As `wrapper dev` does: a page whose npm packages are missing gets them (real npm) instead of a refusal."""
    assert not (project / "frontend" / "node_modules").exists()
    deployed = cli(["deploy", "--stage", "dev", "--yes", "--json"], cwd=project)
    assert deployed.exit_code == 0, deployed.output
    assert (project / "frontend" / "node_modules" / "three" / "package.json").is_file()
    assert "node_modules/three/build/three.module.js" in json.loads(deployed.stdout)["page"]["uploaded"]


def test_deploy_without_npm_refuses_clearly_and_changes_nothing(
    cli, project: Path, bare_stand_in: Cloud, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    refused = cli(["deploy", "--stage", "dev", "--yes"], cwd=project)
    assert refused.exit_code == 1
    assert "npm is not on PATH" in refused.output and "three" in refused.output and "npm install" in refused.output
    assert bare_stand_in.objects() == {} and not (project / ".wrapper" / "dev" / "terraform.tfstate").exists()


def test_a_failing_npm_stops_deploy_with_its_output(
    cli, project: Path, bare_stand_in: Cloud, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stand-in for npm without network (the real npm prints this and exits 1).
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "npm").write_text("#!/bin/sh\necho 'npm error code ENOTFOUND'\nexit 1\n")
    (tools / "npm").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}:/usr/bin:/bin")
    refused = cli(["deploy", "--stage", "dev", "--yes"], cwd=project)
    assert refused.exit_code == 1 and "npm install failed" in refused.output and "ENOTFOUND" in refused.output
    assert bare_stand_in.objects() == {}


def test_a_failing_build_stops_deploy_before_terraform(cli, project: Path, stand_in: Cloud) -> None:
    configure(project, '[frontend]\nbuild = "echo building; echo missing module vite >&2; exit 1"')
    failed = cli(["deploy", "--stage", "dev", "--yes"], cwd=project)
    assert failed.exit_code == 1 and "missing module vite" in failed.output and "nothing was uploaded" in failed.output
    assert not (project / ".wrapper" / "dev" / "terraform.tfstate").exists()
    assert stand_in.objects() == {}


def test_a_missing_dist_folder_is_one_clear_error(cli, project: Path, stand_in: Cloud) -> None:
    configure(project, '[frontend]\nbuild = "true"\ndist = "frontend/dist"')
    failed = cli(["deploy", "--stage", "dev", "--yes"], cwd=project)
    assert failed.exit_code == 1 and "frontend/dist does not exist" in failed.output


def test_destroy_empties_the_bucket_first(cli, project: Path, stand_in: Cloud) -> None:
    assert cli(["deploy", "--stage", "dev", "--yes"], cwd=project).exit_code == 0
    assert stand_in.objects()
    gone = cli(["destroy", "--stage", "dev", "--yes"], cwd=project)
    assert gone.exit_code == 0, gone.output
    assert "Versions" not in stand_in.s3.list_object_versions(Bucket=stand_in.bucket)
    assert load_config(project, "dev", env={}).frontend.enabled
