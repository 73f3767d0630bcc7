"""`wrapper dev` run as a user runs it, in a child process whose stderr a test reads line by line."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

WRAPPER = (sys.executable, "-m", "wrapper")
BANNER_END = r"Ctrl-C stops"


class Lines:
    """stderr of a child, read on a thread so waiting for a line is bounded in time."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        assert proc.stderr is not None
        stream = proc.stderr
        threading.Thread(target=lambda: [self.queue.put(line) for line in stream], daemon=True).start()
        self.seen = ""

    def until(self, pattern: str, seconds: float = 60) -> str:
        deadline = time.monotonic() + seconds
        while not re.search(pattern, self.seen):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{pattern!r} not printed within {seconds} s; got:\n{self.seen}")
            try:
                self.seen += self.queue.get(timeout=remaining)
            except queue.Empty:
                continue
        return self.seen


@contextmanager
def dev_child(argv: Sequence[str], cwd: Path, *, columns: int = 200, **popen: Any) -> Iterator[tuple[subprocess.Popen[str], Lines]]:
    """Starts ``argv`` (a `wrapper dev` command line) in ``cwd``; whatever the test did, the child is gone afterwards."""
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1"}
    proc = subprocess.Popen(list(argv), cwd=cwd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env, **popen)
    try:
        yield proc, Lines(proc)
    finally:
        if popen.get("start_new_session") and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # a command that runs wrapper dev under another (on_small_disk) stops with it
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
