"""`wrapper cost` end to end: real players through `wrapper dev`, metered and priced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.page.test_files import TEMPLATE_MODULES


@pytest.mark.slow
def test_cost_of_a_short_run(cli, project: Path) -> None:
    (project / "frontend" / "node_modules").symlink_to(TEMPLATE_MODULES, target_is_directory=True)  # the page is priced as deployed
    result = cli(["cost", "--players", "3", "--rate", "5", "--seconds", "3", "--json"], cwd=project)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["players"] == 3 and report["fanout"] == "snapshot"
    meters = {m["name"]: m for m in report["meters"]}
    assert meters["API Gateway messages"]["per_hour"] > 0 and meters["Lambda requests"]["per_hour"] > 0
    assert meters["DynamoDB writes"]["per_hour"] > 0 and meters["Lambda duration"]["estimate"] is True
    # At 5 poses/s against 10 ticks/s each pose may start a tick: its write, the tick's claim, the room's
    # read and the tick's release (docs/protocol.md) -- never more than four.
    assert 0 < report["dynamodb_requests_per_pose"] <= 4
    assert report["cost_per_player_hour"] == pytest.approx(report["cost_per_hour"] / 3, rel=1e-3)
    assert "us-east-1" in report["prices"]
    assert meters["CloudFront requests (page)"]["per_hour"] >= 3 * 8, "3 players each load the scaffolded page once"
    assert not (project / ".wrapper" / "local").exists(), "the developer's own local data is never touched"


def test_unknown_fanout_is_a_usage_error(cli, project: Path) -> None:
    result = cli(["cost", "--fanout", "broadcast"], cwd=project)
    assert result.exit_code == 2 and "not snapshot or relay" in result.output
    assert "hint: pass --fanout snapshot or --fanout relay" in result.output


def test_moving_without_objects_is_a_usage_error(cli, project: Path) -> None:
    # It used to run a whole simulation with no objects at all, as if --moving had not been given.
    result = cli(["cost", "--moving", "0.5"], cwd=project)
    assert result.exit_code == 2 and "--moving needs --objects" in result.output
    assert "simulating" not in result.output


@pytest.mark.slow
def test_players_send_exactly_rate_times_seconds_poses(project: Path) -> None:
    from wrapper.config import load_config
    from wrapper.cost.simulate import Scenario, simulate

    _, _, seen = simulate(load_config(project, "dev", env={}), Scenario(players=2, rate=5, seconds=2))
    assert seen.poses_sent == 2 * 5 * 2


@pytest.mark.slow
def test_shared_objects_are_spawned_held_and_moved_with_the_poses(cli, project: Path) -> None:
    result = cli(["cost", "--players", "4", "--rate", "5", "--seconds", "3", "--objects", "6", "--moving", "0.5", "--json"], cwd=project)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["objects"] == 6 and report["moving_objects"] == 3
    assert report["object_move_age_p99_ms"] > 0, "players received the held objects' moves"


def test_moving_objects_ride_the_holders_poses() -> None:
    from wrapper.cost.simulate import WEBXR, SharedObjects

    shared = SharedObjects(count=4, moving=2)
    assert len(shared.spawns()) == 4 and json.loads(shared.spawns()[3])["id"] == "obj-3"
    held = json.loads(shared.carried(1, WEBXR.pose(1, 7)))
    assert held["held"]["id"] == "obj-1" and held["held"]["at"]["p"] == held["right"]["p"]
    assert "held" not in json.loads(shared.carried(2, WEBXR.pose(2, 7))), "players past `moving` hold nothing"
