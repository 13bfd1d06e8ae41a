"""End to end through the fault-injecting proxy: a bad line between the officer and the server.

200 drafts and 60 evidence files of mixed size (10 KB .. 1.9 MB) go from one installation to the
real server through ``tests/sync/faultproxy.FaultProxy``, which cuts connections after a random
number of bytes, stalls the line now and then, and answers some connections with 502/503. The
engine is run again and again (each run is what its worker does after a backoff; the waiting
itself is tested elsewhere) until it reports SYNCED with nothing pending. Then: every record is on
the server exactly once (one version each), every blob's bytes have the same SHA-256 as the
local file, the outbox is empty, and a second installation pulls exactly the 200 records.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

import pytest

from sync.client.engine import Phase
from tests.files import MIN_PDF_BYTES, pdf_bytes
from tests.server.helpers import pull_all
from tests.server.live import LiveServer
from tests.sync.conftest import add_evidence, new_draft, server_blob
from tests.sync.faultproxy import FaultProxy

N_RECORDS = 200
N_FILES = 60


def _sizes(rng: random.Random) -> list[int]:
    small = [rng.randint(10_000, 60_000) for _ in range(25)]
    medium = [rng.randint(100_000, 600_000) for _ in range(25)]
    large = [rng.randint(800_000, 1_900_000) for _ in range(N_FILES - 50)]
    sizes = small + medium + large
    rng.shuffle(sizes)
    return sizes


@pytest.mark.slow
def test_200_records_and_60_files_arrive_exactly_once_through_a_bad_line(
    server: LiveServer, make_device: Any
) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    rng = random.Random(20261128)
    with FaultProxy(
        host,
        int(port),
        seed=7,
        cut_after_bytes=(60_000, 900_000),
        stall_every=2.0,
        stall_duration=0.3,
        error_rate=0.08,
        error_status=(502, 503),
    ) as proxy:
        a = make_device("a", proxy.url)
        proxy.error_rate, proxy.cut_after_bytes = 0.0, None
        a.login()  # the sign-in itself is not under test here
        proxy.error_rate, proxy.cut_after_bytes = 0.08, (60_000, 900_000)

        ids = [new_draft(a.repo, f"Inovasi {i:03d}", tujuan="x" * rng.randint(0, 3000))
               for i in range(N_RECORDS)]  # fmt: skip
        files: dict[str, bytes] = {}
        for i, size in enumerate(_sizes(rng)):
            data = pdf_bytes(max(MIN_PDF_BYTES, size), seed=rng.randrange(2**32))
            files[add_evidence(a, ids[i], data, f"bukti-{i:02d}.pdf")] = data
        assert len(files) == N_FILES

        phases = []
        for _ in range(150):
            status = a.engine.run_once()
            phases.append(status.phase)
            if status.phase is Phase.SYNCED and not a.engine.pending_items():
                break
        else:
            pytest.fail(f"never synced: {phases[-5:]} {status.problem}")

        # The line really was bad (otherwise this test would prove nothing).
        print(f"runs={len(phases)} cuts={proxy.cuts} errors={proxy.errors_injected}")
        assert proxy.cuts > 0 and proxy.errors_injected > 0
        assert Phase.WAITING in phases or Phase.OFFLINE in phases

    assert a.repo.outbox_count() == 0
    assert a.engine.pending_items() == []
    with server.client("operator") as c:
        on_server = {r["id"]: r for r in pull_all(c) if r["id"] in set(ids)}
        assert set(on_server) == set(ids)
        # Exactly once: every record has one version on the server (retries were duplicates).
        for rid in ids:
            history = c.get(f"/records/{rid}/history").json()
            assert [h["version"] for h in history] == [1], (rid, history)
    for i, rid in enumerate(ids):
        local = a.repo.get_innovation(rid)
        assert local is not None
        assert on_server[rid]["content"]["profile"]["nama"] == f"Inovasi {i:03d}"
        assert local.base_version == 1
    for sha, data in files.items():
        got = server_blob(server, sha)
        assert got is not None and hashlib.sha256(got).hexdigest() == sha
        assert len(got) == len(data)
        st = a.vault.upload_status(sha)
        assert st.verified

    # A second officer's installation pulls exactly these records, with their evidence named.
    b = make_device("b", server.url)
    b.login()
    assert b.engine.run_once().phase is Phase.SYNCED
    pulled = {rid for rid in ids if b.repo.get_innovation(rid) is not None}
    assert pulled == set(ids)
    inn = b.repo.get_innovation(ids[0])
    assert inn is not None and [d.sha256 for d in inn.documents] == [next(iter(files))]
