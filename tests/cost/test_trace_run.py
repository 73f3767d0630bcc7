"""A motion trace played through `wrapper dev`: what the page would send goes out, receivers record it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.projects import scaffold
from wrapper.config import load_config
from wrapper.cost.quality import quality
from wrapper.cost.trace import generate
from wrapper.cost.trace_run import page_sends, play_trace, streams

pytestmark = pytest.mark.slow


def test_a_short_trace_is_sent_received_and_scored(tmp_path: Path) -> None:
    config = load_config(scaffold(tmp_path / "world", service="world"), "dev", env={})
    trace = generate(11, 2, 4.0)
    sends = page_sends(trace, config)
    _, counters, played = play_trace(config, trace, sends, slow=2)
    assert played.poses_sent == sum(len(s) for s in sends.values()) > 0
    assert counters["play"]["messages_in"] >= played.poses_sent
    pairs = streams(trace, sends, played)
    assert len(pairs) == 2  # each player saw the other
    seen = quality(pairs)
    assert seen.ages_ms and all(age > 0 for age in seen.ages_ms)
    assert seen.head_errors_m and seen.head_error(0.5) < 1.0  # metres: the avatars are where the players are
