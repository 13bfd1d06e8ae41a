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


def evidence_pdf(text: str = "SK Bupati") -> bytes:
    """A small real PDF (one page with ``text``)."""
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("Helvetica", size=14)
    doc.cell(text=text)
    return bytes(doc.output())


def evidence_png() -> bytes:
    """A small real PNG."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 160, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def upload_evidence(
    client: httpx.Client,
    data: bytes,
    filename: str,
    media_type: str,
    prefix: str = "",
    headers: dict[str, str] | None = None,
) -> str:
    """Send a file to the server over tus (creation, one PATCH) as ``client``'s account;
    returns its SHA-256. ``prefix``: the API root when ``client`` is not based there."""
    import base64
    import hashlib

    sha = hashlib.sha256(data).hexdigest()
    pairs = {"sha256": sha, "filename": filename, "filetype": media_type}
    meta = ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in pairs.items())
    tus = {"Tus-Resumable": "1.0.0", **(headers or {})}
    r = client.post(
        prefix + "/uploads",
        headers={**tus, "Upload-Length": str(len(data)), "Upload-Metadata": meta},
    )
    assert r.status_code == 201, r.text
    if int(r.headers.get("upload-offset", "0")) < len(data):
        url = str(r.url.join(r.headers["location"]))
        headers = {**tus, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"}
        done = client.patch(url, content=data, headers=headers)
        assert done.status_code == 204, done.text
    return sha


_EVIDENCE: dict[tuple[str, str], dict[str, str]] = {}


def files_of(live: Any, username: str) -> dict[str, str]:
    """:func:`evidence_on_server` as ``username`` on the live server (once per server and
    account)."""
    key = (str(live.settings.data_dir), username)
    if key not in _EVIDENCE:
        with live.client(username) as c:
            _EVIDENCE[key] = evidence_on_server(c)
    return _EVIDENCE[key]


def evidence_on_server(
    client: httpx.Client, prefix: str = "", headers: dict[str, str] | None = None
) -> dict[str, str]:
    """A PDF and a PNG the server holds (uploaded by ``client``'s account; a second upload of
    the same bytes is born complete): media type -> SHA-256."""
    return {
        "application/pdf": upload_evidence(
            client, evidence_pdf(), "sk.pdf", "application/pdf", prefix, headers
        ),
        "image/png": upload_evidence(
            client, evidence_png(), "foto.png", "image/png", prefix, headers
        ),
    }


def complete_content(
    opd_id: str,
    record_id: str,
    nama: str = "Layanan Cepat",
    *,
    files: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Content of an innovation with no blocking finding under the rule year: the evidence of
    ``tests.iid.test_checks.complete_innovation`` with its files replaced by ``files`` (media
    type -> SHA-256 of a file the server holds: :func:`evidence_on_server`). Without ``files``
    the scans become links, which is enough for anything but submitting."""
    from tests.iid.test_checks import complete_innovation

    inn = complete_innovation()
    documents = []
    for d in inn.documents:
        d = dataclasses.replace(d, id=f"{record_id[:40]}-{d.id}")  # a pemda's ids are one record's
        if d.sha256 is not None and files is not None:
            d = dataclasses.replace(d, sha256=files[d.media_type or "application/pdf"])
        elif d.sha256 is not None:
            d = dataclasses.replace(
                d, sha256=None, link=f"https://contoh.go.id/bukti/{d.id}.pdf", file_name=None,
                media_type=None, size_bytes=None,
            )  # fmt: skip
        documents.append(d)
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


def principal_of(session: Any, user: Any) -> Any:
    """The ``sync.server.auth.Principal`` of an account (a ``User`` or a username), as the
    server builds it for a request: for calling ``records``/``blob_access`` in-process."""
    from sqlalchemy import select

    from sync.protocol import Role
    from sync.server.auth import Principal
    from sync.server.models import Opd, User

    if isinstance(user, str):
        user = session.scalars(select(User).where(User.username == user)).one()
    opds = frozenset(session.scalars(select(Opd.id).where(Opd.pemda_id == user.pemda_id)))
    return Principal(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        pemda_id=user.pemda_id,
        opd_id=user.opd_id,
        token_id="t",
        device=None,
        pemda_opd_ids=opds,
    )


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
