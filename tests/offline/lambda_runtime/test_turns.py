"""Waiting invocations take turns by connection: a flood's backlog does not stand in front of a quiet client."""

from __future__ import annotations

import asyncio

from wrapper.offline.lambda_runtime.turns import Turns


def test_waiting_keys_are_served_round_robin_not_first_come() -> None:
    async def scenario() -> list[str]:
        turns: Turns[str] = Turns()
        served: list[str] = []

        async def wait(key: str) -> None:
            environment = await turns.get(key)
            served.append(key)
            turns.put(environment)

        flood = [asyncio.ensure_future(wait("flood")) for _ in range(5)]
        await asyncio.sleep(0)
        quiet = asyncio.ensure_future(wait("quiet"))
        other = asyncio.ensure_future(wait("other"))
        await asyncio.sleep(0)
        turns.put("environment")  # the only environment frees up
        await asyncio.gather(*flood, quiet, other)
        return served

    # Arrived sixth and seventh, served second and third.
    assert asyncio.run(scenario()) == ["flood", "quiet", "other", "flood", "flood", "flood", "flood"]


def test_a_free_item_is_taken_at_once_and_a_cancelled_waiter_passes_its_turn_on() -> None:
    async def scenario() -> tuple[str, str]:
        turns: Turns[str] = Turns()
        turns.put("a")
        first = await turns.get("x")
        gives_up = asyncio.ensure_future(turns.get("y"))
        stays = asyncio.ensure_future(turns.get("z"))
        await asyncio.sleep(0)
        gives_up.cancel()
        turns.put(first)
        return first, await stays

    assert asyncio.run(scenario()) == ("a", "a")
