"""Compare a rendered project with the disk and write it all or nothing.

Like copier: each file is *create*, *identical* or *conflict*. Conflicts stop
the write unless forced; a failure part-way, Ctrl-C or SIGTERM included, removes
everything this run created and restores what it overwrote.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from wrapper.errors import WrapperError
from wrapper.files import write_atomic


@dataclass(frozen=True)
class WritePlan:
    target: Path
    create: tuple[PurePosixPath, ...]
    identical: tuple[PurePosixPath, ...]
    conflict: tuple[PurePosixPath, ...]
    files: dict[PurePosixPath, bytes] = field(repr=False, compare=False, default_factory=dict)


def plan_write(target: Path, files: dict[PurePosixPath, bytes]) -> WritePlan:
    create, identical, conflict = [], [], []
    for rel, content in files.items():
        path = target / rel
        if not path.exists():
            create.append(rel)
        elif path.is_file() and path.read_bytes() == content:
            identical.append(rel)
        else:
            conflict.append(rel)
    return WritePlan(target, tuple(create), tuple(identical), tuple(conflict), files)


def apply_write(plan: WritePlan, *, force: bool) -> list[PurePosixPath]:
    """Write the plan's new (and, with ``force``, conflicting) files; return what was written."""
    todo = list(plan.create) + (list(plan.conflict) if force else [])
    with _terminate_as_interrupt():
        if not plan.target.exists():
            _write_new_folder(plan.target, plan.files)
        else:
            _write_into_existing(plan, todo)
    return todo


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a CI job cancelled, `kill`) interrupts the write like Ctrl-C, so the rollback runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _write_new_folder(target: Path, files: dict[PurePosixPath, bytes]) -> None:
    # Build beside the target, then rename: the project appears whole or not at all.
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    undo = functools.partial(shutil.rmtree, staging, ignore_errors=True)
    with _all_or_nothing(undo, f"could not create {target}", "check the folder is writable and the disk has room"):
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; a project folder should not be
        for rel, content in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        os.rename(staging, target)


def _write_into_existing(plan: WritePlan, todo: list[PurePosixPath]) -> None:
    created_files: list[Path] = []
    created_dirs: list[Path] = []
    backups: dict[Path, bytes] = {}

    def undo() -> None:
        for path in created_files:
            path.unlink(missing_ok=True)
        for path, content in backups.items():
            path.write_bytes(content)
        for folder in reversed(created_dirs):
            shutil.rmtree(folder, ignore_errors=True)

    failure, hint = f"could not write into {plan.target}", "nothing was changed; check permissions and free disk space"
    with _all_or_nothing(undo, failure, hint):
        for rel in todo:
            path = plan.target / rel
            for parent in reversed(path.parents):
                if parent != plan.target and not parent.exists() and plan.target in parent.parents:
                    parent.mkdir()
                    created_dirs.append(parent)
            if path.is_file():
                backups[path] = path.read_bytes()
            else:
                created_files.append(path)
            write_atomic(path, plan.files[rel])  # its temp file goes, whatever stops it


@contextlib.contextmanager
def _all_or_nothing(undo: Callable[[], None], failure: str, hint: str) -> Iterator[None]:
    """Whatever stops the block (Ctrl-C included) is undone first; then an OSError is reported as
    ``failure`` with its reason, anything else (Ctrl-C or a bug) raised as it was."""
    try:
        yield
    except BaseException as exc:
        undo()
        if not isinstance(exc, OSError):
            raise
        raise WrapperError(f"{failure}: {exc.strerror or exc}", hint) from None
