"""Rules of the rendered stack that issue #13 found broken: versions, backend region, fmt, descriptions."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest

from tests.conftest import scaffold
from wrapper.config import ProjectConfig, load_config
from wrapper.errors import WrapperError
from wrapper.package.manifest import Manifest, ZipInfo
from wrapper.templates import templates_root
from wrapper.terraform.engine import Engine
from wrapper.terraform.render import backend, render_stack, secret_recovery_window, tfvars
from wrapper.terraform.runner import Runner
from wrapper.terraform.versions import REQUIRED_VERSION, parse_version, require_supported

TERRAFORM = templates_root() / "terraform"


def manifest_for(config: ProjectConfig) -> Manifest:
    """A manifest as packaging would write it (rendering needs one zip per function, not their bytes)."""
    zips = {name: ZipInfo(f"{name}-000000000000.zip", "00" * 32, 1) for name in config.functions}
    return Manifest(config.stage, config.runtime, config.architecture, zips)


def with_state(project: Path, state: str, dev: str = "") -> Path:
    toml = project / "wrapper.toml"
    toml.write_text(toml.read_text().replace("[stages.dev]", f"[stages.dev]\n{dev}") + f"\n[state]\n{state}\n")
    return project


def fake_engine(tmp_path: Path, version: str) -> Engine:
    """A stand-in binary that answers `version -json` like an old Terraform would (none is installed here)."""
    script = tmp_path / "terraform"
    script.write_text(f"#!/bin/sh\necho '{json.dumps({'terraform_version': version})}'\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return Engine("terraform", (str(script),), f"terraform on PATH ({script})")


def test_an_engine_older_than_the_lock_file_backend_is_refused_up_front(tmp_path: Path) -> None:
    """Issue #13 item 4: use_lockfile needs Terraform 1.10; 1.9 used to fail later with a backend error."""
    old = Runner(fake_engine(tmp_path, "1.9.8"), tmp_path / "stack")
    with pytest.raises(WrapperError) as caught:
        require_supported(old.version(), old.engine.source)
    assert "1.9.8" in caught.value.message and "1.10" in caught.value.message
    assert "embedded" in (caught.value.hint or "")
    require_supported(Runner(fake_engine(tmp_path, "1.11.4"), tmp_path / "stack").version(), "ok")


def test_deploy_with_a_too_old_engine_exits_1_before_rendering(cli, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = fake_engine(tmp_path, "1.6.6")
    monkeypatch.setenv("WRAPPER_TERRAFORM", engine.argv[0])
    result = cli(["deploy", "--stage", "dev", "--yes", "--skip-page"], cwd=project)  # the page's own checks: tests/page
    assert result.exit_code == 1 and "too old" in result.output
    assert not (project / ".wrapper" / "dev" / "terraform" / "main.tf").exists()


def test_rendered_required_version_is_the_checked_one() -> None:
    main = (TERRAFORM / "root" / "main.tf").read_text()
    assert f'required_version = "{REQUIRED_VERSION}"' in main
    assert re.search(r'version\s*=\s*"~> 6\.0"', main), "the AWS provider is pinned to the tested major version"
    assert parse_version("Terraform v1.15.5\non linux_amd64") == (1, 15, 5)


def test_state_bucket_region_never_follows_a_stage_region_override(tmp_path: Path) -> None:
    """Issue #13 item 5: a stage in eu-west-1 keeps its state in the bucket's region (the file's)."""
    project = with_state(scaffold(tmp_path / "demo"), 'bucket = "demo-state"', dev='\n[stages.dev.service]\nregion = "eu-west-1"\n')
    config = load_config(project, "dev")
    assert config.region == "eu-west-1"
    assert backend(config)["terraform"]["backend"]["s3"]["region"] == "eu-west-2"
    assert tfvars(config, manifest_for(config))["region"] == "eu-west-1"


@pytest.mark.parametrize("lock", ['lock = "lockfile"', 'lock = "dynamodb"\nlock_table = "demo-locks"', 'lock = "none"'])
def test_rendered_stack_passes_fmt_check_for_every_lock_mode(tmp_path: Path, lock: str) -> None:
    """Issue #13 item 6: `terraform fmt -check` of the rendered root, whatever the state lock."""
    project = with_state(scaffold(tmp_path / "demo"), f'bucket = "demo-state"\n{lock}')
    config = load_config(project, "dev")
    files = render_stack(config, manifest_for(config))
    folder = tmp_path / "rendered"
    for rel, content in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(content)
    from wrapper.terraform.engine import resolve_engine

    assert Runner(resolve_engine("embedded"), folder).fmt_check() == []


def test_every_variable_and_output_is_described() -> None:
    import hcl2

    for path in sorted(TERRAFORM.rglob("*.tf")):
        parsed = hcl2.loads(path.read_text())
        for block in parsed.get("variable", []) + parsed.get("output", []):
            for name, body in block.items():
                assert body.get("description"), f"{path.relative_to(TERRAFORM)}: {name} has no description"


def test_secret_recovery_window_is_zero_unless_protected(project: Path) -> None:
    """Issue #13 item 3: dev's secret is deleted at once; prod keeps its window to restore from."""
    assert secret_recovery_window(load_config(project, "dev")) == 0
    assert secret_recovery_window(load_config(project, "prod")) == 7


def test_bootstrap_help_names_the_state_section(cli) -> None:
    """Issue #13 item 8: rich markup used to swallow "[state]" in the help text."""
    result = cli(["bootstrap", "--help"])
    assert "[state] section" in result.output and "--logging-role" in result.output


def test_init_without_a_reachable_provider_says_which_from_where_and_how_to_mirror(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue #13 item 8: the error used to run Terraform's lines together."""
    from wrapper.terraform.engine import resolve_engine

    mirror = tmp_path / "empty-mirror"
    mirror.mkdir()
    config = tmp_path / "terraform.rc"
    config.write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path = "{mirror}"\n  }}\n}}\n')
    monkeypatch.setenv("TF_CLI_CONFIG_FILE", str(config))
    stack = tmp_path / "stack"
    stack.mkdir()
    (stack / "main.tf").write_text((TERRAFORM / "root" / "main.tf").read_text())
    with pytest.raises(WrapperError) as caught:
        Runner(resolve_engine("embedded"), stack).init(backend=False)
    assert "could not install provider hashicorp/aws" in caught.value.message
    assert str(mirror) in caught.value.message, "where it looked"
    assert "TF_CLI_CONFIG_FILE" in (caught.value.hint or "") and "filesystem_mirror" in (caught.value.hint or "")
