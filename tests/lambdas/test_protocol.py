"""The pure protocol rules of the handlers, without any server."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "templates" / "lambdas" / "webxr"))

from common import auth, protocol

GOOD = {
    "action": "pose",
    "seq": 3,
    "head": {"p": [0, 1.6, 0], "q": [0, 0, 0, 1]},
    "left": {"p": [0.2, 1.2, 0], "q": [0, 0.7071, 0, 0.7071]},
}


def test_a_good_pose_is_normalised() -> None:
    seq, pose = protocol.parse_pose(json.dumps({**GOOD, "id": "someone-else"}))
    assert seq == 3 and set(pose) == {"head", "left"}
    assert pose["head"]["p"] == [0.0, 1.6, 0.0]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"head": {"p": [0, 1], "q": [0, 0, 0, 1]}}, "bad_pose"),
        ({"head": {"p": [0, float("nan"), 0], "q": [0, 0, 0, 1]}}, "bad_pose"),
        ({"head": {"p": [0, 1e9, 0], "q": [0, 0, 0, 1]}}, "bad_pose"),
        ({"head": {"p": [0, 1, 0], "q": [0, 0, 0, 3]}}, "bad_pose"),
        ({"head": {"p": [0, True, 0], "q": [0, 0, 0, 1]}}, "bad_pose"),
        ({"seq": -1}, "bad_pose"),
        ({"head": None}, "bad_pose"),
        ({"right": {"p": [0, 0, 0]}}, "bad_pose"),
        ({"pad": "x" * 3000}, "too_large"),
    ],
)
def test_bad_poses_are_refused_with_a_code(change: dict[str, object], code: str) -> None:
    body = json.dumps({**GOOD, **change}).replace("NaN", "NaN")
    with pytest.raises(protocol.Rejected) as rejected:
        protocol.parse_pose(body)
    assert rejected.value.code == code


def test_room_and_player_names() -> None:
    assert protocol.room_name(None, "lobby") == "lobby"
    assert protocol.room_name("blue-1", "lobby") == "blue-1"
    with pytest.raises(protocol.Rejected):
        protocol.room_name("../etc", "lobby")
    assert protocol.player_name("<b>Ann</b>", "abcd1234") == "bAnnb"
    assert protocol.player_name(None, "abcd1234") == "player-abcd"


def test_tokens_are_signed_and_expire() -> None:
    key = b"k" * 32
    token = auth.sign("ann", key, ttl_seconds=60, now=1000)
    assert auth.check(token, key, now=1010) == {"player": "ann", "exp": 1060}
    assert auth.check(token, key, now=2000) is None, "expired"
    assert auth.check(token, b"x" * 32, now=1010) is None, "signed with another key"
    forged = token.rsplit(".", 1)[0] + ".AAAA"
    assert auth.check(forged, key, now=1010) is None
    assert auth.check(None, key) is None and auth.check("garbage", key) is None
