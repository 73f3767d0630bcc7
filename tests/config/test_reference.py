"""Each setting is declared once in the schema; the reference, the model and the handlers follow it."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from dataclasses import fields, replace
from pathlib import Path
from types import ModuleType

import pytest

from wrapper.config import load_config
from wrapper.config.build import assemble
from wrapper.config.checks import check_section
from wrapper.config.generated import (
    handler_defaults,
    handler_settings,
    model_fields_file,
    reference_file,
    render_handler_defaults,
    settings_file,
)
from wrapper.config.model import Function, MultiplayerSettings, SecretSettings, StateBackend
from wrapper.config.model_source import render_model_fields
from wrapper.config.reference import render_reference
from wrapper.config.schema import HANDLER_SETTINGS, TOP, Key, Section

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
    assert json.loads(out.stdout) == ["snapshot", 10.0, False, 7200, "", 100, {"fanout": "snapshot", "tickHz": 10.0, "maxPoseRate": 30.0}]


def test_the_models_fields_are_generated_from_the_schema() -> None:
    assert model_fields_file().read_text() == render_model_fields(), REGENERATE


def test_each_model_field_has_the_type_its_setting_declares() -> None:
    types = {f.name: f.type for f in fields(MultiplayerSettings)}
    assert types == {"fanout": "str", "tick_hz": "float", "max_pose_rate": "float", "default_room": "str", "auth": "bool", "player_ttl_seconds": "int"}
    assert {f.name: f.type for f in fields(StateBackend)}["lock_table"] == "str | None"
    assert {f.name: f.type for f in fields(Function)}["environment"] == "Mapping[str, str]"


def test_a_setting_added_to_the_schema_reaches_the_model_and_its_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding a setting is one declaration: the generated dataclass gains the field and the build fills it."""
    multiplayer = TOP["multiplayer"]
    assert isinstance(multiplayer, Section)
    grown = replace(multiplayer, keys={**multiplayer.keys, "max_players": Key(int, "Players in one room.", default=16, minimum=2)})
    module = ModuleType("grown_model")
    monkeypatch.setitem(sys.modules, module.__name__, module)  # dataclasses looks its module up
    exec(compile(render_model_fields(Section({"multiplayer": grown})), "model_fields.py", "exec"), module.__dict__)
    cls = module.MultiplayerSettings
    assert [(f.name, f.type) for f in fields(cls)][-1] == ("max_players", "int")
    built = assemble(grown, check_section({"max_players": 8, "fanout": "relay"}, grown, "multiplayer"), cls)
    assert (built.max_players, built.fanout, built.tick_hz) == (8, "relay", 10)
    assert assemble(grown, check_section({}, grown, "multiplayer"), cls).max_players == 16


def test_the_build_refuses_a_computed_field_it_was_not_given() -> None:
    secrets = TOP["secrets"]
    assert isinstance(secrets, Section)
    with pytest.raises(TypeError, match=r"SecretSettings\.name is worked out by the build"):
        assemble(secrets, check_section({}, secrets, "secrets"), SecretSettings)


def test_a_functions_environment_carries_every_handler_setting(project: Path) -> None:
    config = load_config(project, stage="dev")
    env = config.function_environment(next(iter(config.functions.values())))
    assert {str(key.env) for _, key in HANDLER_SETTINGS} <= set(env)
    assert env["MULTIPLAYER_TICK_HZ"] == "10" and env["MULTIPLAYER_FANOUT"] == config.multiplayer.fanout
