"""The history of synchronisation runs (the Sinkronisasi page's "Recent synchronisations").
Part of the repository layer (one transaction per method)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from sync.local.db import Store
from sync.local.models import SyncRun
from sync.local.problems import Problem


@dataclass(frozen=True)
class SyncRunInfo:
    """One run. ``pushed`` counts records and files sent, ``pulled`` records received,
    ``downloaded`` files received; ``problem`` why it did not complete (or, for a completed
    run, that items need attention); None for a clean run and for runs of the first releases
    (whose English ``message`` is never shown)."""

    id: int
    started_at: datetime
    finished_at: datetime | None
    pushed: int
    pulled: int
    conflicts: int
    failed: int
    ok: bool
    message: str
    downloaded: int = 0
    problem: Problem | None = None


def _problem(code: str, params: object) -> Problem | None:
    if not code:
        return None
    try:
        return Problem(code, dict(params) if isinstance(params, dict) else {})
    except ValueError:  # a code of a newer release
        return None


class SyncHistory:
    def __init__(self, store: Store) -> None:
        self.store = store

    def record_sync_run(
        self,
        started_at: datetime,
        finished_at: datetime | None,
        *,
        pushed: int = 0,
        pulled: int = 0,
        downloaded: int = 0,
        conflicts: int = 0,
        failed: int = 0,
        ok: bool = True,
        problem: Problem | None = None,
    ) -> int:
        """Remember one synchronisation run; returns its id."""
        with self.store.write() as session:
            run = SyncRun(
                started_at=started_at,
                finished_at=finished_at,
                pushed=pushed,
                pulled=pulled,
                downloaded=downloaded,
                conflicts=conflicts,
                failed=failed,
                ok=ok,
                message="",
                problem_code=problem.code if problem is not None else "",
                problem_params=dict(problem.params) or None if problem is not None else None,
            )
            session.add(run)
            session.flush()
            return run.id

    def recent_sync_runs(self, n: int = 20) -> list[SyncRunInfo]:
        """The ``n`` newest runs, newest first."""
        with self.store.read() as session:
            return [
                SyncRunInfo(
                    id=r.id,
                    started_at=r.started_at,
                    finished_at=r.finished_at,
                    pushed=r.pushed,
                    pulled=r.pulled,
                    conflicts=r.conflicts,
                    failed=r.failed,
                    ok=r.ok,
                    message=r.message,
                    downloaded=r.downloaded,
                    problem=_problem(r.problem_code, r.problem_params),
                )
                for r in session.scalars(
                    select(SyncRun).order_by(SyncRun.started_at.desc(), SyncRun.id.desc()).limit(n)
                )
            ]
