"""A small HTTP/1.1-aware TCP proxy for fault injection and bad-link emulation.

Put it between the sync client and a real ``station-central serve`` process::

    proxy = NetProxy(("127.0.0.1", server_port))
    proxy.on("/api/v1/push", nth=2, action=Action(cut_response_at=100))
    ...  # the client talks to proxy.url
    proxy.close()

It reads each request whole from the client (head and body, ``Content-Length`` or chunked),
forwards it to the server on an upstream connection of its own (one per client connection,
kept alive like the client's), reads the answer whole and passes it back.  Knowing where the
messages begin and end lets a test say *which* request to hurt and *how*:

* ``cut_request_at`` / ``cut_response_at``: pass only that many bytes of the message (head
  included), then reset both connections (RST), i.e. a line that drops mid-body;
* ``replay``: send the same request to the server that many extra times before (or, with
  ``concurrent``, at the same time as) the one whose answer the client gets;
* ``after_request`` / ``after_response``: call something (e.g. SIGKILL the server) once the
  request went out whole, or once the answer came back and before the client gets it;
  ``drop_response`` then resets the client's connection instead of answering.

Every exchange is recorded (``exchanges``), with the answers to replays, so a test can look at
what the server said.  With a :class:`Link` the proxy also emulates a bad line: bandwidth per
direction, round-trip time (half of it on each message, one whole RTT for a new connection's
handshake), and loss, which on TCP shows as a connection reset at a random byte of a message
(counted in ``resets``).  Bytes on the wire are counted in both directions (``stats``).

Plain threads and blocking sockets: a test's traffic is one client at a time.
"""

from __future__ import annotations

import gzip
import json
import random
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

__all__ = ["Action", "Exchange", "HttpMessage", "Link", "NetProxy", "ProxyStats"]


# --------------------------------------------------------------------------- HTTP framing


@dataclass
class HttpMessage:
    start_line: str
    headers: dict[str, str]  # lower-case names
    head: bytes  # start line and headers, with the blank line
    raw_body: bytes  # as on the wire (chunked framing included)
    body: bytes  # the entity body (de-chunked, still content-encoded)

    @property
    def raw(self) -> bytes:
        return self.head + self.raw_body

    @property
    def status(self) -> int:
        return int(self.start_line.split(" ", 2)[1])

    def content(self) -> bytes:
        if self.headers.get("content-encoding", "").lower() in ("gzip", "x-gzip"):
            return gzip.decompress(self.body)
        return self.body

    def json(self) -> Any:
        return json.loads(self.content().decode("utf-8"))


class _Reader:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buf = bytearray()

    def _fill(self) -> bool:
        data = self.sock.recv(65536)
        if not data:
            return False
        self.buf += data
        return True

    def until(self, marker: bytes, *, eof_ok: bool = False) -> bytes | None:
        while True:
            at = self.buf.find(marker)
            if at >= 0:
                out = bytes(self.buf[:at + len(marker)])
                del self.buf[:at + len(marker)]
                return out
            if not self._fill():
                if eof_ok and not self.buf:
                    return None
                raise ConnectionError("connection closed inside a message")

    def exact(self, size: int) -> bytes:
        while len(self.buf) < size:
            if not self._fill():
                raise ConnectionError("connection closed inside a body")
        out = bytes(self.buf[:size])
        del self.buf[:size]
        return out

    def to_eof(self) -> bytes:
        while self._fill():
            pass
        out = bytes(self.buf)
        self.buf.clear()
        return out


def read_message(reader: _Reader, *, response: bool, method: str = "GET") -> HttpMessage | None:
    """One HTTP/1.1 message, or None when the peer closed cleanly before it began."""
    head = reader.until(b"\r\n\r\n", eof_ok=True)
    if head is None:
        return None
    lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    start = lines[0]
    raw = bytearray()
    body = bytearray()
    no_body = False
    if response:
        status = int(start.split(" ", 2)[1])
        no_body = method == "HEAD" or status in (204, 304) or 100 <= status < 200
    if no_body:
        pass
    elif "chunked" in headers.get("transfer-encoding", "").lower():
        while True:
            line = reader.until(b"\r\n")
            assert line is not None
            raw += line
            size = int(line.split(b";", 1)[0].strip(), 16)
            if size == 0:
                while True:  # trailers, then the blank line
                    trailer = reader.until(b"\r\n")
                    assert trailer is not None
                    raw += trailer
                    if trailer == b"\r\n":
                        break
                break
            chunk = reader.exact(size + 2)
            raw += chunk
            body += chunk[:-2]
    elif "content-length" in headers:
        raw += reader.exact(int(headers["content-length"]))
        body = raw
    elif response:
        raw += reader.to_eof()  # delimited by the close
        body = raw
    return HttpMessage(start, headers, head, bytes(raw), bytes(body))


def _abort(sock: socket.socket | None) -> None:
    """Close with a reset (RST), as a dropped line looks to the other end."""
    if sock is None:
        return
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


# --------------------------------------------------------------------------- the line


