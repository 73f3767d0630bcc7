"""`wrapper init` then `wrapper dev` in an empty folder: the page works with no other step."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.frontend.conftest import wait_js
from tests.support.dev_child import BANNER_END, dev_child
from wrapper.offline.aws.embedded import free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed (scripts/bootstrap installs it)")
def test_init_then_dev_serves_a_page_whose_three_js_loads(browser: Any, tmp_path: Path) -> None:
    wrapper = [sys.executable, "-m", "wrapper"]
    made = subprocess.run(
        [*wrapper, "init", "world", "--service", "world", "--yes"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert made.returncode == 0, made.stderr
    root = tmp_path / "world"
    assert not (root / "frontend" / "node_modules").exists()

    page_port = free_port()
    with dev_child([*wrapper, "dev", "--port", str(free_port()), "--frontend-port", str(page_port)], root, columns=160) as (_, lines):
        text = lines.until(BANNER_END, 300)  # npm's output, then the banner
        assert "installing the page's npm packages (three)" in text, text
        assert "npm |" in text, "npm's own output is shown as progress"
        assert "three.js is not installed" not in text
        assert (root / "frontend" / "node_modules" / "three" / "build" / "three.module.js").is_file()

        page = browser.new_page(viewport={"width": 320, "height": 240})
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
        page.goto(f"http://127.0.0.1:{page_port}/?room=fresh&name=New")
        wait_js(page, "window.wrapperXR && window.wrapperXR.state === 'open'", seconds=30)
        assert page.evaluate("document.getElementById('missing').hidden") is True
        assert page.evaluate("!!document.querySelector('canvas')"), "three.js made its WebGL canvas"
        assert problems == []
        page.close()
