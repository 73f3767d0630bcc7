import json
import os
from decimal import Decimal

import boto3

dynamodb = boto3.resource("dynamodb")
positions = dynamodb.Table(os.environ["POSITIONS_TABLE"])
connections = dynamodb.Table(os.environ["CONNECTIONS_TABLE"])


def handler(event, context):
    ctx = event["requestContext"]
    endpoint = os.environ.get("AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI") or f"https://{ctx['domainName']}/{ctx['stage']}"
    api = boto3.client("apigatewaymanagementapi", endpoint_url=endpoint)
    data = json.loads(event["body"], parse_float=Decimal)["data"]  # the DynamoDB resource API wants Decimal
    if data.get("data") != "":
        positions.put_item(Item={"type": data["type"], "uid": data["uid"], "data": data["data"]})  # trusts the client's uid
    everyone = positions.scan()["Items"]  # the whole table, every message
    payload = json.dumps(everyone, default=str).encode()
    for connection in connections.scan()["Items"]:  # the whole table again
        if connection["connectionId"] != ctx["connectionId"]:
            try:
                api.post_to_connection(ConnectionId=connection["connectionId"], Data=payload)
            except Exception as error:  # noqa: BLE001 - the seed logs every failure and never removes the connection
                print("Failed to send message to connection", connection["connectionId"], error)
    return {"statusCode": 200}
