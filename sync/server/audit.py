"""The account half of the audit log: who changed which account, OPD or token, when and from where.

Record changes are audited by their versions (``record_versions``); everything else goes here.
Events are written in the same transaction as the change they describe.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from sync.server.models import AuditEvent

if TYPE_CHECKING:
    from sync.server.auth import Principal

CLI_ACTOR = "cli"


def record_event(
    session: Session,
    *,
    action: str,
    target_type: str,
    target_id: str | None,
    details: dict[str, Any] | None = None,
    actor: Principal | None = None,
    actor_label: str | None = None,
    address: str | None = None,
    pemda_id: str | None = None,
) -> None:
    """Add one audit event to ``session`` (committed with the change it describes).

    ``actor`` is the logged-in caller; commands run from the shell pass ``actor_label="cli"``.
    Never put secrets (passwords, tokens) in ``details``.
    """
    session.add(
        AuditEvent(
            at=datetime.now(UTC),
            actor_user_id=actor.user_id if actor else None,
            actor=actor.username if actor else (actor_label or CLI_ACTOR),
            device=actor.device if actor else None,
            address=address,
            action=action,
            target_type=target_type,
            target_id=target_id,
            details=details or {},
            pemda_id=pemda_id or (actor.pemda_id if actor else None),
        )
    )
