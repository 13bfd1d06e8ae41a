"""Repository round trips: every record type written and read back as the same dataclass."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text

from iid.records import (
    EvidenceDocument,
    IndicatorAnswer,
    InnovationProfile,
    SpdAnswer,
    SpdProfile,
    SyncState,
    WorkflowState,
)
from sync.local.db import Store
from sync.local.problems import SERVER_REFUSED, UNREACHABLE, Problem
from sync.local.repository import (
    DeleteOutcome,
    LocalUserInfo,
    NotADraft,
    RecordNotFound,
    Repository,
)


def full_profile() -> InnovationProfile:
    return InnovationProfile(
        nama="Sistem Antrian Puskesmas",
        tahapan="penerapan",
        inisiator="kepala_daerah",
        inisiator_nama="Bupati",
        jenis="digital",
        bentuk="inovasi pelayanan publik",
        urusan_utama="Kesehatan",
        urusan_lain=["Pendidikan", "Sosial"],
        waktu_uji_coba=date(2024, 1, 2),
        waktu_penerapan=date(2024, 6, 30),
        waktu_pengembangan=None,
        rancang_bangun="Rancang bangun " * 50,
        tujuan="Tujuan",
        manfaat="Manfaat",
        hasil="Hasil",
        video_link="https://youtu.be/x",
        extra={"anggaran_nilai": "1000000", "flags": [1, 2]},
    )


def pdf_doc(slot: str = "16", position: int = 0, doc_id: str = "d1") -> EvidenceDocument:
    return EvidenceDocument(
        id=doc_id,
        slot=slot,
        nomor="800/12/2024",
        tanggal=date(2024, 3, 1),
        tentang="SK Bupati",
        sha256="a" * 64,
        file_name="sk.pdf",
        media_type="application/pdf",
        size_bytes=12345,
        page_count=3,
        position=position,
    )


def test_innovation_round_trip_keeps_profile_answers_and_documents(repo: Repository) -> None:
    created = repo.create_innovation(2026, nama="Awal", opd_id="opd-1")
    assert created.profile.nama == "Awal"
    assert created.opd_id == "opd-1"
    assert created.workflow_state is WorkflowState.DRAFT
    assert created.id[14] == "7"  # UUIDv7
    repo.update_profile(created.id, full_profile())
    repo.set_claimed_level(created.id, "16", 3)
    repo.set_claimed_level(created.id, "17", 1)
    repo.add_document(created.id, pdf_doc())
    link = EvidenceDocument(id="d2", slot="video", link="https://youtu.be/y", position=0)
    repo.add_document(created.id, link)
    got = repo.get_innovation(created.id)
    assert got is not None
    assert got.profile == full_profile()
    assert got.claimed_levels() == {"16": 3, "17": 1}
    assert got.documents_for("16") == [pdf_doc()]
    assert got.documents_for("video") == [link]
    assert got.rule_year == 2026
    assert got.sync_state is SyncState.QUEUED
    assert got.version == 6
    assert got.created_at is not None and got.created_at.tzinfo is not None


def test_many_innovations_read_at_once_equal_reading_each(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = []
    for n in range(7):
        inn = repo.create_innovation(2026, nama=f"Inovasi {n}", opd_id="opd-1")
        repo.set_claimed_level(inn.id, "16", n % 3 + 1)
        for position in range(n % 3):
            repo.add_document(inn.id, pdf_doc(position=position, doc_id=f"d{n}-{position}"))
        ids.append(inn.id)
    gone = repo.create_innovation(2026, nama="Dihapus")
    _sent(repo, gone.id)
    repo.delete_innovation(gone.id)  # a tombstone: never read
    wanted = [ids[4], "no-such-id", gone.id, ids[0], *ids[5:], ids[1]]
    monkeypatch.setattr("sync.local.innovations.BULK_READ", 3)  # several chunks
    got = repo.get_innovations(wanted)
    assert [i.id for i in got] == [ids[4], ids[0], ids[5], ids[6], ids[1]]
    assert got == [repo.get_innovation(i.id) for i in got]
    assert [len(i.documents) for i in got] == [1, 0, 2, 0, 1]


def test_clearing_a_level_and_updating_documents(repo: Repository) -> None:
    inn = repo.create_innovation(2026)
    repo.set_claimed_level(inn.id, "16", 2)
    repo.set_claimed_level(inn.id, "16", None)
    repo.add_document(inn.id, pdf_doc(doc_id="a", position=0))
    repo.add_document(inn.id, pdf_doc(doc_id="b", position=1))
    repo.add_document(inn.id, pdf_doc(doc_id="c", position=2))
    changed = EvidenceDocument(id="b", slot="16", tentang="Perbup", link="https://x", position=1)
    repo.update_document(inn.id, changed)
    repo.reorder_documents(inn.id, "16", ["c", "a", "b"])
    repo.remove_document(inn.id, "a")
    got = repo.get_innovation(inn.id)
    assert got is not None
    assert got.claimed_levels() == {"16": 0}
    assert [d.id for d in got.documents_for("16")] == ["c", "b"]
    assert got.documents_for("16")[1].tentang == "Perbup"


def test_bad_level_and_unknown_records_are_refused_without_change(repo: Repository) -> None:
    inn = repo.create_innovation(2026)
    with pytest.raises(ValueError, match="1, 2 atau 3"):
        repo.set_claimed_level(inn.id, "16", 7)
    with pytest.raises(RecordNotFound):
        repo.update_profile("no-such-id", InnovationProfile(nama="x"))
    with pytest.raises(RecordNotFound):
        repo.update_document(inn.id, pdf_doc(doc_id="missing"))
    got = repo.get_innovation(inn.id)
    assert got is not None and got.answers == {} and got.version == 1


def _sent(repo: Repository, innovation_id: str) -> None:
    """As a sync run would: hand the record to the server and have it confirmed."""
    change = next(c for c in repo.outbox.take_batch(10) if c.record_id == innovation_id)
    repo.outbox.confirm_pushed(
        "innovation", innovation_id, change.change_seq, change.base_version + 1
    )


def test_a_never_sent_draft_is_removed_outright(repo: Repository, store: Store) -> None:
    inn = repo.create_innovation(2026, nama="Salah buat")
    repo.add_document(inn.id, pdf_doc())
    repo.set_claimed_level(inn.id, "16", 2)
    assert repo.delete_innovation(inn.id) is DeleteOutcome.REMOVED
    assert repo.get_innovation(inn.id) is None
    assert repo.count_innovations() == 0
    assert repo.outbox_count() == 0 and repo.outbox.take_batch(10) == []
    assert repo.referenced_blobs() == set()
    with store.read() as session:  # no hidden row, answer or document is left behind
        for table in ("innovations", "answers", "documents", "outbox"):
            assert session.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0


def test_a_sent_draft_leaves_a_tombstone_whose_deletion_goes_to_the_server(
    repo: Repository,
) -> None:
    inn = repo.create_innovation(2026, nama="Hapus")
    repo.add_document(inn.id, pdf_doc())
    _sent(repo, inn.id)
    assert repo.delete_innovation(inn.id) is DeleteOutcome.QUEUED
    assert repo.get_innovation(inn.id) is None
    assert repo.count_innovations() == 0
    batch = repo.outbox.take_batch(10)
    assert [(c.record_id, c.deleted, c.content, c.base_version) for c in batch] == [
        (inn.id, True, {}, 1)
    ]
    repo.outbox.confirm_pushed("innovation", inn.id, batch[0].change_seq, 2)
    assert repo.outbox_count() == 0
    assert repo.referenced_blobs() == set()


def test_a_draft_handed_out_without_an_answer_is_deleted_through_the_server(
    repo: Repository,
) -> None:
    # The push may have reached the server though its answer was lost: a local removal would
    # let the server's copy come back with the next pull.
    inn = repo.create_innovation(2026, nama="Sedang dikirim")
    assert [c.record_id for c in repo.outbox.take_batch(10)] == [inn.id]
    assert repo.delete_innovation(inn.id) is DeleteOutcome.QUEUED
    assert repo.get_innovation(inn.id) is None
    repo.outbox.requeue_interrupted()  # the answer never came (the app was closed meanwhile)
    assert [(c.record_id, c.deleted) for c in repo.outbox.take_batch(10)] == [(inn.id, True)]


def test_only_a_draft_can_be_deleted(repo: Repository) -> None:
    inn = repo.create_innovation(2026, nama="Sudah diajukan")
    repo.set_innovation_state(inn.id, WorkflowState.DIAJUKAN)
    with pytest.raises(NotADraft, match="hanya draf"):
        repo.delete_innovation(inn.id)
    got = repo.get_innovation(inn.id)
    assert got is not None and got.workflow_state is WorkflowState.DIAJUKAN
    assert repo.count_innovations() == 1


def test_a_deletion_the_server_refuses_brings_the_innovation_back(repo: Repository) -> None:
    inn = repo.create_innovation(2026, nama="Kembali")
    _sent(repo, inn.id)
    repo.delete_innovation(inn.id)
    repo.outbox.take_batch(10)
    refusal = Problem(SERVER_REFUSED, detail="Hanya draf yang dapat dihapus")
    assert repo.outbox.refuse("innovation", inn.id, refusal)
    back = repo.get_innovation(inn.id)
    assert back is not None and back.profile.nama == "Kembali"
    assert back.sync_state is SyncState.QUARANTINED
    assert repo.count_innovations() == 1  # in the list again
    items = repo.outbox.pending_items(only=("innovation", inn.id))
    assert [i.problem.detail if i.problem else "" for i in items] == [
        "Hanya draf yang dapat dihapus"
    ]


def test_referenced_blobs_cover_innovation_and_spd_documents(repo: Repository) -> None:
    inn = repo.create_innovation(2026)
    repo.add_document(inn.id, pdf_doc())
    spd = SpdProfile(
        pemda_id="p1",
        rule_year=2026,
        documents=[EvidenceDocument(id="s1", slot="1", sha256="b" * 64)],
    )
    repo.save_spd_profile(spd)
    assert repo.referenced_blobs() == {"a" * 64, "b" * 64}
    refs = repo.blob_references(["a" * 64, "b" * 64, "f" * 64])
    assert set(refs) == {"a" * 64, "b" * 64}  # nobody refers to "f...": absent
    assert (refs["a" * 64].record_type, refs["a" * 64].record_id) == ("innovation", inn.id)
    assert refs["a" * 64].media_type == "application/pdf"
    assert refs["b" * 64].record_type == "spd_profile"
    # A deletion the server has not confirmed still refers to its files (like referenced_blobs);
    # once confirmed, nothing does.
    _sent(repo, inn.id)
    repo.delete_innovation(inn.id)
    assert set(repo.blob_references(["a" * 64])) == {"a" * 64}
    sent = [c for c in repo.outbox.take_batch(10) if c.record_id == inn.id][0]
    repo.outbox.confirm_pushed("innovation", inn.id, sent.change_seq, 2)
    assert repo.blob_references(["a" * 64]) == {}


def test_spd_profile_round_trip_and_blank_profile_for_a_new_year(repo: Repository) -> None:
    blank = repo.get_spd_profile(2027)
    assert blank.rule_year == 2027 and blank.answers == {}
    profile = SpdProfile(
        pemda_id="p1",
        rule_year=2026,
        answers={
            "1": SpdAnswer(row="1", level=3),
            "2a": SpdAnswer(row="2a", raw_value=Decimal("12.50")),
        },
        documents=[pdf_doc(slot="1")],
    )
    repo.save_spd_profile(profile)
    got = repo.get_spd_profile(2026)
    assert got.answers == profile.answers
    assert got.documents == profile.documents
    assert got.pemda_id == "p1" and got.version == 1
    profile.answers.pop("1")
    repo.save_spd_profile(profile)
    again = repo.get_spd_profile(2026)
    assert list(again.answers) == ["2a"] and again.version == 2
    assert repo.outbox.record_count() == 1  # coalesced: one row for the profile
    assert repo.outbox_count() == 2  # and one for the file its document refers to


def test_org_units_and_local_user_round_trip(repo: Repository) -> None:
    assert repo.get_local_user() is None
    repo.upsert_pemda("p1", "Kabupaten Contoh", "3201")
    repo.upsert_opd("o2", "Dinas Pendidikan", "DIK", "p1")
    repo.upsert_opd("o1", "Badan Perencanaan", "BAP", "p1")
    repo.upsert_opd("o2", "Dinas Pendidikan dan Kebudayaan", "DIK")
    assert [(o.id, o.name, o.pemda_id) for o in repo.list_opds()] == [
        ("o1", "Badan Perencanaan", "p1"),
        ("o2", "Dinas Pendidikan dan Kebudayaan", "p1"),
    ]
    saved = repo.set_local_user(
        LocalUserInfo(user_id="u1", username="ani", full_name="Ani", role="operator",
                      pemda_id="p1", opd_id="o1", server_url="https://srv")
    )  # fmt: skip
    assert saved.device_id
    assert repo.get_local_user() == saved
    again = repo.set_local_user(LocalUserInfo(user_id="u1", username="ani", role="admin"))
    assert again.device_id == saved.device_id and again.role == "admin"
    created = repo.set_local_user(saved)
    assert repo.create_innovation(2026).opd_id == created.opd_id == "o1"


def test_sync_history_newest_first(repo: Repository) -> None:
    t0 = datetime(2026, 11, 1, 8, tzinfo=UTC)
    first = repo.record_sync_run(t0, t0, pushed=3, pulled=1)
    offline = Problem(UNREACHABLE, technical="connection refused")
    second = repo.record_sync_run(
        t0.replace(hour=9), None, ok=False, problem=offline, failed=2, downloaded=4
    )
    runs = repo.recent_sync_runs(5)
    assert [r.id for r in runs] == [second, first]
    assert runs[0].ok is False and runs[0].finished_at is None
    assert runs[0].problem == Problem(UNREACHABLE) and runs[0].downloaded == 4  # the code only
    assert runs[1].problem is None
    assert runs[1].pushed == 3 and runs[1].started_at == t0


def test_data_survives_closing_and_reopening_the_store(store: Store) -> None:
    repo = Repository(store)
    inn = repo.create_innovation(2026, nama="Tetap")
    store.close()
    wal = store.path.with_name(store.path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # folded into the main file
    reopened = Store(store.path)
    try:
        got = Repository(reopened).get_innovation(inn.id)
        assert got is not None and got.profile.nama == "Tetap"
    finally:
        reopened.close()


def test_work_before_the_first_sign_in_joins_the_officers_opd_and_pemda(
    repo: Repository,
) -> None:
    draft = repo.create_innovation(2026, nama="Sebelum masuk")
    assert draft.opd_id == ""
    repo.save_spd_profile(
        SpdProfile(pemda_id="", rule_year=2026, answers={"1": SpdAnswer(row="1", level=2)})
    )
    assert {i.record_id for i in repo.outbox.pending_items()} == {draft.id, "spd-local-2026"}
    repo.set_local_user(LocalUserInfo(user_id="u1", pemda_id="p9", opd_id="o9"))
    got = repo.get_innovation(draft.id)
    assert got is not None and got.opd_id == "o9"
    spd = repo.get_spd_profile(2026)
    assert spd.pemda_id == "p9" and spd.answers == {"1": SpdAnswer(row="1", level=2)}
    assert {i.record_id for i in repo.outbox.pending_items()} == {draft.id, "spd-p9-2026"}
    sent = {c.record_id: c.content for c in repo.outbox.take_batch(10)}
    assert sent[draft.id]["opd_id"] == "o9" and sent["spd-p9-2026"]["pemda_id"] == "p9"


def test_proof_fields_and_measures_round_trip_and_queue_the_innovation(repo: Repository) -> None:
    inn = repo.create_innovation(2026, "Si Cepat", "opd-1")
    read = EvidenceDocument(
        id="d9",
        slot="16",
        nomor="12",
        tanggal=date(2025, 2, 3),
        sha256="b" * 64,
        media_type="application/pdf",
        jenis="perkada",
        tahun=2025,
        names_innovation=False,
        name_page=None,
        readability="sideways",
        prefilled=("nomor", "tanggal"),
    )
    repo.add_document(inn.id, read)
    repo.set_claimed_level(inn.id, "29", 3)
    measure = IndicatorAnswer("29", quantity=Decimal("38"), quantity_base=Decimal("40.0"))
    repo.set_measure(inn.id, measure)
    repo.set_measure(inn.id, IndicatorAnswer("35", checklist=("latar_belakang", "dampak")))
    again = repo.get_innovation(inn.id)
    assert again is not None
    assert again.documents == [read]
    assert again.answers["29"].claimed_level == 3
    assert str(again.answers["29"].quantity_base) == "40.0"
    assert again.answers["35"].checklist == ("latar_belakang", "dampak")
    assert again.answers["35"].claimed_level is None
    version = again.version
    repo.set_measure(inn.id, IndicatorAnswer("35", checklist=("latar_belakang", "dampak")))
    assert repo.get_innovation(inn.id).version == version  # no change, no new version


def test_shared_blobs_lists_other_innovations_using_the_same_file(repo: Repository) -> None:
    first = repo.create_innovation(2026, "Si Cepat", "opd-1")
    second = repo.create_innovation(2026, "Posyandu Digital", "opd-1")
    gone = repo.create_innovation(2026, "Dihapus", "opd-1")
    sk = "c" * 64
    repo.add_document(first.id, EvidenceDocument(id="a", slot="17", sha256=sk))
    repo.add_document(first.id, EvidenceDocument(id="b", slot="22", sha256=sk))
    repo.add_document(first.id, EvidenceDocument(id="c", slot="16", sha256="d" * 64))
    assert repo.shared_blobs(first.id) == {}  # reuse inside one innovation is legitimate
    repo.add_document(second.id, EvidenceDocument(id="e", slot="17", sha256=sk))
    repo.add_document(gone.id, EvidenceDocument(id="f", slot="17", sha256="d" * 64))
    repo.delete_innovation(gone.id)
    assert repo.shared_blobs(first.id) == {sk: ["Posyandu Digital"]}
    assert repo.shared_blobs(second.id) == {sk: ["Si Cepat"]}


def test_replacing_the_opd_list_names_what_changed_and_writes_nothing_else(
    repo: Repository,
) -> None:
    from sync.local.listing import OpdInfo

    def stamps() -> dict[str, str]:
        with repo.store.read() as session:
            rows = session.execute(text("SELECT id, updated_at FROM opd")).all()
            return {str(row[0]): str(row[1]) for row in rows}

    accounts = repo.accounts
    first = [OpdInfo("a", "Dinas A", "1"), OpdInfo("b", "Dinas B", "2")]
    assert sorted(accounts.replace_opds("p", first)) == ["a", "b"]
    written = stamps()
    assert accounts.replace_opds("p", first) == []  # the same list: nothing changed
    assert stamps() == written  # ... and nothing was written
    renamed = [OpdInfo("a", "Badan A", "1"), OpdInfo("c", "Dinas C", "3")]
    assert sorted(accounts.replace_opds("p", renamed)) == ["a", "b", "c"]  # b removed
    assert {o.id: o.name for o in repo.list_opds()} == {"a": "Badan A", "c": "Dinas C"}
