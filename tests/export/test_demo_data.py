"""The desktop's demo pemda (desktop/demo_data.py) holds only what the real process could have
produced: every innovation's state follows from its history, and what its state requires holds."""

from __future__ import annotations

from iid import workflow as wf
from iid.demo import impossibilities
from iid.records import WorkflowState
from iid.rules import load_rules
from tests.export.conftest import DemoData


def test_every_demo_innovation_is_explained_by_its_history(demo: DemoData) -> None:
    innovations = [demo.repo.get_innovation(s.id) for s in demo.repo.list_innovations()]
    states = set()
    for innovation in innovations:
        assert innovation is not None
        review = demo.repo.workflow.review(innovation.id)
        rules = load_rules(innovation.rule_year)
        assert review.state is innovation.workflow_state
        assert impossibilities(innovation, review, rules) == [], innovation.profile.nama
        states.add(review.state)
        if review.state is not WorkflowState.DRAFT:
            # Evidence on every claimed indicator, the submission by the OPD's operator.
            claimed = innovation.claimed_levels()
            assert claimed and all(innovation.documents_for(k) for k in claimed)
            assert review.history[0].action is wf.Action.AJUKAN
            assert review.history[0].role is wf.Role.OPERATOR
    assert states >= {WorkflowState.DRAFT, WorkflowState.DIAJUKAN, WorkflowState.REVISI,
                      WorkflowState.DISETUJUI, WorkflowState.SIAP_KIRIM}  # fmt: skip


def test_the_approved_demo_innovation_went_through_submit_verify_approve(
    demo: DemoData,
) -> None:
    (summary,) = [s for s in demo.repo.list_innovations() if s.nama == "Sekolah Ramah Anak Digital"]
    innovation = demo.repo.get_innovation(summary.id)
    assert innovation is not None and innovation.workflow_state is WorkflowState.DISETUJUI
    review = demo.repo.workflow.review(innovation.id)
    assert [(s.action, s.by, s.by_name) for s in review.history] == [
        (wf.Action.AJUKAN, "operator", "Rina Operator"),
        (wf.Action.SETUJUI, "verifikator", "Verifikator Bappeda"),
    ]  # the banner and Riwayat name people as the server's own steps do
    assert wf.blocking_findings(innovation, load_rules(2026)) == []
    lowered = [
        k
        for k, v in review.indicators.items()
        if v.verified_level != innovation.answers[k].claimed_level
    ]
    assert lowered == ["16"] and review.indicators["16"].note


def test_the_check_notices_an_impossible_state() -> None:
    from iid.records import IndicatorAnswer, Innovation, InnovationProfile

    empty = Innovation(
        "x", 2026, "o", InnovationProfile(nama="X"), {"16": IndicatorAnswer("16", 3)}
    )
    rules = load_rules(2026)
    approved_without_history = wf.Review("x", state=WorkflowState.DISETUJUI)
    found = impossibilities(empty, approved_without_history, rules)
    assert "the history ends in draft, the state is disetujui" in found
    assert "indicator.no_evidence on 16" in found and "no verdict on 16" in found
