"""The fault proxy itself: forwarding, counting, cuts, stalls, throttling, 502/503, determinism."""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from tests.sync.faultproxy import FaultProxy


class Sink:
    """Upstream TCP server: echoes what it receives and records the bytes per connection."""

    def __init__(self, echo: bool = True) -> None:
        self.echo = echo
        self.received: list[bytearray] = []
        self.ended = threading.Event()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def total(self) -> int:
        with self.lock:
            return sum(len(b) for b in self.received)

    def _accept(self) -> None:
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            buf = bytearray()
            with self.lock:
                self.received.append(buf)
            threading.Thread(target=self._serve, args=(c, buf), daemon=True).start()

    def _serve(self, c: socket.socket, buf: bytearray) -> None:
        with c:
            while True:
                try:
                    data = c.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    self.ended.set()
                    return
                with self.lock:
                    buf.extend(data)
                if self.echo:
                    with contextlib.suppress(OSError):
                        c.sendall(data)

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def sink() -> Iterator[Sink]:
    s = Sink()
    yield s
    s.close()


def _recv_exactly(s: socket.socket, n: int) -> bytes:
    out = bytearray()
    while len(out) < n:
        data = s.recv(n - len(out))
        if not data:
            break
        out.extend(data)
    return bytes(out)


def _recv_until_closed(s: socket.socket) -> tuple[bytes, bool]:
    """Everything until EOF; second item is True if the end was a reset."""
    out = bytearray()
    while True:
        try:
            data = s.recv(65536)
        except ConnectionResetError:
            return bytes(out), True
        if not data:
            return bytes(out), False
        out.extend(data)


def test_forwards_both_ways_and_counts(sink: Sink) -> None:
    payload = os.urandom(300_000)
    with FaultProxy("127.0.0.1", sink.port) as proxy:
        with socket.create_connection((proxy.host, proxy.port)) as c:
            t = threading.Thread(target=c.sendall, args=(payload,))
            t.start()
            echoed = _recv_exactly(c, len(payload))
            t.join()
        assert echoed == payload
        assert bytes(sink.received[0]) == payload
        assert proxy.bytes_up == len(payload)
        assert proxy.bytes_down == len(payload)
        assert proxy.connections == 1
        assert proxy.conn_log[0].bytes_up == len(payload)


def test_cut_after_bytes_delivers_exactly_n_then_drops(sink: Sink) -> None:
    with FaultProxy("127.0.0.1", sink.port, cut_after_bytes=10_000) as proxy:
        with socket.create_connection((proxy.host, proxy.port)) as c:
            with contextlib.suppress(OSError):
                c.sendall(os.urandom(200_000))
            data, _ = _recv_until_closed(c)
        assert len(data) <= 10_000
        assert proxy.bytes_up == 10_000
        assert proxy.conn_log[0].cut
        assert proxy.cuts == 1
        # the upstream got exactly the first 10 000 bytes (the wait only guards against a hang)
        deadline = time.monotonic() + 60
        while sink.total() < 10_000 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert sink.total() == 10_000


def test_ranged_cut_points_are_reproducible_with_a_seed(sink: Sink) -> None:
    def limits(seed: int) -> list[int | None]:
        with FaultProxy("127.0.0.1", sink.port, seed=seed, cut_after_bytes=(1000, 50_000)) as p:
            for _ in range(5):
                with socket.create_connection((p.host, p.port)) as c:
                    with contextlib.suppress(OSError):
                        c.sendall(os.urandom(60_000))
                    _recv_until_closed(c)
            return [r.cut_limit for r in p.conn_log]

    first = limits(7)
    assert first == limits(7)
    assert first != limits(8)
    assert all(x is not None and 1000 <= x <= 50_000 for x in first)


def test_error_rate_answers_502_and_503_deterministically(sink: Sink) -> None:
    def statuses(seed: int) -> list[int]:
        out = []
        with FaultProxy(
            "127.0.0.1", sink.port, seed=seed, error_rate=0.5, error_status=(502, 503)
        ) as p:
            for _ in range(30):
                conn = http.client.HTTPConnection(p.host, p.port, timeout=5)
                conn.request("GET", "/x")
                try:
                    resp = conn.getresponse()
                    out.append(resp.status)
                except (http.client.HTTPException, OSError):
                    out.append(0)
                conn.close()
            assert p.errors_injected == sum(1 for s in out if s in (502, 503))
        return out

    a = statuses(3)
    assert a == statuses(3)
    assert 502 in a and 503 in a
    # the others reached the echo upstream, which is no HTTP server: not a 5xx from the proxy
    assert any(s not in (502, 503) for s in a)


