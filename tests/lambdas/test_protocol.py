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


def test_a_huge_number_is_a_bad_pose_not_a_crash() -> None:
    huge = "9" * 1500  # Python's json reads it as an int too large for a float
    body = '{"action": "pose", "seq": 1, "head": {"p": [' + huge + ', 0, 0], "q": [0, 0, 0, 1]}}'
    with pytest.raises(protocol.Rejected) as rejected:
        protocol.parse_pose(body)
    assert rejected.value.code == "bad_pose"


def test_a_sequence_number_beyond_dynamodb_numbers_is_refused() -> None:
    # DynamoDB numbers hold 38 digits; a longer seq would fail the write ("Internal server error").
    with pytest.raises(protocol.Rejected) as rejected:
        protocol.parse_pose(json.dumps({**GOOD, "seq": 10**40}))
    assert rejected.value.code == "bad_pose"


@pytest.mark.parametrize("depth", [900, 3000, 100_000])
def test_deeply_nested_json_is_refused_not_a_crash(depth: int) -> None:
    body = '{"action": "pose", "head": ' + "[" * depth + "]" * depth + "}"
    with pytest.raises(protocol.Rejected) as rejected:
        protocol.parse_pose(body)
    assert rejected.value.code in {"bad_pose", "bad_json", "too_large"}


def test_a_non_ascii_signature_is_refused_not_an_error() -> None:
    key = b"k" * 32
    token = auth.sign("ann", key, ttl_seconds=60, now=1000)
    assert auth.check(token.rsplit(".", 1)[0] + ".é", key, now=1010) is None
    assert auth.check("v1.é.x", key, now=1010) is None


def test_a_token_living_longer_than_the_cap_is_refused() -> None:
    key = b"k" * 32
    assert auth.check(auth.sign("ann", key, ttl_seconds=auth.MAX_LIFETIME_SECONDS, now=1000), key, now=1000) is not None
    forever = auth.sign("ann", key, ttl_seconds=10 * 365 * 86400, now=1000)  # a leaked key's holder would mint these
    assert auth.check(forever, key, now=1000) is None
