"""pytest plugin (entry point ``wrapper``): fixtures that run your project's backend offline.

Installed with wrapper; active in any pytest run. In a project made by ``wrapper init``:

    def test_two_players_meet(player):
        ann = player(room="lobby", name="ann")
        ann.send({"action": "hello"})
        ann.wait_for("welcome")
        ...

Fixtures:

- ``wrapper_backend``: one running ``Backend`` for the whole session (the project found
  from pytest's root folder, or ``--wrapper-project``; stage ``--wrapper-stage``, default dev).
- ``backend``: the same backend, with every player closed and every table emptied
  before each test; ``backend.advance(seconds)`` moves the handlers' clock forward
  (fake time, which never goes back, not even between tests).
- ``player``: ``player(room=..., name=..., token=...)`` connects a ``Player``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from wrapper.testing.backend import Backend, InProcessOnly
from wrapper.testing.player import Player


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("wrapper", "wrapper's offline backend")
    group.addoption("--wrapper-project", default=None, help="folder of the wrapper.toml to test (default: found from the root folder)")
    group.addoption("--wrapper-stage", default="dev", help="stage to run (default: dev)")
    group.addoption("--wrapper-subprocess", action="store_true", help="run `wrapper dev` as a subprocess instead of in-process")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Under --wrapper-subprocess, a test that needs the in-process backend is skipped, not failed."""
    try:
        return (yield)
    except InProcessOnly as exc:
        if not item.config.getoption("--wrapper-subprocess"):
            raise
        pytest.skip(f"{exc.message}; skipped under --wrapper-subprocess")


@pytest.fixture(scope="session")
def wrapper_backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    config = request.config
    project = config.getoption("--wrapper-project") or str(Path(config.rootpath))
    with Backend(project, config.getoption("--wrapper-stage"), subprocess=config.getoption("--wrapper-subprocess")) as running:
        yield running


@pytest.fixture
def backend(wrapper_backend: Backend) -> Iterator[Backend]:
    wrapper_backend.reset()
    yield wrapper_backend
    wrapper_backend.reset()


@pytest.fixture
def player(backend: Backend) -> Callable[..., Player]:
    def connect(room: str | None = None, name: str | None = None, token: str | None = None, **query: Any) -> Player:
        return backend.player(room=room, name=name, token=token, **query)

    return connect
