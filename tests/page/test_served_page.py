"""The uploaded page, served exactly as stored (bodies, stored headers, CloudFront's response headers
with the CSP), works in a real browser against a running `wrapper dev` backend: the CSP lets the page
load its modules and open its WebSocket, and two browsers see each other.

moto stands in for S3 and a local static server for CloudFront (neither is reachable here); the
headers come from the same function that gives Terraform the CSP.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.frontend.conftest import ARGS, CHROMIUM, CONNECTED, FIRST_CONNECT_SECONDS, TEMPLATE_MODULES, Site, _missing
from tests.page.conftest import Cloud
from wrapper.config import load_config
from wrapper.page import deploy as page
from wrapper.page.files import INDEX_KEY, script_hashes
from wrapper.page.headers import response_headers

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VIOLATIONS = "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for this module only: Playwright's sync API keeps an event loop running while it lives."""
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def wait_js(page: Any, expression: str, seconds: float = 20) -> Any:
    """Poll from Python: Playwright's wait_for_function evaluates strings with eval, which this CSP rightly forbids."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = page.evaluate(f"() => {expression}")
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"not true within {seconds} s: {expression}")


class Edge:
    """What CloudFront would answer: the stored object with its Content-Type and Cache-Control, plus the policy's headers."""

    def __init__(self, objects: dict[str, tuple[bytes, dict[str, str]]], headers: dict[str, str]) -> None:
        edge = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                key = urlsplit(self.path).path.lstrip("/") or INDEX_KEY
                stored = objects.get(key)
                self.send_response(200 if stored else 403)  # S3 behind OAC answers 403 for a missing key
                body, meta = stored or (b"", {"Content-Type": "application/xml"})
                for name, value in {**meta, **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                edge.served.append(key)

            def log_message(self, *args: Any) -> None:
                pass

        self.served: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def deployed(tmp_path: Path, cloud: Cloud) -> Iterator[tuple[Edge, Site]]:
    from tests.conftest import scaffold

    root = scaffold(tmp_path / "world", service="world")
    (root / "frontend" / "node_modules").symlink_to(TEMPLATE_MODULES, target_is_directory=True)
    site = Site(root)
    server = site.start()
    try:
        config = load_config(root, "dev", env={})
        page.upload(config, {**cloud.outputs(), "websocket_url": server.ws_url})
        objects = {}
        for key in cloud.objects():
            got = cloud.s3.get_object(Bucket=cloud.bucket, Key=key)
            objects[key] = (
                got["Body"].read(),
                {"Content-Type": got["ContentType"], "Cache-Control": got["CacheControl"], "ETag": got["ETag"]},
            )
        origin = f"ws://{urlsplit(server.ws_url).netloc}"
        edge = Edge(objects, response_headers(script_hashes(page.dist_dir(config)), origin))
        try:
            yield edge, site
        finally:
            edge.close()
    finally:
        site.stop()


def test_the_stored_page_with_its_csp_connects_and_two_browsers_see_each_other(browser: Any, deployed: tuple[Edge, Site]) -> None:
    edge, _ = deployed
    pages = []
    for name in ("Ann", "Bob"):
        tab = browser.new_page(viewport={"width": 480, "height": 320})
        tab.add_init_script(VIOLATIONS)
        response = tab.goto(f"{edge.url}?room=hall&name={name}")
        assert response is not None and "connect-src 'self' ws://127.0.0.1:" in response.headers["content-security-policy"]
        assert response.headers["permissions-policy"].startswith("xr-spatial-tracking=(self)")
        wait_js(tab, CONNECTED, seconds=FIRST_CONNECT_SECONDS)
        pages.append(tab)
    a, b = pages
    a_id, b_id = a.evaluate("wrapperXR.id"), b.evaluate("wrapperXR.id")
    wait_js(a, f"wrapperXR.peers.includes('{b_id}')", seconds=20)
    wait_js(b, f"wrapperXR.peers.includes('{a_id}')", seconds=20)
    for tab in pages:
        assert tab.evaluate("window.__csp") == [], "the CSP blocked something the page needs"
    assert "node_modules/three/build/three.module.js" in edge.served and "wrapper-config.json" in edge.served

    # The policy is in force: a socket to any other origin is refused by the browser.
    refused = a.evaluate(
        """() => new Promise(done => {
            try { const s = new WebSocket('ws://127.0.0.1:9/elsewhere'); s.onerror = () => done('error'); }
            catch (e) { done('blocked'); }
            setTimeout(() => done('timeout'), 3000);
        })"""
    )
    assert refused in {"blocked", "error"}
    wait_js(a, "window.__csp.some(v => v.startsWith('connect-src'))")
