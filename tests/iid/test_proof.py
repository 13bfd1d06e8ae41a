"""Evidence that proves the claim: the weak submission of issue 13, each rule of iid.proof, the
eligibility edges and the rule data behind them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest

from iid import workflow as wf
from iid.checks import check_innovation
from iid.findings import Finding, Severity
from iid.records import EvidenceDocument, IndicatorAnswer, Innovation
from iid.rules import RuleSet, load_rules
from iid.scoring import kematangan, measure_level
from tests.iid.samples import complete_profile

SK = "5a" * 32


def pdf(doc_id: str, slot: str, **changes: object) -> EvidenceDocument:
    values: dict[str, object] = dict(
        id=doc_id,
        slot=slot,
        nomor="100/12/2024",
        tanggal=date(2024, 3, 4),
        tentang="Dokumen",
        sha256=(doc_id.encode().hex() * 64)[:64],
        file_name=f"{doc_id}.pdf",
        media_type="application/pdf",
        size_bytes=300_000,
    )
    values.update(changes)
    return EvidenceDocument(**values)  # type: ignore[arg-type]


def weak_submission() -> Innovation:
    """One innovation claiming level 3 on nine indicators with evidence a verifier rejects."""
    answers = {
        "16": IndicatorAnswer("16", 3),
        "17": IndicatorAnswer("17", 3, quantity=Decimal(35)),
        "18": IndicatorAnswer("18", 3, checklist=("2024", "2025", "2026")),
        "22": IndicatorAnswer("22", 3, checklist=("pemerintah", "akademisi", "masyarakat")),
        "28": IndicatorAnswer("28", 3),  # the SOP states no duration: nothing to enter
        "31": IndicatorAnswer("31", 3, quantity=Decimal(3)),
        "32": IndicatorAnswer("32", 3, quantity=Decimal(10)),
        "33": IndicatorAnswer("33", 3, basis="penerima_manfaat", quantity=Decimal(650)),
        "35": IndicatorAnswer("35", 3),
    }
    documents = [
        # 16: a 2019 Keputusan Kepala Dinas about innovation in general, offered as a Perda.
        pdf(
            "kadis",
            "16",
            jenis="sk_kepala_pd",
            tanggal=date(2019, 5, 2),
            nomor="800/45/2019",
            names_innovation=False,
        ),  # fmt: skip
        # 17 and 22: the same SK (2022) for both.
        pdf(
            "sk17",
            "17",
            jenis="sk_kepala_daerah",
            tanggal=date(2022, 1, 10),
            sha256=SK,
            names_innovation=True,
            name_page=2,
        ),  # fmt: skip
        pdf(
            "sk22",
            "22",
            jenis="sk_kepala_daerah",
            tanggal=date(2022, 1, 10),
            sha256=SK,
            names_innovation=True,
            name_page=2,
        ),  # fmt: skip
        # 18: one DPA for a three-year budget claim.
        pdf("dpa", "18", jenis="dpa", tahun=2025, tanggal=date(2024, 12, 30)),
        # 28: an SOP without number and without a duration.
        pdf("sop", "28", jenis="sop", nomor=""),
        # 31: a Google Drive link in a PDF-only slot.
        EvidenceDocument(
            id="drive",
            slot="31",
            tentang="PKS replikasi",
            link="https://drive.google.com/file/d/1AbC/view",
        ),  # fmt: skip
        # 32: a report of a 10-month creation claimed as 1-4 months.
        pdf("lap", "32", jenis="laporan"),
        # 33: a beneficiary list from 2021.
        pdf("penerima", "33", jenis="laporan", tanggal=date(2021, 11, 1)),
        # 35: a YouTube link of unknown length; no elements ticked.
        EvidenceDocument(id="yt", slot="35", tentang="Video", link="https://youtu.be/xyz"),
    ]
    return Innovation("weak", 2026, "opd-1", complete_profile(), answers, documents)


def find(findings: list[Finding], code: str, target: str) -> Finding:
    hits = [f for f in findings if f.code == code and f.target == target]
    assert hits, f"no {code} on {target}: {[(f.code, f.target) for f in findings]}"
    return hits[0]


def test_the_weak_submission_gets_a_finding_for_each_of_the_nine_problems(
    rules2026: RuleSet,
) -> None:
    findings = check_innovation(weak_submission(), rules2026)
    below = find(findings, "evidence.kind_below_level", "16")
    assert below.suggested_level == 0 and below.points_at_risk == Decimal(9)
    assert (
        "Peraturan Daerah" in below.message_id and "SK Kepala Perangkat Daerah" in below.message_id
    )
    assert "−9 poin" in below.message_id and "−9 points" in below.message_en
    find(findings, "evidence.innovation_not_named", "16")
    window = find(findings, "evidence.outside_window", "17")
    assert "2022" in window.message_id and "tahun 2024" in window.message_id
    years = find(findings, "evidence.too_few_years", "18")
    assert years.suggested_level == 1 and years.points_at_risk == Decimal(4)
    actors = find(findings, "indicator.level_above_measure", "22")
    assert actors.suggested_level == 1 and actors.points_at_risk == Decimal(2)
    find(findings, "indicator.measure_missing", "28")
    assert find(findings, "evidence.number_or_date_missing", "28").severity is Severity.ERROR
    link = find(findings, "evidence.link_not_accepted", "31")
    assert link.points_at_risk == Decimal(9)  # the link is 31's only evidence: 3 x 3
    months = find(findings, "indicator.level_above_measure", "32")
    assert months.suggested_level == 1
    find(findings, "evidence.outside_window", "33")
    assert find(findings, "evidence.video_length_unknown", "35").severity is Severity.WARNING
    find(findings, "indicator.measure_missing", "35")

    # The verifier's "Tidak Sesuai" ones block Ajukan: every problem but the video's length.
    blocking = [f for f in findings if f.blocks_submit]
    assert {f.target for f in blocking} >= {"16", "17", "18", "22", "28", "31", "32", "33", "35"}
    # The workflow's own guard (the one the device and the server run) refuses Ajukan with them
    # (over HTTP and between installations: tests/sync/test_weak_submission.py).
    decision = wf.decide(
        wf.Move("weak", wf.Action.AJUKAN),
        actor=wf.Actor(wf.Role.OPERATOR, "operator", own_opd=True),
        innovation=weak_submission(),
        review=wf.Review("weak"),
        settings=wf.WorkflowSettings(),
        rules=rules2026,
        at=datetime(2026, 3, 1),
    )
    [refusal] = decision.refusals
    assert refusal.code == "workflow.blocking_findings" and decision.transition is None
    assert list(zip(refusal.params["codes"], refusal.params["targets"], strict=True)) == [
        (f.code, f.target) for f in blocking
    ]
    # Reuse of one SK across indicators of one innovation is legitimate: no reuse finding.
    assert not [f for f in findings if f.code == "evidence.shared_with_other_innovation"]
    for finding in findings:
        assert finding.message_id != finding.message_en and finding.message_id.endswith(".")


def test_the_weak_submission_passed_the_old_file_checks() -> None:
    """Before this, only file checks ran: the same submission got no blocking finding from
    them (the reason for iid.proof)."""
    from iid.checks import check_documents

    weak = weak_submission()
    old = [
        f
        for f in check_documents(weak.documents, load_rules(2026))
        if f.code in ("evidence.empty", "evidence.wrong_type", "evidence.too_large")
    ]
    assert old == []


def test_fixing_the_evidence_clears_the_findings(rules2026: RuleSet) -> None:
    weak = weak_submission()
    fixed = [
        replace(weak.documents[0], jenis="perda", tanggal=date(2023, 5, 2), names_innovation=True),
        replace(weak.documents[1], tanggal=date(2024, 1, 10)),
        replace(weak.documents[2], tanggal=date(2024, 1, 10)),
        replace(weak.documents[3], tahun=2024),
        pdf("dpa25", "18", jenis="dpa", tahun=2025),
        pdf("dpa26", "18", jenis="dpa", tahun=2026),
        replace(weak.documents[4], nomor="065/3/2024"),
        pdf("pks", "31", jenis="pks"),
        weak.documents[6],
        replace(weak.documents[7], tanggal=date(2025, 11, 1)),
        replace(weak.documents[8], duration_seconds=240),
    ]
    weak.documents = fixed
    weak.answers["22"] = replace(
        weak.answers["22"],
        checklist=("pemerintah", "akademisi", "masyarakat", "media", "dunia_usaha"),  # fmt: skip
    )
    weak.answers["28"] = replace(weak.answers["28"], quantity=Decimal(1))
    weak.answers["32"] = replace(weak.answers["32"], quantity=Decimal(4))
    weak.answers["35"] = replace(
        weak.answers["35"], checklist=tuple(load_rules(2026).indicators["35"].measure.items)
    )
    findings = check_innovation(weak, rules2026)
    assert [(f.code, f.target) for f in findings] == []
    assert kematangan(rules2026, weak.claimed_levels()) == Decimal(
        3 * (3 + 2 + 2 + 1 + 2 + 3 + 2 + 3 + 4)
    )


def test_a_lower_claim_than_the_measure_gives_is_a_warning_with_the_gain(
    rules2026: RuleSet,
) -> None:
    innovation = weak_submission()
    innovation.answers["17"] = IndicatorAnswer("17", 1, quantity=Decimal(40))
    finding = find(check_innovation(innovation, rules2026), "indicator.level_below_measure", "17")
    assert finding.severity is Severity.WARNING and finding.suggested_level == 3
    assert "+4 poin" in finding.message_id


@pytest.mark.parametrize(
    ("key", "answer", "level"),
    [
        ("17", IndicatorAnswer("17", quantity=Decimal(10)), 1),
        ("17", IndicatorAnswer("17", quantity=Decimal(11)), 2),
        ("17", IndicatorAnswer("17", quantity=Decimal(31)), 3),
        ("17", IndicatorAnswer("17", quantity=Decimal(0)), 0),
        ("24", IndicatorAnswer("24", quantity=Decimal(1)), 0),
        ("28", IndicatorAnswer("28", quantity=Decimal(1)), 3),
        ("28", IndicatorAnswer("28", quantity=Decimal(6)), 1),
        ("29", IndicatorAnswer("29", quantity=Decimal(0), quantity_base=Decimal(0)), 1),
        ("29", IndicatorAnswer("29", quantity=Decimal(101), quantity_base=Decimal(200)), 2),
        ("29", IndicatorAnswer("29", quantity=Decimal(100), quantity_base=Decimal(200)), 1),
        ("29", IndicatorAnswer("29", quantity=Decimal(182), quantity_base=Decimal(200)), 3),
        ("32", IndicatorAnswer("32", quantity=Decimal(9)), 1),
        ("32", IndicatorAnswer("32", quantity=Decimal(4)), 3),
        ("18", IndicatorAnswer("18", checklist=("2024", "2026")), 1),
        ("18", IndicatorAnswer("18", checklist=("2025", "2024")), 2),
        ("21", IndicatorAnswer("21", checklist=("2026",)), 0),
        ("21", IndicatorAnswer("21", checklist=("2025",)), 1),
        ("33", IndicatorAnswer("33", basis="cakupan_unit", quantity=Decimal("20")), 1),
        ("33", IndicatorAnswer("33", basis="cakupan_unit", quantity=Decimal("20.01")), 2),
        ("33", IndicatorAnswer("33", basis="produk", quantity=Decimal(201)), 3),
        ("35", IndicatorAnswer("35", checklist=("manfaat", "dampak", "bukan_unsur")), 1),
        ("17", IndicatorAnswer("17"), None),
        ("33", IndicatorAnswer("33", basis="", quantity=Decimal(5)), None),
    ],
)
def test_the_level_derived_from_each_measure(
    rules2026: RuleSet, key: str, answer: IndicatorAnswer, level: int | None
) -> None:
    measure = rules2026.indicators[key].measure
    assert measure is not None
    assert measure_level(measure, answer, rules2026.year) == level


def test_a_link_where_video_is_taken_is_fine_and_a_file_slot_refuses_it(
    rules2026: RuleSet,
) -> None:
    assert rules2026.accepts_links("35") and rules2026.accepts_links("video")
    assert not rules2026.accepts_links("31") and not rules2026.accepts_links("anggaran")


def test_the_same_file_in_another_innovation_is_a_warning(rules2026: RuleSet) -> None:
    weak = weak_submission()
    findings = check_innovation(weak, rules2026, shared={SK: ["Posyandu Digital"]})
    reuse = [f for f in findings if f.code == "evidence.shared_with_other_innovation"]
    assert {f.target for f in reuse} == {"17", "22"}
    assert all(f.severity is Severity.WARNING for f in reuse)
    assert "Posyandu Digital" in reuse[0].message_id


def test_unreadable_and_unconfirmed_documents_are_warnings(rules2026: RuleSet) -> None:
    weak = weak_submission()
    weak.documents[3] = replace(weak.documents[3], readability="sideways",
                                prefilled=("nomor", "tanggal"))  # fmt: skip
    findings = check_innovation(weak, rules2026)
    assert find(findings, "evidence.unreadable", "18").severity is Severity.WARNING
    unconfirmed = find(findings, "evidence.unconfirmed", "18")
    assert unconfirmed.severity is Severity.WARNING and unconfirmed.document_id == "dpa"


def test_a_named_page_in_another_document_of_the_slot_satisfies_naming(
    rules2026: RuleSet,
) -> None:
    weak = weak_submission()
    weak.documents.append(pdf("perbup", "16", jenis="perkada", names_innovation=True, name_page=4))
    codes = {(f.code, f.target) for f in check_innovation(weak, rules2026)}
    assert ("evidence.innovation_not_named", "16") not in codes
    below = [f for f in check_innovation(weak, rules2026) if f.code == "evidence.kind_below_level"]
    assert below[0].suggested_level == 2 and below[0].points_at_risk == Decimal(3)


def test_a_document_without_jenis_asks_for_it_and_is_not_judged(rules2026: RuleSet) -> None:
    weak = weak_submission()
    weak.documents[0] = replace(weak.documents[0], jenis="")
    codes = {(f.code, f.target) for f in check_innovation(weak, rules2026)}
    assert ("evidence.jenis_unknown", "16") in codes
    assert ("evidence.kind_below_level", "16") not in codes


# --- eligibility edges -------------------------------------------------------------------------


def eligible(**changes: object) -> Innovation:
    return Innovation("e", 2026, "o", complete_profile(**changes))


def profile_codes(innovation: Innovation, rules: RuleSet) -> set[tuple[str, str]]:
    return {
        (f.code, f.target)
        for f in check_innovation(innovation, rules)
        if f.code.startswith("profile.")
    }


def test_uji_coba_is_judged_by_its_trial_date_not_blocked_for_lacking_penerapan(
    rules2026: RuleSet,
) -> None:
    trial = eligible(tahapan="Uji Coba", waktu_penerapan=None, waktu_uji_coba=date(2025, 3, 1))
    assert profile_codes(trial, rules2026) == set()
    old_trial = eligible(tahapan="Uji Coba", waktu_penerapan=None, waktu_uji_coba=date(2022, 3, 1))
    assert profile_codes(old_trial, rules2026) == {("profile.outside_window", "waktu_uji_coba")}
    no_trial = eligible(tahapan="Uji Coba", waktu_penerapan=None, waktu_uji_coba=None)
    assert profile_codes(no_trial, rules2026) == {("profile.no_date", "waktu_uji_coba")}


def test_inisiatif_demands_no_stage_date(rules2026: RuleSet) -> None:
    idea = eligible(tahapan="Inisiatif", waktu_penerapan=None, waktu_uji_coba=None)
    assert profile_codes(idea, rules2026) == set()


def test_pengembangan_before_penerapan_is_an_error_and_does_not_make_it_eligible(
    rules2026: RuleSet,
) -> None:
    early = eligible(waktu_penerapan=date(2025, 6, 1), waktu_pengembangan=date(2025, 1, 1))
    assert profile_codes(early, rules2026) == {
        ("profile.development_before_implementation", "waktu_pengembangan")
    }
    old = eligible(waktu_penerapan=date(2022, 6, 1), waktu_pengembangan=date(2021, 1, 1))
    assert ("profile.outside_window", "waktu_penerapan") in profile_codes(old, rules2026)


def test_no_evidence_is_demanded_where_the_level_has_none(rules2026: RuleSet) -> None:
    innovation = eligible()
    innovation.answers["23"] = IndicatorAnswer("23", 1)
    innovation.answers["29"] = IndicatorAnswer(
        "29", 1, quantity=Decimal(0), quantity_base=Decimal(0)
    )
    targets = {f.target for f in check_innovation(innovation, rules2026) if f.code.startswith(
        "indicator.no_evidence")}  # fmt: skip
    assert targets == set()
    innovation.answers["23"] = IndicatorAnswer("23", 2)
    innovation.answers["29"] = IndicatorAnswer(
        "29", 1, quantity=Decimal(10), quantity_base=Decimal(40)
    )
    targets = {f.target for f in check_innovation(innovation, rules2026) if f.code.startswith(
        "indicator.no_evidence")}  # fmt: skip
    assert targets == {"23", "29"}


def test_each_year_help_text_comes_from_its_own_rules() -> None:
    help_2026 = load_rules(2026).profile_field("waktu_penerapan").help  # type: ignore[union-attr]
    help_2027 = load_rules(2027).profile_field("waktu_penerapan").help  # type: ignore[union-attr]
    help_2023 = load_rules(2023).profile_field("waktu_penerapan").help  # type: ignore[union-attr]
    assert "1 Januari 2024 dan 31 Desember 2025" in help_2026
    assert "2024" not in help_2027 and "2025" not in help_2027
    assert "belum ditetapkan" in help_2027 and "2027" in help_2027
    assert "belum ditetapkan" in help_2023


def test_the_rule_files_mark_their_readings() -> None:
    for year in (2023, 2026, 2027):
        rules = load_rules(year)
        for indicator in rules.indicators.values():
            for part in (indicator.proof, indicator.measure):
                if part is not None:
                    assert part.basis in ("official", "clone", "inferred")
    rules = load_rules(2026)
    with_measure = {k for k, i in rules.indicators.items() if i.measure is not None}
    assert with_measure == {"17", "18", "20", "21", "22", "24", "27", "28", "29", "31", "32",
                            "33", "35"}  # fmt: skip


def test_findings_say_level_the_products_one_word_for_it(rules2026: RuleSet) -> None:
    """The desktop says "level" (desktop/labels.py); the engine's words do too."""
    from iid.checks import check_spd
    from iid.records import SpdAnswer, SpdProfile

    weak = weak_submission()
    weak.answers["17"] = IndicatorAnswer("17", 1, quantity=Decimal(40))
    weak.answers["20"] = IndicatorAnswer("20", 2)  # a level without evidence
    findings = [
        *check_innovation(weak, rules2026),
        *check_innovation(Innovation("kosong", 2026, "opd-1"), rules2026),
        *check_spd(SpdProfile("pemda-1", 2026), rules2026),
        *check_spd(
            SpdProfile(
                "pemda-1",
                2026,
                answers={k: SpdAnswer(k, level=2) for k in rules2026.spd_rows},
            ),
            rules2026,
        ),
    ]
    codes = {f.code for f in findings}
    assert {
        "indicator.mandatory",
        "indicator.no_evidence",
        "indicator.measure_missing",
        "indicator.level_above_measure",
        "indicator.level_below_measure",
        "evidence.kind_below_level",
        "spd.mandatory",
        "spd.number_missing",
    } <= codes
    for finding in findings:
        # "tingkat pengangguran" (the unemployment rate) is an SPD row's own name.
        words = finding.message_id.lower().replace("tingkat pengangguran", "")
        assert "tingkat" not in words, finding.message_id
        assert "level" in finding.message_en.lower() or "level" not in finding.message_id.lower()
