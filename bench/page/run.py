"""Page upload benchmark: wrapper's sync vs `aws s3 sync`, against moto's S3 server.

Two pages: the template page (its three.js taken from templates/frontend/webxr/node_modules, of
which wrapper uploads only what the page imports) and a 200-file bundler build (index.html and
199 content-hashed assets of 1-60 KB, seeded so every run has the same bytes). For each:
- first: an empty bucket, every file uploaded;
- rerun: nothing changed (goal: under 1 s);
- one changed: one asset rewritten.
wrapper is timed in-process (the upload step of `wrapper deploy`, which also writes the stage's
wrapper-config.json and invalidates in CloudFront) and as the CLI `wrapper deploy --page-only`.
`aws s3 sync --delete` is the peer on the same files and the same server (it compares size and
modification time, sets no Cache-Control per file and invalidates nothing).

Usage: .venv/bin/python bench/page/run.py [--repeat 3] [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from wrapper.config import load_config  # noqa: E402
from wrapper.page import deploy as page  # noqa: E402
from wrapper.scaffold.render import ScaffoldParams, render_project  # noqa: E402
from wrapper.scaffold.write import apply_write, plan_write  # noqa: E402

REGION = "eu-west-2"
MODULES = REPO / "templates" / "frontend" / "webxr" / "node_modules"


def project(folder: Path, built: bool) -> Path:
    apply_write(plan_write(folder, render_project(ScaffoldParams(service="bench", region=REGION, stages=("dev",)))), force=False)
    if built:
        text = (folder / "wrapper.toml").read_text().replace("[frontend]\n", '[frontend]\ndist = "frontend/dist"\n', 1)
        (folder / "wrapper.toml").write_text(text)
        dist = folder / "frontend" / "dist"
        rng = random.Random(200)
        (dist / "assets").mkdir(parents=True)
        names = []
        for i in range(199):
            name = f"assets/chunk{i}-{rng.getrandbits(40):010x}a.js"
            (dist / name).write_bytes(rng.randbytes(rng.randint(1_000, 60_000)))
            names.append(name)
        (dist / "index.html").write_text("".join(f'<script type="module" src="/{n}"></script>' for n in names[:5]))
    else:
        (folder / "frontend" / "node_modules").symlink_to(MODULES, target_is_directory=True)
    return folder


def timed(action: Callable[..., object], *args: Any, **kwargs: Any) -> float:
    started = time.perf_counter()
    action(*args, **kwargs)
    return time.perf_counter() - started


def run(repeat: int) -> dict[str, object]:
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{server._server.server_port}"  # moto exposes the port only here
    os.environ.update(AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION=REGION)
    import boto3

    s3 = boto3.client("s3", region_name=REGION)
    cloudfront = boto3.client("cloudfront", region_name=REGION)
    results: dict[str, object] = {}
    aws = shutil.which("aws")
    with tempfile.TemporaryDirectory() as tmp:
        for label, built in (("template page", False), ("200-file build", True)):
            rows: dict[str, list[float]] = {}
            files = 0
            for r in range(repeat):
                root = project(Path(tmp) / f"{label[:3]}{r}", built)
                config = load_config(root, "dev", env={})
                dist = page.dist_dir(config)
                bucket, peer_bucket = f"bench-{r}-{int(built)}", f"peer-{r}-{int(built)}"
                for name in (bucket, peer_bucket):
                    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
                dist_id = cloudfront.create_distribution(
                    DistributionConfig={
                        "CallerReference": bucket,
                        "Comment": "",
                        "Enabled": True,
                        "Origins": {
                            "Quantity": 1,
                            "Items": [
                                {"Id": "o", "DomainName": f"{bucket}.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}}
                            ],
                        },
                        "DefaultCacheBehavior": {"TargetOriginId": "o", "ViewerProtocolPolicy": "redirect-to-https"},
                    }
                )["Distribution"]["Id"]
                outputs = {
                    "page_bucket": bucket,
                    "page_distribution_id": dist_id,
                    "websocket_url": "wss://x.example/dev",
                    "page_url": "https://x/",
                }
                work = root / ".wrapper" / "dev"
                work.mkdir(parents=True)
                (work / "outputs.json").write_text(json.dumps({**outputs, "page_content_security_policy": page.csp_for(config)}))
                first = page.upload(config, outputs)
                files = first.files
                rows.setdefault("wrapper first", []).append(first.seconds)
                rows.setdefault("wrapper rerun", []).append(timed(page.upload, config, outputs))
                cli = [str(REPO / ".venv" / "bin" / "wrapper"), "deploy", "--stage", "dev", "--page-only", "--json"]
                rows.setdefault("wrapper CLI rerun", []).append(timed(subprocess.run, cli, cwd=root, check=True, capture_output=True))
                changed = sorted(p for p in dist.rglob("*.js") if "node_modules" not in p.parts)[0]
                changed.write_bytes(changed.read_bytes() + b"\n// edit\n")
                rows.setdefault("wrapper one changed", []).append(timed(page.upload, config, outputs))
                if aws:
                    sync = [aws, "s3", "sync", str(dist), f"s3://{peer_bucket}", "--delete", "--only-show-errors"]
                    env = {**os.environ, "AWS_ENDPOINT_URL": endpoint}
                    rows.setdefault("aws s3 sync first", []).append(timed(subprocess.run, sync, check=True, env=env))
                    rows.setdefault("aws s3 sync rerun", []).append(timed(subprocess.run, sync, check=True, env=env))
                    changed.write_bytes(changed.read_bytes() + b"// again\n")
                    rows.setdefault("aws s3 sync one changed", []).append(timed(subprocess.run, sync, check=True, env=env))
                    peer_objects = sum(p.get("KeyCount", 0) for p in s3.get_paginator("list_objects_v2").paginate(Bucket=peer_bucket))
                    rows.setdefault("aws s3 sync objects", []).append(float(peer_objects))
            results[label] = {"files": files, **{k: statistics.median(v) for k, v in rows.items()}}
    server.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="append the table to docs/benchmarks.md")
    args = parser.parse_args()
    results = run(args.repeat)
    aws = subprocess.run(["aws", "--version"], capture_output=True, text=True).stdout.strip() if shutil.which("aws") else "not installed"
    lines = [
        "## Page upload",
        "",
        f"Command: `.venv/bin/python bench/page/run.py --repeat {args.repeat}{' --write' if args.write else ''}`  ",
        f"Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()} "
        f"(shared with other jobs); moto's S3 server on 127.0.0.1 for both tools; peer: {aws}.",
        "",
        "Median wall-clock seconds (ratio = peer / wrapper in-process):",
        "",
        "| page | files wrapper uploads | wrapper first | wrapper rerun (no change) | `wrapper deploy --page-only` rerun (CLI) | wrapper one file changed | aws s3 sync first | aws s3 sync rerun | aws s3 sync one changed | objects aws s3 sync uploads |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, row in results.items():
        assert isinstance(row, dict)

        def cell(key: str, base: str | None = None, row: dict[str, Any] = row) -> str:
            if key not in row:
                return "n/a"
            text = f"{row[key]:.3f} s"
            return text + (f" ({row[key] / row[base]:.1f}x)" if base and row.get(base) else "")

        lines.append(
            f"| {label} | {row['files']} | {cell('wrapper first')} | {cell('wrapper rerun')} | {cell('wrapper CLI rerun')} | "
            f"{cell('wrapper one changed')} | {cell('aws s3 sync first', 'wrapper first')} | {cell('aws s3 sync rerun', 'wrapper rerun')} | "
            f"{cell('aws s3 sync one changed', 'wrapper one changed')} | {int(row.get('aws s3 sync objects', 0))} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        with (REPO / "docs" / "benchmarks.md").open("a") as handle:
            handle.write("\n" + text)


if __name__ == "__main__":
    main()
