"""What `wrapper dev` shows: the banner with every URL and one line per invocation."""

from __future__ import annotations

import time

from rich.markup import escape

from wrapper.errors import WrapperError
from wrapper.offline.apigw.connect_result import connect_status
from wrapper.offline.apigw.gateway import Invocation
from wrapper.offline.handler_errors import HandlerError
from wrapper.offline.server import DevServer
from wrapper.ui import console, lan_view


def banner(server: DevServer) -> None:
    out = console.stderr()
    config = server.config
    out.print(f"[bold]wrapper dev[/] · {escape(config.service)} · stage [bold]{escape(config.stage)}[/] · offline, no AWS")
    out.print(f"  WebSocket       [cyan]{escape(server.ws_url)}[/]")
    if server.http_url:
        out.print(f"  HTTP API        [cyan]{escape(server.http_url)}[/]  ({len(config.http_routes)} routes)")
    loopback = " (this machine only)" if server.lan else ""
    out.print(f"  @connections    [cyan]{escape(server.management_url)}/@connections/{{id}}[/]{loopback}")
    if server.page_url:
        out.print(f"  page            [cyan]{escape(server.page_url)}[/]  (open it in two tabs)")
        if config.multiplayer.auth and config.auth is None:
            stage = "" if config.stage == "dev" else f" --stage {escape(config.stage)}"
            out.print(
                f"  player tokens   multiplayer.auth = true: open [cyan]{escape(server.page_url)}?token=...[/] with "
                f"`wrapper token --player NAME --local{stage}` (one per player)"
            )
    out.print(f"  Secrets Manager [cyan]{escape(server.embedded.endpoint)}[/]  (handlers reach it through the gateway)")
    out.print(
        f"  DynamoDB        {', '.join(t.full_name for t in config.tables.values()) or '-'} (saved in .wrapper/local/{escape(config.stage)}/)"
    )
    out.print(f"  functions       {', '.join(f'{r} → {f}' for r, f in {**config.routes, **config.http_routes}.items())}")
    for warning in server.warnings:
        console.warn(warning)
    if server.lan is not None:
        lan_view.banner(server.lan, server)
    out.print("[dim]Edit a handler and the next message runs the new code. Ctrl-C stops (clients get 1001).[/]")


def invocation(record: Invocation) -> None:
    outcome = record.outcome
    refused = connect_status(outcome) if record.route == "$connect" and outcome.ok else 200
    if not 200 <= refused < 300:
        # The handler ran fine but said no: "ok" here would hide why the client never got in.
        status = f"[yellow]refused {refused}[/]"
    elif outcome.ok:
        status = "[green]ok[/]"
    elif outcome.timed_out:
        status = "[red]timeout[/]"
    else:
        status = f"[red]{escape(outcome.error_type or 'error')}[/]"
    cold = " [dim](cold)[/]" if outcome.cold else ""
    stamp = time.strftime("%H:%M:%S")
    console.stderr().print(
        f"[dim]{stamp}[/] {escape(record.route):<12} {escape(record.function):<12} {escape(record.connection_id)} "
        f"{outcome.duration_ms:7.1f} ms {status}{cold}"
    )


def handler_error(error: HandlerError, first: bool) -> None:
    """A handler's traceback the first time it fails this way; later, how often it has failed since."""
    out = console.stderr()
    if first:
        out.print(f"[bold red]{escape(error.function)} handler raised {escape(error.error)}[/]")
        if error.trace:
            out.print(escape(error.trace), highlight=False)
        out.print("[dim]  the page shows this too; repeats are counted, not printed again[/]")
    elif error.count in (2, 10, 100) or error.count % 1000 == 0:
        out.print(f"[red]{escape(error.function)} handler raised {escape(error.error)} again[/] [dim](×{error.count}, traceback above)[/]")


def notice(message: str) -> None:
    console.warn(message)


def handler_log(function: str, line: str) -> None:
    console.stderr().print(f"[dim]{escape(function)} |[/] {escape(line)}")


def save_failed(error: WrapperError) -> None:
    console.warn(f"{error.message}; still serving, the data lives in memory until a save works")
    if error.hint:
        console.stderr().print(f"[dim]hint:[/] {escape(error.hint)}")


def stopped(server: DevServer) -> None:
    counts = f"{server.metrics.messages_in} messages in, {server.metrics.messages_out} out"
    if server.saved_at_stop:
        console.success(f"stopped; data saved to .wrapper/local/{server.config.stage}/ ({counts})")
        return
    failure = server.embedded.save_error
    reason = f": {failure.message}" if failure else ""
    console.warn(f"stopped; the local data was NOT saved{reason} ({counts})")
