"""The frame-limit guard reads RFC 6455 headers however the bytes are split across reads."""

from __future__ import annotations

import os
import struct

import pytest

from wrapper.offline.apigw.frames import FrameLimit


def frame(payload: bytes, opcode: int = 0x1, fin: bool = True) -> bytes:
    """A masked client frame, as a browser sends it."""
    head = bytes([(0x80 if fin else 0) | opcode])
    n = len(payload)
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 65536:
        head += bytes([0x80 | 126]) + struct.pack(">H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack(">Q", n)
    mask = os.urandom(4)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class Inner:
    def __init__(self) -> None:
        self.fed = b""

    def feed_data(self, data: bytes) -> tuple[bool, bytes]:
        self.fed += bytes(data)
        return False, b""

    def feed_eof(self) -> None:
        pass


def feed(stream: bytes, chunk: int, limit: int = 32 * 1024) -> tuple[bool, Inner]:
    inner, tripped = Inner(), []
    guard = FrameLimit(inner, limit, lambda: tripped.append(True))
    for i in range(0, len(stream), chunk):
        guard.feed_data(stream[i : i + chunk])
    return bool(tripped), inner


@pytest.mark.parametrize("chunk", [1, 3, 7, 1000, 1 << 20])
def test_frames_under_the_limit_pass_through_untouched(chunk: int) -> None:
    stream = frame(b"a" * 10) + frame(b"b" * 300) + frame(b"c" * 32 * 1024) + frame(b"", opcode=0x9)
    tripped, inner = feed(stream, chunk)
    assert not tripped and inner.fed == stream


@pytest.mark.parametrize("chunk", [1, 5, 4096])
@pytest.mark.parametrize("size", [32 * 1024 + 1, 70_000])
def test_a_data_frame_over_the_limit_trips(chunk: int, size: int) -> None:
    tripped, inner = feed(frame(b"ok") + frame(b"x" * size, opcode=0x0, fin=False), chunk)
    assert tripped
    assert len(inner.fed) < len(frame(b"ok")) + 14, "nothing after the oversized header reaches the parser"
