"""Each setting is declared once in the schema; the reference, the model and the handlers follow it."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from wrapper.config import load_config
from wrapper.config.generated import handler_defaults, handler_settings, reference_file, render_handler_defaults, settings_file
from wrapper.config.model import DevSettings, MultiplayerSettings, PackageSettings, SecretSettings, WebSocketSettings
from wrapper.config.reference import render_reference
from wrapper.config.schema import HANDLER_SETTINGS, TOP, Section

REGENERATE = "regenerate: python -m wrapper.config.generated"


def test_reference_doc_is_up_to_date() -> None:
    assert reference_file().read_text() == render_reference(), REGENERATE


def test_every_section_and_key_is_documented() -> None:
    text = render_reference()
    for name in TOP:
        assert f"## `{name}`" in text
    assert "`memory`" in text and "`route_selection_expression`" in text and "`protected`" in text
    for _, key in HANDLER_SETTINGS:
        assert f"| `{key.env}` |" in text


def test_handlers_settings_are_the_schemas() -> None:
    source = settings_file().read_text()
    assert render_handler_defaults() in source, REGENERATE
    tree = ast.parse(source)
    assigned = next(n for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "SETTINGS")
    assert [tuple(row) for row in ast.literal_eval(assigned.value)] == handler_settings()
    assert handler_defaults()["MULTIPLAYER_TICK_HZ"] == "10" and handler_defaults()["MULTIPLAYER_AUTH"] == "false"
    assert ("tick_hz", "MULTIPLAYER_TICK_HZ", "float", "10") in handler_settings()


def test_handlers_read_those_defaults_when_the_environment_is_silent(tmp_path: Path) -> None:
    """Runs the template's settings.py as a handler would (its own interpreter, no wrapper on the path)."""
    env = {"PATH": os.environ["PATH"], "CONNECTIONS_TABLE": "c", "PLAYERS_TABLE": "p"}
    script = (
        "import settings, json; s = settings.load(); "
        "print(json.dumps([s.fanout, s.tick_hz, s.auth, s.player_ttl_seconds, s.secret_id, s.tick_ms, s.public()]))"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(settings_file().parent)!r}); {script}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(out.stdout) == [
        "snapshot",
        10.0,
        False,
        7200,
        "",
        100,
        {"fanout": "snapshot", "tickHz": 10.0, "maxPoseRate": 30.0, "maxObjects": 32},
    ]


@pytest.mark.parametrize(
    ("section", "model", "derived"),
    [
        ("package", PackageSettings, set()),
        ("websocket", WebSocketSettings, set()),
        ("multiplayer", MultiplayerSettings, set()),
        ("dev", DevSettings, set()),
        ("secrets", SecretSettings, {"name"}),
    ],
)
def test_model_sections_have_exactly_the_schemas_keys(section: str, model: type, derived: set[str]) -> None:
    spec = TOP[section]
    assert isinstance(spec, Section)
    assert {f.name for f in fields(model)} - derived == set(spec.keys)


def test_a_functions_environment_carries_every_handler_setting(project: Path) -> None:
    config = load_config(project, stage="dev")
    env = config.function_environment(next(iter(config.functions.values())))
    assert {str(key.env) for _, key in HANDLER_SETTINGS} <= set(env)
    assert env["MULTIPLAYER_TICK_HZ"] == "10" and env["MULTIPLAYER_FANOUT"] == config.multiplayer.fanout
