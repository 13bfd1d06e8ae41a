"""The review workflow on the server: ``iid.workflow`` applied as the only way an innovation's
state, verdicts and QC status change.

- A ``workflow_request`` record in a push is decided at once with :func:`iid.workflow.decide`
  (the same function the desktop uses to show the moves), on the innovation's content and
  review as the server holds them, with the pemda's settings, the rule year's checks and the
  files the server still lacks. Accepted: the innovation's ``review`` record gets a new version
  (pulled by everyone who may read the innovation) and the move goes to the audit log. Refused:
  a problem+json (``workflow-refused``, the refusal ``code``, Indonesian and English words,
  ``errors[].loc``) that the device shows. Either way the decision is stored under the
  request's id (``workflow_requests``), so a retry gets the same answer.
- A pushed change of an innovation's content must be allowed in its state (the lock: draft and
  revisi only; deleting a draft only) and puts back to pending every verdict whose evidence
  changed (a new review version, and ``workflow.verdict_reset`` in the audit log).
- :func:`history` serves the audit log's workflow events of one innovation.

Everything runs inside the push's transaction (``records.Pusher``), after its sequence lock.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from iid import workflow as wf
from iid.codec import (
    CodecError,
    innovation_from_content,
    move_from_dict,
    review_from_dict,
    review_to_dict,
)
from iid.records import Innovation
from sync.protocol import (
    FieldError,
    Problem,
    PushResult,
    PushStatus,
    RecordEnvelope,
    RecordType,
    WorkflowEvent,
    WorkflowHistory,
)
from sync.server import blob_access, typed
from sync.server.audit import record_event
from sync.server.auth import Principal
from sync.server.models import AuditEvent, Pemda, Record, User, WorkflowRequest
from sync.server.problems import ProblemError, ProblemType, problem

if TYPE_CHECKING:
    from sync.server.records import Pusher

REVIEW = RecordType.REVIEW.value
INNOVATION = RecordType.INNOVATION.value
EVENT_PREFIX = "workflow."

_FORBIDDEN = frozenset({"workflow.role", "workflow.other_opd", "workflow.content_role"})
_CONFLICT = frozenset(
    {
        "workflow.state",
        "workflow.review_started",
        "workflow.locked",
        "workflow.delete_locked",
        "workflow.evidence_changed",
        "workflow.opd_step_off",
    }
)


# --- reading ------------------------------------------------------------------------------------


def settings_of(session: Session, pemda_id: str) -> wf.WorkflowSettings:
    """The pemda's workflow settings (the OPD-head step)."""
    step = session.scalar(select(Pemda.opd_step).where(Pemda.id == pemda_id))
    return wf.WorkflowSettings(opd_step=bool(step))


def review_record(session: Session, innovation_id: str) -> Record | None:
    """The innovation's review record (the newest, should the first releases have left more)."""
    return session.scalar(
        select(Record)
        .where(Record.innovation_id == innovation_id, Record.type == REVIEW)
        .order_by(Record.seq.desc())
        .limit(1)
    )


def review_of(session: Session, innovation_id: str) -> Review:
    """The server-owned part of an innovation now (a draft with nothing yet when it has no
    review record)."""
    record = review_record(session, innovation_id)
    if record is None or record.deleted:
        return wf.Review(innovation_id)
    return review_from_dict({**record.content, "innovation_id": innovation_id})


def review_contents(session: Session, pemda_id: str) -> dict[str, dict[str, Any]]:
    """Every live review's content in the pemda by innovation id (for the projection and the
    export, which lay it over the innovation)."""
    out: dict[str, dict[str, Any]] = {}
    rows = session.execute(
        select(Record.innovation_id, Record.content)
        .where(Record.pemda_id == pemda_id, Record.type == REVIEW, Record.deleted.is_(False))
        .order_by(Record.seq)
    )
    for innovation_id, content in rows:
        if innovation_id:
            out[innovation_id] = dict(content or {})
    return out


Review = wf.Review


def actor_of(principal: Principal, opd_id: str | None, full_name: str = "") -> wf.Actor:
    return wf.Actor(
        role=wf.Role(principal.role.value),
        username=principal.username,
        own_opd=opd_id is not None and opd_id == principal.opd_id,
        full_name=full_name,
    )


# --- problems -----------------------------------------------------------------------------------


