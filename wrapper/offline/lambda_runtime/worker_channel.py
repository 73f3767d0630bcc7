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
decided how many players one machine can emulate). DynamoDB calls to the gateway's embedded
engine (``/__aws/dynamodb``) take the same path, answered by the code that answers them over
HTTP (``aws/proxy.py``). Calls to any other endpoint are untouched.

A POST to a connection the mirror of open connections holds travels one way (``{"post": id,
...}``, no answer; ``"same": true`` instead of the text the pipe's previous post carried): the
handler's call returns the gateway's 200 at once. What keeps that as ordered as waiting would (docs/decisions.md, "One-way posts and fences"):

- the gateway handles a pipe's lines in order, so one environment's posts to a connection
  arrive in the order they were made, and an invocation's reply is read after its posts are
  on their sockets;
- before any other AWS request leaves the environment (botocore's ``before-send``: a DynamoDB
  write that tells another environment "sent", say), a *fence* ``{"fence": n}`` waits until
  the gateway has handled every post written before it.

A 410 or 413 is still raised in the call itself, from the mirror, as the gateway would answer.
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
        self._unfenced = False  # a one-way post went out since the last fence
        self._last_text: str | None = None  # the last one-way post's: a room's snapshot crosses the pipe once
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
        """A POST: refused here when the mirror of open connections says 410 or 413, else sent one way."""
        live, answers = self._live, self._answers
        if live is None or not answers:
            return self.call(request)  # no mirror yet: the gateway answers
        connection = unquote(request["connection"])
        body: dict[str, str] = {k: request[k] for k in ("text", "b64") if k in request}
        return self.send_post(connection, body) or self.call(request)

    def send_post(self, connection: str, body: dict[str, str]) -> dict[str, Any] | None:
        """Send a POST of ``body`` (``text`` or ``b64``) one way when the mirror can answer for the gateway.

        The gateway's answer comes back: its 200 when the post went out, its 410 or 413 when the
        mirror says the connection is gone or the payload too large; None without a mirror.
        """
        live, answers = self._live, self._answers
        if live is None or not answers:
            return None
        size = len(base64.b64decode(body["b64"])) if "b64" in body else _utf8_length(body.get("text", ""))
        if size > answers["max_bytes"]:
            return dict(answers["too_large"])
        if connection not in live:
            return dict(answers["gone"])
        text = body.get("text")
        with self._write_lock:  # "the previous post" is the previous line on the pipe: decided under the lock
            if text is not None and text == self._last_text:
                line = f'{{"post": {json.dumps(connection)}, "same": true}}\n'
            else:
                line = json.dumps({"post": connection, **body}) + "\n"
                self._last_text = text
            self._out.write(line)
            self._out.flush()
            self._unfenced = True
        return dict(answers["ok"])

    def fence(self) -> None:
        """Return once the gateway has handled every one-way post written before this call."""
        with self._write_lock:
            if not self._unfenced:
                return
            self._unfenced = False
            ident = next(self._ids)
            waiter: queue.SimpleQueue[dict[str, Any]] = queue.SimpleQueue()
            self._pending[ident] = waiter
            self._out.write(json.dumps({"fence": ident}) + "\n")
            self._out.flush()
        waiter.get()

    def call(self, request: dict[str, Any]) -> dict[str, Any]:
        ident = next(self._ids)
        waiter: queue.SimpleQueue[dict[str, Any]] = queue.SimpleQueue()
        self._pending[ident] = waiter
        self.write({"call": ident, **request})
        return waiter.get()


def _utf8_length(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode())


def install_management_shortcut(channel: Channel, netlocs: Iterable[str], stage: str) -> bool:
    """Send this gateway's @connections and DynamoDB calls from every boto3 session through ``channel``; False without botocore."""
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

    def answered(model: Any, url: str, answer: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        """The gateway's answer as botocore would have parsed it from HTTP."""
        response = AWSResponse(url, answer["status"], answer["headers"], RawBody(answer["text"].encode()))
        protocol = model.service_model.protocol
        parser = parsers.get(protocol) or parsers.setdefault(protocol, create_parser(protocol))
        response_dict = convert_to_response_dict(response, model)
        parsed = parser.parse(response_dict, model.output_shape)
        # As botocore's Endpoint adds them: an error's modeled fields (a cancelled transaction's
        # CancellationReasons, the Item a failed condition returns), which the parse above leaves out.
        code = parsed.get("Error", {}).get("Code") if answer["status"] >= 300 else None
        error_shape = model.service_model.shape_for_error_code(code) if code else None
        if error_shape is not None:
            parsed.update(parser.parse(response_dict, error_shape))
        return response, parsed

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
        return answered(model, params["url"], answer)

    def dynamodb(model: Any, params: dict[str, Any], **_: Any) -> tuple[Any, dict[str, Any]] | None:
        """This gateway's DynamoDB (``/__aws/dynamodb``) over the pipe: after the posts before it, as over HTTP with a fence."""
        url = urlsplit(params["url"])
        if url.netloc not in ours or url.path.rstrip("/") != "/__aws/dynamodb" or url.query:
            return None  # another endpoint (real DynamoDB, DynamoDB Local): HTTP as usual
        body = params.get("body") or b""
        text = body if isinstance(body, str) else bytes(body).decode("utf-8")  # botocore's JSON is UTF-8
        answer = channel.call({"dynamodb": model.name, "text": text})
        return answered(model, params["url"], answer)

    def remember_endpoint(class_attributes: dict[str, Any], base_classes: list[type], **_: Any) -> None:
        base_classes.insert(0, _endpoint_memo(ours))
        if "post_to_connection" in class_attributes:
            class_attributes["post_to_connection"] = _quick_post(class_attributes["post_to_connection"], channel, ours, stage)

    def fence(**_: Any) -> None:
        channel.fence()

    # Every botocore session registers these when it is created, so clients made at import time are covered too.
    botocore.handlers.BUILTIN_HANDLERS.append(("before-call.apigatewaymanagementapi", shortcut))
    botocore.handlers.BUILTIN_HANDLERS.append(("before-call.dynamodb", dynamodb))
    botocore.handlers.BUILTIN_HANDLERS.append(("creating-client-class.dynamodb", lambda base_classes, **_: base_classes.insert(0, _endpoint_memo(ours))))
    botocore.handlers.BUILTIN_HANDLERS.append(("creating-client-class.apigatewaymanagementapi", remember_endpoint))
    botocore.handlers.BUILTIN_HANDLERS.append(("before-send", fence))
    return True


def _quick_post(full: Any, channel: Channel, ours: frozenset[str], stage: str) -> Any:
    """``post_to_connection`` that sends a plain call to an open connection without botocore's pipeline.

    A plain call is ``ConnectionId=<str>, Data=<bytes or str>`` on a client pointed at this
    gateway's stage. Its result is a copy of the one botocore parsed for this client's first
    such post, which took the full path; everything else (other arguments, a 410 or 413, no
    mirror yet) takes the full path too, so validation errors and exceptions are botocore's own.
    The pipeline costs ~150 us of CPU per call even without signing and HTTP, more than the
    gateway spends delivering the message.
    """

    def post_to_connection(self: Any, *args: Any, **kwargs: Any) -> Any:
        memo: dict[str, Any] = self.__dict__.setdefault("_wrapper_post", {})
        if "ours" not in memo:
            url = urlsplit(getattr(self.meta, "endpoint_url", "") or "")
            memo["ours"] = url.netloc in ours and url.path.rstrip("/") == f"/{stage}" and not url.query
        connection, data = kwargs.get("ConnectionId"), kwargs.get("Data")
        if args or len(kwargs) != 2 or not memo["ours"] or "ok" not in memo or type(connection) is not str:
            return _remember_ok(memo, full(self, *args, **kwargs))
        if type(data) is str:
            body = {"text": data}
        elif type(data) is bytes:
            try:
                body = {"text": data.decode("utf-8")}
            except UnicodeDecodeError:
                body = {"b64": base64.b64encode(data).decode()}
        else:
            return full(self, *args, **kwargs)
        answer = channel.send_post(connection, body)
        if answer is None or answer["status"] != 200:
            return full(self, *args, **kwargs)  # botocore raises the mirror's 410 or 413 itself
        return copy.deepcopy(memo["ok"])

    post_to_connection.__doc__ = full.__doc__
    return post_to_connection


def _remember_ok(memo: dict[str, Any], result: Any) -> Any:
    if "ok" not in memo and isinstance(result, dict):
        memo["ok"] = copy.deepcopy(result)
    return result


def _endpoint_memo(ours: frozenset[str]) -> type:
    """A client base that resolves this gateway's endpoint once per operation instead of on every call.

    botocore evaluates the endpoint rule set on each call (about a third of a post's CPU in the
    handler, an eighth of a pose's); for a client pointed at this gateway with ``endpoint_url`` the
    rule set's inputs are the client's own and, per operation, the request's context parameters
    (DynamoDB's ``ResourceArn``: the ``TableName``), so the first answer for an operation and those
    values (URL, headers, properties and the signing context it sets) is kept. Operations whose
    parameters come from a JMESPath over the request (a batch's table names), other endpoints and
    other clients resolve as usual.
    """

    class EndpointMemo:
        def _resolve_endpoint_ruleset(
            self, operation_model: Any, params: Any, request_context: dict[str, Any], ignore_signing_region: bool = False
        ) -> Any:
            resolve = super()._resolve_endpoint_ruleset  # type: ignore[misc]
            url = getattr(getattr(self, "meta", None), "endpoint_url", None) or ""
            given = tuple((p.member_name, (params or {}).get(p.member_name)) for p in operation_model.context_parameters)
            if urlsplit(url).netloc not in ours or operation_model.operation_context_parameters or not all(
                isinstance(value, str | None) for _, value in given
            ):
                return resolve(operation_model, params, request_context, ignore_signing_region)
            memo: dict[Any, Any] = self.__dict__.setdefault("_wrapper_endpoints", {})
            key = (operation_model.name, ignore_signing_region, given)
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
