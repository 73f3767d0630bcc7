"""Shared objects on the page in a real browser: one page drags an object, the other sees it move."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from tests.frontend.conftest import ARTIFACTS, Site, wait_js
from tests.frontend.test_page import open_page

pytestmark = pytest.mark.browser


def objects(page: Any) -> dict[str, Any]:
    return dict(page.evaluate("wrapperXR.objects"))


@pytest.mark.slow
def test_dragging_an_object_in_one_browser_moves_it_in_the_other(browser: Any, site: Site) -> None:
    a = open_page(browser, site, "yard", "Ann", "&x=0&z=1&yaw=0")  # both facing the starter objects
    wait_js(a, "Object.keys(wrapperXR.objects).length === 3")  # the first page spawns them
    b = open_page(browser, site, "yard", "Bob", "&x=0.3&z=1.2&yaw=0")
    wait_js(b, "Object.keys(wrapperXR.objects).length === 3")  # the late page learns them from its welcome
    start = objects(b)["crate"]["at"]["p"]

    point = a.evaluate("wrapperXR.objectScreenPoint('crate')")
    assert not point["behind"]
    a.mouse.move(point["x"], point["y"])
    a.mouse.down()
    wait_js(a, "wrapperXR.holding === 'crate'")
    a_id = a.evaluate("wrapperXR.id")
    wait_js(b, f"wrapperXR.objects.crate.by === {json.dumps(a_id)}")  # B sees who holds it
    for step in range(1, 13):  # a drag to the right, in small steps as a hand would
        a.mouse.move(point["x"] + step * 10, point["y"] - step * 3)
        a.wait_for_timeout(40)
    # While A still holds it, B draws it moving (held placements ride A's poses into the snapshots).
    wait_js(b, f"wrapperXR.objects.crate.by === {json.dumps(a_id)} && wrapperXR.objects.crate.at.p[0] > {start[0] + 0.2}", 15)
    a.mouse.up()
    wait_js(a, "wrapperXR.holding === null")
    dropped = objects(a)["crate"]["at"]["p"]
    assert dropped[0] > start[0] + 0.2, f"the drag moved the crate right on A: {start} -> {dropped}"
    wait_js(b, f"wrapperXR.objects.crate.by === null && Math.abs(wrapperXR.objects.crate.at.p[0] - {dropped[0]}) < 0.01", 15)
    seen = objects(b)["crate"]["at"]["p"]
    assert math.dist(seen, dropped) < 0.01
    ARTIFACTS.mkdir(exist_ok=True)
    b.screenshot(path=str(ARTIFACTS / "objects-b.png"))
    a.close()
    b.close()
