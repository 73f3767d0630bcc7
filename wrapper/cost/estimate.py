"""A cost estimate: simulate the players offline, then price what was metered.

Shared by ``wrapper cost`` and ``bench/multiplayer/run.py`` so both measure the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wrapper.config import ProjectConfig
from wrapper.cost.experience import Experience
from wrapper.cost.meter import CostReport, cost_report
from wrapper.cost.simulate import Scenario, simulate

SENT_ENOUGH = 0.95  # below this share of the planned poses, the machine could not keep up: say so


@dataclass(frozen=True)
class Estimate:
    report: CostReport
    config: ProjectConfig  # the configuration the players ran against (overrides and slowed ticks applied)
    play: dict[str, Any]  # the counters of the play itself
    seen: Experience

    @property
    def pose_age_p99_ms(self) -> float:
        return self.seen.age_percentile(0.99)

    @property
    def move_age_p99_ms(self) -> float:
        """How old a held object's placement was when players received it (NaN without moving objects)."""
        return self.seen.move_age_percentile(0.99)


def estimate(config: ProjectConfig, scenario: Scenario) -> Estimate:
    local, counters, seen = simulate(config, scenario)
    slow, expected = scenario.slow, scenario.expected_poses
    notes = []
    if slow > 1:
        notes.append(f"time was slowed {slow:g}x: rates and ticks divided by {slow:g}, meters scaled back to real time")
    if seen.poses_sent < SENT_ENOUGH * expected:
        notes.append(f"this machine sent {seen.poses_sent} of {expected:.0f} poses; costs are for the traffic achieved — try --slow")
    from wrapper.cost.page import page_cost

    page_meters, page_note = page_cost(config, scenario.players)
    if page_note:
        notes.append(page_note)
    report = cost_report(
        local,
        counters["play"],
        once=counters["once"],
        players=scenario.players,
        rate=scenario.rate,
        simulated_seconds=scenario.seconds,
        slow_factor=slow,
        poses_sent=seen.poses_sent,
        notes=tuple(notes),
        extra_meters=page_meters,
    )
    return Estimate(report, local, counters["play"], seen)
