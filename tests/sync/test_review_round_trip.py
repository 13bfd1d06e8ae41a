"""The review round trip, headless: real stores, the real server, a bad line in between.

An operator, a verifier and an admin, each with their own installation (store, vault, engine),
sync through ``tests/sync/faultproxy.FaultProxy`` (cuts, 502/503) with the real server:

1. the operator drafts a complete innovation with scanned evidence and submits it offline: the
   request waits ("Akan diajukan saat tersambung"), then reaches the server after its files;
2. the admin syncs and, offline, starts reviewing on that evidence;
3. the verifier syncs, reviews offline (a Tidak Sesuai with a note on indicator 16, the rest
   Sesuai, QC), returns it for revision with a note, syncs;
4. the operator sees the notes, replaces the evidence of 16 (which puts that verdict back to
   pending, here at once and on the server), resubmits;
5. the admin comes back online: the verdict made offline on the old evidence of 16 is refused
   as "bukti berubah sejak Anda memeriksa", the one on unchanged evidence is applied;
6. the verifier checks the new evidence and approves; the admin marks Siap kirim and Terkirim.

Then every state and verdict is identical on the server and on each installation, and the
server's audit log holds each step with who, when and the note.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date
from typing import Any

import pytest

from iid import workflow as wf
from iid.codec import review_to_dict
from iid.records import EvidenceDocument, QcStatus, Verdict, WorkflowState
from sync.client.engine import Phase
from sync.local.ids import new_id
from sync.local.outbox import OutboxState
from sync.local.repository import RequestState
from tests.files import pdf_bytes, png_bytes
from tests.iid.test_checks import complete_innovation
from tests.server.helpers import pull_all
from tests.server.live import LiveServer
from tests.sync.conftest import Device
from tests.sync.faultproxy import FaultProxy

pytestmark = pytest.mark.slow


def pdf(rng: random.Random, size: int = 60_000) -> bytes:
    return pdf_bytes(size, seed=rng.randrange(2**32))


def attach(device: Device, innovation_id: str, doc: EvidenceDocument, data: bytes) -> None:
    src = device.folder / "incoming" / (doc.file_name or f"{doc.id}.bin")
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_bytes(data)
    info = device.vault.import_file(src)
    device.repo.add_document(
        innovation_id,
        dataclasses.replace(doc, id=new_id(), sha256=info.sha256, size_bytes=len(data)),
    )


def draft_complete(device: Device, rng: random.Random) -> str:
    """A complete innovation typed in on this installation, its scans in the vault."""
    model = complete_innovation()
    rid = device.repo.create_innovation(2026).id
    device.repo.update_profile(rid, dataclasses.replace(model.profile, nama="Puskesmas Keliling"))
    for key, answer in model.answers.items():
        device.repo.set_claimed_level(rid, key, answer.claimed_level)
        if answer.has_measure:
            device.repo.set_measure(rid, answer)
    for doc in model.documents:
        if doc.sha256 is None:
            device.repo.add_document(rid, dataclasses.replace(doc, id=new_id()))
        elif doc.media_type == "image/png":
            attach(device, rid, doc, png_bytes(100, 100, seed=rng.randrange(2**32)))
        else:
            attach(device, rid, doc, pdf(rng))
    return rid


def sync(device: Device, proxy: FaultProxy) -> None:
    """Run the engine until everything it can deliver is delivered (the line stays bad); a
    refusal waits for the officer."""
    status = None
    moving = (OutboxState.QUEUED, OutboxState.SENDING, OutboxState.WAITING)
    for _ in range(60):
        status = device.engine.run_once()
        if status.phase is Phase.SYNCED and not [
            i
            for i in device.engine.pending_items()
            if i.direction.value == "up" and i.state in moving
        ]:
            return
    pytest.fail(f"{device.name} never synced: {status}")


def online(proxy: FaultProxy) -> None:
    proxy.error_rate, proxy.cut_after_bytes = 0.1, (10_000, 120_000)


def offline(proxy: FaultProxy) -> None:
    proxy.error_rate, proxy.cut_after_bytes = 1.0, None


def server_review(server: LiveServer, innovation_id: str) -> dict[str, Any]:
    with server.client("admin") as c:
        found = [
            ch
            for ch in pull_all(c)
            if ch["type"] == "review" and ch["content"]["innovation_id"] == innovation_id
        ]
    return dict(found[-1]["content"])


def verdicts_of(device: Device, innovation_id: str) -> dict[str, tuple[str, int | None, str]]:
    inn = device.repo.get_innovation(innovation_id)
    assert inn is not None
    return {
        k: (a.verdict.value, a.verified_level, a.verifier_note)
        for k, a in inn.answers.items()
        if a.verdict is not Verdict.PENDING or a.verifier_note
    }


def test_submit_review_return_fix_resubmit_approve_send(
    server: LiveServer, make_device: Any
) -> None:
    rng = random.Random(20261205)
    host, port = server.url.removeprefix("http://").split(":")
    with FaultProxy(host, int(port), seed=12, error_status=(502, 503)) as proxy:
        operator = make_device("operator", proxy.url)
        verifier = make_device("verifikator", proxy.url)
        admin = make_device("admin", proxy.url)
        for device in (operator, verifier, admin):
            device.login(device.name)  # signing in is not under test here: a clean line

        # 1. Drafted and submitted offline; the request waits, then goes after its files.
        offline(proxy)
        rid = draft_complete(operator, rng)
        asked = operator.repo.workflow.request(rid, wf.Action.AJUKAN)
        assert operator.engine.run_once().phase is Phase.OFFLINE
        waiting = operator.repo.workflow.pending_move(rid)
        assert waiting is not None and waiting.id == asked.id and waiting.waiting
        assert operator.repo.get_innovation(rid).workflow_state is WorkflowState.DRAFT
        online(proxy)
        sync(operator, proxy)
        assert operator.repo.get_innovation(rid).workflow_state is WorkflowState.DIAJUKAN
        assert operator.repo.workflow.requests(rid) == []

        # 2. The admin starts reviewing on this evidence, offline.
        sync(admin, proxy)
        offline(proxy)
        admin.repo.workflow.give_verdict(rid, "16", Verdict.SESUAI)
        admin.repo.workflow.give_verdict(rid, "17", Verdict.SESUAI)

        # 3. The verifier reviews offline and returns it with notes.
        online(proxy)
        sync(verifier, proxy)
        seen = verifier.repo.get_innovation(rid)
        assert seen.workflow_state is WorkflowState.DIAJUKAN
        offline(proxy)
        verifier.repo.workflow.give_verdict(
            rid, "16", Verdict.TIDAK_SESUAI, 1, "SK belum menyebut nama inovasi"
        )
        for key in ("17", "32", "33", "35"):
            verifier.repo.workflow.give_verdict(rid, key, Verdict.SESUAI)
        verifier.repo.workflow.set_qc(rid, QcStatus.PENDING, "Perbaiki SK")
        verifier.repo.workflow.request(rid, wf.Action.PERLU_REVISI, "Lampirkan SK yang benar")
        online(proxy)
        sync(verifier, proxy)
        assert verifier.repo.get_innovation(rid).workflow_state is WorkflowState.REVISI

        # 4. The operator sees the notes, replaces the evidence of 16, resubmits.
        sync(operator, proxy)
        returned = operator.repo.get_innovation(rid)
        assert returned.workflow_state is WorkflowState.REVISI
        assert operator.repo.workflow.review(rid).return_note == "Lampirkan SK yang benar"
        assert returned.answers["16"].verifier_note == "SK belum menyebut nama inovasi"
        assert returned.answers["16"].verdict is Verdict.TIDAK_SESUAI
        assert operator.repo.workflow.content_refusal(rid) is None
        old = next(d for d in returned.documents if d.slot == "16")
        operator.repo.remove_document(rid, old.id)
        attach(
            operator, rid,
            EvidenceDocument(id="x", slot="16", nomor="188/45/2024", tanggal=date(2024, 3, 5),
                             tentang="SK Bupati tentang Puskesmas Keliling",
                             file_name="sk-baru.pdf", media_type="application/pdf"),
            pdf(rng, 80_000),
        )  # fmt: skip
        fixed = operator.repo.get_innovation(rid).answers
        assert fixed["16"].verdict is Verdict.PENDING  # at once, before the server says so
        assert fixed["17"].verdict is Verdict.SESUAI
        operator.repo.workflow.request(rid, wf.Action.AJUKAN_ULANG)
        sync(operator, proxy)
        assert operator.repo.get_innovation(rid).workflow_state is WorkflowState.DIAJUKAN

        # 5. The admin's verdict on the old evidence of 16 is refused, not applied silently.
        sync(admin, proxy)
        requests = {r.indicator: r for r in admin.repo.workflow.requests(rid)}
        assert requests["16"].state is RequestState.REFUSED
        assert requests["16"].refusal == "workflow.evidence_changed"
        assert requests["16"].refusal_params == {"indicator": "16"}
        assert "berubah sejak Anda memeriksa" in requests["16"].detail
        assert "17" not in requests  # applied and reflected by the pulled review
        assert admin.repo.get_innovation(rid).answers["16"].verdict is Verdict.PENDING
        admin.repo.workflow.dismiss(requests["16"].id)

        # 6. The verifier checks the new evidence and approves; the admin sends it.
        sync(verifier, proxy)
        assert verifier.repo.get_innovation(rid).answers["16"].verdict is Verdict.PENDING
        offline(proxy)
        verifier.repo.workflow.give_verdict(rid, "16", Verdict.SESUAI, 1)
        verifier.repo.workflow.set_qc(rid, QcStatus.ACCEPT, "Lengkap")
        verifier.repo.workflow.request(rid, wf.Action.SETUJUI)
        online(proxy)
        sync(verifier, proxy)
        for action in (wf.Action.SIAP_KIRIM, wf.Action.TERKIRIM):
            sync(admin, proxy)
            admin.repo.workflow.request(rid, action)
            sync(admin, proxy)
        for device in (operator, verifier, admin):
            sync(device, proxy)
        print(f"cuts={proxy.cuts} errors={proxy.errors_injected}")
        assert proxy.cuts > 0 and proxy.errors_injected > 0  # the line really was bad

    on_server = server_review(server, rid)
    assert on_server["workflow_state"] == "terkirim" and on_server["qc_status"] == "accept"
    assert on_server["indicators"]["16"]["verdict"] == "sesuai"
    assert on_server["indicators"]["16"]["verified_level"] == 1
    expected = {
        k: (v["verdict"], v["verified_level"], v["note"])
        for k, v in on_server["indicators"].items()
    }
    for device in (operator, verifier, admin):
        assert review_to_dict(device.repo.workflow.review(rid)) == on_server, device.name
        assert device.repo.get_innovation(rid).workflow_state is WorkflowState.TERKIRIM
        assert verdicts_of(device, rid) == expected, device.name
        assert device.repo.workflow.requests(rid) == [], device.name
        assert device.repo.workflow.content_refusal(rid) is not None  # terkirim: locked

    with server.client("operator") as c:
        events = c.get(f"/innovations/{rid}/workflow").json()["events"]
    steps = [(e["action"], e["actor"]) for e in events]
    moves = [s for s in steps if s[0] not in ("nilai", "refused")]
    assert moves == [
        ("ajukan", "operator"),
        ("perlu_revisi", "verifikator"),
        ("verdict_reset", "operator"),
        ("ajukan_ulang", "operator"),
        ("setujui", "verifikator"),
        ("siap_kirim", "admin"),
        ("terkirim", "admin"),
    ]
    assert ("refused", "admin") in steps
    refused = next(e for e in events if e["action"] == "refused")
    assert refused["code"] == "workflow.evidence_changed"
    assert next(e for e in events if e["action"] == "perlu_revisi")["note"] == (
        "Lampirkan SK yang benar"
    )
    given = [e for e in events if e["action"] == "nilai"]
    assert {k for e in given for k in e["indicators"]} >= {"16", "17", "32", "33", "35"}
    assert all(e["at"] for e in events)
