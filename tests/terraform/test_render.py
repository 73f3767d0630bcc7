"""The rendered webxr stack: deterministic, fmt-clean, wired, named per stage, least privilege."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import hcl2
import pytest

from tests.projects import append_config, scaffold, with_http_routes
from wrapper.config import ProjectConfig, load_config
from wrapper.package.manifest import Manifest, ZipInfo
from wrapper.terraform.engine import Engine
from wrapper.terraform.render import render_stack, stack_dir
from wrapper.terraform.runner import Runner
from wrapper.terraform.stage import render

MODULES = Path(__file__).resolve().parents[2] / "templates" / "terraform" / "modules"


def parse(path: Path) -> Any:
    """python-hcl2's tree with its quoting and block markers taken off, for plain comparisons."""

    def clean(node: Any) -> Any:
        if isinstance(node, dict):
            return {k.strip('"'): clean(v) for k, v in node.items() if k != "__is_block__"}
        if isinstance(node, list):
            return [clean(v) for v in node]
        return node.strip('"') if isinstance(node, str) else node

    return clean(hcl2.loads(path.read_text()))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = scaffold(tmp_path_factory.mktemp("tf") / "world", service="world")
    return {stage: render(load_config(root, stage, env={})) for stage in ("dev", "prod")}


def tfvars(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "terraform.tfvars.json").read_text())
    return data


