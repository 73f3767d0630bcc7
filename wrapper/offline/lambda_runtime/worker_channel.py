"""The handler environment's side of its pipe to the gateway.

Loaded by ``worker.py`` by file path (the handler's interpreter must not import the
wrapper package), so standard library only, botocore imported lazily.

Lines in (``stdin``): invocations ``{"id", "event", ...}`` and answers ``{"answer": n, ...}``.
Lines out (the original stdout): the ``ready`` line, invocation replies, and calls
``{"call": n, ...}`` that the handler's threads make while an invocation runs. One
reader thread sorts what comes in, so several handler threads can wait on calls at once.

``install_management_shortcut`` routes boto3's ``apigatewaymanagementapi`` calls for
this gateway through the pipe: botocore still validates and serialises the request
and parses the answer into the same result or ``GoneException``; only signing and the
HTTP round trip are skipped (together ~1 ms of CPU per call, which on two shared cores
decided how many players one machine can emulate). Calls to any other endpoint are untouched.
"""

from __future__ import annotations

import base64
import copy
import itertools
import json
import queue
import threading
from collections.abc import Iterable
from typing import IO, Any
from urllib.parse import unquote, urlsplit


class Channel:
    def __init__(self, incoming: IO[str], outgoing: IO[str]) -> None:
        self._out = outgoing
        self._write_lock = threading.Lock()
        self._invocations: queue.SimpleQueue[dict[str, Any] | None] = queue.SimpleQueue()
        self._pending: dict[int, queue.SimpleQueue[dict[str, Any]]] = {}
        self._ids = itertools.count()
        self._live: set[str] | None = None  # the gateway's open connections, once it has sent them (``live.py``)
        self._answers: dict[str, Any] = {}
        threading.Thread(target=self._read, args=(incoming,), name="wrapper-channel", daemon=True).start()

    def _read(self, incoming: IO[str]) -> None:
        for line in incoming:
            message = json.loads(line)
            if "answer" in message:
                waiter = self._pending.pop(message["answer"], None)
                if waiter is not None:
                    waiter.put(message)
            elif "opened" in message and self._live is not None:
                self._live.add(message["opened"])
            elif "gone" in message and self._live is not None:
                self._live.discard(message["gone"])
            elif "live" in message:
                self._answers = message["answers"]
                self._live = set(message["live"])
            else:
                self._invocations.put(message)
        self._invocations.put(None)  # the gateway closed the pipe: shut down

    def next_invocation(self) -> dict[str, Any] | None:
        return self._invocations.get()

    def write(self, message: dict[str, Any]) -> None:
        line = json.dumps(message) + "\n"
        with self._write_lock:
            self._out.write(line)
            self._out.flush()

    def post(self, request: dict[str, Any]) -> dict[str, Any]:
        """A POST answered here from the mirror of open connections, sent one way (no wait); a call without one."""
        live, answers = self._live, self._answers
        if live is None or not answers:
            return self.call(request)
        size = len(base64.b64decode(request["b64"])) if "b64" in request else len(request.get("text", "").encode())
        if size > answers["max_bytes"]:
            return dict(answers["too_large"])
        if unquote(request["connection"]) not in live:
            return dict(answers["gone"])
        self.write({"post": True, **request})
        return dict(answers["ok"])

    def call(self, request: dict[str, Any]) -> dict[str, Any]:
        ident = next(self._ids)
        waiter: queue.SimpleQueue[dict[str, Any]] = queue.SimpleQueue()
        self._pending[ident] = waiter
        self.write({"call": ident, **request})
        return waiter.get()


def install_management_shortcut(channel: Channel, netlocs: Iterable[str], stage: str) -> bool:
    """Send this gateway's @connections calls from every boto3 session through ``channel``; False without botocore."""
    try:
        import botocore.handlers
        from botocore.awsrequest import AWSResponse
        from botocore.endpoint import convert_to_response_dict
        from botocore.parsers import create_parser
    except ImportError:
        return False
    ours = frozenset(netlocs)
    prefix = f"/{stage}/@connections/"
    parsers: dict[str, Any] = {}

    def shortcut(model: Any, params: dict[str, Any], **_: Any) -> tuple[Any, dict[str, Any]] | None:
        url = urlsplit(params["url"])
        if url.netloc not in ours or not url.path.startswith(prefix):
            return None  # another API Gateway: the normal, signed HTTP path
        request: dict[str, Any] = {"method": params["method"], "connection": url.path[len(prefix) :]}
        body = params.get("body") or b""
        body = body.encode() if isinstance(body, str) else bytes(body)
        try:
            request["text"] = body.decode("utf-8")
        except UnicodeDecodeError:
            request["b64"] = base64.b64encode(body).decode()
        answer = channel.post(request) if request["method"] == "POST" else channel.call(request)
        response = AWSResponse(params["url"], answer["status"], answer["headers"], RawBody(answer["text"].encode()))
        protocol = model.service_model.protocol
        parser = parsers.get(protocol) or parsers.setdefault(protocol, create_parser(protocol))
        return response, parser.parse(convert_to_response_dict(response, model), model.output_shape)

    def remember_endpoint(class_attributes: dict[str, Any], base_classes: list[type], **_: Any) -> None:
        base_classes.insert(0, _endpoint_memo(ours))

    # Every botocore session registers these when it is created, so clients made at import time are covered too.
    botocore.handlers.BUILTIN_HANDLERS.append(("before-call.apigatewaymanagementapi", shortcut))
    botocore.handlers.BUILTIN_HANDLERS.append(("creating-client-class.apigatewaymanagementapi", remember_endpoint))
    return True


def _endpoint_memo(ours: frozenset[str]) -> type:
    """A client base that resolves this gateway's endpoint once per operation instead of on every call.

    botocore evaluates the endpoint rule set on each call (about a third of a post's CPU in the
    handler); for a client pointed at this gateway with ``endpoint_url`` the answer cannot change
    unless the operation takes endpoint parameters, so the first answer (URL, headers, properties
    and the signing context it sets) is kept. Other endpoints and other clients resolve as usual.
    """

    class EndpointMemo:
        def _resolve_endpoint_ruleset(
            self, operation_model: Any, params: Any, request_context: dict[str, Any], ignore_signing_region: bool = False
        ) -> Any:
            resolve = super()._resolve_endpoint_ruleset  # type: ignore[misc]
            url = getattr(getattr(self, "meta", None), "endpoint_url", None) or ""
            if urlsplit(url).netloc not in ours or operation_model.context_parameters or operation_model.static_context_parameters:
                return resolve(operation_model, params, request_context, ignore_signing_region)
            memo: dict[Any, Any] = self.__dict__.setdefault("_wrapper_endpoints", {})
            key = (operation_model.name, ignore_signing_region)
            if key not in memo:
                result = resolve(operation_model, params, request_context, ignore_signing_region)
                memo[key] = result, {k: request_context[k] for k in ("auth_type", "signing") if k in request_context}
            result, context = memo[key]
            request_context.update(copy.deepcopy(context))
            return result

    return EndpointMemo


class RawBody:
    """The one method of a urllib3 response that ``AWSResponse.content`` uses."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterable[bytes]:
        yield self._data
