"""`wrapper dev` serves a project's HTTP routes as API Gateway's HTTP API does (payload format 2.0).

Every test talks HTTP to the real dev server on 127.0.0.1 and checks what a client or the
handler sees: the event's fields, the response rules, 404s, CORS, the integration timeout.
"""

from __future__ import annotations

import base64
import gzip
import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests import projects
from wrapper.config import load_config
from wrapper.offline import DevServer, start_dev_server

DOCUMENTED = json.loads((Path(__file__).with_name("aws_http_payload_v2.json")).read_text())


def call(
    server: DevServer, method: str, path: str, headers: list[tuple[str, str]] | None = None, body: bytes | None = None
) -> tuple[int, list[tuple[str, str]], bytes]:
    """One request with http.client, so repeated headers go out and come back as they are."""
    assert server.http_url is not None
    url = urlsplit(server.http_url)
    conn = http.client.HTTPConnection(url.hostname or "", url.port, timeout=30)
    try:
        own_host = any(name.lower() == "host" for name, _ in headers or [])
        conn.putrequest(method, path, skip_host=own_host, skip_accept_encoding=True)
        for name, value in headers or []:
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        return response.status, [(k.lower(), v) for k, v in response.getheaders()], response.read()
    finally:
        conn.close()


def header(headers: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in headers if k == name]
    return values[-1] if values else None


def event_of(server: DevServer, method: str, path: str, headers: list[tuple[str, str]] | None = None, body: bytes | None = None) -> Any:
    status, _, raw = call(server, method, path, headers, body)
    assert status == 200, raw
    return json.loads(raw)


# --- the event -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_route_dev(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    """A project with only a $default route, as in AWS's documented example."""
    config = '[service]\nname = "doc"\nregion = "us-east-1"\n\n[functions.echo]\nhandler = "echo.handler"\nhttp = ["$default"]\n\n'
    config += "[dev]\nport = 0\nfrontend_port = 0\n\n[stages.dev]\n"
    echo = 'import json\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": json.dumps(event)}\n'
    root = projects.write_project(tmp_path_factory.mktemp("doc") / "doc", config, {"functions/echo.py": echo})
    server = start_dev_server(load_config(root, "dev", env={}))
    try:
        yield server
    finally:
        server.stop()


def test_the_event_has_the_documented_fields_field_by_field(default_route_dev: DevServer) -> None:
    """AWS's documented 2.0 example, reproduced by sending the request it describes."""
    event = event_of(
        default_route_dev,
        "POST",
        "/my/path?parameter1=value1&parameter1=value2&parameter2=value",
        [
            ("Header1", "value1"),
            ("Header2", "value1"),
            ("Header2", "value2"),
            ("Cookie", "cookie1; cookie2"),
            ("User-Agent", "agent"),
            ("Content-Type", "text/plain"),
        ],
        b"Hello from Lambda",
    )
    # Not made offline: mutual TLS, stage variables; the authorizer only with one (see the JWT test).
    # pathParameters only for routes with parameters (checked below).
    left_out = {"authentication", "authorizer", "stageVariables", "pathParameters"}
    assert set(event) == set(DOCUMENTED) - left_out
    assert set(event["requestContext"]) == set(DOCUMENTED["requestContext"]) - left_out
    assert set(event["requestContext"]["http"]) == set(DOCUMENTED["requestContext"]["http"])
    for name in ("version", "routeKey", "rawPath", "rawQueryString", "cookies", "queryStringParameters", "body", "isBase64Encoded"):
        assert event[name] == DOCUMENTED[name], name
    for name in ("header1", "header2"):
        assert event["headers"][name] == DOCUMENTED["headers"][name]
    context, documented = event["requestContext"], DOCUMENTED["requestContext"]
    for name in ("routeKey", "stage"):
        assert context[name] == documented[name]
    for name in ("method", "path", "protocol", "userAgent"):
        assert context["http"][name] == documented["http"][name]
    assert context["http"]["sourceIp"] == "127.0.0.1"
    assert context["domainName"] == f"127.0.0.1:{default_route_dev.port}"  # the port too: handlers can call back
    for name, value in documented.items():
        if name not in left_out:
            assert type(context[name]) is type(value), name
    assert abs(context["timeEpoch"] - __import__("time").time() * 1000) < 60_000
    assert len(context["time"]) == len(documented["time"]) and context["time"].endswith(" +0000")


def test_path_parameters_are_decoded_and_a_greedy_one_takes_the_rest(http_dev: DevServer) -> None:
    assert event_of(http_dev, "GET", "/rooms/a%20b")["pathParameters"] == {"id": "a b"}
    event = event_of(http_dev, "GET", "/files/docs/2026/notes.txt")
    assert event["routeKey"] == "GET /files/{path+}"
    assert event["pathParameters"] == {"path": "docs/2026/notes.txt"}
    assert event["rawPath"] == "/files/docs/2026/notes.txt"


