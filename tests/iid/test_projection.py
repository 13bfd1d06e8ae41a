"""The projected index: which innovations count (claimed, verified, potensi, not counted), per-OPD
figures, the selectors behind every figure, and the JSON form served and cached."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from iid import projection as proj
from iid import scoring
from iid.records import (
    EvidenceDocument,
    IndicatorAnswer,
    Innovation,
    InnovationProfile,
    QcStatus,
    SpdAnswer,
    Verdict,
    WorkflowState,
)
from iid.rules import load_rule_file, load_rules

RULES = load_rules(2026)
YANDAS = list(RULES.yandas)
OPDS = [proj.OpdRef("opd-a", "Dinas A"), proj.OpdRef("opd-b", "Dinas B"),
        proj.OpdRef("opd-c", "Dinas C")]  # fmt: skip
SPD = {
    key: SpdAnswer(row=key, level=2) for key in RULES.spd_rows if not RULES.spd_rows[key].numeric
}
D = Decimal
AlterRules = Callable[..., Path]
NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def innovation(
    ident: str,
    *,
    opd: str = "opd-a",
    state: WorkflowState = WorkflowState.DIAJUKAN,
    level: int = 2,
    urusan: str = "Pendidikan",
    penerapan: date | None = date(2025, 3, 1),
    nama: str | None = None,
    verified: int | None = None,
) -> Innovation:
    answers = {
        key: IndicatorAnswer(key, claimed_level=level, verified_level=verified,
                             verdict=Verdict.SESUAI if verified else Verdict.PENDING)
        for key in RULES.indicators
    }  # fmt: skip
    return Innovation(
        id=ident,
        rule_year=2026,
        opd_id=opd,
        profile=InnovationProfile(
            nama=nama if nama is not None else f"Inovasi {ident}",
            urusan_utama=urusan,
            waktu_penerapan=penerapan,
        ),
        answers=answers,
        workflow_state=state,
    )


def base_set() -> list[Innovation]:
    """Six submitted innovations of OPDs A and B, one per yandas, in various states."""
    states = [WorkflowState.DIAJUKAN, WorkflowState.REVISI, WorkflowState.DISETUJUI,
              WorkflowState.SIAP_KIRIM, WorkflowState.TERKIRIM, WorkflowState.DIAJUKAN]  # fmt: skip
    return [
        innovation(f"i{n}", opd="opd-a" if n < 4 else "opd-b", state=state, urusan=YANDAS[n])
        for n, state in enumerate(states)
    ]


def run(items: list[Innovation], **kwargs: object) -> proj.PemdaProjection:
    return proj.project(RULES, items, SPD, OPDS, computed_at=NOW, **kwargs)  # type: ignore[arg-type]


def test_submitted_eligible_innovations_make_the_claimed_index() -> None:
    p = run(base_set())
    assert p.claimed.n == 6 and p.count(proj.Status.COUNTED) == 6
    expected = scoring.score_index(
        RULES,
        scoring.spd_score(RULES, SPD),
        [scoring.score_innovation(RULES, i) for i in base_set()],
    )
    assert p.claimed == expected
    assert p.claimed.yandas.satisfied


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param(innovation("d", state=WorkflowState.DRAFT, level=3), id="draft"),
        pytest.param(
            dataclasses.replace(innovation("e", nama=""), answers={}, profile=InnovationProfile()),
            id="empty-but-submitted",
        ),
        pytest.param(innovation("o", level=3, penerapan=date(2023, 6, 1)), id="outside-window"),
        pytest.param(innovation("n", level=3, penerapan=None), id="no-date"),
        pytest.param(
            dataclasses.replace(innovation("y", level=3), rule_year=2027), id="other-year"
        ),
    ],
)
def test_drafts_empty_and_ineligible_records_change_nothing_in_the_claimed_index(
    extra: Innovation,
) -> None:
    before = run(base_set())
    after = run([*base_set(), extra])
    assert after.claimed == before.claimed
    assert after.verified == before.verified
    if extra.rule_year == 2026:
        row = next(r for r in after.innovations if r.id == extra.id)
        assert not row.counted
        # Never silently dropped: the row says why it does not count.
        assert row.status is proj.Status.POTENSI or row.reasons


def test_a_draft_is_potensi_with_what_it_would_add() -> None:
    draft = innovation("d", state=WorkflowState.DRAFT, level=3, opd="opd-c")
    p = run([*base_set(), draft])
    assert [r.id for r in proj.select(p, "set=potensi")] == ["d"]
    alone = scoring.score_innovation(RULES, draft)
    claimed = [scoring.score_innovation(RULES, i) for i in base_set()]
    assert p.potensi_gain == scoring.marginal_gain(
        RULES, p.skor_spd, claimed, alone.kematangan, alone.urusan
    )
    assert p.potensi_gain > 0
    # OPD C has only a draft: it is among the OPDs with no innovation this year.
    assert [o.opd_id for o in p.opds_without] == ["opd-c"]
    assert p.opd("opd-c").potensi == 1  # type: ignore[union-attr]


def test_an_ineligible_record_is_listed_with_its_reason() -> None:
    p = run([*base_set(), innovation("o", penerapan=date(2023, 6, 1))])
    (row,) = proj.select(p, "set=ineligible")
    assert row.id == "o" and "di luar rentang penilaian 2026" in row.reasons[0]


def test_a_verdict_changes_only_the_verified_index() -> None:
    items = base_set()
    before = run(items)
    assert before.verified.n == 6
    assert all(k == 0 for k in before.verified.kematangan)  # nothing verified yet
    reviewed = dataclasses.replace(
        items[2],
        answers={
            key: dataclasses.replace(a, verified_level=1, verdict=Verdict.TIDAK_SESUAI)
            for key, a in items[2].answers.items()
        },
    )
    after = run([*items[:2], reviewed, *items[3:]])
    assert after.claimed == before.claimed
    assert after.verified.indeks > before.verified.indeks
    assert after.verification == (20, 120)
    assert (
        after.verified.kematangan.count(scoring.kematangan(RULES, reviewed.verified_levels())) == 1
    )


def test_a_rejected_innovation_leaves_the_verified_set_only() -> None:
    items = base_set()
    items[0] = dataclasses.replace(items[0], qc_status=QcStatus.REJECTED)
    p = run(items)
    assert p.claimed.n == 6 and p.verified.n == 5
    assert "i0" not in {r.id for r in proj.select(p, "set=verified")}


def test_no_submitted_innovation_is_not_assessed_and_the_pages_can_say_why() -> None:
    p = run([innovation("d", state=WorkflowState.DRAFT)])
    assert not p.claimed.dinilai and p.claimed.predikat == "Tidak Dapat Dinilai"
    assert p.claimed.indeks_rumus == p.skor_spd / 250 * 100
    assert p.with_potensi.dinilai  # submitting the draft would make it assessable
    assert p.reading("no_innovation").value == "not_assessed"
    assert p.next_claimed is None


def test_per_opd_rows_add_up_and_name_what_each_opd_contributes() -> None:
    wait = {"i0": NOW - timedelta(days=9), "i5": NOW - timedelta(days=2)}
    p = run(base_set(), waiting_since=wait)
    a, b, c = p.opds
    assert (a.name, a.total, a.counted, b.counted, c.total) == ("Dinas A", 4, 4, 2, 0)
    assert a.states["diajukan"] == 1 and a.states["revisi"] == 1 and a.states["draft"] == 0
    total = a.contribution_klaim + b.contribution_klaim + c.contribution_klaim
    sid_points = p.claimed.skor_sid / RULES.skor_total_max * 100
    assert total == pytest.approx(sid_points, abs=D("1e-20"))
    assert a.oldest_waiting == NOW - timedelta(days=9)
    assert b.oldest_waiting == NOW - timedelta(days=2)
    assert a.yandas == tuple(YANDAS[:4])
    assert [r.id for r in proj.select(p, "waiting=review")] == ["i0", "i5"]
    assert a.kematangan_klaim == scoring.kematangan(RULES, base_set()[0].claimed_levels())


def test_mandatory_indicators_missing_are_counted_and_selectable() -> None:
    missing = innovation("m", opd="opd-b")
    missing.answers.pop("16")
    missing.answers.pop("35")
    p = run([*base_set(), missing])
    assert p.opd("opd-b").mandatory_missing == 2  # type: ignore[union-attr]
    (row,) = proj.select(p, "missing=mandatory")
    assert row.mandatory_missing == ("16", "35")
    assert row.completeness < 100


def test_selectors_return_the_rows_behind_each_figure() -> None:
    p = run([*base_set(), innovation("d", state=WorkflowState.DRAFT, opd="opd-b")])
    assert {r.id for r in proj.select(p, "set=counted&opd=opd-a")} == {"i0", "i1", "i2", "i3"}
    assert {r.id for r in proj.select(p, "opd=opd-b&state=draft")} == {"d"}
    band = next(i for i, b in enumerate(p.distribution) if b.klaim)
    assert len(proj.select(p, f"band={band}")) == p.distribution[band].klaim
    assert [r.id for r in proj.select(p, "yandas=Sosial")] == ["i5"]
    assert proj.selector(set="counted", opd="opd-a") == "set=counted&opd=opd-a"
    with pytest.raises(proj.SelectorError):
        proj.select(p, "colour=red")
    with pytest.raises(proj.SelectorError):
        proj.select(p, "band=99")


def test_the_yandas_reading_switch_reaches_the_projection(altered_rules: AlterRules) -> None:
    ours = load_rule_file(
        altered_rules('value = "urusan_utama"\nbasis = "clone"',
                      'value = "semua_urusan"\nbasis = "inferred"')
    )  # fmt: skip
    items = [innovation(f"i{n}", urusan="Pariwisata") for n in range(5)]
    for item, yandas in zip(items, YANDAS, strict=False):
        item.profile.urusan_lain = [yandas]
    main_only = proj.project(RULES, items, SPD, OPDS, computed_at=NOW)
    overlapping = proj.project(ours, items, SPD, OPDS, computed_at=NOW)
    assert main_only.claimed.yandas.covered == ()
    assert overlapping.claimed.yandas.covered == tuple(YANDAS[:5])
    assert overlapping.claimed.indeks > main_only.claimed.indeks
    assert overlapping.reading("yandas_from").basis == "inferred"
    assert [r.id for r in proj.select(overlapping, "yandas=Pendidikan")] == ["i0"]
    assert proj.select(main_only, "yandas=Pendidikan") == []


def test_the_json_form_reads_back_equal_and_refuses_what_it_cannot_read() -> None:
    items = [*base_set(), innovation("d", state=WorkflowState.DRAFT),
             innovation("o", penerapan=date(2020, 1, 1))]  # fmt: skip
    items[1].documents.append(EvidenceDocument(id="doc", slot="16", sha256="a" * 64))
    p = run(items, waiting_since={"i0": NOW})
    data = proj.projection_to_dict(p)
    import json

    again = proj.projection_from_dict(json.loads(json.dumps(data)))
    assert again == p
    with pytest.raises(proj.ProjectionFormatError):
        proj.projection_from_dict({**data, "format": proj.FORMAT + 1})
    with pytest.raises(proj.ProjectionFormatError):
        proj.projection_from_dict({**data, "claimed": {"n": "x"}})


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('value = "unrounded"', 'value = "truncated"', "readings.predicate_from.value"),
        (
            'basis = "clone"\nnote = "Predikat',
            'basis = "rumor"\nnote = "Predikat',
            "readings.predicate_from.basis",
        ),
        ("[readings.no_innovation]", "[readings.no_innovation_]", "readings.no_innovation"),
    ],
)
def test_a_bad_reading_is_refused_naming_its_key(
    altered_rules, old: str, new: str, key: str
) -> None:  # type: ignore[no-untyped-def]
    from iid.rules import RuleSetError

    with pytest.raises(RuleSetError) as caught:
        load_rule_file(altered_rules(old, new))
    assert caught.value.key.startswith(key)


def test_a_row_cache_reuses_unchanged_rows_and_gives_the_same_projection() -> None:
    items = base_set()
    cache: dict[object, proj.CachedRow] = {}
    keys = {i.id: (i.id, 1) for i in items}
    first = run(items, row_cache=cache, row_keys=keys)
    assert len(cache) == len(items) and first == run(items)
    # A changed innovation gets a new key (the server: its content hash) and is scored again.
    changed = dataclasses.replace(items[0], workflow_state=WorkflowState.DRAFT)
    again = run([changed, *items[1:]], row_cache=cache, row_keys={**keys, changed.id: ("x", 2)})
    assert again == run([changed, *items[1:]])
    assert again.claimed.n == first.claimed.n - 1


def test_an_innovation_waits_since_its_newest_submission() -> None:
    from iid import workflow as wf

    def step(action: wf.Action, to: WorkflowState, days: int) -> wf.Transition:
        return wf.Transition(
            action, WorkflowState.DRAFT, to, "x", wf.Role.OPERATOR, NOW + timedelta(days=days)
        )

    first = step(wf.Action.AJUKAN, WorkflowState.DIAJUKAN, 0)
    back = step(wf.Action.PERLU_REVISI, WorkflowState.REVISI, 2)
    again = step(wf.Action.AJUKAN_ULANG, WorkflowState.DIAJUKAN, 5)
    approved = step(wf.Action.SAHKAN, WorkflowState.DISAHKAN_OPD, 6)
    review = wf.Review("i", state=WorkflowState.DIAJUKAN, history=(first,))
    assert proj.submitted_at(review) == first.at
    review = dataclasses.replace(review, history=(first, back, again))
    assert proj.submitted_at(review) == again.at
    # Approved by the head of the OPD: still waiting for the verifiers, since the submission.
    review = dataclasses.replace(
        review, state=WorkflowState.DISAHKAN_OPD, history=(first, back, again, approved)
    )
    assert proj.submitted_at(review) == again.at
    assert proj.submitted_at(dataclasses.replace(review, state=WorkflowState.REVISI)) is None
    assert proj.submitted_at(dataclasses.replace(review, history=())) is None
