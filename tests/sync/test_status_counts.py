"""The status line's counts ("· 2 perlu perhatian", items left) follow the outbox after local
writes too, not only after runs and item actions: an edit of a refused record, a release, a
deleted draft, a new file. No server is needed: the engine is started against a closed port
and never signed in, so no run moves anything; only the local writes do."""

from __future__ import annotations

import threading
from typing import Any

from iid.records import InnovationProfile
from sync.client.events import ItemsChanged, StatusChanged
from sync.local.problems import SERVER_REFUSED, Problem
from sync.local.repository import Repository
from tests.sync.conftest import add_evidence, new_draft

NOWHERE = "http://127.0.0.1:9"


def _refused(repo: Repository, nama: str) -> str:
    rid = new_draft(repo, nama)
    repo.outbox.take_batch(50)
    assert repo.outbox.refuse("innovation", rid, Problem(SERVER_REFUSED, detail="Ditolak"))
    return rid


def _published(events: list[object]) -> list[tuple[int, int]]:
    return [(e.status.attention, e.status.left) for e in events if isinstance(e, StatusChanged)]


def test_local_writes_move_the_attention_count_without_a_run(make_device: Any) -> None:
    a = make_device("a", NOWHERE)
    fixed = _refused(a.repo, "Ditolak, lalu diperbaiki")
    held = new_draft(a.repo, "Ditahan")
    assert a.repo.outbox.hold("innovation", held)
    doomed = _refused(a.repo, "Ditolak, lalu dihapus")
    a.engine.start()
    assert (a.engine.status().attention, a.engine.status().left) == (3, 3)
    runs_before = a.repo.recent_sync_runs(5)

    # An edit of a refused record queues it again: one less needs attention, at once (the
    # listener runs inside the edit's commit, so no waiting is involved).
    inn = a.repo.get_innovation(fixed)
    assert inn is not None
    a.repo.update_profile(fixed, InnovationProfile(nama="Diperbaiki"))
    assert (a.engine.status().attention, a.engine.status().left) == (2, 3)
    assert (2, 3) in _published(a.events)
    assert a.of(ItemsChanged)  # the Sinkronisasi page re-reads its list

    # An edit of a held record keeps it held: the count stays.
    a.repo.update_profile(held, InnovationProfile(nama="Ditahan (diubah)"))
    assert (a.engine.status().attention, a.engine.status().left) == (2, 3)

    # Releasing outside the engine's item actions, deleting a draft: both follow.
    assert a.repo.outbox.release("innovation", held)
    assert (a.engine.status().attention, a.engine.status().left) == (1, 3)
    # (It was handed to the server once, so its deletion is one more thing to send.)
    a.repo.delete_innovation(doomed)
    assert (a.engine.status().attention, a.engine.status().left) == (0, 3)
    never_sent = new_draft(a.repo, "Dibuat tidak sengaja")
    assert a.engine.status().left == 4
    a.repo.delete_innovation(never_sent)
    assert (a.engine.status().attention, a.engine.status().left) == (0, 3)

    # A new file is one more item left (the list of what is not on the server yet).
    add_evidence(a, held, b"%PDF-1.4\n" + b"x" * 2000, "bukti.pdf")
    assert (a.engine.status().attention, a.engine.status().left) == (0, 4)
    assert a.repo.recent_sync_runs(5) == runs_before  # no run did any of this


def test_a_write_that_rolls_back_publishes_nothing_and_a_stopped_engine_stops_following(
    make_device: Any,
) -> None:
    a = make_device("a", NOWHERE)
    rid = _refused(a.repo, "Ditolak")
    a.engine.start()

    class Boom(Exception):
        pass

    try:
        with a.store.write() as session:
            a.repo.outbox.record_changed(session, "innovation", rid)  # refused -> queued ...
            raise Boom  # ... and rolled back
    except Boom:
        pass
    assert a.engine.status().attention == 1
    assert all(attention == 1 for attention, _left in _published(a.events))
    # The next committed write in the same store is judged on its own (nothing left over).
    a.repo.create_innovation(2026, nama="Lain")
    assert (a.engine.status().attention, a.engine.status().left) == (1, 2)

    a.engine.stop()
    a.repo.update_profile(rid, InnovationProfile(nama="Diperbaiki"))
    assert a.repo.outbox.counts() and a.engine.status().attention == 1  # no longer followed
    assert all(attention == 1 for attention, _left in _published(a.events))


def test_writers_on_two_threads_leave_the_latest_counts_published(make_device: Any) -> None:
    """The database lane and the engine's worker both write the outbox: whatever order their
    commits and refreshes interleave in, the status ends at the table's true counts."""
    a = make_device("a", NOWHERE)
    ids = [_refused(a.repo, f"Ditolak {i}") for i in range(12)]
    a.engine.start()

    def edit(part: list[str]) -> None:
        for rid in part:
            a.repo.update_profile(rid, InnovationProfile(nama=f"{rid} diperbaiki"))

    threads = [threading.Thread(target=edit, args=(ids[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert a.engine.status().attention == 0
    assert _published(a.events)[-1] == (0, 12)
