"""200 concurrent failed sign-ins from 200 addresses (issue 16): password hashing runs on its own
bounded pool, so sync answers go on during the flood and the server's memory stays bounded.

The server is a separate process (``python -m sync.server demo``) so its peak memory (VmHWM) is
its own. No timings are asserted: sync must answer while most of the flood is still waiting
for its answers (an order of events), and the peak must stay far below what a hash per request
would take (each argon2 hash holds 64 MiB while it runs).
"""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest

from tests.server.live import DEMO_PASSWORDS
from tests.servertus.conftest import ServerProcess

FLOOD = 200
QUEUE = 16
WAITING = 10
MIB = 1024 * 1024


def _peak_rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


@pytest.mark.slow
def test_200_concurrent_failed_logins_do_not_starve_sync_and_memory_stays_bounded(
    tmp_path: Path,
) -> None:
    # A short hashing queue keeps the test quick: the rest of the flood is answered 503 at once.
    server = ServerProcess(tmp_path / "srv", trust_forwarded_for="true", password_hash_queue=QUEUE)
    try:
        api = server.start()
        assert server.proc is not None
        login = httpx.post(
            api + "/auth/login",
            json={"username": "operator", "password": DEMO_PASSWORDS["operator"]},
        ).json()
        headers = {"Authorization": f"Bearer {login['access_token']}"}
        with httpx.Client(base_url=api, headers=headers, timeout=120) as c:
            c.get("/sync/pull").raise_for_status()
        before = _peak_rss(server.proc.pid)

        lock = threading.Lock()
        outstanding = FLOOD
        statuses: list[int] = []
        start = threading.Barrier(FLOOD + 1)

        def guess(i: int) -> None:
            nonlocal outstanding
            start.wait()
            try:
                r = httpx.post(
                    api + "/auth/login",
                    json={"username": f"tamu-{i}", "password": f"tebakan-{i}"},
                    headers={"X-Forwarded-For": f"10.{i // 250}.{i % 250}.7"},
                    timeout=300,
                )
                status = r.status_code
            except httpx.TransportError:
                status = 0
            with lock:
                statuses.append(status)
                outstanding -= 1

        threads = [threading.Thread(target=guess, args=(i,)) for i in range(FLOOD)]
        for t in threads:
            t.start()
        start.wait()
        answered_during_flood = 0
        with httpx.Client(base_url=api, headers=headers, timeout=120) as c:
            while True:
                with lock:
                    waiting = outstanding
                if waiting < WAITING:
                    break
                c.get("/sync/pull").raise_for_status()
                with lock:
                    if outstanding >= WAITING:
                        answered_during_flood += 1
        for t in threads:
            t.join(300)
        peak = _peak_rss(server.proc.pid)
    finally:
        server.stop()

    # Sync was answered again and again while sign-ins still waited for their hashes.
    assert answered_during_flood >= 3, answered_during_flood
    # Every guess got a clear answer: wrong password, or "busy, try again" once the hashing
    # queue is full; never a dropped connection or a server error.
    assert set(statuses) <= {401, 503}, sorted(set(statuses))
    assert statuses.count(401) >= 2
    assert peak - before < 400 * MIB, f"peak grew by {(peak - before) / MIB:.0f} MiB"
