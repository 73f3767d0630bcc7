"""A failing handler under `wrapper dev` shows where the developer looks: a toast in the page and
"server error" instead of a green "open", and one trimmed traceback per distinct error."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.frontend.conftest import Site, wait_js

pytestmark = pytest.mark.browser

POSE_PARSE = "    try:\n        message = protocol.load_message"


def break_play(site: Site, line: str) -> str:
    """Make the pose route fail (hello still answers, so the page connects); returns the original."""
    play = site.root / "functions" / "play.py"
    original = play.read_text()
    assert POSE_PARSE in original
    play.write_text(original.replace(POSE_PARSE, f"    {line}\n{POSE_PARSE}", 1))
    return original


def test_a_failing_handler_shows_in_the_page_until_it_is_fixed(browser: Any, site: Site) -> None:
    original = break_play(site, '{}["x"]  # a bug')
    page = browser.new_page(viewport={"width": 480, "height": 320})
    page.goto(site.url("oops", "Ann"))
    wait_js(page, "window.wrapperXR && wrapperXR.id")
    wait_js(page, "!document.getElementById('dev-error').hidden", seconds=30)
    toast = page.locator("#dev-error").inner_text()
    assert "play handler raised KeyError: 'x'" in toast and "terminal" in toast
    wait_js(page, "document.getElementById('state').textContent === 'server error'", seconds=15)

    assert site.server is not None
    time.sleep(2.5)  # more failing heartbeats: counted, not kept apart
    [group] = site.server.errors.groups()
    assert group.count >= 2 and group.function == "play" and group.error == "KeyError: 'x'"
    assert group.trace is not None and "play.py" in group.trace
    assert "worker.py" not in group.trace and "importlib" not in group.trace, "trimmed to the project's own frames"

    (site.root / "functions" / "play.py").write_text(original)  # fixed: hot reload takes the next pose
    wait_js(page, "document.getElementById('dev-error').hidden", seconds=30)
    wait_js(page, "document.getElementById('state').textContent === 'open'", seconds=15)
    page.close()


def test_a_syntax_error_is_reported_at_its_line_without_import_machinery(browser: Any, site: Site) -> None:
    break_play(site, "if True print('x')")
    page = browser.new_page(viewport={"width": 480, "height": 320})
    page.goto(site.url("typo", "Bob"))
    # hello fails too (the module cannot import), so the page learns it from the dev server only.
    wait_js(page, "!document.getElementById('dev-error').hidden", seconds=30)
    assert "play handler raised SyntaxError" in page.locator("#dev-error").inner_text()
    assert site.server is not None
    [group] = site.server.errors.groups()
    assert group.trace is not None
    assert "play.py" in group.trace and "if True print('x')" in group.trace
    assert "importlib" not in group.trace and "Traceback" not in group.trace, "no frames of ours: just the file, line and caret"
    page.close()
