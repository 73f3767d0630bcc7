"""`wrapper init --ci github|gitlab`: the pipelines are valid, audited, pinned, and call commands that exist.

The schemas are GitHub's and GitLab's own (bundled with check-jsonschema); zizmor audits the
GitHub workflow offline. Both run as the real tools, the way a team's pre-commit hook would.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml

from wrapper.cli.app import app
from wrapper.config import load_config
from wrapper.distribution import DIST_NAME, installed_version

BIN = Path(sys.executable).parent
SHELL_OPERATORS = {"|", "||", "&&", ";", ">", ">>", "<", "&"}


def _init(cli: Any, folder: Path, ci: str, *extra: str) -> Path:
    result = cli(["init", "site", "--service", "site", "--region", "eu-west-2", "--ci", ci, "--yes", *extra], cwd=folder)
    assert result.exit_code == 0, result.output
    return folder / "site"


def _wrapper_calls(script: str) -> list[list[str]]:
    """Every `wrapper ...` command in a shell script, cut at pipes, redirections and separators."""
    calls = []
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        words = list(lexer)
        for i, word in enumerate(words):
            if word == "wrapper" and (i == 0 or words[i - 1] in SHELL_OPERATORS):
                call = []
                for rest in words[i + 1 :]:
                    if rest in SHELL_OPERATORS:
                        break
                    call.append(rest)
                calls.append(call)
    return calls


def _check_against_cli(words: list[str]) -> None:
    command: Any = typer.main.get_command(app)
    rest = list(words)
    while rest and hasattr(command, "commands") and rest[0] in command.commands:
        command = command.commands[rest.pop(0)]
    assert not hasattr(command, "commands"), f"wrapper {' '.join(words)} names a group, not a command"
    params = {opt: param for param in command.params for opt in getattr(param, "opts", [])}
    i = 0
    while i < len(rest):
        word = rest[i]
        if word.startswith("--"):
            assert word in params, f"wrapper {' '.join(words)}: {word} is not an option of {command.name}"
            if not getattr(params[word], "is_flag", False):
                i += 1  # its value
        i += 1


def _github(root: Path) -> dict[str, Any]:
    return yaml.safe_load((root / ".github" / "workflows" / "wrapper.yml").read_text())


def _run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / args[0]), *args[1:]], capture_output=True, text=True, timeout=120)


def test_github_workflow_matches_githubs_schema_and_zizmor_finds_nothing(cli, tmp_path: Path) -> None:
    workflow = _init(cli, tmp_path, "github") / ".github" / "workflows" / "wrapper.yml"
    schema = _run_tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow))
    assert schema.returncode == 0, schema.stdout + schema.stderr
    for persona in ("regular", "pedantic", "auditor"):
        audit = _run_tool("zizmor", "--offline", "--persona", persona, "--format", "plain", str(workflow))
        assert audit.returncode == 0, f"zizmor ({persona}):\n{audit.stdout}{audit.stderr}"
        assert "No findings to report" in audit.stdout + audit.stderr


def test_schema_check_and_zizmor_do_fail_on_a_bad_workflow(tmp_path: Path) -> None:
    # The two tools are the test's teeth: show they bite on what the old workflow did.
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\npermissions:\n  contents: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n      - run: echo ${{ github.event.head_commit.message }}\n"
    )
    assert _run_tool("zizmor", "--offline", str(bad)).returncode != 0
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n")
    assert _run_tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(bad)).returncode != 0


def test_github_workflow_shape(cli, tmp_path: Path) -> None:
    workflow = _github(_init(cli, tmp_path, "github"))
    jobs = workflow["jobs"]
    assert set(jobs) == {"preview", "plan-production", "cleanup", "production"}
    assert workflow["permissions"] == {}, "no permission may be granted to every job"
    assert workflow["defaults"]["run"]["shell"] == "bash", "pipefail: a failing command before a pipe must fail the step"
    for name, job in jobs.items():
        assert job["permissions"]["id-token"] == "write" and job["permissions"]["contents"] == "read", name
        assert job["environment"] in {"preview", "production"}, name
        checkout = next(step for step in job["steps"] if str(step.get("uses", "")).startswith("actions/checkout@"))
        assert checkout["with"]["persist-credentials"] is False, name
        python = next(step for step in job["steps"] if str(step.get("uses", "")).startswith("actions/setup-python@"))
        assert python["with"]["cache"] == "pip", name
    assert "pull-requests" not in jobs["production"]["permissions"]
    # One deploy of a stage at a time: the preview and its cleanup share the pull request's group.
    assert jobs["preview"]["concurrency"] == jobs["cleanup"]["concurrency"]
    assert "pull_request.number" in jobs["preview"]["concurrency"]["group"]
    assert jobs["production"]["concurrency"] == {"group": "wrapper-stage-prod", "cancel-in-progress": False}
    assert jobs["production"]["environment"] == "production" and "refs/heads/main" in jobs["production"]["if"]
    assert "closed" in jobs["cleanup"]["if"] and "!= 'closed'" in jobs["preview"]["if"]


def test_github_actions_are_pinned_to_commits_with_a_version_comment(cli, tmp_path: Path) -> None:
    text = (_init(cli, tmp_path, "github") / ".github" / "workflows" / "wrapper.yml").read_text()
    uses = re.findall(r"uses: (\S+)(.*)", text)
    assert len(uses) >= 13
    for action, comment in uses:
        assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), f"{action} has no version comment"


def test_github_workflow_installs_the_version_that_wrote_it(cli, tmp_path: Path) -> None:
    workflow = _github(_init(cli, tmp_path, "github"))
    installs = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "pip install" in str(step.get("run", ""))]
    assert len(installs) == 4
    assert all(run == f'pip install "{DIST_NAME}[terraform]=={installed_version()}"' for run in installs), installs


def test_every_wrapper_call_in_the_github_workflow_exists(cli, tmp_path: Path) -> None:
    workflow = _github(_init(cli, tmp_path, "github"))
    calls = [call for job in workflow["jobs"].values() for step in job["steps"] for call in _wrapper_calls(str(step.get("run", "")))]
    assert [c[0] for c in calls] == ["deploy", "outputs", "plan", "destroy", "deploy", "outputs"]
    for call in calls:
        _check_against_cli(call)
    destroy = next(c for c in calls if c[0] == "destroy")
    assert "--yes" in destroy and "--from" in destroy
    plan = next(c for c in calls if c[0] == "plan")
    assert "--detailed-exitcode" in plan and plan[plan.index("--stage") + 1] == "prod"


def test_the_call_checker_rejects_a_wrong_option() -> None:
    with pytest.raises(AssertionError, match="--stages is not an option"):
        _check_against_cli(["deploy", "--stages", "dev"])
    assert _wrapper_calls("code=0; wrapper plan --stage prod > plan.md || code=$?") == [["plan", "--stage", "prod"]]


def test_gitlab_pipeline_matches_gitlabs_schema_and_uses_oidc(cli, tmp_path: Path) -> None:
    root = _init(cli, tmp_path, "gitlab")
    pipeline_file = root / ".gitlab-ci.yml"
    schema = _run_tool("check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", str(pipeline_file))
    assert schema.returncode == 0, schema.stdout + schema.stderr
    pipeline = yaml.safe_load(pipeline_file.read_text())
    assert pipeline["default"]["id_tokens"] == {"AWS_ID_TOKEN": {"aud": "sts.amazonaws.com"}}
    assert "AWS_ACCESS_KEY_ID" not in pipeline_file.read_text()
    jobs = {k: v for k, v in pipeline.items() if isinstance(v, dict) and "script" in v}
    assert set(jobs) == {"preview", "plan-production", "cleanup", "production"}
    assert jobs["preview"]["environment"]["on_stop"] == "cleanup" and jobs["cleanup"]["environment"]["action"] == "stop"
    assert jobs["preview"]["resource_group"] == jobs["cleanup"]["resource_group"] == "wrapper-stage-pr-$CI_MERGE_REQUEST_IID"
    assert jobs["production"]["resource_group"] == "wrapper-stage-prod"
    assert f'pip install "{DIST_NAME}[terraform]=={installed_version()}"' in pipeline["default"]["before_script"]
    calls = [call for job in jobs.values() for line in job["script"] for call in _wrapper_calls(line)]
    assert {c[0] for c in calls} == {"deploy", "outputs", "plan", "destroy"}
    for call in calls:
        _check_against_cli(call)


def test_a_gitlab_pipeline_with_an_unknown_key_fails_the_schema(tmp_path: Path) -> None:
    bad = tmp_path / ".gitlab-ci.yml"
    bad.write_text("job:\n  script: [echo]\n  id_tokenz: {}\n")
    assert _run_tool("check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", str(bad)).returncode != 0


@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_ci_projects_keep_state_in_s3(cli, tmp_path: Path, ci: str) -> None:
    root = _init(cli, tmp_path, ci)
    config = load_config(root, "prod", env={})
    assert config.state is not None
    assert config.state.bucket == "site-tfstate-eu-west-2" and config.state.lock == "lockfile"
    assert config.state.key.endswith("/site/prod.tfstate")


def test_state_bucket_can_be_named(cli, tmp_path: Path) -> None:
    root = _init(cli, tmp_path, "github", "--state-bucket", "acme-site-state")
    assert load_config(root, "dev", env={}).state.bucket == "acme-site-state"  # type: ignore[union-attr]


def test_a_bad_state_bucket_name_is_refused_before_anything_is_written(cli, tmp_path: Path) -> None:
    result = cli(["init", "site", "--ci", "github", "--state-bucket", "Bad_Bucket", "--yes"], cwd=tmp_path)
    assert result.exit_code == 2 and "state.bucket" in result.output
    assert not (tmp_path / "site").exists()


def test_a_hand_edited_workflow_is_a_conflict_not_overwritten(cli, tmp_path: Path) -> None:
    root = _init(cli, tmp_path, "github")
    workflow = root / ".github" / "workflows" / "wrapper.yml"
    edited = workflow.read_text().replace('python-version: "3.12"', 'python-version: "3.13"')
    workflow.write_text(edited)
    (root / "functions" / "play.py").unlink()
    result = cli(["init", ".", "--service", "site", "--region", "eu-west-2", "--ci", "github", "--yes"], cwd=root)
    assert result.exit_code == 2
    assert ".github/workflows/wrapper.yml" in result.output and "--force" in result.output
    assert workflow.read_text() == edited
    assert not (root / "functions" / "play.py").exists(), "nothing may be written when there is a conflict"


def test_unknown_ci_provider(cli, tmp_path: Path) -> None:
    result = cli(["init", "x", "--service", "x", "--region", "eu-west-2", "--ci", "jenkins", "--yes"], cwd=tmp_path)
    assert result.exit_code == 2 and "unknown CI provider 'jenkins'" in result.output
    assert "github, gitlab" in result.output
