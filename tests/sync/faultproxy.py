"""A fault-injecting TCP proxy for the sync tests and benches (in-process, loopback, threads).

It sits between the client and the real server and misbehaves the way a rural line does:

- **cuts** connections mid-request: every connection after N client->server bytes
  (``cut_after_bytes``, an int or a ``(lo, hi)`` range drawn per connection from the seeded RNG),
  and/or all open connections every T seconds (``cut_every``, a line drop), or on demand
  (``cut_all()``);
- with ``cut_mode="blackhole"`` a cut is *silent*: the connection stops forwarding without a
  reset (as when a radio link drops) and is torn down ``blackhole_seconds`` later; the ends only
  notice through their own timeouts (``blackhole_server_seconds``: the server side is dropped
  earlier, as a server with an idle timeout on request bodies would);
- **stalls**: stops forwarding in both directions for T seconds (``stall(T)``, or ``stall_every`` /
  ``stall_duration`` on a timer) while keeping the sockets open;
- **throttles**: a token bucket per direction shared by all connections (``rate_bps`` bytes/s, the
  line's capacity), and a one-way ``latency`` (seconds, about RTT/2) added after serialisation;
- **answers 502/503** to a fraction of new connections (``error_rate``; ``error_status``; a 503
  carries ``Retry-After: error_retry_after``), writing a minimal HTTP response and closing
  without contacting the upstream.

Counters: ``bytes_up`` (client->server bytes delivered to the upstream), ``bytes_down``,
(each counted as the bytes are handed on, so a peer that has read N bytes finds them at N or more)
``connections``, ``cuts``, ``errors_injected``; ``conn_log`` keeps one :class:`ConnRecord` per
connection. Random decisions (which connection gets a 502, where a ranged cut falls) come from
``random.Random(seed)`` in connection-accept order, so a run is reproducible.

Every setting can be changed while the proxy runs (plain attribute assignment); new values apply to
the next piece forwarded (cuts/errors: to the next connection).
"""

from __future__ import annotations

import contextlib
import queue
import random
import socket
import struct
import threading
import time
from dataclasses import dataclass
from types import TracebackType

_PIECE = 16 * 1024


@dataclass
class ConnRecord:
    """What happened to one client connection."""

    index: int
    bytes_up: int = 0
    bytes_down: int = 0
    cut: bool = False
    error_status: int | None = None
    cut_limit: int | None = None
    closed: bool = False


