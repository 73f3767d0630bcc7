"""The runner drives a real Terraform end to end on provider-free stacks."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from tests.terraform.conftest import stack
from wrapper.errors import WrapperError
from wrapper.terraform.engine import Engine, resolve_engine
from wrapper.terraform.plan import summarise
from wrapper.terraform.runner import Runner

GREETING = """
    variable "name" {
      type    = string
      default = "world"
    }

    resource "terraform_data" "greeting" {
      input = "hello ${var.name}"
    }

    output "greeting" {
      value = terraform_data.greeting.output
    }
"""


def test_init_plan_apply_outputs_noop_and_destroy(engine: Engine, tmp_path: Path) -> None:
    runner = Runner(engine, stack(tmp_path / "s", GREETING))
    runner.init()
    events: list[str] = []
    assert runner.plan("tfplan", on_event=lambda e: events.append(e["type"])) is True
    assert "planned_change" in events and "change_summary" in events
    summary = summarise(runner.show_plan("tfplan"))
    assert (summary.add, summary.change, summary.destroy) == (1, 0, 0)
    assert summary.resources == (("terraform_data.greeting", "add"),)
    applied: list[str] = []
    runner.apply("tfplan", on_event=lambda e: applied.append(e["type"]))
    assert "apply_complete" in applied
    assert runner.outputs() == {"greeting": "hello world"}
    assert runner.plan("tfplan") is False, "a second plan has nothing to do"
    assert not summarise(runner.show_plan("tfplan")).has_changes
    assert runner.plan("tfplan", destroy=True) is True
    assert summarise(runner.show_plan("tfplan")).destroy == 1
    runner.apply("tfplan")
    assert runner.outputs() == {}


def test_a_failing_configuration_reports_terraforms_diagnostic(engine: Engine, tmp_path: Path) -> None:
    runner = Runner(engine, stack(tmp_path / "bad", 'output "x" {\n  value = var.missing\n}\n'))
    runner.init()
    with pytest.raises(WrapperError) as err:
        runner.plan("tfplan")
    assert "Reference to undeclared input variable" in err.value.message
    assert "missing" in (err.value.hint or "")


def test_ctrl_c_stops_terraform_cleanly_and_releases_the_lock(engine: Engine, tmp_path: Path) -> None:
    folder = stack(
        tmp_path / "slow",
        """
        resource "terraform_data" "slow" {
          provisioner "local-exec" {
            command = "sleep 60"
          }
        }
        """,
    )
    runner = Runner(engine, folder)
    runner.init()
    runner.plan("tfplan")
    started_events: list[str] = []
    timer = threading.Timer(30, lambda: None)

    def interrupt_when_started(event: dict[str, object]) -> None:
        started_events.append(str(event.get("type")))
        if event.get("type") == "apply_start" and not timer.is_alive():
            # What a terminal does on Ctrl-C: SIGINT to the foreground process (us).
            threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT)).start()

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        runner.apply("tfplan", on_event=interrupt_when_started)
    assert time.monotonic() - started < 45, "the 60 s provisioner must be cut short"
    assert "apply_start" in started_events
    assert not (folder / ".terraform.tfstate.lock.info").exists(), "Terraform released its state lock"


def test_missing_engine_names_every_way_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(WrapperError) as err:
        resolve_engine("no-such-terraform-binary", env={"PATH": str(tmp_path)})
    hint = err.value.hint or ""
    assert "wrapper-xr[terraform]" in hint and "PATH" in hint and "WRAPPER_TERRAFORM" in hint


def test_path_engine_is_preferred_to_the_embedded_one(tmp_path: Path) -> None:
    fake = tmp_path / "terraform"
    fake.write_text("#!/bin/sh\necho fake\n")
    fake.chmod(0o755)
    found = resolve_engine(env={"PATH": str(tmp_path)})
    assert found.name == "terraform" and found.argv == (str(fake),)
    assert resolve_engine(env={"PATH": str(tmp_path / "empty")}).name == "embedded"
