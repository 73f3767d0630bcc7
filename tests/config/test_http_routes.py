"""HTTP routes in wrapper.toml: route keys by API Gateway's rules, one owner per route, CORS origins.

A bad route is a usage error: exit 2, one line naming wrapper.toml and the line, and nothing rendered.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.projects import service_toml
from wrapper.config import load_config
from wrapper.config.http_routes import BadRoute, parse_route

BASE = (
    service_toml()
    + """
[functions.profile]
handler = "profile.handler"
http = ["GET /me", "PUT /me"]

[functions.rooms]
handler = "rooms.handler"
http = ["GET /rooms/{id}"]

[stages.dev]
"""
)


def with_routes(profile: str = '["GET /me", "PUT /me"]', rooms: str = '["GET /rooms/{id}"]', extra: str = "") -> str:
    return BASE.replace('["GET /me", "PUT /me"]', profile).replace('["GET /rooms/{id}"]', rooms) + extra


@pytest.mark.parametrize(
    "key",
    ["GET /me", "ANY /{proxy+}", "DELETE /rooms/{id}/players/{player}", "$default", "GET /", "OPTIONS /files/{path+}", "POST /a.b/c-d_e~f"],
)
def test_route_keys_api_gateway_accepts(key: str) -> None:
    assert parse_route(key).key == key


def test_a_parsed_route_knows_its_parts() -> None:
    route = parse_route("GET /rooms/{id}/files/{path+}")
    assert (route.method, route.path, route.parameters, route.greedy) == ("GET", "/rooms/{id}/files/{path+}", ("id", "path"), True)
    assert route.shape == "GET /rooms/{}/files/{+}"


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("FETCH /me", "not an HTTP API method"),
        ("get /me", "did you mean 'GET'"),
        ("GET me", "must start with '/'"),
        ("GET", "is not 'METHOD /path'"),
        ("GET  /me", "is not 'METHOD /path'"),
        ("GET /{proxy+}/more", "must be the last segment"),
        ("GET /rooms/{id}/x/{id}", "appears twice"),
        ("GET /rooms//x", "empty path segment"),
        ("GET /rooms/", "empty path segment"),
        ("GET /file.{ext}", "is not a path parameter"),
        ("GET /{1id}", "is not a path parameter"),
        ("GET /a b", "is not 'METHOD /path'"),
        ("GET /caf\u00e9", "characters a route path may not hold"),
        ("$connect", "is not 'METHOD /path'"),
    ],
)
def test_route_keys_api_gateway_refuses(key: str, words: str) -> None:
    with pytest.raises(BadRoute) as raised:
        parse_route(key)
    assert words in str(raised.value)
    assert raised.value.hint


def test_the_model_maps_each_route_to_its_function(tmp_path: Path) -> None:
    (tmp_path / "wrapper.toml").write_text(with_routes(extra='\n[http]\ncors_origins = ["https://Play.Example.com/"]\n'))
    config = load_config(tmp_path, "dev", env={})
    assert dict(config.http_routes) == {"GET /me": "profile", "PUT /me": "profile", "GET /rooms/{id}": "rooms"}
    assert config.http.cors_origins == ("https://play.example.com",)
    assert config.http_api_name == "demo-dev-http"
    assert config.to_dict()["http"]["routes"]["GET /rooms/{id}"] == "rooms"


def test_no_routes_no_http_api(tmp_path: Path) -> None:
    (tmp_path / "wrapper.toml").write_text(with_routes(profile="[]", rooms="[]"))
    assert dict(load_config(tmp_path, "dev", env={}).http_routes) == {}


# (id, wrapper.toml, words the error must contain, the line it must name)
BAD = [
    ("claimed-twice", with_routes(rooms='["GET /me"]'), ["'GET /me' claimed by functions.profile and functions.rooms"], 11),
    (
        "same-route-other-parameter-name",
        with_routes(profile='["GET /rooms/{name}"]'),
        ["'GET /rooms/{name}' and 'GET /rooms/{id}'", "the same route"],
        11,
    ),
    ("claimed-twice-by-one", with_routes(profile='["GET /me", "GET /me"]'), ["functions.profile twice"], 7),
    ("bad-method", with_routes(profile='["FETCH /me"]'), ["'FETCH' is not an HTTP API method", "ANY, GET"], 7),
    ("greedy-not-last", with_routes(rooms='["GET /{proxy+}/x"]'), ["greedy {proxy+} must be the last segment"], 11),
    ("duplicate-parameter", with_routes(rooms='["GET /rooms/{id}/{id}"]'), ["path parameter {id} appears twice"], 11),
    ("not-a-string", with_routes(rooms="[1]"), ["functions.rooms.http[0] must be a string"], 11),
    ("bad-origin", with_routes(extra='\n[http]\ncors_origins = ["play.example.com"]\n'), ["'play.example.com' is not an origin"], 16),
    ("origin-with-path", with_routes(extra='\n[http]\ncors_origins = ["https://x.example/app"]\n'), ["is not an origin"], 16),
    ("zero-burst", with_routes(extra="\n[http]\nthrottling_burst_limit = 0\n"), ["http.throttling_burst_limit = 0 is out of range"], 16),
]


@pytest.mark.parametrize(("text", "words", "line"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_routes_exit_2_naming_the_line_and_render_nothing(cli, tmp_path: Path, text: str, words: list[str], line: int) -> None:
    (tmp_path / "wrapper.toml").write_text(text)
    for command in (["config", "show", "--stage", "dev"], ["render", "--stage", "dev"]):
        result = cli(command, cwd=tmp_path)
        assert result.exit_code == 2, result.output
        errors = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
        assert len(errors) == 1, result.output
        assert f"wrapper.toml:{line}:" in errors[0], result.output
        for word in words:
            assert word in result.output, result.output
        assert "hint:" in result.output
    assert not (tmp_path / ".wrapper").exists()
