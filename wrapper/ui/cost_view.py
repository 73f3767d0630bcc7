"""The cost report: total per hour and per player-hour, each meter's share, prices and their date."""

from __future__ import annotations

from wrapper.cost import prices
from wrapper.cost.meter import CostReport
from wrapper.ui import console


def report(result: CostReport, fanout: str, p99_age_ms: float, objects: str = "", p99_move_age_ms: float | None = None) -> None:
    total = result.per_hour or 1.0
    console.table(
        f"{result.players} players × {result.rate:g} poses/s{objects}, fan-out {fanout}: ${result.per_hour:.4f} per hour, ${result.per_player_hour:.5f} per player-hour",
        ("meter", "per hour", "unit", "cost/hour", "share"),
        [
            (
                m.name + (" (estimate)" if m.estimate else ""),
                f"{m.quantity_per_hour:,.0f}",
                m.unit,
                f"${m.cost_per_hour:.5f}",
                f"{m.cost_per_hour / total:.0%}",
            )
            for m in result.meters
        ],
    )
    console.info(
        f"{result.messages_out_per_second:.0f} messages out per second · {result.dynamodb_requests_per_pose:.2f} DynamoDB requests per pose · "
        f"p99 pose age {p99_age_ms:.0f} ms"
        + (f" · p99 object-move age {p99_move_age_ms:.0f} ms" if p99_move_age_ms is not None else "")
        + f" · prices: {prices.PRICES_DATE}"
    )
    console.info("play is scaled to the hour; joining and leaving are counted once per player-hour")
    for note in result.notes:
        console.warn(note)
