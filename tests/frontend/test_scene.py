"""The template scene as people see it: desktop and phone screenshots with both players in view,
the phone's portrait field of view, its touch controls, and a hint that matches the device.

Screenshots land in test-results/ (scene-*.png) for a person to look at.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.frontend.conftest import ARTIFACTS, Site, wait_js
from tests.frontend.test_page import NOT_BLANK

# Two pages rendering shadows in software on a shared machine: minutes, not seconds.
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(600)]

DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
# Ann and Bob face each other across the plaza, the fountain just beside the line between them.
# A software renderer on a shared machine draws a 1280x720 frame in about a second.
SLOW = 90
ANN = "&x=2.4&z=-1.8&yaw=161.6"
BOB = "&x=1.2&z=1.8&yaw=-18.4"


def open_player(browser: Any, site: Site, name: str, spawn: str, viewport: dict[str, int], phone: bool = False) -> Any:
    options: dict[str, Any] = {"viewport": viewport}
    if phone:
        # 1 CSS pixel per device pixel: a software renderer shades a 3x phone screen far too slowly.
        options.update(is_mobile=True, has_touch=True, device_scale_factor=1)
    page = browser.new_context(**options).new_page()
    page.goto(site.url("plaza", name) + spawn)
    wait_js(page, "window.wrapperXR && window.wrapperXR.state === 'open' && window.wrapperXR.id", SLOW)
    return page


def assert_in_view(page: Any, peer: str, viewport: dict[str, int], least: float = 0.12) -> None:
    """The peer's whole avatar (head, torso, hands) is drawn inside the frame, not cut at an edge."""
    frames = page.evaluate("wrapperXR.frames")
    wait_js(page, f"wrapperXR.screenBox('{peer}') && wrapperXR.frames > {frames + 2}", SLOW)
    box = page.evaluate(f"wrapperXR.screenBox('{peer}')")
    assert not box["behind"], box
    assert 0 <= box["left"] < box["right"] <= viewport["width"], box
    assert 0 <= box["top"] < box["bottom"] <= viewport["height"], box
    # Big enough to read as a person at this distance, not a speck.
    assert box["bottom"] - box["top"] > viewport["height"] * least, box


def pair(browser: Any, site: Site, viewport: dict[str, int], phone: bool = False) -> tuple[Any, Any, str, str]:
    ann = open_player(browser, site, "Ann", ANN, viewport, phone)
    bob = open_player(browser, site, "Bob", BOB, viewport, phone)
    ann_id, bob_id = ann.evaluate("wrapperXR.id"), bob.evaluate("wrapperXR.id")
    wait_js(ann, f"wrapperXR.lastPose('{bob_id}')", SLOW)
    wait_js(bob, f"wrapperXR.lastPose('{ann_id}')", SLOW)
    time.sleep(0.5)  # past the interpolation delay, so the avatars stand where their players are
    return ann, bob, ann_id, bob_id


def close(*pages: Any) -> None:
    for page in pages:
        page.context.close()


def test_desktop_frame_shows_the_other_player_in_a_lit_scene(browser: Any, site: Site) -> None:
    ann, bob, ann_id, bob_id = pair(browser, site, DESKTOP)
    assert_in_view(ann, bob_id, DESKTOP)
    assert_in_view(bob, ann_id, DESKTOP)
    assert ann.evaluate(NOT_BLANK) > 100, "a textured, shaded scene has contrast; a flat fill has none"
    assert ann.locator("#hint").inner_text().startswith("WASD")
    assert ann.evaluate("wrapperXR.fov") == pytest.approx(65)
    ARTIFACTS.mkdir(exist_ok=True)
    ann.screenshot(path=str(ARTIFACTS / "scene-desktop-ann.png"))
    bob.screenshot(path=str(ARTIFACTS / "scene-desktop-bob.png"))
    close(ann, bob)


def touch(cdp: Any, kind: str, x: float, y: float) -> None:
    points = [] if kind == "touchEnd" else [{"x": x, "y": y, "id": 1}]
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


def test_phone_portrait_widens_the_view_and_moves_by_touch(browser: Any, site: Site) -> None:
    ann, bob, ann_id, bob_id = pair(browser, site, PHONE, phone=True)
    assert ann.evaluate("wrapperXR.touch")
    assert ann.evaluate("wrapperXR.fov") >= 90, "portrait widens the vertical angle so the sides are not cut"
    # A portrait screen is tall: a person 4 m away fills less of its height than on a desktop.
    assert_in_view(ann, bob_id, PHONE, least=0.08)
    assert_in_view(bob, ann_id, PHONE, least=0.08)
    assert "thumb" in ann.locator("#hint").inner_text()
    assert ann.locator("#stick").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    ann.screenshot(path=str(ARTIFACTS / "scene-phone-ann.png"))

    # Push the thumb stick forward: Ann walks towards Bob, and Bob's page sees her arrive.
    cdp = ann.context.new_cdp_session(ann)
    stick = ann.locator("#stick").bounding_box()
    cx, cy = stick["x"] + stick["width"] / 2, stick["y"] + stick["height"] / 2
    before = ann.evaluate("wrapperXR.position")
    touch(cdp, "touchStart", cx, cy)
    for step in range(1, 6):
        touch(cdp, "touchMove", cx, cy - step * 10)
    time.sleep(0.8)
    touch(cdp, "touchEnd", 0, 0)
    after = ann.evaluate("wrapperXR.position")
    towards_bob = [1.2 - before[0], 1.8 - before[2]]
    walked = [after[0] - before[0], after[2] - before[2]]
    assert walked[0] * towards_bob[0] + walked[1] * towards_bob[1] > 0.5, (before, after)
    wait_js(bob, f"(p => p && Math.hypot(p.head.p[0] - {after[0]}, p.head.p[2] - {after[2]}) < 0.3)(wrapperXR.lastPose('{ann_id}'))", SLOW)

    # Drag a finger across the view: Ann turns (her head's heading changes), and does not walk.
    heading = ann.evaluate("wrapperXR.yaw")
    touch(cdp, "touchStart", 300, 400)
    for step in range(1, 6):
        touch(cdp, "touchMove", 300 - step * 20, 400)
    touch(cdp, "touchEnd", 0, 0)
    wait_js(ann, f"Math.abs(wrapperXR.yaw - {heading}) > 0.3", SLOW)
    bob.screenshot(path=str(ARTIFACTS / "scene-phone-bob.png"))
    close(ann, bob)
