"""wrapper dev's embedded DynamoDB against moto's, on the multiplayer handlers' own requests.

Both engines get the same JSON requests in-process, without sockets: ours through
`EmbeddedDynamoDB.handle`, moto's through its server's WSGI application (what `moto.server`
runs behind werkzeug). The mix is what the `play` handler sends per pose and tick:
the conditional pose UpdateItem, the tick claim, and the room Query over N players.

    .venv/bin/python bench/offline/dynamodb_engine.py [--players 10] [--rounds 300]

With ``--sizes 1000,10000,100000`` it also measures how request cost grows with the table: the
same room Query, a GetItem, the pose UpdateItem and a 100-item Scan page resumed from the middle,
in tables of that many items besides the room (10 items per partition). moto runs the sizes up to
``--moto-max`` (loading 100k items through it takes minutes). ``--before DIR`` adds an engine
imported from DIR (e.g. an archive of an older commit), to compare before and after a change.
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


def before(directory: str) -> Callable[[], Call]:
    """The engine of another checkout, loaded under its own name so both can run in one process."""
    import importlib
    import sys

    def make() -> Call:
        saved = {k: m for k, m in sys.modules.items() if k == "wrapper" or k.startswith("wrapper.")}
        for name in saved:
            del sys.modules[name]
        sys.path.insert(0, directory)
        try:
            package = importlib.import_module("wrapper.offline.dynamodb")
            engine = getattr(package, "EmbeddedDynamoDB", None) or package.Engine
            return engine("eu-west-2").handle  # type: ignore[no-any-return]
        finally:
            sys.path.remove(directory)
            for name in [k for k in sys.modules if k == "wrapper" or k.startswith("wrapper.")]:
                del sys.modules[name]
            sys.modules.update(saved)

    return make


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


def scaling(call: Call, size: int, rounds: int) -> dict[str, float]:
    """Median microseconds per request with ``size`` other items in the table."""
    name = f"bench-dev-scale-{size}"  # moto keeps its tables across clients in one process
    assert call("CreateTable", {**TABLE, "TableName": name})[0] == 200
    batch: list[dict[str, Any]] = []
    for n in range(size):
        item = {"room": {"S": f"room{n // 10:06d}"}, "connectionId": {"S": f"conn{n % 10:04d}="}, "updatedAt": {"N": "0"}, "pose": {"S": POSE}}
        batch.append({"PutRequest": {"Item": item}})
        if len(batch) == 25 or n == size - 1:
            assert call("BatchWriteItem", {"RequestItems": {name: batch}})[0] == 200
            batch = []
    for p in range(10):
        item = {"room": {"S": "lobby"}, "connectionId": {"S": f"conn{p:04d}="}, "updatedAt": {"N": "0"}}
        assert call("PutItem", {"TableName": name, "Item": item})[0] == 200
    middle = {"room": {"S": f"room{size // 20:06d}"}, "connectionId": {"S": "conn0005="}}
    timings: dict[str, list[float]] = {}
    for i in range(1, rounds + 1):
        mix = {label: (operation, {**body, "TableName": name}) for label, (operation, body) in requests(10, i).items()}
        mix["GetItem"] = ("GetItem", {"TableName": name, "Key": {"room": {"S": "lobby"}, "connectionId": {"S": "conn0003="}}})
        mix["Scan page (100, resumed)"] = ("Scan", {"TableName": name, "Limit": 100, "ExclusiveStartKey": middle})
        for label, (operation, body) in mix.items():
            if label == "tick UpdateItem":
                continue
            started = time.perf_counter()
            status, reply = call(operation, body)
            timings.setdefault(label, []).append((time.perf_counter() - started) * 1e6)
            assert status == 200, (label, reply)
    return {label: statistics.median(values) for label, values in timings.items()}


def print_scaling(sizes: list[int], rounds: int, moto_max: int, before_dir: str | None) -> None:
    engines: dict[str, Callable[[], Call]] = {"wrapper": ours, "moto": moto}
    if before_dir:
        engines = {"wrapper": ours, "before": before(before_dir), "moto": moto}
    results: dict[tuple[str, int], dict[str, float]] = {}
    for size in sizes:
        for label, make in engines.items():
            if label == "moto" and size > moto_max:
                continue
            results[(label, size)] = scaling(make(), size, rounds)
    print("\n| request | table items | " + " | ".join(f"{label} us" for label in engines) + " | moto / wrapper |")
    print("| --- | --- |" + " --- |" * len(engines) + " --- |")
    for request in results[("wrapper", sizes[0])]:
        for size in sizes:
            cells = [f"{results[(label, size)][request]:.0f}" if (label, size) in results else "-" for label in engines]
            ratio = results[("moto", size)][request] / results[("wrapper", size)][request] if ("moto", size) in results else None
            print(f"| {request} | {size:,} | " + " | ".join(cells) + f" | {f'{ratio:.0f}x' if ratio else '-'} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--players", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--sizes", default="", help="comma-separated table sizes for the scaling table, e.g. 1000,10000,100000")
    parser.add_argument("--moto-max", type=int, default=10_000)
    parser.add_argument("--before", default=None, help="a directory holding an older wrapper/ to compare with")
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
    if args.sizes:
        print_scaling([int(s) for s in args.sizes.split(",")], max(20, args.rounds // 10), args.moto_max, args.before)


if __name__ == "__main__":
    main()
