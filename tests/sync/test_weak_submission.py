"""Issue 13's weak submission through the real workflow guard, headless: real stores and vaults,
the real server.

The officer drafts the nine-claim innovation of ``tests.iid.test_proof.weak_submission`` with its
files in the vault. Ajukan is refused on the device (nothing queued) with the findings that
block; the draft and its files still sync. A device that skipped its own check and pushed the
request anyway is refused by the server with the same findings; and the verifier's installation,
which pulled the innovation, finds exactly what the officer's did (codes, levels, points,
words), so the officer and the verifier argue about the same list.
"""

from __future__ import annotations

import dataclasses
import zlib
from typing import Any

import pytest

from iid import workflow as wf
from iid.checks import check_innovation
from iid.findings import Finding
from iid.records import Innovation
from iid.rules import load_rules
from sync.client.engine import Phase
from sync.local.ids import new_id
from sync.local.outbox import OutboxState
from sync.local.repository import WorkflowRefused
from tests.files import pdf_bytes
from tests.iid.test_proof import weak_submission
from tests.server.helpers import PROBLEM_BASE, move, push
from tests.server.live import LiveServer
from tests.sync.conftest import Device

pytestmark = pytest.mark.slow

NINE = {"16", "17", "18", "22", "28", "31", "32", "33", "35"}


def scan(text: str) -> bytes:
    """A distinct small real PDF per document (the same bytes for the same SK: the server
    sniffs uploads, so the bytes must open as a PDF)."""
    return pdf_bytes(10_000, seed=zlib.crc32(text.encode()))


def draft_weak(device: Device) -> str:
    """The weak submission typed in on this installation, each file imported into the vault."""
    model = weak_submission()
    rid = device.repo.create_innovation(2026).id
    device.repo.update_profile(rid, model.profile)
    for key, answer in model.answers.items():
        device.repo.set_claimed_level(rid, key, answer.claimed_level)
        if answer.has_measure:
            device.repo.set_measure(rid, answer)
    for doc in model.documents:
        if doc.sha256 is None:
            device.repo.add_document(rid, dataclasses.replace(doc, id=new_id()))
            continue
        data = scan("SK inovasi" if doc.id in ("sk17", "sk22") else doc.id)
        src = device.folder / "incoming" / (doc.file_name or f"{doc.id}.pdf")
        src.parent.mkdir(parents=True, exist_ok=True)
        src.write_bytes(data)
        info = device.vault.import_file(src)
        device.repo.add_document(
            rid, dataclasses.replace(doc, id=new_id(), sha256=info.sha256, size_bytes=len(data))
        )
    return rid


def sync(device: Device) -> None:
    """Run the engine until every record and file this device holds is delivered."""
    moving = (OutboxState.QUEUED, OutboxState.SENDING, OutboxState.WAITING)
    status = None
    for _ in range(30):
        status = device.engine.run_once()
        if status.phase is Phase.SYNCED and not [
            i
            for i in device.engine.pending_items()
            if i.direction.value == "up" and i.state in moving
        ]:
            return
    pytest.fail(f"{device.name} never synced: {status}")


def findings_on(device: Device, innovation_id: str) -> tuple[Innovation, list[Finding]]:
    """What the editor on this installation lists (the same call, with the store's reuse)."""
    innovation = device.repo.get_innovation(innovation_id)
    assert innovation is not None
    shared = device.repo.shared_blobs(innovation_id)
    return innovation, check_innovation(innovation, load_rules(2026), shared)


def described(findings: list[Finding]) -> list[tuple[Any, ...]]:
    return [
        (f.code, f.target, f.severity, f.suggested_level, f.points_at_risk, f.message_id)
        for f in findings
    ]


def test_the_weak_submission_is_refused_here_and_by_the_server_with_the_same_findings(
    server: LiveServer, make_device: Any
) -> None:
    operator = make_device("operator", server.url)
    verifier = make_device("verifikator", server.url)
    operator.login("operator")
    verifier.login("verifikator")
    rid = draft_weak(operator)

    weak, findings = findings_on(operator, rid)
    blocking = [f for f in findings if f.blocks_submit]
    assert {f.target for f in blocking} >= NINE
    pairs = [[f.code, f.target] for f in blocking]

    # On the device: Ajukan shown disabled with the reason, and refused with nothing queued.
    [ajukan] = operator.repo.workflow.options(rid)
    assert ajukan.action is wf.Action.AJUKAN and not ajukan.enabled
    assert [r.code for r in ajukan.refusals] == ["workflow.blocking_findings"]
    with pytest.raises(WorkflowRefused) as refused:
        operator.repo.workflow.request(rid, wf.Action.AJUKAN)
    [local] = refused.value.refusals
    assert local.code == "workflow.blocking_findings"
    assert local.params["count"] == len(blocking)
    assert [list(p) for p in zip(local.params["codes"], local.params["targets"], strict=True)] == (
        pairs
    )
    assert f"Masih ada {len(blocking)} hal" in local.message_id
    assert blocking[0].message_id in local.message_id
    assert operator.repo.workflow.requests(rid) == []

    # The draft and its files still reach the server: refusing a move loses nothing.
    sync(operator)
    assert operator.repo.outbox.record_count() == 0
    with server.client("operator") as op:
        # A device that skipped its own check (an old version, a tampered one) asks anyway.
        [answer] = push(op, move(rid, "ajukan"))
    assert answer["status"] == "rejected", answer
    problem = answer["problem"]
    assert problem["type"] == PROBLEM_BASE + "workflow-refused"
    assert (problem["status"], problem["code"]) == (422, "workflow.blocking_findings")
    assert problem["params"]["count"] == len(blocking)
    served = zip(problem["params"]["codes"], problem["params"]["targets"], strict=True)
    assert [list(p) for p in served] == pairs
    assert problem["detail"] == local.message_id and problem["detail_en"] == local.message_en
    with server.client("verifikator") as ver:
        state = ver.get(f"/innovations/{rid}/workflow").json()
    assert state["workflow_state"] == "draft"
    assert [(e["action"], e["code"]) for e in state["events"]] == [
        ("refused", "workflow.blocking_findings")
    ]

    # The verifier's installation pulled the same innovation and lists the same findings.
    sync(verifier)
    seen, seen_findings = findings_on(verifier, rid)
    assert seen.documents and len(seen.documents) == len(weak.documents)
    assert described(seen_findings) == described(findings)
    assert not [f for f in seen_findings if f.code == "evidence.shared_with_other_innovation"]
