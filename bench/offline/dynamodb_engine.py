"""wrapper dev's embedded DynamoDB against moto's, on the multiplayer handlers' own requests.

Both engines get the same JSON requests in-process, without sockets: ours through
`EmbeddedDynamoDB.handle`, moto's through its server's WSGI application (what `moto.server`
runs behind werkzeug). The mix is what the `play` handler sends per pose and tick:
the conditional pose UpdateItem, the tick claim, and the room Query over N players.

    .venv/bin/python bench/offline/dynamodb_engine.py [--players 10] [--rounds 300]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from typing import Any

TABLE = {
    "TableName": "bench-dev-players",
    "KeySchema": [{"AttributeName": "room", "KeyType": "HASH"}, {"AttributeName": "connectionId", "KeyType": "RANGE"}],
    "AttributeDefinitions": [{"AttributeName": "room", "AttributeType": "S"}, {"AttributeName": "connectionId", "AttributeType": "S"}],
    "BillingMode": "PAY_PER_REQUEST",
}
POSE = json.dumps({"head": {"p": [0.1, 1.6, -0.3], "q": [0, 0.7, 0, 0.7]}, "left": {"p": [0.3, 1.1, 0], "q": [0, 0, 0, 1]}})
Call = Callable[[str, dict[str, Any]], tuple[int, dict[str, Any]]]


def ours() -> Call:
    from wrapper.offline.dynamodb import EmbeddedDynamoDB

    return EmbeddedDynamoDB("eu-west-2").handle


def moto() -> Call:
    os.environ.update(AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x", MOTO_ALLOW_NONEXISTENT_REGION="true")
    from moto.server import DomainDispatcherApplication, create_backend_app
    from werkzeug.test import Client

    client = Client(DomainDispatcherApplication(create_backend_app))
    auth = "AWS4-HMAC-SHA256 Credential=x/20261124/eu-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=x"

    def call(operation: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        headers = {"Host": "127.0.0.1:5000", "Authorization": auth, "X-Amz-Target": f"DynamoDB_20120810.{operation}"}
        reply = client.post("/", data=json.dumps(body), headers={**headers, "Content-Type": "application/x-amz-json-1.0"})
        return reply.status_code, json.loads(reply.get_data() or b"{}")

    return call


def requests(players: int, i: int) -> dict[str, tuple[str, dict[str, Any]]]:
    now = 1_700_000_000_000 + i * 100
    return {
        "pose UpdateItem": (
            "UpdateItem",
            {
                "TableName": TABLE["TableName"],
                "Key": {"room": {"S": "lobby"}, "connectionId": {"S": f"conn{i % players:04d}="}},
                "UpdateExpression": "SET pose = :pose, seq = :seq, updatedAt = :now, poseAt = :now, expiresAt = :exp",
                "ConditionExpression": "attribute_exists(connectionId) AND updatedAt <= :cut",
                "ExpressionAttributeValues": {
                    ":pose": {"S": POSE},
                    ":seq": {"N": str(i)},
                    ":now": {"N": str(now)},
                    ":cut": {"N": str(now - 50)},
                    ":exp": {"N": "1700003600"},
                },
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            },
        ),
        "tick UpdateItem": (
            "UpdateItem",
            {
                "TableName": TABLE["TableName"],
                "Key": {"room": {"S": "lobby"}, "connectionId": {"S": "~tick"}},
                "UpdateExpression": "SET tick = :tick, tickAt = :now, expiresAt = :exp",
                "ConditionExpression": "attribute_not_exists(tick) OR tick < :tick",
                "ExpressionAttributeValues": {":tick": {"N": str(now // 100)}, ":now": {"N": str(now)}, ":exp": {"N": "1700003600"}},
            },
        ),
        "room Query": (
            "Query",
            {
                "TableName": TABLE["TableName"],
                "KeyConditionExpression": "#r = :room",
                "ExpressionAttributeNames": {"#r": "room"},
                "ExpressionAttributeValues": {":room": {"S": "lobby"}},
            },
        ),
    }


def measure(call: Call, players: int, rounds: int) -> dict[str, float]:
    assert call("CreateTable", TABLE)[0] == 200
    for p in range(players):
        item = {"room": {"S": "lobby"}, "connectionId": {"S": f"conn{p:04d}="}, "updatedAt": {"N": "0"}, "name": {"S": f"p{p}"}}
        assert call("PutItem", {"TableName": TABLE["TableName"], "Item": item})[0] == 200
    timings: dict[str, list[float]] = {}
    for i in range(1, rounds + 1):
        for name, (operation, body) in requests(players, i).items():
            started = time.perf_counter()
            status, reply = call(operation, body)
            timings.setdefault(name, []).append((time.perf_counter() - started) * 1e6)
            assert status == 200, (name, reply)
            if operation == "Query":
                assert reply["Count"] == players + 1, reply["Count"]
    return {name: statistics.median(values) for name, values in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--players", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    results = {"wrapper": measure(ours(), args.players, args.rounds), "moto": measure(moto(), args.players, args.rounds)}
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · {platform.machine()} · {os.cpu_count()} cores · {args.players} players\n"
    )
    print("| request | wrapper us | moto us | moto / wrapper |")
    print("| --- | --- | --- | --- |")
    for name in results["wrapper"]:
        ours_us, moto_us = results["wrapper"][name], results["moto"][name]
        print(f"| {name} | {ours_us:.0f} | {moto_us:.0f} | {moto_us / ours_us:.0f}x |")


if __name__ == "__main__":
    main()
