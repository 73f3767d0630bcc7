"""Which requests the DynamoDB endpoint refuses for their signature: none at all, or one made too far from now.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html (400 errors),
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html; the messages are DynamoDB's.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wrapper.offline.aws.signature import refusal

NOW = datetime(2026, 11, 30, 11, 30, tzinfo=UTC)
SIGNED = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/eu-west-2/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0"


def test_a_request_without_authentication_is_missing_its_token() -> None:
    assert refusal({"X-Amz-Date": "20261130T113000Z"}, {}, NOW) == {
        "__type": "com.amazon.coral.service#MissingAuthenticationTokenException",
        "message": "Request is missing Authentication Token",
    }


@pytest.mark.parametrize("stamp", ["20261130T113000Z", "20261130T111500Z", "20261130T114500Z"])
def test_a_signature_made_within_15_minutes_of_now_goes_on_to_the_operation(stamp: str) -> None:
    assert refusal({"Authorization": SIGNED, "X-Amz-Date": stamp}, {}, NOW) is None


def test_a_presigned_query_counts_as_signed() -> None:
    assert refusal({}, {"X-Amz-Signature": "0", "X-Amz-Date": "20261130T113000Z"}, NOW) is None


def test_a_signature_older_than_15_minutes_has_expired() -> None:
    answer = refusal({"Authorization": SIGNED, "X-Amz-Date": "20261130T111459Z"}, {}, NOW)
    assert answer == {
        "__type": "com.amazon.coral.service#InvalidSignatureException",
        "message": "Signature expired: 20261130T111459Z is now earlier than 20261130T111500Z (20261130T113000Z - 15 min.)",
    }


def test_a_signature_more_than_15_minutes_ahead_is_not_yet_current() -> None:
    answer = refusal({"Authorization": SIGNED, "X-Amz-Date": "30200101T010101Z"}, {}, NOW)
    assert answer is not None and answer["__type"].endswith("#InvalidSignatureException")
    assert (
        answer["message"] == "Signature not yet current: 30200101T010101Z is still later than 20261130T114500Z (20261130T113000Z + 15 min.)"
    )


def test_the_signature_is_not_verified_so_any_profiles_keys_work() -> None:
    forged = SIGNED.replace("Signature=0", "Signature=" + "f" * 64)
    assert refusal({"Authorization": forged, "X-Amz-Date": "20261130T113000Z"}, {}, NOW) is None
