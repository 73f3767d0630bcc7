"""Summaries of plans and apply progress, read from Terraform's JSON (never from its text)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class PlanSummary:
    add: int
    change: int
    destroy: int
    replace: int
    resources: tuple[tuple[str, str], ...]  # (address, action)

    @property
    def has_changes(self) -> bool:
        return bool(self.add or self.change or self.destroy or self.replace)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "resources": [{"address": a, "action": b} for a, b in self.resources]}


def summarise(plan: dict[str, Any]) -> PlanSummary:
    """Counts from ``terraform show -json <plan>``'s resource_changes."""
    counts: Counter[str] = Counter()
    resources = []
    for change in plan.get("resource_changes", []):
        actions = change.get("change", {}).get("actions", [])
        if actions == ["no-op"] or actions == ["read"]:
            continue
        action = (
            "replace"
            if set(actions) == {"create", "delete"}
            else {"create": "add", "update": "change", "delete": "destroy"}.get(actions[0], actions[0])
        )
        counts[action] += 1
        resources.append((change.get("address", "?"), action))
    return PlanSummary(counts["add"], counts["change"], counts["destroy"], counts["replace"], tuple(sorted(resources)))


@dataclass
class ApplyProgress:
    """What each resource is doing during apply, fed by -json hook events."""

    started: dict[str, float] = field(default_factory=dict)
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)

    def feed(self, event: dict[str, Any], now: float) -> bool:
        kind = event.get("type")
        hook = event.get("hook") or {}
        address = (hook.get("resource") or {}).get("addr")
        if not address or kind not in {"apply_start", "apply_progress", "apply_complete", "apply_errored"}:
            return False
        if kind == "apply_start":
            self.started[address] = now
        row = self.rows.setdefault(address, {"address": address, "action": hook.get("action", "?"), "status": "running", "elapsed": 0.0})
        row["elapsed"] = hook.get("elapsed_seconds", now - self.started.get(address, now))
        row["status"] = {"apply_complete": "done", "apply_errored": "failed"}.get(kind, "running")
        return True
