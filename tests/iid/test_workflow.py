"""The workflow state machine: exactly the listed moves succeed, guards hold, verdict rules,
the verdict reset on changed evidence, the content lock, and the review/move codec."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iid.codec import move_from_dict, move_to_dict, review_from_dict, review_to_dict
from iid.records import EvidenceDocument, IndicatorAnswer, Innovation, QcStatus, Verdict
from iid.records import WorkflowState as S
from iid.rules import RuleSet
from iid.workflow import (
    EDGES,
    Action,
    Actor,
    Decision,
    IndicatorReview,
    Move,
    Review,
    Role,
    Transition,
    VerdictInput,
    WorkflowSettings,
    content_refusal,
    decide,
    effective_verdicts,
    evidence_fingerprint,
    options,
    reset_changed_verdicts,
)
from tests.iid.test_checks import complete_innovation

AT = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
OFF, ON = WorkflowSettings(opd_step=False), WorkflowSettings(opd_step=True)


def fingerprints(innovation: Innovation) -> dict[str, str]:
    return {k: evidence_fingerprint(innovation, k) for k in innovation.answers}


def all_verdicts(innovation: Innovation, verdict: Verdict = Verdict.SESUAI) -> Review:
    return Review(
        innovation.id,
        indicators={
            k: IndicatorReview(verdict, a.claimed_level, "", evidence_fingerprint(innovation, k))
            for k, a in innovation.answers.items()
        },
    )


def run(
    action: Action,
    role: Role,
    state: S,
    *,
    own: bool = True,
    opd_step: bool = False,
    innovation: Innovation | None = None,
    review: Review | None = None,
    rules: RuleSet,
    **move: object,
) -> Decision:
    innovation = innovation or complete_innovation()
    base = review or all_verdicts(innovation)
    if action is Action.NILAI and not move:
        key = "16"
        move = {
            "verdicts": {key: VerdictInput(Verdict.SESUAI, None, "", fingerprints(innovation)[key])}
        }
    return decide(
        Move(innovation.id, action, note=str(move.pop("note", "catatan")), **move),  # type: ignore[arg-type]
        actor=Actor(role, "u", own),
        innovation=innovation,
        review=dataclasses.replace(base, state=state),
        settings=ON if opd_step else OFF,
        rules=rules,
        at=AT,
    )


# The process, as the issue and IID-RULES.md section 6 state it (independently of EDGES):
# (action, role, opd_step) -> {state: target}
EXPECTED: dict[tuple[Action, Role, bool], dict[S, S | None]] = {}
for step in (False, True):
    review_states = {S.DISAHKAN_OPD} | (set() if step else {S.DIAJUKAN})
    EXPECTED[(Action.AJUKAN, Role.OPERATOR, step)] = {S.DRAFT: S.DIAJUKAN}
    EXPECTED[(Action.TARIK_KEMBALI, Role.OPERATOR, step)] = {
        S.DIAJUKAN: S.DRAFT,
        S.DISAHKAN_OPD: S.DRAFT,
    }
    EXPECTED[(Action.AJUKAN_ULANG, Role.OPERATOR, step)] = {S.REVISI: S.DIAJUKAN}
    if step:
        EXPECTED[(Action.SAHKAN, Role.KEPALA_OPD, step)] = {S.DIAJUKAN: S.DISAHKAN_OPD}
        EXPECTED[(Action.PERLU_REVISI, Role.KEPALA_OPD, step)] = {S.DIAJUKAN: S.REVISI}
    for role in (Role.VERIFIKATOR, Role.ADMIN):
        EXPECTED[(Action.NILAI, role, step)] = {s: None for s in review_states}
        EXPECTED[(Action.PERLU_REVISI, role, step)] = {s: S.REVISI for s in review_states}
        EXPECTED[(Action.SETUJUI, role, step)] = {s: S.DISETUJUI for s in review_states}
    EXPECTED[(Action.SIAP_KIRIM, Role.ADMIN, step)] = {S.DISETUJUI: S.SIAP_KIRIM}
    EXPECTED[(Action.TERKIRIM, Role.ADMIN, step)] = {S.SIAP_KIRIM: S.TERKIRIM}
    EXPECTED[(Action.BUKA_KEMBALI, Role.ADMIN, step)] = {
        S.DISETUJUI: S.REVISI,
        S.SIAP_KIRIM: S.REVISI,
        S.TERKIRIM: S.REVISI,
    }

CELLS = list(product(Action, Role, [True, False], S, [False, True]))


def _check_cell(
    rules: RuleSet, action: Action, role: Role, own: bool, state: S, opd_step: bool
) -> str | None:
    """None if the cell behaves as the process says, else what went wrong."""
    expected = EXPECTED.get((action, role, opd_step), {})
    # Operators and the kepala OPD act on their own OPD only; the others on every OPD.
    allowed = state in expected and (own or role not in (Role.OPERATOR, Role.KEPALA_OPD))
    decision = run(action, role, state, own=own, opd_step=opd_step, rules=rules)
    if decision.accepted is not allowed:
        return f"accepted={decision.accepted} {[r.code for r in decision.refusals]}"
    if not allowed:
        refusal = decision.refusals[0]
        ok = decision.review.state is state and decision.transition is None
        ok = ok and refusal.code.startswith("workflow.") and bool(refusal.message_id)
        return None if ok and refusal.message_en else f"bad refusal {refusal}"
    target = expected[state]
    if decision.review.state is not (target or state):
        return f"ended in {decision.review.state}"
    if target is None:
        return None if decision.transition is None and not decision.review.history else "moved"
    step = Transition(action, state, target, "u", role, AT, "catatan")
    if decision.transition != step or decision.review.history[-1] != step:
        return f"transition {decision.transition}"
    return None


def test_exactly_the_moves_of_the_process_succeed(rules2026: RuleSet) -> None:
    """Every action x role x own/other OPD x state x OPD step (1400 cells)."""
    wrong = {
        cell: problem for cell in CELLS if (problem := _check_cell(rules2026, *cell)) is not None
    }
    assert wrong == {}
    assert len(CELLS) == len(Action) * len(Role) * 2 * len(S) * 2


def test_the_table_lists_every_expected_move_and_no_other() -> None:
    listed = {
        (e.action, role, step, state)
        for e in EDGES
        for role in e.roles
        for step in (False, True)
        for state in e.sources(ON if step else OFF)
    }
    expected = {
        (a, r, step, state) for (a, r, step), states in EXPECTED.items() for state in states
    }
    assert listed == expected


def test_ajukan_needs_zero_blocking_findings(rules2026: RuleSet) -> None:
    empty = Innovation("i2", 2026, "opd-1")
    refused = run(Action.AJUKAN, Role.OPERATOR, S.DRAFT, innovation=empty, rules=rules2026)
    assert [r.code for r in refused.refusals] == ["workflow.blocking_findings"]
    assert refused.refusals[0].params["count"] > 3
    assert "profile.required" in refused.refusals[0].params["codes"]
    again = run(Action.AJUKAN_ULANG, Role.OPERATOR, S.REVISI, innovation=empty, rules=rules2026)
    assert [r.code for r in again.refusals] == ["workflow.blocking_findings"]


def test_the_server_refuses_ajukan_while_files_are_missing(rules2026: RuleSet) -> None:
    innovation = complete_innovation()
    decision = decide(
        Move(innovation.id, Action.AJUKAN),
        actor=Actor(Role.OPERATOR, "op", True),
        innovation=innovation,
        review=Review(innovation.id),
        settings=OFF,
        rules=rules2026,
        at=AT,
        missing_blobs={"ab" * 32},
    )
    assert [r.code for r in decision.refusals] == ["workflow.evidence_not_uploaded"]


def test_withdrawing_only_before_the_review_started(rules2026: RuleSet) -> None:
    inn = complete_innovation()
    started = dataclasses.replace(all_verdicts(inn), review_started=True)
    refused = run(Action.TARIK_KEMBALI, Role.OPERATOR, S.DIAJUKAN, review=started, rules=rules2026)
    assert [r.code for r in refused.refusals] == ["workflow.review_started"]
    # A verdict starts the review; a new submission starts a new round.
    verdict = run(Action.NILAI, Role.VERIFIKATOR, S.DIAJUKAN, rules=rules2026)
    assert verdict.review.review_started
    resubmitted = run(Action.AJUKAN_ULANG, Role.OPERATOR, S.REVISI, review=started, rules=rules2026)
    assert resubmitted.accepted and not resubmitted.review.review_started


@pytest.mark.parametrize("action", [Action.PERLU_REVISI, Action.BUKA_KEMBALI])
def test_returning_and_reopening_need_a_note(rules2026: RuleSet, action: Action) -> None:
    state = S.DIAJUKAN if action is Action.PERLU_REVISI else S.TERKIRIM
    refused = run(action, Role.ADMIN, state, note="  ", rules=rules2026)
    assert [(r.code, r.loc) for r in refused.refusals] == [("workflow.note_required", ("note",))]
    done = run(action, Role.ADMIN, state, note="SK belum menyebut inovasi", rules=rules2026)
    assert done.review.state is S.REVISI
    assert done.review.return_note == "SK belum menyebut inovasi"


def test_approval_needs_a_verdict_on_every_claimed_indicator(rules2026: RuleSet) -> None:
    inn = complete_innovation()
    partial = all_verdicts(inn)
    indicators = dict(partial.indicators)
    del indicators["17"]
    indicators["32"] = IndicatorReview(Verdict.PENDING)
    review = dataclasses.replace(partial, indicators=indicators)
    refused = run(Action.SETUJUI, Role.VERIFIKATOR, S.DIAJUKAN, review=review, rules=rules2026)
    assert [r.code for r in refused.refusals] == ["workflow.verdicts_missing"]
    assert refused.refusals[0].params["indicators"] == ["17", "32"]
    # A verdict given on evidence that changed since counts as missing too.
    changed = dataclasses.replace(inn, answers={**inn.answers, "16": IndicatorAnswer("16", 3)})
    stale = run(
        Action.SETUJUI, Role.VERIFIKATOR, S.DIAJUKAN, innovation=changed,
        review=all_verdicts(inn), rules=rules2026,
    )  # fmt: skip
    assert stale.refusals[0].params["indicators"] == ["16"]


def nilai(
    rules: RuleSet, indicator: str, given: VerdictInput, innovation: Innovation | None = None
) -> Decision:
    inn = innovation or complete_innovation()
    return decide(
        Move(inn.id, Action.NILAI, verdicts={indicator: given}),
        actor=Actor(Role.VERIFIKATOR, "ver", False),
        innovation=inn,
        review=Review(inn.id, state=S.DIAJUKAN),
        settings=OFF,
        rules=rules,
        at=AT,
    )


FP = fingerprints(complete_innovation())


@pytest.mark.parametrize(
    ("given", "stored_level", "codes"),
    [
        (VerdictInput(Verdict.SESUAI, None, "", FP["16"]), 2, []),  # the claim
        (VerdictInput(Verdict.SESUAI, 1, "", FP["16"]), 1, []),  # lowered
        (VerdictInput(Verdict.SESUAI, 3, "", FP["16"]), None, ["verdict.above_claim"]),
        (VerdictInput(Verdict.SESUAI, 0, "", FP["16"]), None, ["verdict.above_claim"]),
        (VerdictInput(Verdict.TIDAK_SESUAI, 1, "SK kadaluwarsa", FP["16"]), 1, []),
        (VerdictInput(Verdict.TIDAK_SESUAI, None, "SK tidak ada", FP["16"]), 0, []),
        (VerdictInput(Verdict.TIDAK_SESUAI, 1, " ", FP["16"]), None, ["verdict.note_required"]),
        (VerdictInput(Verdict.TIDAK_SESUAI, 2, "x", FP["16"]), None, ["verdict.not_lower"]),
        (VerdictInput(Verdict.TIDAK_SESUAI, 3, "x", FP["16"]), None, ["verdict.above_claim"]),
        (VerdictInput(Verdict.TIDAK_DAPAT_DIUKUR, None, "", FP["16"]), 0, []),
        (VerdictInput(Verdict.TIDAK_DAPAT_DIUKUR, 2, "", FP["16"]), None,
         ["verdict.unmeasurable_level"]),
        (VerdictInput(Verdict.PENDING, None, "", FP["16"]), None, []),
        (VerdictInput(Verdict.SESUAI, None, "", FP["17"]), None, ["workflow.evidence_changed"]),
        (VerdictInput(Verdict.SESUAI, None, "", ""), None, ["workflow.evidence_changed"]),
    ],
)  # fmt: skip
def test_verdict_rules(
    rules2026: RuleSet, given: VerdictInput, stored_level: int | None, codes: list[str]
) -> None:
    decision = nilai(rules2026, "16", given)
    assert [r.code for r in decision.refusals] == codes
    for refusal in decision.refusals:
        assert refusal.loc[:2] == ("verdicts", "16")
    if not codes:
        stored = decision.review.indicators["16"]
        assert (stored.verdict, stored.verified_level) == (given.verdict, stored_level)
        assert stored.fingerprint == FP["16"] and stored.by == "ver" and stored.at == AT


def test_a_verdict_on_an_indicator_not_claimed_is_refused(rules2026: RuleSet) -> None:
    decision = nilai(rules2026, "18", VerdictInput(Verdict.SESUAI, None, "", "x"))
    assert [r.code for r in decision.refusals] == ["verdict.not_claimed"]


def test_qc_status_and_note_come_with_nilai(rules2026: RuleSet) -> None:
    inn = complete_innovation()
    decision = decide(
        Move(inn.id, Action.NILAI, qc_status=QcStatus.ACCEPT, qc_note="Lengkap"),
        actor=Actor(Role.ADMIN, "adm"),
        innovation=inn,
        review=Review(inn.id, state=S.DIAJUKAN),
        settings=OFF,
        rules=rules2026,
        at=AT,
    )
    assert decision.review.qc_status is QcStatus.ACCEPT and decision.review.note == "Lengkap"
    empty = dataclasses.replace(decision, refusals=())
    assert empty.accepted


def test_changed_evidence_resets_only_that_verdict(rules2026: RuleSet) -> None:
    inn = complete_innovation()
    review = all_verdicts(inn)
    review = dataclasses.replace(
        review,
        indicators={
            **review.indicators,
            "16": IndicatorReview(Verdict.TIDAK_SESUAI, 1, "SK lama", FP["16"]),
        },
    )
    # Reordering or a machine reading does not reset anything.
    moved = [dataclasses.replace(d, position=9, readability="blank") for d in inn.documents]
    same, reset = reset_changed_verdicts(review, dataclasses.replace(inn, documents=moved))
    assert reset == [] and same is review
    # A new file for indicator 16 resets 16 (its note kept for the officer), nothing else.
    docs = [
        dataclasses.replace(d, sha256="cd" * 32) if d.slot == "16" else d for d in inn.documents
    ]
    fixed = dataclasses.replace(inn, documents=docs)
    new, reset = reset_changed_verdicts(review, fixed)
    assert reset == ["16"]
    assert new.indicators["16"] == IndicatorReview(
        Verdict.PENDING, None, "SK lama", FP["16"], reset=True
    )
    assert new.indicators["17"] == review.indicators["17"]
    assert effective_verdicts(review, fixed)["16"].verdict is Verdict.PENDING
    # So does a changed claimed level, a new document in the slot, or its metadata.
    for changed in (
        dataclasses.replace(inn, answers={**inn.answers, "17": IndicatorAnswer("17", 3)}),
        dataclasses.replace(inn, documents=[*inn.documents, EvidenceDocument("n", "32")]),
        dataclasses.replace(
            inn,
            documents=[
                dataclasses.replace(d, nomor="lain") if d.slot == "33" else d for d in inn.documents
            ],
        ),
    ):
        assert len(reset_changed_verdicts(review, changed)[1]) == 1


def test_content_lock(rules2026: RuleSet) -> None:
    operator, admin = Actor(Role.OPERATOR, "op", True), Actor(Role.ADMIN, "adm")
    for state in S:
        editable = state in (S.DRAFT, S.REVISI)
        assert (content_refusal(operator, state) is None) is editable
        assert (content_refusal(admin, state) is None) is editable
        assert (content_refusal(operator, state, deleting=True) is None) is (state is S.DRAFT)
    locked = content_refusal(operator, S.TERKIRIM)
    assert locked is not None and locked.code == "workflow.locked"
    for role in (Role.VERIFIKATOR, Role.PIMPINAN, Role.KEPALA_OPD):
        refusal = content_refusal(Actor(role, "x", True), S.DRAFT)
        assert refusal is not None and refusal.code == "workflow.content_role"
    other = content_refusal(Actor(Role.OPERATOR, "op", False), S.DRAFT)
    assert other is not None and other.code == "workflow.other_opd"


def test_options_show_a_role_only_its_moves_and_why_one_is_blocked(rules2026: RuleSet) -> None:
    empty = Innovation("i3", 2026, "opd-1")
    draft = Review("i3")
    shown = options(Actor(Role.OPERATOR, "op", True), empty, draft, OFF, rules2026)
    assert [(o.action, o.enabled) for o in shown] == [(Action.AJUKAN, False)]
    assert shown[0].refusals[0].code == "workflow.blocking_findings"
    full = complete_innovation()
    ready = options(Actor(Role.OPERATOR, "op", True), full, Review(full.id), OFF, rules2026)
    assert [(o.action, o.enabled) for o in ready] == [(Action.AJUKAN, True)]
    assert options(Actor(Role.PIMPINAN, "p"), full, Review(full.id), OFF, rules2026) == []
    submitted = Review(full.id, state=S.DIAJUKAN)
    verifier = options(Actor(Role.VERIFIKATOR, "v"), full, submitted, OFF, rules2026)
    assert [(o.action, o.enabled) for o in verifier] == [
        (Action.NILAI, True),
        (Action.PERLU_REVISI, True),
        (Action.SETUJUI, False),
    ]
    # With the OPD step, a submitted innovation waits for the kepala OPD, not the verifier.
    assert options(Actor(Role.VERIFIKATOR, "v"), full, submitted, ON, rules2026) == []
    head = options(Actor(Role.KEPALA_OPD, "k", True), full, submitted, ON, rules2026)
    assert [o.action for o in head] == [Action.SAHKAN, Action.PERLU_REVISI]


TEXT = st.text(max_size=20)
MOMENT = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)
INDICATOR_REVIEWS = st.builds(
    IndicatorReview,
    verdict=st.sampled_from(list(Verdict)),
    verified_level=st.one_of(st.none(), st.integers(0, 3)),
    note=TEXT,
    fingerprint=TEXT,
    by=TEXT,
    at=st.one_of(st.none(), MOMENT),
    reset=st.booleans(),
)
REVIEWS = st.builds(
    Review,
    innovation_id=st.uuids().map(str),
    state=st.sampled_from(list(S)),
    indicators=st.dictionaries(st.sampled_from(["16", "17", "33"]), INDICATOR_REVIEWS),
    qc_status=st.sampled_from(list(QcStatus)),
    note=TEXT,
    review_started=st.booleans(),
    history=st.lists(
        st.builds(
            Transition,
            action=st.sampled_from(list(Action)),
            from_state=st.sampled_from(list(S)),
            to_state=st.sampled_from(list(S)),
            by=TEXT,
            role=st.sampled_from(list(Role)),
            at=MOMENT,
            note=TEXT,
            by_name=TEXT,
        ),
        max_size=4,
    ).map(tuple),
)
MOVES = st.builds(
    Move,
    innovation_id=st.uuids().map(str),
    action=st.sampled_from(list(Action)),
    note=TEXT,
    verdicts=st.dictionaries(
        st.sampled_from(["16", "35"]),
        st.builds(
            VerdictInput,
            verdict=st.sampled_from(list(Verdict)),
            verified_level=st.one_of(st.none(), st.integers(0, 3)),
            note=TEXT,
            fingerprint=st.from_regex(r"[0-9a-f]{64}", fullmatch=True),
        ),
    ),
    qc_status=st.one_of(st.none(), st.sampled_from(list(QcStatus))),
    qc_note=st.one_of(st.none(), TEXT),
    requested_at=st.one_of(st.none(), MOMENT),
)


@settings(max_examples=60, deadline=None)
@given(REVIEWS)
def test_review_round_trips(review: Review) -> None:
    assert review_from_dict(review_to_dict(review)) == review


@settings(max_examples=60, deadline=None)
@given(MOVES)
def test_move_round_trips_strictly(move: Move) -> None:
    assert move_from_dict(move_to_dict(move), strict=True) == move


def test_a_first_release_verdict_record_reads_as_a_review() -> None:
    legacy = {
        "innovation_id": "i1",
        "indicators": {"16": {"verdict": "sesuai", "verified_level": 2, "note": "ok"}},
        "note": "Bukti lengkap",
        "qc_status": "accept",
        "workflow_state": "disetujui",
    }
    review = review_from_dict(legacy)
    assert review.state is S.DISETUJUI and review.qc_status is QcStatus.ACCEPT
    assert review.indicators["16"].verified_level == 2 and review.history == ()
    # A step written before the full name was kept reads with an empty one.
    step = {
        "action": "perlu_revisi",
        "from_state": "diajukan",
        "to_state": "revisi",
        "by": "siti",
        "role": "verifikator",
        "at": "2026-11-02T08:00:00+00:00",
        "note": "",
    }
    (read,) = review_from_dict({**legacy, "history": [step]}).history
    assert (read.by, read.by_name) == ("siti", "")
