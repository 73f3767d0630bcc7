"""``wrapper dev``: the whole backend and its page on this machine, no AWS."""

from __future__ import annotations

import signal
import threading
from typing import Annotated, Optional

import typer

from wrapper.cli.examples import epilog
from wrapper.cli.target import Target, acts_on_stage
from wrapper.errors import UsageError


@acts_on_stage()
def dev(
    target: Target,
    port: Annotated[
        Optional[int], typer.Option(min=0, max=65535, help="WebSocket and @connections port (default: dev.port, 3001).")
    ] = None,
    frontend_port: Annotated[
        Optional[int], typer.Option(min=0, max=65535, help="Port of the page (default: dev.frontend_port, 8080).")
    ] = None,
    secrets_port: Annotated[
        int,
        typer.Option(
            min=0,
            max=65535,
            help="Port of the embedded Secrets Manager the handlers reach through the gateway (default: any free port).",
        ),
    ] = 0,
    reset: Annotated[bool, typer.Option("--reset", help="Start with empty tables instead of the saved local data.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No line per invocation; handler output still shows.")] = False,
    lan: Annotated[
        Optional[bool],
        typer.Option("--lan/--no-lan", help="Also serve on the local network over HTTPS/WSS for a headset or phone (default: dev.lan)."),
    ] = None,
    host: Annotated[Optional[str], typer.Option(help="With --lan: the LAN address to serve on (default: chosen automatically).")] = None,
    print_ca: Annotated[
        bool, typer.Option("--print-ca", help="Print the local CA certificate's path (created if needed) and exit.")
    ] = False,
) -> None:
    """Run the WebSocket API, the handlers, DynamoDB and the page locally, as they run on AWS."""
    # Imported here: aiohttp, moto and boto3 cost every other command ~0.6 s of start-up.
    from wrapper import page_packages
    from wrapper.lan import prepare_lan
    from wrapper.lan.ca import local_ca
    from wrapper.offline import start_dev_server
    from wrapper.ui import dev_view, lan_view, npm_view

    if print_ca:
        lan_view.ca_info(local_ca())
        return
    # The ports go through the config's checks too (the page and the WebSocket on one port is refused there).
    config = target.load(overrides={"dev.port": port, "dev.frontend_port": frontend_port})
    serve_lan = config.dev.lan if lan is None else lan
    if host and not serve_lan:
        raise UsageError("--host needs --lan", "add --lan (or set dev.lan = true in wrapper.toml)")
    setup = prepare_lan(host) if serve_lan else None
    page_packages.ensure_installed(config.root / config.dev.frontend_dir, npm_view)
    server = start_dev_server(
        config,
        port=port,
        frontend_port=frontend_port,
        reset=reset,
        on_invocation=(lambda _: None) if quiet else dev_view.invocation,
        on_log=dev_view.handler_log,
        on_save_failure=dev_view.save_failed,
        on_error=dev_view.handler_error,
        secrets_port=secrets_port,
        lan=setup,
        on_notice=dev_view.notice,
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
