"""Debian's chromium driven by Playwright against `wrapper dev` serving the scaffolded WebXR page."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.projects import scaffold
from wrapper.config import load_config
from wrapper.offline import DevServer, start_dev_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TEMPLATE_MODULES = Path(__file__).resolve().parents[2] / "templates" / "frontend" / "webxr" / "node_modules"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return "chromium is not installed (apt-get install chromium; scripts/bootstrap --test does it)"
    if not (TEMPLATE_MODULES / "three").is_dir():
        return "three.js is not installed (npm ci in templates/frontend/webxr; scripts/bootstrap --test does it)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


def require_browser() -> None:
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI installs all of it; a skip there would hide a broken setup
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    require_browser()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    try:
        yield chromium
    finally:
        chromium.close()


class Site:
    """A scaffolded project served by `wrapper dev` on fixed ports, so it can be restarted in place."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = 0
        self.frontend_port = 0
        self.server: DevServer | None = None

    def start(self) -> DevServer:
        # First start: ports 0, picked (and picked again if taken) by start_dev_server; a restart keeps them.
        self.server = start_dev_server(load_config(self.root, "dev", env={}), port=self.port, frontend_port=self.frontend_port)
        self.port, self.frontend_port = self.server.port, self.server.frontend_port
        return self.server

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def url(self, room: str, name: str) -> str:
        return f"http://127.0.0.1:{self.frontend_port}/?room={room}&name={name}"


@contextmanager
def serving(root: Path) -> Iterator[Site]:
    """A project's page (with the template's three.js) and backend served by `wrapper dev` while the block runs."""
    (root / "frontend" / "node_modules").symlink_to(TEMPLATE_MODULES, target_is_directory=True)
    served = Site(root)
    served.start()
    try:
        yield served
    finally:
        served.stop()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    with serving(scaffold(tmp_path / "world", service="world")) as served:
        yield served


def wait_js(page: Any, expression: str, seconds: float = 15) -> Any:
    """Poll a JavaScript expression in the page until it is truthy (bounded)."""
    from playwright.sync_api import TimeoutError as PageTimeout

    try:
        # Poll on a timer, not on animation frames: software WebGL renders few frames on a busy machine.
        page.wait_for_function(expression, timeout=seconds * 1000, polling=50)
    except PageTimeout:
        raise AssertionError(f"not true within {seconds} s: {expression}\npage then: {page.evaluate(PAGE_STATE)}") from None
    return page.evaluate(expression)


CONNECTED = "window.wrapperXR && window.wrapperXR.state === 'open' && window.wrapperXR.id"
# A page's first connection starts the $connect and hello handlers' environments (a Python
# process each, importing boto3): seconds on a laptop, tens of seconds on a loaded test machine.
FIRST_CONNECT_SECONDS = 60


def open_page(browser: Any, site: Site, room: str, name: str, spawn: str = "") -> Any:
    """A page of ``site`` in ``room`` as ``name``, once it is connected."""
    page = browser.new_page(viewport={"width": 480, "height": 320})
    page.goto(site.url(room, name) + spawn)
    wait_js(page, CONNECTED, seconds=FIRST_CONNECT_SECONDS)
    return page


# What a failed wait reports: enough to tell a page that never loaded from a socket that never opened.
PAGE_STATE = """JSON.stringify({
  url: location.href,
  ready: document.readyState,
  connection: window.wrapperXR ? { state: wrapperXR.state, id: wrapperXR.id, peers: wrapperXR.peers } : "no wrapperXR",
  text: document.body ? document.body.innerText.slice(0, 400) : "",
})"""
