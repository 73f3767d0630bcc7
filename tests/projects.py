"""One way for every test to make a project on disk: scaffold one, write one, or change one setting.

- ``scaffold(target)``: what ``wrapper init`` makes (the webxr template);
- ``write_project(root, config, files)``: a wrapper.toml and handler files written as given;
- ``service_toml(name)``, ``CONNECT_TOML``, ``STAGES_TOML``: the pieces of wrapper.toml most test projects share;
- ``edit_config(root, old, new)`` / ``append_config(root, text)``: one change to a project's wrapper.toml,
  failing loudly if the text to change is not there (a silent no-op would make the test pass for nothing).
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Mapping
from pathlib import Path

from wrapper.scaffold.render import ScaffoldParams, render_project
from wrapper.scaffold.write import apply_write, plan_write


def service_toml(name: str = "demo", region: str = "eu-west-2") -> str:
    """The ``[service]`` table a wrapper.toml starts with."""
    return f'[service]\nname = "{name}"\nregion = "{region}"\n'


# The function answering $connect (connect.handler).
CONNECT_TOML = '\n[functions.connect]\nhandler = "connect.handler"\nroutes = ["$connect"]\n'
# A dev stage and a protected prod stage.
STAGES_TOML = "\n[stages.dev]\n\n[stages.prod]\nprotected = true\n"

# Player accounts with two test users for the local sign-in page (one in a group): append to a project.
SIGNIN_CONFIG = """
[auth]
provider = "cognito"
groups = ["admins"]

[[auth.test_users]]
username = "ada"
password = "correct horse"
email = "ada@example.com"
groups = ["admins"]

[[auth.test_users]]
username = "bob"
password = "battery staple"
"""


def scaffold(target: Path, service: str = "demo", region: str = "eu-west-2", stages: tuple[str, ...] = ("dev", "prod")) -> Path:
    files = render_project(ScaffoldParams(service=service, region=region, stages=stages))
    apply_write(plan_write(target, files), force=False)
    return target


def write_files(root: Path, files: Mapping[str, str]) -> Path:
    """Write ``files`` (path relative to ``root`` -> text, dedented) and return ``root``."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    return root


def write_project(root: Path, config: str, files: Mapping[str, str] = {}) -> Path:
    return write_files(root, {"wrapper.toml": config, **files})


def edit_config(root: Path, old: str, new: str) -> Path:
    """Replace the first ``old`` in ``root``'s wrapper.toml with ``new``."""
    path = root / "wrapper.toml"
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1))
    return root


def append_config(root: Path, text: str) -> Path:
    path = root / "wrapper.toml"
    path.write_text(path.read_text() + text)
    return root


def copy_project(project: Path, target: Path) -> Path:
    """A copy of ``project`` without its generated ``.wrapper/`` folder."""
    shutil.copytree(project, target, ignore=shutil.ignore_patterns(".wrapper"))
    return target


def without_page(project: Path) -> Path:
    """The stage without its hosted page, for tests about the backend (test_deploy_page_e2e deploys the page)."""
    return edit_config(project, "[frontend]\n", "[frontend]\nenabled = false\n")


def with_http_routes(project: Path, *routes: str, extra: str = "") -> Path:
    """Add a function ``rooms`` (functions/rooms.py, answering its path parameters) serving HTTP ``routes``;
    ``extra`` is appended to wrapper.toml after it (e.g. an [http] table)."""
    write_files(project, {"functions/rooms.py": "def handler(event, context):\n    return event.get('pathParameters') or {}\n"})
    keys = ", ".join(f'"{route}"' for route in routes)
    return append_config(project, f'\n[functions.rooms]\nhandler = "rooms.handler"\nhttp = [{keys}]\n{extra}')
