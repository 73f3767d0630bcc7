"""Compare a rendered project with the disk and write it all or nothing.

Like copier: each file is *create*, *identical* or *conflict*. Conflicts stop
the write unless forced; a failure part-way removes everything this run created.
"""

from __future__ import annotations

import os
import shutil
import tempfile
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
    if not plan.target.exists():
        _write_new_folder(plan.target, plan.files)
        return todo
    _write_into_existing(plan, todo)
    return todo


def _write_new_folder(target: Path, files: dict[PurePosixPath, bytes]) -> None:
    # Build beside the target, then rename: the project appears whole or not at all.
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; a project folder should not be
        for rel, content in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        os.rename(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise WrapperError(
            f"could not create {target}: {exc.strerror or exc}", "check the folder is writable and the disk has room"
        ) from None


def _write_into_existing(plan: WritePlan, todo: list[PurePosixPath]) -> None:
    created_files: list[Path] = []
    created_dirs: list[Path] = []
    backups: dict[Path, bytes] = {}
    try:
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
            write_atomic(path, plan.files[rel])
    except OSError as exc:
        for path in created_files:
            path.unlink(missing_ok=True)
        for path, content in backups.items():
            path.write_bytes(content)
        for folder in reversed(created_dirs):
            shutil.rmtree(folder, ignore_errors=True)
        raise WrapperError(
            f"could not write into {plan.target}: {exc.strerror or exc}", "nothing was changed; check permissions and free disk space"
        ) from None
