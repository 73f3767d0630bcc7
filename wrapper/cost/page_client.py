"""What the WebXR page sends, in Python: its send-on-change rule, heartbeat and trailing send. Pure.

A mirror of ``RoomConnection.maybeSend`` in templates/frontend/webxr/src/net.js (a test
reads the constants there and keeps these equal), so simulated players cost what the
page's players cost. ``schedule`` replays a trace session through it frame by frame.
"""

from __future__ import annotations

from dataclasses import dataclass

from wrapper.cost.trace import Pose, Session

HEARTBEAT_MS = 1000.0
MIN_MOVE = 0.01  # metres
MIN_TURN = 0.002  # quaternion components
PAGE_MAX_RATE = 20.0  # the page never sends faster than this, whatever the server allows
TRAILING_TICKS = 1.2  # the trailing send follows the last moving pose by this many tick periods
FRAME_HZ = 60.0  # how often the page's render loop offers a pose
WELCOME_S = 0.1  # from joining to the welcome (the page sends only once the room is open)


@dataclass(frozen=True)
class Send:
    at: float  # seconds of trace time
    seq: int
    pose: Pose
    still: bool  # a heartbeat: the pose has not changed beyond the threshold since the last one sent


def changed(a: Pose, b: Pose) -> bool:
    for part in ("head", "left", "right"):
        if (part in a) != (part in b):
            return True
        if part not in a:
            continue
        if any(abs(x - y) > MIN_MOVE for x, y in zip(a[part]["p"], b[part]["p"], strict=True)):
            return True
        if any(abs(x - y) > MIN_TURN for x, y in zip(a[part]["q"], b[part]["q"], strict=True)):
            return True
    return False


class PageSender:
    """``maybeSend`` of net.js: state and rule; ``now`` in milliseconds."""

    def __init__(self, fanout: str, tick_hz: float, max_pose_rate: float) -> None:
        self.max_rate = min(max_pose_rate, PAGE_MAX_RATE, tick_hz if fanout == "snapshot" else PAGE_MAX_RATE)
        self.trailing_ms = TRAILING_TICKS * 1000 / tick_hz if fanout == "snapshot" else 0.0
        self.seq = 0
        self.still = False
        self.last_sent: Pose | None = None
        self.last_sent_at = 0.0
        self.settled = True

    def maybe_send(self, pose: Pose, now: float) -> bool:
        if now - self.last_sent_at < 1000 / self.max_rate:
            return False
        moved = self.last_sent is None or changed(self.last_sent, pose)
        trailing = not moved and not self.settled and self.trailing_ms > 0 and now - self.last_sent_at >= self.trailing_ms
        if not moved and not trailing and now - self.last_sent_at < HEARTBEAT_MS:
            return False
        self.seq += 1
        self.still = not moved and not trailing
        self.settled = not moved
        self.last_sent = pose
        self.last_sent_at = now
        return True


def schedule(session: Session, end: float, fanout: str, tick_hz: float, max_pose_rate: float) -> list[Send]:
    """Every pose the page would send during ``session`` (until ``end`` if it stays), one offer per frame."""
    sender = PageSender(fanout, tick_hz, max_pose_rate)
    stop = session.leaves if session.leaves is not None else end
    sends = []
    frame = 0
    start = session.joins + WELCOME_S
    # performance.now() is far from zero on a real page, so the first frame always sends.
    origin_ms = 10_000.0
    while (t := start + frame / FRAME_HZ) < stop:
        pose = session.pose(t)
        if sender.maybe_send(pose, origin_ms + (t - start) * 1000):
            sends.append(Send(t, sender.seq, pose, sender.still))
        frame += 1
    return sends
