"""Human view of a resolved ``ProjectConfig``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wrapper.ui import console

if TYPE_CHECKING:
    from wrapper.config import ProjectConfig


def show(config: ProjectConfig) -> None:
    src = config.sources
    console.table(
        f"{config.service} · stage {config.stage}",
        ("setting", "value", "from"),
        [
            ("service", config.service, src.get("service.name", "file")),
            ("stage", config.stage + (" (protected)" if config.protected else ""), "flag/env/default"),
            ("region", config.region, src.get("service.region", "file")),
            ("runtime", config.runtime, src.get("service.runtime", "default")),
            ("architecture", config.architecture, src.get("service.architecture", "default")),
            (
                "state",
                f"s3://{config.state.bucket}/{config.state.key}" if config.state else f"local: .wrapper/{config.stage}/",
                src.get("state", "default"),
            ),
            ("websocket api", config.api_name, "derived"),
            ("secret", config.secret.name, "derived"),
            ("fan-out", f"{config.multiplayer.fanout} @ {config.multiplayer.tick_hz} Hz", src.get("multiplayer.fanout", "default")),
        ],
    )
    console.table(
        "tables",
        ("table", "AWS name", "keys", "ttl", "indexes"),
        [
            (
                t.name,
                t.full_name,
                t.hash_key.name + (f", {t.range_key.name}" if t.range_key else ""),
                t.ttl_attribute or "-",
                ", ".join(i.name for i in t.indexes) or "-",
            )
            for t in config.tables.values()
        ],
    )
    console.table(
        "functions",
        ("function", "AWS name", "handler", "routes", "memory", "timeout"),
        [
            (f.name, f.full_name, f.handler, ", ".join(f.routes) or "-", f"{f.memory} MB", f"{f.timeout} s")
            for f in config.functions.values()
        ],
    )
