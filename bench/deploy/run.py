"""Deploy speed against the Terraform test provider (tests/support/tfprovider) and moto.

1. A no-change ``wrapper deploy`` against plain ``terraform apply -auto-approve`` on the same
   rendered root with the same engine (the overhead wrapper adds: version and account checks,
   packaging check, render, init (skipped when nothing it reads changed), plan file, output -json,
   and the page's no-change sync). The stack includes the page (S3 + CloudFront). Goal: ratio <= 1.1.
2. ``wrapper deploy --function play`` against a full ``wrapper deploy`` after the same one-line
   edit of that handler.

Run: ``.venv/bin/python bench/deploy/run.py --reps 3 [--engine terraform|embedded]``. Prints a
Markdown table for docs/benchmarks.md. Talks to 127.0.0.1 only (moto); everything ends by itself.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.deploy.fake_aws import add_engine_option, engine_named, fake_aws, timed  # noqa: E402
from tests.conftest import scaffold  # noqa: E402
from tests.page.test_files import TEMPLATE_MODULES  # noqa: E402

WRAPPER = str(Path(sys.executable).with_name("wrapper"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=3)
    add_engine_option(parser, default="terraform")
    args = parser.parse_args()
    engine = engine_named(args.engine)
    with tempfile.TemporaryDirectory(prefix="bench-deploy-") as folder, fake_aws(Path(folder), engine) as env:
        work = Path(folder)
        project = scaffold(work / "demo")
        (project / "frontend" / "node_modules").symlink_to(TEMPLATE_MODULES, target_is_directory=True)  # as after `npm install`
        stack = project / ".wrapper" / "dev" / "terraform"
        timed([WRAPPER, "bootstrap", "--logging-role"], project, env)
        timed([WRAPPER, "deploy", "--stage", "dev", "--yes"], project, env)
        terraform = [engine] if engine != "embedded" else [sys.executable, "-m", "wrapper.terraform.embedded_engine"]
        handler = project / "functions" / "play.py"
        rows: dict[str, list[float]] = {"deploy": [], "apply": [], "function": [], "full": []}
        for rep in range(args.reps):
            rows["deploy"].append(timed([WRAPPER, "deploy", "--stage", "dev", "--yes", "--json"], project, env))
            rows["apply"].append(timed([*terraform, "apply", "-auto-approve", "-input=false", "-no-color"], stack, env))
            handler.write_text(handler.read_text() + f"\n# edit {rep}a\n")
            rows["function"].append(timed([WRAPPER, "deploy", "--stage", "dev", "--function", "play", "--json"], project, env))
            handler.write_text(handler.read_text() + f"\n# edit {rep}b\n")
            rows["full"].append(timed([WRAPPER, "deploy", "--stage", "dev", "--yes", "--json"], project, env))
    median = {k: statistics.median(v) for k, v in rows.items()}
    print(
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; engine: {engine}; {args.reps} repetitions, medians\n"
    )
    print("| what | command | median | ratio |")
    print("| --- | --- | --- | --- |")
    print(
        f"| no change | `wrapper deploy --stage dev --yes` | {median['deploy']:.2f} s | {median['deploy'] / median['apply']:.2f}x of terraform apply |"
    )
    print(f"| no change | `terraform apply -auto-approve` (same root) | {median['apply']:.2f} s | 1.00x |")
    print(
        f"| one handler edited | `wrapper deploy --stage dev --function play` | {median['function']:.2f} s | {median['function'] / median['full']:.2f}x of a full deploy |"
    )
    print(f"| one handler edited | `wrapper deploy --stage dev --yes` | {median['full']:.2f} s | 1.00x |")
    print("\nall runs (s): " + "; ".join(f"{k}: {', '.join(f'{x:.2f}' for x in v)}" for k, v in rows.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
