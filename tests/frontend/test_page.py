"""The WebXR page in a real browser: avatars appear, move, stay in their room, leave, and reconnect."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.frontend.conftest import ARTIFACTS, FIRST_CONNECT_SECONDS, Site, open_page, wait_js

pytestmark = pytest.mark.browser

NOT_BLANK = """() => {
  const source = document.querySelector('canvas');
  const probe = document.createElement('canvas');
  probe.width = 64; probe.height = 64;
  const g = probe.getContext('2d');
  g.drawImage(source, 0, 0, 64, 64);
  const d = g.getImageData(0, 0, 64, 64).data;
  let sum = 0, sq = 0, n = 0;
  for (let i = 0; i < d.length; i += 4) { const v = (d[i] + d[i + 1] + d[i + 2]) / 3; sum += v; sq += v * v; n++; }
  const mean = sum / n;
  return sq / n - mean * mean;
}"""


def peers(page: Any) -> list[str]:
    return list(page.evaluate("window.wrapperXR.peers"))


def walk_and_time_arrival(a: Any, b: Any, a_id: str, key: str) -> float:
    """Seconds from A's last step until B draws A where A stopped."""
    a.keyboard.down(key)
    time.sleep(0.4)
    a.keyboard.up(key)
    moved_to = a.evaluate("wrapperXR.position")
    started = time.monotonic()
    b.wait_for_function(
        f"""() => {{
            const p = wrapperXR.lastPose('{a_id}');
            const target = {moved_to};
            return p && Math.hypot(p.head.p[0] - target[0], p.head.p[2] - target[2]) < 0.05;
        }}""",
        timeout=5000,
        polling=20,
    )
    return time.monotonic() - started


def test_two_pages_see_each_other_and_motion_arrives_within_500_ms(browser: Any, site: Site) -> None:
    a = open_page(browser, site, "hall", "Ann", "&x=0.4&z=-2&yaw=180")  # facing each other
    b = open_page(browser, site, "hall", "Bob", "&x=-0.4&z=2&yaw=0")
    a_id, b_id = a.evaluate("wrapperXR.id"), b.evaluate("wrapperXR.id")
    wait_js(a, f"wrapperXR.peers.includes('{b_id}') && wrapperXR.lastPose('{b_id}')")
    wait_js(b, f"wrapperXR.peers.includes('{a_id}') && wrapperXR.lastPose('{a_id}')")

    # The best of three walks: the path's latency, not a stall of a machine shared with other tests.
    took = [walk_and_time_arrival(a, b, a_id, key) for key in ("KeyW", "KeyS", "KeyW")]
    assert min(took) < 0.5, f"A's move must reach B within 500 ms (took {took})"

    ARTIFACTS.mkdir(exist_ok=True)
    time.sleep(0.3)  # let the interpolation catch up before the picture
    a.screenshot(path=str(ARTIFACTS / "two-pages-a.png"))
    b.screenshot(path=str(ARTIFACTS / "two-pages-b.png"))
    assert b.evaluate(NOT_BLANK) > 20, "the rendered frame must not be a flat colour"
    assert b.evaluate("Number(document.getElementById('count').textContent)") == 2
    a.close()
    b.close()


def test_a_page_in_another_room_sees_neither(browser: Any, site: Site) -> None:
    a = open_page(browser, site, "one", "Ann")
    b = open_page(browser, site, "one", "Bob")
    c = open_page(browser, site, "two", "Cat")
    b_id = b.evaluate("wrapperXR.id")
    wait_js(a, f"wrapperXR.peers.includes('{b_id}')")
    time.sleep(1.0)
    assert peers(c) == []
    assert c.evaluate("wrapperXR.id") not in peers(a) + peers(b)
    for page in (a, b, c):
        page.close()


def test_closing_a_page_removes_its_avatar(browser: Any, site: Site) -> None:
    a = open_page(browser, site, "bye", "Ann")
    b = open_page(browser, site, "bye", "Bob")
    a_id = a.evaluate("wrapperXR.id")
    wait_js(b, f"wrapperXR.peers.includes('{a_id}')")
    a.close()
    wait_js(b, f"!wrapperXR.peers.includes('{a_id}')", seconds=10)
    b.close()


def test_a_page_whose_room_row_is_gone_joins_again(browser: Any, site: Site) -> None:
    a = open_page(browser, site, "lost", "Ann")
    first_id = a.evaluate("wrapperXR.id")
    assert site.server is not None
    config, ddb = site.server.config, site.server.embedded.client("dynamodb")
    # What a TTL expiry or a prune leaves: no row for the connection, which stays open.
    for table in ("connections", "players"):
        name = config.tables[table].full_name
        for item in ddb.scan(TableName=name)["Items"]:
            ddb.delete_item(TableName=name, Key={k: item[k] for k in (("connectionId",) if table == "connections" else ("room", "connectionId"))})
    # Its next message (a heartbeat within a second) is answered not_joined: the page connects again.
    wait_js(a, f"wrapperXR.state === 'open' && wrapperXR.id && wrapperXR.id !== '{first_id}'", seconds=FIRST_CONNECT_SECONDS)
    a.close()


def test_a_page_survives_a_restart_of_wrapper_dev(browser: Any, site: Site) -> None:
    a = open_page(browser, site, "again", "Ann")
    first_id = a.evaluate("wrapperXR.id")
    site.stop()
    wait_js(a, "wrapperXR.state === 'reconnecting'", seconds=15)
    site.start()
    wait_js(a, f"wrapperXR.state === 'open' && wrapperXR.id && wrapperXR.id !== '{first_id}'", seconds=FIRST_CONNECT_SECONDS)
    b = open_page(browser, site, "again", "Bob")
    a_id = a.evaluate("wrapperXR.id")
    wait_js(b, f"wrapperXR.peers.includes('{a_id}')")
    a.close()
    b.close()
