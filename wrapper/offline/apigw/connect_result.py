"""What $connect's result means for the handshake: the status it answers, the subprotocol it selects."""

from __future__ import annotations

from wrapper.offline.lambda_runtime.invoker import Outcome


def connect_status(outcome: Outcome) -> int:
    if not outcome.ok:
        return 500
    result = outcome.result
    if isinstance(result, dict) and "statusCode" in result:
        try:
            return int(result["statusCode"])
        except (TypeError, ValueError):
            return 500
    return 200


def chosen_subprotocol(outcome: Outcome | None) -> str | None:
    """The ``Sec-WebSocket-Protocol`` header of $connect's response, which API Gateway puts in the handshake."""
    result = outcome.result if outcome is not None else None
    headers = result.get("headers") if isinstance(result, dict) else None
    if not isinstance(headers, dict):
        return None
    chosen = next((v for k, v in headers.items() if str(k).lower() == "sec-websocket-protocol"), None)
    return chosen if isinstance(chosen, str) and chosen else None
