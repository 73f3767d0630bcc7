"""Turn the offline stack's counters into what AWS would bill per hour. Pure.

Play is linear in time, so T simulated seconds of it scale by 3600 / T; joining and
leaving (``once``) happen once in an hour-long session and are added once.
When the run was slowed by a factor s (all rates and ticks divided by s, wall time
multiplied by s), event counts already describe T simulated seconds and only
connection time, which follows the wall clock, is divided by s. Lambda duration
is measured on this machine and rounded up to the millisecond per invocation, as
Lambda bills it; it is labelled an estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wrapper.config import ProjectConfig
from wrapper.cost import prices


@dataclass(frozen=True)
class Meter:
    name: str
    quantity_per_hour: float
    unit: str
    cost_per_hour: float
    estimate: bool = False


@dataclass(frozen=True)
class CostReport:
    players: int
    rate: float
    simulated_seconds: float
    slow_factor: float
    meters: tuple[Meter, ...]
    poses_sent: int
    messages_out_per_second: float
    dynamodb_requests_per_pose: float
    notes: tuple[str, ...]

    @property
    def per_hour(self) -> float:
        return sum(m.cost_per_hour for m in self.meters)

    @property
    def per_player_hour(self) -> float:
        return self.per_hour / self.players if self.players else 0.0

    def to_dict(self) -> dict[str, Any]:
        total = self.per_hour or 1.0
        return {
            "players": self.players,
            "rate": self.rate,
            "simulated_seconds": self.simulated_seconds,
            "slow_factor": self.slow_factor,
            "cost_per_hour": round(self.per_hour, 6),
            "cost_per_player_hour": round(self.per_player_hour, 6),
            "messages_out_per_second": round(self.messages_out_per_second, 2),
            "dynamodb_requests_per_pose": round(self.dynamodb_requests_per_pose, 3),
            "prices": prices.PRICES_DATE,
            "meters": [
                {
                    "name": m.name,
                    "per_hour": round(m.quantity_per_hour, 3),
                    "unit": m.unit,
                    "cost_per_hour": round(m.cost_per_hour, 6),
                    "share": round(m.cost_per_hour / total, 4),
                    "estimate": m.estimate,
                }
                for m in self.meters
            ],
            "notes": list(self.notes),
        }


def cost_report(
    config: ProjectConfig,
    metrics: dict[str, Any],
    *,
    players: int,
    rate: float,
    simulated_seconds: float,
    slow_factor: float = 1.0,
    poses_sent: int,
    once: dict[str, Any] | None = None,
    notes: tuple[str, ...] = (),
    extra_meters: tuple[Meter, ...] = (),
) -> CostReport:
    """``metrics`` counts the play; ``once`` (optional) the joining and leaving of the same players."""
    hour = 3600.0 / simulated_seconds
    play = _quantities(config, metrics, slow_factor)
    extra = _quantities(config, once, slow_factor) if once else dict.fromkeys(play, 0.0)
    per_hour = {name: play[name] * hour + extra[name] for name in play}
    messages, connection_minutes, invocations = per_hour["messages"], per_hour["connection_minutes"], per_hour["invocations"]
    gb_seconds, writes, reads = per_hour["gb_seconds"], per_hour["writes"], per_hour["reads"]
    meters = (
        Meter("API Gateway messages", messages, "32 KB messages", messages / 1e6 * prices.WEBSOCKET_MESSAGE_PER_MILLION),
        Meter(
            "API Gateway connection minutes", connection_minutes, "minutes", connection_minutes / 1e6 * prices.CONNECTION_MINUTE_PER_MILLION
        ),
        *(
            [
                Meter(
                    "API Gateway HTTP requests",
                    per_hour["http"],
                    "512 KB requests",
                    per_hour["http"] / 1e6 * prices.HTTP_API_REQUEST_PER_MILLION,
                )
            ]
            if config.http_routes
            else []
        ),
        Meter("Lambda requests", invocations, "requests", invocations / 1e6 * prices.LAMBDA_REQUEST_PER_MILLION),
        Meter("Lambda duration", gb_seconds, "GB-seconds", gb_seconds * prices.LAMBDA_GB_SECOND[config.architecture], estimate=True),
        Meter("DynamoDB writes", writes, "write request units", writes / 1e6 * prices.DYNAMODB_WRITE_UNIT_PER_MILLION),
        Meter("DynamoDB reads", reads, "read request units", reads / 1e6 * prices.DYNAMODB_READ_UNIT_PER_MILLION),
        *extra_meters,
    )
    requests = sum(metrics["dynamodb_requests"].values())
    return CostReport(
        players=players,
        rate=rate,
        simulated_seconds=simulated_seconds,
        slow_factor=slow_factor,
        meters=meters,
        poses_sent=poses_sent,
        messages_out_per_second=metrics["messages_out"] / simulated_seconds,
        dynamodb_requests_per_pose=requests / poses_sent if poses_sent else 0.0,
        notes=notes,
    )


def _quantities(config: ProjectConfig, metrics: dict[str, Any], slow_factor: float) -> dict[str, float]:
    """What one set of counters amounts to in billed units (connection time from wall clock to simulated time)."""
    return {
        "messages": float(metrics["message_units_in"] + metrics["message_units_out"]),
        "connection_minutes": metrics["connection_seconds"] / slow_factor / 60,
        "http": float(metrics.get("http_request_units", 0)),  # every request the HTTP API answered, in 512 KB units
        "invocations": float(sum(f["invocations"] for f in metrics["functions"].values())),
        "gb_seconds": sum(
            f["billed_ms"] / 1000 * config.functions[name].memory / 1024
            for name, f in metrics["functions"].items()
            if name in config.functions
        ),
        "writes": float(metrics["dynamodb_write_units"]),
        "reads": float(metrics["dynamodb_read_units"]),
    }