def test_absent_parts_are_left_out_not_empty(http_dev: DevServer) -> None:
    event = event_of(http_dev, "GET", "/event")
    for name in ("cookies", "queryStringParameters", "pathParameters", "body"):
        assert name not in event
    assert event["rawQueryString"] == ""
    assert event["isBase64Encoded"] is False
    assert "cookie" not in event["headers"]


def test_binary_bodies_arrive_base64_encoded_and_text_bodies_as_text(http_dev: DevServer) -> None:
    data = bytes(range(256))
    event = event_of(http_dev, "POST", "/event", [("Content-Type", "application/octet-stream")], data)
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == data
    event = event_of(http_dev, "POST", "/event", [("Content-Type", "application/json; charset=utf-8")], b'{"name": "ada"}')
    assert (event["isBase64Encoded"], event["body"]) == (False, '{"name": "ada"}')
    packed = gzip.compress(b'{"name": "ada"}')  # reaches the function as sent, not inflated and not decoded as text
    event = event_of(http_dev, "POST", "/event", [("Content-Type", "application/json"), ("Content-Encoding", "gzip")], packed)
    assert event["isBase64Encoded"] is True and base64.b64decode(event["body"]) == packed


def test_header_names_are_lower_case_and_the_gateway_adds_its_own(http_dev: DevServer) -> None:
    headers = event_of(http_dev, "GET", "/event", [("X-Player", "ada")])["headers"]
    assert headers["x-player"] == "ada"
    assert all(name == name.lower() for name in headers)
    assert headers["x-forwarded-for"] == "127.0.0.1"
    assert headers["x-forwarded-proto"] == "http"
    assert headers["x-amzn-trace-id"].startswith("Root=1-")


# --- the response rules ------------------------------------------------------------------------

RULES = [
    # (the function returns, status, content-type, body)
    ("string", 200, "application/json", b"plain words"),
    ("object", 200, "application/json", b'{"hello": "world"}'),
    ("number", 200, "application/json", b"42"),
    ("full", 201, "text/plain", b"created"),
    ("binary", 200, "image/png", bytes(range(256))),
    ("bad-status", 500, "application/json", b'{"message":"Internal Server Error"}'),
    ("bad-base64", 500, "application/json", b'{"message":"Internal Server Error"}'),
]


@pytest.mark.parametrize(("kind", "status", "content_type", "body"), RULES, ids=[r[0] for r in RULES])
def test_the_response_rules(http_dev: DevServer, kind: str, status: int, content_type: str, body: bytes) -> None:
    got_status, headers, got_body = call(http_dev, "GET", f"/reply?kind={kind}")
    assert (got_status, header(headers, "content-type"), got_body) == (status, content_type, body)
    assert header(headers, "apigw-requestid")


def test_a_full_response_keeps_its_headers_and_makes_each_cookie_a_set_cookie(http_dev: DevServer) -> None:
    _, headers, _ = call(http_dev, "GET", "/reply?kind=full")
    assert header(headers, "x-made-by") == "api"
    assert [v for k, v in headers if k == "set-cookie"] == ["a=1; Path=/", "b=2; HttpOnly"]


def test_a_handler_exception_is_a_500_and_is_reported(http_dev: DevServer) -> None:
    status, _, body = call(http_dev, "GET", "/boom")
    assert (status, json.loads(body)) == (500, {"message": "Internal Server Error"})
    assert any(group["route"] == "GET /boom" and group["function"] == "api" for group in http_dev.errors.recent()), http_dev.errors.recent()


def test_the_integration_timeout_gives_503_and_the_function_runs_on(http_dev: DevServer) -> None:
    """The fixture's integration timeout is 2 s (AWS: 30 s); the function's own is 10 s."""
    status, _, body = call(http_dev, "GET", "/slow?s=4")
    assert (status, json.loads(body)) == (503, {"message": "Service Unavailable"})


def test_the_function_timing_out_first_is_a_500(http_dev: DevServer) -> None:
    """Lambda's own timeout (1 s for this function, under the 2 s integration timeout) is a function error to API Gateway."""
    status, _, body = call(http_dev, "GET", "/hasty")
    assert (status, json.loads(body)) == (500, {"message": "Internal Server Error"})


def test_a_quick_enough_slow_route_answers(http_dev: DevServer) -> None:
    assert call(http_dev, "GET", "/slow?s=0.1")[::2] == (200, b"late")


# --- routing -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/nowhere"), ("DELETE", "/me"), ("GET", "/rooms"), ("GET", "/rooms/a/b"), ("GET", "/Event")]
)
def test_no_route_is_404_not_found_even_when_the_path_has_other_methods(http_dev: DevServer, method: str, path: str) -> None:
    status, headers, body = call(http_dev, method, path)
    assert (status, json.loads(body)) == (404, {"message": "Not Found"})
    assert header(headers, "content-type") == "application/json"


def test_the_websocket_path_still_upgrades_and_the_handler_endpoints_stay_the_handlers(http_dev: DevServer) -> None:
    status, _, body = call(http_dev, "GET", "/dev")  # a plain GET of the WebSocket path: no HTTP route there
    assert (status, json.loads(body)) == (404, {"message": "Not Found"})
    status, _, _ = call(http_dev, "GET", "/dev/@connections/nobody", [("Origin", "https://play.example.com")])
    assert status == 403