def test_rendering_is_byte_identical_wherever_the_project_lives(rendered: dict[str, Path], tmp_path: Path) -> None:
    original = rendered["dev"].parents[2]
    copy = tmp_path / "elsewhere" / "world"
    shutil.copytree(original, copy, ignore=shutil.ignore_patterns(".wrapper"))
    again = render(load_config(copy, "dev", env={}))
    first = {p.relative_to(rendered["dev"]): p.read_bytes() for p in rendered["dev"].rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


def test_rendered_tree_is_terraform_fmt_clean(rendered: dict[str, Path], engine: Engine) -> None:
    for folder in rendered.values():
        assert Runner(engine, folder).fmt_check() == []


def _module_variables(module: str) -> tuple[set[str], set[str]]:
    parsed = parse(MODULES / module / "main.tf")
    names, required = set(), set()
    for block in parsed.get("variable", []):
        for name, spec in block.items():
            names.add(name)
            if "default" not in spec:
                required.add(name)
    return names, required


def _module_outputs(module: str) -> set[str]:
    parsed = parse(MODULES / module / "main.tf")
    return {name for block in parsed.get("output", []) for name in block}


def test_every_module_call_supplies_exactly_the_modules_inputs(rendered: dict[str, Path]) -> None:
    stack = parse(rendered["dev"] / "stack.tf")
    text = (rendered["dev"] / "stack.tf").read_text() + (rendered["dev"] / "outputs.tf").read_text()
    for block in stack["module"]:
        for call, spec in block.items():
            module = spec["source"].rsplit("/", 1)[-1]
            names, required = _module_variables(module)
            given = set(spec) - {"source", "for_each", "count", "providers"}
            assert required <= given, f"module.{call} misses {required - given}"
            assert given <= names, f"module.{call} passes unknown {given - names}"
            for output in re.findall(rf"module\.{call}(?:\[[^\]]+\])?\.(\w+)", text):
                assert output in _module_outputs(module), f"module.{call}.{output} is not an output"


def test_every_resource_name_carries_service_and_stage(rendered: dict[str, Path]) -> None:
    for stage, folder in rendered.items():
        values = tfvars(folder)
        names = [t["name"] for t in values["tables"].values()] + [f["name"] for f in values["functions"].values()]
        names += [values["secret"]["name"], values["websocket"]["name"]]
        assert all(name.startswith(f"world-{stage}-") for name in names), names
        assert values["tags"] == {"managed-by": "wrapper", "service": "world", "stage": stage}


def test_dev_and_prod_differ_only_where_the_config_says(rendered: dict[str, Path]) -> None:
    dev, prod = tfvars(rendered["dev"]), tfvars(rendered["prod"])

    def neutral(values: dict[str, Any], stage: str) -> Any:
        return json.loads(json.dumps(values).replace(f"-{stage}-", "-STAGE-").replace(f'"{stage}"', '"STAGE"'))

    assert prod["protected"] is True and dev["protected"] is False
    # The scaffold's prod requires signed tokens (multiplayer.auth); dev is open for prototyping.
    assert prod["websocket"].pop("anonymous_connect") is False and dev["websocket"].pop("anonymous_connect") is True
    for values, auth in ((dev, "false"), (prod, "true")):
        for fn in values["functions"].values():
            assert fn["environment"].pop("MULTIPLAYER_AUTH") == auth
    assert (dev["secret"]["recovery_window_days"], prod["secret"]["recovery_window_days"]) == (0, 7), "only protected stages keep a window"
    dev_n, prod_n = neutral(dev, "dev"), neutral(prod, "prod")
    for values in (dev_n, prod_n):
        values.pop("protected")
        values["secret"].pop("recovery_window_days")
    assert dev_n == prod_n


def test_zips_are_referenced_relatively_with_their_hashes(rendered: dict[str, Path]) -> None:
    manifest = json.loads((rendered["dev"].parent / "dist" / "manifest.json").read_text())
    for name, fn in tfvars(rendered["dev"])["functions"].items():
        assert fn["zip_path"] == f"../dist/{manifest['functions'][name]['zip']}"
        assert (rendered["dev"] / fn["zip_path"]).is_file()
        assert fn["source_code_hash"] == manifest["functions"][name]["source_code_hash"]


def test_no_wildcard_resources_and_functions_reach_only_this_stage(rendered: dict[str, Path]) -> None:
    hcl = "\n".join(p.read_text() for p in rendered["dev"].rglob("*.tf"))
    assert not re.search(r'resources?\s*=\s*\[?\s*"\*"', hcl, re.IGNORECASE), "no Resource: * anywhere"
    policy = parse(MODULES / "lambda_function" / "main.tf")
    documents = [d for block in policy["data"] for kind, d in block.items() if kind == "aws_iam_policy_document"]
    access = next(d["access"] for d in documents if "access" in d)
    text = json.dumps(access)
    for reference in ("var.table_arns", "var.secret_arn", "var.kms_key_arn", "var.connections_arn", "aws_cloudwatch_log_group.this.arn"):
        assert reference in text
    stack = (rendered["dev"] / "stack.tf").read_text()
    for wiring in (
        "table_arns = [for table in each.value.tables : module.table[table].arn]",
        "secret_arn = each.value.secret ? module.secrets.arn : null",
        "connections_arn = each.value.connections ? module.websocket.connections_arn : null",
    ):
        argument, value = wiring.split(" = ", 1)
        assert re.search(rf"^\s*{argument}\s+= {re.escape(value)}$", stack, re.MULTILINE), wiring  # as fmt aligns it
    websocket = (MODULES / "websocket_api" / "main.tf").read_text()
    assert "${aws_apigatewayv2_api.this.execution_arn}/${var.stage}/*/@connections/*" in websocket
    for fn in tfvars(rendered["dev"])["functions"].values():
        assert set(fn["tables"]) <= {"connections", "players"}


def test_each_function_reaches_only_what_its_handler_uses(rendered: dict[str, Path]) -> None:
    """The scaffold declares each handler's needs; $default answers from its code alone."""
    functions = tfvars(rendered["dev"])["functions"]
    reach = {name: (sorted(fn["tables"]), fn["secret"], fn["connections"]) for name, fn in functions.items()}
    both = ["connections", "players"]
    assert reach == {
        "connect": (both, True, False),  # verifies tokens with the secret's key; sends nothing
        "disconnect": (both, False, True),
        "play": (both, False, True),
        "default": ([], False, False),
    }
    policy = (MODULES / "lambda_function" / "main.tf").read_text()
    for variable in ("secret_arn", "kms_key_arn", "connections_arn", "table_arns"):
        assert re.search(rf"for_each = (length\()?var\.{variable}", policy), f"{variable} must gate its statement"


def test_remote_state_renders_an_s3_backend_with_a_per_stage_key(tmp_path: Path) -> None:
    root = scaffold(tmp_path / "remote", service="remote")
    config_file = root / "wrapper.toml"
    config_file.write_text(config_file.read_text() + '\n[state]\nbucket = "remote-tfstate-123"\n')
    for stage in ("dev", "prod"):
        config = load_config(root, stage, env={})
        manifest = _manifest(config)
        files = render_stack(config, manifest)
        s3 = json.loads(files[Path("backend.tf.json")])["terraform"]["backend"]["s3"]  # type: ignore[index]
        assert s3 == {
            "bucket": "remote-tfstate-123",
            "key": f"wrapper/remote/{stage}.tfstate",
            "region": "eu-west-2",
            "encrypt": True,
            "use_lockfile": True,
        }
        assert 'backend "' not in files[Path("main.tf")].decode()  # type: ignore[index]


def test_local_state_lives_under_the_stage_folder(rendered: dict[str, Path]) -> None:
    backend = json.loads((rendered["dev"] / "backend.tf.json").read_text())["terraform"]["backend"]
    assert backend == {"local": {"path": "../terraform.tfstate"}}
    assert stack_dir(load_config(rendered["dev"].parents[2], "dev", env={})) == rendered["dev"]


INJECTION = (
    'x"\n  }\n}\ndata "external" "pwn" {\n  program = ["sh", "-c", "id > /tmp/pwned"]\n}\nterraform {\n  backend "s3" {\n    key = "y'
)


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("key_prefix", INJECTION),
        ("key_prefix", "teams/../other"),
        ("lock_table", INJECTION),
        ("lock_table", "locks table"),
    ],
)
def test_state_settings_that_could_inject_hcl_are_refused_before_anything_is_rendered(
    tmp_path: Path, cli: Any, setting: str, value: str
) -> None:
    root = scaffold(tmp_path / "evil", service="evil")
    lock = '\nlock = "dynamodb"' if setting == "lock_table" else ""
    append_config(root, f'\n[state]\nbucket = "evil-tfstate-123"{lock}\n{setting} = {json.dumps(value)}\n')
    result = cli(["render", "--stage", "dev"], cwd=root)
    assert result.exit_code == 2, result.output
    assert f"state.{setting}" in result.output
    assert not (root / ".wrapper" / "dev" / "terraform").exists()


