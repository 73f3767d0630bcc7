"""`wrapper dev --lan` seen from a device on the test's own network (a namespace + veth pair)."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

from tests.conftest import scaffold
from tests.frontend.conftest import TEMPLATE_MODULES
from tests.lan.conftest import LanSite, on_device
from tests.lan.netns import PrivateLan, netns_unavailable, private_lan
from tests.support.dev_child import BANNER_END, WRAPPER, dev_child
from wrapper.config import load_config
from wrapper.errors import WrapperError
from wrapper.lan import prepare_lan
from wrapper.offline import start_dev_server
from wrapper.offline.aws.embedded import free_port

pytestmark = pytest.mark.slow


def test_the_page_config_points_at_wss_on_the_host_the_page_came_from(lan_site: LanSite, lan: PrivateLan) -> None:
    port = lan_site.server.port
    from_device = on_device(lan, "fetch", lan_site.page("/wrapper-config.json"), "--cafile", lan_site.cafile)
    assert from_device["status"] == 200
    assert f'"websocketUrl": "wss://{lan.host_ip}:{port}/dev"' in from_device["body"]

    # The same page opened on the laptop itself talks to localhost.
    import json
    import ssl
    import urllib.request

    context = ssl.create_default_context(cafile=lan_site.cafile)
    local = f"https://localhost:{lan_site.server.frontend_port}/wrapper-config.json"
    with urllib.request.urlopen(local, context=context, timeout=10) as response:
        assert json.load(response)["websocketUrl"] == f"wss://localhost:{port}/dev"


def test_a_host_name_the_certificate_does_not_carry_is_refused(lan_site: LanSite, lan: PrivateLan) -> None:
    # What a browser sends after DNS rebinding: someone else's name, this machine's address.
    for url in (lan_site.page("/wrapper-config.json"), lan_site.page("/"), lan_site.api()):
        forged = on_device(lan, "fetch", url, "--cafile", lan_site.cafile, "--host", "evil.example")
        assert forged["status"] == 421, (url, forged)
        assert "evil.example" in forged["body"] and "wss://" not in forged["body"]


def test_a_device_joins_the_room_over_wss(lan_site: LanSite, lan: PrivateLan) -> None:
    result = on_device(lan, "ws", lan_site.api("?room=hall&name=Quest", scheme="wss"), "--cafile", lan_site.cafile)
    assert result["open"] is True, result
    assert result["reply"]["type"] == "welcome"


def test_a_device_that_does_not_trust_the_ca_is_refused_by_its_own_tls(lan_site: LanSite, lan: PrivateLan) -> None:
    result = on_device(lan, "fetch", lan_site.page("/"), "--cafile", "/etc/ssl/certs/ca-certificates.crt")
    assert result["status"] is None and "CERTIFICATE_VERIFY_FAILED" in result["error"]
    on_device(lan, "fetch", lan_site.page("/"), "--cafile", "/etc/ssl/certs/ca-certificates.crt")
    told = [n for n in lan_site.notices if "does not trust" in n]
    assert told == [f"{lan.device_ip} does not trust this machine's CA yet: install it there from {lan_site.page('/wrapper-ca')}"]


def test_the_management_api_refuses_a_lan_client_and_serves_loopback(lan_site: LanSite, lan: PrivateLan) -> None:
    for method in ("POST", "GET", "DELETE"):
        refused = on_device(lan, "fetch", lan_site.api("/@connections/abc"), "--cafile", lan_site.cafile, "--method", method)
        assert refused["status"] == 403, (method, refused)
    aws = on_device(
        lan, "fetch", f"https://{lan.host_ip}:{lan_site.server.port}/__aws/dynamodb", "--cafile", lan_site.cafile, "--method", "POST"
    )
    assert aws["status"] == 403

    import boto3
    from botocore.config import Config

    client = boto3.client(
        "apigatewaymanagementapi",
        endpoint_url=lan_site.server.management_url,
        region_name="eu-west-2",
        verify=lan_site.cafile,
        config=Config(retries={"max_attempts": 1}),
    )
    with pytest.raises(client.exceptions.GoneException):
        client.post_to_connection(ConnectionId="abc", Data=b"x")


def test_plain_http_and_ws_to_the_tls_ports_get_one_clear_answer(lan_site: LanSite, lan: PrivateLan) -> None:
    page = on_device(lan, "fetch", f"http://{lan.host_ip}:{lan_site.server.frontend_port}/")
    assert page["status"] == 400
    assert f"use https://{lan.host_ip}:{lan_site.server.frontend_port}/" in page["body"]
    ws = on_device(lan, "ws", f"ws://{lan.host_ip}:{lan_site.server.port}/dev")
    assert ws["open"] is False and ws["status"] == 400
    assert f"use wss://{lan.host_ip}:{lan_site.server.port}/dev" in ws["body"]
    assert any(n.startswith(f"{lan.device_ip} spoke plain http/ws") for n in lan_site.notices)
    # The server carries on serving TLS afterwards.
    assert on_device(lan, "fetch", lan_site.page("/"), "--cafile", lan_site.cafile)["status"] == 200


def test_the_ca_download_page(lan_site: LanSite, lan: PrivateLan) -> None:
    page = on_device(lan, "fetch", lan_site.page("/wrapper-ca"), "--cafile", lan_site.cafile)
    assert page["status"] == 200
    for device in ("Meta Quest", "Android", "iPhone", "Desktop"):
        assert device in page["body"]
    assert f"adb reverse tcp:{lan_site.server.port} tcp:{lan_site.server.port}" in page["body"]
    assert lan_site.setup.ca.fingerprint() in page["body"]
    cert = on_device(lan, "fetch", lan_site.page("/wrapper-ca.crt"), "--cafile", lan_site.cafile)
    assert cert["body"].encode() == lan_site.setup.ca.pem()


def _busy_on_lan_only(host_ip: str) -> socket.socket:
    """A listener on the LAN address whose port is free on loopback (other tests may hold loopback ports)."""
    for _ in range(50):
        busy = socket.socket()
        busy.bind((host_ip, 0))
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", busy.getsockname()[1]))
            except OSError:
                busy.close()
                continue
        busy.listen()
        return busy
    raise AssertionError("no port free on both the LAN address and loopback")


def test_a_port_in_use_on_the_lan_address_is_one_clear_error(tmp_path: Path, ca_dir: Path, lan: PrivateLan) -> None:
    root = scaffold(tmp_path / "world", service="world")
    busy = _busy_on_lan_only(lan.host_ip)
    try:
        with pytest.raises(WrapperError, match=f"cannot listen on {lan.host_ip}:{busy.getsockname()[1]}"):
            start_dev_server(
                load_config(root, "dev", env={}), port=busy.getsockname()[1], frontend_port=free_port(), lan=prepare_lan(lan.host_ip)
            )
    finally:
        busy.close()


def test_no_lan_interface_is_one_clear_message(tmp_path: Path, ca_dir: Path) -> None:
    reason = netns_unavailable()
    if reason:
        pytest.skip(reason)
    root = scaffold(tmp_path / "world", service="world")
    with private_lan(with_link=False) as isolated:  # a machine with only loopback
        done = isolated.run([sys.executable, "-m", "wrapper", "dev", "--lan"], cwd=root, env={**os.environ})
    assert done.returncode == 1, done.stderr
    assert "no local network interface" in done.stderr and "--host" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (root / ".wrapper").exists() or not any((root / ".wrapper").rglob("*.json"))


def test_host_without_lan_is_a_usage_error(cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli(["dev", "--host", "10.9.9.9"], cwd=project)
    assert result.exit_code == 2
    assert "--host needs --lan" in result.output


def test_the_dev_lan_setting_serves_the_lan_url_a_qr_code_and_the_open_room_warning(tmp_path: Path, ca_dir: Path, lan: PrivateLan) -> None:
    root = scaffold(tmp_path / "world", service="world")
    toml = root / "wrapper.toml"
    toml.write_text(toml.read_text().replace("# lan = true", "lan = true"))
    (root / "frontend" / "node_modules").symlink_to(TEMPLATE_MODULES, target_is_directory=True)
    port, page_port = free_port(), free_port()
    argv = [*WRAPPER, "dev", "--host", lan.host_ip, "--port", str(port), "--frontend-port", str(page_port)]
    with dev_child(argv, root, columns=120) as (_, banner):
        text = banner.until(BANNER_END)
    lines = text.splitlines()
    assert f"https://{lan.host_ip}:{page_port}/" in text
    assert f"wss://{lan.host_ip}:{port}/dev" in text
    assert sum(1 for line in lines if "█" in line) >= 10, "a QR code"
    assert "anyone on this network can join" in text
    assert f"https://{lan.host_ip}:{page_port}/wrapper-ca" in text
