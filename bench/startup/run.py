"""Start-up benchmark: `wrapper --help` / `--version` against `sam` (and `chalice`) measured in the same run.

Each command is a fresh process timed wall-clock from spawn to exit. Runs are interleaved
(one of each command per round) so that load on this shared machine hits every tool alike;
the table shows medians and the ratio to `sam`. Two modes:
- bytecode cached: the normal case; one untimed warm-up round writes the .pyc files first;
- PYTHONDONTWRITEBYTECODE=1: as these machines are set up, where an editable install
  recompiles its own modules on every start (site-packages keep their cached bytecode).
`--baseline` adds another wrapper executable (e.g. main's, before a change) to the same rounds.

Usage:  .venv/bin/python bench/startup/run.py [--peers /tmp/peers-venv] [--rounds 7] [--baseline /work/main/.venv/bin/wrapper]
Peers:  python3.11 -m venv /tmp/peers-venv && /tmp/peers-venv/bin/pip install chalice aws-sam-cli
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def tools(peers: Path, baseline: Path | None) -> dict[str, Path]:
    found = {"wrapper": REPO / ".venv/bin/wrapper"}
    if baseline is not None:
        found["wrapper (baseline)"] = baseline
    found |= {name: peers / "bin" / name for name in ("sam", "chalice") if (peers / "bin" / name).exists()}
    return found


def one_run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, timeout=120)
    return time.perf_counter() - start


def measure(commands: dict[str, list[str]], rounds: int, env: dict[str, str]) -> dict[str, float]:
    for argv in commands.values():  # warm-up: page cache, and .pyc files where writing them is allowed
        one_run(argv, env)
    samples: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(rounds):
        for label, argv in commands.items():
            samples[label].append(one_run(argv, env))
    return {label: statistics.median(times) for label, times in samples.items()}


def table(results: dict[str, dict[str, float]]) -> str:
    lines = ["| command | bytecode cached (s) | ratio to sam | PYTHONDONTWRITEBYTECODE=1 (s) | ratio to sam |", "|---|---|---|---|---|"]
    labels = list(next(iter(results.values())))
    for label in labels:
        option = label.rpartition(" ")[2]
        peer = f"sam {option}"
        cells = [f"`{label}`"]
        for mode in results.values():
            ratio = f"{mode[label] / mode[peer]:.2f}×" if peer in mode else ""
            cells += [f"{mode[label]:.3f}", ratio]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--peers", type=Path, default=Path("/tmp/peers-venv"))
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--baseline", type=Path, default=None, help="another wrapper executable to time alongside")
    args = parser.parse_args()
    if args.rounds < 5:
        parser.error("--rounds must be at least 5 (medians of fewer runs say little on a shared machine)")
    found = tools(args.peers, args.baseline)
    if "sam" not in found:
        parser.error(f"no sam in {args.peers}/bin; see Peers: in this file's docstring")
    commands: dict[str, list[str]] = {}
    for option in ("--help", "--version"):
        for name, path in found.items():
            if name == "chalice" and option == "--version":
                continue
            commands[f"{name.replace(' ', '_')} {option}"] = [str(path), option]
    plain = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    results = {
        "cached": measure(commands, args.rounds, plain),
        "no-bytecode": measure(commands, args.rounds, {**plain, "PYTHONDONTWRITEBYTECODE": "1"}),
    }
    print(
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, medians of {args.rounds} interleaved runs"
    )
    print()
    print(table(results))


if __name__ == "__main__":
    main()
