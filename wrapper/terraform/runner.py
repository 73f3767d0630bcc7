"""Drive Terraform: init, plan, show -json, apply, destroy, output, with live -json events.

Every engine is run as a child process in its own process group, so Ctrl-C can be
forwarded as Terraform expects (one interrupt: stop gracefully and release the
state lock; a second: stop at once). Errors surface as Terraform's diagnostics.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wrapper.errors import WrapperError
from wrapper.terraform.engine import Engine
from wrapper.terraform.versions import parse_version

EventSink = Callable[[dict[str, Any]], None]


@dataclass
class Result:
    code: int
    events: list[dict[str, Any]] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""


def _environment(extra: Mapping[str, str] | None) -> dict[str, str]:
    env = {**os.environ, "TF_IN_AUTOMATION": "1", "TF_INPUT": "0", "CHECKPOINT_DISABLE": "1"}
    cli_config = env.get("TF_CLI_CONFIG_FILE")
    if cli_config and not Path(cli_config).exists():
        env.pop("TF_CLI_CONFIG_FILE")  # a dangling setting only makes Terraform print a warning
    env.update(extra or {})
    return env


class Runner:
    def __init__(self, engine: Engine, workdir: Path, env: Mapping[str, str] | None = None) -> None:
        self.engine = engine
        self.workdir = workdir
        self.env = _environment(env)

    def run(self, *args: str, on_event: EventSink | None = None, json_events: bool = False) -> Result:
        """Run one command; with ``json_events`` each -json line is parsed and passed to ``on_event``."""
        proc = subprocess.Popen(
            [*self.engine.argv, *args],
            cwd=self.workdir,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # our own process group: Ctrl-C reaches it only through us
        )
        result = Result(code=-1)
        err_chunks: list[str] = []
        reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read() if proc.stderr else ""), daemon=True)
        reader.start()
        out_lines: list[str] = []
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                if json_events and line.startswith("{"):
                    try:
                        event = json.loads(line)
                    except ValueError:
                        out_lines.append(line)
                        continue
                    result.events.append(event)
                    if on_event is not None:
                        on_event(event)
                else:
                    out_lines.append(line)
            proc.wait()
        except KeyboardInterrupt:
            self._interrupt(proc)
            raise
        reader.join(5)
        result.code = proc.returncode
        result.stdout = "".join(out_lines)
        result.stderr = "".join(err_chunks)
        return result

    def _interrupt(self, proc: subprocess.Popen[str]) -> None:
        """Forward Ctrl-C like a terminal would; a second Ctrl-C stops Terraform at once."""
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except KeyboardInterrupt:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise WrapperError(
                "Terraform was stopped at once; the state may still be locked and some resources half-made",
                f"run `wrapper plan` to see what exists; if the lock stays, `terraform force-unlock` in {self.workdir}",
            ) from None
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def check(self, result: Result, what: str) -> Result:
        if result.code not in (0, 2):
            raise failure(what, result)
        return result

    def version(self) -> tuple[int, int, int]:
        self.workdir.mkdir(parents=True, exist_ok=True)  # before the first render too
        result = self.check(self.run("version", "-json"), "terraform version")
        return parse_version(result.stdout)

    def init(self, *, backend: bool = True) -> None:
        args = ["init", "-input=false", "-no-color"]
        if not backend:
            args.append("-backend=false")
        self.check(self.run(*args), "terraform init")

    def providers_lock(self, platforms: tuple[str, ...], source: list[str]) -> None:
        """Record every platform's package hashes in the lock file (``source``: a mirror flag, or none for the registry)."""
        args = ["providers", "lock", "-no-color", *source, *(f"-platform={p}" for p in platforms)]
        self.check(self.run(*args), "terraform providers lock")

    def plan(self, plan_file: str = "tfplan", *, destroy: bool = False, on_event: EventSink | None = None) -> bool:
        """Write a plan file; True when it has changes."""
        args = ["plan", "-input=false", "-json", "-detailed-exitcode", f"-out={plan_file}"]
        if destroy:
            args.append("-destroy")
        result = self.check(self.run(*args, on_event=on_event, json_events=True), "terraform plan")
        return result.code == 2

    def show_plan(self, plan_file: str = "tfplan") -> dict[str, Any]:
        result = self.check(self.run("show", "-json", plan_file), "terraform show")
        data: dict[str, Any] = json.loads(result.stdout)
        return data

    def apply(self, plan_file: str = "tfplan", *, on_event: EventSink | None = None) -> None:
        self.check(
            self.run("apply", "-input=false", "-json", "-auto-approve", plan_file, on_event=on_event, json_events=True), "terraform apply"
        )

    def outputs(self) -> dict[str, Any]:
        result = self.check(self.run("output", "-json", "-no-color"), "terraform output")
        raw: dict[str, Any] = json.loads(result.stdout or "{}")
        return {name: item.get("value") for name, item in raw.items()}

    def fmt_check(self) -> list[str]:
        """Files `terraform fmt` would change (empty when the tree is clean)."""
        result = self.run("fmt", "-check", "-recursive", "-list=true", "-no-color")
        return [line for line in result.stdout.splitlines() if line.strip()]


_PROVIDER_LIST = re.compile(r"list of available versions for provider\s+(\S+?):\s*(.+?)(?:\n\s*To see which|\Z)", re.S)

MIRROR_HINT = (
    "with no network to the registry, point Terraform at a mirror: a CLI config file named in TF_CLI_CONFIG_FILE with "
    'provider_installation { filesystem_mirror { path = "/path/to/mirror" } } (fill it with `terraform providers mirror '
    '/path/to/mirror` where the registry is reachable) or network_mirror { url = "https://..." }'
)


def provider_install_failure(what: str, text: str) -> WrapperError | None:
    """Terraform could not fetch a provider: say which, from where, and how to use a mirror."""
    match = _PROVIDER_LIST.search(text)
    if match is None:
        return None
    reason = " ".join(match.group(2).replace("│", " ").split())
    return WrapperError(f"{what} could not install provider {match.group(1)}: {reason}", MIRROR_HINT)


def failure(what: str, result: Result) -> WrapperError:
    """Terraform's own diagnostics as one message: summary, then detail as the hint."""
    missing_provider = provider_install_failure(what, f"{result.stderr}\n{result.stdout}")
    if missing_provider is not None:
        return missing_provider
    for event in result.events:
        diagnostic = event.get("diagnostic")
        if event.get("type") == "diagnostic" and diagnostic and diagnostic.get("severity") == "error":
            where = diagnostic.get("range", {}).get("filename")
            summary = diagnostic.get("summary", "failed")
            return WrapperError(f"{what} failed: {summary}" + (f" ({where})" if where else ""), diagnostic.get("detail") or None)
    text = (result.stderr or result.stdout).strip()
    lines = [ln.strip(" │╷╵") for ln in text.splitlines() if ln.strip(" │╷╵")]
    summary = next((ln for ln in lines if ln.startswith("Error:")), lines[0] if lines else f"exit code {result.code}")
    detail = " ".join(ln for ln in lines if ln != summary)[:600] or None
    return WrapperError(f"{what} failed: {summary.removeprefix('Error: ')}", detail)

