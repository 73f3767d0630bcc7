"""`wrapper dev`'s DynamoDB endpoint (``/__aws/dynamodb``) at the HTTP level: what it answers to the bytes a client sends.

The engine's rules are tested in tests/offline/dynamodb; these tests are about the route: request
encodings, signatures and the operations about the endpoint itself.
"""

from __future__ import annotations

import gzip
import http.client
import json

from tests.offline.aws.raw_requests import error_of, post, signed_headers
from tests.offline.conftest import handler_client, item
from wrapper import aws
from wrapper.offline import DevServer
from wrapper.offline.aws.proxy import AwsProxy
from wrapper.offline.dynamodb import EmbeddedDynamoDB
from wrapper.offline.metrics import Metrics


def put_body(server: DevServer, key: str) -> bytes:
    return json.dumps({"TableName": server.config.tables["items"].full_name, "Item": {"id": {"S": key}}}).encode()


def test_a_gzip_request_is_decoded_and_a_broken_one_gets_500_with_nothing_written(shared_dev: DevServer) -> None:
    """https://docs.aws.amazon.com/sdkref/latest/guide/feature-compression.html: SDKs may gzip requests;
    DynamoDB answers a body it cannot decode with HTTP 500 (InternalServerError) and does nothing."""
    packed = gzip.compress(put_body(shared_dev, "zipped"))
    status, _, _ = post(shared_dev, {**signed_headers(shared_dev, "PutItem", packed), "Content-Encoding": "gzip"}, packed)
    assert status == 200 and item(shared_dev, "zipped") == {"id": {"S": "zipped"}}

    cut = gzip.compress(put_body(shared_dev, "cut"))[:-1]
    status, _, answer = post(shared_dev, {**signed_headers(shared_dev, "PutItem", cut), "Content-Encoding": "gzip"}, cut)
    assert status == 500 and error_of(answer)[0] == "InternalServerError" and "end marker" in error_of(answer)[1]
    assert item(shared_dev, "cut") is None

    plain = put_body(shared_dev, "garbage")
    status, _, answer = post(shared_dev, {**signed_headers(shared_dev, "PutItem", plain), "Content-Encoding": "garbage"}, plain)
    assert status == 500 and "'garbage'" in error_of(answer)[1]
    assert item(shared_dev, "garbage") is None


def test_describe_endpoints_names_this_endpoint_for_a_day(shared_dev: DevServer) -> None:
    """https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeEndpoints.html: one endpoint,
    its address without a scheme, cached 1440 minutes; SDKs that discover endpoints keep calling `wrapper dev`."""
    endpoints = handler_client(shared_dev, "dynamodb").describe_endpoints()["Endpoints"]
    assert endpoints == [{"Address": f"127.0.0.1:{shared_dev.port}/__aws/dynamodb", "CachePeriodInMinutes": 1440}]
    again = aws.client(
        "dynamodb", shared_dev.config.region, endpoint_url="http://" + endpoints[0]["Address"], credentials=aws.OFFLINE_CREDENTIALS
    )
    assert again.describe_endpoints()["Endpoints"] == endpoints


def test_describe_endpoints_over_a_handlers_pipe_names_the_address_its_calls_go_to() -> None:
    proxy = AwsProxy(EmbeddedDynamoDB("eu-west-2"), Metrics(), "http://127.0.0.1:9", "127.0.0.1:4510/__aws/dynamodb")
    answer = proxy.pipe_call({"dynamodb": "DescribeEndpoints", "text": "{}"})
    assert answer["status"] == 200
    assert json.loads(answer["text"]) == {"Endpoints": [{"Address": "127.0.0.1:4510/__aws/dynamodb", "CachePeriodInMinutes": 1440}]}


def test_an_unsigned_request_is_refused_and_a_stale_signature_expired_with_nothing_written(shared_dev: DevServer) -> None:
    """https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html: DynamoDB answers 400
    MissingAuthenticationTokenException without SigV4, InvalidSignatureException 15 minutes off its clock."""
    body = put_body(shared_dev, "unsigned")
    headers = signed_headers(shared_dev, "PutItem", body)
    status, _, answer = post(shared_dev, {k: v for k, v in headers.items() if k != "Authorization"}, body)
    assert (status, error_of(answer)) == (400, ("MissingAuthenticationTokenException", "Request is missing Authentication Token"))
    status, _, answer = post(shared_dev, {**headers, "X-Amz-Date": "20170101T010101Z"}, body)
    assert (
        status == 400
        and error_of(answer)[0] == "InvalidSignatureException"
        and "Signature expired: 20170101T010101Z" in error_of(answer)[1]
    )
    assert item(shared_dev, "unsigned") is None
    status, _, _ = post(shared_dev, headers, body)  # signed with keys the endpoint cannot check: accepted
    assert status == 200 and item(shared_dev, "unsigned") == {"id": {"S": "unsigned"}}


def test_a_get_of_the_endpoint_is_its_health_check_and_no_other_path_reaches_a_dynamodb(shared_dev: DevServer) -> None:
    """DynamoDB's endpoint answers a GET of its root with ``healthy: <its name>``; a path below it is no endpoint,
    here not even moto's DynamoDB behind the Secrets Manager passthrough, whose tables are not the engine's."""
    conn = http.client.HTTPConnection("127.0.0.1", shared_dev.port, timeout=30)
    try:
        conn.request("GET", "/__aws/dynamodb", headers={"Host": f"127.0.0.1:{shared_dev.port}"})
        response = conn.getresponse()
        assert (response.status, response.read().decode()) == (200, f"healthy: 127.0.0.1:{shared_dev.port}/__aws/dynamodb")
        conn.request("GET", "/__aws/dynamodb/abc", headers={"Host": f"127.0.0.1:{shared_dev.port}"})
        response = conn.getresponse()
        assert response.status == 404
        response.read()
    finally:
        conn.close()
    body = json.dumps({}).encode()
    status, _, _ = post(shared_dev, signed_headers(shared_dev, "ListTables", body), body, path="/__aws/dynamodb/abc")
    assert status == 404


def test_an_answer_over_4_kb_comes_compressed_to_a_client_that_accepts_gzip(shared_dev: DevServer) -> None:
    table = shared_dev.config.tables["items"].full_name
    handler_client(shared_dev, "dynamodb").put_item(TableName=table, Item={"id": {"S": "large"}, "text": {"S": "x" * 5000}})
    body = json.dumps({"TableName": table, "Key": {"id": {"S": "large"}}}).encode()
    status, headers, answer = post(shared_dev, {**signed_headers(shared_dev, "GetItem", body), "Accept-Encoding": "gzip"}, body)
    assert status == 200 and headers["content-encoding"] == "gzip" and len(answer) < 1000
    assert json.loads(gzip.decompress(answer))["Item"]["text"] == {"S": "x" * 5000}
    status, headers, answer = post(shared_dev, signed_headers(shared_dev, "GetItem", body), body)  # boto3's way: none asked for
    assert status == 200 and "content-encoding" not in headers and json.loads(answer)["Item"]["id"] == {"S": "large"}
