"""`wrapper dev` installs the page's npm packages when they are missing, and only then."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrapper.errors import WrapperError
from wrapper.page_packages import ensure_installed, install, missing_packages


def test_a_fresh_project_lacks_three_and_a_filled_node_modules_lacks_nothing(project: Path) -> None:
    frontend = project / "frontend"
    assert missing_packages(frontend) == ["three"]
    (frontend / "node_modules" / "three").mkdir(parents=True)
    (frontend / "node_modules" / "three" / "package.json").write_text("{}")
    assert missing_packages(frontend) == []
    assert missing_packages(project / "functions") == [], "no package.json, nothing to install"


def test_without_npm_nothing_runs(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    assert install(project / "frontend", lambda _line: None) is False
    assert not (project / "frontend" / "node_modules").exists()


def test_a_failing_npm_is_one_clear_error(project: Path, tmp_path: Path) -> None:
    # A stand-in for npm without network: the real npm prints this and exits 1.
    npm = tmp_path / "npm"
    npm.write_text(
        "#!/bin/sh\necho 'npm error code ENOTFOUND'\necho 'npm error request to https://registry.npmjs.org/three failed'\nexit 1\n"
    )
    npm.chmod(0o755)
    lines: list[str] = []
    with pytest.raises(WrapperError) as caught:
        install(project / "frontend", lines.append, npm=str(npm))
    assert lines == ["npm error code ENOTFOUND", "npm error request to https://registry.npmjs.org/three failed"]
    assert "npm install failed" in caught.value.message and "registry.npmjs.org" in caught.value.message
    assert (project / "frontend" / "package.json").is_file(), "the user's files stay"


class RecordingView:
    """Records what the user would see (wrapper.ui.npm_view prints the same calls)."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def installing(self, packages: list[str], folder: object) -> None:
        self.calls.append(f"installing {packages}")

    def npm_line(self, line: str) -> None:
        self.calls.append(f"npm {line}")

    def installed(self, seconds: float) -> None:
        self.calls.append("installed")


def test_without_npm_no_install_is_announced(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "installing ... with npm install" followed by silence would look like a hang; the caller
    # says instead that npm is missing (wrapper dev warns, deploy refuses).
    monkeypatch.setenv("PATH", "")
    view = RecordingView()
    assert ensure_installed(project / "frontend", view) is False
    assert view.calls == []