@dataclass
class Link:
    """A bad line: ``bandwidth_bps`` each way (None: unlimited), ``rtt_s`` round-trip time,
    ``loss``: the probability that a message is cut at a random byte and both connections
    reset (TCP hides packet loss as delay; what a flaky mobile line shows the application
    is a dropped connection).  Messages are paced out in ``chunk``-byte pieces."""

    bandwidth_bps: float | None = None
    rtt_s: float = 0.0
    loss: float = 0.0
    chunk: int = 4096
    seed: int = 1

    def __post_init__(self) -> None:
        self._free_at = {"up": 0.0, "down": 0.0}
        self._lock = threading.Lock()
        self.rng = random.Random(self.seed)

    @property
    def shaped(self) -> bool:
        return bool(self.bandwidth_bps) or self.rtt_s > 0

    def lost(self, size: int) -> int | None:
        """Where to cut a message of ``size`` bytes, or None (it gets through)."""
        with self._lock:
            if self.loss and size and self.rng.random() < self.loss:
                return self.rng.randrange(size)
        return None

    def handshake(self) -> None:
        if self.rtt_s:
            time.sleep(self.rtt_s)

    def transmit(self, sock: socket.socket, data: bytes, direction: str) -> None:
        """Send ``data`` as the line would deliver it: serialised at the bandwidth (the
        line is shared by everything going the same way), arriving half an RTT later."""
        if not data:
            return
        if not self.shaped:
            sock.sendall(data)
            return
        per_byte = 8.0 / self.bandwidth_bps if self.bandwidth_bps else 0.0
        with self._lock:
            start = max(time.monotonic(), self._free_at[direction])
            self._free_at[direction] = start + len(data) * per_byte
        one_way = self.rtt_s / 2
        sent = 0
        while sent < len(data):
            piece = data[sent:sent + self.chunk]
            due = start + (sent + len(piece)) * per_byte + one_way
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            sock.sendall(piece)
            sent += len(piece)


# --------------------------------------------------------------------------- the proxy


def _cut_point(value: int | float | None, size: int) -> int | None:
    """An int is a byte count; a float in (0, 1) a fraction of the message."""
    if value is None:
        return None
    if isinstance(value, float):
        return int(size * value)
    return min(value, size)


@dataclass
class Action:
    """What to do to one exchange (see the module doc).  Cut points are bytes of the whole
    message (head included), or a float fraction of it."""

    cut_request_at: int | float | None = None
    cut_response_at: int | float | None = None
    replay: int = 0
    concurrent: bool = False
    after_request: Callable[[], None] | None = None
    after_response: Callable[[], None] | None = None
    drop_response: bool = False


@dataclass
class Exchange:
    n: int
    conn: int
    method: str
    path: str  # without the query
    target: str  # with the query
    request: HttpMessage
    response: HttpMessage | None = None
    replies: list[HttpMessage | None] = field(default_factory=list)
    fate: str = "pending"  # ok | cut_request | cut_response | dropped | upstream_lost | lost


@dataclass
class ProxyStats:
    connections: int = 0
    exchanges: int = 0  # answered and delivered whole
    resets: int = 0  # messages cut by the line's loss
    bytes_up: int = 0  # client → server, everything that went on the line
    bytes_down: int = 0
    body_up: int = 0  # entity bodies (as encoded on the wire) of whole messages
    body_down: int = 0


@dataclass
class _Rule:
    prefix: str
    nth: int
    action: Action
    seen: int = 0


