"""Fixtures for `wrapper dev --lan`: a private CA folder, the test's own LAN, a served project."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import scaffold
from tests.frontend.conftest import ARGS, CHROMIUM, TEMPLATE_MODULES, require_browser
from tests.lan.netns import PrivateLan, netns_unavailable, private_lan
from wrapper.config import load_config
from wrapper.lan import LanSetup, prepare_lan
from wrapper.offline import DevServer, start_dev_server

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def ca_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where this test's CA lives: never the real user data dir of whoever runs the tests."""
    folder = tmp_path / "data" / "ca"
    monkeypatch.setenv("WRAPPER_CA_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def lan() -> Iterator[PrivateLan]:
    reason = netns_unavailable()
    if reason:
        pytest.skip(reason)
    with private_lan() as made:
        yield made


def on_device(lan: PrivateLan, *args: str) -> dict[str, Any]:
    """Run tests/lan/device.py inside the namespace, as the headset would, and return its JSON answer."""
    done = lan.run([sys.executable, "-m", "tests.lan.device", *args], cwd=REPO)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


class LanSite:
    def __init__(self, server: DevServer, setup: LanSetup, notices: list[str]) -> None:
        self.server = server
        self.setup = setup
        self.cafile = str(setup.ca.cert_path)
        self.notices = notices  # what `wrapper dev` would print as warnings

    def page(self, path: str = "/") -> str:
        return f"https://{self.setup.host}:{self.server.frontend_port}{path}"

    def api(self, path: str = "", scheme: str = "https") -> str:
        return f"{scheme}://{self.setup.host}:{self.server.port}/{self.server.config.stage}{path}"


@pytest.fixture
def lan_site(tmp_path: Path, ca_dir: Path, lan: PrivateLan) -> Iterator[LanSite]:
    root = scaffold(tmp_path / "world", service="world")
    (root / "frontend" / "node_modules").symlink_to(TEMPLATE_MODULES, target_is_directory=True)
    setup = prepare_lan(lan.host_ip, ca_folder=ca_dir)
    notices: list[str] = []
    server = start_dev_server(
        load_config(root, "dev", env={}), port=0, frontend_port=0, lan=setup, on_notice=notices.append
    )
    try:
        yield LanSite(server, setup, notices)
    finally:
        server.stop()


@pytest.fixture
def headsets(playwright: Any, lan: PrivateLan, lan_site: LanSite, tmp_path: Path) -> Iterator[Any]:
    """``headsets()`` launches a Chromium inside the namespace: a device on the LAN, not this machine.

    ``--ignore-certificate-errors-spki-list=<CA SPKI hash>`` stands in for installing the local
    CA on the device (the server sends the CA in its chain, so Chromium finds that key).
    Playwright talks to it over its pipe, which ``ip netns exec`` passes through.
    """
    require_browser()
    launcher = tmp_path / "chromium-in-namespace"
    launcher.write_text(f'#!/bin/sh\nexec ip netns exec {lan.namespace} {CHROMIUM} "$@"\n')
    launcher.chmod(0o755)
    trust = f"--ignore-certificate-errors-spki-list={lan_site.setup.ca.spki_hash()}"
    launched: list[Any] = []

    def launch() -> Any:
        browser = playwright.chromium.launch(executable_path=str(launcher), args=[*ARGS, trust])
        launched.append(browser)
        return browser

    try:
        yield launch
    finally:
        for browser in launched:
            browser.close()
