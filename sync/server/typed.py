"""Typed record content on the server: every pushed innovation and SPD profile is read with the
domain codec (``iid.codec``, strictly) and checked against its rule year (``iid.rules``).

Answers, all as RFC 9457 problems whose ``errors[].loc`` names the field (``["content",
"documents", 0, "tanggal"]``):

- content carrying fields only the server's workflow sets (workflow state, QC status, the
  verifier's verdict, verified level and note of an answer): 403 ``server-owned-field``;
- content the codec cannot read, or that its rule year does not allow (an unknown year,
  indicator or evidence slot, a level outside 0..3, a malformed SHA-256, a repeated document
  id): 422 ``invalid-record``, every problem found listed at once where they are independent.

Pure reading: nothing here touches the database (``records.py`` decides where a record goes).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from iid.codec import (
    CodecError,
    Loc,
    innovation_from_content,
    server_owned_paths,
    spd_profile_from_dict,
)
from iid.records import Innovation, SpdProfile
from iid.rules import RuleSet, RuleSetError, available_years, load_rules
from sync.protocol import FieldError
from sync.server.problems import ProblemError, ProblemType, problem

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_LEVEL = 3
MAX_DOCUMENT_ID = 64
"""The longest evidence document id taken (the device makes UUIDv7 strings, 36 characters)."""
MAX_CHANGED_PATHS = 50
"""At most this many changed fields are named in one refusal."""


@dataclass(frozen=True)
class Issue:
    """One problem with content: where (below ``content``), what, and a stable type."""

    loc: Loc
    message: str
    type: str


def _field_errors(issues: Sequence[Issue]) -> list[FieldError]:
    return [FieldError(loc=["content", *i.loc], message=i.message, type=i.type) for i in issues]


def _names(issues: Sequence[Issue], limit: int = 5) -> str:
    shown = ", ".join(".".join(str(p) for p in i.loc) for i in issues[:limit])
    return shown + (", ..." if len(issues) > limit else "")


def invalid_content(kind_id: str, kind_en: str, issues: Sequence[Issue]) -> ProblemError:
    """422 naming every field in ``issues``."""
    where = _names(issues)
    return problem(
        422,
        ProblemType.INVALID_RECORD,
        f"Isi {kind_id} tidak valid ({where}). Perbaiki kolom yang disebut lalu kirim ulang.",
        f"The {kind_en} content is invalid ({where}). Fix the fields named and send it again.",
        errors=_field_errors(issues),
    )


def _codec_issue(exc: CodecError) -> Issue:
    return Issue(exc.loc, exc.problem, "invalid_content")


def rules_for(year: int) -> RuleSet | None:
    """The rule set of ``year`` if this server knows it (None for an unknown year)."""
    try:
        return load_rules(year)
    except RuleSetError:
        return None


def _unknown_year(year: int) -> Issue:
    known = ", ".join(str(y) for y in available_years()) or "-"
    return Issue(
        ("rule_year",),
        f"rule year {year} is not known to this server (known: {known})",
        "unknown_rule_year",
    )


def canonical(content: Mapping[str, Any], deleted: bool) -> bytes:
    """The canonical JSON (UTF-8) of a record's state: what its hash and its size are of."""
    return json.dumps(
        {"content": content, "deleted": deleted},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    ).encode()


def content_hash(content: Mapping[str, Any], deleted: bool) -> str:
    """SHA-256 of the canonical JSON of a record's state (what "same content" means)."""
    return hashlib.sha256(canonical(content, deleted)).hexdigest()


# --- innovation ---------------------------------------------------------------------------------


def refuse_server_owned(content: Mapping[str, Any]) -> None:
    """403 if innovation ``content`` carries a field only the server's workflow may set."""
    paths = server_owned_paths(content)
    if not paths:
        return
    issues = [
        Issue(p, "set by the server's workflow, not by record content", "server_owned")
        for p in paths
    ]
    raise problem(
        403,
        ProblemType.SERVER_OWNED_FIELD,
        "Status alur kerja, status QC dan penilaian verifikator tidak dapat diubah lewat isi "
        f"inovasi ({_names(issues)}). Gunakan langkah alur kerja (Ajukan, Verifikasi).",
        "The workflow state, QC status and the verifier's verdicts cannot be changed through "
        f"innovation content ({_names(issues)}). Use the workflow moves (submit, verify).",
        errors=_field_errors(issues),
    )


def read_innovation(record_id: str, content: Mapping[str, Any]) -> Innovation:
    """The pushed content of innovation ``record_id`` as a typed record, or a 403/422 problem."""
    refuse_server_owned(content)
    try:
        innovation = innovation_from_content(content, strict=True)
    except CodecError as exc:
        raise invalid_content("inovasi", "innovation", [_codec_issue(exc)]) from None
    issues: list[Issue] = []
    if innovation.id != record_id:
        issues.append(Issue(("id",), "must equal the record's id", "id_mismatch"))
    if not innovation.opd_id:
        issues.append(Issue(("opd_id",), "the innovation must name its OPD", "missing"))
    rules = rules_for(innovation.rule_year)
    if rules is None:
        issues.append(_unknown_year(innovation.rule_year))
    issues += _answer_issues(innovation, rules)
    issues += _document_issues(innovation.documents, rules)
    if issues:
        raise invalid_content("inovasi", "innovation", issues)
    return innovation