class NetProxy:
    """Listens on a loopback port; forwards to ``upstream`` (host, port)."""

    def __init__(self, upstream: tuple[str, int], link: Link | None = None) -> None:
        self.upstream = upstream
        self.link = link or Link()
        self.exchanges: list[Exchange] = []
        self.stats = ProxyStats()
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._closed = False
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept, name="netproxy-accept",
                                          daemon=True)
        self._acceptor.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def on(self, prefix: str, action: Action, *, nth: int = 1) -> None:
        """Apply ``action`` to the ``nth`` request from now whose path starts with
        ``prefix`` (once)."""
        with self._lock:
            self._rules.append(_Rule(prefix, nth, action))

    def pending_rules(self) -> int:
        with self._lock:
            return len(self._rules)

    def answered(self, prefix: str = "") -> list[Exchange]:
        return [e for e in self.exchanges if e.path.startswith(prefix) and e.response is not None]

    def close(self) -> None:
        self._closed = True
        # close() alone does not wake a thread blocked in accept() or recv() on Linux;
        # shutdown() does.
        for sock in [self._listener, *self._snapshot()]:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._listener.close()
        for sock in self._snapshot():
            _abort(sock)
        self._acceptor.join(5)
        for thread in list(self._threads):
            thread.join(5)

    def __enter__(self) -> "NetProxy":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ plumbing

    def _snapshot(self) -> list[socket.socket]:
        with self._lock:
            return list(self._open)

    def _track(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._open.add(sock)
        return sock

    def _drop(self, sock: socket.socket | None, *, reset: bool = False) -> None:
        if sock is None:
            return
        with self._lock:
            self._open.discard(sock)
        if reset:
            _abort(sock)
        else:
            try:
                sock.close()
            except OSError:
                pass

    def _accept(self) -> None:
        conn_id = 0
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            conn_id += 1
            self._track(client)
            thread = threading.Thread(target=self._serve, args=(client, conn_id),
                                      name=f"netproxy-{conn_id}", daemon=True)
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
            thread.start()

    def _connect(self) -> socket.socket:
        return self._track(socket.create_connection(self.upstream, timeout=120))

    def _decide(self, path: str) -> Action:
        with self._lock:
            chosen = None
            for rule in list(self._rules):
                if path.startswith(rule.prefix):
                    rule.seen += 1
                    if rule.seen == rule.nth and chosen is None:
                        chosen = rule.action
                        self._rules.remove(rule)
            return chosen or Action()

    def _replay_once(self, request: HttpMessage, out: list[HttpMessage | None], slot: int,
                     method: str) -> None:
        sock = None
        try:
            sock = self._connect()
            sock.sendall(request.raw)
            out[slot] = read_message(_Reader(sock), response=True, method=method)
        except OSError:
            out[slot] = None
        finally:
            self._drop(sock)

    def _serve(self, client: socket.socket, conn_id: int) -> None:
        upstream: socket.socket | None = None
        up_reader: _Reader | None = None
        reader = _Reader(client)
        first = True
        graceful = False
        link = self.link
        try:
            while not self._closed:
                request = read_message(reader, response=False)
                if request is None:
                    graceful = True
                    break
                method, target = request.start_line.split(" ")[:2]
                exchange = Exchange(0, conn_id, method, target.split("?", 1)[0], target, request)
                with self._lock:
                    exchange.n = len(self.exchanges) + 1
                    self.exchanges.append(exchange)
                action = self._decide(exchange.path)
                if first:
                    first = False
                    with self._lock:
                        self.stats.connections += 1
                    link.handshake()
                # -- the request
                cut = _cut_point(action.cut_request_at, len(request.raw))
                lost = link.lost(len(request.raw)) if cut is None else None
                if upstream is None:
                    try:
                        upstream = self._connect()
                    except OSError:
                        exchange.fate = "upstream_lost"
                        return
                    up_reader = _Reader(upstream)
                assert up_reader is not None
                if action.replay:
                    exchange.replies = [None] * action.replay
                    if action.concurrent:
                        workers = [threading.Thread(target=self._replay_once, daemon=True,
                                                    args=(request, exchange.replies, i, method))
                                   for i in range(action.replay)]
                        for worker in workers:
                            worker.start()
                    else:
                        for i in range(action.replay):
                            self._replay_once(request, exchange.replies, i, method)
                        workers = []
                if cut is not None or lost is not None:
                    at = cut if cut is not None else lost
                    assert at is not None
                    link.transmit(upstream, request.raw[:at], "up")
                    self._count(up=at)
                    exchange.fate = "cut_request" if cut is not None else "lost"
                    if lost is not None:
                        with self._lock:
                            self.stats.resets += 1
                    return
                link.transmit(upstream, request.raw, "up")
                self._count(up=len(request.raw), body_up=len(request.body))
                if action.after_request:
                    action.after_request()
                try:
                    response = read_message(up_reader, response=True, method=method)
                except OSError:
                    response = None
                if action.replay and action.concurrent:
                    for worker in workers:
                        worker.join(120)
                if response is None:
                    exchange.fate = "upstream_lost"
                    return
                exchange.response = response
                if action.after_response:
                    action.after_response()
                if action.drop_response:
                    exchange.fate = "dropped"
                    return
                # -- the answer
                cut = _cut_point(action.cut_response_at, len(response.raw))
                lost = link.lost(len(response.raw)) if cut is None else None
                if cut is not None or lost is not None:
                    at = cut if cut is not None else lost
                    assert at is not None
                    link.transmit(client, response.raw[:at], "down")
                    self._count(down=at)
                    exchange.fate = "cut_response" if cut is not None else "lost"
                    if lost is not None:
                        with self._lock:
                            self.stats.resets += 1
                    return
                link.transmit(client, response.raw, "down")
                self._count(down=len(response.raw), body_down=len(response.body))
                exchange.fate = "ok"
                with self._lock:
                    self.stats.exchanges += 1
                if response.headers.get("connection", "").lower() == "close":
                    graceful = True
                    break
        except (OSError, ConnectionError, ValueError, AssertionError):
            pass
        finally:
            # Whatever ended an exchange early, the client sees a reset (never a half answer
            # followed by silence), and the server's connection goes too.
            self._drop(upstream, reset=not graceful)
            self._drop(client, reset=not graceful)

    def _count(self, *, up: int = 0, down: int = 0, body_up: int = 0, body_down: int = 0) -> None:
        with self._lock:
            self.stats.bytes_up += up
            self.stats.bytes_down += down
            self.stats.body_up += body_up
            self.stats.body_down += body_down
