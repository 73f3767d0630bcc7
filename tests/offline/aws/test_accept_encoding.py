"""Answers compressed as DynamoDB compresses them: over 4 KB, in the coding the client's Accept-Encoding prefers.

RFC 9110 section 12.5.3 for the header; where a value is malformed, the choice is the one DynamoDB
was observed to make (Alternator's test_compressed_response.py, run against DynamoDB).
"""

from __future__ import annotations

import gzip
import zlib

import pytest

from wrapper.offline.aws.accept_encoding import THRESHOLD_BYTES, compressed, preferred


@pytest.mark.parametrize(
    ("header", "coding"),
    [
        # well-formed: quality first, then the order listed, named codings before "*"
        ("gzip", "gzip"),
        ("DEFLATE", "deflate"),
        ("deflate, gzip", "deflate"),
        ("gzip;q=0.3, deflate;q=0.7", "deflate"),
        ("zstd, br, gzip", "gzip"),
        ("*", "gzip"),
        ("*, deflate", "deflate"),
        ("*, gzip;q=0.2", "deflate"),
        ("deflate;q=0.001, identity", "deflate"),
        # nothing acceptable
        (None, None),
        ("", None),
        ("identity", None),
        ("br, zstd", None),
        ("gzip;q=0", None),
        ("*;q=0, identity", None),
        # DynamoDB's reading of odd values
        ("deflate;q=0.9, gzip;q=7", "gzip"),  # above 1 counts as 1
        ("deflate;q=0.9, gzip;q=0.y", "gzip"),  # no number counts as 1
        ("deflate;q=-1, gzip;q=0.1", "gzip"),  # below 0 is refused
        ("gzip;q=1;q=0", "gzip"),  # the first q= counts
        ("gzip;xq=0;q=1", None),  # q= inside another name still counts
        ("gzip;q =0;q=1", "gzip"),  # "q =" is not q=
        ("gzip;q=0, gzip;q=0.5", "gzip"),  # listed twice: the best quality
        ("'gzip'", None),
        ("gzip deflate", None),
    ],
)
def test_the_coding_dynamodb_picks_for_an_accept_encoding_value(header: str | None, coding: str | None) -> None:
    assert preferred(header) == coding


def test_only_answers_over_4_kb_are_compressed_and_they_decode_to_the_answer() -> None:
    small, large = b"x" * THRESHOLD_BYTES, b"x" * (THRESHOLD_BYTES + 1)
    assert compressed(small, "gzip") == (small, None)
    packed, coding = compressed(large, "gzip")
    assert coding == "gzip" and gzip.decompress(packed) == large and len(packed) < len(large) // 30
    packed, coding = compressed(large, "deflate")
    assert coding == "deflate" and zlib.decompress(packed) == large
    assert compressed(large, "identity") == (large, None)
