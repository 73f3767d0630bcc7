"""The handlers' DynamoDB endpoint on the gateway (``/__aws/dynamodb``): DynamoDB's limits, not the WebSocket's."""

from __future__ import annotations

from tests.offline.conftest import handler_client
from wrapper.offline import DevServer


def test_items_up_to_400_kb_pass_the_gateway(shared_dev: DevServer) -> None:
    """API Gateway's 128 KB message limit is the WebSocket's; DynamoDB items may be 400 KB
    (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items)."""
    client = handler_client(shared_dev, "dynamodb")
    table = shared_dev.config.tables["items"].full_name
    big = {"id": {"S": "big"}, "blob": {"S": "x" * (390 * 1024)}}
    client.put_item(TableName=table, Item=big)
    assert client.get_item(TableName=table, Key={"id": {"S": "big"}})["Item"] == big
    client.delete_item(TableName=table, Key={"id": {"S": "big"}})


def test_handlers_calls_arrive_over_their_pipe_answered_and_metered_as_over_http(shared_dev: DevServer) -> None:
    """A handler's boto3 sends its DynamoDB calls on its environment's pipe (worker_channel.py), to the same engine."""
    import json

    from websockets.sync.client import connect

    metrics = shared_dev.metrics
    puts, gets = metrics.dynamodb_requests["PutItem"], metrics.dynamodb_requests["GetItem"]
    value = "é" * 1000 + "x" * 20_000  # not ASCII, and within one WebSocket frame
    with connect(shared_dev.ws_url) as ws:
        ws.send(json.dumps({"action": "store", "id": "piped", "value": value}))
        assert ws.recv(timeout=30) == "stored"
        ws.send(json.dumps({"action": "load", "id": "piped"}))
        assert json.loads(ws.recv(timeout=30)) == value
    # Two writes: the $connect handler's record of the connection, and the store.
    assert (metrics.dynamodb_requests["PutItem"], metrics.dynamodb_requests["GetItem"]) == (puts + 2, gets + 1)
    table = shared_dev.config.tables["items"].full_name
    client = handler_client(shared_dev, "dynamodb")  # over HTTP: the same item
    assert client.get_item(TableName=table, Key={"id": {"S": "piped"}})["Item"]["value"] == {"S": value}
