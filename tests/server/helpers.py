"""Small builders for push envelopes and checks of problem documents."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

import httpx

from iid.codec import innovation_content as innovation_content_of
from iid.codec import innovation_from_content
from iid.workflow import evidence_fingerprint

PROBLEM_BASE = "https://inovasi-desk.id/problems/"


def new_id() -> str:
    return str(uuid.uuid4())


def innovation_content(
    opd_id: str,
    record_id: str,
    *,
    answers: dict[str, int | None] | None = None,
    documents: list[dict[str, Any]] | None = None,
    **profile: Any,
) -> dict[str, Any]:
    """Innovation content in the codec's form (the officer's part): claimed levels per
    indicator, documents, and profile fields as given."""
    content: dict[str, Any] = {
        "id": record_id,
        "opd_id": opd_id,
        "rule_year": 2026,
        "profile": {"nama": "Inovasi uji", **profile},
    }
    if answers is not None:
        content["answers"] = {
            key: {"indicator": key, "claimed_level": level} for key, level in answers.items()
        }
    if documents is not None:
        content["documents"] = documents
    return content


def innovation(
    opd_id: str,
    record_id: str | None = None,
    base: int = 0,
    *,
    answers: dict[str, int | None] | None = None,
    documents: list[dict[str, Any]] | None = None,
    **profile: Any,
) -> dict[str, Any]:
    """An innovation envelope; keyword arguments are profile fields (``nama=...``)."""
    record_id = record_id or new_id()
    content = innovation_content(opd_id, record_id, answers=answers, documents=documents, **profile)
    return {
        "type": "innovation",
        "id": record_id,
        "version": base + 1,
        "base_version": base,
        "content": content,
        "device_id": "pc-test",
    }


def complete_content(opd_id: str, record_id: str, nama: str = "Layanan Cepat") -> dict[str, Any]:
    """Content of an innovation with no blocking finding under the 2026 rules, its evidence as
    links (no file to upload), so it may be submitted."""
    from tests.iid.test_checks import complete_innovation

    inn = complete_innovation()
    documents = [
        dataclasses.replace(
            d, sha256=None, link=d.link or f"https://contoh.go.id/bukti/{d.id}.pdf",
            file_name=None, media_type=None, size_bytes=None,
        )
        for d in inn.documents
    ]  # fmt: skip
    inn = dataclasses.replace(
        inn,
        id=record_id,
        opd_id=opd_id,
        profile=dataclasses.replace(inn.profile, nama=nama),
        documents=documents,
    )
    return innovation_content_of(inn)


def move(
    innovation_id: str,
    action: str,
    note: str = "",
    *,
    verdicts: dict[str, dict[str, Any]] | None = None,
    qc_status: str | None = None,
    qc_note: str | None = None,
    record_id: str | None = None,
) -> dict[str, Any]:
    """A ``workflow_request`` envelope asking for ``action`` on the innovation."""
    return {
        "type": "workflow_request",
        "id": record_id or new_id(),
        "version": 1,
        "base_version": 0,
        "content": {
            "innovation_id": innovation_id,
            "action": action,
            "note": note,
            "verdicts": verdicts or {},
            "qc_status": qc_status,
            "qc_note": qc_note,
            "requested_at": None,
        },
        "device_id": "pc-test",
    }


def verdicts_for(
    content: dict[str, Any], verdict: str = "sesuai", note: str = "", only: list[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Verdicts on every claimed indicator of ``content`` (or ``only`` those), made on its
    evidence as it is (the fingerprints a device computes)."""
    inn = innovation_from_content(content)
    keys = only or [k for k, a in inn.answers.items() if a.claimed_level]
    return {
        key: {
            "verdict": verdict,
            "verified_level": None,
            "note": note,
            "fingerprint": evidence_fingerprint(inn, key),
        }
        for key in keys
    }


def spd_profile(record_id: str | None = None, base: int = 0) -> dict[str, Any]:
    return {
        "type": "spd_profile",
        "id": record_id or new_id(),
        "version": base + 1,
        "base_version": base,
        "content": {"rule_year": 2026, "answers": {"1": {"level": 3}}},
    }


def push(client: httpx.Client, *envelopes: dict[str, Any]) -> list[dict[str, Any]]:
    """Push envelopes; returns the per-record results (asserting the request itself worked)."""
    r = client.post("/sync/push", json={"records": list(envelopes)})
    assert r.status_code == 200, r.text
    results: list[dict[str, Any]] = r.json()["results"]
    return results


def pull_all(client: httpx.Client, since: int = 0, limit: int = 1000) -> list[dict[str, Any]]:
    """Every change after ``since``, following the cursor."""
    changes: list[dict[str, Any]] = []
    while True:
        r = client.get("/sync/pull", params={"since": since, "limit": limit})
        assert r.status_code == 200, r.text
        body = r.json()
        changes.extend(body["changes"])
        since = body["next_cursor"]
        if not body["has_more"]:
            return changes


def assert_problem(r: httpx.Response, status: int, slug: str | None = None) -> dict[str, Any]:
    """The response is an RFC 9457 problem with both languages and no stack trace."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers
    body: dict[str, Any] = r.json()
    assert body["status"] == status
    assert body["type"].startswith(PROBLEM_BASE)
    if slug is not None:
        assert body["type"] == PROBLEM_BASE + slug, body
    assert body["title"] and body["detail"] and body["detail_en"]
    assert "Traceback" not in r.text and 'File "' not in r.text
    return body


def place_review(
    settings: Any,
    innovation_id: str,
    state: str,
    indicators: dict[str, tuple[str, int | None, str]] | None = None,
    qc_status: str = "pending",
) -> None:
    """Give an innovation on the server a review as if the moves to ``state`` had been made
    (``indicators``: verdict, verified level, note; made on the evidence as it is). For tests of
    what reads reviews (export, projection); the workflow's own tests make the real moves."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from iid import workflow as wf
    from iid.records import QcStatus, Verdict, WorkflowState
    from sync.protocol import Role
    from sync.server import reviews
    from sync.server.auth import Principal
    from sync.server.db import Database
    from sync.server.models import Opd, Record, User

    db = Database(settings)
    try:
        with db.session_scope() as session:
            record = session.get(Record, innovation_id)
            assert record is not None
            admin = session.scalars(
                select(User).where(User.pemda_id == record.pemda_id, User.role == "admin")
            ).first()
            assert admin is not None
            opds = frozenset(session.scalars(select(Opd.id).where(Opd.pemda_id == admin.pemda_id)))
            officer = innovation_from_content(record.content)
            at = datetime.now(UTC)
            review = wf.Review(
                innovation_id,
                state=WorkflowState(state),
                indicators={
                    key: wf.IndicatorReview(
                        Verdict(verdict), level, note, evidence_fingerprint(officer, key), "ver", at
                    )
                    for key, (verdict, level, note) in (indicators or {}).items()
                },
                qc_status=QcStatus(qc_status),
                review_started=bool(indicators),
            )
            principal = Principal(
                user_id=admin.id,
                username=admin.username,
                role=Role.ADMIN,
                pemda_id=admin.pemda_id,
                opd_id=admin.opd_id,
                token_id="test",
                device="test",
                pemda_opd_ids=opds,
            )
            reviews.seed_reviews(session, principal, [(innovation_id, review)])
    finally:
        db.dispose()