def refused(refusals: Sequence[wf.Refusal]) -> ProblemError:
    """The problem+json of a refused move: the first refusal decides the status (403 role, 409
    state, 422 guard); every refusal is listed with its field path."""
    first = refusals[0]
    status = 403 if first.code in _FORBIDDEN else 409 if first.code in _CONFLICT else 422
    errors = [
        FieldError(loc=["content", *(r.loc or ("action",))], message=r.message_en, type=r.code)
        for r in refusals
    ]
    return problem(
        status,
        ProblemType.WORKFLOW_REFUSED,
        " ".join(r.message_id for r in refusals),
        " ".join(r.message_en for r in refusals),
        errors=errors,
        extra={"code": first.code, "params": dict(first.params)},
    )


def _stored_problem(exc: ProblemError) -> dict[str, Any]:
    return exc.to_problem().model_dump(mode="json", exclude_none=True)


# --- the content lock and the verdict reset (innovation pushes) ----------------------------------


def check_content_write(
    session: Session, principal: Principal, env: RecordEnvelope, head: Record | None
) -> None:
    """Raise the problem if ``env`` (a change of an innovation's content or its deletion) is not
    allowed in the innovation's state: draft and revisi only, deleting only a draft."""
    if head is None:
        return  # a new innovation is a draft
    state = review_of(session, env.id).state
    refusal = wf.content_refusal(actor_of(principal, head.opd_id), state, deleting=env.deleted)
    if refusal is not None:
        raise refused([refusal])


def after_innovation_change(
    pusher: Pusher, innovation: Record, content: dict[str, Any], deleted: bool
) -> None:
    """The officer's content of ``innovation`` just changed (already written): reset the
    verdicts whose evidence changed; a deleted innovation takes its review along."""
    session = pusher.session
    record = review_record(session, innovation.id)
    if record is None or record.deleted:
        return
    if deleted:
        pusher.write_server_record(
            REVIEW, record.id, {}, innovation.opd_id, innovation.id, deleted=True
        )
        return
    review = review_of(session, innovation.id)
    new, reset = wf.reset_changed_verdicts(review, innovation_from_content(content))
    if not reset:
        return
    pusher.write_server_record(
        REVIEW, record.id, review_to_dict(new), innovation.opd_id, innovation.id
    )
    _audit(
        pusher,
        innovation.id,
        "verdict_reset",
        {"indicators": {k: review.verdict(k).verdict.value for k in reset}},
    )


def follow_innovation(pusher: Pusher, innovation_id: str, opd_id: str | None) -> None:
    """An innovation moved to another OPD: its review moves along with a new ``seq``, so the
    new OPD's operators pull it (content and version unchanged)."""
    for record in pusher.session.scalars(
        select(Record)
        .where(Record.innovation_id == innovation_id, Record.type == REVIEW)
        .order_by(Record.seq)
    ):
        record.opd_id = opd_id
        record.seq = pusher.next_seq()
    pusher.session.flush()


# --- workflow requests ---------------------------------------------------------------------------


def apply_request(pusher: Pusher, env: RecordEnvelope) -> PushResult:
    """Decide one pushed ``workflow_request`` (see the module docstring)."""
    session, p = pusher.session, pusher.principal
    digest = typed.content_hash(env.content, env.deleted)
    stored = session.get(WorkflowRequest, env.id)
    if stored is not None:
        return _answer_again(env, stored, p, digest)
    if env.deleted or env.base_version != 0:
        raise typed.invalid_content(
            "permintaan alur kerja",
            "workflow request",
            [typed.Issue(("deleted",), "a request is never edited or deleted", "immutable")],
        )
    try:
        move = move_from_dict(env.content, strict=True)
    except CodecError as exc:
        raise typed.invalid_content(
            "permintaan alur kerja",
            "workflow request",
            [typed.Issue(exc.loc, exc.problem, "invalid_content")],
        ) from None
    innovation = session.get(Record, move.innovation_id)
    if (
        innovation is None
        or innovation.type != INNOVATION
        or innovation.pemda_id != p.pemda_id
        or innovation.deleted
    ):
        raise problem(
            422,
            ProblemType.INVALID_RECORD,
            "Inovasi ini belum ada di server (atau sudah dihapus). Sinkronkan inovasinya "
            "lebih dulu.",
            "This innovation is not on the server (or was deleted). Sync the innovation first.",
            errors=[
                FieldError(loc=["content", "innovation_id"], message="unknown", type="unknown")
            ],
        )
    now = datetime.now(UTC)
    try:
        decision = _decide(session, p, move, innovation, now)
        if not decision.accepted:
            raise refused(decision.refusals)
    except ProblemError as exc:
        _store(pusher, env, move, digest, "rejected", problem=_stored_problem(exc))
        _audit(
            pusher,
            innovation.id,
            "refused",
            {"request_id": env.id, "requested": move.action.value, "code": _code(exc)},
        )
        return PushResult(
            id=env.id, type=env.type, status=PushStatus.REJECTED, problem=exc.to_problem()
        )
    record = review_record(session, innovation.id)
    record_id = record.id if record is not None else str(uuid.uuid4())
    version, seq = pusher.write_server_record(
        REVIEW, record_id, review_to_dict(decision.review), innovation.opd_id, innovation.id
    )
    _store(pusher, env, move, digest, "applied", version=version, seq=seq)
    _audit(pusher, innovation.id, move.action.value, _details(env.id, move, decision))
    return PushResult(id=env.id, type=env.type, status=PushStatus.APPLIED, version=version, seq=seq)


