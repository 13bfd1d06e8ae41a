"""The outbox: written in the same transaction as the change, coalesced per record, and the
change_seq rules of mark_pushed, retry, quarantine and conflict."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from iid.records import InnovationProfile, SpdProfile, SyncState
from sync.local.repository import Repository


def _outbox_rows(repo: Repository) -> list[tuple[str, str, int, str]]:
    return [(i.record_type, i.record_id, i.change_seq, i.state) for i in repo.outbox_items()]


def test_a_change_and_its_outbox_entry_commit_together_or_not_at_all(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    inn = repo.create_innovation(2026, nama="Sebelum")
    batch = repo.outbox_batch(10)
    repo.mark_pushed("innovation", inn.id, batch[0].change_seq, 1)
    assert repo.outbox_count() == 0

    def failing_touch(*_args: Any) -> None:
        raise RuntimeError("disk full between the record and its outbox row")

    monkeypatch.setattr(repo, "_touch_outbox", failing_touch)
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
    batch = repo.outbox_batch(10)
    assert [c.record_id for c in batch] == [a.id, b.id]
    assert batch[0].content["answers"]["16"]["claimed_level"] == 3
    assert batch[0].content["profile"]["nama"] == "A"
    assert "sync_state" not in batch[0].content and "version" not in batch[0].content
    assert batch[0].base_version == 0 and batch[0].deleted is False


def test_mark_pushed_deletes_the_row_only_when_no_edit_came_after(repo: Repository) -> None:
    inn = repo.create_innovation(2026, nama="Satu")
    sent = repo.outbox_batch(10)[0]
    repo.update_profile(inn.id, InnovationProfile(nama="Dua"))  # edit while in flight
    repo.mark_pushed("innovation", inn.id, sent.change_seq, 1)
    assert _outbox_rows(repo) == [("innovation", inn.id, 2, "queued")]
    got = repo.get_innovation(inn.id)
    assert got is not None and got.base_version == 1 and got.sync_state is SyncState.QUEUED
    again = repo.outbox_batch(10)[0]
    assert again.base_version == 1 and again.content["profile"]["nama"] == "Dua"
    repo.mark_pushed("innovation", inn.id, again.change_seq, 2)
    assert repo.outbox_count() == 0
    got = repo.get_innovation(inn.id)
    assert got is not None and got.base_version == 2 and got.sync_state is SyncState.SYNCED


def test_the_merge_base_is_the_content_sent_not_a_later_edit(repo: Repository) -> None:
    inn = repo.create_innovation(2026, nama="Terkirim")
    sent = repo.outbox_batch(10)[0]
    repo.update_profile(inn.id, InnovationProfile(nama="Belum terkirim"))
    repo.mark_pushed("innovation", inn.id, sent.change_seq, 1)
    with repo.store.read() as session:
        from sync.local.models import InnovationRow

        row = session.get(InnovationRow, inn.id)
        assert row is not None and row.synced_content is not None
        assert row.synced_content["profile"]["nama"] == "Terkirim"


def test_retry_waits_until_due_and_counts_attempts(repo: Repository) -> None:
    inn = repo.create_innovation(2026)
    now = datetime(2026, 11, 22, 12, tzinfo=UTC)
    repo.outbox_batch(10, now)
    repo.mark_retry("innovation", inn.id, "timeout", now + timedelta(minutes=5))
    assert repo.outbox_batch(10, now + timedelta(minutes=4)) == []
    assert len(repo.outbox_batch(10, now + timedelta(minutes=5))) == 1
    item = repo.outbox_items()[0]
    assert item.attempts == 1 and item.last_error == "timeout"
    got = repo.get_innovation(inn.id)
    assert got is not None and got.sync_state is SyncState.SENDING


def test_quarantined_change_is_skipped_until_the_officer_edits_again(repo: Repository) -> None:
    inn = repo.create_innovation(2026)
    repo.outbox_batch(10)
    repo.quarantine("innovation", inn.id, "OPD tidak dikenal")
    assert repo.outbox_batch(10) == []
    item = repo.outbox_items()[0]
    assert (item.state, item.last_error) == ("quarantined", "OPD tidak dikenal")
    got = repo.get_innovation(inn.id)
    assert got is not None and got.sync_state is SyncState.QUARANTINED
    repo.update_profile(inn.id, InnovationProfile(nama="Diperbaiki"))
    assert [c.record_id for c in repo.outbox_batch(10)] == [inn.id]
    assert repo.outbox_items()[0].last_error == ""


def test_spd_profile_changes_go_through_the_outbox_too(repo: Repository) -> None:
    repo.save_spd_profile(SpdProfile(pemda_id="p1", rule_year=2026))
    batch = repo.outbox_batch(10)
    assert [(c.record_type, c.record_id) for c in batch] == [("spd_profile", "spd-p1-2026")]
    assert batch[0].content["rule_year"] == 2026
    assert repo.outbox_items()[0].title == "Profil SPD 2026"
    repo.mark_pushed("spd_profile", "spd-p1-2026", batch[0].change_seq, 1)
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
    assert repo.outbox_items()[0].change_seq == 2
