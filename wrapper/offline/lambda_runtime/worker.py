"""One Lambda execution environment: a child process that runs one function's handler.

Run as a script (``python -B worker.py ...``), not as part of the wrapper package,
so the handler's interpreter holds nothing but the handler, its shared code and its
dependencies — like Lambda, where each function's module state is its own.

Protocol (``worker_channel.py``): one JSON request per line on stdin (``{"id", "event",
"request_id", "deadline_ms"}``), one JSON reply per line on the original stdout, and in
between the handler's @connections calls and their answers. The handler's own prints
go to stderr, which the gateway shows as the function's log.
Before each invocation the handler's source folder is checked for edits; an edit
re-imports the handler (hot reload), as a new deployment would.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import os
import secrets
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any


class LambdaContext:
    """The attributes and method of the Python runtime's context object."""

    def __init__(self, name: str, memory: int, region: str, request_id: str, deadline_ms: int) -> None:
        self.function_name = name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:{region}:000000000000:function:{name}"
        self.memory_limit_in_mb = str(memory)
        self.aws_request_id = request_id
        self.log_group_name = f"/aws/lambda/{name}"
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
        self.identity = None
        self.client_context = None
        self.tenant_id = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self._deadline_ms - int(time.time() * 1000))


def log_stream_name() -> str:
    """One per execution environment, in Lambda's form: 2026/11/30/[$LATEST]<32 hex digits>."""
    return time.strftime("%Y/%m/%d/[$LATEST]", time.gmtime()) + secrets.token_hex(16)


def trace_id() -> str:
    """An X-Ray trace header as Lambda sets ``_X_AMZN_TRACE_ID`` for each invocation (not sampled offline)."""
    return f"Root=1-{int(time.time()):08x}-{secrets.token_hex(12)};Parent={secrets.token_hex(8)};Sampled=0"


class HandlerLoader:
    def __init__(self, source_dir: Path, module: str, function: str) -> None:
        self.source_dir = source_dir
        self.module = module
        self.function = function
        self._stamp: tuple[int, int] | None = None
        self._handler: Any = None

    def _sources_stamp(self) -> tuple[int, int]:
        latest, count = 0, 0
        for folder, dirs, files in os.walk(self.source_dir):
            dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
            for name in files:
                if name.endswith(".py"):
                    count += 1
                    latest = max(latest, os.stat(os.path.join(folder, name)).st_mtime_ns)
        return latest, count

    def get(self) -> Any:
        stamp = self._sources_stamp()
        if stamp != self._stamp or self._handler is None:
            if self._stamp is not None:
                self._forget_sources()
            importlib.invalidate_caches()
            module = importlib.import_module(self.module)
            self._handler = getattr(module, self.function)
            self._stamp = stamp
        return self._handler

    def _forget_sources(self) -> None:
        root = str(self.source_dir)
        for name, module in list(sys.modules.items()):
            path = getattr(module, "__file__", None) or ""
            if path.startswith(root):
                del sys.modules[name]


def user_trace(exc: BaseException, source_dir: str) -> str:
    """The traceback trimmed to the project's own frames: importlib and this script are noise to the developer.

    A syntax error keeps its file, line and caret (they are part of the exception, not of a frame).
    """
    root = os.path.join(os.path.realpath(source_dir), "")
    # "<frozen importlib._bootstrap>" is not a path: resolved against the cwd (the source folder) it would pass.
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if os.path.isabs(f.filename) and os.path.realpath(f.filename).startswith(root)
    ]
    lines = ["Traceback (most recent call last):\n", *traceback.format_list(frames)] if frames else []
    return "".join(lines + traceback.format_exception_only(type(exc), exc)).rstrip("\n")


def main() -> None:
    # Ctrl-C in a terminal reaches the whole process group: the gateway stops this worker itself
    # (after the last $disconnect), so the interrupt must not kill it first with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    source_dir, module, function, name, memory, region, netlocs, stage = sys.argv[1:9]
    os.environ["AWS_LAMBDA_LOG_STREAM_NAME"] = log_stream_name()
    os.environ["LAMBDA_RUNTIME_DIR"] = str(Path(__file__).resolve().parent)
    import worker_channel  # type: ignore[import-not-found]  # this script's sibling, before its folder leaves the import path

    # Keep this script's folder (wrapper/offline) off the handler's import path.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
    sys.path.insert(0, source_dir)
    del sys.modules["worker_channel"]  # and its name out of the handler's module table
    # The pipes to the gateway get their own descriptors; the handler's stdout is the log, its stdin empty (as on Lambda).
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    replies = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    channel = worker_channel.Channel(requests, replies)
    if importlib.util.find_spec("botocore") is not None:
        worker_channel.install_management_shortcut(channel, netlocs.split(","), stage)
    loader = HandlerLoader(Path(source_dir), module, function)
    # Lambda's init phase: import the handler before the first event arrives. A failure is not
    # printed here: the first invocation raises it again and `wrapper dev` reports it once.
    with contextlib.suppress(Exception):
        loader.get()
    sys.stderr.flush()
    channel.write({"ready": True})
    while (request := channel.next_invocation()) is not None:
        os.environ["_X_AMZN_TRACE_ID"] = trace_id()
        context = LambdaContext(name, int(memory), region, request["request_id"], request["deadline_ms"])
        try:
            handler = loader.get()
            result = handler(request["event"], context)
            reply: dict[str, Any] = {"id": request["id"], "ok": True, "result": result}
            json.dumps(reply)  # an unserialisable result is the handler's error, as on Lambda
        except Exception as exc:  # noqa: BLE001 - any handler failure is reported like Lambda does
            # Not printed here: `wrapper dev` prints each distinct error once, with a count of repeats.
            trace = user_trace(exc, source_dir)
            reply = {"id": request["id"], "ok": False, "errorType": type(exc).__name__, "errorMessage": str(exc), "trace": trace}
        sys.stderr.flush()
        channel.write(reply)


if __name__ == "__main__":
    main()