def test_every_new_connection_fails_at_rate_one(sink: Sink) -> None:
    with FaultProxy("127.0.0.1", sink.port, error_rate=1.0) as p:
        conn = http.client.HTTPConnection(p.host, p.port, timeout=5)
        conn.request("PATCH", "/up", body=b"x" * 1000)
        resp = conn.getresponse()
        assert resp.status == 502
        assert b"fault proxy" in resp.read()
    assert sink.total() == 0


def test_stall_holds_bytes_until_it_ends(sink: Sink) -> None:
    with FaultProxy("127.0.0.1", sink.port) as p:
        with socket.create_connection((p.host, p.port)) as c:
            c.sendall(b"hello")
            assert _recv_exactly(c, 5) == b"hello"
            p.stall(30)
            c.sendall(b"world")
            time.sleep(0.3)
            assert p.bytes_up == 5  # nothing forwarded during the stall
            p.unstall()
            assert _recv_exactly(c, 5) == b"world"
        assert p.bytes_up == 10


def test_cut_every_drops_open_connections(sink: Sink) -> None:
    with FaultProxy("127.0.0.1", sink.port, cut_every=0.2) as p:
        with socket.create_connection((p.host, p.port)) as c:
            c.settimeout(10)
            _, _ = _recv_until_closed(c)  # returns only once the proxy cut the line
        assert p.cuts >= 1
        assert p.conn_log[0].cut


def test_throttle_and_latency_are_physical_lower_bounds(sink: Sink) -> None:
    # the rate and delay can only slow things down, so lower bounds cannot flake on a slow machine
    rate = 200_000.0
    payload = os.urandom(100_000)
    with (
        FaultProxy("127.0.0.1", sink.port, rate_bps=rate, latency=0.1) as p,
        socket.create_connection((p.host, p.port)) as c,
    ):
        start = time.monotonic()
        c.sendall(b"x")
        assert _recv_exactly(c, 1) == b"x"
        rtt = time.monotonic() - start
        assert rtt >= 0.2
        start = time.monotonic()
        t = threading.Thread(target=c.sendall, args=(payload,))
        t.start()
        assert _recv_exactly(c, len(payload)) == payload
        t.join()
        elapsed = time.monotonic() - start
    # up and down each limited to `rate`; burst allowance is 20 ms of the line
    assert elapsed >= len(payload) / rate - 0.05


def test_bucket_is_shared_by_connections(sink: Sink) -> None:
    rate = 100_000.0
    with FaultProxy("127.0.0.1", sink.port, rate_bps=rate) as p:
        conns = [socket.create_connection((p.host, p.port)) for _ in range(2)]
        start = time.monotonic()
        threads = [threading.Thread(target=c.sendall, args=(os.urandom(50_000),)) for c in conns]
        for t in threads:
            t.start()
        for c in conns:
            assert len(_recv_exactly(c, 50_000)) == 50_000
        elapsed = time.monotonic() - start
        for c in conns:
            c.close()
    assert elapsed >= 100_000 / rate - 0.05


def test_silent_cut_forwards_nothing_then_tears_down(sink: Sink) -> None:
    with FaultProxy("127.0.0.1", sink.port, cut_mode="blackhole", blackhole_seconds=1.0) as p:
        with socket.create_connection((p.host, p.port)) as c:
            c.sendall(b"ping")
            assert _recv_exactly(c, 4) == b"ping"
            assert p.cut_all() == 1
            c.sendall(b"lost")
            c.settimeout(0.3)
            with pytest.raises(TimeoutError):
                c.recv(10)  # no answer and no reset: the client only notices by its timeout
            assert p.bytes_up == 4
            c.settimeout(10)
            data, _ = _recv_until_closed(c)  # then the line is torn down
            assert data == b""
        assert p.cuts == 1 and p.conn_log[0].cut


def test_silent_cut_can_drop_the_server_side_first(sink: Sink) -> None:
    with FaultProxy(  # noqa: SIM117
        "127.0.0.1", sink.port, cut_mode="blackhole", blackhole_seconds=30.0,
        blackhole_server_seconds=0.2,
    ) as p:  # fmt: skip
        with socket.create_connection((p.host, p.port)) as c:
            c.sendall(b"ping")
            assert _recv_exactly(c, 4) == b"ping"
            p.cut_all()
            assert sink.ended.wait(10)  # the server hears its side end
            c.settimeout(0.3)
            with pytest.raises(TimeoutError):
                c.recv(10)  # while the client still hears nothing
