"""No web page but the developer's own can read `wrapper dev`: no CORS, no rebinding, no dotfiles.

The attacks of issue #18: a page on another site asks the Secrets Manager passthrough for the
stage's signing key (CORS), or points its own name at 127.0.0.1 (DNS rebinding) and talks to the
page server or the gateway as same-origin.
"""

from __future__ import annotations

import http.client
import json
from pathlib import Path

import pytest
from websockets.sync.client import connect

from tests.offline.conftest import handler_client
from wrapper.offline import DevServer

EVIL = "http://evil.example"


def request(port: int, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def get_secret(server: DevServer, **headers: str) -> tuple[int, dict[str, str], bytes]:
    body = json.dumps({"SecretId": server.config.secret.name}).encode()
    return request(
        server.port,
        "POST",
        "/__aws/secretsmanager/",
        {
            "Host": f"127.0.0.1:{server.port}",
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "secretsmanager.GetSecretValue",
            # What a page would send after a reflected preflight; moto routes by the credential scope.
            "Authorization": "AWS4-HMAC-SHA256 Credential=offline/20260101/eu-west-2/secretsmanager/aws4_request, SignedHeaders=host, Signature=0",
            **headers,
        },
        body,
    )


def test_a_cors_preflight_from_another_site_is_refused(shared_dev: DevServer) -> None:
    status, headers, _ = request(
        shared_dev.port,
        "OPTIONS",
        "/__aws/secretsmanager/",
        {
            "Host": f"127.0.0.1:{shared_dev.port}",
            "Origin": EVIL,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-amz-target",
        },
    )
    assert status == 403
    assert not [h for h in headers if h.startswith("access-control-")]


@pytest.mark.parametrize("path", ["/__aws/secretsmanager/", "/__aws/dynamodb/"])
def test_a_request_from_a_web_page_never_reaches_the_aws_endpoints(shared_dev: DevServer, path: str) -> None:
    status, headers, body = get_secret(shared_dev, Origin=EVIL)
    assert status == 403 and b"token_key" not in body
    assert "access-control-allow-origin" not in headers


def test_the_handlers_path_still_works(shared_dev: DevServer) -> None:
    status, headers, body = get_secret(shared_dev)  # as boto3 sends it: no Origin
    assert status == 200 and "token_key" in json.loads(body)["SecretString"]
    assert not [h for h in headers if h.startswith("access-control-")]
    sm = handler_client(shared_dev, "secretsmanager")
    assert "token_key" in sm.get_secret_value(SecretId=shared_dev.config.secret.name)["SecretString"]


def test_a_foreign_host_is_refused_by_the_page_server_and_the_gateway(shared_dev: DevServer) -> None:
    assert request(shared_dev.frontend_port, "GET", "/", {"Host": f"127.0.0.1:{shared_dev.frontend_port}"})[0] == 200
    assert request(shared_dev.frontend_port, "GET", "/", {"Host": f"localhost:{shared_dev.frontend_port}"})[0] == 200
    for port, path in ((shared_dev.frontend_port, "/wrapper-config.json"), (shared_dev.port, "/__aws/secretsmanager/")):
        status, _, body = request(port, "GET", path, {"Host": f"evil.example:{port}"})  # evil.example rebound to 127.0.0.1
        assert status == 421 and b"token_key" not in body
    handshake = {
        "Host": f"evil.example:{shared_dev.port}",
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version": "13",
    }
    assert request(shared_dev.port, "GET", f"/{shared_dev.config.stage}", handshake)[0] == 421


def test_the_websocket_stays_open_to_pages_of_any_origin_as_on_aws(shared_dev: DevServer) -> None:
    with connect(shared_dev.ws_url, origin=EVIL) as ws:  # type: ignore[arg-type]
        ws.send("not json")
        assert json.loads(ws.recv(timeout=30)) == {"default": "not json", "binary": False}


def test_dotfiles_of_the_page_folder_are_not_served(shared_dev: DevServer) -> None:
    folder = Path(shared_dev.frontend_dir)
    (folder / ".env").write_text("VITE_SECRET=hunter2\n")
    status, _, body = request(shared_dev.frontend_port, "GET", "/.env", {"Host": f"127.0.0.1:{shared_dev.frontend_port}"})
    assert status == 404 and b"hunter2" not in body