def test_the_backend_is_data_even_for_odd_but_valid_values(tmp_path: Path) -> None:
    root = scaffold(tmp_path / "odd", service="odd")
    append_config(
        root, '\n[state]\nbucket = "odd-tfstate-123"\nkey_prefix = "team(1)/it\'s"\nlock = "dynamodb"\nlock_table = "tf.locks-1"\n'
    )
    config = load_config(root, "dev", env={})
    manifest = _manifest(config)
    s3 = json.loads(render_stack(config, manifest)[Path("backend.tf.json")])["terraform"]["backend"]["s3"]  # type: ignore[index]
    assert s3["key"] == "team(1)/it's/odd/dev.tfstate" and s3["dynamodb_table"] == "tf.locks-1"


@pytest.mark.aws
def test_apply_to_real_aws() -> None:
    pytest.skip("needs the hashicorp/aws provider and AWS credentials; neither can be had on this machine (no network)")


def _manifest(config: ProjectConfig) -> Manifest:
    """A manifest as packaging would write it, without building zips (rendering reads names and hashes only)."""
    zips = {name: ZipInfo(f"{name}.zip", hashlib.sha256(name.encode()).hexdigest(), 1) for name in config.functions}
    return Manifest(config.stage, config.runtime, config.architecture, zips)


def test_the_http_api_is_rendered_only_with_routes_and_its_module_call_fits(rendered: dict[str, Path], tmp_path: Path) -> None:
    assert not (rendered["dev"] / "http.tf").exists() and not (rendered["dev"] / "modules" / "http_api").exists()
    assert "http" not in tfvars(rendered["dev"])
    root = scaffold(tmp_path / "world", service="world")
    with_http_routes(root, "GET /rooms/{id}", "PUT /me")
    folder = render(load_config(root, "dev", env={}))
    assert tfvars(folder)["http"] == {
        "name": "world-dev-http",
        "routes": {"GET /rooms/{id}": "rooms", "PUT /me": "rooms"},
        "cors_origins": [],
        "cors_methods": ["GET", "PUT"],
        "cors_headers": ["authorization", "content-type"],
        "cors_max_age": 600,
        "throttling_burst_limit": 500,
        "throttling_rate_limit": 1000.0,
    }
    (call,) = parse(folder / "http.tf")["module"]
    spec = call["http_api"]
    names, required = _module_variables("http_api")
    given = set(spec) - {"source"}
    assert required <= given <= names
    text = (folder / "http.tf").read_text()
    for output in re.findall(r"module\.http_api\.(\w+)", text):
        assert output in _module_outputs("http_api")
    # The page's CSP lets it call the API (any execute-api host of the region: see docs/decisions.md).
    assert "https://*.execute-api.eu-west-2.amazonaws.com" in tfvars(folder)["page"]["content_security_policy"]
    assert "execute-api" not in tfvars(rendered["dev"])["page"]["content_security_policy"]
