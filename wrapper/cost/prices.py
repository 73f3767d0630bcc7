"""AWS list prices used for cost figures (us-east-1). Restate PRICES_DATE wherever a figure is printed."""

from __future__ import annotations

PRICES_DATE = "2026-11 (us-east-1 list prices)"

WEBSOCKET_MESSAGE_PER_MILLION = 1.00  # each 32 KB or part of it, in or out
CONNECTION_MINUTE_PER_MILLION = 0.25
HTTP_API_REQUEST_PER_MILLION = 1.00  # HTTP APIs, first 300 million a month; each 512 KB of a request counts as one
LAMBDA_REQUEST_PER_MILLION = 0.20
LAMBDA_GB_SECOND = {"x86_64": 0.0000166667, "arm64": 0.0000133334}
DYNAMODB_WRITE_UNIT_PER_MILLION = 0.625
DYNAMODB_READ_UNIT_PER_MILLION = 0.125
CLOUDFRONT_REQUEST_PER_MILLION = 1.00  # HTTPS requests, United States/Europe ($0.0100 per 10,000)
CLOUDFRONT_DATA_OUT_PER_GB = 0.085  # to the internet, United States/Europe, first 10 TB a month
S3_GET_PER_MILLION = 0.40  # GET requests to S3 Standard ($0.0004 per 1,000); CloudFront→S3 transfer is free
