"""package.layer on and off: bytes uploaded and deploy time, against the Terraform test provider and moto.

For each setting, on a fresh project (the webxr template + ``pydantic==2.14.3``, whose native
``pydantic_core`` is the bulk), in turn:

1. the first ``wrapper deploy`` (every zip uploaded: with the layer, the layer once plus code-only zips);
2. a requirements change (a second, small pinned package) and ``wrapper deploy``: without a layer
   every function's zip changes and is uploaded again; with it, one new layer version is published
   and the functions are only re-pointed;
3. a one-line handler edit and ``wrapper deploy --function play`` (the fast path uploads that zip).

Upload bytes are the zips Terraform or the fast path sends (read from the dist folder before and
after, by what changed). Run: ``.venv/bin/python bench/deploy/layer.py [--engine embedded]``.
Talks to 127.0.0.1 only (moto); everything ends by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.deploy.fake_aws import add_engine_option, engine_named, fake_aws, timed  # noqa: E402
from tests.conftest import scaffold  # noqa: E402
from tests.projects import edit_config, without_page  # noqa: E402

WRAPPER = str(Path(sys.executable).with_name("wrapper"))
REQUIREMENTS = "pydantic==2.14.3\n"
MORE = "markupsafe==3.0.2\n"


def zips(project: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in (project / ".wrapper" / "dev" / "dist").glob("*.zip")}


def uploaded(before: dict[str, int], after: dict[str, int]) -> int:
    """Bytes of the zips that are new since ``before`` (what Terraform or the fast path sends)."""
    return sum(size for name, size in after.items() if name not in before)


def measure(work: Path, layer: bool, env: dict[str, str]) -> dict[str, float]:
    project = without_page(scaffold(work / ("layer" if layer else "plain")))
    (project / "requirements.txt").write_text(REQUIREMENTS)
    if layer:
        edit_config(project, 'requirements = "requirements.txt"\n', 'requirements = "requirements.txt"\nlayer = true\n')
    timed([WRAPPER, "package", "--stage", "dev"], project, env)  # pip once, outside the timings
    timed([WRAPPER, "bootstrap", "--logging-role"], project, env)
    out: dict[str, float] = {}
    before: dict[str, int] = {}
    out["first_s"] = timed([WRAPPER, "deploy", "--stage", "dev", "--yes"], project, env)
    out["first_bytes"] = uploaded(before, after := zips(project))
    (project / "requirements.txt").write_text(REQUIREMENTS + MORE)
    timed([WRAPPER, "package", "--stage", "dev"], project, env)
    before = after
    out["requirements_s"] = timed([WRAPPER, "deploy", "--stage", "dev", "--yes"], project, env)
    out["requirements_bytes"] = uploaded(before, after := zips(project))
    handler = project / "functions" / "play.py"
    handler.write_text(handler.read_text() + "\n# edited\n")
    before = after
    out["function_s"] = timed([WRAPPER, "deploy", "--stage", "dev", "--function", "play", "--json"], project, env)
    out["function_bytes"] = uploaded(before, zips(project))
    timed([WRAPPER, "destroy", "--stage", "dev", "--yes", "--force"], project, env)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    add_engine_option(parser, default="embedded")
    args = parser.parse_args()
    engine = engine_named(args.engine)
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-layer-") as folder, fake_aws(Path(folder), engine) as env:
        work = Path(folder)
        for layer in (False, True):
            results[layer] = measure(work, layer, env)
            print(json.dumps({"layer": layer, **results[layer]}), flush=True)
    off, on = results[False], results[True]
    print(
        f"\nDate: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; engine: {engine}\n"
    )
    print("| step | uploaded, layer off | uploaded, layer on | ratio | deploy s, off | deploy s, on | ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for step, what in (("first", "first deploy"), ("requirements", "requirements changed"), ("function", "one handler, `--function play`")):
        b0, b1 = off[f"{step}_bytes"], on[f"{step}_bytes"]
        s0, s1 = off[f"{step}_s"], on[f"{step}_s"]
        print(f"| {what} | {b0 / 1e6:.2f} MB | {b1 / 1e6:.2f} MB | {b1 / b0:.2f}x | {s0:.1f} | {s1:.1f} | {s1 / s0:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
