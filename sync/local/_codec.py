"""Private stand-in for ``iid.codec`` until the iid branch lands: records <-> JSON-safe dicts.

Same names and shapes as the contract (dates ISO, Decimal as str, enums as values); replaced
by ``iid.codec`` as soon as it is on main.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

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


def _json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def _plain(obj: Any) -> dict[str, Any]:
    return {f.name: _json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _datetime(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _document(d: dict[str, Any]) -> EvidenceDocument:
    return EvidenceDocument(**{**d, "tanggal": _date(d.get("tanggal"))})


def innovation_to_dict(inn: Innovation) -> dict[str, Any]:
    return {
        **_plain(inn),
        "profile": _plain(inn.profile),
        "answers": {k: _plain(a) for k, a in inn.answers.items()},
        "documents": [_plain(d) for d in inn.documents],
    }


def innovation_from_dict(d: dict[str, Any]) -> Innovation:
    p = dict(d.get("profile") or {})
    for key in ("waktu_uji_coba", "waktu_penerapan", "waktu_pengembangan"):
        p[key] = _date(p.get(key))
    answers = {
        k: IndicatorAnswer(**{**a, "verdict": Verdict(a.get("verdict", "pending"))})
        for k, a in (d.get("answers") or {}).items()
    }
    return Innovation(
        id=d["id"],
        rule_year=int(d["rule_year"]),
        opd_id=d.get("opd_id") or "",
        profile=InnovationProfile(**p),
        answers=answers,
        documents=[_document(x) for x in d.get("documents") or []],
        workflow_state=WorkflowState(d.get("workflow_state", "draft")),
        sync_state=SyncState(d.get("sync_state", "local")),
        qc_status=QcStatus(d.get("qc_status", "pending")),
        version=int(d.get("version", 0)),
        base_version=int(d.get("base_version", 0)),
        created_at=_datetime(d.get("created_at")),
        updated_at=_datetime(d.get("updated_at")),
    )


def spd_profile_to_dict(profile: SpdProfile) -> dict[str, Any]:
    return {
        **_plain(profile),
        "answers": {k: _plain(a) for k, a in profile.answers.items()},
        "documents": [_plain(d) for d in profile.documents],
    }


def spd_profile_from_dict(d: dict[str, Any]) -> SpdProfile:
    answers = {
        k: SpdAnswer(
            row=a["row"],
            level=a.get("level"),
            raw_value=Decimal(a["raw_value"]) if a.get("raw_value") is not None else None,
        )
        for k, a in (d.get("answers") or {}).items()
    }
    return SpdProfile(
        pemda_id=d.get("pemda_id") or "",
        rule_year=int(d["rule_year"]),
        answers=answers,
        documents=[_document(x) for x in d.get("documents") or []],
        version=int(d.get("version", 0)),
        base_version=int(d.get("base_version", 0)),
    )
