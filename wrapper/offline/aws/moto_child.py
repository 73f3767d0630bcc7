"""moto's server as wrapper's child: it exits when its parent does, however the parent ended.

Run by path, ``python moto_child.py <moto.server arguments>``. A parent that is
killed outright (SIGKILL, a crashed test run) cannot stop its children; this one notices
that it was re-parented and leaves, so no orphan keeps the port and the memory.
"""

from __future__ import annotations

import os
import sys
import threading
import time

PARENT_VARIABLE = "WRAPPER_PARENT_PID"


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def main() -> None:
    # The parent says who it is: it may already be gone by the time this line runs.
    parent = int(os.environ.get(PARENT_VARIABLE) or os.getppid())
    threading.Thread(target=_exit_with, args=(parent,), name="parent-watch", daemon=True).start()
    from moto.server import main as moto_main

    moto_main(sys.argv[1:])


if __name__ == "__main__":
    main()
