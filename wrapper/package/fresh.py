"""Answer a repeated ``wrapper package`` from file stats alone, before the CLI's imports load.

The full command spends about half a second importing typer, rich and the config loader to find,
in a few milliseconds, that nothing changed. So after each successful run the command
records the size, mtime and mode of everything it read (``wrapper.toml``, the source
folder, the requirement files, wrapper's own packaging code) and wrote (the zips, the
manifest, the build state, the cached dependency layer's digest), keyed by the options
and environment that chose the configuration. The next identical invocation re-stats
them; if nothing moved, the recorded result is replayed with every function unchanged.

Any doubt takes the full path, which hashes contents: a missing or foreign stamp, any
difference, and any input modified within ``RACY_NS`` of the recording (an edit in the
same mtime tick could otherwise go unseen, the "racy git" problem).

Standard library only, and nothing from ``wrapper.config``: this runs before the CLI's imports load.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wrapper.errors import WrapperError
from wrapper.files import write_json_atomic
from wrapper.package.walk import visible_files
from wrapper.project_file import find_config

if TYPE_CHECKING:
    from wrapper.config import ProjectConfig

FORMAT = 2
RACY_NS = 2_000_000_000
# Settings that can come from the environment and change what a stage resolves to.
_ENV_PREFIX = "WRAPPER_"
_ENV_NAMES = frozenset({"AWS_REGION", "AWS_DEFAULT_REGION"})
# wrapper's own code that decides the zips' bytes: upgrading wrapper must not replay an old answer.
_OWN_CODE = (Path(__file__).parent, Path(__file__).parent.parent / "config")

Stat = list[int] | None


def invocation_key(cwd: Path, project: Path | None, stage: str | None, region: str | None, env: Mapping[str, str]) -> str:
    """What selects the configuration: the working directory, the options given, the environment's overrides."""
    material = {
        "format": FORMAT,
        "cwd": str(cwd),
        "project": None if project is None else str(project),
        "stage": stage,
        "region": region,
        "env": sorted((k, v) for k, v in env.items() if k.startswith(_ENV_PREFIX) or k in _ENV_NAMES),
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def stamp_path(root: Path, key: str) -> Path:
    return root / ".wrapper" / "fresh" / f"package-{key[:20]}.json"


def record(config: ProjectConfig, key: str, result: dict[str, Any]) -> None:
    """Remember a successful run so the same invocation can be answered without the full CLI."""
    from wrapper.package.layer import layer_dir
    from wrapper.package.plan import cache_root
    from wrapper.package.requirements import read_requirements
    from wrapper.project_file import CONFIG_FILE

    path = stamp_path(config.root, key)
    requirements = read_requirements(config)
    inputs = [config.root / CONFIG_FILE, config.root / config.package.requirements, *requirements.files]
    trees = [(config.root / config.package.source_dir, config.root), *((code, code) for code in _OWN_CODE)]
    outputs = [Path(result["manifest"]), config.work_dir / "package-state.json"]
    outputs += [Path(result["dist"]) / fn["zip"] for fn in result["functions"].values()]
    if result["dependencies"]["key"]:
        outputs.append(layer_dir(cache_root(config), result["dependencies"]["key"]) / "digest")
    recorded = time.time_ns()
    stats = {str(p): _stat(p) for p in [*inputs, *outputs]}
    listings = [(str(t), str(root), _tree(t, root)) for t, root in trees]
    read = [*listings[0][2].values(), *(stats[str(p)] for p in inputs)]  # the project's files, not wrapper's
    if max((s[1] for s in read if s), default=0) > recorded - RACY_NS:
        path.unlink(missing_ok=True)
        return
    stamp = {"format": FORMAT, "stats": stats, "trees": listings, "result": result}
    write_json_atomic(path, stamp, indent=None)


def replay(project: Path | None, key: str) -> dict[str, Any] | None:
    """The recorded result, every function unchanged, if nothing it depends on moved; otherwise None."""
    started = time.perf_counter()
    try:
        stamp = json.loads(stamp_path(find_config(project).parent, key).read_text())
        if stamp["format"] != FORMAT or not _unchanged(stamp):
            return None
        result: dict[str, Any] = stamp["result"]
        for function in result["functions"].values():
            function["status"] = "unchanged"
        if result["dependencies"]["cache"] == "installed":
            result["dependencies"]["cache"] = "hit"
    except (OSError, ValueError, KeyError, TypeError, AttributeError, WrapperError):
        return None  # no stamp, a damaged one, or no project: the full path decides and explains
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result


def _unchanged(stamp: dict[str, Any]) -> bool:
    if any(_stat(Path(p)) != s for p, s in stamp["stats"].items()):
        return False
    return all(_tree(Path(t), Path(root)) == listing for t, root, listing in stamp["trees"])


def _stat(path: Path) -> Stat:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_mode]


def _tree(folder: Path, root: Path) -> dict[str, Stat]:
    """Every file below ``folder`` that could reach a zip, walked as packaging walks it."""
    return {str(path): _stat(path) for path in visible_files(folder, root)}
