"""CPU cost of one boto3 `post_to_connection` in a handler, with and without the HTTP stack.

No server is involved: a botocore hook answers every call, either just before the HTTP
send (`before-send`: the full client path, signing included, as over HTTP minus the
network) or just before signing (`before-call`: what `wrapper dev`'s pipe shortcut pays
on the client side), and the latter again with the endpoint memo that `wrapper dev` installs
in handler environments (the rule set resolved once per operation). Last, the quick path a
plain post to an open connection takes in `wrapper dev` (one way on the pipe, botocore's
pipeline skipped), writing to a buffer instead of the pipe.

    .venv/bin/python bench/offline/call_cost.py [--calls 2000]

Times are this process's CPU time (``time.process_time``), so a busy machine slows the run, not the figures.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse


class _Empty:
    def stream(self, **_: Any) -> Iterator[bytes]:
        yield b""


def management_client() -> Any:
    session = boto3.Session(region_name="eu-west-2", aws_access_key_id="x", aws_secret_access_key="x")
    return session.client("apigatewaymanagementapi", endpoint_url="http://127.0.0.1:9/dev")


def posts_us(client: Any, calls: int) -> float:
    """CPU microseconds per ``post_to_connection``, after a warm-up."""
    for _ in range(50):
        client.post_to_connection(ConnectionId="abc=", Data=b'{"t": 1}')
    started = time.process_time()
    for _ in range(calls):
        client.post_to_connection(ConnectionId="abc=", Data=b'{"t": 1}')
    return (time.process_time() - started) / calls * 1e6


def per_call_us(event: str, answer: Any, calls: int) -> float:
    client = management_client()
    client.meta.events.register(f"{event}.apigatewaymanagementapi.PostToConnection", answer)
    return posts_us(client, calls)


@contextmanager
def handler_channel() -> Iterator[Any]:
    """``worker_channel`` loaded by path, as the handler's interpreter does; botocore's handlers restored after."""
    import botocore.handlers

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "wrapper" / "offline" / "lambda_runtime"))
    import worker_channel  # type: ignore[import-not-found]

    saved = list(botocore.handlers.BUILTIN_HANDLERS)
    try:
        yield worker_channel
    finally:
        botocore.handlers.BUILTIN_HANDLERS[:] = saved


def memo_us(answer: Any, calls: int) -> float:
    """The pipe shortcut's client side with ``wrapper dev``'s endpoint memo (worker_channel.py) in the session."""
    with handler_channel() as worker_channel:
        # Installed for an endpoint path this bench never calls, so only the memo acts; the answer comes from the hook below.
        worker_channel.install_management_shortcut(worker_channel.Channel(io.StringIO(""), io.StringIO()), ["127.0.0.1:9"], "unused")
        return per_call_us("before-call", answer, calls)


def quick_us(calls: int) -> float:
    """``post_to_connection`` to a connection the environment's mirror holds open (worker_channel.py)."""
    from wrapper.offline.apigw.limits import Limits
    from wrapper.offline.apigw.management import pipe_answers

    with handler_channel() as worker_channel:
        mirror = json.dumps({"live": ["abc="], "answers": pipe_answers(Limits())}) + "\n"
        channel = worker_channel.Channel(io.StringIO(mirror), io.StringIO())
        assert channel.next_invocation() is None  # the mirror is read
        worker_channel.install_management_shortcut(channel, ["127.0.0.1:9"], "dev")
        return posts_us(management_client(), calls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=2000)
    calls = parser.parse_args().calls
    os.environ.setdefault("AWS_CONFIG_FILE", os.devnull)
    full = per_call_us("before-send", lambda request, **_: AWSResponse(request.url, 200, {}, _Empty()), calls)
    answer = lambda **_: (AWSResponse("u", 200, {}, _Empty()), {"ResponseMetadata": {}})  # noqa: E731
    short = per_call_us("before-call", answer, calls)
    memo = memo_us(answer, calls)
    print(f"signed HTTP path, network excluded: {full:.0f} us/call")
    print(f"pipe shortcut's client side:        {short:.0f} us/call ({full / short:.1f}x less)")
    print(f"  with the endpoint memo:           {memo:.0f} us/call ({short / memo:.2f}x less again)")
    quick = quick_us(calls)
    print(f"quick path to an open connection:   {quick:.0f} us/call ({memo / quick:.1f}x less than the memo)")


if __name__ == "__main__":
    main()
