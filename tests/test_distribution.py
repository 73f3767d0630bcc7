"""The release path: `python -m build` makes a wheel and an sdist of wrapper-xr that twine accepts,
and the wheel alone runs `wrapper init`, `render` and `package` in a fresh virtualenv.

The fresh virtualenv gets wrapper and its declared dependencies the way a user's `pip install`
does (from the package index, as `scripts/bootstrap` does): a dependency missing from
pyproject.toml fails here, not on a user's machine. The editable install of this checkout must
stay invisible, which the test checks.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wrapper.distribution import DIST_NAME, install_spec, installed_version

ROOT = Path(__file__).resolve().parents[1]


def test_install_spec_names_the_distribution_not_the_command() -> None:
    assert DIST_NAME == "wrapper-xr"
    assert install_spec("terraform", "1.2.3") == "wrapper-xr[terraform]==1.2.3"
    assert install_spec() == "wrapper-xr"


def test_pyproject_publishes_under_the_distribution_name() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == DIST_NAME
    assert project["scripts"] == {"wrapper": "wrapper.cli.entry:main"}
    # The version is written once, in wrapper/_version.py; hatch copies it into the metadata pip installs.
    assert project["dynamic"] == ["version"]
    assert installed_version() == importlib.metadata.version(DIST_NAME)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # --no-isolation: hatchling comes from the test extra, so the build needs no index either.
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)], check=True, capture_output=True, timeout=300
    )
    return out


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_build_gives_a_wheel_and_sdist_that_twine_accepts(dist: Path) -> None:
    wheel, sdist = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    assert [w.name for w in wheel] == [f"wrapper_xr-{installed_version()}-py3-none-any.whl"]
    assert [s.name for s in sdist] == [f"wrapper_xr-{installed_version()}.tar.gz"]
    check = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, wheel + sdist)], capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.count("PASSED") == 2, check.stdout + check.stderr
    # What the wheel carries is checked file by file in tests/cli/test_app.py::test_wheel_ships_the_templates.


@pytest.mark.slow
def test_the_wheel_alone_scaffolds_renders_and_packages(dist: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(next(dist.glob("*.whl")))], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    listed = _run([str(python), "-m", "pip", "list", "--format", "json"], tmp_path, env)
    names = {entry["name"].lower() for entry in json.loads(listed.stdout)}
    assert {"wrapper-xr", "typer", "aiohttp", "boto3"} <= names

    where = _run(
        [str(python), "-c", "import wrapper, wrapper.templates as t; print(wrapper.__file__); print(t.templates_root())"], tmp_path, env
    )
    module, templates = where.stdout.split()
    assert module.startswith(str(venv)) and templates.startswith(str(venv)), "wrapper must come from the wheel, not this checkout"

    wrapper = str(venv / "bin" / "wrapper")
    init = _run([wrapper, "init", "world", "--service", "world", "--region", "eu-west-2", "--ci", "github", "--yes"], tmp_path, env)
    assert init.returncode == 0, init.stderr
    project = tmp_path / "world"
    assert (project / "frontend" / "index.html").is_file() and (project / "functions" / "play.py").is_file()
    workflow = (project / ".github" / "workflows" / "wrapper.yml").read_text()
    assert f'pip install "{install_spec("terraform", installed_version())}"' in workflow

    packaged = _run([wrapper, "package", "--stage", "dev", "--json"], project, env)
    assert packaged.returncode == 0, packaged.stderr
    assert set(json.loads(packaged.stdout)["functions"]) == {"connect", "disconnect", "play", "default"}
    rendered = _run([wrapper, "render", "--stage", "dev", "--json"], project, env)
    assert rendered.returncode == 0, rendered.stderr
    folder = Path(json.loads(rendered.stdout)["terraform"])
    assert (folder / "terraform.tfvars.json").is_file() and (folder / "modules" / "lambda_function" / "main.tf").is_file()
    assert json.loads((folder / "backend.tf.json").read_text())["terraform"]["backend"]["s3"]["bucket"] == "world-tfstate-eu-west-2"
