"""Route 53: records (plain and alias)."""

from __future__ import annotations

from typing import Any

from tests.support.tfprovider.base import ResourceType, State, reported, unless_missing


def _record_set(state: State) -> dict[str, Any]:
    record: dict[str, Any] = {"Name": state["name"], "Type": state["type"]}
    alias = (state.get("alias") or [None])[0]
    if alias:
        record["AliasTarget"] = {
            "HostedZoneId": alias["zone_id"],
            "DNSName": alias["name"],
            "EvaluateTargetHealth": bool(alias.get("evaluate_target_health")),
        }
    else:
        record["TTL"] = int(state.get("ttl") or 300)
        record["ResourceRecords"] = [{"Value": value} for value in state.get("records") or []]
    return record


class Record(ResourceType):
    type_name = "aws_route53_record"
    force_new = frozenset({"name", "type", "zone_id", "set_identifier"})

    def _change(self, action: str, state: State) -> None:
        self.ctx.client("route53").change_resource_record_sets(
            HostedZoneId=state["zone_id"], ChangeBatch={"Changes": [{"Action": action, "ResourceRecordSet": _record_set(state)}]}
        )

    def create(self, planned: State) -> State:
        with reported(f"creating Route53 Record ({planned['name']})"):
            # CREATE, like the provider without allow_overwrite: an existing record is an error, not a takeover.
            self._change("UPSERT" if planned.get("allow_overwrite") else "CREATE", planned)
        name = planned["name"].rstrip(".").lower()
        planned.update(id=f"{planned['zone_id']}_{name}_{planned['type']}", fqdn=name)
        return planned

    def read(self, state: State) -> State | None:
        found = unless_missing(
            lambda: self.ctx.client("route53").list_resource_record_sets(
                HostedZoneId=state["zone_id"], StartRecordName=state["name"], StartRecordType=state["type"], MaxItems="1"
            )["ResourceRecordSets"],
            "NoSuchHostedZone",
        )
        if found is None:
            return None
        wanted = state["name"].rstrip(".").lower()
        return state if any(r["Name"].rstrip(".").lower() == wanted and r["Type"] == state["type"] for r in found) else None

    def update(self, prior: State, planned: State) -> State:
        self._change("UPSERT", planned)
        return planned

    def delete(self, state: State) -> None:
        self._change("DELETE", state)
