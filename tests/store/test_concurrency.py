"""Two threads (the database lane and the sync engine) writing at once queue on the write lock
instead of failing with "database is locked"; readers see committed states only."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from iid.records import InnovationProfile
from sync.local.repository import Repository


def test_concurrent_writers_and_readers_never_fail(repo: Repository) -> None:
    a = repo.create_innovation(2026, nama="A")
    errors: list[BaseException] = []

    def editor() -> None:
        try:
            for i in range(40):
                repo.update_profile(a.id, InnovationProfile(nama=f"A {i}"))
                repo.set_claimed_level(a.id, "16", 1 + i % 3)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def syncer() -> None:
        try:
            for i in range(40):
                for change in repo.outbox.take_batch(10):
                    repo.outbox.confirm_pushed(
                        change.record_type, change.record_id, change.change_seq, i + 1
                    )
                repo.record_sync_run(datetime.now(UTC), None)
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    def reader() -> None:
        try:
            for _ in range(80):
                inn = repo.get_innovation(a.id)
                assert inn is not None and inn.profile.nama.startswith("A")
                repo.list_innovations()
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=f) for f in (editor, syncer, reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    final = repo.get_innovation(a.id)
    assert final is not None and final.profile.nama == "A 39"
    # The last edits are either confirmed or still queued: never lost from the outbox.
    remaining = repo.outbox.take_batch(10)
    if remaining:
        assert remaining[0].content["profile"]["nama"] == "A 39"
