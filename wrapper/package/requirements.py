"""What a project's dependencies are, for which platform, and the key they are cached under."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name

from wrapper.config import ProjectConfig
from wrapper.errors import ConfigError

# The Lambda Python runtimes ship these; bundling them only adds megabytes.
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer")
PLATFORM_ARCH = {"x86_64": "x86_64", "arm64": "aarch64"}
# The glibc of the Amazon Linux each Python runtime runs on (AWS "Lambda runtimes" page): python3.11
# runs on Amazon Linux 2 (glibc 2.26), python3.12 and later on Amazon Linux 2023 (glibc 2.34).
# Every manylinux_2_N wheel with N up to that glibc runs there.
RUNTIME_GLIBC = {
    "python3.11": (2, 26, "Amazon Linux 2"),
    "python3.12": (2, 34, "Amazon Linux 2023"),
    "python3.13": (2, 34, "Amazon Linux 2023"),
}
MANYLINUX_OLDEST = 17  # manylinux2014 is manylinux_2_17; older wheels are accepted through it by pip
CACHE_FORMAT = 2  # bump when the layer layout or the selection of installed files changes

_INCLUDE = re.compile(r"^(?:-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)")
_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class Target:
    """Lambda's platform for one runtime and architecture, as pip's cross-install flags want it."""

    runtime: str
    architecture: str

    @property
    def platform(self) -> str:
        """The newest platform tag the runtime accepts, for messages."""
        return self.platforms[0]

    @property
    def platforms(self) -> tuple[str, ...]:
        """Every manylinux tag the runtime's glibc supports, newest first (pip prefers the first that fits)."""
        arch = PLATFORM_ARCH[self.architecture]
        major, minor, _ = RUNTIME_GLIBC[self.runtime]
        newest_first = [f"manylinux_{major}_{n}_{arch}" for n in range(minor, MANYLINUX_OLDEST - 1, -1)]
        return (*newest_first, f"manylinux2014_{arch}")

    @property
    def python_version(self) -> str:
        return self.runtime.removeprefix("python")

    def describe(self) -> str:
        system = RUNTIME_GLIBC[self.runtime][2]
        return f"{system} {PLATFORM_ARCH[self.architecture]}, glibc {self.glibc}, CPython {self.python_version}"

    @property
    def glibc(self) -> str:
        major, minor, _ = RUNTIME_GLIBC[self.runtime]
        return f"{major}.{minor}"


@dataclass(frozen=True)
class Requirements:
    """The project's requirements file, normalised (comments and blank lines do not count)."""

    path: Path | None
    lines: tuple[str, ...]
    bundle_runtime_provided: bool
    files: tuple[Path, ...] = ()  # every file read, includes too: what a repeat run must re-check

    @property
    def empty(self) -> bool:
        return not any(_NAME.match(line) for line in self.lines)

    @property
    def names(self) -> tuple[str, ...]:
        found = (_NAME.match(line) for line in self.lines)
        return tuple(canonical(m.group(1)) for m in found if m)

    def cache_key(self, target: Target) -> str:
        """Same requirements, platform and Python: same installed dependencies."""
        material = {
            "format": CACHE_FORMAT,
            "lines": list(self.lines),
            "platforms": list(target.platforms),
            "python": target.python_version,
            "implementation": "cp",
            "runtime_provided": self.bundle_runtime_provided,
        }
        digest = hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()
        return f"{target.platform}-py{target.python_version}-{digest[:16]}"


def canonical(name: str) -> str:
    """The PEP 503 form pip and indexes compare names in."""
    return str(canonicalize_name(name))


def read_requirements(config: ProjectConfig) -> Requirements:
    """Read ``package.requirements`` and the files it includes with -r/-c; absent means no dependencies."""
    path = config.root / config.package.requirements
    if not path.is_file():
        if config.sources.get("package.requirements", "default") != "default":
            raise ConfigError(
                f"package.requirements names {config.package.requirements}, which does not exist",
                "create it, or remove the setting if the functions need no dependencies",
            )
        return Requirements(None, (), False)
    read: list[Path] = []
    lines = tuple(_normalised_lines(path, read, depth=0))
    names = {canonical(m.group(1)) for line in lines if (m := _NAME.match(line))}
    return Requirements(path, lines, bool(names & set(RUNTIME_PROVIDED)), tuple(read))


def check_auth_dependency(config: ProjectConfig, requirements: Requirements) -> None:
    """With [auth], the handlers verify sign-in tokens with PyJWT: Lambda's runtime has no copy of it."""
    if config.auth is not None and "pyjwt" not in requirements.names:
        where = config.package.requirements
        raise ConfigError(
            f"[auth] is set, but {where} does not name PyJWT, which the handlers verify sign-in tokens with",
            f"add the line `PyJWT[crypto]>=2.10` to {where} (its crypto extra brings RS256)",
        )


def _normalised_lines(path: Path, read: list[Path], *, depth: int) -> list[str]:
    read.append(path)
    if depth > 8:
        raise ConfigError(f"{path}: requirement files include each other too deeply", "remove the -r/-c cycle")
    out: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        out.append(line)
        include = _INCLUDE.match(line)
        if include:
            # An included file's content is part of the key: editing it must reinstall.
            included = (path.parent / include.group(1)).resolve()
            if not included.is_file():
                raise ConfigError(f"{path.name} includes {include.group(1)}, which does not exist", "fix the path after -r/-c")
            out.extend(_normalised_lines(included, read, depth=depth + 1))
    return out
