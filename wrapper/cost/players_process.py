"""Simulated players in a process of their own, as browsers are.

In the gateway's process the players share its interpreter: decoding 50 snapshots of a 50-player
room ten times a second holds the GIL, and every pipe write, socket send and poll of the gateway's
thread then waits for it (measured at N = 50: 1.3 ms per pipe write, two thirds of the gateway
thread's time). A child process of the players' own keeps what is measured the backend's.

The child runs ``target(url, *args, drained=..., mark=...)``; its ``drained`` and ``mark`` are
the parent's, asked over a pipe, and its result (a picklable value) comes back the same way.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable, Coroutine
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")
Drive = Callable[[str, Callable[[], bool], Callable[[str], None]], Coroutine[Any, Any, T]]
JOIN_SECONDS = 10.0


def apart(target: Callable[..., Coroutine[Any, Any, T]], *args: Any, **kwargs: Any) -> Drive[T]:
    """A drive (see ``simulate.metered``) that runs ``target`` in a child process; all arguments picklable."""

    async def drive(url: str, drained: Callable[[], bool], mark: Callable[[str], None]) -> T:
        context = multiprocessing.get_context("spawn")  # not fork: the gateway's threads are running here
        ours, theirs = context.Pipe()
        child = context.Process(target=_run, args=(theirs, target, url, args, kwargs), name="wrapper-players", daemon=True)
        child.start()
        theirs.close()  # the child's end only: when the child ends, recv below raises EOFError instead of waiting
        try:
            while True:
                try:
                    kind, value = await asyncio.to_thread(ours.recv)
                except EOFError:
                    raise RuntimeError(f"the players' process ended (exit code {child.exitcode}) before it reported") from None
                if kind == "drained":
                    ours.send(drained())
                elif kind == "mark":
                    mark(value)
                    ours.send(None)
                elif kind == "failed":
                    raise RuntimeError(f"the players' process failed: {value}")
                else:
                    result: T = value
                    return result
        finally:
            ours.close()
            child.join(JOIN_SECONDS)
            if child.is_alive():
                child.kill()
                child.join()

    return drive


def _run(pipe: Connection, target: Callable[..., Coroutine[Any, Any, Any]], url: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    def ask(kind: str, value: Any = None) -> Any:
        pipe.send((kind, value))
        return pipe.recv()

    try:
        result = asyncio.run(target(url, *args, drained=lambda: bool(ask("drained")), mark=lambda phase: ask("mark", phase), **kwargs))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it there
        pipe.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    pipe.send(("done", result))