def _decide(
    session: Session, p: Principal, move: wf.Move, innovation: Record, now: datetime
) -> wf.Decision:
    officer: Innovation = innovation_from_content(innovation.content)
    rules = typed.rules_for(officer.rule_year)
    if rules is None:
        raise problem(
            422,
            ProblemType.INVALID_RECORD,
            f"Server belum mengenal aturan tahun {officer.rule_year}. Minta admin memasang "
            "berkas aturannya.",
            f"The server does not know the {officer.rule_year} rules yet. Ask the admin to "
            "install the rule file.",
        )
    missing: set[str] = set()
    if move.action in wf.SUBMITS:
        missing = _missing_blobs(session, p, (d.sha256 for d in officer.documents if d.sha256))
    return wf.decide(
        move,
        # The full name as it is now goes into the transition (what the officer reads).
        actor=actor_of(
            p,
            innovation.opd_id,
            session.scalar(select(User.full_name).where(User.id == p.user_id)) or "",
        ),
        innovation=officer,
        review=review_of(session, innovation.id),
        settings=settings_of(session, p.pemda_id),
        rules=rules,
        at=now,
        missing_blobs=missing,
    )


def _missing_blobs(session: Session, p: Principal, hashes: Iterable[str]) -> set[str]:
    """The files the caller cannot count on: not on the server, or not readable by them (a hash
    copied from another OPD or pemda is "missing", as for a hash the server never saw: a
    workflow request must not tell who else holds a file)."""
    wanted = set(hashes)
    if not wanted:
        return set()
    return wanted - blob_access.readable(session, p, wanted)


def _answer_again(
    env: RecordEnvelope, stored: WorkflowRequest, p: Principal, digest: str
) -> PushResult:
    if stored.pemda_id != p.pemda_id or stored.user_id != p.user_id:
        raise problem(
            403,
            ProblemType.FORBIDDEN,
            "Id permintaan ini sudah dipakai. Buat permintaan baru.",
            "This request id is already used. Make a new request.",
        )
    if stored.content_hash != digest:
        raise problem(
            409,
            ProblemType.CONFLICT,
            "Permintaan ini sudah diputuskan dengan isi lain; permintaan tidak dapat diubah. "
            "Buat permintaan baru.",
            "This request was already decided with other content; requests cannot change. "
            "Make a new request.",
        )
    if stored.outcome == "applied":
        return PushResult(
            id=env.id,
            type=env.type,
            status=PushStatus.DUPLICATE,
            version=stored.review_version,
            seq=stored.review_seq,
        )
    return PushResult(
        id=env.id,
        type=env.type,
        status=PushStatus.REJECTED,
        problem=Problem.model_validate(stored.problem or {}),
    )


