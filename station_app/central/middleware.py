"""Request bodies: gzip decoding and the 16 MB limit (after decompression).

A pure ASGI middleware: it reads the body (at most ``max_bytes`` as sent), inflates it when
``Content-Encoding: gzip`` (stopping as soon as the output passes ``max_bytes``, so a small
"gzip bomb" costs nothing), and hands the application the plain body.  Over the limit →
``413 request.too_large``; a broken gzip stream or another encoding → ``400
request.bad_encoding``.  Responses are compressed by Starlette's ``GZipMiddleware``.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from station_app.central.errors import BAD_ENCODING, TOO_LARGE, reason
from station_app.domain.messages import Message as Text

MAX_BODY = 16 * 1024 * 1024
# How much of an over-long plain body is read (and dropped) before answering, so a client
# that sends its whole body before reading gets the 413 instead of a reset connection.
DRAIN_LIMIT = 64 * 1024 * 1024


class TooLarge(Exception):
    pass


class BadEncoding(Exception):
    pass


def gunzip(data: bytes, limit: int) -> bytes:
    """Inflate one or more gzip members; :class:`TooLarge` past ``limit`` bytes."""
    out = bytearray()
    while data:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            while data:
                out += inflater.decompress(data, limit + 1 - len(out))
                if len(out) > limit:
                    raise TooLarge()
                data = inflater.unconsumed_tail
                if inflater.eof:
                    break
        except zlib.error as exc:
            raise BadEncoding() from exc
        if not inflater.eof:
            raise BadEncoding()  # truncated stream
        data = inflater.unused_data
    return bytes(out)


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope["headers"]]
        encoding = b""
        declared = None
        for key, value in headers:
            if key == b"content-encoding":
                encoding = value.strip().lower()
            elif key == b"content-length":
                declared = value
        if encoding not in (b"", b"identity", b"gzip", b"x-gzip"):
            await _answer(send, 400, BAD_ENCODING)
            return
        if declared is not None and declared.strip().isdigit() \
                and int(declared) > self.max_bytes:
            await _drain(receive)
            await _answer(send, 413, TOO_LARGE)
            return

        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_bytes:
                if more:
                    await _drain(receive)
                await _answer(send, 413, TOO_LARGE)
                return
        if encoding in (b"gzip", b"x-gzip"):
            try:
                plain = gunzip(bytes(body), self.max_bytes)
            except TooLarge:
                await _answer(send, 413, TOO_LARGE)
                return
            except BadEncoding:
                await _answer(send, 400, BAD_ENCODING)
                return
            headers = [(k, v) for k, v in headers if k not in (b"content-encoding",
                                                                b"content-length")]
            headers.append((b"content-length", str(len(plain)).encode("ascii")))
            scope = {**scope, "headers": headers}
        else:
            plain = bytes(body)

        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": plain, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _drain(receive: Receive) -> None:
    seen = 0
    while seen <= DRAIN_LIMIT:
        message = await receive()
        if message["type"] != "http.request":
            return
        seen += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


async def _answer(send: Send, status: int, message: Text) -> None:
    payload: dict[str, Any] = {"error": reason(message)}
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode("ascii")),
        (b"connection", b"close"),
    ]})
    await send({"type": "http.response.body", "body": body})
