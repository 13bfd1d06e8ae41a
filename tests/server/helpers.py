"""Small builders for push envelopes and checks of problem documents."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

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


def verdict(innovation_id: str, record_id: str | None = None, base: int = 0) -> dict[str, Any]:
    return {
        "type": "verdict",
        "id": record_id or new_id(),
        "version": base + 1,
        "base_version": base,
        "content": {
            "innovation_id": innovation_id,
            "indicators": {"16": {"verdict": "sesuai", "verified_level": 2, "note": "ok"}},
            "qc_status": "accept",
            "note": "Bukti lengkap",
        },
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
