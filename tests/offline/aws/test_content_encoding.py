"""Request bodies as DynamoDB decodes them: gzip and deflate, what it refuses, what it ignores.

https://docs.aws.amazon.com/sdkref/latest/guide/feature-compression.html (SDKs compress requests);
the rules for broken bodies are DynamoDB's as Alternator's test_compressed_request.py observes them.
"""

from __future__ import annotations

import gzip
import zlib

import pytest

from wrapper.offline.aws.content_encoding import Undecodable, decoded

BODY = b'{"TableName": "items", "Item": {"id": {"S": "x"}}}'


def test_gzip_and_deflate_bodies_decode_and_plain_ones_pass_as_sent() -> None:
    assert decoded(gzip.compress(BODY), "gzip", 1024) == BODY
    assert decoded(zlib.compress(BODY), "Deflate", 1024) == BODY
    assert decoded(BODY, None, 1024) == BODY
    assert decoded(BODY, "identity", 1024) == BODY


def test_concatenated_gzip_members_make_one_body_as_rfc_1952_allows() -> None:
    assert decoded(gzip.compress(BODY[:10]) + gzip.compress(BODY[10:]), "gzip", 1024) == BODY


def test_codings_listed_in_order_are_undone_last_first() -> None:
    assert decoded(gzip.compress(zlib.compress(BODY)), "deflate, gzip", 1024) == BODY


def test_what_follows_the_stream_and_is_no_gzip_member_is_ignored_as_dynamodb_ignores_it() -> None:
    assert decoded(gzip.compress(BODY) + b"junk", "gzip", 1024) == BODY
    # A second zlib stream is not read: DynamoDB reads one (it then fails to parse the half body).
    assert decoded(zlib.compress(BODY[:10]) + zlib.compress(BODY[10:]), "deflate", 1024) == BODY[:10]


@pytest.mark.parametrize(
    ("body", "encoding", "why"),
    [
        (BODY, "gzip", "not valid gzip"),
        (BODY, "deflate", "not valid deflate"),
        (b"", "gzip", "ends before its end marker"),
        (b"", "deflate", "ends before its end marker"),
        (gzip.compress(BODY, mtime=0)[:-1], "gzip", "ends before its end marker"),
        (zlib.compress(BODY)[:-1], "deflate", "ends before its end marker"),
        (BODY, "garbage", "'garbage' is not one DynamoDB decodes"),
        (gzip.compress(BODY, mtime=0), "br", "'br' is not one DynamoDB decodes"),
    ],
    # Named ids: a test id made of the body's bytes would differ between xdist workers if it held a time.
    ids=["plain-as-gzip", "plain-as-deflate", "empty-gzip", "empty-deflate", "cut-gzip", "cut-deflate", "unknown", "brotli"],
)
def test_a_body_that_does_not_decode_is_refused_with_the_reason(body: bytes, encoding: str, why: str) -> None:
    with pytest.raises(Undecodable, match=why):
        decoded(body, encoding, 1024)


def test_the_size_limit_applies_to_the_decoded_body() -> None:
    bomb = gzip.compress(b" " * 100_000)
    assert len(bomb) < 1024
    assert decoded(bomb, "gzip", 1024) is None
    assert decoded(bomb, "gzip", 100_000) == b" " * 100_000
    assert decoded(b" " * 2000, None, 1024) is None
