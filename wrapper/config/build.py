"""Turn a validated, stage-resolved settings dict into the frozen ``ProjectConfig``.

Pure: the semantic checks that need more than one setting at a time (routes
owned once, tables that exist, derived AWS names within limits) live here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from wrapper.config import aws_names
from wrapper.config.assemble import assemble, top_section
from wrapper.config.auth_build import auth_settings
from wrapper.config.checks import Invalid, check_section, check_value
from wrapper.config.http_settings import check_http_routes, http_settings
from wrapper.config.model import (
    FrontendSettings,
    Function,
    Index,
    KeyAttribute,
    ProjectConfig,
    SecretSettings,
    StateBackend,
    Table,
    frozen_map,
)
from wrapper.config.schema import FUNCTION, INDEX, KEY_TYPES, PROJECT, TABLE, TOP, Key, Section

SPECIAL_ROUTES = ("$connect", "$disconnect", "$default")
_ROUTE_KEY = re.compile(r"^[A-Za-z0-9_.:/\-]{1,128}$")
_HANDLER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\.[A-Za-z_][A-Za-z0-9_]*$")
_INDEX_NAME = re.compile(r"^[A-Za-z0-9_.\-]{3,255}$")
_KEY_TYPE = Key(str, "Key attribute type.", choices=KEY_TYPES)



def build_config(root: Path, raw: dict[str, Any], merged: dict[str, Any], stage: str, origins: dict[str, str]) -> ProjectConfig:
    stage_only = merged.pop("__stage_only")
    top = Section({k: v for k, v in TOP.items()})
    data = check_section(merged, top, "")
    service = data["service"]
    aws_names.check_identifier("service.name", service["name"], "service")
    aws_names.check_region("service.region", service["region"])
    for key, _ in service["tags"].items():
        if key.lower().startswith("aws:"):
            raise Invalid(f"service.tags.{key}", f"tag key {key!r} uses the reserved aws: prefix", "rename the tag")
    name = f"{service['name']}-{stage}-"
    tables = _tables(data["tables"], name)
    functions = _functions(data["functions"], name, tables)
    _check_routes(functions)
    check_http_routes(functions)
    for key in data["environment"]:
        aws_names.check_env_name(f"environment.{key}", key)
    secret = assemble(top_section("secrets"), data["secrets"], SecretSettings, name=f"{name}secret")
    for value_name in secret.values:
        aws_names.check_env_name("secrets.values", value_name)
    aws_names.check_derived_lengths(
        [
            aws_names.DerivedName("Lambda function", f.full_name, aws_names.LAMBDA_NAME_MAX, f"functions.{f.name}")
            for f in functions.values()
        ]
        + [aws_names.DerivedName("DynamoDB table", t.full_name, aws_names.DYNAMODB_NAME_MAX, f"tables.{t.name}") for t in tables.values()]
        + [aws_names.DerivedName("WebSocket API", f"{name}websocket", aws_names.API_NAME_MAX, "service.name")]
        + [aws_names.DerivedName("HTTP API", f"{name}http", aws_names.API_NAME_MAX, "service.name")],
        "service.name",
        stage,
    )
    ws = data["websocket"]
    if ws.get("certificate_arn") and not ws.get("domain_name"):
        raise Invalid(
            "websocket.certificate_arn", "websocket.certificate_arn needs websocket.domain_name", "set the custom domain too, or remove it"
        )
    if ws.get("domain_name") and (data["dns"].get("zone") or "").strip():
        check_in_zone("websocket.domain_name", ws["domain_name"].rstrip(".").lower(), data["dns"]["zone"].rstrip(".").lower())
    if ws.get("hosted_zone_id") and not ws.get("domain_name"):
        raise Invalid(
            "websocket.hosted_zone_id", "websocket.hosted_zone_id needs websocket.domain_name", "set the custom domain too, or remove it"
        )
    dev = data["dev"]
    if dev["host"].strip().strip("[]") in {"0.0.0.0", "::", ""}:
        raise Invalid(
            "dev.host",
            f"dev.host = {dev['host']!r} listens on every network: the local data and the signing key would be served "
            "to the network, and the page cannot be told an address to connect to",
            "keep 127.0.0.1, or give this machine's own address to reach it from another device",
        )
    if dev["port"] == dev["frontend_port"] != 0:
        # Blame the one a flag set, if any: `--port 8080` against the file's page port is the flag's doing.
        blamed = "dev.port" if origins.get("dev.port", "").startswith("flag ") else "dev.frontend_port"
        raise Invalid(blamed, f"dev.port and dev.frontend_port are both {dev['port']}", "give the page and the WebSocket different ports")
    return assemble(
        PROJECT,
        {**data, **stage_only},
        ProjectConfig,
        root=root,
        stage=stage,
        declared_stages=tuple(raw.get("stages", {})),
        state=_state(data.get("state"), service, stage, file_region=(raw.get("service") or {}).get("region")),
        tables=frozen_map(tables),
        secret=secret,
        functions=frozen_map(functions),
        frontend=_frontend(data["frontend"], data["dns"], dev),
        auth=auth_settings(
            data.get("auth"),
            f"{service['name']}-{stage}",
            protected=bool(stage_only["protected"]),
            page=data["frontend"]["enabled"],
            http_routes=tuple(route for fn in functions.values() for route in fn.http),
        ),
        http=http_settings(data["http"]),
        sources=frozen_map({k: v for k, v in sorted(origins.items()) if not k.startswith("_")}),
    )


def _keys(spec: dict[str, Any], types: dict[str, str]) -> dict[str, KeyAttribute | None]:
    """A table's or an index's key attributes, typed from the table's ``attributes`` (S when unlisted)."""
    return {
        key: KeyAttribute(spec[key], types.get(spec[key], "S")) if spec.get(key) else None  # type: ignore[arg-type]
        for key in ("hash_key", "range_key")
    }


