"""The pemda's projected index on the server: the pemda's records decoded with the domain codec,
their reviews (state, verdicts, QC) laid over them, scored by ``iid.projection`` (the same code
the desktop runs), cached per pemda, rule year and change sequence.

One figure for the whole pemda: the API (``GET /api/v1/projection``) and the web dashboard both
call ``projection_for``; an operator gets the pemda's figures with only their own OPD's rows.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Hashable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from iid import projection as proj
from iid import workflow
from iid.codec import CodecError, innovation_from_dict, review_from_dict, spd_profile_from_dict
from iid.records import Innovation, WorkflowState
from iid.rules import RuleSet, RuleSetError, RuleUnknownError, available_years, load_rules
from sync.protocol import RecordType
from sync.server.auth import Principal
from sync.server.models import Opd, Record
from sync.server.problems import ProblemType, problem

_CACHE_SIZE = 32
_cache: OrderedDict[tuple[str, int, int, str], proj.PemdaProjection] = OrderedDict()
_cache_lock = threading.Lock()


def default_year() -> int:
    """The newest rule year that is not a prognosis (what a pemda reports for now)."""
    years = available_years()
    for year in reversed(years):
        try:
            if load_rules(year).status != "prognosis":
                return year
        except RuleSetError:
            continue
    return years[-1]


def rules_for(year: int) -> RuleSet:
    """The year's rules, or a 404/422 problem that says which years exist."""
    try:
        rules = load_rules(year)
        rules.require("spd_rows")
        rules.require("count_score")
    except RuleSetError:
        known = ", ".join(str(y) for y in available_years())
        raise problem(
            404,
            ProblemType.NOT_FOUND,
            f"Tidak ada aturan IID untuk tahun {year}. Tahun yang tersedia: {known}.",
            f"There are no IID rules for {year}. Available years: {known}.",
        ) from None
    except RuleUnknownError as error:
        raise problem(422, ProblemType.VALIDATION, error.message_id, error.message_en) from None
    return rules


def review_overlay(innovation: Innovation, content: dict[str, Any]) -> Innovation:
    """The innovation with its review record's server-owned part laid over (as the desktop
    does: ``iid.workflow.overlay``)."""
    return workflow.overlay(
        innovation, review_from_dict({**content, "innovation_id": innovation.id})
    )


_DECODED_SIZE = 50_000
_decoded: OrderedDict[str, tuple[str, Innovation]] = OrderedDict()
_rows: dict[Hashable, proj.CachedRow] = {}
"""Scored rows of unchanged innovations, reused by ``iid.projection.project`` (row_cache)."""


def digest_of(content: dict[str, Any]) -> str:
    """A review content's identity for the row cache (its canonical JSON's hash)."""
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def _decoded_put(record_id: str, digest: str, innovation: Innovation) -> None:
    # Innovations are never changed in place (the overlay makes copies), so sharing is safe.
    with _cache_lock:
        _decoded[record_id] = (digest, innovation)
        _decoded.move_to_end(record_id)
        while len(_decoded) > _DECODED_SIZE:
            _decoded.popitem(last=False)


def _sequence_mark(session: Session, pemda_id: str) -> int:
    """Changes to the pemda's records move this (the newest ``seq`` of any of its records)."""
    return int(session.scalar(select(func.max(Record.seq)).where(Record.pemda_id == pemda_id)) or 0)


def _opd_mark(session: Session, pemda_id: str) -> str:
    rows = session.execute(
        select(Opd.id, Opd.name, Opd.active).where(Opd.pemda_id == pemda_id).order_by(Opd.id)
    ).all()
    return str(hash(tuple(rows)))


