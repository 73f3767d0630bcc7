"""Connections and the server over time: idle timeout, hot reload, restarts, shutdown."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.offline.conftest import CONFIG, item, write_project
from wrapper.config import load_config
from wrapper.offline import Limits, start_dev_server


def test_idle_connections_are_closed_with_1001_and_disconnected(gw_project: Path) -> None:
    with start_dev_server(load_config(gw_project, "dev", env={}), limits=Limits(idle_timeout=1.0)) as server, connect(server.ws_url) as ws:
        ws.send(json.dumps({"action": "whoami"}))
        me = json.loads(ws.recv(timeout=10))["id"]
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001
        deadline = time.monotonic() + 10
        while item(server, f"gone#{me}") is None and time.monotonic() < deadline:
            time.sleep(0.1)
        gone = item(server, f"gone#{me}")
    assert gone is not None and gone["code"]["N"] == "1001" and "idle" in gone["reason"]["S"]


def test_connections_older_than_the_maximum_age_are_closed(gw_project: Path) -> None:
    with (
        start_dev_server(load_config(gw_project, "dev", env={}), limits=Limits(max_connection_age=1.0)) as server,
        connect(server.ws_url) as ws,
    ):
        started = time.monotonic()
        with pytest.raises(ConnectionClosed):
            while time.monotonic() - started < 10:  # stay active: only age can close it
                ws.send(json.dumps({"action": "echo", "text": "."}))
                ws.recv(timeout=10)
                time.sleep(0.2)
        assert time.monotonic() - started < 5


def test_editing_a_handler_takes_effect_without_dropping_connections(dev, gw_project: Path) -> None:  # type: ignore[no-untyped-def]
    source = gw_project / "functions" / "echo.py"
    with connect(dev.ws_url) as ws:
        ws.send(json.dumps({"action": "echo", "text": "1"}))
        assert ws.recv(timeout=10) == "echo:1"
        time.sleep(0.01)  # a distinct modification time on coarse filesystems
        source.write_text(source.read_text().replace('"echo:"', '"reloaded:"'))
        ws.send(json.dumps({"action": "echo", "text": "2"}))
        assert ws.recv(timeout=10) == "reloaded:2"


def test_data_survives_a_restart_and_reset_starts_clean(gw_project: Path) -> None:
    config = load_config(gw_project, "dev", env={})
    with start_dev_server(config) as server, connect(server.ws_url) as ws:
        ws.send(json.dumps({"action": "store", "id": "score", "value": "42"}))
        assert ws.recv(timeout=10) == "stored"
    assert (gw_project / ".wrapper" / "local" / "dev" / "state.json").is_file()
    with start_dev_server(config) as server, connect(server.ws_url) as ws:
        ws.send(json.dumps({"action": "load", "id": "score"}))
        assert json.loads(ws.recv(timeout=10)) == "42"
    with start_dev_server(config, reset=True) as server, connect(server.ws_url) as ws:
        ws.send(json.dumps({"action": "load", "id": "score"}))
        assert json.loads(ws.recv(timeout=10)) is None


def test_expired_items_are_gone_after_a_restart_like_dynamodb_ttl(gw_project: Path) -> None:
    # DynamoDB deletes expired items eventually (within days); wrapper dev does it when it saves.
    config = load_config(gw_project, "dev", env={})
    table = config.tables["items"].full_name
    now = int(time.time())
    with start_dev_server(config) as server:
        ddb = server.embedded.client("dynamodb")
        ddb.put_item(TableName=table, Item={"id": {"S": "old"}, "expiresAt": {"N": str(now - 60)}})
        ddb.put_item(TableName=table, Item={"id": {"S": "new"}, "expiresAt": {"N": str(now + 3600)}})
        assert item(server, "old") is not None  # still readable until deleted, as on AWS
    with start_dev_server(config) as server:
        assert item(server, "old") is None
        assert item(server, "new") is not None


def test_shutdown_closes_clients_with_1001_and_runs_their_disconnect(gw_project: Path) -> None:
    config = load_config(gw_project, "dev", env={})
    server = start_dev_server(config)
    with connect(server.ws_url) as ws:
        ws.send(json.dumps({"action": "whoami"}))
        me = json.loads(ws.recv(timeout=10))["id"]
        server.stop()
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001
    saved = json.loads((gw_project / ".wrapper" / "local" / "dev" / "state.json").read_text())
    gone = [i for i in saved["tables"]["gw-dev-items"] if i["id"]["S"] == f"gone#{me}"]
    assert gone and gone[0]["code"]["N"] == "1001"


def test_without_default_route_unmatched_messages_are_forbidden(tmp_path: Path) -> None:
    text = CONFIG.replace('[functions.fallback]\nhandler = "fallback.handler"\nroutes = ["$default"]\nroute_response = true\n', "")
    root = write_project(tmp_path / "nodefault", text)
    with start_dev_server(load_config(root, "dev", env={})) as server, connect(server.ws_url) as ws:
        ws.send('{"action": "unknown"}')
        reply = json.loads(ws.recv(timeout=10))
        assert reply["message"] == "Forbidden" and reply["connectionId"] and reply["requestId"]
        ws.send(json.dumps({"action": "echo", "text": "ok"}))
        assert ws.recv(timeout=10) == "echo:ok"


def test_port_in_use_is_a_clear_error(gw_project: Path) -> None:
    import socket

    from wrapper.errors import WrapperError

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(WrapperError) as err:
            start_dev_server(load_config(gw_project, "dev", env={}), port=port)
    assert "another program uses the port" in (err.value.hint or "")


def test_the_embedded_moto_leaves_when_its_parent_is_killed() -> None:
    import subprocess
    import sys

    from wrapper.offline.aws.embedded import MOTO_CHILD, free_port

    launcher = (
        "import os, subprocess, sys, time; "
        f"p = subprocess.Popen([sys.executable, {str(MOTO_CHILD)!r}, '-p', '{free_port()}'], env={{**os.environ, 'WRAPPER_PARENT_PID': str(os.getpid())}}); "
        "print(p.pid, flush=True); time.sleep(120)"
    )
    parent = subprocess.Popen([sys.executable, "-c", launcher], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    parent.kill()  # no chance to clean up
    parent.wait()
    for _ in range(100):  # bounded: 20 s
        state = Path(f"/proc/{child}/status")
        if not state.exists() or "State:\tZ" in state.read_text():
            break
        time.sleep(0.2)
    else:
        os.kill(child, 9)
        raise AssertionError("moto outlived the process that started it")
