"""The review workflow on this device: moves and verdicts asked for here, possibly offline, and
the server-owned part of each innovation as this device shows it.

A move (Ajukan, Perlu revisi, Setujui, ...) or a verdict is checked here with the same
``iid.workflow.decide`` the server uses (a move the process does not allow is refused at once,
:class:`WorkflowRefused`, nothing queued), then written as a *workflow request* (table
``workflow_requests``) with its outbox row in one transaction. The server decides it at the next
sync; until then it is *pending* (the screen says "Akan diajukan saat tersambung"). A request is
sent only once its innovation's own edits and, for a submission, the innovation's files have
reached the server (the outbox asks :meth:`Workflow._ready`). The server's answer moves it:

    pending --server applies--> applied --a review at least that new is pulled--> (row gone)
        \\--server refuses--> refused (its code, parameters, words) --dismiss--> (row gone)

What the device shows of an innovation's server-owned part (:meth:`Workflow.review`) is the
pulled ``review`` record with the verdicts not yet decided laid over it, and with every verdict
whose evidence changed here since counted as pending (``iid.workflow.effective_verdicts``); the
innovation's answer rows, workflow state and QC columns are rewritten from it
(:meth:`Workflow.refresh`) whenever a review arrives, a request is made or decided, or the
officer changes the content.

A verdict request is about one indicator (``indicator``), a QC request about "qc": an unsent
request for the same one is updated in place (a verifier changing their mind offline sends one
request), a request already handed out never changes (the server keys its decision by id).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from iid import workflow as wf
from iid.codec import move_from_dict, move_to_dict, review_from_dict
from iid.records import Innovation, QcStatus, Verdict, WorkflowState
from iid.rules import load_rules
from sync.batches import batches
from sync.local.db import Store
from sync.local.ids import new_id
from sync.local.innovations import Innovations
from sync.local.models import (
    DocumentRow,
    InnovationRow,
    LocalUser,
    OutboxRow,
    Pemda,
    VerdictRow,
    WorkflowRequestRow,
)
from sync.local.outbox import Direction, Outbox, OutboxState, RecordKind
from sync.local.problems import Problem
from sync.local.rows import (
    BLOB,
    INNOVATION,
    answer_fields,
    load_innovation,
    now,
    sorted_answers,
)
from sync.protocol import RecordType

WORKFLOW_REQUEST = RecordType.WORKFLOW_REQUEST.value
QC = "qc"
"""The ``indicator`` of a request that sets the QC status and note."""


class RequestState(StrEnum):
    """Where a workflow request stands (its delivery is the outbox row's business)."""

    PENDING = "pending"
    """Not decided by the server yet (queued, being sent, waiting, or held by the officer)."""
    APPLIED = "applied"
    """Accepted; shown until the review it made is pulled."""
    REFUSED = "refused"
    """Refused by the server, with its reason; kept until the officer dismisses it."""


@dataclass(frozen=True)
class WorkflowRequestInfo:
    """A workflow request as the screens show it.

    ``delivery`` is its outbox row's state while one exists (queued, sending, waiting, held,
    refused). For a refused request: ``refusal`` is the server's code (``iid.workflow``'s, e.g.
    ``workflow.evidence_changed`` with ``refusal_params`` ``{"indicator": "16"}``), ``loc`` the
    fields it concerns, ``detail``/``detail_en`` the server's words.
    """

    id: str
    innovation_id: str
    title: str
    action: wf.Action
    indicator: str
    move: wf.Move
    state: RequestState
    delivery: OutboxState | None
    created_at: datetime
    decided_at: datetime | None = None
    refusal: str = ""
    refusal_params: Mapping[str, Any] = field(default_factory=dict)
    loc: tuple[tuple[str | int, ...], ...] = ()
    detail: str = ""
    detail_en: str = ""

    @property
    def waiting(self) -> bool:
        """Not decided yet: "Akan ... saat tersambung"."""
        return self.state is RequestState.PENDING


class WorkflowRefused(ValueError):
    """A move or verdict the process does not allow now (checked on this device, nothing
    queued); ``refusals`` say why (``iid.workflow.Refusal``: code, words, field)."""

    def __init__(self, refusals: tuple[wf.Refusal, ...]) -> None:
        self.refusals = refusals
        words_id = " ".join(r.message_id for r in refusals)
        words_en = " ".join(r.message_en for r in refusals)
        super().__init__(f"{words_id} / {words_en}")


_MOVE_PENDING = wf.Refusal(
    "workflow.move_pending",
    "Langkah sebelumnya untuk inovasi ini belum diputuskan server. Tunggu sinkronisasi, atau "
    "batalkan langkah itu.",
    "An earlier move on this innovation has not been decided by the server yet. Wait for sync, "
    "or cancel that move.",
)
_SUBMIT_PENDING = wf.Refusal(
    "workflow.submit_pending",
    "Inovasi ini akan diajukan saat tersambung; isinya terkunci sampai server memutuskan. "
    "Batalkan pengajuan untuk mengubahnya.",
    "This innovation will be submitted when online; its content is locked until the server "
    "decides. Cancel the submission to change it.",
)


class Workflow:
    """See the module docstring. One transaction per public method; :meth:`refresh` and
    :meth:`review_applied` run inside the caller's (the inbox's, the editor writes')."""

    def __init__(self, store: Store, innovations: Innovations, outbox: Outbox) -> None:
        self.store = store
        self.innovations = innovations
        self.outbox = outbox
        outbox.register(
            RecordKind(
                record_type=WORKFLOW_REQUEST,
                row=WorkflowRequestRow,
                content=lambda session, row: dict(row.content),
                deleted=lambda row: False,
                title=WorkflowRequestRow.title,
                ready=self._ready,
                settled=self._settled,
                refused=self._refused,
            )
        )
        innovations.edited = self._content_changed

    # --- who and how ---------------------------------------------------------------------------

    def settings(self) -> wf.WorkflowSettings:
        """The pemda's workflow settings as the server's probe last said (off until then)."""
        with self.store.read() as session:
            return self._settings(session)

    def remember_settings(self, pemda_id: str, opd_step: bool) -> None:
        """Keep the probe's workflow settings (the engine calls this on every probe)."""
        with self.store.write() as session:
            pemda = session.get(Pemda, pemda_id)
            if pemda is None:
                pemda = Pemda(id=pemda_id, name="", code="", updated_at=now())
                session.add(pemda)
            if pemda.opd_step != opd_step:
                pemda.opd_step = opd_step

    def _settings(self, session: Session) -> wf.WorkflowSettings:
        user = session.get(LocalUser, 1)
        pemda = session.get(Pemda, user.pemda_id) if user is not None and user.pemda_id else None
        return wf.WorkflowSettings(opd_step=bool(pemda is not None and pemda.opd_step))

    def _actor(self, session: Session, row: InnovationRow) -> wf.Actor:
        user = session.get(LocalUser, 1)
        if user is None or not user.role:
            # Not signed in yet: the drafts here are this officer's own (sent after sign-in).
            return wf.Actor(wf.Role.OPERATOR, "", own_opd=True)
        try:
            role = wf.Role(user.role)
        except ValueError:
            role = wf.Role.PIMPINAN  # a role of a newer server: read only
        own = bool(user.opd_id) and user.opd_id == row.opd_id
        return wf.Actor(role, user.username, own_opd=own, full_name=user.full_name or "")

    # --- reading -----------------------------------------------------------------------------

    def review(self, innovation_id: str) -> wf.Review:
        """The innovation's server-owned part as this device shows it (see module docstring)."""
        with self.store.read() as session:
            row = self.innovations.row(session, innovation_id)
            return self._effective(session, load_innovation(session, row))

    def options(self, innovation_id: str) -> list[wf.MoveOption]:
        """The moves the signed-in officer may make on the innovation now, each enabled or with
        what blocks it (``iid.workflow.options``); while a move waits for the server, every
        move is blocked by ``workflow.move_pending``."""
        with self.store.read() as session:
            row = self.innovations.row(session, innovation_id)
            innovation = load_innovation(session, row)
            found = wf.options(
                self._actor(session, row),
                innovation,
                self._effective(session, innovation),
                self._settings(session),
                load_rules(row.rule_year),
            )
            if self._undecided_move(session, innovation_id) is not None:
                found = [replace(o, refusals=(_MOVE_PENDING,)) for o in found]
            return found

    def content_refusal(self, innovation_id: str) -> wf.Refusal | None:
        """Why the signed-in officer may not change the innovation's content now (locked in
        review, not theirs, a submission waiting), or None. The editor opens read-only then;
        the server refuses such a change anyway."""
        with self.store.read() as session:
            row = self.innovations.row(session, innovation_id)
            state = WorkflowState(row.workflow_state)
            refusal = wf.content_refusal(self._actor(session, row), state)
            if refusal is None:
                pending = self._undecided_move(session, innovation_id)
                if pending is not None and wf.Action(pending.action) in wf.SUBMITS:
                    return _SUBMIT_PENDING
            return refusal

    def requests(
        self, innovation_id: str | None = None, *, states: tuple[RequestState, ...] | None = None
    ) -> list[WorkflowRequestInfo]:
        """The requests made here (of one innovation, or all), oldest first."""
        with self.store.read() as session:
            query = select(WorkflowRequestRow, OutboxRow.state).outerjoin(
                OutboxRow,
                (OutboxRow.record_type == WORKFLOW_REQUEST)
                & (OutboxRow.record_id == WorkflowRequestRow.id),
            )
            if innovation_id is not None:
                query = query.where(WorkflowRequestRow.innovation_id == innovation_id)
            if states is not None:
                query = query.where(WorkflowRequestRow.state.in_([s.value for s in states]))
            rows = session.execute(
                query.order_by(WorkflowRequestRow.created_at, WorkflowRequestRow.id)
            ).all()
            return [_info(row, delivery) for row, delivery in rows]

    def pending_move(self, innovation_id: str) -> WorkflowRequestInfo | None:
        """The move on the innovation that waits for the server (at most one), or None."""
        for info in self.requests(innovation_id, states=(RequestState.PENDING,)):
            if info.action is not wf.Action.NILAI:
                return info
        return None

    # --- asking --------------------------------------------------------------------------------

    def request(self, innovation_id: str, action: wf.Action, note: str = "") -> WorkflowRequestInfo:
        """Ask for a move (not ``nilai``: :meth:`give_verdict`, :meth:`set_qc`). Checked here
        as the server will; raises :class:`WorkflowRefused` when the process does not allow it
        now (nothing queued)."""
        action = wf.Action(action)
        if action is wf.Action.NILAI:
            raise ValueError("verdicts go through give_verdict or set_qc")
        with self.store.write() as session:
            row = self.innovations.row(session, innovation_id)
            if self._undecided_move(session, innovation_id) is not None:
                raise WorkflowRefused((_MOVE_PENDING,))
            move = wf.Move(innovation_id, action, note=note.strip(), requested_at=now())
            self._check(session, row, move)
            request = self._add(session, row, move, "")
            return _info(request, OutboxState.QUEUED)

    def give_verdict(
        self,
        innovation_id: str,
        indicator: str,
        verdict: Verdict,
        verified_level: int | None = None,
        note: str = "",
    ) -> WorkflowRequestInfo:
        """A verdict on one indicator, on its evidence as this device holds it now (its
        fingerprint travels along: the server refuses the verdict if that evidence changed).
        Shown at once; decided by the server at the next sync."""
        with self.store.write() as session:
            row = self.innovations.row(session, innovation_id)
            innovation = load_innovation(session, row)
            given = wf.VerdictInput(
                Verdict(verdict),
                verified_level,
                note.strip(),
                wf.evidence_fingerprint(innovation, indicator),
            )
            move = wf.Move(
                innovation_id, wf.Action.NILAI, verdicts={indicator: given}, requested_at=now()
            )
            self._check(session, row, move)
            request = self._add_or_update(session, row, move, indicator)
            self.refresh(session, innovation_id)
            return _info(request, OutboxState.QUEUED)

    def set_qc(
        self, innovation_id: str, qc_status: QcStatus, note: str | None = None
    ) -> WorkflowRequestInfo:
        """The QC status (and note, None: unchanged) of the innovation, as :meth:`give_verdict`."""
        with self.store.write() as session:
            row = self.innovations.row(session, innovation_id)
            move = wf.Move(
                innovation_id,
                wf.Action.NILAI,
                qc_status=QcStatus(qc_status),
                qc_note=None if note is None else note.strip(),
                requested_at=now(),
            )
            self._check(session, row, move)
            request = self._add_or_update(session, row, move, QC)
            self.refresh(session, innovation_id)
            return _info(request, OutboxState.QUEUED)

    def cancel(self, request_id: str) -> bool:
        """Take back a request that has not left this device yet; False if it has (or was
        decided): then only the server's answer settles it."""
        with self.store.write() as session:
            request = session.get(WorkflowRequestRow, request_id)
            if request is None or request.state != RequestState.PENDING:
                return False
            if not self._unsent(session, request_id):
                return False
            self._drop(session, request)
            return True

    def dismiss(self, request_id: str) -> bool:
        """The officer has read a refusal: the refused request goes (with its outbox row)."""
        with self.store.write() as session:
            request = session.get(WorkflowRequestRow, request_id)
            if request is None or request.state != RequestState.REFUSED:
                return False
            self._drop(session, request)
            return True

    # --- the server's answers and pulled reviews (inside other parts' transactions) ------------

    def review_applied(self, session: Session, innovation_id: str, version: int | None) -> None:
        """A review of the innovation was stored (``version``; None: its innovation's content
        was replaced): requests it already reflects go, and the overlay is rewritten."""
        if version is not None:
            session.execute(
                delete(WorkflowRequestRow).where(
                    WorkflowRequestRow.innovation_id == innovation_id,
                    WorkflowRequestRow.state == RequestState.APPLIED.value,
                    WorkflowRequestRow.applied_version <= version,
                )
            )
        self.refresh(session, innovation_id)

    def refresh(self, session: Session, innovation_id: str) -> None:
        """Rewrite the innovation's answer verdicts, workflow state and QC columns from
        :meth:`review` (inside the caller's transaction)."""
        row = session.get(InnovationRow, innovation_id)
        if row is None or row.deleted:
            return
        innovation = load_innovation(session, row)
        shown = ReviewShown.of(innovation, self._effective(session, innovation))
        answers = dict(row.answers or {})
        for key, (verdict, verified_level, note) in shown.answers.items():
            fields = answer_fields(answers.get(key))
            fields.update(verdict=verdict, verified_level=verified_level, verifier_note=note)
            answers[key] = fields
        row.answers = sorted_answers(answers)
        row.workflow_state, row.qc_status = shown.workflow_state, shown.qc_status
        row.verifier_note = shown.verifier_note
        session.flush()

    def shown_for_new(
        self, session: Session, innovations: Mapping[str, Innovation]
    ) -> tuple[dict[str, ReviewShown], set[str]]:
        """For innovations about to be stored for the first time (a pulled page's batch), what
        :meth:`refresh` would write once they are, worked out before: ``(shown, later)``.
        ``shown`` holds the column values of each one with a stored review; ``later`` the ids
        with workflow requests here, which :meth:`review_applied` must handle once they are
        stored (their requests are overlaid and may be settled). One query per 500 ids each."""
        ids = list(innovations)
        later: set[str] = set()
        latest: dict[str, VerdictRow] = {}
        for chunk in batches(ids):
            later.update(
                session.scalars(
                    select(WorkflowRequestRow.innovation_id)
                    .where(WorkflowRequestRow.innovation_id.in_(chunk))
                    .distinct()
                )
            )
            for record in session.scalars(
                select(VerdictRow)
                .where(VerdictRow.innovation_id.in_(chunk), VerdictRow.deleted.is_(False))
                .order_by(VerdictRow.updated_at.desc())
            ):
                latest.setdefault(record.innovation_id, record)  # the newest, as _stored
        shown = {
            innovation_id: ReviewShown.of(
                innovations[innovation_id], _review_of(record, innovation_id)
            )
            for innovation_id, record in latest.items()
            if innovation_id not in later
        }
        return shown, later & latest.keys()

    def _content_changed(self, session: Session, row: InnovationRow) -> None:
        # An edit here or content from the server: verdicts on changed evidence now show as
        # pending. Only innovations with a review or requests have anything to rewrite.
        if self._has_review_state(session, row.id):
            self.refresh(session, row.id)

    def _settled(self, session: Session, request: WorkflowRequestRow, version: int) -> None:
        request.state, request.applied_version = RequestState.APPLIED.value, version
        request.decided_at = now()

    def _refused(self, session: Session, request: WorkflowRequestRow, problem: Problem) -> None:
        params = dict(problem.params)
        request.state = RequestState.REFUSED.value
        request.problem_code = str(params.get("code") or problem.code)
        request.problem_params = {
            "params": dict(params.get("params") or {}),
            "loc": list(params.get("loc") or []),
            "status": params.get("status"),
        }
        request.problem_detail, request.problem_detail_en = problem.detail, problem.detail_en
        request.decided_at = now()
        session.flush()
        self.refresh(session, request.innovation_id)

    def _ready(
        self, session: Session, request: WorkflowRequestRow, taken: frozenset[tuple[str, str]]
    ) -> bool:
        """Sent only after the innovation's own edits (which may go in the same batch, before
        it) and, for a submission, after its files reached the server."""
        innovation_id = request.innovation_id
        state = self.outbox.state_of(session, INNOVATION, innovation_id)
        if state is not None and (INNOVATION, innovation_id) not in taken:
            return False
        if wf.Action(request.action) not in wf.SUBMITS:
            return True
        hashes = [
            h
            for h in session.scalars(
                select(DocumentRow.sha256).where(DocumentRow.innovation_id == innovation_id)
            )
            if h
        ]
        if not hashes:
            return True
        unsent = session.scalar(
            select(OutboxRow.id)
            .where(
                OutboxRow.record_type == BLOB,
                OutboxRow.record_id.in_(hashes),
                OutboxRow.direction == Direction.UP.value,
            )
            .limit(1)
        )
        return unsent is None

    # --- helpers -----------------------------------------------------------------------------

    def _check(self, session: Session, row: InnovationRow, move: wf.Move) -> None:
        innovation = load_innovation(session, row)
        decision = wf.decide(
            move,
            actor=self._actor(session, row),
            innovation=innovation,
            review=self._effective(session, innovation),
            settings=self._settings(session),
            rules=load_rules(row.rule_year),
            at=now(),
        )
        if not decision.accepted:
            raise WorkflowRefused(decision.refusals)

    def _add(
        self, session: Session, row: InnovationRow, move: wf.Move, indicator: str
    ) -> WorkflowRequestRow:
        request = WorkflowRequestRow(
            id=new_id(),
            innovation_id=row.id,
            action=move.action.value,
            indicator=indicator,
            content=move_to_dict(move),
            title=row.nama,
            state=RequestState.PENDING.value,
            problem_code="",
            problem_detail="",
            problem_detail_en="",
            created_at=now(),
            sync_state="queued",
            version=1,
            base_version=0,
        )
        session.add(request)
        session.flush()
        self.outbox.record_changed(session, WORKFLOW_REQUEST, request.id)
        return request

    def _add_or_update(
        self, session: Session, row: InnovationRow, move: wf.Move, indicator: str
    ) -> WorkflowRequestRow:
        for earlier in session.scalars(
            select(WorkflowRequestRow).where(
                WorkflowRequestRow.innovation_id == row.id,
                WorkflowRequestRow.indicator == indicator,
                WorkflowRequestRow.action == wf.Action.NILAI.value,
            )
        ):
            if earlier.state == RequestState.REFUSED:
                self._drop(session, earlier)  # a new verdict answers the old refusal
            elif earlier.state == RequestState.PENDING and self._unsent(session, earlier.id):
                merged = _merge_nilai(move_from_dict(earlier.content), move)
                earlier.content = move_to_dict(merged)
                earlier.created_at = now()
                self.outbox.record_changed(session, WORKFLOW_REQUEST, earlier.id)
                return earlier
        return self._add(session, row, move, indicator)

    def _unsent(self, session: Session, request_id: str) -> bool:
        out = session.scalar(
            select(OutboxRow).where(
                OutboxRow.record_type == WORKFLOW_REQUEST, OutboxRow.record_id == request_id
            )
        )
        return (
            out is not None
            and out.sent_seq is None
            and out.state
            in (OutboxState.QUEUED.value, OutboxState.WAITING.value, OutboxState.HELD.value)
        )

    def _drop(self, session: Session, request: WorkflowRequestRow) -> None:
        innovation_id = request.innovation_id
        self.outbox.forget(session, WORKFLOW_REQUEST, request.id)
        session.delete(request)
        session.flush()
        self.refresh(session, innovation_id)

    def _undecided_move(self, session: Session, innovation_id: str) -> WorkflowRequestRow | None:
        return session.scalar(
            select(WorkflowRequestRow).where(
                WorkflowRequestRow.innovation_id == innovation_id,
                WorkflowRequestRow.action != wf.Action.NILAI.value,
                WorkflowRequestRow.state == RequestState.PENDING.value,
            )
        )

    def _has_review_state(self, session: Session, innovation_id: str) -> bool:
        review = session.scalar(
            select(VerdictRow.id).where(VerdictRow.innovation_id == innovation_id).limit(1)
        )
        if review is not None:
            return True
        request = session.scalar(
            select(WorkflowRequestRow.id)
            .where(WorkflowRequestRow.innovation_id == innovation_id)
            .limit(1)
        )
        return request is not None

    def _stored(self, session: Session, innovation_id: str) -> wf.Review:
        record = session.scalar(
            select(VerdictRow)
            .where(VerdictRow.innovation_id == innovation_id, VerdictRow.deleted.is_(False))
            .order_by(VerdictRow.updated_at.desc())
            .limit(1)
        )
        return _review_of(record, innovation_id)

    def _effective(self, session: Session, innovation: Innovation) -> wf.Review:
        review = self._stored(session, innovation.id)
        undecided = session.scalars(
            select(WorkflowRequestRow)
            .where(
                WorkflowRequestRow.innovation_id == innovation.id,
                WorkflowRequestRow.action == wf.Action.NILAI.value,
                WorkflowRequestRow.state.in_(
                    [RequestState.PENDING.value, RequestState.APPLIED.value]
                ),
            )
            .order_by(WorkflowRequestRow.created_at, WorkflowRequestRow.id)
        ).all()
        if not undecided:
            return review
        user = session.get(LocalUser, 1)
        by = user.username if user is not None else ""
        for request in undecided:
            move = move_from_dict(request.content)
            indicators = dict(review.indicators)
            for key, given in move.verdicts.items():
                answer = innovation.answers.get(key)
                claimed = (answer.claimed_level or 0) if answer is not None else 0
                indicators[key] = wf.IndicatorReview(
                    verdict=given.verdict,
                    verified_level=wf.verified_level_of(given, claimed),
                    note=given.note,
                    fingerprint=given.fingerprint,
                    by=by,
                    at=request.created_at,
                )
            review = replace(
                review,
                indicators=indicators,
                qc_status=move.qc_status if move.qc_status is not None else review.qc_status,
                note=move.qc_note if move.qc_note is not None else review.note,
                review_started=True,
            )
        return review


def _merge_nilai(earlier: wf.Move, later: wf.Move) -> wf.Move:
    return replace(
        later,
        verdicts={**earlier.verdicts, **later.verdicts},
        qc_status=later.qc_status if later.qc_status is not None else earlier.qc_status,
        qc_note=later.qc_note if later.qc_note is not None else earlier.qc_note,
    )


def _info(row: WorkflowRequestRow, delivery: str | None) -> WorkflowRequestInfo:
    extra = dict(row.problem_params or {})
    return WorkflowRequestInfo(
        id=row.id,
        innovation_id=row.innovation_id,
        title=row.title,
        action=wf.Action(row.action),
        indicator=row.indicator,
        move=move_from_dict(row.content),
        state=RequestState(row.state),
        delivery=OutboxState(delivery) if delivery else None,
        created_at=row.created_at,
        decided_at=row.decided_at,
        refusal=row.problem_code,
        refusal_params=dict(extra.get("params") or {}),
        loc=tuple(tuple(loc) for loc in extra.get("loc") or ()),
        detail=row.problem_detail,
        detail_en=row.problem_detail_en,
    )


def _review_of(record: VerdictRow | None, innovation_id: str) -> wf.Review:
    """The stored review ``record`` of an innovation (none yet: the default review)."""
    if record is None or not record.content:
        return wf.Review(innovation_id)
    return review_from_dict({**record.content, "innovation_id": innovation_id})


@dataclass(frozen=True)
class ReviewShown:
    """What :meth:`Workflow.refresh` writes of an innovation's review (the stored one with
    this device's undecided requests): its columns, and per indicator the answer's ``verdict``,
    ``verified_level`` and ``verifier_note``."""

    workflow_state: str
    qc_status: str
    verifier_note: str
    answers: dict[str, tuple[str, int | None, str]]

    @classmethod
    def of(cls, innovation: Innovation, review: wf.Review) -> ReviewShown:
        shown = wf.overlay(innovation, review)
        return cls(
            review.state.value,
            review.qc_status.value,
            review.note,
            {
                key: (a.verdict.value, a.verified_level, a.verifier_note)
                for key, a in shown.answers.items()
            },
        )