class _Bucket:
    """A token bucket as a virtual clock: each byte costs 1/rate s; a small burst is allowed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._t = 0.0

    def take(self, n: int, rate: float | None, burst_s: float) -> float:
        """Reserve ``n`` bytes; returns how long the caller must wait before sending them."""
        if not rate or rate <= 0:
            return 0.0
        now = time.monotonic()
        with self._lock:
            self._t = max(self._t, now - burst_s) + n / rate
            return max(0.0, self._t - now)


class FaultProxy:
    """Listen on loopback, forward to ``upstream``, inject faults. Use as a context manager."""

    def __init__(
        self,
        upstream_host: str,
        upstream_port: int,
        *,
        seed: int = 0,
        listen_host: str = "127.0.0.1",
        listen_port: int = 0,
        cut_after_bytes: int | tuple[int, int] | None = None,
        cut_every: float | None = None,
        stall_every: float | None = None,
        stall_duration: float = 0.0,
        rate_bps: float | None = None,
        latency: float = 0.0,
        error_rate: float = 0.0,
        error_status: int | tuple[int, ...] = 502,
        error_retry_after: int | None = 1,
        reset_on_cut: bool = True,
        cut_mode: str = "reset",
        blackhole_seconds: float = 30.0,
        blackhole_server_seconds: float | None = None,
    ) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.seed = seed
        self.cut_after_bytes = cut_after_bytes
        self.cut_every = cut_every
        self.stall_every = stall_every
        self.stall_duration = stall_duration
        self.rate_bps = rate_bps
        self.latency = latency
        self.error_rate = error_rate
        self.error_status = error_status
        self.error_retry_after = error_retry_after
        self.reset_on_cut = reset_on_cut
        self.cut_mode = cut_mode
        self.blackhole_seconds = blackhole_seconds
        self.blackhole_server_seconds = blackhole_server_seconds
        self.burst_seconds = 0.02

        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._stall_until = 0.0
        self._up_bucket = _Bucket()
        self._down_bucket = _Bucket()
        self._conns: dict[int, _Conn] = {}
        self._closing = threading.Event()
        self._threads: list[threading.Thread] = []
        self.conn_log: list[ConnRecord] = []
        self.bytes_up = 0
        self.bytes_down = 0
        self.cuts = 0
        self.errors_injected = 0

        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((listen_host, listen_port))
        self._listener.listen(128)
        self._listener.settimeout(0.05)
        self.host, self.port = self._listener.getsockname()[:2]

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> FaultProxy:
        for target, name in ((self._accept_loop, "accept"), (self._timer_loop, "timer")):
            t = threading.Thread(target=target, name=f"faultproxy-{name}", daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def close(self) -> None:
        self._closing.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        for conn in list(self._conns.values()):
            conn.kill(reset=False)
        for t in self._threads:
            t.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- controls ----------------------------------------------------------------------------

    @property
    def connections(self) -> int:
        return len(self.conn_log)

    @property
    def open_connections(self) -> int:
        return len(self._conns)

    def reset_counters(self) -> None:
        with self._lock:
            self.bytes_up = self.bytes_down = self.cuts = self.errors_injected = 0
            self.conn_log = []

    def clear_faults(self) -> None:
        """Back to a clean, unthrottled line (counters kept)."""
        self.cut_after_bytes = None
        self.cut_every = None
        self.stall_every = None
        self.stall_duration = 0.0
        self.rate_bps = None
        self.latency = 0.0
        self.error_rate = 0.0
        self._stall_until = 0.0

    def stall(self, seconds: float) -> None:
        """Stop forwarding in both directions for ``seconds`` (sockets stay open)."""
        self._stall_until = max(self._stall_until, time.monotonic() + seconds)

    def unstall(self) -> None:
        """End a stall now."""
        self._stall_until = 0.0

    def cut_all(self) -> int:
        """Cut every open connection now; returns how many were cut."""
        conns = list(self._conns.values())
        for conn in conns:
            conn.cut()
        return len(conns)

    # -- internals ---------------------------------------------------------------------------

    def _wait_stall(self, conn: _Conn) -> None:
        while not conn.dead.is_set():
            if conn.frozen:  # a silent cut: nothing moves until the connection is torn down
                conn.dead.wait(0.05)
                continue
            left = self._stall_until - time.monotonic()
            if left <= 0:
                return
            conn.dead.wait(min(left, 0.05))

    def _timer_loop(self) -> None:
        next_cut: float | None = None
        next_stall: float | None = None
        while not self._closing.wait(0.01):
            now = time.monotonic()
            if self.cut_every:
                if next_cut is None:
                    next_cut = now + self.cut_every
                elif now >= next_cut:
                    self.cut_all()
                    next_cut = now + self.cut_every
            else:
                next_cut = None
            if self.stall_every:
                if next_stall is None:
                    next_stall = now + self.stall_every
                elif now >= next_stall:
                    self.stall(self.stall_duration)
                    next_stall = now + self.stall_every
            else:
                next_stall = None

    def _accept_loop(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            with self._lock:
                record = ConnRecord(index=len(self.conn_log))
                self.conn_log.append(record)
                fail = self.error_rate > 0 and self._rng.random() < self.error_rate
                if fail:
                    statuses = self.error_status
                    if isinstance(statuses, int):
                        statuses = (statuses,)
                    record.error_status = self._rng.choice(statuses)
                limit = self.cut_after_bytes
                if isinstance(limit, tuple):
                    limit = self._rng.randint(limit[0], limit[1])
                record.cut_limit = limit
            if record.error_status is not None:
                threading.Thread(
                    target=self._answer_error, args=(client, record), daemon=True
                ).start()
                continue
            threading.Thread(target=self._open, args=(client, record), daemon=True).start()

    def _answer_error(self, client: socket.socket, record: ConnRecord) -> None:
        status = record.error_status or 502
        reason = {502: "Bad Gateway", 503: "Service Unavailable"}.get(status, "Error")
        body = f"{status} {reason} (fault proxy)\n".encode()
        head = (
            f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n"
        )
        if status == 503 and self.error_retry_after is not None:
            head += f"Retry-After: {self.error_retry_after}\r\n"
        try:
            client.settimeout(2.0)
            seen = b""
            while b"\r\n\r\n" not in seen and len(seen) < 65536:
                data = client.recv(_PIECE)
                if not data:
                    break
                seen += data
            with self._lock:  # counted before the client can read it (tests compare at once)
                self.errors_injected += 1
            client.sendall(head.encode() + b"\r\n" + body)
            client.shutdown(socket.SHUT_WR)
            # drain briefly so the client reads the answer instead of a reset
            end = time.monotonic() + 0.5
            while time.monotonic() < end:
                if not client.recv(_PIECE):
                    break
        except OSError:
            pass
        finally:
            record.closed = True
            with contextlib.suppress(OSError):
                client.close()

    def _open(self, client: socket.socket, record: ConnRecord) -> None:
        try:
            server = socket.create_connection(self.upstream, timeout=10)
        except OSError:
            record.closed = True
            with contextlib.suppress(OSError):
                client.close()
            return
        server.settimeout(None)
        for s in (client, server):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = _Conn(self, client, server, record)
        with self._lock:
            self._conns[record.index] = conn
        conn.start()


def _abort(s: socket.socket) -> None:
    """Drop one side of a connection with a reset."""
    with contextlib.suppress(OSError):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        s.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        s.close()


class _Conn:
    """One proxied connection: two directions, each a throttled reader and a delayed writer."""

    def __init__(
        self, proxy: FaultProxy, client: socket.socket, server: socket.socket, record: ConnRecord
    ) -> None:
        self.proxy = proxy
        self.client = client
        self.server = server
        self.record = record
        self.dead = threading.Event()
        self.frozen = False
        self._done = 0
        self._lock = threading.Lock()

    def start(self) -> None:
        for upward in (True, False):
            src, dst = (self.client, self.server) if upward else (self.server, self.client)
            q: queue.Queue[tuple[float, bytes] | None] = queue.Queue(maxsize=64)
            threading.Thread(
                target=self._read, args=(src, q, upward), daemon=True, name="faultproxy-read"
            ).start()
            threading.Thread(
                target=self._write, args=(dst, q, upward), daemon=True, name="faultproxy-write"
            ).start()

    def cut(self) -> None:
        if self.dead.is_set() or self.frozen:
            return
        self.record.cut = True
        with self.proxy._lock:
            self.proxy.cuts += 1
        if self.proxy.cut_mode == "blackhole":
            # Packets vanish; neither end hears anything until the connection is torn down
            # ``blackhole_seconds`` later (a NAT or a radio link timing out): ends only notice
            # through their own timeouts.
            self.frozen = True
            wait = self.proxy.blackhole_seconds

            server_wait = self.proxy.blackhole_server_seconds

            def teardown() -> None:
                if server_wait is not None and server_wait < wait:
                    # the server notices the silence first (its own idle timeout): it drops
                    # its side while the client still hears nothing
                    if self.dead.wait(server_wait):
                        return
                    _abort(self.server)
                    wait_left = wait - server_wait
                else:
                    wait_left = wait
                if not self.dead.wait(wait_left):
                    self.kill(reset=True)

            threading.Thread(target=teardown, daemon=True, name="faultproxy-blackhole").start()
            return
        self.kill(reset=self.proxy.reset_on_cut)

    def kill(self, *, reset: bool) -> None:
        if self.dead.is_set():
            return
        self.dead.set()
        for s in (self.client, self.server):
            if reset:
                with contextlib.suppress(OSError):
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                s.close()
        self._finish()

    def _finish(self) -> None:
        self.record.closed = True
        with self.proxy._lock:
            self.proxy._conns.pop(self.record.index, None)

    def _half_done(self) -> None:
        with self._lock:
            self._done += 1
            both = self._done == 2
        if both:
            self.kill(reset=False)

    def _put(
        self, q: queue.Queue[tuple[float, bytes] | None], item: tuple[float, bytes] | None
    ) -> bool:
        while not self.dead.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _count(self, upward: bool, n: int) -> None:
        p = self.proxy
        with p._lock:
            if upward:
                p.bytes_up += n
                self.record.bytes_up += n
            else:
                p.bytes_down += n
                self.record.bytes_down += n

    def _read(
        self, src: socket.socket, q: queue.Queue[tuple[float, bytes] | None], upward: bool
    ) -> None:
        p = self.proxy
        bucket = p._up_bucket if upward else p._down_bucket
        sent = 0
        while not self.dead.is_set():
            p._wait_stall(self)
            size = _PIECE
            if p.rate_bps:
                size = max(512, min(_PIECE, int(p.rate_bps / 50)))
            limit = self.record.cut_limit if upward else None
            if limit is not None:
                size = min(size, limit - sent)
                if size <= 0:
                    # forward exactly ``limit`` bytes, then drop the line once they are delivered
                    self._put(q, (-1.0, b""))
                    return
            try:
                data = src.recv(size)
            except OSError:
                data = b""
            if not data:
                self._put(q, None)
                return
            sent += len(data)
            wait = bucket.take(len(data), p.rate_bps, p.burst_seconds)
            if wait > 0 and self.dead.wait(wait):
                return
            if not self._put(q, (time.monotonic() + p.latency, data)):
                return

    def _write(
        self, dst: socket.socket, q: queue.Queue[tuple[float, bytes] | None], upward: bool
    ) -> None:
        p = self.proxy
        while not self.dead.is_set():
            try:
                item = q.get(timeout=0.1)
            except queue.Empty:
                continue
            if item is None:  # orderly end of this direction (held back by a silent cut too)
                p._wait_stall(self)
                if self.dead.is_set():
                    return
                with contextlib.suppress(OSError):
                    dst.shutdown(socket.SHUT_WR)
                self._half_done()
                return
            due, data = item
            if due < 0:  # byte-limit cut
                self.cut()
                return
            delay = due - time.monotonic()
            if delay > 0 and self.dead.wait(delay):
                return
            p._wait_stall(self)
            if self.dead.is_set():
                return
            # Counted before the bytes can reach the peer, so whoever has read N bytes from this
            # line finds the counters at N at least (counting after sendall raced the reader);
            # what the kernel did not take is taken off again if the line dies mid-write.
            self._count(upward, len(data))
            view, written = memoryview(data), 0
            try:
                while written < len(data):
                    written += dst.send(view[written:])
            except OSError:
                self._count(upward, written - len(data))
                self.kill(reset=False)
                return
