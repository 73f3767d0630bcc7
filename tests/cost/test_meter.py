"""Pricing the offline counters: each meter from its own counter, scaled to an hour."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrapper.config import load_config
from wrapper.cost import prices
from wrapper.cost.meter import cost_report

METRICS = {
    "message_units_in": 100,
    "message_units_out": 900,
    "messages_out": 900,
    "connection_seconds": 100.0,
    "functions": {
        "play": {"invocations": 100, "duration_ms": 1950.5, "billed_ms": 2000},
        "connect": {"invocations": 10, "duration_ms": 495.0, "billed_ms": 500},
    },
    "dynamodb_requests": {"UpdateItem": 150, "Query": 10},
    "dynamodb_read_units": 10.0,
    "dynamodb_write_units": 150.0,
}


def test_every_meter_follows_its_counter_and_the_price_table(project: Path) -> None:
    config = load_config(project, "dev", env={})
    report = cost_report(config, METRICS, players=10, rate=1.0, simulated_seconds=10.0, poses_sent=100)
    meters = {m.name: m for m in report.meters}
    assert meters["API Gateway messages"].quantity_per_hour == pytest.approx(1000 * 360)
    assert meters["API Gateway messages"].cost_per_hour == pytest.approx(0.36)
    assert meters["API Gateway connection minutes"].quantity_per_hour == pytest.approx(100 / 60 * 360)
    assert meters["Lambda requests"].cost_per_hour == pytest.approx(110 * 360 / 1e6 * 0.20)
    play_gb_s = 2.0 * config.functions["play"].memory / 1024
    connect_gb_s = 0.5 * config.functions["connect"].memory / 1024
    assert meters["Lambda duration"].quantity_per_hour == pytest.approx((play_gb_s + connect_gb_s) * 360)
    assert meters["Lambda duration"].estimate and config.architecture == "arm64"
    assert meters["Lambda duration"].cost_per_hour == pytest.approx((play_gb_s + connect_gb_s) * 360 * prices.LAMBDA_GB_SECOND["arm64"])
    assert meters["DynamoDB writes"].cost_per_hour == pytest.approx(150 * 360 / 1e6 * 0.625)
    assert report.per_player_hour == pytest.approx(report.per_hour / 10)
    assert report.dynamodb_requests_per_pose == pytest.approx(1.6)
    shares = [m["share"] for m in report.to_dict()["meters"]]
    assert sum(shares) == pytest.approx(1.0, abs=1e-3)


def test_slowed_time_divides_only_wall_clock_meters(project: Path) -> None:
    config = load_config(project, "dev", env={})
    normal = cost_report(config, METRICS, players=10, rate=1.0, simulated_seconds=10.0, poses_sent=100)
    slowed = cost_report(config, METRICS, players=10, rate=1.0, simulated_seconds=10.0, slow_factor=5.0, poses_sent=100)
    by_name = lambda r: {m.name: m.quantity_per_hour for m in r.meters}  # noqa: E731
    assert by_name(slowed)["API Gateway connection minutes"] == pytest.approx(by_name(normal)["API Gateway connection minutes"] / 5)
    assert by_name(slowed)["API Gateway messages"] == by_name(normal)["API Gateway messages"]


def test_joining_and_leaving_count_once_per_player_hour_while_play_scales(project: Path) -> None:
    config = load_config(project, "dev", env={})
    once = {**METRICS, "message_units_in": 10, "message_units_out": 45, "dynamodb_write_units": 20.0, "connection_seconds": 2.0}
    played = cost_report(config, METRICS, players=10, rate=1.0, simulated_seconds=10.0, poses_sent=100)
    session = cost_report(config, METRICS, once=once, players=10, rate=1.0, simulated_seconds=10.0, poses_sent=100)
    by_name = lambda r: {m.name: m.quantity_per_hour for m in r.meters}  # noqa: E731
    assert by_name(session)["API Gateway messages"] == pytest.approx(by_name(played)["API Gateway messages"] + 55)
    assert by_name(session)["DynamoDB writes"] == pytest.approx(150 * 360 + 20)
    assert session.dynamodb_requests_per_pose == played.dynamodb_requests_per_pose  # per pose: the play only


def test_lambda_duration_is_billed_per_invocation_rounded_up_to_the_millisecond() -> None:
    from wrapper.offline.metrics import Metrics

    metrics = Metrics()
    for duration in (0.2, 1.0, 1.01, 7.5):
        metrics.invocation("play", duration, ok=True, timed_out=False, cold=False)
    stats = metrics.as_dict()["functions"]["play"]
    assert stats["billed_ms"] == 1 + 1 + 2 + 8
    assert stats["duration_ms"] == pytest.approx(9.71)


def test_http_requests_are_priced_per_512_kb_unit_when_the_project_has_routes(project: Path) -> None:
    from tests.projects import append_config
    from wrapper.offline.metrics import Metrics

    counted = Metrics()
    counted.http_request(100)
    counted.http_request(512 * 1024 + 1)  # two units: HTTP APIs meter each 512 KB
    metrics = {**METRICS, "http_requests": counted.http_requests, "http_request_units": counted.http_request_units}
    without = cost_report(load_config(project, "dev", env={}), metrics, players=10, rate=1.0, simulated_seconds=10.0, poses_sent=100)
    assert "API Gateway HTTP requests" not in {m.name for m in without.meters}
    (project / "functions" / "rooms.py").write_text("def handler(event, context):\n    return {}\n")
    append_config(project, '\n[functions.rooms]\nhandler = "rooms.handler"\nhttp = ["GET /rooms/{id}"]\n')
    report = cost_report(load_config(project, "dev", env={}), metrics, players=10, rate=1.0, simulated_seconds=10.0, poses_sent=100)
    meter = {m.name: m for m in report.meters}["API Gateway HTTP requests"]
    assert meter.quantity_per_hour == pytest.approx(3 * 360)
    assert meter.cost_per_hour == pytest.approx(3 * 360 / 1e6 * prices.HTTP_API_REQUEST_PER_MILLION)
