"""The tfplugin6 ``Provider`` service: the real schema served, plans made the way the AWS provider makes them.

Why not ``tf.provider.ProviderServicer``: its plan fills computed attributes with defaults instead
of unknowns and knows nothing of nested computed attributes, ``tags_all`` or replacement, so
Terraform's own diffing would not run as it does against the real provider. We reuse ``tf``'s
generated protobufs, msgpack helpers and go-plugin plumbing, and plan here.

Like the real provider (built on the SDKv2 for these types), plans are answered with
``legacy_type_system``: Terraform then tolerates the same small plan/apply differences it
tolerates from ``hashicorp/aws``.
"""

from __future__ import annotations

import copy
import json
import traceback
from collections.abc import Callable
from typing import Any

import grpc
from botocore.exceptions import ClientError
from tf.gen import tfplugin_pb2 as pb
from tf.gen import tfplugin_pb2_grpc as rpc
from tf.types import Unknown
from tf.utils import read_dynamic_value, to_dynamic_value

from tests.support.tfprovider import schema
from tests.support.tfprovider.base import AwsContext, DataSourceType, ProviderError, ResourceType, api_error
from tests.support.tfprovider.resources import DATA_SOURCES, RESOURCES

Diagnostics = list[pb.Diagnostic]


def _error(summary: str, detail: str = "") -> pb.Diagnostic:
    return pb.Diagnostic(severity=pb.Diagnostic.ERROR, summary=summary, detail=detail)


def _warning(summary: str, detail: str = "") -> pb.Diagnostic:
    return pb.Diagnostic(severity=pb.Diagnostic.WARNING, summary=summary, detail=detail)


def _guard(diags: Diagnostics, action: Callable[[], Any]) -> Any:
    """Run one step; its failure becomes an error diagnostic instead of a broken RPC."""
    try:
        return action()
    except ProviderError as exc:
        diags.append(_error(exc.summary, exc.detail))
    except ClientError as exc:
        error = api_error("calling AWS", exc)
        diags.append(_error(error.summary, error.detail))
    except Exception as exc:  # noqa: BLE001 (a bug in the test provider: show it whole)
        diags.append(_error(f"test provider bug: {type(exc).__name__}: {exc}", traceback.format_exc()))
    return None


def _attr_path(name: str) -> pb.AttributePath:
    return pb.AttributePath(steps=[pb.AttributePath.Step(attribute_name=name)])


