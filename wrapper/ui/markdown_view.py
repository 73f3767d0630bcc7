"""Markdown for CI job summaries and pull-request comments: plain text, no rich.

``wrapper outputs --markdown`` and ``wrapper plan --markdown`` print these, so a
pipeline appends them to ``$GITHUB_STEP_SUMMARY`` (or posts them) without
parsing JSON in shell.
"""

from __future__ import annotations

from typing import Any

from wrapper.terraform.plan import PlanSummary

# Outputs a person opens, first; the rest follow in name order.
_LINKS = ("page_url", "websocket_url")


def outputs(stage: str, service: str, values: dict[str, Any]) -> str:
    lines = [f"### {service}: stage `{stage}` is deployed", ""]
    for name in (*[n for n in _LINKS if values.get(n)], *sorted(n for n in values if n not in _LINKS)):
        lines.append(f"- **{name}**: {_cell(values[name])}")
    if not values:
        lines.append("- the stack has no outputs")
    return "\n".join(lines) + "\n"


def plan(stage: str, service: str, summary: PlanSummary) -> str:
    head = f"### {service}: plan for stage `{stage}`"
    if not summary.has_changes:
        return f"{head}\n\nNo changes: the stage matches this commit.\n"
    counts = f"{summary.add} to add, {summary.change} to change, {summary.replace} to replace, {summary.destroy} to destroy"
    rows = "\n".join(f"| `{address}` | {action} |" for address, action in summary.resources)
    return f"{head}\n\n{counts}\n\n| resource | action |\n| --- | --- |\n{rows}\n"


def _cell(value: Any) -> str:
    text = str(value)
    return text if text.startswith(("https://", "wss://", "http://")) else f"`{text}`"