def compute(session: Session, pemda_id: str, rules: RuleSet) -> proj.PemdaProjection:
    """The pemda's projection from what the server holds now (not cached)."""
    heads = session.execute(
        select(Record.id, Record.type, Record.content_hash, Record.updated_at).where(
            Record.pemda_id == pemda_id,
            Record.deleted.is_(False),
            Record.type.in_([t.value for t in RecordType]),
        )
    ).all()
    # Innovations are decoded once per content (the codec is the costly part on a big pemda);
    # only records new or changed since the last projection are read and decoded again.
    with _cache_lock:
        known = {
            record_id: found[1]
            for record_id, kind, digest, _ in heads
            if kind == RecordType.INNOVATION.value
            and (found := _decoded.get(record_id)) is not None
            and found[0] == digest
        }
    wanted = [record_id for record_id, *_ in heads if record_id not in known]
    contents: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for record_id, content in session.execute(
            select(Record.id, Record.content).where(Record.id.in_(chunk))
        ):
            contents[record_id] = content
    innovations: dict[str, Innovation] = {}
    updated: dict[str, datetime] = {}
    digests: dict[str, str] = {}
    reviews: dict[str, dict[str, Any]] = {}
    spd_answers = {}
    for record_id, kind, digest, updated_at in heads:
        if kind == RecordType.INNOVATION.value:
            decoded = known.get(record_id)
            if decoded is None:
                content = contents.get(record_id, {})
                try:
                    decoded = innovation_from_dict({**content, "id": record_id})
                except CodecError:
                    continue  # typed records refuse such content at push; old rows are skipped
                _decoded_put(record_id, digest, decoded)
            if decoded.rule_year != rules.year:
                continue
            innovations[record_id] = decoded
            updated[record_id] = updated_at
            digests[record_id] = digest
        elif kind == RecordType.REVIEW.value:
            content = contents.get(record_id, {})
            target = content.get("innovation_id")
            if isinstance(target, str):
                reviews[target] = content
        else:
            content = contents.get(record_id, {})
            if content.get("rule_year") == rules.year:
                try:
                    spd_answers = spd_profile_from_dict(content).answers
                except CodecError:
                    spd_answers = {}
    for innovation_id, content in reviews.items():
        if innovation_id in innovations:
            try:
                innovations[innovation_id] = review_overlay(innovations[innovation_id], content)
            except CodecError:
                continue  # a review this release cannot read: the innovation stays a draft
    waiting = {
        key: updated[key]
        for key, innovation in innovations.items()
        if innovation.workflow_state in (WorkflowState.DIAJUKAN, WorkflowState.DISAHKAN_OPD)
    }
    opds = [
        proj.OpdRef(opd_id, name)
        for opd_id, name in session.execute(
            select(Opd.id, Opd.name)
            .where(Opd.pemda_id == pemda_id, Opd.active.is_(True))
            .order_by(Opd.name)
        ).all()
    ]
    review_digests = {target: digest_of(content) for target, content in reviews.items()}
    keys = {
        key: (str(rules.path), rules.year, digests[key], review_digests.get(key), waiting.get(key))
        for key in innovations
    }
    result = proj.project(
        rules,
        innovations.values(),
        spd_answers,
        opds,
        waiting_since=waiting,
        row_cache=_rows,
        row_keys=keys,
    )
    with _cache_lock:
        while len(_rows) > _DECODED_SIZE:
            _rows.pop(next(iter(_rows)))
    return result


def pemda_projection(session: Session, pemda_id: str, year: int) -> proj.PemdaProjection:
    """The pemda's projection for ``year``, recomputed only when a record or an OPD changed."""
    rules = rules_for(year)
    key = (pemda_id, year, _sequence_mark(session, pemda_id), _opd_mark(session, pemda_id))
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    result = compute(session, pemda_id, rules)
    with _cache_lock:
        _cache[key] = result
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def clear_cache(*, decoded: bool = True) -> None:
    """Forget computed projections (and, unless ``decoded=False``, decoded innovations)."""
    with _cache_lock:
        _cache.clear()
        if decoded:
            _decoded.clear()
            _rows.clear()


def projection_for(session: Session, principal: Principal, year: int) -> proj.PemdaProjection:
    """What ``principal`` may see of the pemda's projection: everything, or for an operator the
    pemda's figures with only their own OPD's rows and innovations."""
    whole = pemda_projection(session, principal.pemda_id, year)
    if principal.opd_bound:
        if principal.opd_id is None:
            raise problem(
                403,
                ProblemType.FORBIDDEN,
                "Akun operator ini belum terhubung ke OPD. Hubungi admin pemda.",
                "This operator account has no OPD. Contact the pemda admin.",
            )
        return proj.for_opd(whole, principal.opd_id)
    return whole
