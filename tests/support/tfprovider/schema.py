"""The served schema (``schema/aws.json``) as tfplugin6 protobufs, and walks over values shaped by it.

Values travel as msgpack-decoded Python objects: dicts for objects and blocks, lists for lists
and sets, ``tf.types.Unknown`` where Terraform does not know a value yet.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from tf.gen import tfplugin_pb2 as pb
from tf.types import Unknown

SCHEMA_FILE = Path(__file__).with_name("schema") / "aws.json"
PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/aws"

Block = dict[str, Any]  # the "block" part of `terraform providers schema -json`


@cache
def load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SCHEMA_FILE.read_text())
    return data


def provider_version() -> str:
    return str(load()["provider_version"])


def schemas() -> dict[str, Any]:
    provider: dict[str, Any] = load()["provider_schemas"][PROVIDER_ADDRESS]
    return provider


def resource_block(type_name: str) -> Block:
    block: Block = schemas()["resource_schemas"][type_name]["block"]
    return block


def data_block(type_name: str) -> Block:
    block: Block = schemas()["data_source_schemas"][type_name]["block"]
    return block


_NESTING = {
    "single": pb.Schema.NestedBlock.SINGLE,
    "list": pb.Schema.NestedBlock.LIST,
    "set": pb.Schema.NestedBlock.SET,
    "map": pb.Schema.NestedBlock.MAP,
    "group": pb.Schema.NestedBlock.GROUP,
}


def block_to_pb(block: Block) -> pb.Schema.Block:
    return pb.Schema.Block(
        attributes=[
            pb.Schema.Attribute(
                name=name,
                type=json.dumps(spec["type"]).encode(),
                required=spec.get("required", False),
                optional=spec.get("optional", False),
                computed=spec.get("computed", False),
                sensitive=spec.get("sensitive", False),
            )
            for name, spec in sorted(block.get("attributes", {}).items())
        ],
        block_types=[
            pb.Schema.NestedBlock(
                type_name=name,
                block=block_to_pb(nested["block"]),
                nesting=_NESTING[nested["nesting_mode"]],
                min_items=nested.get("min_items", 0),
                max_items=nested.get("max_items", 0),
            )
            for name, nested in sorted(block.get("block_types", {}).items())
        ],
    )


def schema_to_pb(entry: dict[str, Any]) -> pb.Schema:
    return pb.Schema(version=entry.get("version", 0), block=block_to_pb(entry["block"]))


def nested_items(value: Any, nesting: str) -> list[Any]:
    """The objects of one nested block value, whatever its nesting mode."""
    if value is None or value is Unknown:
        return []
    if nesting == "single" or nesting == "group":
        return [value]
    if nesting == "map":
        return list(value.values())
    return list(value)


def walk_computed(block: Block, value: dict[str, Any] | None, visit: Callable[[dict[str, Any], str, dict[str, Any]], None]) -> None:
    """Call ``visit(object, attribute_name, attribute_spec)`` for every computed attribute, at every depth."""
    if not isinstance(value, dict):
        return
    for name, spec in block.get("attributes", {}).items():
        if spec.get("computed"):
            visit(value, name, spec)
    for name, nested in block.get("block_types", {}).items():
        for item in nested_items(value.get(name), nested["nesting_mode"]):
            walk_computed(nested["block"], item, visit)


def unknown_computed(block: Block, value: dict[str, Any]) -> None:
    """Plan of a new object: every computed attribute the configuration leaves null becomes unknown."""

    def visit(obj: dict[str, Any], name: str, spec: dict[str, Any]) -> None:
        if obj.get(name) is None:
            obj[name] = Unknown

    walk_computed(block, value, visit)


def resolve_unknowns(value: Any) -> Any:
    """After apply nothing may stay unknown: what the resource did not compute is null."""
    if value is Unknown:
        return None
    if isinstance(value, dict):
        return {k: resolve_unknowns(v) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_unknowns(v) for v in value]
    return value


def has_unknown(value: Any) -> bool:
    if value is Unknown:
        return True
    if isinstance(value, dict):
        return any(has_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(has_unknown(v) for v in value)
    return False


def complete(block: Block, value: dict[str, Any] | None) -> dict[str, Any]:
    """Every attribute and block of the schema present (null or empty), nothing else, as Terraform's decoder needs."""
    known = set(block.get("attributes", {})) | set(block.get("block_types", {}))
    value = {k: v for k, v in (value or {}).items() if k in known}
    for name in block.get("attributes", {}):
        value.setdefault(name, None)
    for name, nested in block.get("block_types", {}).items():
        mode = nested["nesting_mode"]
        current = value.get(name)
        if mode in ("list", "set"):
            value[name] = [complete(nested["block"], item) for item in (current or [])]
        elif mode == "map":
            value[name] = {k: complete(nested["block"], item) for k, item in (current or {}).items()}
        elif current is not None:
            value[name] = complete(nested["block"], current)
        else:
            value[name] = None
    return value


def keep_configured(block: Block, new: dict[str, Any], planned: dict[str, Any]) -> dict[str, Any]:
    """Optional attributes that are not computed hold what the configuration says, whatever AWS answered.

    The SDK guarantees the same to the real provider; without it a value AWS fills in (a default
    of an attribute the configuration leaves null) would show as a change on every plan.
    """
    for name, spec in block.get("attributes", {}).items():
        if not spec.get("computed"):
            new[name] = planned.get(name)
    for name, nested in block.get("block_types", {}).items():
        mode = nested["nesting_mode"]
        mine, theirs = new.get(name), planned.get(name)
        if mode in ("list", "set") and isinstance(mine, list) and isinstance(theirs, list) and len(mine) == len(theirs):
            new[name] = [keep_configured(nested["block"], dict(a), b) for a, b in zip(mine, theirs, strict=True)]
        elif mode == "single" and isinstance(mine, dict) and isinstance(theirs, dict):
            new[name] = keep_configured(nested["block"], dict(mine), theirs)
        else:
            new[name] = theirs
    return new
