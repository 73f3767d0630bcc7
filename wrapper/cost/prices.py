"""AWS list prices used for cost figures (us-east-1). Restate PRICES_DATE wherever a figure is printed."""

from __future__ import annotations

PRICES_DATE = "2026-11 (us-east-1 list prices)"

WEBSOCKET_MESSAGE_PER_MILLION = 1.00  # each 32 KB or part of it, in or out
CONNECTION_MINUTE_PER_MILLION = 0.25
LAMBDA_REQUEST_PER_MILLION = 0.20
LAMBDA_GB_SECOND = {"x86_64": 0.0000166667, "arm64": 0.0000133334}
DYNAMODB_WRITE_UNIT_PER_MILLION = 0.625
DYNAMODB_READ_UNIT_PER_MILLION = 0.125