def test_the_page_config_names_the_http_base_url(http_dev: DevServer) -> None:
    config = http_dev.page_config()
    assert config["httpUrl"] == f"http://127.0.0.1:{http_dev.port}" == http_dev.http_url


# --- CORS -----------------------------------------------------------------------------------------


def test_a_preflight_from_the_page_is_answered_by_the_gateway(http_dev: DevServer) -> None:
    page = f"http://127.0.0.1:{http_dev.frontend_port}"
    status, headers, body = call(
        http_dev,
        "OPTIONS",
        "/me",
        [("Origin", page), ("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", "authorization")],
    )
    assert (status, body) == (204, b"")
    assert header(headers, "access-control-allow-origin") == page
    assert set(header(headers, "access-control-allow-methods").split(",")) == {"GET", "POST", "PUT"}  # type: ignore[union-attr]
    assert "authorization" in header(headers, "access-control-allow-headers")  # type: ignore[operator]
    assert header(headers, "access-control-max-age")


def test_a_configured_extra_origin_is_allowed_and_any_other_is_not(http_dev: DevServer) -> None:
    status, headers, _ = call(
        http_dev, "OPTIONS", "/me", [("Origin", "https://play.example.com"), ("Access-Control-Request-Method", "PUT")]
    )
    assert (status, header(headers, "access-control-allow-origin")) == (204, "https://play.example.com")
    status, headers, _ = call(http_dev, "OPTIONS", "/me", [("Origin", "https://evil.example"), ("Access-Control-Request-Method", "PUT")])
    assert status == 204
    assert not [k for k, _ in headers if k.startswith("access-control-")]


def test_responses_carry_the_gateways_cors_headers_never_the_functions(http_dev: DevServer) -> None:
    _, headers, _ = call(http_dev, "GET", "/reply?kind=full", [("Origin", "https://play.example.com")])
    assert [v for k, v in headers if k == "access-control-allow-origin"] == ["https://play.example.com"]
    _, headers, _ = call(http_dev, "GET", "/reply?kind=full", [("Origin", "https://evil.example")])
    assert header(headers, "access-control-allow-origin") is None  # the function's "*" is dropped, as API Gateway does
    _, headers, _ = call(http_dev, "GET", "/reply?kind=full")
    assert header(headers, "access-control-allow-origin") is None


# --- the server's own rules ------------------------------------------------------------------------


def test_a_foreign_host_name_is_refused(http_dev: DevServer) -> None:
    """DNS rebinding: a site whose name points at 127.0.0.1 must not reach the routes."""
    status, _, _ = call(http_dev, "GET", "/event", [("Host", f"attacker.example:{http_dev.port}")])
    assert status == 421


def test_metrics_count_http_requests(http_dev: DevServer) -> None:
    before = http_dev.metrics.http_requests
    call(http_dev, "GET", "/event")
    call(http_dev, "GET", "/nowhere")
    assert http_dev.metrics.http_requests == before + 2


# --- the authorizer hook -------------------------------------------------------------------------


def test_an_authorizer_puts_its_claims_in_the_event_or_refuses_before_the_function(tmp_path: Path) -> None:
    """The one place a route's authorizer plugs in (the JWT authorizer builds on it): its value becomes
    requestContext.authorizer; a GatewayResponse it returns is the client's answer and no function runs."""
    from aiohttp import web

    from tests.offline.apigw.conftest import write_project
    from wrapper.offline.apigw.http_responses import gateway_error
    from wrapper.offline.apigw.http_router import RouteMatch

    seen: list[str] = []

    async def authorizer(request: web.Request, match: RouteMatch) -> Any:
        seen.append(match.route.key)
        if request.headers.get("Authorization") != "Bearer good":
            return gateway_error(401, "Unauthorized")
        return {"jwt": {"claims": {"sub": "ada"}, "scopes": None}}

    server = start_dev_server(load_config(write_project(tmp_path / "web"), "dev", env={}), http_authorizer=authorizer)
    try:
        status, _, body = call(server, "GET", "/event", [("Authorization", "Bearer good")])
        assert status == 200
        assert json.loads(body)["requestContext"]["authorizer"] == {"jwt": {"claims": {"sub": "ada"}, "scopes": None}}
        invocations = server.metrics.functions["api"].invocations
        status, _, body = call(server, "GET", "/event")
        assert (status, json.loads(body)) == (401, {"message": "Unauthorized"})
        assert server.metrics.functions["api"].invocations == invocations, "a refused request reaches no function"
        assert seen == ["GET /event", "GET /event"]
        status, _, _ = call(server, "OPTIONS", "/event", [("Origin", "https://play.example.com"), ("Access-Control-Request-Method", "GET")])
        assert status == 204 and len(seen) == 2, "preflights are the gateway's, never authorised"
    finally:
        server.stop()
