"""Sign-in in a real browser: the page's Sign in button, `wrapper dev`'s local provider, and a second player who sees the name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.frontend.conftest import CONNECTED, FIRST_CONNECT_SECONDS, Site, open_page, serving, wait_js
from tests.projects import SIGNIN_CONFIG, append_config, edit_config, scaffold

pytestmark = pytest.mark.browser


@pytest.fixture
def accounts_site(tmp_path: Path) -> Iterator[Site]:
    with serving(append_config(scaffold(tmp_path / "world", service="world"), SIGNIN_CONFIG)) as served:
        yield served


def test_sign_in_connect_and_the_other_player_sees_the_name(browser: Any, accounts_site: Site) -> None:
    site = accounts_site
    ada = open_page(browser, site, "hall", "Mallory")
    button = ada.locator("#signin")
    assert button.inner_text() == "Sign in"
    button.click()
    ada.wait_for_url("**/oauth2/authorize?**")
    assert ada.url.startswith(site.server.issuer_url) and "code_challenge_method=S256" in ada.url  # type: ignore[union-attr]
    assert "ada" in ada.locator("ul").inner_text() and "bob" in ada.locator("ul").inner_text()
    ada.fill("input[name=username]", "ada")
    ada.fill("input[name=password]", "wrong")
    ada.click("button[type=submit]")
    assert "Incorrect username or password." in ada.content()
    ada.fill("input[name=password]", "correct horse")
    ada.click("button[type=submit]")
    ada.wait_for_url(f"http://127.0.0.1:{site.frontend_port}/?room=hall&name=Mallory")  # the code and state are gone from the URL
    wait_js(ada, "window.wrapperXR && window.wrapperXR.state === 'open' && window.wrapperXR.id && window.wrapperXR.signedInAs === 'ada'")
    assert ada.locator("#signin").inner_text() == "Sign out ada"
    assert ada.locator("#you").inner_text() == "ada"  # the token's name, not ?name=Mallory
    ada_id = ada.evaluate("wrapperXR.id")
    assert ada.evaluate("wrapperXR.room") == "hall"  # the room in the URL before sign-in

    guest = open_page(browser, site, "hall", "Bob")
    wait_js(guest, f"wrapperXR.peers.includes('{ada_id}') && wrapperXR.nameOf('{ada_id}') === 'ada'")

    ada.locator("#signin").click()  # sign out: through the provider's /logout and back to the page
    ada.wait_for_url(f"http://127.0.0.1:{site.frontend_port}/")
    # Generous: this reconnect was seen to take 5-25 s on the loaded test machine (not investigated further).
    wait_js(ada, CONNECTED, seconds=FIRST_CONNECT_SECONDS)
    assert ada.locator("#signin").inner_text() == "Sign in" and ada.evaluate("wrapperXR.signedInAs") == ""
    ada.close()
    guest.close()


@pytest.fixture
def profile_site(tmp_path: Path) -> Iterator[Site]:
    from tests.lambdas.test_profile import PROFILE

    root = append_config(append_config(scaffold(tmp_path / "world", service="world"), SIGNIN_CONFIG), PROFILE)
    edit_config(
        root, 'tables = ["connections", "players"]\nsecret = true', 'tables = ["connections", "players", "profiles"]\nsecret = true'
    )
    with serving(root) as served:
        yield served


def test_put_me_from_the_page_and_the_other_player_sees_the_display_name(browser: Any, profile_site: Site) -> None:
    site = profile_site
    ada = open_page(browser, site, "hall", "Mallory")
    ada.locator("#signin").click()
    ada.wait_for_url("**/oauth2/authorize?**")
    ada.fill("input[name=username]", "ada")
    ada.fill("input[name=password]", "correct horse")
    ada.click("button[type=submit]")
    wait_js(ada, "window.wrapperXR && window.wrapperXR.state === 'open' && window.wrapperXR.signedInAs === 'ada'", seconds=60)
    saved = ada.evaluate("wrapperXR.saveProfile('Ada L', '#ff8800')")
    assert saved is not None and saved["displayName"] == "Ada L"
    ada.reload()  # the next connection is named by the profile
    wait_js(
        ada,
        "window.wrapperXR && window.wrapperXR.state === 'open' && window.wrapperXR.id && window.wrapperXR.signedInAs === 'ada'",
        seconds=60,
    )
    ada_id = ada.evaluate("wrapperXR.id")
    guest = browser.new_page(viewport={"width": 480, "height": 320})
    guest.goto(site.url("hall", "Bob"))
    wait_js(guest, f"window.wrapperXR && wrapperXR.peers.includes('{ada_id}') && wrapperXR.nameOf('{ada_id}') === 'Ada L'", seconds=60)
    ada.close()
    guest.close()
