"""Embedded AWS for offline mode: DynamoDB in this process, Secrets Manager from moto's server.

DynamoDB is ``wrapper.offline.dynamodb`` (in memory, called directly by the gateway);
Secrets Manager, read once per handler environment, is moto's server in its own
process. The tables are created from the same ``Table`` definitions Terraform gets,
and the data is saved to ``.wrapper/local/<stage>/state.json`` on shutdown and every
few seconds after writes, then restored on the next start. ``reset`` starts clean.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wrapper import aws
from wrapper.config import ProjectConfig, Table
from wrapper.errors import WrapperError, from_os_error
from wrapper.files import write_json_atomic
from wrapper.offline.dynamodb import EmbeddedDynamoDB
from wrapper.offline.dynamodb.client import engine_client

MOTO_CHILD = Path(__file__).with_name("moto_child.py")  # run by path: the wrapper package stays out of moto's process
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "offline", "AWS_SECRET_ACCESS_KEY": "offline"}


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


class EmbeddedAws:
    def __init__(self, config: ProjectConfig, *, reset: bool = False, port: int = 0) -> None:
        self.config = config
        self.state_file = config.root / ".wrapper" / "local" / config.stage / "state.json"
        self.reset = reset
        self.chosen_port = port  # 0: any free port
        self.port = port
        self._proc: subprocess.Popen[bytes] | None = None
        self._clients: dict[str, Any] = {}
        self.dynamodb = EmbeddedDynamoDB(config.region)
        self.save_error: WrapperError | None = None  # the last save's failure, until a save works
        self.saved_once = False
        self.notices: list[str] = []  # what `wrapper dev` must tell the developer about the saved data
        # "Now" for the TTL sweep; wrapper.testing moves it forward together with the handlers' clock.
        self.clock: Callable[[], float] = time.time

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self, service: str) -> Any:
        """A boto3 client for an embedded service; DynamoDB's is answered in-process, unmetered (wrapper's own view)."""
        if service not in self._clients:
            if service == "dynamodb":
                self._clients[service] = engine_client(self.dynamodb)
            else:
                self._clients[service] = aws.client(
                    service, self.config.region, endpoint_url=self.endpoint, credentials=aws.OFFLINE_CREDENTIALS
                )
        return self._clients[service]

    def start(self) -> None:
        self.port = self.chosen_port or free_port()
        env = {**os.environ, **FAKE_CREDENTIALS, "MOTO_ALLOW_NONEXISTENT_REGION": "true", "WRAPPER_PARENT_PID": str(os.getpid())}
        try:
            self._proc = subprocess.Popen(
                [sys.executable, str(MOTO_CHILD), "-H", "127.0.0.1", "-p", str(self.port)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
                # Out of the terminal's process group: Ctrl-C must not stop moto (it installs its own
                # SIGINT handler) before the final save reads the secret from it; stop() ends it.
                start_new_session=True,
            )
        except OSError as exc:
            raise WrapperError(
                f"could not start the embedded Secrets Manager: {exc}", "reinstall wrapper: pip install 'moto[server]'"
            ) from None
        self._wait_until_up()
        if self.reset:
            self.state_file.unlink(missing_ok=True)
        saved = self._load_saved()
        for table in self.config.tables.values():
            self._create_table(table)
        self._restore(saved)
        # At once, not at the first write: `wrapper token --local` reads the signing key from the file.
        # A folder that cannot be written is reported (save_error) and the stack serves anyway.
        self.try_save()

    def _wait_until_up(self, seconds: float = 30.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                break
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return
            time.sleep(0.1)
        self.stop(save=False)
        raise WrapperError(
            "the embedded Secrets Manager (moto) did not start", "check that moto[server] is installed: pip install 'moto[server]'"
        )

    def _create_table(self, table: Table) -> None:
        ddb = self.client("dynamodb")
        keys = [{"AttributeName": table.hash_key.name, "KeyType": "HASH"}]
        if table.range_key:
            keys.append({"AttributeName": table.range_key.name, "KeyType": "RANGE"})
        spec: dict[str, Any] = {
            "TableName": table.full_name,
            "KeySchema": keys,
            "AttributeDefinitions": [{"AttributeName": a.name, "AttributeType": a.type} for a in table.attribute_definitions()],
            "BillingMode": "PAY_PER_REQUEST",
        }
        if table.indexes:
            spec["GlobalSecondaryIndexes"] = [
                {
                    "IndexName": index.name,
                    "KeySchema": [{"AttributeName": index.hash_key.name, "KeyType": "HASH"}]
                    + ([{"AttributeName": index.range_key.name, "KeyType": "RANGE"}] if index.range_key else []),
                    "Projection": {"ProjectionType": index.projection},
                }
                for index in table.indexes
            ]
        ddb.create_table(**spec)
        if table.ttl_attribute:
            ddb.update_time_to_live(
                TableName=table.full_name, TimeToLiveSpecification={"Enabled": True, "AttributeName": table.ttl_attribute}
            )

    def _load_saved(self) -> dict[str, Any]:
        if not self.state_file.is_file():
            return {}
        try:
            data: dict[str, Any] = json.loads(self.state_file.read_text())
            return data
        except (OSError, ValueError) as exc:
            # A damaged file must not stop the developer; keep it aside for inspection, and say so:
            # silently empty tables would look like lost data.
            kept = self.state_file.with_suffix(".damaged.json")
            self.state_file.replace(kept)
            shown = kept.relative_to(self.config.root) if kept.is_relative_to(self.config.root) else kept
            self.notices.append(
                f"the saved local data could not be read ({type(exc).__name__}); it was kept as {shown} and the tables start empty"
            )
            return {}

    def _restore(self, saved: dict[str, Any]) -> None:
        ddb = self.client("dynamodb")
        for name, items in saved.get("tables", {}).items():
            if name not in {t.full_name for t in self.config.tables.values()}:
                continue
            for start in range(0, len(items), 25):
                batch = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
                ddb.batch_write_item(RequestItems={name: batch})
        generated = {"service": self.config.service, "stage": self.config.stage, "token_key": secrets.token_hex(32)}
        secret = saved.get("secret") or json.dumps(generated)
        self.client("secretsmanager").create_secret(Name=self.config.secret.name, SecretString=secret)

    def snapshot(self) -> dict[str, Any]:
        ddb = self.client("dynamodb")
        tables: dict[str, list[Any]] = {}
        now = int(self.clock())
        for table in self.config.tables.values():
            items: list[Any] = []
            for page in ddb.get_paginator("scan").paginate(TableName=table.full_name):
                items.extend(page["Items"])
            if table.ttl_attribute:
                items = self._expire(table, items, now)
            tables[table.full_name] = items
        secret = self.client("secretsmanager").get_secret_value(SecretId=self.config.secret.name)["SecretString"]
        return {"tables": tables, "secret": secret}

    def expire(self) -> int:
        """Run DynamoDB's TTL sweep now (by ``clock``); how many items it deleted."""
        ddb = self.client("dynamodb")
        deleted = 0
        for table in self.config.tables.values():
            if table.ttl_attribute:
                items = [i for page in ddb.get_paginator("scan").paginate(TableName=table.full_name) for i in page["Items"]]
                deleted += len(items) - len(self._expire(table, items, int(self.clock())))
        return deleted

    def _expire(self, table: Table, items: list[Any], now: int) -> list[Any]:
        """DynamoDB's TTL: items whose expiry passed are deleted (AWS does it within hours; here at once)."""
        keep = []
        ddb = self.client("dynamodb")
        assert table.ttl_attribute is not None
        for item in items:
            expiry = item.get(table.ttl_attribute, {}).get("N")
            if expiry is not None and float(expiry) < now:
                key = {table.hash_key.name: item[table.hash_key.name]}
                if table.range_key:
                    key[table.range_key.name] = item[table.range_key.name]
                ddb.delete_item(TableName=table.full_name, Key=key)
            else:
                keep.append(item)
        return keep

    def save(self) -> None:
        """Write the data whole (a temp file renamed over the old one), or raise ``WrapperError``."""
        data = self.snapshot()
        try:
            write_json_atomic(self.state_file, data, indent=None)  # its temp file goes, whatever happens
        except OSError as exc:
            reason = (exc.strerror or str(exc)).lower()
            raise WrapperError(f"could not save local data to {self.state_file.parent}: {reason}", from_os_error(exc).hint) from None

    def try_save(self) -> bool:
        """Save; on failure keep the reason in ``save_error`` (the caller reports it) and return False."""
        try:
            self.save()
        except WrapperError as err:
            self.save_error = err
            return False
        self.save_error = None
        self.saved_once = True
        return True

    def stop(self, *, save: bool = True) -> bool:
        """Stop moto; True if the data was saved (False: not asked to, or the save failed)."""
        if self._proc is None:
            return False
        saved = False
        try:
            if save and self._proc.poll() is None:
                saved = self.try_save()
        finally:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            self._proc = None
        return saved
