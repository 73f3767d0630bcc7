"""The test kit as a user's test would use it: a project's backend, players, tables, one handler at a time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.projects import scaffold
from wrapper.errors import WrapperError
from wrapper.testing import Backend, ConnectionRefused, HandlerError

POSE = {"action": "pose", "seq": 1, "head": {"p": [1.0, 1.6, 0.0], "q": [0, 0, 0, 1]}}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scaffold(tmp_path_factory.mktemp("kit") / "world", service="world")


@pytest.fixture(scope="module")
def backend(world: Path) -> Backend:
    with Backend(world) as running:
        yield running  # type: ignore[misc]


def test_players_meet_through_the_real_handlers_and_the_table_shows_them(backend: Backend, world: Path) -> None:
    backend.reset()
    ann = backend.player(room="lobby", name="ann")
    ann.send({"action": "hello"})
    assert ann.wait_for("welcome")["players"] == []
    bob = backend.player(room="lobby", name="bob")
    bob.send({"action": "hello"})
    assert ann.wait_for("join")["name"] == "bob"
    names = sorted(item["name"] for item in backend.table("players").scan()["Items"])
    assert names == ["ann", "bob"]
    assert not (world / ".wrapper" / "local").exists(), "the developer's own local data is never touched"


def test_reset_closes_players_and_empties_every_table(backend: Backend) -> None:
    ann = backend.player(room="lobby", name="ann")
    ann.send({"action": "hello"})
    ann.wait_for("welcome")
    backend.reset()
    assert backend.players == []
    assert backend.table("players").scan()["Items"] == []
    assert backend.table("connections").scan()["Items"] == []


def test_wait_for_takes_a_predicate_and_says_what_arrived_when_nothing_matches(backend: Backend) -> None:
    backend.reset()
    ann = backend.player(room="r1", name="ann")
    ann.send({"action": "hello"})
    assert ann.wait_for(lambda m: m.get("type") == "welcome" and m["room"] == "r1")["name"] == "ann"
    ann.send({"action": "dance"})
    with pytest.raises(AssertionError, match=r"no message matching 'welcome'.*unknown_action"):
        ann.wait_for("welcome", timeout=1.0)


def test_one_handler_invoked_with_a_crafted_event(backend: Backend) -> None:
    backend.reset()
    reply = backend.invoke("default", backend.message_event({"action": "dance"}))
    assert reply["statusCode"] == 200 and "unknown_action" in reply["body"]
    refused = backend.invoke("connect", backend.connect_event(query={"room": "bad room!"}))
    assert refused["statusCode"] == 400
    not_joined = backend.invoke("play", backend.message_event(POSE))
    assert "not_joined" in not_joined["body"]


def test_a_handler_that_raises_is_reported_with_lambdas_error_type(backend: Backend) -> None:
    with pytest.raises(HandlerError) as failure:
        backend.invoke("play", {"requestContext": {}})  # no connectionId: the handler's own KeyError
    assert failure.value.error_type == "KeyError"


def test_a_refused_connect_raises_with_its_status(world: Path, tmp_path: Path) -> None:
    secured = scaffold(tmp_path / "secured", service="secured")
    toml = secured / "wrapper.toml"
    toml.write_text(toml.read_text().replace("auth = false", "auth = true"))
    with Backend(secured) as running:
        with pytest.raises(ConnectionRefused) as refused:
            running.player(room="lobby", name="eve", token="v1.forged.token")
        assert refused.value.status == 401
        ann = running.player(room="lobby", token=running.token("ann"))
        ann.send({"action": "hello"})
        assert ann.wait_for("welcome")["name"] == "ann"


def test_unknown_tables_and_functions_are_named(backend: Backend) -> None:
    with pytest.raises(WrapperError, match="no table 'scores'"):
        backend.table("scores")
    with pytest.raises(WrapperError, match="no function 'pose'"):
        backend.invoke("pose", backend.message_event(POSE))


@pytest.mark.slow
def test_the_wrapper_dev_command_as_a_subprocess(world: Path) -> None:
    with Backend(world, subprocess=True) as running:
        ann = running.player(room="lobby", name="ann")
        ann.send({"action": "hello"})
        assert ann.wait_for("welcome")["room"] == "lobby"
        pid = running._process.pid  # type: ignore[union-attr]
        with pytest.raises(WrapperError, match="in-process backend"):
            running.invoke("default", running.message_event({"action": "x"}))
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


@pytest.mark.slow
def test_a_new_project_s_example_tests_pass_with_plain_pytest(tmp_path: Path) -> None:
    project = scaffold(tmp_path / "fresh", service="fresh")
    assert (project / "tests" / "test_multiplayer.py").is_file()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


def test_fake_time_moves_the_handlers_clock_and_expires_rows_by_ttl(backend: Backend) -> None:
    backend.reset()
    ann = backend.player(room="clock", name="ann")
    ann.send({"action": "hello"})
    ann.wait_for("welcome")
    ann.send(POSE)
    stored = ann.wait_for("snapshot")["t"] / 1000
    before = backend.clock.now()
    assert backend.advance(600) == 0, "ten minutes: nothing has expired yet"
    assert backend.clock.now() - before >= 600
    ann.send({**POSE, "seq": 2})
    later = ann.wait_for(lambda m: m.get("type") == "snapshot" and m["players"][0]["seq"] == 2)["t"] / 1000
    assert later - stored >= 600, "the handlers stamp poses with the moved clock"
    assert backend.advance(3 * 3600) >= 2, "past player_ttl_seconds: ann's rows expire as DynamoDB's TTL would delete them"
    assert backend.table("players").scan()["Items"] == []
    assert backend.table("connections").scan()["Items"] == []
    with pytest.raises(ValueError, match="forward"):
        backend.clock.advance(-1)
