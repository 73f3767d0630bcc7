"""Two browsers on the test's own LAN open the page over https and see each other over wss."""

from __future__ import annotations

from typing import Any

import pytest

from tests.frontend.conftest import CONNECTED, FIRST_CONNECT_SECONDS, TEMPLATE_MODULES, wait_js
from tests.lan.conftest import LanSite
from tests.lan.netns import PrivateLan

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def open_on_device(headsets: Any, site: LanSite, name: str, room: str = "hall") -> Any:
    page = headsets().new_page(viewport={"width": 320, "height": 240})
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(site.page(f"/?room={room}&name={name}"))
    wait_js(page, CONNECTED, seconds=FIRST_CONNECT_SECONDS)
    assert problems == []
    return page


def source_ips(site: LanSite) -> set[str]:
    """Where the gateway saw its players connect from (the address a handler reads as identity.sourceIp)."""
    assert site.server.gateway is not None
    return {conn.info.source_ip for conn in site.server.gateway.connections.values()}


def test_a_device_gets_a_secure_context_with_webxr_and_sees_the_other(headsets: Any, lan_site: LanSite, lan: PrivateLan) -> None:
    a = open_on_device(headsets, lan_site, "Quest")
    b = open_on_device(headsets, lan_site, "Phone")
    for page in (a, b):
        assert page.evaluate("window.isSecureContext") is True
        assert page.evaluate("'xr' in navigator && !!navigator.xr"), "WebXR exists only in a secure context"
        assert page.evaluate("location.protocol") == "https:"
    a_id, b_id = a.evaluate("wrapperXR.id"), b.evaluate("wrapperXR.id")
    wait_js(a, f"wrapperXR.peers.includes('{b_id}')")
    wait_js(b, f"wrapperXR.peers.includes('{a_id}')")
    assert lan_site.server.ws_url.startswith("wss://")
    assert source_ips(lan_site) == {lan.device_ip}, "both browsers really are on the other side of the veth"


IWER = TEMPLATE_MODULES / "iwer" / "build" / "iwer.js"
# Meta's Immersive Web Emulation Runtime, put in the page before its own scripts: an emulated
# Quest 3 replaces Chromium's WebXR (which has no headset here), so "Enter VR" really starts
# an immersive session and the test can move the headset.
EMULATED_QUEST = (
    "const device = new IWER.XRDevice(IWER.metaQuest3); device.installRuntime({ forceInstall: true }); window.emulatedHeadset = device;"
)


def test_enter_vr_on_an_emulated_headset_moves_the_avatar_the_other_device_sees(headsets: Any, lan_site: LanSite) -> None:
    if not IWER.is_file():
        pytest.skip("iwer is not installed (npm ci in templates/frontend/webxr; scripts/bootstrap --test does it)")
    quest = headsets().new_context(viewport={"width": 320, "height": 240})
    quest.add_init_script(script=IWER.read_text() + "\n" + EMULATED_QUEST)
    headset = quest.new_page()
    problems: list[str] = []
    headset.on("pageerror", lambda e: problems.append(str(e)))
    headset.goto(lan_site.page("/?room=vr&name=Quest"))
    wait_js(headset, CONNECTED, seconds=FIRST_CONNECT_SECONDS)
    watcher = open_on_device(headsets, lan_site, "Laptop", room="vr")
    quest_id = headset.evaluate("wrapperXR.id")

    headset.locator("#VRButton").click(timeout=15000)  # three.js's VRButton, shown because a headset is there
    wait_js(headset, "wrapperXR.presenting === true")
    wait_js(watcher, f"wrapperXR.lastPose('{quest_id}') !== null")

    def seen() -> list[float]:
        return list(watcher.evaluate(f"wrapperXR.lastPose('{quest_id}').head.p"))

    headset.evaluate("emulatedHeadset.position.set(0, 1.6, 0)")
    wait_js(
        watcher,
        f"(() => {{ const p = wrapperXR.lastPose('{quest_id}').head.p; return Math.abs(p[0]) < 0.05 && Math.abs(p[2]) < 0.05; }})()",
    )
    before = seen()
    headset.evaluate("emulatedHeadset.position.set(1.2, 1.6, -0.8)")  # the player walks 1.2 m right, 0.8 m forward
    wait_js(watcher, f"(() => {{ const p = wrapperXR.lastPose('{quest_id}').head.p; return Math.abs(p[0] - 1.2) < 0.05; }})()", seconds=15)
    after = seen()
    assert after[0] - before[0] == pytest.approx(1.2, abs=0.05)
    assert after[2] - before[2] == pytest.approx(-0.8, abs=0.05)
    assert headset.evaluate("wrapperXR.presenting") is True
    assert problems == []
