"""Pull side: apply_remote upserts clean records, merges or flags dirty ones, applies verdicts
and SPD profiles and tombstones, all in one transaction with the cursor; push conflicts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from iid.records import (
    EvidenceDocument,
    IndicatorAnswer,
    Innovation,
    InnovationProfile,
    QcStatus,
    SpdAnswer,
    SpdProfile,
    SyncState,
    Verdict,
    WorkflowState,
)
from sync.local.content import innovation_content
from sync.local.repository import Repository


def server_record(kind: str, rid: str, version: int, content: dict[str, Any],
                  deleted: bool = False, seq: int = 0) -> dict[str, Any]:  # fmt: skip
    return {
        "type": kind,
        "id": rid,
        "version": version,
        "seq": seq or version,
        "content": content,
        "deleted": deleted,
        "opd_id": content.get("opd_id"),
        "updated_at": datetime(2026, 11, 22, tzinfo=UTC).isoformat(),
        "updated_by": "u-server",
        "device_id": None,
    }


def remote_innovation(rid: str = "srv-1", nama: str = "Dari server") -> dict[str, Any]:
    """Content as another device would send it (through the same codec)."""
    return innovation_content(
        Innovation(
            id=rid,
            rule_year=2026,
            opd_id="o1",
            profile=InnovationProfile(nama=nama),
            answers={"16": IndicatorAnswer(indicator="16", claimed_level=2)},
            documents=[EvidenceDocument(id="d1", slot="16", tentang="SK", sha256="e" * 64)],
            workflow_state=WorkflowState.DIAJUKAN,
            created_at=datetime(2026, 5, 1, 7, 30, tzinfo=UTC),
        )
    )


def synced_innovation(repo: Repository, nama: str = "Awal") -> str:
    """An innovation created here and confirmed by the server as version 1."""
    inn = repo.create_innovation(2026, nama=nama, opd_id="o1")
    sent = repo.outbox.take_batch(10)[0]
    repo.outbox.confirm_pushed("innovation", inn.id, sent.change_seq, 1)
    return inn.id


def current_content(repo: Repository, rid: str) -> dict[str, Any]:
    inn = repo.get_innovation(rid)
    assert inn is not None
    return innovation_content(inn)


def test_a_new_remote_innovation_is_stored_synced_and_the_cursor_moves(repo: Repository) -> None:
    repo.apply_remote([server_record("innovation", "srv-1", 3, remote_innovation())], 17)
    inn = repo.get_innovation("srv-1")
    assert inn is not None
    assert inn.profile.nama == "Dari server" and inn.claimed_levels() == {"16": 2}
    assert [d.sha256 for d in inn.documents] == ["e" * 64]
    assert (inn.version, inn.base_version, inn.sync_state) == (3, 3, SyncState.SYNCED)
    # Content carries the officer's part only: the state stays draft until a review says more.
    assert inn.workflow_state.value == "draft"
    assert repo.outbox.record_count() == 0  # nothing to send back
    [fetch] = repo.outbox.pending_items()  # its file is to be fetched
    assert (fetch.record_id, fetch.direction) == ("e" * 64, "down")
    assert repo.get_cursor() == 17
    assert inn.created_at == datetime(2026, 5, 1, 7, 30, tzinfo=UTC)  # the author's, kept
    assert repo.referenced_blobs() == {"e" * 64}


def test_a_first_pull_writes_the_same_rows_as_updating_an_existing_copy(
    repo: Repository, tmp_path: Any
) -> None:
    """New records take a bulk-insert path; it must store exactly what the general path (an
    existing clean copy replaced by the server's) stores: record, answers, documents, scores."""
    from sync.local.db import Store

    full = remote_innovation("srv-9", nama="Sekolah Ramah Anak")
    full["answers"] = {str(k): {"claimed_level": 1 + k % 3} for k in range(16, 36)}
    full["documents"] = [
        {"id": f"d{k}", "slot": str(16 + k), "nomor": f"{k}/2026", "tentang": "SK",
         "link": f"https://contoh.go.id/{k}", "position": 0}
        for k in range(4)
    ]  # fmt: skip
    repo.apply_remote([server_record("innovation", "srv-9", 2, full)], 2)

    other = Repository(Store(tmp_path / "other" / "store.sqlite"))
    first = remote_innovation("srv-9", nama="Versi lama")
    other.apply_remote([server_record("innovation", "srv-9", 1, first)], 1)
    other.apply_remote([server_record("innovation", "srv-9", 2, full)], 2)

    fast, general = repo.get_innovation("srv-9"), other.get_innovation("srv-9")
    assert fast is not None and general is not None
    assert fast.updated_at is not None and general.updated_at is not None
    fast.updated_at = general.updated_at
    assert fast == general
    assert len(fast.answers) == 20 and len(fast.documents) == 4
    row_fast = repo.list_innovations()[0]
    row_general = other.list_innovations()[0]
    assert (row_fast.completeness, row_fast.kematangan) == (
        row_general.completeness,
        row_general.kematangan,
    )
    assert row_fast.kematangan is not None and row_fast.kematangan > 0
    other.store.close()


def test_our_own_push_coming_back_is_skipped(repo: Repository) -> None:
    rid = synced_innovation(repo)
    repo.update_profile(rid, InnovationProfile(nama="Lokal baru"))
    stale = current_content(repo, rid) | {"profile": {"nama": "Awal"}}
    assert repo.apply_remote([server_record("innovation", rid, 1, stale)], 5).conflicts == []
    inn = repo.get_innovation(rid)
    assert inn is not None and inn.profile.nama == "Lokal baru"
    assert repo.outbox_count() == 1


def test_a_clean_local_copy_takes_the_newer_server_version(repo: Repository) -> None:
    rid = synced_innovation(repo)
    newer = current_content(repo, rid)
    newer["profile"]["nama"] = "Diubah di server"
    repo.apply_remote([server_record("innovation", rid, 2, newer)], 8)
    inn = repo.get_innovation(rid)
    assert inn is not None and inn.profile.nama == "Diubah di server"
    assert inn.base_version == 2 and inn.sync_state is SyncState.SYNCED
    assert repo.outbox_count() == 0


def test_a_dirty_local_copy_merges_changes_to_other_fields(repo: Repository) -> None:
    rid = synced_innovation(repo)
    repo.update_profile(rid, InnovationProfile(nama="Awal", tujuan="Tujuan lokal"))
    remote = current_content(repo, rid)
    remote["profile"] = {**remote["profile"], "tujuan": "", "nama": "Nama server"}
    outcome = repo.apply_remote([server_record("innovation", rid, 2, remote)], 9)
    assert outcome.conflicts == [] and outcome.skipped == []
    inn = repo.get_innovation(rid)
    assert inn is not None
    assert (inn.profile.nama, inn.profile.tujuan) == ("Nama server", "Tujuan lokal")
    assert inn.base_version == 2 and inn.sync_state is SyncState.QUEUED
    sent = repo.outbox.take_batch(10)
    assert [(c.base_version, c.content["profile"]["tujuan"]) for c in sent] == [(2, "Tujuan lokal")]


def test_both_sides_changing_a_field_is_a_conflict_until_the_officer_resolves_it(
    repo: Repository,
) -> None:
    rid = synced_innovation(repo)
    repo.update_profile(rid, InnovationProfile(nama="Nama lokal"))
    remote = current_content(repo, rid)
    remote["profile"]["nama"] = "Nama server"
    assert repo.apply_remote([server_record("innovation", rid, 2, remote)], 9).conflicts == [rid]
    inn = repo.get_innovation(rid)
    assert inn is not None
    assert inn.profile.nama == "Nama lokal" and inn.sync_state is SyncState.CONFLICT
    assert repo.outbox.take_batch(10) == []  # nothing is sent while in conflict
    assert repo.outbox.pending_items()[0].state == "conflict"
    info = repo.conflict_info("innovation", rid)
    assert info is not None and info.server_version == 2
    assert [(c.path, c.local, c.remote) for c in info.conflicts] == [
        ("profile.nama", "Nama lokal", "Nama server")
    ]
    repo.update_profile(rid, InnovationProfile(nama="Nama lokal 2"))  # edits still saved
    assert repo.outbox.pending_items()[0].state == "conflict"
    decided = info.local | {"profile": {**info.local["profile"], "nama": "Nama server"}}
    repo.resolve_conflict("innovation", rid, decided, info.server_version)
    inn = repo.get_innovation(rid)
    assert inn is not None and inn.profile.nama == "Nama server"
    assert inn.sync_state is SyncState.QUEUED and inn.base_version == 2
    sent = repo.outbox.take_batch(10)
    assert [(c.base_version, c.content["profile"]["nama"]) for c in sent] == [(2, "Nama server")]
    repo.outbox.confirm_pushed("innovation", rid, sent[0].change_seq, 3)
    assert repo.outbox_count() == 0 and repo.conflict_info("innovation", rid) is None


def test_a_push_conflict_with_disjoint_changes_merges_and_requeues(repo: Repository) -> None:
    rid = synced_innovation(repo)
    repo.set_claimed_level(rid, "20", 3)
    sent = repo.outbox.take_batch(10)[0]
    server_copy = current_content(repo, rid)
    server_copy["answers"] = {}
    server_copy["profile"]["hasil"] = "Hasil dari perangkat lain"
    outcome = repo.inbox.mark_conflict(
        "innovation", rid, server_record("innovation", rid, 4, server_copy), 4
    )
    assert outcome.clashes == [] and not outcome.new
    inn = repo.get_innovation(rid)
    assert inn is not None
    assert inn.profile.hasil == "Hasil dari perangkat lain" and inn.claimed_levels() == {"20": 3}
    again = repo.outbox.take_batch(10)
    assert [c.base_version for c in again] == [4] and again[0].change_seq > sent.change_seq


def test_verdicts_set_the_verifier_fields_whenever_they_arrive(repo: Repository) -> None:
    verdict = {
        "innovation_id": "srv-1",
        "indicators": {
            "16": {"verdict": "sesuai", "verified_level": 2, "note": "Lengkap"},
            "17": {"verdict": "tidak_sesuai", "verified_level": 0, "note": "Tidak ada SK"},
        },
        "note": "Perbaiki indikator 17",
        "qc_status": "rejected",
        "workflow_state": "revisi",
    }
    # The verdict can come first: the innovation's newer version has a later seq.
    repo.apply_remote([server_record("review", "v-1", 1, verdict, seq=2)], 2)
    repo.apply_remote([server_record("innovation", "srv-1", 2, remote_innovation(), seq=3)], 3)
    inn = repo.get_innovation("srv-1")
    assert inn is not None
    assert inn.answers["16"].verdict is Verdict.SESUAI and inn.answers["16"].verified_level == 2
    assert inn.answers["16"].claimed_level == 2
    assert inn.answers["17"].verifier_note == "Tidak ada SK"
    assert inn.answers["17"].claimed_level is None
    assert inn.qc_status is QcStatus.REJECTED and inn.workflow_state.value == "revisi"
    assert repo.outbox.record_count() == 0
    content = innovation_content(inn)
    assert "verdict" not in content["answers"]["16"] and "qc_status" not in content
    # A newer verdict replaces the old view; a tombstone clears it.
    newer = verdict | {"indicators": {"16": {"verdict": "sesuai", "verified_level": 3}},
                       "qc_status": "accept"}  # fmt: skip
    repo.apply_remote([server_record("review", "v-1", 2, newer)], 4)
    inn = repo.get_innovation("srv-1")
    assert inn is not None and inn.answers["16"].verified_level == 3
    assert inn.answers["17"].verdict is Verdict.PENDING and inn.qc_status is QcStatus.ACCEPT
    repo.apply_remote([server_record("review", "v-1", 3, {}, deleted=True)], 5)
    inn = repo.get_innovation("srv-1")
    assert inn is not None and inn.answers["16"].verified_level is None


def test_tombstones_remove_clean_copies_and_conflict_with_local_edits(repo: Repository) -> None:
    clean = synced_innovation(repo, "Bersih")
    dirty = synced_innovation(repo, "Kotor")
    repo.update_profile(dirty, InnovationProfile(nama="Masih diedit"))
    out = repo.apply_remote(
        [server_record("innovation", clean, 2, {}, deleted=True),
         server_record("innovation", dirty, 2, {}, deleted=True)], 6,
    )  # fmt: skip
    assert out.conflicts == [dirty]
    assert repo.get_innovation(clean) is None
    kept = repo.get_innovation(dirty)
    assert kept is not None and kept.profile.nama == "Masih diedit"
    assert kept.sync_state is SyncState.CONFLICT


def test_spd_profile_is_upserted_and_adopts_the_server_id(repo: Repository) -> None:
    remote = {
        "pemda_id": "p1",
        "rule_year": 2026,
        "answers": {"1": {"row": "1", "level": 2, "raw_value": None}},
        "documents": [],
    }
    repo.apply_remote([server_record("spd_profile", "spd-p1-2026", 1, remote)], 1)
    got = repo.get_spd_profile(2026)
    assert got.answers == {"1": SpdAnswer(row="1", level=2)} and got.base_version == 1
    # Saved before sign-in under a local id, then the server's arrives: one profile remains.
    repo.save_spd_profile(SpdProfile(pemda_id="", rule_year=2027,
                                     answers={"3": SpdAnswer(row="3", level=1)}))  # fmt: skip
    other = remote | {
        "rule_year": 2027,
        "answers": {"3": {"row": "3", "level": 1, "raw_value": None}},
    }
    repo.apply_remote([server_record("spd_profile", "spd-p1-2027", 1, other)], 2)
    assert [i.record_id for i in repo.outbox.pending_items()] == []
    assert repo.get_spd_profile(2027).answers == {"3": SpdAnswer(row="3", level=1)}


def test_an_unreadable_record_is_skipped_alone_and_reported(repo: Repository) -> None:
    good = server_record("innovation", "srv-1", 1, remote_innovation())
    bad_verdict = server_record("review", "v-9", 1, {"indicators": "not a dict"})
    no_year = remote_innovation("srv-2")
    del no_year["rule_year"]
    bad_innovation = server_record("innovation", "srv-2", 1, no_year)
    outcome = repo.apply_remote([bad_innovation, good, bad_verdict], 40)
    assert [(s.record_type, s.record_id) for s in outcome.skipped] == [
        ("innovation", "srv-2"),
        ("review", "v-9"),
    ]
    assert "review.indicators" in outcome.skipped[1].reason
    assert repo.get_innovation("srv-2") is None  # its partial rows were rolled back
    assert repo.get_innovation("srv-1") is not None
    assert repo.get_cursor() == 40


def test_a_record_whose_document_id_another_innovation_has_is_skipped_alone(
    repo: Repository,
) -> None:
    """Document ids are unique in this store. A faulty or hostile client could push a second
    innovation citing another one's document id (the server now refuses that; older records may
    remain): the clashing record is skipped and reported, never the page, and what was held
    stays as it was, in a first page (the batch) as in a later one (the general path)."""
    first = server_record("innovation", "srv-1", 1, remote_innovation("srv-1"))
    clash = server_record("innovation", "srv-2", 2, remote_innovation("srv-2"))  # also "d1"
    other = server_record("innovation", "srv-3", 3, remote_innovation("srv-3") | {"documents": []})
    outcome = repo.apply_remote([first, clash, other], 3)
    assert [(s.record_type, s.record_id) for s in outcome.skipped] == [("innovation", "srv-2")]
    assert "documents.id" in outcome.skipped[0].reason
    assert repo.get_innovation("srv-2") is None
    assert [d.id for d in repo.get_innovation("srv-1").documents] == ["d1"]
    assert repo.get_innovation("srv-3") is not None
    assert repo.get_cursor() == 3
    # A later page: a held innovation's new version citing "d1" keeps its held copy.
    edited = remote_innovation("srv-3", nama="Diubah") | {
        "documents": remote_innovation("srv-3")["documents"]
    }
    outcome = repo.apply_remote([server_record("innovation", "srv-3", 4, edited)], 4)
    assert [s.record_id for s in outcome.skipped] == ["srv-3"]
    assert repo.get_innovation("srv-3").profile.nama == "Dari server"
    assert [d.id for d in repo.get_innovation("srv-1").documents] == ["d1"]
    assert repo.get_cursor() == 4


def test_a_failing_page_applies_nothing_and_keeps_the_cursor(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = server_record("innovation", "srv-1", 1, remote_innovation())

    def disk_error(*_args: Any) -> None:
        raise OSError("disk I/O error")

    monkeypatch.setattr(repo.inbox, "_apply_verdict", disk_error)
    with pytest.raises(OSError):
        repo.apply_remote([good, server_record("review", "v-1", 1, {})], 40)
    assert repo.get_innovation("srv-1") is None
    assert repo.get_cursor() == 0


def test_prepare_loads_the_rule_sets_of_the_years_held_until_the_page_comes(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a pull's first page is on its way the store loads the rule sets its innovations
    will be scored with: this year's on a store that holds none, else the years it holds most
    of (two at most), and nothing more once the page has come."""
    from sync.local import inbox, scores

    loaded: list[int] = []
    real = scores.rule_set

    def rule_set(year: int) -> Any:
        loaded.append(year)
        return real(year)

    monkeypatch.setattr(scores, "rule_set", rule_set)
    repo.inbox.prepare(lambda: False)
    assert loaded == [datetime.now(UTC).year]

    page = [
        server_record("innovation", f"srv-{year}-{i}", 1,
                      remote_innovation(f"srv-{year}-{i}") | {"rule_year": year, "documents": []})
        for year, count in ((2023, 1), (2026, 3), (2027, 2))
        for i in range(count)
    ]  # fmt: skip
    repo.apply_remote(page, 9)
    loaded.clear()
    repo.inbox.prepare(lambda: False)
    assert loaded == [2026, 2027] and inbox.PREPARED_YEARS == 2

    loaded.clear()
    repo.inbox.prepare(lambda: True)  # the page is here: apply it now
    assert loaded == []
    came = iter([False, True])
    repo.inbox.prepare(lambda: next(came))
    assert loaded == [2026]


def _table(repo: Repository, sql: str) -> list[tuple[Any, ...]]:
    import sqlite3

    con = sqlite3.connect(repo.store.path)
    try:
        return sorted(con.execute(sql).fetchall(), key=repr)
    finally:
        con.close()


def _reviewed_page() -> list[dict[str, Any]]:
    """An innovation new to the store, an SPD profile, and the innovation's review: a verdict
    on a claimed indicator, one whose evidence changed since (its fingerprint), one on an
    indicator not claimed, QC and the state (the order a server's first page has them in)."""
    from iid.workflow import evidence_fingerprint

    full = remote_innovation("srv-9", nama="Sekolah Ramah Anak")
    full["answers"] = {str(k): {"claimed_level": 1 + k % 3} for k in range(16, 24)}
    inn = Innovation(id="srv-9", rule_year=2026, opd_id="o1",
                     answers={"16": IndicatorAnswer(indicator="16", claimed_level=2)})  # fmt: skip
    review = {
        "innovation_id": "srv-9",
        "workflow_state": "disahkan_opd",
        "indicators": {
            "17": {"verdict": "sesuai", "verified_level": 3, "note": "Lengkap"},
            "16": {
                "verdict": "sesuai",
                "verified_level": 2,
                "note": "Berubah",
                "fingerprint": evidence_fingerprint(inn, "16"),
            },  # not this content's
            "40": {"verdict": "tidak_sesuai", "verified_level": 0, "note": "Tidak ada"},
        },  # fmt: skip
        "qc_status": "accept",
        "note": "Sudah diperiksa",
    }
    spd = {"pemda_id": "p1", "rule_year": 2026, "documents": [],
           "answers": {"1": {"row": "1", "level": 2, "raw_value": None}}}  # fmt: skip
    return [
        server_record("innovation", "srv-9", 2, full, seq=5),
        server_record("spd_profile", "spd-p1-2026", 1, spd, seq=6),
        server_record("review", "v-9", 1, review, seq=7),
    ]


def test_reviews_that_come_with_their_new_innovations_write_the_general_paths_rows(
    repo: Repository, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first pull's reviews of innovations new in the same page are laid over in the batch
    (no general path, no refresh each); the rows are those the general path writes when the
    innovation was held already: answers' verdicts, state, QC, the review itself."""
    from sync.local.db import Store

    alone: list[str] = []
    general = repo.inbox._apply_alone

    def spy(session: Any, index: int, record: dict[str, Any], *rest: Any) -> None:
        alone.append(str(record["type"]))
        general(session, index, record, *rest)

    monkeypatch.setattr(repo.inbox, "_apply_alone", spy)
    outcome = repo.apply_remote(_reviewed_page(), 7)
    assert alone == [] and not outcome.skipped  # the review and the SPD profile went in the batch

    other = Repository(Store(tmp_path / "other" / "store.sqlite"))
    other.apply_remote([server_record("innovation", "srv-9", 1, remote_innovation("srv-9"))], 1)
    other.apply_remote(_reviewed_page(), 7)

    fast, slow = repo.get_innovation("srv-9"), other.get_innovation("srv-9")
    assert fast is not None and slow is not None
    assert fast.updated_at is not None and slow.updated_at is not None
    fast.updated_at = slow.updated_at
    assert fast == slow
    assert fast.workflow_state is WorkflowState.DISAHKAN_OPD and fast.qc_status is QcStatus.ACCEPT
    assert fast.answers["17"].verdict is Verdict.SESUAI and fast.answers["17"].verified_level == 3
    assert fast.answers["16"].verdict is Verdict.PENDING  # its evidence changed since
    assert fast.answers["40"].claimed_level is None and fast.answers["40"].verifier_note
    for sql in (
        "SELECT id, answers FROM innovations",
        "SELECT id, innovation_id, version, content, deleted FROM verdicts",
        "SELECT workflow_state, qc_status, verifier_note, completeness, kematangan_centi "
        "FROM innovations",
    ):
        assert _table(repo, sql) == _table(other, sql)
    assert repo.get_spd_profile(2026).answers == other.get_spd_profile(2026).answers
    other.store.close()


def test_a_batched_review_settles_the_requests_made_here_like_the_general_path(
    repo: Repository,
) -> None:
    """Requests on this device for an innovation it does not hold (rare: left from before a
    reinstall of the row) are the workflow part's: it settles and overlays them once the
    innovation is stored, with the review's version."""
    from sync.local.models import WorkflowRequestRow
    from sync.local.rows import now

    with repo.store.write() as session:
        session.add(
            WorkflowRequestRow(id="req-1", innovation_id="srv-9", action="nilai",
                               state="applied", applied_version=1, created_at=now())
        )  # fmt: skip
    page = _reviewed_page()
    repo.apply_remote([page[0], page[2]], 7)
    assert _table(repo, "SELECT id FROM workflow_requests") == []  # the review is at least v1
    inn = repo.get_innovation("srv-9")
    assert inn is not None and inn.qc_status is QcStatus.ACCEPT


def test_reviews_in_a_batch_keep_the_pages_order_and_are_skipped_alone(repo: Repository) -> None:
    first, newer = remote_innovation("srv-1"), remote_innovation("srv-2") | {"documents": []}
    review = {"innovation_id": "srv-1", "indicators": {}, "workflow_state": "diajukan"}
    page = [
        server_record("innovation", "srv-1", 1, first, seq=1),
        server_record("innovation", "srv-2", 1, newer, seq=2),
        server_record("review", "v-1", 1, review, seq=3),
        server_record("review", "v-1", 2, review | {"workflow_state": "revisi"}, seq=4),
        server_record("review", "v-2", 1, {"innovation_id": "srv-2", "indicators": "no"}, seq=5),
    ]
    outcome = repo.apply_remote(page, 5)
    assert [(s.record_type, s.record_id) for s in outcome.skipped] == [("review", "v-2")]
    one, two = repo.get_innovation("srv-1"), repo.get_innovation("srv-2")
    assert one is not None and one.workflow_state is WorkflowState.REVISI  # the later copy
    assert two is not None and two.workflow_state is WorkflowState.DRAFT
    assert _table(repo, "SELECT id, version FROM verdicts") == [("v-1", 2)]

    # A review met before its innovation, then a newer copy of it after: the copy is compared
    # with the stored one (general path), never written twice.
    third = remote_innovation("srv-3") | {"documents": []}
    again = {"innovation_id": "srv-3", "indicators": {}, "workflow_state": "diajukan"}
    outcome = repo.apply_remote([
        server_record("review", "v-3", 1, again, seq=6),
        server_record("innovation", "srv-3", 1, third, seq=7),
        server_record("review", "v-3", 2, again | {"workflow_state": "revisi"}, seq=8),
    ], 8)  # fmt: skip
    assert not outcome.skipped
    three = repo.get_innovation("srv-3")
    assert three is not None and three.workflow_state is WorkflowState.REVISI


def test_an_spd_profile_new_to_the_store_is_batched_with_the_general_paths_rows(
    repo: Repository, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first pull's SPD profile (the store holds none of its year) is written in the page's
    batch, not through the ORM: the same rows as the general path writes, its files' outbox rows
    included (a file this device is sending stays *up* and makes the profile *sending*)."""
    from decimal import Decimal

    from sync.local import inbox
    from sync.local.content import spd_content
    from sync.local.db import Store

    profile = SpdProfile(
        pemda_id="p1",
        rule_year=2026,
        answers={
            "1": SpdAnswer(row="1", level=2),
            "4": SpdAnswer(
                row="4", raw_value=Decimal("5.23"), inputs={"a": Decimal("10"), "b": Decimal("2.5")}
            ),
        },  # fmt: skip
        documents=[
            EvidenceDocument(id="sd1", slot="4", tentang="Perda", sha256="a" * 64, position=0),
            EvidenceDocument(id="sd2", slot="1", tentang="Tautan", link="https://contoh.go.id/x"),
            EvidenceDocument(id="sd3", slot="1", tentang="Dari sini", sha256="f" * 64, position=1),
        ],
    )
    page = [
        server_record("spd_profile", "spd-p1-2026", 3, spd_content(profile), seq=1),
        server_record("innovation", "srv-1", 1, remote_innovation("srv-1"), seq=2),
    ]
    other = Repository(Store(tmp_path / "other" / "store.sqlite"))
    for each in (repo, other):  # a file this device is sending (an outbox "up" row)
        mine = each.create_innovation(2026, "Lokal")
        each.add_document(mine.id, EvidenceDocument(id="ld", slot="16", sha256="f" * 64))

    alone: list[str] = []

    def spy(general: Any) -> Any:
        def apply_alone(session: Any, index: int, record: dict[str, Any], *rest: Any) -> None:
            alone.append(str(record["type"]))
            general(session, index, record, *rest)

        return apply_alone

    monkeypatch.setattr(repo.inbox, "_apply_alone", spy(repo.inbox._apply_alone))
    assert not repo.apply_remote(page, 2).skipped
    assert alone == []  # batched
    monkeypatch.setattr(inbox._Batch, "takes_spd", lambda *_: False)
    monkeypatch.setattr(other.inbox, "_apply_alone", spy(other.inbox._apply_alone))
    assert not other.apply_remote(page, 2).skipped
    assert alone == ["spd_profile"]  # the general path

    for sql in (
        "SELECT id, pemda_id, rule_year, sync_state, version, base_version, synced_content,"
        " server_content, server_version FROM spd_profiles",
        "SELECT * FROM spd_answers",
        "SELECT * FROM spd_documents",
        "SELECT record_id, direction, state, priority, size_bytes FROM outbox"
        " WHERE record_type = 'blob'",
    ):
        assert _table(repo, sql) == _table(other, sql), sql
    got = repo.get_spd_profile(2026)
    assert got == other.get_spd_profile(2026)
    assert got.answers == profile.answers and got.version == 3
    assert _table(repo, "SELECT sync_state FROM spd_profiles") == [("sending",)]
    assert _table(repo, "SELECT record_id, direction FROM outbox WHERE record_type = 'blob'") == [
        ("a" * 64, "down"),
        ("e" * 64, "down"),  # the innovation's
        ("f" * 64, "up"),
    ]
    other.store.close()


def test_a_second_copy_of_a_batched_spd_profile_in_the_page_is_applied_after_it(
    repo: Repository,
) -> None:
    from sync.local.content import spd_content

    def version(level: int) -> dict[str, Any]:
        return spd_content(SpdProfile(pemda_id="p1", rule_year=2026,
                                      answers={"1": SpdAnswer(row="1", level=level)}))  # fmt: skip

    outcome = repo.apply_remote([
        server_record("spd_profile", "spd-p1-2026", 1, version(1), seq=1),
        server_record("innovation", "srv-1", 1, remote_innovation("srv-1"), seq=2),
        server_record("spd_profile", "spd-p1-2026", 2, version(3), seq=3),
        server_record("spd_profile", "spd-p1-2026", 1, version(2), seq=4),  # older: skipped
    ], 4)  # fmt: skip
    assert not outcome.skipped
    got = repo.get_spd_profile(2026)
    assert got.answers == {"1": SpdAnswer(row="1", level=3)} and got.version == 2
    assert repo.get_innovation("srv-1") is not None
