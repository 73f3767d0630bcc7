"""A function's environments scale like Lambda's: one per concurrent invocation up to a bound, then back down.

Real worker processes run a handler that holds its environment until the test lets go, so the
number of environments is observed while the invocations are in flight, not inferred from timing.
"""

from __future__ import annotations

import asyncio
import textwrap
from pathlib import Path

from tests.offline.lambda_runtime.specs import function_spec
from wrapper.offline.lambda_runtime.invoker import FunctionPool, available_memory_mb, environments_bound

HOLD = """
import os, time

def handler(event, context):
    # Held until the test writes the release file (bounded: the function's own timeout ends it anyway).
    for _ in range(400):
        if os.path.exists(event["release"]):
            break
        time.sleep(0.025)
    return {"pid": os.getpid()}
"""


def pool(tmp_path: Path, bound: int, idle_seconds: float) -> FunctionPool:
    (tmp_path / "hold.py").write_text(textwrap.dedent(HOLD))
    spec = function_spec(tmp_path, "hold")
    return FunctionPool(spec, lambda _name, _line: None, bound, idle_seconds=idle_seconds)


async def until(condition: object, seconds: float = 60) -> bool:
    for _ in range(int(seconds / 0.05)):
        if condition():  # type: ignore[operator]
            return True
        await asyncio.sleep(0.05)
    return False


def test_environments_scale_up_to_the_bound_and_back_down(tmp_path: Path) -> None:
    async def scenario() -> None:
        functions = pool(tmp_path, bound=3, idle_seconds=0.5)
        await functions.warm()
        release = tmp_path / "release"
        event = {"release": str(release)}
        calls = [asyncio.ensure_future(functions.invoke(event, f"r{i}", key=f"c{i}")) for i in range(6)]
        # Six invocations at once, three environments at most: three run, three wait for a turn.
        assert await until(lambda: functions.environments == 3 and functions.waiting == 3)
        await asyncio.sleep(0.5)
        assert functions.environments == 3 and functions.peak == 3
        release.write_text("go")
        outcomes = await asyncio.gather(*calls)
        assert all(o.ok for o in outcomes)
        assert len({o.result["pid"] for o in outcomes}) == 3, "the waiting invocations reuse the environments"
        assert sum(o.cold for o in outcomes) == 2, "the two environments started on demand had a cold start each"
        # Idle environments stop after idle_seconds, down to the one kept warm.
        assert await until(lambda: functions.environments == 1)
        again = await functions.invoke(event, "r7")
        assert again.ok and not again.cold
        await functions.close()

    asyncio.run(scenario())


def test_the_bound_is_the_setting_capped_by_reserved_concurrency_and_memory() -> None:
    assert environments_bound(8, None, 256, None) == 8
    assert environments_bound(8, 3, 256, None) == 3  # reserved concurrency caps the function, as on Lambda
    assert environments_bound(8, None, 256, 700) == 2  # 700 MB hold two 256 MB environments
    assert environments_bound(8, None, 1024, 100) == 1  # always one


def test_available_memory_is_read_from_meminfo(tmp_path: Path) -> None:
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       32000000 kB\nMemFree:         1000000 kB\nMemAvailable:    2048000 kB\n")
    assert available_memory_mb(meminfo) == 2000
    assert available_memory_mb(tmp_path / "missing") is None
