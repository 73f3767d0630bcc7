"""API Gateway's route precedence for HTTP APIs: the most specific match wins, $default takes the rest."""

from __future__ import annotations

import pytest

from wrapper.offline.apigw.http_router import HttpRouter

ROUTER = HttpRouter(
    {
        "GET /pets/dog/1": "exact",
        "GET /pets/dog/{id}": "variable",
        "ANY /pets/dog/{id}": "any_variable",
        "GET /pets/{proxy+}": "greedy",
        "ANY /{proxy+}": "anything",
        "GET /": "root",
        "$default": "fallback",
    }
)


@pytest.mark.parametrize(
    ("method", "path", "function", "parameters"),
    [
        ("GET", "/pets/dog/1", "exact", {}),
        ("GET", "/pets/dog/2", "variable", {"id": "2"}),
        ("POST", "/pets/dog/2", "any_variable", {"id": "2"}),
        ("GET", "/pets/cat/2", "greedy", {"proxy": "cat/2"}),
        ("DELETE", "/pets/cat/2", "anything", {"proxy": "pets/cat/2"}),
        ("GET", "/", "root", {}),
        ("POST", "/", "fallback", {}),  # a greedy variable needs at least one segment
        ("GET", "/pets/dog/a%2Fb", "variable", {"id": "a/b"}),  # an encoded slash stays in one segment
    ],
)
def test_the_most_specific_route_wins(method: str, path: str, function: str, parameters: dict[str, str]) -> None:
    match = ROUTER.match(method, path)
    assert match is not None
    assert (match.function, match.path_parameters) == (function, parameters)


def test_without_default_an_unmatched_request_has_no_route() -> None:
    router = HttpRouter({"GET /me": "profile"})
    assert router.match("PUT", "/me") is None
    assert router.match("GET", "/ME") is None  # paths are case-sensitive
