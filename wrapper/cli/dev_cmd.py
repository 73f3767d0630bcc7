"""``wrapper dev``: the whole backend and its page on this machine, no AWS."""

from __future__ import annotations

import signal
import threading
from typing import Annotated, Optional

import typer

from wrapper.cli.examples import epilog
from wrapper.cli.options import FromOption, ProjectOption, StageOption
from wrapper.cli.project import load_project


def dev(
    stage: StageOption = None,
    project: ProjectOption = None,
    from_stage: FromOption = None,
    port: Annotated[Optional[int], typer.Option(help="WebSocket and @connections port (default: dev.port, 3001).")] = None,
    frontend_port: Annotated[Optional[int], typer.Option(help="Port of the page (default: dev.frontend_port, 8080).")] = None,
    secrets_port: Annotated[
        int, typer.Option(help="Port of the embedded Secrets Manager the handlers reach through the gateway (default: any free port).")
    ] = 0,
    reset: Annotated[bool, typer.Option("--reset", help="Start with empty tables instead of the saved local data.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No line per invocation; handler output still shows.")] = False,
) -> None:
    """Run the WebSocket API, the handlers, DynamoDB and the page locally, as they run on AWS."""
    # Imported here: aiohttp, moto and boto3 cost every other command ~0.6 s of start-up.
    from wrapper.offline import start_dev_server
    from wrapper.ui import dev_view

    config = load_project(project, stage, from_stage=from_stage)
    server = start_dev_server(
        config,
        port=port,
        frontend_port=frontend_port,
        reset=reset,
        on_invocation=(lambda _: None) if quiet else dev_view.invocation,
        on_log=dev_view.handler_log,
        on_error=dev_view.handler_error,
        secrets_port=secrets_port,
    )
    dev_view.banner(server)
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
        dev_view.stopped(server)


def register(app: typer.Typer) -> None:
    app.command("dev", epilog=epilog("dev"))(dev)
