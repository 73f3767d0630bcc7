"""A private network made by the test: a network namespace joined to this machine by a veth pair.

The namespace stands in for a headset on the same Wi-Fi as the laptop. Only addresses
made here (10.x) are ever used, never the machine's real interfaces. Needs root and
``ip``; ``netns_unavailable()`` says why not, for a clean skip.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PrivateLan:
    namespace: str
    host_ip: str  # this machine's end: what `wrapper dev --lan --host` serves on
    device_ip: str  # the headset's end, inside the namespace
    host_link: str

    def command(self, *argv: str) -> list[str]:
        """argv run inside the namespace (as the headset)."""
        return ["ip", "netns", "exec", self.namespace, *argv]

    def run(self, argv: Sequence[str], **options: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.command(*argv), capture_output=True, text=True, timeout=60, check=False, **options)


def netns_unavailable() -> str | None:
    if os.name != "posix" or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "network namespaces need root (the tests run as root in CI)"
    if shutil.which("ip") is None:
        return "the `ip` command (iproute2) is not installed"
    probe = f"wrprobe{os.getpid()}"
    made = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True, check=False)
    if made.returncode != 0:
        return f"cannot create a network namespace here: {made.stderr.strip()}"
    subprocess.run(["ip", "netns", "del", probe], capture_output=True, check=False)
    return None


def _ip(*argv: str) -> None:
    subprocess.run(["ip", *argv], check=True, capture_output=True, text=True, timeout=30)


def _used_subnets() -> set[str]:
    out = subprocess.run(["ip", "-4", "-o", "addr"], capture_output=True, text=True, check=True).stdout
    return {".".join(field.split("/")[0].split(".")[:3]) for line in out.splitlines() for field in line.split() if field.count(".") == 3}


@contextmanager
def private_lan(*, with_link: bool = True) -> Iterator[PrivateLan]:
    """A namespace joined by a veth pair on a 10.x /24 nobody else on this machine uses (or none, for an isolated device)."""
    tag = f"{os.getpid() % 100000}{random.randrange(1000)}"
    namespace, host_link, device_link = f"wrlan{tag}", f"wrh{tag}", f"wrd{tag}"
    used = _used_subnets()
    subnet = next(s for s in (f"10.{random.randrange(100, 250)}.{random.randrange(256)}" for _ in range(100)) if s not in used)
    _ip("netns", "add", namespace)
    try:
        _ip("-n", namespace, "link", "set", "lo", "up")
        if with_link:
            _ip("link", "add", host_link, "type", "veth", "peer", "name", device_link, "netns", namespace)
            _ip("addr", "add", f"{subnet}.1/24", "dev", host_link)
            _ip("link", "set", host_link, "up")
            _ip("-n", namespace, "addr", "add", f"{subnet}.2/24", "dev", device_link)
            _ip("-n", namespace, "link", "set", device_link, "up")
        yield PrivateLan(namespace, f"{subnet}.1", f"{subnet}.2", host_link)
    finally:
        if with_link:
            subprocess.run(["ip", "link", "del", host_link], capture_output=True, check=False)
        subprocess.run(["ip", "netns", "del", namespace], capture_output=True, check=False)
