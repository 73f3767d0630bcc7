"""The test kit calls a project's HTTP routes as a user's test would: replies, never exceptions, for any status."""

from __future__ import annotations

from pathlib import Path

from tests.projects import scaffold, with_http_routes
from wrapper.testing import Backend


def test_a_route_answers_and_an_unknown_one_is_a_404_reply(tmp_path: Path) -> None:
    project = with_http_routes(scaffold(tmp_path / "world", service="world"), "GET /rooms/{id}", "PUT /rooms/{id}")
    with Backend(project) as backend:
        reply = backend.request("GET", "/rooms/lobby")
        assert (reply.status, reply.json()) == (200, {"id": "lobby"})
        assert reply.header("content-type") == "application/json"
        assert backend.request("PUT", "/rooms/hall", json={"name": "Hall"}).json() == {"id": "hall"}
        missing = backend.request("DELETE", "/rooms/lobby")
        assert (missing.status, missing.json()) == (404, {"message": "Not Found"})
