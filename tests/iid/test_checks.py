"""Checks: each finding appears when its rule is broken, goes away when fixed, says what to do."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from iid.checks import check_innovation, check_spd, word_count
from iid.findings import Finding, Severity
from iid.records import (
    EvidenceDocument,
    IndicatorAnswer,
    Innovation,
    SpdAnswer,
    SpdProfile,
)
from iid.rules import RuleSet
from tests.iid.samples import WORDS_300, complete_profile

MANDATORY = ("16", "17", "32", "33", "35")


def pdf(slot: str, **changes: object) -> EvidenceDocument:
    values: dict[str, object] = {
        "id": f"doc-{slot}",
        "slot": slot,
        "nomor": "188/1/2025",
        "tanggal": date(2025, 1, 2),
        "tentang": "Penetapan",
        "sha256": "ab" * 32,
        "file_name": "sk.pdf",
        "media_type": "application/pdf",
        "size_bytes": 200_000,
    }
    values.update(changes)
    return EvidenceDocument(**values)  # type: ignore[arg-type]


def complete_innovation() -> Innovation:
    """An innovation with no findings under the 2026 rules."""
    profile = complete_profile(nama="Layanan Cepat", waktu_penerapan=date(2024, 6, 1))
    answers = {key: IndicatorAnswer(key, claimed_level=2) for key in MANDATORY}
    # The measures that decide level 2 (iid.proof): 12 SDM, 6 months, 300 beneficiaries, three
    # of the five video elements.
    answers["17"] = IndicatorAnswer("17", 2, quantity=Decimal(12))
    answers["32"] = IndicatorAnswer("32", 2, quantity=Decimal(6))
    answers["33"] = IndicatorAnswer("33", 2, basis="penerima_manfaat", quantity=Decimal(300))
    answers["35"] = IndicatorAnswer("35", 2, checklist=("latar_belakang", "manfaat", "dampak"))
    documents = [
        pdf("16", jenis="perkada", tanggal=date(2024, 3, 1), names_innovation=True, name_page=2),
        pdf("17", jenis="sk_kepala_daerah", tanggal=date(2024, 3, 1), names_innovation=True),
        pdf("32", jenis="laporan"),
    ]
    documents.append(
        pdf(
            "33",
            media_type="image/png",
            file_name="jumlah.png",
            nomor="",
            tanggal=None,
            tentang="Jumlah pengguna",
        )
    )
    documents.append(
        EvidenceDocument(
            id="v", slot="35", tentang="Video", link="https://youtu.be/abc123", duration_seconds=200
        )
    )
    return Innovation(
        id="i1",
        rule_year=2026,
        opd_id="opd-1",
        profile=profile,
        answers=answers,
        documents=documents,
    )


def codes(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.code, f.target) for f in findings}


def test_a_complete_innovation_has_no_findings(rules2026: RuleSet) -> None:
    assert check_innovation(complete_innovation(), rules2026) == []


def test_an_empty_innovation_lists_required_fields_and_mandatory_indicators(
    rules2026: RuleSet,
) -> None:
    empty = Innovation(id="i", rule_year=2026, opd_id="o")
    found = codes(check_innovation(empty, rules2026))
    for name in ("nama", "tahapan", "jenis", "bentuk", "urusan_utama", "rancang_bangun"):
        assert ("profile.required", name) in found
    for key in MANDATORY:
        assert ("indicator.mandatory", key) in found
    assert ("profile.no_date", "waktu_penerapan") in found
    assert ("indicator.mandatory", "18") not in found


def test_every_finding_is_bilingual_and_errors_block(rules2026: RuleSet) -> None:
    findings = check_innovation(Innovation(id="i", rule_year=2026, opd_id="o"), rules2026)
    for finding in findings:
        assert finding.message("id") != finding.message("en")
        assert finding.message_id.rstrip().endswith(".") and finding.message_en.strip()
    required = next(f for f in findings if f.code == "profile.required")
    assert required.severity is Severity.ERROR and required.blocks_submit


def test_rancang_bangun_under_the_minimum_is_an_error_with_the_count(rules2026: RuleSet) -> None:
    innovation = complete_innovation()
    innovation.profile.rancang_bangun = " ".join(["kata"] * 299)
    findings = [f for f in check_innovation(innovation, rules2026) if f.target == "rancang_bangun"]
    assert [f.code for f in findings] == ["profile.rancang_bangun_short"]
    assert "299" in findings[0].message_id and "300" in findings[0].message_en


@pytest.mark.parametrize(
    ("penerapan", "pengembangan", "expected"),
    [
        (date(2024, 1, 1), None, None),
        (date(2025, 12, 31), None, None),
        (date(2023, 12, 31), None, ("profile.outside_window", "waktu_penerapan")),
        (date(2026, 1, 1), None, ("profile.outside_window", "waktu_penerapan")),
        (date(2019, 6, 1), date(2025, 3, 1), None),
        (date(2019, 6, 1), date(2022, 3, 1), ("profile.outside_window", "waktu_penerapan")),
        (None, date(2022, 3, 1), ("profile.outside_window", "waktu_pengembangan")),
        (None, None, ("profile.no_date", "waktu_penerapan")),
    ],
)
def test_eligibility_window_2026(
    rules2026: RuleSet,
    penerapan: date | None,
    pengembangan: date | None,
    expected: tuple[str, str] | None,
) -> None:
    innovation = complete_innovation()
    innovation.profile.waktu_uji_coba = None
    innovation.profile.waktu_penerapan = penerapan
    innovation.profile.waktu_pengembangan = pengembangan
    found = codes(check_innovation(innovation, rules2026))
    found = {(code, target) for code, target in found if code.startswith("profile.")}
    assert found == ({expected} if expected else set())


def test_unknown_window_is_not_checked(rules2027: RuleSet) -> None:
    innovation = complete_innovation()
    innovation.profile.waktu_penerapan = date(2010, 1, 1)
    assert not [
        f for f in check_innovation(innovation, rules2027) if f.code.startswith("profile.outside")
    ]


def test_trial_after_implementation_is_a_warning(rules2026: RuleSet) -> None:
    innovation = complete_innovation()
    innovation.profile.waktu_uji_coba = date(2025, 1, 1)
    findings = check_innovation(innovation, rules2026)
    assert [(f.code, f.severity) for f in findings] == [("profile.date_order", Severity.WARNING)]


def test_answered_indicator_without_evidence(rules2026: RuleSet) -> None:
    innovation = complete_innovation()
    innovation.answers["18"] = IndicatorAnswer("18", claimed_level=1, checklist=("2025",))
    found = codes(check_innovation(innovation, rules2026))
    assert found == {("indicator.no_evidence", "18")}
    innovation.documents.append(pdf("18", jenis="dpa"))
    assert check_innovation(innovation, rules2026) == []


def test_evidence_of_a_type_the_indicator_does_not_accept(rules2026: RuleSet) -> None:
    innovation = complete_innovation()
    innovation.documents[0] = replace(
        innovation.documents[0], media_type="image/png", file_name="foto.png"
    )
    findings = check_innovation(innovation, rules2026)
    assert codes(findings) == {("evidence.wrong_type", "16")}
    assert "PDF" in findings[0].message_id and "foto.png" in findings[0].message_en


def test_file_over_the_size_limit(rules2026: RuleSet) -> None:
    innovation = complete_innovation()
    first = innovation.documents[0]
    innovation.documents[0] = replace(first, size_bytes=rules2026.max_file_bytes + 1)
    assert codes(check_innovation(innovation, rules2026)) == {("evidence.too_large", "16")}
    innovation.documents[0] = replace(first, size_bytes=rules2026.max_file_bytes)
    assert check_innovation(innovation, rules2026) == []


def test_video_over_the_maximum_length_but_not_its_size(rules2026: RuleSet) -> None:
    innovation = complete_innovation()
    video = pdf(
        "35",
        media_type="video/mp4",
        file_name="v.mp4",
        size_bytes=80_000_000,
        duration_seconds=301.0,
        nomor="",
        tanggal=None,
    )
    innovation.documents.append(video)
    assert codes(check_innovation(innovation, rules2026)) == {("evidence.video_too_long", "35")}
    innovation.documents[-1] = pdf(
        "35",
        media_type="video/mp4",
        file_name="v.mp4",
        size_bytes=80_000_000,
        duration_seconds=300.0,
    )
    assert check_innovation(innovation, rules2026) == []


def test_profile_file_slots_are_checked_too(rules2026: RuleSet) -> None:
    innovation = complete_innovation()
    innovation.documents.append(pdf("anggaran", media_type="image/jpeg"))
    assert codes(check_innovation(innovation, rules2026)) == {("evidence.wrong_type", "anggaran")}


def test_empty_evidence_bad_links_and_missing_metadata(rules2026: RuleSet) -> None:
    innovation = complete_innovation()
    innovation.documents += [
        EvidenceDocument(id="e", slot="34", tentang="kosong"),
        EvidenceDocument(id="l", slot="34", tentang="tautan", link="drive google"),
        pdf("34", id="m", nomor="", tentang=""),
    ]
    assert codes(check_innovation(innovation, rules2026)) == {
        ("evidence.empty", "34"),
        ("evidence.bad_link", "34"),
        ("evidence.link_not_accepted", "34"),  # 34 takes files (PDF, JPG, PNG) only
        ("evidence.missing_metadata", "34"),
    }


def test_enum_value_from_another_year_and_bad_link_are_warnings(rules2026: RuleSet) -> None:
    innovation = complete_innovation()
    innovation.profile.tahapan = "Replikasi"
    innovation.profile.video_link = "youtube"
    innovation.profile.extra["klasifikasi"] = "Tematik"
    findings = check_innovation(innovation, rules2026)
    assert codes(findings) == {
        ("profile.not_in_choices", "tahapan"),
        ("profile.bad_link", "video_link"),
    }
    assert all(not f.blocks_submit for f in findings)


def test_word_count() -> None:
    assert word_count("") == 0
    assert word_count("satu dua tiga") == 3
    assert word_count("  anak-anak   bermain\n\ndi 2 taman. ") == 5
    assert word_count("<p>Rancang <b>bangun</b></p>&nbsp;inovasi") == 3
    assert word_count(WORDS_300) == 300


# --- SPD ---------------------------------------------------------------------------------------


def test_spd_mandatory_rows_and_evidence(rules2026: RuleSet) -> None:
    profile = SpdProfile(pemda_id="p", rule_year=2026)
    found = codes(check_spd(profile, rules2026))
    assert ("spd.mandatory", "1") in found and ("spd.mandatory", "11b") in found
    assert ("spd.mandatory", "12") not in found
    profile.answers["1"] = SpdAnswer("1", level=3)
    profile.answers["4"] = SpdAnswer("4", raw_value=Decimal("3"))
    profile.answers["5a"] = SpdAnswer("5a", level=2)
    found = codes(check_spd(profile, rules2026))
    assert ("spd.no_evidence", "1") in found and ("spd.no_evidence", "4") in found
    assert ("spd.number_missing", "5a") in found
    profile.documents.append(pdf("1"))
    assert ("spd.no_evidence", "1") not in codes(check_spd(profile, rules2026))


def test_spd_of_a_year_with_unknown_rows_says_so(rules2023: RuleSet) -> None:
    findings = check_spd(SpdProfile(pemda_id="p", rule_year=2023), rules2023)
    assert [f.code for f in findings] == ["spd.rules_unknown"]
    assert "2023" in findings[0].message_id


def test_2023_does_not_invent_mandatory_indicators_or_a_window(rules2023: RuleSet) -> None:
    empty = Innovation(id="i", rule_year=2023, opd_id="o")
    found = {f.code for f in check_innovation(empty, rules2023)}
    assert "indicator.mandatory" not in found
    assert not {"profile.no_date", "profile.outside_window"} & found
    assert "profile.required" in found
