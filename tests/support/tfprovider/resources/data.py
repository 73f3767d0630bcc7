"""Data sources: policy documents (computed locally, as the provider does), partition, region, caller."""

from __future__ import annotations

import json
import zlib
from typing import Any

from tests.support.tfprovider.base import DataSourceType, ProviderError, State


def _one_or_many(values: list[str]) -> str | list[str]:
    ordered = sorted(set(values))
    return ordered[0] if len(ordered) == 1 else ordered


def _principals(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for block in blocks:
        out[block["type"]] = _one_or_many(list(block["identifiers"]))
    return out


class PolicyDocument(DataSourceType):
    type_name = "aws_iam_policy_document"

    def read(self, config: State) -> State:
        statements = []
        for statement in config.get("statement") or []:
            out: dict[str, Any] = {}
            if statement.get("sid"):
                out["Sid"] = statement["sid"]
            out["Effect"] = statement.get("effect") or "Allow"
            for key, name in (("actions", "Action"), ("not_actions", "NotAction"), ("resources", "Resource"), ("not_resources", "NotResource")):
                if statement.get(key):
                    out[name] = _one_or_many(statement[key])
            if statement.get("principals"):
                out["Principal"] = _principals(statement["principals"])
            if statement.get("not_principals"):
                out["NotPrincipal"] = _principals(statement["not_principals"])
            conditions: dict[str, Any] = {}
            for condition in statement.get("condition") or []:
                conditions.setdefault(condition["test"], {})[condition["variable"]] = _one_or_many(condition["values"])
            if conditions:
                out["Condition"] = conditions
            if not any(k in out for k in ("Action", "NotAction")):
                raise ProviderError("writing IAM Policy Document: policy statement needs actions or not_actions")
            statements.append(out)
        document = {"Version": config.get("version") or "2012-10-17", "Statement": statements}
        text = json.dumps(document, indent=2)
        config.update(json=text, minified_json=json.dumps(document, separators=(",", ":")), id=str(zlib.crc32(text.encode())))
        return config


class Partition(DataSourceType):
    type_name = "aws_partition"

    def read(self, config: State) -> State:
        config.update(id=self.ctx.partition, partition=self.ctx.partition, dns_suffix=self.ctx.dns_suffix, reverse_dns_prefix="com.amazonaws")
        return config


class Region(DataSourceType):
    type_name = "aws_region"

    def read(self, config: State) -> State:
        region = config.get("region") or config.get("name") or self.ctx.region
        config.update(id=region, region=region, name=region, endpoint=f"ec2.{region}.{self.ctx.dns_suffix}", description=region)
        return config


class CallerIdentity(DataSourceType):
    type_name = "aws_caller_identity"

    def read(self, config: State) -> State:
        identity = self.ctx.client("sts").get_caller_identity()
        config.update(id=identity["Account"], account_id=identity["Account"], arn=identity["Arn"], user_id=identity["UserId"])
        return config
