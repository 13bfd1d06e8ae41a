"""The outbox: written in the same transaction as the change, coalesced per record, one closed
state set moved by named transitions (confirm_pushed, retry_later, refuse, hold, release,
conflict), held through edits, and the rows of evidence files up and down."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from iid.records import EvidenceDocument, InnovationProfile, SpdProfile, SyncState
from sync.local.outbox import TRANSITIONS, Direction, OutboxState
from sync.local.problems import RETRY, SERVER_REFUSED, TIMEOUT, Problem
from sync.local.repository import Repository


def _outbox_rows(repo: Repository) -> list[tuple[str, str, int, str]]:
    return [
        (i.record_type, i.record_id, i.change_seq, i.state) for i in repo.outbox.pending_items()
    ]


def test_a_change_and_its_outbox_entry_commit_together_or_not_at_all(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    inn = repo.create_innovation(2026, nama="Sebelum")
    batch = repo.outbox.take_batch(10)
    repo.outbox.confirm_pushed("innovation", inn.id, batch[0].change_seq, 1)
    assert repo.outbox_count() == 0

    def failing_touch(*_args: Any) -> None:
        raise RuntimeError("disk full between the record and its outbox row")

    monkeypatch.setattr(repo.outbox, "record_changed", failing_touch)
    with pytest.raises(RuntimeError):
        repo.update_profile(inn.id, InnovationProfile(nama="Sesudah"))
    with pytest.raises(RuntimeError):
        repo.set_claimed_level(inn.id, "16", 2)
    with pytest.raises(RuntimeError):
        repo.create_innovation(2026, nama="Baru")
    monkeypatch.undo()
    got = repo.get_innovation(inn.id)
    assert got is not None
    assert got.profile.nama == "Sebelum" and got.answers == {}
    assert got.sync_state is SyncState.SYNCED
    assert repo.outbox_count() == 0
    assert repo.count_innovations() == 1


def test_edits_coalesce_into_one_row_per_record_with_a_bumped_change_seq(
    repo: Repository,
) -> None:
    a = repo.create_innovation(2026, nama="A")
    b = repo.create_innovation(2026, nama="B")
    for level in (1, 2, 3):
        repo.set_claimed_level(a.id, "16", level)
    assert _outbox_rows(repo) == [
        ("innovation", a.id, 4, "queued"),
        ("innovation", b.id, 1, "queued"),
    ]
    batch = repo.outbox.take_batch(10)
    assert [c.record_id for c in batch] == [a.id, b.id]
    assert batch[0].content["answers"]["16"]["claimed_level"] == 3
    assert batch[0].content["profile"]["nama"] == "A"
    assert "sync_state" not in batch[0].content and "version" not in batch[0].content
    assert batch[0].base_version == 0 and batch[0].deleted is False


def test_confirm_pushed_deletes_the_row_only_when_no_edit_came_after(repo: Repository) -> None:
    inn = repo.create_innovation(2026, nama="Satu")
    sent = repo.outbox.take_batch(10)[0]
    repo.update_profile(inn.id, InnovationProfile(nama="Dua"))  # edit while in flight
    repo.outbox.confirm_pushed("innovation", inn.id, sent.change_seq, 1)
    assert _outbox_rows(repo) == [("innovation", inn.id, 2, "queued")]
    got = repo.get_innovation(inn.id)
    assert got is not None and got.base_version == 1 and got.sync_state is SyncState.QUEUED
    again = repo.outbox.take_batch(10)[0]
    assert again.base_version == 1 and again.content["profile"]["nama"] == "Dua"
    repo.outbox.confirm_pushed("innovation", inn.id, again.change_seq, 2)
    assert repo.outbox_count() == 0
    got = repo.get_innovation(inn.id)
    assert got is not None and got.base_version == 2 and got.sync_state is SyncState.SYNCED


def test_the_merge_base_is_the_content_sent_not_a_later_edit(repo: Repository) -> None:
    inn = repo.create_innovation(2026, nama="Terkirim")
    sent = repo.outbox.take_batch(10)[0]
    repo.update_profile(inn.id, InnovationProfile(nama="Belum terkirim"))
    repo.outbox.confirm_pushed("innovation", inn.id, sent.change_seq, 1)
    with repo.store.read() as session:
        from sync.local.models import InnovationRow

        row = session.get(InnovationRow, inn.id)
        assert row is not None and row.synced_content is not None
        assert row.synced_content["profile"]["nama"] == "Terkirim"


def test_retry_waits_until_due_and_counts_attempts(repo: Repository) -> None:
    inn = repo.create_innovation(2026)
    now = datetime(2026, 11, 22, 12, tzinfo=UTC)
    repo.outbox.take_batch(10, now)
    repo.outbox.retry_later(
        "innovation", inn.id, Problem(TIMEOUT, technical="timeout"), now + timedelta(minutes=5)
    )
    assert repo.outbox.pending_items()[0].state is OutboxState.WAITING
    assert repo.outbox.take_batch(10, now + timedelta(minutes=4)) == []
    assert len(repo.outbox.take_batch(10, now + timedelta(minutes=5))) == 1
    item = repo.outbox.pending_items()[0]
    assert item.attempts == 1 and item.problem is not None and item.problem.code == TIMEOUT
    got = repo.get_innovation(inn.id)
    assert got is not None and got.sync_state is SyncState.SENDING


def test_refused_change_is_skipped_until_the_officer_edits_again(repo: Repository) -> None:
    inn = repo.create_innovation(2026)
    repo.outbox.take_batch(10)
    refusal = Problem(SERVER_REFUSED, detail="OPD tidak dikenal", detail_en="Unknown OPD")
    repo.outbox.refuse("innovation", inn.id, refusal)
    assert repo.outbox.take_batch(10) == []
    item = repo.outbox.pending_items()[0]
    assert (item.state, item.last_error) == ("refused", "OPD tidak dikenal")
    assert item.problem == refusal and item.problem.detail_en == "Unknown OPD"
    got = repo.get_innovation(inn.id)
    assert got is not None and got.sync_state is SyncState.QUARANTINED
    repo.update_profile(inn.id, InnovationProfile(nama="Diperbaiki"))
    assert [c.record_id for c in repo.outbox.take_batch(10)] == [inn.id]
    assert repo.outbox.pending_items()[0].last_error == ""


def test_spd_profile_changes_go_through_the_outbox_too(repo: Repository) -> None:
    repo.save_spd_profile(SpdProfile(pemda_id="p1", rule_year=2026))
    batch = repo.outbox.take_batch(10)
    assert [(c.record_type, c.record_id) for c in batch] == [("spd_profile", "spd-p1-2026")]
    assert batch[0].content["rule_year"] == 2026
    assert repo.outbox.pending_items()[0].title == "2026"  # the desktop words it
    repo.outbox.confirm_pushed("spd_profile", "spd-p1-2026", batch[0].change_seq, 1)
    assert repo.outbox_count() == 0
    assert repo.get_spd_profile(2026).base_version == 1


def test_saving_unchanged_values_bumps_nothing(repo: Repository) -> None:
    inn = repo.create_innovation(2026, nama="Sama")
    repo.set_claimed_level(inn.id, "16", 2)
    before = repo.get_innovation(inn.id)
    assert before is not None
    repo.update_profile(inn.id, before.profile)
    repo.set_claimed_level(inn.id, "16", 2)
    after = repo.get_innovation(inn.id)
    assert after is not None and after.version == before.version
    assert repo.outbox.pending_items()[0].change_seq == 2


def test_a_held_record_stays_held_through_edits_until_released(repo: Repository) -> None:
    inn = repo.create_innovation(2026, nama="Tahan")
    assert repo.outbox.hold("innovation", inn.id)
    state = lambda: repo.get_innovation(inn.id).sync_state  # type: ignore[union-attr]  # noqa: E731
    assert state() is SyncState.HELD
    repo.update_profile(inn.id, InnovationProfile(nama="Tahan (diubah)"))
    repo.set_claimed_level(inn.id, "16", 2)
    [item] = repo.outbox.pending_items()
    assert (item.state, item.change_seq) == (OutboxState.HELD, 3)
    assert repo.outbox.take_batch(10) == [] and state() is SyncState.HELD
    # A store opened again (a restart) reads the same row.
    again = Repository(repo.store)
    assert again.outbox.take_batch(10) == []
    assert again.outbox.release("innovation", inn.id)
    [sent] = again.outbox.take_batch(10)
    assert sent.content["profile"]["nama"] == "Tahan (diubah)" and state() is SyncState.SENDING


def test_a_hold_while_sending_keeps_the_later_edit_here(repo: Repository) -> None:
    inn = repo.create_innovation(2026, nama="Satu")
    sent = repo.outbox.take_batch(10)[0]
    repo.update_profile(inn.id, InnovationProfile(nama="Dua"))
    assert repo.outbox.hold("innovation", inn.id)
    repo.outbox.confirm_pushed("innovation", inn.id, sent.change_seq, 1)
    [item] = repo.outbox.pending_items()
    assert item.state is OutboxState.HELD  # the first edit is on the server, "Dua" stays here
    assert repo.outbox.take_batch(10) == []


def test_transitions_only_leave_the_states_they_name(repo: Repository) -> None:
    inn = repo.create_innovation(2026)
    assert not repo.outbox.release("innovation", inn.id)  # queued: nothing to release
    assert repo.outbox.hold("innovation", inn.id)
    assert not repo.outbox.hold("innovation", inn.id)  # already held
    assert not repo.outbox.refuse("innovation", inn.id, Problem(SERVER_REFUSED))
    assert not repo.outbox.retry_later("innovation", inn.id, Problem(RETRY), datetime.now(UTC))
    assert repo.outbox.pending_items()[0].state is OutboxState.HELD
    # every state is reachable and every transition enters a state of the closed set
    targets = {target for _sources, target in TRANSITIONS.values()}
    assert targets == set(OutboxState)
    with pytest.raises(ValueError):
        Problem("not-a-code")


def test_interrupted_sends_are_queued_again(repo: Repository) -> None:
    inn = repo.create_innovation(2026)
    repo.outbox.take_batch(10)
    assert repo.outbox.pending_items()[0].state is OutboxState.SENDING
    assert repo.outbox.requeue_interrupted() == 1
    assert repo.outbox.pending_items()[0].state is OutboxState.QUEUED
    assert repo.get_innovation(inn.id).sync_state is SyncState.QUEUED  # type: ignore[union-attr]


def _doc(sha: str, name: str = "sk.pdf") -> EvidenceDocument:
    from sync.local.ids import new_id

    return EvidenceDocument(
        id=new_id(), slot="16", sha256=sha, file_name=name, media_type="application/pdf",
        size_bytes=1234,
    )  # fmt: skip


def test_files_get_up_rows_with_their_document_and_lose_them_when_detached(
    repo: Repository,
) -> None:
    inn = repo.create_innovation(2026, nama="Berkas")
    first, second = _doc("a" * 64, "surat.pdf"), _doc("b" * 64)
    repo.add_document(inn.id, first)
    repo.add_document(inn.id, second)
    blobs = {i.record_id: i for i in repo.outbox.pending_items() if i.is_blob}
    assert set(blobs) == {"a" * 64, "b" * 64}
    a = blobs["a" * 64]
    assert (a.direction, a.state, a.title, a.size_bytes) == (
        Direction.UP,
        OutboxState.QUEUED,
        "surat.pdf",
        1234,
    )
    assert (a.owner_type, a.owner_id) == ("innovation", inn.id)
    repo.remove_document(inn.id, second.id)
    assert {i.record_id for i in repo.outbox.pending_items() if i.is_blob} == {"a" * 64}
    # the same file in a second document: detaching one keeps the row
    again = _doc("a" * 64, "lagi.pdf")
    repo.add_document(inn.id, again)
    repo.remove_document(inn.id, first.id)
    assert {i.record_id for i in repo.outbox.pending_items() if i.is_blob} == {"a" * 64}


def test_a_record_counts_as_synced_only_once_its_files_are_confirmed(repo: Repository) -> None:
    """(Was settle_evidence_states: now the projection of the outbox, kept by every move.)"""
    inn = repo.create_innovation(2026, nama="Berkas")
    repo.add_document(inn.id, _doc("a" * 64))
    sent = repo.outbox.take_batch(10)[0]
    repo.outbox.confirm_pushed("innovation", inn.id, sent.change_seq, 1)
    state = lambda: repo.get_innovation(inn.id).sync_state  # type: ignore[union-attr]  # noqa: E731
    assert state() is SyncState.SENDING  # pushed, but its file is not confirmed yet
    assert repo.outbox.hold("blob", "a" * 64)
    assert state() is SyncState.SENDING  # a held file still keeps it from "synced"
    assert repo.outbox.release("blob", "a" * 64)
    assert repo.outbox.start_transfer("a" * 64)
    assert repo.outbox.confirm_blob("a" * 64)
    assert state() is SyncState.SYNCED
    # An edit made meanwhile is queued: a file's confirmation never marks it synced.
    repo.add_document(inn.id, _doc("b" * 64))
    repo.outbox.take_batch(10)
    repo.outbox.confirm_blob("b" * 64)
    assert state() is SyncState.SENDING  # the record's own row is being sent


def test_pulled_documents_get_down_rows_and_an_opened_file_goes_first(repo: Repository) -> None:
    from iid.records import Innovation
    from sync.local.content import innovation_content
    from tests.store.test_pull import server_record

    docs = [_doc("c" * 64, "c.pdf"), _doc("d" * 64, "d.pdf")]
    content = innovation_content(
        Innovation(id="srv-1", rule_year=2026, opd_id="o1", documents=docs)
    )
    record = server_record("innovation", "srv-1", 1, content)
    repo.apply_remote([record], 1)
    rows = {i.record_id: i for i in repo.outbox.pending_items()}
    assert {k: (v.direction, v.state) for k, v in rows.items()} == {
        "c" * 64: (Direction.DOWN, OutboxState.QUEUED),
        "d" * 64: (Direction.DOWN, OutboxState.QUEUED),
    }
    assert repo.get_innovation("srv-1").sync_state is SyncState.SYNCED  # type: ignore[union-attr]
    assert repo.outbox.request_download("d" * 64)
    tasks = repo.outbox.blob_tasks(Direction.DOWN)
    assert [t.sha256 for t in tasks] == ["d" * 64, "c" * 64]
    assert tasks[0].file_name == "d.pdf" and tasks[0].priority > 0
    assert [t.sha256 for t in repo.outbox.blob_tasks(Direction.DOWN, min_priority=1)] == ["d" * 64]
    assert not repo.outbox.request_download("e" * 64)  # nobody refers to it
    # A local attach of the same bytes turns the download into an upload (the bytes are here).
    inn = repo.create_innovation(2026)
    repo.add_document(inn.id, _doc("c" * 64))
    assert {i.record_id: i.direction for i in repo.outbox.pending_items() if i.is_blob} == {
        "c" * 64: Direction.UP, "d" * 64: Direction.DOWN,
    }  # fmt: skip
    # The server deletes the record: its files have nothing left to fetch.
    repo.apply_remote([{**record, "version": 2, "deleted": True, "content": {}}], 2)
    assert {i.record_id for i in repo.outbox.pending_items() if i.is_blob} == {"c" * 64}


def test_sync_items_json_of_the_first_releases_is_taken_over_then_removed(tmp_path: Any) -> None:
    import json

    from sync.local.db import Store

    store = Store(tmp_path / "store.sqlite")
    repo = Repository(store)
    inn = repo.create_innovation(2026)
    repo.add_document(inn.id, _doc("a" * 64))
    repo.add_document(inn.id, _doc("b" * 64))
    (tmp_path / "sync_items.json").write_text(
        json.dumps(
            {
                "a" * 64: {"state": "held", "attempts": 0, "last_error": ""},
                "b" * 64: {
                    "state": "quarantined",
                    "attempts": 2,
                    "last_error": "Berkas terlalu besar / File too large",
                },
            }  # fmt: skip
        )
    )
    again = Repository(store)
    blobs = {i.record_id: i for i in again.outbox.pending_items() if i.is_blob}
    assert blobs["a" * 64].state is OutboxState.HELD
    b = blobs["b" * 64]
    assert b.state is OutboxState.REFUSED and b.attempts == 2 and b.problem is not None
    assert (b.problem.detail, b.problem.detail_en) == ("Berkas terlalu besar", "File too large")
    assert not (tmp_path / "sync_items.json").exists()
    store.close()
