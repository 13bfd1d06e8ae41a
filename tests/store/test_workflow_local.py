"""The workflow on the device: moves and verdicts checked here and queued as requests in the
outbox, sent only when their innovation's edits and files are on the server, the server's
answers, and the review as the device shows it (pulled review + undecided verdicts, evidence
changed here counting as pending)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest

from iid import workflow as wf
from iid.codec import review_to_dict
from iid.records import EvidenceDocument, QcStatus, Verdict, WorkflowState
from sync.local.outbox import OutboxState
from sync.local.problems import SERVER_REFUSED, Problem
from sync.local.repository import LocalUserInfo, Repository, RequestState, WorkflowRefused
from tests.iid.test_checks import complete_innovation

OPD = "opd-disdik"


def as_user(repo: Repository, role: str, opd_id: str | None = OPD) -> None:
    repo.set_local_user(LocalUserInfo(username=role, role=role, pemda_id="pemda-1", opd_id=opd_id))


def complete_draft(repo: Repository) -> str:
    """A draft with no blocking finding whose files the server already holds (their upload is
    confirmed here; the bytes themselves are not the subject of these tests)."""
    model = complete_innovation()
    made = repo.create_innovation(2026, opd_id=OPD)
    repo.update_profile(made.id, model.profile)
    for key, answer in model.answers.items():
        repo.set_claimed_level(made.id, key, answer.claimed_level)
        if answer.has_measure:
            repo.set_measure(made.id, answer)
    for doc in model.documents:
        repo.add_document(made.id, dataclasses.replace(doc, id=f"{made.id[-6:]}-{doc.id}"))
        if doc.sha256 and repo.outbox.start_transfer(doc.sha256):
            repo.outbox.confirm_blob(doc.sha256)
    return made.id


def sent_everything(repo: Repository, version: int = 1) -> None:
    """Pretend the server took every queued record (innovation edits, requests)."""
    for change in repo.outbox.take_batch(100):
        repo.outbox.confirm_pushed(change.record_type, change.record_id, change.change_seq, version)


def review_record(
    innovation_id: str, version: int, review: wf.Review, rid: str = "rv-1"
) -> dict[str, Any]:
    return {
        "type": "review",
        "id": rid,
        "version": version,
        "seq": version,
        "content": review_to_dict(review),
        "deleted": False,
        "opd_id": OPD,
        "updated_at": datetime(2026, 12, 5, tzinfo=UTC).isoformat(),
        "updated_by": "server",
        "device_id": None,
    }


def test_a_move_the_process_does_not_allow_is_refused_here_and_nothing_is_queued(
    repo: Repository,
) -> None:
    as_user(repo, "operator")
    empty = repo.create_innovation(2026, opd_id=OPD)
    sent_everything(repo)
    with pytest.raises(WorkflowRefused) as refused:
        repo.workflow.request(empty.id, wf.Action.AJUKAN)
    assert [r.code for r in refused.value.refusals] == ["workflow.blocking_findings"]
    with pytest.raises(WorkflowRefused) as wrong_role:
        repo.workflow.request(empty.id, wf.Action.SETUJUI)
    assert wrong_role.value.refusals[0].code == "workflow.role"
    assert repo.workflow.requests() == [] and repo.outbox.record_count() == 0


def test_ajukan_offline_waits_locks_the_content_and_can_be_cancelled(repo: Repository) -> None:
    as_user(repo, "operator")
    rid = complete_draft(repo)
    [ajukan] = [o for o in repo.workflow.options(rid)]
    assert (ajukan.action, ajukan.enabled) == (wf.Action.AJUKAN, True)
    asked = repo.workflow.request(rid, wf.Action.AJUKAN)
    assert asked.waiting and asked.delivery is OutboxState.QUEUED
    assert repo.workflow.pending_move(rid) == repo.workflow.requests(rid)[0]
    lock = repo.workflow.content_refusal(rid)
    assert lock is not None and lock.code == "workflow.submit_pending"
    assert [o.refusals[0].code for o in repo.workflow.options(rid)] == ["workflow.move_pending"]
    with pytest.raises(WorkflowRefused):
        repo.workflow.request(rid, wf.Action.AJUKAN)  # one undecided move at a time
    assert repo.get_innovation(rid).workflow_state is WorkflowState.DRAFT  # the server decides
    items = {(i.record_type, i.title) for i in repo.outbox.pending_items()}
    assert ("workflow_request", repo.get_innovation(rid).profile.nama) in items
    assert repo.workflow.cancel(asked.id)
    assert repo.workflow.requests(rid) == [] and repo.workflow.content_refusal(rid) is None


def test_a_request_goes_after_its_innovation_s_edits_and_files(repo: Repository) -> None:
    as_user(repo, "operator")
    rid = complete_draft(repo)
    asked = repo.workflow.request(rid, wf.Action.AJUKAN)
    batch = repo.outbox.take_batch(100)
    # The innovation's edits and the request in one batch, the innovation first.
    assert [(c.record_type, c.record_id) for c in batch] == [
        ("innovation", rid),
        ("workflow_request", asked.id),
    ]
    assert batch[1].content["action"] == "ajukan" and batch[1].base_version == 0
    for change in batch:
        repo.outbox.interrupted(change.record_type, change.record_id)
    # Held innovation edits hold the request back too.
    repo.outbox.hold("innovation", rid)
    assert repo.outbox.take_batch(100) == []
    repo.outbox.release("innovation", rid)
    # A file of the innovation not yet on the server holds a submission back.
    repo.add_document(
        rid, EvidenceDocument(id="scan", slot="16", sha256="ab" * 32, file_name="sk.pdf",
                              media_type="application/pdf", tentang="SK", nomor="1",
                              tanggal=datetime(2025, 1, 2).date()),
    )  # fmt: skip
    [edit] = repo.outbox.take_batch(100)
    assert edit.record_type == "innovation"
    repo.outbox.confirm_pushed("innovation", rid, edit.change_seq, 1)
    assert repo.outbox.take_batch(100) == []  # the scan is not on the server yet
    assert repo.outbox.start_transfer("ab" * 32) and repo.outbox.confirm_blob("ab" * 32)
    assert [c.record_type for c in repo.outbox.take_batch(100)] == ["workflow_request"]


def test_verdicts_show_at_once_coalesce_until_sent_and_follow_the_server(
    repo: Repository,
) -> None:
    as_user(repo, "operator")
    rid = complete_draft(repo)
    sent_everything(repo)
    as_user(repo, "verifikator", opd_id=None)
    repo.apply_remote([review_record(rid, 1, wf.Review(rid, state=WorkflowState.DIAJUKAN))], 1)
    assert repo.get_innovation(rid).workflow_state is WorkflowState.DIAJUKAN
    repo.workflow.give_verdict(rid, "16", Verdict.TIDAK_SESUAI, 1, "SK lama")
    first = repo.workflow.give_verdict(rid, "16", Verdict.SESUAI)  # changed their mind
    repo.workflow.give_verdict(rid, "17", Verdict.SESUAI)
    repo.workflow.set_qc(rid, QcStatus.ACCEPT, "Lengkap")
    shown = repo.get_innovation(rid)
    assert shown.answers["16"].verdict is Verdict.SESUAI and shown.answers["16"].verified_level == 2
    assert shown.qc_status is QcStatus.ACCEPT
    requests = repo.workflow.requests(rid)
    assert [(r.indicator, r.state) for r in requests] == [
        ("16", RequestState.PENDING),
        ("17", RequestState.PENDING),
        ("qc", RequestState.PENDING),
    ]
    assert requests[0].id == first.id
    assert requests[0].move.verdicts["16"].fingerprint == wf.evidence_fingerprint(
        repo.get_innovation(rid), "16"
    )
    with pytest.raises(WorkflowRefused) as above:
        repo.workflow.give_verdict(rid, "16", Verdict.SESUAI, 3)
    assert above.value.refusals[0].code == "verdict.above_claim"
    # Sent: a later change is a new request; applied, shown until the review arrives.
    batch = repo.outbox.take_batch(100)
    repo.workflow.give_verdict(rid, "16", Verdict.TIDAK_SESUAI, 1, "Perbup belum ada")
    assert len(repo.workflow.requests(rid)) == 4
    for change in batch:
        repo.outbox.confirm_pushed(change.record_type, change.record_id, change.change_seq, 2)
    assert {r.state for r in repo.workflow.requests(rid)[:3]} == {RequestState.APPLIED}
    server = wf.Review(
        rid,
        state=WorkflowState.DIAJUKAN,
        indicators={
            "16": wf.IndicatorReview(
                Verdict.SESUAI, 2, "", requests[0].move.verdicts["16"].fingerprint
            ),
            "17": wf.IndicatorReview(
                Verdict.SESUAI, 2, "", requests[1].move.verdicts["17"].fingerprint
            ),
        },
        qc_status=QcStatus.ACCEPT,
        review_started=True,
    )
    repo.apply_remote([review_record(rid, 2, server)], 2)
    left = repo.workflow.requests(rid)
    assert [(r.indicator, r.state) for r in left] == [("16", RequestState.PENDING)]
    assert repo.get_innovation(rid).answers["16"].verdict is Verdict.TIDAK_SESUAI  # still mine


def test_a_refused_verdict_shows_the_server_s_reason_and_its_view(repo: Repository) -> None:
    as_user(repo, "operator")
    rid = complete_draft(repo)
    sent_everything(repo)
    as_user(repo, "verifikator", opd_id=None)
    repo.apply_remote([review_record(rid, 1, wf.Review(rid, state=WorkflowState.DIAJUKAN))], 1)
    asked = repo.workflow.give_verdict(rid, "16", Verdict.SESUAI)
    [change] = repo.outbox.take_batch(100)
    refusal = Problem(
        SERVER_REFUSED,
        {
            "status": 409,
            "code": "workflow.evidence_changed",
            "params": {"indicator": "16"},
            "loc": [["content", "verdicts", "16", "fingerprint"]],
        },
        "Bukti indikator 16 berubah sejak Anda memeriksanya.",
        "The evidence of indicator 16 changed since you checked it.",
    )
    repo.outbox.refuse(change.record_type, change.record_id, refusal)
    [refused] = repo.workflow.requests(rid)
    assert (refused.id, refused.state, refused.delivery) == (
        asked.id,
        RequestState.REFUSED,
        OutboxState.REFUSED,
    )
    assert refused.refusal == "workflow.evidence_changed"
    assert refused.refusal_params == {"indicator": "16"}
    assert refused.loc == (("content", "verdicts", "16", "fingerprint"),)
    assert "berubah sejak Anda memeriksa" in refused.detail
    assert repo.get_innovation(rid).answers["16"].verdict is Verdict.PENDING  # the server's view
    # A new verdict on that indicator answers the refusal; or the officer dismisses it.
    repo.workflow.give_verdict(rid, "16", Verdict.SESUAI)
    assert [r.state for r in repo.workflow.requests(rid)] == [RequestState.PENDING]


def test_evidence_changed_here_shows_the_verdict_as_pending_before_the_server_resets_it(
    repo: Repository,
) -> None:
    as_user(repo, "operator")
    rid = complete_draft(repo)
    sent_everything(repo)
    inn = repo.get_innovation(rid)
    given = wf.IndicatorReview(
        Verdict.TIDAK_SESUAI, 1, "SK lama", wf.evidence_fingerprint(inn, "16")
    )
    kept = wf.IndicatorReview(Verdict.SESUAI, 2, "", wf.evidence_fingerprint(inn, "17"))
    returned = wf.Review(
        rid, state=WorkflowState.REVISI, indicators={"16": given, "17": kept}, review_started=True
    )
    repo.apply_remote([review_record(rid, 3, returned)], 3)
    assert repo.get_innovation(rid).answers["16"].verdict is Verdict.TIDAK_SESUAI
    assert repo.workflow.content_refusal(rid) is None  # revisi: the OPD edits again
    doc = next(d for d in repo.get_innovation(rid).documents if d.slot == "16")
    repo.update_document(rid, dataclasses.replace(doc, sha256="cd" * 32, file_name="sk-baru.pdf"))
    shown = repo.get_innovation(rid).answers
    assert shown["16"].verdict is Verdict.PENDING and shown["16"].verifier_note == "SK lama"
    assert shown["17"].verdict is Verdict.SESUAI