def _answer_issues(innovation: Innovation, rules: RuleSet | None) -> list[Issue]:
    issues: list[Issue] = []
    for key, answer in innovation.answers.items():
        if answer.indicator != key:
            issues.append(
                Issue(("answers", key, "indicator"), "must equal its key", "key_mismatch")
            )
        if rules is not None and key not in rules.indicators:
            issues.append(
                Issue(
                    ("answers", key),
                    f"indicator {key} is not part of the {rules.year} rules",
                    "unknown_indicator",
                )
            )
        level = answer.claimed_level
        if level is not None and not 0 <= level <= MAX_LEVEL:
            issues.append(
                Issue(
                    ("answers", key, "claimed_level"),
                    f"must be 1, 2 or 3 (or empty), not {level}",
                    "out_of_range",
                )
            )
    return issues


def _document_issues(documents: Sequence[Any], rules: RuleSet | None) -> list[Issue]:
    issues: list[Issue] = []
    seen: set[str] = set()
    for i, doc in enumerate(documents):
        if doc.id in seen:
            issues.append(Issue(("documents", i, "id"), "repeats another document's id", "dup"))
        if len(doc.id) > MAX_DOCUMENT_ID:
            issues.append(
                Issue(
                    ("documents", i, "id"),
                    f"must be at most {MAX_DOCUMENT_ID} characters",
                    "too_long",
                )
            )
        seen.add(doc.id)
        if rules is not None:
            try:
                rules.accepted_media_types(doc.slot)
            except KeyError:
                issues.append(
                    Issue(
                        ("documents", i, "slot"),
                        f"{doc.slot!r} takes no evidence in the {rules.year} rules",
                        "unknown_slot",
                    )
                )
        if doc.sha256 is not None and not _SHA256.match(doc.sha256):
            issues.append(
                Issue(
                    ("documents", i, "sha256"),
                    "must be 64 lowercase hexadecimal digits",
                    "pattern",
                )
            )
        for name in ("size_bytes", "page_count", "position", "duration_seconds"):
            value = getattr(doc, name)
            if value is not None and value < 0:
                issues.append(Issue(("documents", i, name), "must not be negative", "negative"))
    return issues


# --- SPD profile --------------------------------------------------------------------------------


def read_spd(content: Mapping[str, Any], pemda_id: str) -> SpdProfile:
    """The pushed content of the pemda's SPD profile as a typed record, or a 422 problem."""
    try:
        profile = spd_profile_from_dict(content, strict=True)
    except CodecError as exc:
        raise invalid_content("profil SPD", "SPD profile", [_codec_issue(exc)]) from None
    issues: list[Issue] = []
    if profile.pemda_id not in ("", pemda_id):
        issues.append(Issue(("pemda_id",), "must be your own pemda", "wrong_pemda"))
    rules = rules_for(profile.rule_year)
    if rules is None:
        issues.append(_unknown_year(profile.rule_year))
    for key, answer in profile.answers.items():
        if answer.row != key:
            issues.append(Issue(("answers", key, "row"), "must equal its key", "key_mismatch"))
        if rules is not None and rules.is_known("spd_rows") and key not in rules.spd_rows:
            issues.append(
                Issue(
                    ("answers", key),
                    f"SPD row {key} is not part of the {rules.year} rules",
                    "unknown_row",
                )
            )
        if answer.level is not None and not 0 <= answer.level <= MAX_LEVEL:
            issues.append(
                Issue(("answers", key, "level"), "must be 1, 2 or 3 (or empty)", "out_of_range")
            )
    issues += _document_issues(profile.documents, rules)
    if issues:
        raise invalid_content("profil SPD", "SPD profile", issues)
    return profile


# --- what changed --------------------------------------------------------------------------------


def changed_paths(old: Any, new: Any, loc: Loc = ()) -> list[Loc]:
    """The leaf fields that differ between two contents (documents matched by ``id``), at most
    :data:`MAX_CHANGED_PATHS`: what a refusal of a forbidden change names."""
    out: list[Loc] = []
    _diff(old, new, loc, out)
    return out[:MAX_CHANGED_PATHS]


def _by_id(items: list[Any]) -> dict[str, Any] | None:
    if all(isinstance(i, Mapping) and isinstance(i.get("id"), str) for i in items):
        return {i["id"]: i for i in items}
    return None


def _diff(old: Any, new: Any, loc: Loc, out: list[Loc]) -> None:
    if old == new or len(out) >= MAX_CHANGED_PATHS:
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in [*old, *(k for k in new if k not in old)]:
            _diff(old.get(key), new.get(key), (*loc, str(key)), out)
        return
    if isinstance(old, list) and isinstance(new, list):
        old_ids, new_ids = _by_id(old), _by_id(new)
        if old_ids is not None and new_ids is not None:
            for index, item in enumerate(new):
                _diff(old_ids.get(item["id"]), item, (*loc, index), out)
            if set(old_ids) - set(new_ids):
                out.append(loc)
            return
    out.append(loc)
