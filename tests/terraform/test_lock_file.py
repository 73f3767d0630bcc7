"""The project's .terraform.lock.hcl holds every platform's provider hashes, and another machine uses it as is.

Issue #13.8. `terraform init` records the running platform's hash only; wrapper completes the lock
with `terraform providers lock` for linux_amd64, linux_arm64, darwin_arm64 and windows_amd64, from
the mirror the CLI config names. The test provider's mirror holds one real package (zip) per
platform, so the hashes Terraform computes are checked against the packages themselves.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.projects import copy_project, edit_config, without_page
from tests.support.tfprovider.install import package_hashes, terraform_platform
from tests.terraform.test_deploy_e2e import ok
from wrapper.terraform.lock_file import PLATFORMS, lacks_platforms
from wrapper.terraform.mirror import mirror_args
from wrapper.terraform.runner import Runner

ONE_PLATFORM = """\
provider "registry.terraform.io/hashicorp/aws" {
  version     = "6.66.0"
  constraints = "~> 6.0"
  hashes = [
    "h1:2Jc4SkLFjeQbp7F3tGdO5wnRnNkLyZ1NjS/vRKxbwAw=",
    "zh:0a9c4ce6a9fe3b8e6a1e2a3f2bb8f5d0b0fb1f3a9e40c6c3a19d2bd1b2e2c3d4",
  ]
}
"""


def test_a_lock_with_one_platforms_hash_lacks_platforms(tmp_path: Path) -> None:
    (tmp_path / ".terraform.lock.hcl").write_text(ONE_PLATFORM)
    assert lacks_platforms(tmp_path)
    four = ONE_PLATFORM.replace("  hashes = [\n", "  hashes = [\n" + "".join(f'    "h1:{p}=",\n' for p in PLATFORMS[1:]))
    (tmp_path / ".terraform.lock.hcl").write_text(four)
    assert not lacks_platforms(tmp_path)
    assert not lacks_platforms(tmp_path / "nowhere"), "no lock file yet: nothing to complete"


def test_providers_lock_uses_the_mirror_the_cli_config_names(tmp_path: Path) -> None:
    config = tmp_path / "mirror.tfrc"
    config.write_text('provider_installation {\n  network_mirror {\n    url = "https://mirror.example.com/"\n  }\n}\n')
    assert mirror_args({"TF_CLI_CONFIG_FILE": str(config)}) == ["-net-mirror=https://mirror.example.com/"]
    config.write_text('provider_installation {\n  filesystem_mirror {\n    path = "/srv/providers"\n  }\n  direct {}\n}\n')
    assert mirror_args({"TF_CLI_CONFIG_FILE": str(config)}) == ["-fs-mirror=/srv/providers"]
    assert mirror_args({"HOME": str(tmp_path)}) == [], "no CLI config: the registry, as Terraform does"


def locked_hashes(project: Path) -> set[str]:
    return set(re.findall(r'"(h1:[^"]+)"', (project / ".terraform.lock.hcl").read_text()))


@pytest.mark.slow
def test_the_committed_lock_has_all_four_platforms_and_a_second_checkout_uses_it_unchanged(
    cli, project: Path, aws_endpoint: str, test_provider_config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WRAPPER_TERRAFORM", "embedded")
    without_page(project)
    ok(cli(["bootstrap", "--stage", "dev", "--logging-role"], cwd=project))
    ok(cli(["plan", "--stage", "dev"], cwd=project))

    packages = package_hashes(test_provider_config)
    assert len({packages[p] for p in PLATFORMS}) == 4, "one package per platform, each its own hash"
    assert locked_hashes(project) >= {packages[p] for p in PLATFORMS}, "the lock vouches for every platform's package"
    committed = (project / ".terraform.lock.hcl").read_bytes()

    laptop = copy_project(project, tmp_path / "laptop")  # another machine's checkout: the lock file, no .wrapper/
    ok(cli(["plan", "--stage", "dev"], cwd=laptop))
    assert (laptop / ".terraform.lock.hcl").read_bytes() == committed, "the second machine installs what the lock names, unchanged"
    inits: list[Path] = []
    real_init = Runner.init
    monkeypatch.setattr(Runner, "init", lambda runner, **kw: (inits.append(runner.workdir), real_init(runner, **kw))[1])
    ok(cli(["plan", "--stage", "dev"], cwd=project))
    assert (project / ".terraform.lock.hcl").read_bytes() == committed, "a complete lock is not made again"
    assert inits == [], "nothing init reads changed since its last run here: no init (init_stamp.py)"
    edit_config(project, "[websocket]\n", "[websocket]\nthrottling_rate_limit = 50\n")  # a variable: no init either
    ok(cli(["plan", "--stage", "dev"], cwd=project))
    assert inits == []
    shutil.rmtree(project / ".wrapper" / "dev" / "terraform" / ".terraform")
    ok(cli(["plan", "--stage", "dev"], cwd=project))
    assert len(inits) == 1, "without .terraform/ init runs again"


@pytest.mark.slow
def test_wrapper_lock_completes_a_lock_file_made_for_one_platform(
    cli, project: Path, aws_endpoint: str, test_provider_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WRAPPER_TERRAFORM", "embedded")
    without_page(project)
    current = package_hashes(test_provider_config)[terraform_platform()]  # as `terraform init` on this machine records it
    (project / ".terraform.lock.hcl").write_text(
        'provider "registry.terraform.io/hashicorp/aws" {\n  version     = "6.66.0"\n  constraints = "~> 6.0"\n'
        f'  hashes = [\n    "{current}",\n  ]\n}}\n'
    )
    output = ok(cli(["lock", "--stage", "dev"], cwd=project))
    assert "linux_amd64, linux_arm64, darwin_arm64, windows_amd64" in output
    packages = package_hashes(test_provider_config)
    assert locked_hashes(project) >= {packages[p] for p in PLATFORMS}
