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
