"""The projection an operator's laptop computes names every OPD it shows (never an id, never
unnamed) from the store's OPD list."""

from __future__ import annotations

from pathlib import Path

from iid.rules import load_rules
from sync.client.projection import compute_local
from sync.local.accounts import LocalUserInfo
from sync.local.db import Store
from sync.local.repository import Repository


def test_every_opd_row_of_an_operators_projection_has_its_name(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.sqlite")
    try:
        repo = Repository(store)
        for opd_id, name in (("opd-a", "Dinas Pendidikan"), ("opd-b", "Dinas Sosial")):
            repo.upsert_opd(opd_id, name, pemda_id="p1")
        repo.set_local_user(LocalUserInfo(username="op", role="operator", opd_id="opd-a"))
        repo.create_innovation(2026, nama="Milik sendiri", opd_id="opd-a")
        repo.create_innovation(2026, nama="Pindahan", opd_id="opd-b")  # e.g. demo data
        projection = compute_local(repo, load_rules(2026))
        assert projection.scope_opd == "opd-a"
        assert {o.opd_id: o.name for o in projection.opds} == {
            "opd-a": "Dinas Pendidikan",
            "opd-b": "Dinas Sosial",
        }
    finally:
        store.close()


def test_a_laptop_counts_the_wait_from_the_submission_in_the_pulled_review(
    tmp_path: Path,
) -> None:
    """The local projection reads the review pulled from the server like the server does:
    state and verdicts laid over, waiting since the newest submission in its history."""
    from datetime import UTC, datetime

    from iid import workflow as wf
    from iid.records import WorkflowState
    from tests.store.test_workflow_local import OPD, as_user, complete_draft, review_record

    store = Store(tmp_path / "store.sqlite")
    try:
        repo = Repository(store)
        repo.upsert_opd(OPD, "Dinas Pendidikan", pemda_id="pemda-1")
        as_user(repo, "operator")
        rid = complete_draft(repo)
        submitted = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
        step = wf.Transition(
            wf.Action.AJUKAN,
            WorkflowState.DRAFT,
            WorkflowState.DIAJUKAN,
            "operator",
            wf.Role.OPERATOR,
            submitted,
        )
        review = wf.Review(rid, state=WorkflowState.DIAJUKAN, history=(step,))
        repo.apply_remote([review_record(rid, 1, review)], 1)
        projection = compute_local(repo, load_rules(2026))
        row = next(r for r in projection.innovations if r.id == rid)
        assert row.workflow_state == "diajukan" and row.status.value == "counted"
        assert row.waiting_since == submitted
        opd = projection.opd(OPD)
        assert opd is not None and opd.oldest_waiting == submitted
    finally:
        store.close()
