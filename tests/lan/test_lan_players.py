"""Players on the LAN get no shortcut: the same $connect checks as in the cloud, and the address is found by itself."""

from __future__ import annotations

import json
import ssl
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import scaffold
from tests.frontend.conftest import TEMPLATE_MODULES
from tests.lan.conftest import on_device
from tests.lan.netns import PrivateLan
from tests.support.dev_child import BANNER_END, WRAPPER, dev_child
from wrapper.config import load_config
from wrapper.lan import prepare_lan
from wrapper.offline import start_dev_server
from wrapper.offline.aws.embedded import free_port

pytestmark = pytest.mark.slow
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "templates" / "lambdas" / "webxr"))
from common import auth  # noqa: E402  (the handlers' own signing code)


def test_with_auth_a_lan_player_needs_a_valid_token(tmp_path: Path, ca_dir: Path, lan: PrivateLan) -> None:
    root = scaffold(tmp_path / "world", service="world")
    toml = root / "wrapper.toml"
    toml.write_text(toml.read_text().replace("auth = false", "auth = true"))
    setup = prepare_lan(lan.host_ip)
    server = start_dev_server(load_config(root, "dev", env={}), port=0, frontend_port=0, lan=setup)
    try:
        secret = server.embedded.client("secretsmanager").get_secret_value(SecretId=server.config.secret.name)
        key = bytes.fromhex(json.loads(secret["SecretString"])["token_key"])
        url = f"wss://{lan.host_ip}:{server.port}/dev?room=hall"
        cafile = str(setup.ca.cert_path)

        refused = on_device(lan, "ws", url, "--cafile", cafile)
        assert refused["open"] is False and refused["status"] == 401
        forged = on_device(lan, "ws", url + "&token=" + auth.sign("Ann", b"not-the-key" * 3, 300), "--cafile", cafile)
        assert forged["open"] is False and forged["status"] == 401
        joined = on_device(lan, "ws", url + "&token=" + auth.sign("Ann", key, 300), "--cafile", cafile)
        assert joined["open"] is True and joined["reply"]["name"] == "Ann"
    finally:
        server.stop()


def test_without_host_the_lan_address_is_found_by_itself(tmp_path: Path, ca_dir: Path, lan: PrivateLan) -> None:
    """`wrapper dev --lan` runs inside the namespace, whose only network is the veth: it must pick that address."""
    root = scaffold(tmp_path / "world", service="world")
    (root / "frontend" / "node_modules").symlink_to(TEMPLATE_MODULES, target_is_directory=True)
    port, page_port = free_port(), free_port()
    argv = lan.command(*WRAPPER, "dev", "--lan", "--port", str(port), "--frontend-port", str(page_port))
    with dev_child(argv, root, columns=160) as (_, lines):
        banner = lines.until(BANNER_END)
        assert f"on the network  https://{lan.device_ip}:{page_port}/" in banner, banner
        # This machine, on the other side of the veth, is now the one opening the page.
        context = ssl.create_default_context(cafile=str(ca_dir / "rootCA.pem"))
        with urllib.request.urlopen(f"https://{lan.device_ip}:{page_port}/wrapper-config.json", context=context, timeout=10) as answer:
            assert json.load(answer)["websocketUrl"] == f"wss://{lan.device_ip}:{port}/dev"