def _store(
    pusher: Pusher,
    env: RecordEnvelope,
    move: wf.Move,
    digest: str,
    outcome: str,
    *,
    problem: dict[str, Any] | None = None,
    version: int | None = None,
    seq: int | None = None,
) -> None:
    p = pusher.principal
    pusher.session.add(
        WorkflowRequest(
            id=env.id,
            pemda_id=p.pemda_id,
            innovation_id=move.innovation_id,
            user_id=p.user_id,
            device_id=env.device_id or p.device,
            action=move.action.value,
            content=env.content,
            content_hash=digest,
            outcome=outcome,
            problem=problem,
            review_version=version,
            review_seq=seq,
            created_at=datetime.now(UTC),
        )
    )
    pusher.session.flush()


def _code(exc: ProblemError) -> str:
    return str(exc.extra.get("code") or exc.type.rsplit("/", 1)[-1])


def _details(request_id: str, move: wf.Move, decision: wf.Decision) -> dict[str, Any]:
    details: dict[str, Any] = {"request_id": request_id}
    step = decision.transition
    if step is not None:
        details.update(
            {"from": step.from_state.value, "to": step.to_state.value, "note": step.note}
        )
    if move.action is wf.Action.NILAI:
        details["indicators"] = {
            key: {
                "verdict": decision.review.verdict(key).verdict.value,
                "verified_level": decision.review.verdict(key).verified_level,
                "note": decision.review.verdict(key).note,
            }
            for key in move.verdicts
        }
        if move.qc_status is not None:
            details["qc_status"] = move.qc_status.value
        if move.qc_note is not None:
            details["note"] = move.qc_note
    return details


def _audit(pusher: Pusher, innovation_id: str, action: str, details: dict[str, Any]) -> None:
    p = pusher.principal
    record_event(
        pusher.session,
        action=EVENT_PREFIX + action,
        target_type="innovation",
        target_id=innovation_id,
        details={"role": p.role.value, **details},
        actor=p,
    )


def seed_reviews(
    session: Session, principal: Principal, items: Sequence[tuple[str, wf.Review]]
) -> None:
    """Write reviews as a run of moves would have left them, with their transitions in the
    audit log (the demo pemda; never a client's path: moves are decided by :func:`decide`)."""
    from sync.server.records import Pusher

    pusher = Pusher(session, principal)
    for innovation_id, review in items:
        innovation = session.get(Record, innovation_id)
        assert innovation is not None and innovation.type == INNOVATION
        existing = review_record(session, innovation_id)
        record_id = existing.id if existing is not None else str(uuid.uuid4())
        pusher.write_server_record(
            REVIEW, record_id, review_to_dict(review), innovation.opd_id, innovation_id
        )
        for step in review.history:
            session.add(
                AuditEvent(
                    at=step.at,
                    actor_user_id=session.scalar(select(User.id).where(User.username == step.by)),
                    actor=step.by,
                    device="demo",
                    address=None,
                    action=EVENT_PREFIX + step.action.value,
                    target_type="innovation",
                    target_id=innovation_id,
                    details={
                        "role": step.role.value,
                        "from": step.from_state.value,
                        "to": step.to_state.value,
                        "note": step.note,
                    },
                    pemda_id=principal.pemda_id,
                )
            )
    pusher.finish()


# --- history ------------------------------------------------------------------------------------


def history(session: Session, innovation: Record) -> WorkflowHistory:
    """The workflow events of ``innovation`` from the audit log (the caller checked it may read
    it), oldest first, and its state now."""
    rows = session.execute(
        select(AuditEvent, User.full_name)
        .outerjoin(User, User.id == AuditEvent.actor_user_id)
        .where(
            AuditEvent.target_type == "innovation",
            AuditEvent.target_id == innovation.id,
            AuditEvent.action.startswith(EVENT_PREFIX),
        )
        .order_by(AuditEvent.id)
    ).all()
    events = []
    for event, full_name in rows:
        d = dict(event.details or {})
        action = event.action.removeprefix(EVENT_PREFIX)
        events.append(
            WorkflowEvent(
                id=event.id,
                at=event.at,
                actor=event.actor,
                actor_name=full_name or event.actor,
                role=str(d.get("role") or ""),
                action=action,
                from_state=d.get("from"),
                to_state=d.get("to"),
                note=str(d.get("note") or ""),
                indicators=dict(d.get("indicators") or {}),
                qc_status=d.get("qc_status"),
                request_id=d.get("request_id"),
                code=d.get("code"),
            )
        )
    return WorkflowHistory(
        innovation_id=innovation.id,
        workflow_state=review_of(session, innovation.id).state.value,
        events=events,
    )
