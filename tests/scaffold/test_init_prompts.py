"""`wrapper init` at a real terminal (a pseudo-terminal): prompts show their defaults, and a bad
answer is explained and asked again instead of ending init."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal:
    """A child process on a pseudo-terminal; reads are bounded by a deadline."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        self.master, replica = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS", "AWS_REGION", "AWS_DEFAULT_REGION")}
        self.proc = subprocess.Popen(args, stdin=replica, stdout=replica, stderr=replica, cwd=cwd, env={**env, "COLUMNS": "120"})
        os.close(replica)
        self.seen = ""

    def expect(self, text: str, times: int = 1, seconds: float = 30) -> str:
        """Wait until ``text`` has appeared ``times`` times in all the terminal has shown."""
        deadline = time.monotonic() + seconds
        while ANSI.sub("", self.seen).count(text) < times:
            left = deadline - time.monotonic()
            assert left > 0, f"waited for {text!r}; the terminal shows:\n{ANSI.sub('', self.seen)}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.seen += os.read(self.master, 4096).decode("utf-8", "replace")
                except OSError:  # the child closed the terminal
                    break
        return ANSI.sub("", self.seen)

    def answer(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def close(self) -> int:
        try:
            return self.proc.wait(30)
        finally:
            os.close(self.master)


def test_prompts_show_defaults_and_ask_again_after_a_bad_answer(tmp_path: Path) -> None:
    term = Terminal([sys.executable, "-m", "wrapper", "init", "my-world"], tmp_path)
    term.expect("Service name [my-world]: ")
    term.answer("My_World")
    shown = term.expect("Service name [my-world]: ", times=2)  # asked again
    assert "'My_World' is not a valid service name" in shown and "lowercase letters" in shown
    term.answer("")  # the default
    term.expect("AWS region [us-east-1]: ")
    term.answer("mars-1")
    term.expect("is not an AWS region")
    term.expect("AWS region [us-east-1]: ", times=2)
    term.answer("eu-west-2")
    shown = term.expect("Next:")
    assert term.close() == 0, shown
    toml = (tmp_path / "my-world" / "wrapper.toml").read_text()
    assert 'name = "my-world"' in toml and 'region = "eu-west-2"' in toml
