"""Simulated players in a child process: the parent answers ``drained`` and ``mark``, the child's result comes back."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from wrapper.cost.players_process import apart


async def _asks(url: str, rounds: int, *, drained: Callable[[], bool], mark: Callable[[str], None]) -> dict[str, object]:
    """A stand-in for the players: it asks the parent, marks two phases and reports where it ran."""
    answers = [drained() for _ in range(rounds)]
    mark("joined")
    await asyncio.sleep(0)
    mark("played")
    return {"url": url, "answers": answers, "pid": os.getpid()}


async def _fails(url: str, *, drained: Callable[[], bool], mark: Callable[[str], None]) -> None:
    raise ValueError(f"no server at {url}")


def test_the_child_asks_the_parent_and_reports_back() -> None:
    polls = iter([False, False, True])
    marks: list[str] = []
    drive = apart(_asks, 3)
    result = asyncio.run(drive("ws://here", lambda: next(polls), marks.append))
    assert result["answers"] == [False, False, True] and result["url"] == "ws://here"
    assert marks == ["joined", "played"], "each mark ran in the parent, in order"
    assert result["pid"] != os.getpid(), "the players ran in a process of their own"


def test_a_failing_child_fails_the_drive_with_its_error() -> None:
    with pytest.raises(RuntimeError, match="ValueError: no server at ws://nowhere"):
        asyncio.run(apart(_fails)("ws://nowhere", lambda: True, lambda _: None))


@pytest.mark.slow
def test_a_simulation_with_its_players_apart_sees_every_stage_after_an_unmeasured_warmup(project: Path) -> None:
    from wrapper.config import load_config
    from wrapper.cost.simulate import Scenario, simulate

    scenario = Scenario(players=3, rate=5, seconds=2, players_apart=True, warmup=1.0)
    _, counters, seen = simulate(load_config(project, "dev", env={}), scenario)
    assert seen.poses_sent == 3 * 5 * 2 and counters["play"]["messages_in"] == 30, "the warm-up's 15 poses are not measured"
    assert counters["once"]["messages_in"] >= 15 + 3, "they were sent, with the hellos, outside the window"
    assert min(seen.snapshots_per_player) > 0 and seen.ages_ms
    # Every pose a receiver got has its store time and its tick's claim time; the senders' send times are known.
    assert all(seen.stages[stage] for stage in ("to_store", "to_tick", "to_receiver", "first_age"))
    assert len(seen.stages["to_tick"]) == len(seen.ages_ms), "every pose in a snapshot, as in ages_ms"
    assert len(seen.stages["first_age"]) <= len(seen.ages_ms), "a pose counts once per receiver there, every copy in ages_ms"