class AwsProviderServicer(rpc.ProviderServicer):  # type: ignore[misc]
    def __init__(self) -> None:
        self.ctx: AwsContext | None = None

    # ---- schema ----
    def GetMetadata(self, request: Any, context: grpc.ServicerContext) -> Any:
        return pb.GetMetadata.Response(
            server_capabilities=pb.ServerCapabilities(plan_destroy=True, get_provider_schema_optional=True),
            resources=[pb.GetMetadata.ResourceMetadata(type_name=name) for name in RESOURCES],
            data_sources=[pb.GetMetadata.DataSourceMetadata(type_name=name) for name in DATA_SOURCES],
        )

    def GetProviderSchema(self, request: Any, context: grpc.ServicerContext) -> Any:
        served = schema.schemas()
        return pb.GetProviderSchema.Response(
            provider=schema.schema_to_pb(served["provider"]),
            resource_schemas={name: schema.schema_to_pb(served["resource_schemas"][name]) for name in RESOURCES},
            data_source_schemas={name: schema.schema_to_pb(served["data_source_schemas"][name]) for name in DATA_SOURCES},
            provider_meta=pb.Schema(block=pb.Schema.Block()),
            server_capabilities=pb.ServerCapabilities(plan_destroy=True, get_provider_schema_optional=True),
        )

    # ---- configuration ----
    def ValidateProviderConfig(self, request: Any, context: grpc.ServicerContext) -> Any:
        return pb.ValidateProviderConfig.Response()

    def ConfigureProvider(self, request: Any, context: grpc.ServicerContext) -> Any:
        config = read_dynamic_value(request.config) or {}
        diags: Diagnostics = []
        region = config.get("region")
        if not region:
            import os

            region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        if not region:
            diags.append(_error("Missing required argument", 'The argument "region" is required, but no definition was found.'))
            return pb.ConfigureProvider.Response(diagnostics=diags)
        default_tags: dict[str, str] = {}
        for block in config.get("default_tags") or []:
            default_tags.update(block.get("tags") or {})
        self.ctx = AwsContext(region=region, default_tags=default_tags)
        return pb.ConfigureProvider.Response(diagnostics=diags)

    def _context(self) -> AwsContext:
        if self.ctx is None:
            raise ProviderError("provider not configured", "Terraform called a resource before ConfigureProvider")
        return self.ctx

    def _resource(self, type_name: str) -> ResourceType:
        return RESOURCES[type_name](self._context())

    def ValidateResourceConfig(self, request: Any, context: grpc.ServicerContext) -> Any:
        diags: Diagnostics = []
        config = read_dynamic_value(request.config) or {}
        kind = RESOURCES[request.type_name]
        _guard(diags, lambda: kind(AwsContext(region="")).validate(config))
        return pb.ValidateResourceConfig.Response(diagnostics=diags)

    def ValidateDataResourceConfig(self, request: Any, context: grpc.ServicerContext) -> Any:
        return pb.ValidateDataResourceConfig.Response()

    def UpgradeResourceState(self, request: Any, context: grpc.ServicerContext) -> Any:
        raw = json.loads(request.raw_state.json) if request.raw_state.json else {}
        block = schema.resource_block(request.type_name)
        known = set(block.get("attributes", {})) | set(block.get("block_types", {}))
        state = schema.complete(block, {k: v for k, v in raw.items() if k in known})
        return pb.UpgradeResourceState.Response(upgraded_state=to_dynamic_value(state))

    # ---- resources ----
    def ReadResource(self, request: Any, context: grpc.ServicerContext) -> Any:
        diags: Diagnostics = []
        current = read_dynamic_value(request.current_state)
        block = schema.resource_block(request.type_name)
        new = _guard(diags, lambda: self._resource(request.type_name).read(copy.deepcopy(current)))
        if diags:
            return pb.ReadResource.Response(new_state=request.current_state, diagnostics=diags, private=request.private)
        value = None if new is None else schema.complete(block, new)
        return pb.ReadResource.Response(new_state=to_dynamic_value(value), private=request.private)

    def PlanResourceChange(self, request: Any, context: grpc.ServicerContext) -> Any:
        diags: Diagnostics = []
        prior = read_dynamic_value(request.prior_state)
        proposed = read_dynamic_value(request.proposed_new_state)
        if proposed is None:  # destroy
            return pb.PlanResourceChange.Response(planned_state=request.proposed_new_state, legacy_type_system=True)
        block = schema.resource_block(request.type_name)
        planned = copy.deepcopy(proposed)
        replace: list[str] = []

        def make_plan() -> None:
            resource = self._resource(request.type_name)
            if prior is None:
                schema.unknown_computed(block, planned)
            else:
                replace.extend(
                    name for name in sorted(resource.force_new) if name in planned and not _same(planned[name], prior.get(name))
                )
                if replace:
                    schema.unknown_computed(block, planned)
                elif not _same(planned, prior):
                    for name in resource.recomputed_on_update:
                        planned[name] = Unknown
            attributes = block.get("attributes", {})
            if "region" in attributes and planned.get("region") in (None, Unknown):
                planned["region"] = self._context().region
            if "tags_all" in attributes:
                tags = planned.get("tags")
                planned["tags_all"] = Unknown if tags is Unknown or schema.has_unknown(tags) else {**self._context().default_tags, **(tags or {})}
            resource.plan(prior, planned)

        _guard(diags, make_plan)
        if diags:
            return pb.PlanResourceChange.Response(diagnostics=diags)
        return pb.PlanResourceChange.Response(
            planned_state=to_dynamic_value(planned),
            requires_replace=[_attr_path(name) for name in replace],
            legacy_type_system=True,
        )

    def ApplyResourceChange(self, request: Any, context: grpc.ServicerContext) -> Any:
        diags: Diagnostics = []
        prior = read_dynamic_value(request.prior_state)
        planned = read_dynamic_value(request.planned_state)
        block = schema.resource_block(request.type_name)
        resource = self._resource(request.type_name)
        if planned is None:
            _guard(diags, lambda: resource.delete(prior))
            if diags:
                return pb.ApplyResourceChange.Response(new_state=request.prior_state, diagnostics=diags, legacy_type_system=True)
            return pb.ApplyResourceChange.Response(new_state=to_dynamic_value(None), legacy_type_system=True)
        if prior is None:
            new = _guard(diags, lambda: resource.create(schema.resolve_unknowns(planned)))
        else:
            new = _guard(diags, lambda: resource.update(copy.deepcopy(prior), schema.resolve_unknowns(planned)))
        diags.extend(_warning(s, d) for s, d in self._context().warnings)
        self._context().warnings.clear()
        if new is None:
            # Failed: a failed create leaves nothing, a failed update leaves what was there.
            return pb.ApplyResourceChange.Response(
                new_state=request.prior_state if prior is not None else to_dynamic_value(None), diagnostics=diags, legacy_type_system=True
            )
        state = schema.complete(block, schema.keep_configured(block, schema.resolve_unknowns(new), schema.resolve_unknowns(planned)))
        return pb.ApplyResourceChange.Response(new_state=to_dynamic_value(state), diagnostics=diags, legacy_type_system=True)

    def ImportResourceState(self, request: Any, context: grpc.ServicerContext) -> Any:
        return pb.ImportResourceState.Response(diagnostics=[_error("import is not supported by the test provider")])

    def MoveResourceState(self, request: Any, context: grpc.ServicerContext) -> Any:
        return pb.MoveResourceState.Response(diagnostics=[_error("moving state is not supported by the test provider")])

    def ReadDataSource(self, request: Any, context: grpc.ServicerContext) -> Any:
        diags: Diagnostics = []
        config = read_dynamic_value(request.config) or {}
        block = schema.data_block(request.type_name)
        kind: type[DataSourceType] = DATA_SOURCES[request.type_name]
        state = _guard(diags, lambda: kind(self._context()).read(copy.deepcopy(config)))
        if diags:
            return pb.ReadDataSource.Response(diagnostics=diags)
        return pb.ReadDataSource.Response(state=to_dynamic_value(schema.complete(block, schema.resolve_unknowns(state))))

    def GetFunctions(self, request: Any, context: grpc.ServicerContext) -> Any:
        return pb.GetFunctions.Response()

    def StopProvider(self, request: Any, context: grpc.ServicerContext) -> Any:
        return pb.StopProvider.Response()


def _same(a: Any, b: Any) -> bool:
    """Equal values; unknowns are never equal to anything (they may change)."""
    if a is Unknown or b is Unknown:
        return False
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)