def _tables(raw: dict[str, Any], prefix: str) -> dict[str, Table]:
    tables = {}
    for name, spec in raw.items():
        path = f"tables.{name}"
        types = spec["attributes"]
        for attr, kind in types.items():
            check_value(kind, _KEY_TYPE, f"{path}.attributes.{attr}")
        indexes = []
        seen: set[str] = set()
        for i, index in enumerate(spec["indexes"]):
            if not _INDEX_NAME.match(index["name"]):
                raise Invalid(
                    f"{path}.indexes[{i}].name", f"index name {index['name']!r} is invalid", "use 3-255 letters, digits, '_', '-' or '.'"
                )
            if index["name"] in seen:
                raise Invalid(
                    f"{path}.indexes[{i}].name", f"index name {index['name']!r} is used twice in {path}", "give each index its own name"
                )
            seen.add(index["name"])
            indexes.append(assemble(INDEX, index, Index, **_keys(index, types)))
        if spec.get("range_key") == spec["hash_key"]:
            raise Invalid(
                f"{path}.range_key",
                f"{path}.range_key is the same attribute as its hash_key",
                "use a different attribute, or drop range_key",
            )
        tables[name] = assemble(TABLE, spec, Table, name=name, full_name=f"{prefix}{name}", indexes=tuple(indexes), **_keys(spec, types))
    return tables


def _functions(raw: dict[str, Any], prefix: str, tables: dict[str, Table]) -> dict[str, Function]:
    functions = {}
    for name, spec in raw.items():
        path = f"functions.{name}"
        if not _HANDLER.match(spec["handler"]):
            raise Invalid(
                f"{path}.handler",
                f"{path}.handler = {spec['handler']!r} is not module.function",
                "write it like connect.handler (the file functions/connect.py, function handler)",
            )
        wanted = spec.get("tables")
        if wanted is None:
            wanted = list(tables)
        for table in wanted:
            if table not in tables:
                raise Invalid(
                    f"{path}.tables",
                    f"{path}.tables names {table!r}, which is not a table in [tables]",
                    f"use one of: {', '.join(tables) or '(none declared)'}",
                )
        for key in spec["environment"]:
            aws_names.check_env_name(f"{path}.environment.{key}", key)
        functions[name] = assemble(FUNCTION, spec, Function, name=name, full_name=f"{prefix}{name}", tables=tuple(wanted))
    return functions


def _check_routes(functions: dict[str, Function]) -> None:
    owner: dict[str, str] = {}
    for fn in functions.values():
        for route in fn.routes:
            path = f"functions.{fn.name}.routes"
            if route.startswith("$") and route not in SPECIAL_ROUTES:
                raise Invalid(
                    path,
                    f"route {route!r} is not one of API Gateway's special routes",
                    f"use {', '.join(SPECIAL_ROUTES)}, or a name without '$'",
                )
            if not route.startswith("$") and not _ROUTE_KEY.match(route):
                raise Invalid(path, f"route key {route!r} is invalid", "use 1-128 letters, digits, '_', '-', '.', ':' or '/'")
            if route in owner:
                raise Invalid(
                    path,
                    f"route {route!r} is served by both functions.{owner[route]} and functions.{fn.name}",
                    "give each route to one function",
                )
            owner[route] = fn.name


def check_in_zone(key: str, domain: str, zone: str | None) -> None:
    """A custom domain is validated and aliased in dns.zone, so it must be a name inside it."""
    if zone is not None and not (domain == zone or domain.endswith("." + zone)):
        raise Invalid(key, f"{key} {domain!r} is not inside dns.zone {zone!r}", "use a name in that zone, or name the zone that holds it")


def _frontend(raw: dict[str, Any], dns: dict[str, Any], dev: dict[str, Any]) -> FrontendSettings:
    zone = dns.get("zone")
    domain = raw.get("domain_name")
    if zone is not None:
        zone = zone.rstrip(".").lower()
        aws_names.check_domain("dns.zone", zone)
    if domain is not None:
        domain = domain.rstrip(".").lower()
        aws_names.check_domain("frontend.domain_name", domain)
        check_in_zone("frontend.domain_name", domain, zone)
    dist = (raw.get("dist") or dev["frontend_dir"]).rstrip("/")
    return assemble(top_section("frontend"), raw, FrontendSettings, build=raw.get("build") or None, dist=dist, domain_name=domain, zone=zone)


def _state(raw: dict[str, Any] | None, service: dict[str, Any], stage: str, file_region: str | None = None) -> StateBackend | None:
    """The state backend. Its region is the bucket's: state.region, else the file's [service] region,
    never a stage's region override (a stage in another region keeps its state in the same bucket)."""
    if not raw:
        return None
    aws_names.check_bucket_name("state.bucket", raw["bucket"])
    region = raw.get("region") or file_region or service["region"]
    aws_names.check_region("state.region", region)
    if raw["lock"] == "dynamodb" and not raw.get("lock_table"):
        raise Invalid(
            "state.lock_table", 'state.lock = "dynamodb" needs state.lock_table', 'name the DynamoDB lock table, or use lock = "lockfile"'
        )
    if raw.get("lock_table") is not None:
        aws_names.check_dynamodb_table_name("state.lock_table", raw["lock_table"])
    aws_names.check_state_key_prefix("state.key_prefix", raw["key_prefix"])
    prefix = raw["key_prefix"].strip("/")
    key = f"{prefix}/{service['name']}/{stage}.tfstate" if prefix else f"{service['name']}/{stage}.tfstate"
    return assemble(top_section("state"), raw, StateBackend, region=region, key=key)
