"""The workflow endpoints: an innovation's workflow history, and the pemda's workflow settings.

Moves themselves travel as ``workflow_request`` records through ``POST /sync/push`` (so a move
made offline waits in the device's outbox with everything else, in order); see
``sync.server.reviews``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from sync.protocol import PemdaSettings, PemdaSettingsUpdate, Problem, WorkflowHistory
from sync.server import records, reviews
from sync.server.audit import record_event
from sync.server.auth import CurrentPrincipal
from sync.server.db import SessionDep
from sync.server.models import Pemda
from sync.server.problems import ProblemType, problem

router = APIRouter(tags=["alur kerja"])

RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "Belum masuk / token tidak berlaku"},
    403: {"model": Problem, "description": "Tidak berhak"},
    404: {"model": Problem, "description": "Tidak ditemukan"},
}

InnovationIdPath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]


@router.get(
    "/innovations/{innovation_id}/workflow", response_model=WorkflowHistory, responses=RESPONSES
)
def workflow_history(
    innovation_id: InnovationIdPath, principal: CurrentPrincipal, session: SessionDep
) -> WorkflowHistory:
    """The innovation's state and every workflow event (who, when, which move, the note), oldest
    first: submissions, verdicts, returns, approvals, resets of verdicts, refused requests."""
    record, _ = records.get_record(session, principal, innovation_id)
    if record.type != reviews.INNOVATION:
        raise problem(404, ProblemType.NOT_FOUND, "Inovasi tidak ditemukan.", "No such innovation.")
    return reviews.history(session, record)


def _pemda(session: SessionDep, pemda_id: str) -> Pemda:
    pemda = session.get(Pemda, pemda_id)
    assert pemda is not None, "a principal's pemda exists"
    return pemda


@router.get("/pemda/settings", response_model=PemdaSettings, responses=RESPONSES)
def get_settings(principal: CurrentPrincipal, session: SessionDep) -> PemdaSettings:
    """The pemda's workflow settings (every role may read them: the desktop shows moves by them)."""
    return PemdaSettings(opd_step=_pemda(session, principal.pemda_id).opd_step)


@router.put("/pemda/settings", response_model=PemdaSettings, responses=RESPONSES)
def put_settings(
    body: PemdaSettingsUpdate, principal: CurrentPrincipal, session: SessionDep
) -> PemdaSettings:
    """Change the pemda's workflow settings (admin). Turning the OPD-head step on makes new
    submissions wait for the kepala OPD; turning it off lets verifiers take the waiting ones."""
    if not principal.is_admin:
        raise problem(
            403,
            ProblemType.FORBIDDEN,
            "Hanya admin pemda yang dapat mengubah pengaturan alur kerja.",
            "Only the pemda admin can change the workflow settings.",
        )
    pemda = _pemda(session, principal.pemda_id)
    if pemda.opd_step != body.opd_step:
        record_event(
            session,
            action="pemda.settings",
            target_type="pemda",
            target_id=pemda.id,
            details={"opd_step": [pemda.opd_step, body.opd_step]},
            actor=principal,
        )
        pemda.opd_step = body.opd_step
        # Every device learns it at its next probe; nothing else to move.
    return PemdaSettings(opd_step=pemda.opd_step)
