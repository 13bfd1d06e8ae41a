"""Rule sets as data: the bundled years load, validate, and malformed files are refused clearly."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from iid.records import InnovationProfile
from iid.rules import (
    PROFILE_KINDS,
    RuleSet,
    RuleSetError,
    RuleUnknownError,
    available_years,
    load_rule_file,
    load_rules,
)
from tests.iid.conftest import bundled_text

AlterRules = Callable[..., Path]
PROFILE_ATTRIBUTES = {f.name for f in dataclasses.fields(InnovationProfile)} - {"extra"}


def test_bundled_years_are_available() -> None:
    assert {2023, 2026, 2027} <= set(available_years())


def test_2026_has_the_twenty_sid_indicators_in_order_with_bobot_37(rules2026: RuleSet) -> None:
    assert list(rules2026.indicators) == [str(n) for n in range(16, 36)]
    assert sum(i.bobot for i in rules2026.indicators.values()) == 37
    assert all(len(i.levels) == 3 and all(i.levels) for i in rules2026.indicators.values())
    assert {k for k, i in rules2026.indicators.items() if i.mandatory} == {
        "16",
        "17",
        "32",
        "33",
        "35",
    }
    assert rules2026.indicators["35"].bobot == 4
    assert rules2026.indicators["17"].levels[2] == "Lebih dari 30 SDM"


def test_2026_has_the_twenty_spd_rows_with_bobot_21(rules2026: RuleSet) -> None:
    rows = rules2026.spd_rows
    assert list(rows) == [
        "1",
        "2a",
        "2b",
        "3",
        "4",
        "5a",
        "5b",
        "6",
        "7",
        "8",
        "9",
        "10a",
        "10b",
        "11a",
        "11b",
        "12",
        "13a",
        "13b",
        "14",
        "15",
    ]
    assert sum(r.bobot for r in rows.values()) == 21
    assert rows["5a"].bobot == Decimal("0.75") and rows["6"].bobot == Decimal("1.5")
    mandatory = {k for k, r in rows.items() if r.mandatory}
    assert mandatory == {"1", "3", "4", "5a", "5b", "6", "7", "8", "9", "10a", "10b", "11a", "11b"}
    numeric = {k for k, r in rows.items() if r.numeric}
    assert numeric == {"3", "4", "5a", "5b", "6", "7", "10a", "10b", "11a", "11b"}
    assert all(len(rows[k].thresholds) == 3 for k in numeric)


def test_2026_limits_window_and_index_rules(rules2026: RuleSet) -> None:
    assert rules2026.max_file_bytes == 2 * 1024 * 1024
    assert rules2026.max_video_seconds == 300
    assert rules2026.min_rancang_bangun_words == 300
    assert rules2026.eligibility is not None
    assert (rules2026.eligibility.start, rules2026.eligibility.end) == (
        date(2024, 1, 1),
        date(2025, 12, 31),
    )
    assert rules2026.divisor_k == 12
    assert rules2026.count_score is not None
    assert rules2026.count_score.per_innovation == Decimal("0.38")
    assert rules2026.count_score.cap == 200 and rules2026.count_score.yandas_required == 5
    assert [p.name for p in rules2026.predicates] == [
        "Sangat Inovatif",
        "Inovatif",
        "Kurang Inovatif",
        "Tidak Dapat Dinilai",
    ]
    assert len(rules2026.yandas) == 6 and "Sosial" in rules2026.yandas
    assert not rules2026.unknown


def test_profile_fields_match_the_record_and_the_editor_kinds(rules2026: RuleSet) -> None:
    names = [f.name for f in rules2026.profile_fields]
    assert len(names) == len(set(names))
    assert {
        "nama",
        "tahapan",
        "jenis",
        "bentuk",
        "urusan_utama",
        "urusan_lain",
        "rancang_bangun",
        "waktu_penerapan",
        "waktu_pengembangan",
    } <= set(names)
    for spec in rules2026.profile_fields:
        assert spec.kind in PROFILE_KINDS
        if spec.kind == "file":
            assert spec.name not in PROFILE_ATTRIBUTES
        assert spec.is_attribute == (spec.name in PROFILE_ATTRIBUTES)
    tahapan = rules2026.profile_field("tahapan")
    assert tahapan is not None and tahapan.choices == ("Inisiatif", "Uji Coba", "Penerapan")
    urusan = rules2026.profile_field("urusan_utama")
    assert urusan is not None and urusan.choices == rules2026.urusan.all
    assert len(urusan.choices) == 6 + 18 + 8 + 6
    kinds = {f.kind for f in rules2026.profile_fields}
    assert {
        "text",
        "rich_text",
        "enum",
        "multi_enum",
        "date",
        "link",
        "file",
        "coordinates",
    } <= kinds


def test_accepted_media_types_per_slot(rules2026: RuleSet) -> None:
    pdf, jpg, png = "application/pdf", "image/jpeg", "image/png"
    assert rules2026.accepted_media_types("16") == {pdf}
    assert rules2026.accepted_media_types("19") == {pdf, jpg, png}
    assert rules2026.accepted_media_types("25") == {jpg, png}
    assert rules2026.accepted_media_types("35") == {"video/mp4", "video/quicktime"}
    assert rules2026.accepted_media_types("anggaran") == {pdf}
    assert rules2026.accepted_media_types("video") == {"video/mp4", "video/quicktime"}
    assert pdf in rules2026.accepted_media_types("2a")
    with pytest.raises(KeyError):
        rules2026.accepted_media_types("nama")


def test_2023_keeps_what_is_known_and_marks_the_rest_unknown(rules2023: RuleSet) -> None:
    assert rules2023.divisor_k == 10
    assert [(p.name, p.min) for p in rules2023.predicates] == [
        ("Sangat Inovatif", Decimal("60.01")),
        ("Inovatif", Decimal("35.00")),
        ("Kurang Inovatif", Decimal("0.01")),
        ("Tidak Dapat Dinilai", Decimal("0")),
    ]
    assert rules2023.unknown == {"spd_rows", "count_score", "eligibility", "mandatory"}
    assert not rules2023.spd_rows and rules2023.count_score is None
    assert rules2023.eligibility is None
    assert not any(i.mandatory for i in rules2023.indicators.values())
    assert sum(i.bobot for i in rules2023.indicators.values()) == 37
    assert rules2023.indicators["33"].levels[0].startswith("1-100")
    assert rules2023.indicators["19"].name == "Penggunaan IT"
    assert rules2023.profile_field("waktu_pengembangan") is None
    assert rules2023.profile_field("tematik") is not None
    with pytest.raises(RuleUnknownError, match="2023.toml"):
        rules2023.require("spd_rows")


def test_2027_is_2026_with_k_14_and_all_six_yandas(rules2026: RuleSet, rules2027: RuleSet) -> None:
    assert rules2027.based_on == 2026 and rules2027.status == "prognosis"
    assert rules2027.divisor_k == 14
    assert rules2027.count_score is not None and rules2027.count_score.yandas_required == 6
    assert rules2027.count_score.per_innovation == Decimal("0.38")
    assert rules2027.indicators == rules2026.indicators
    assert rules2027.spd_rows == rules2026.spd_rows
    assert rules2027.predicates == rules2026.predicates
    assert rules2027.eligibility is None and "eligibility" in rules2027.unknown


def test_load_rules_is_cached(rules2026: RuleSet) -> None:
    assert load_rules(2026) is rules2026


def test_a_dropped_in_2028_file_is_used_without_code_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "aturan"
    extra.mkdir()
    (extra / "2028.toml").write_text(
        'year = 2028\nbased_on = 2027\nstatus = "prognosis"\ntitle = "IID 2028"\n'
        'source = "koordinator"\nunknown = ["eligibility"]\n[index]\nk = 16\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("INOVASI_RULES_DIR", str(extra))
    assert 2028 in available_years()
    rules = load_rules(2028)
    assert rules.divisor_k == 16
    assert rules.count_score is not None and rules.count_score.yandas_required == 6
    assert len(rules.indicators) == 20


def test_a_dropped_in_file_overrides_the_bundled_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "2026.toml").write_text(
        bundled_text(2026).replace("k = 12", "k = 13"), encoding="utf-8"
    )
    monkeypatch.setenv("INOVASI_RULES_DIR", str(tmp_path))
    assert load_rules(2026).divisor_k == 13


def test_unknown_year_names_the_year_and_what_exists() -> None:
    with pytest.raises(RuleSetError, match=r"1999.*available: .*2026"):
        load_rules(1999)


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        ("k = 12", "", "index.k", "missing"),
        ("k = 12", 'k = "dua belas"', "index.k", "must be an integer"),
        (
            'levels = ["1-10 SDM", "11-30 SDM", "Lebih dari 30 SDM"]',
            'levels = ["1-10 SDM", "Lebih dari 10 SDM"]',
            "indicators.17.levels",
            "exactly 3",
        ),
        ("bobot = 4", 'bobot = "empat"', "indicators.35.bobot", "not a number"),
        ("bobot = 4", "bobot = 0", "indicators.35.bobot", "must be positive"),
        (
            'evidence = "V"\nlevels',
            'evidence = "X"\nlevels',
            "indicators.35.evidence",
            "unknown evidence kind",
        ),
        (
            'mandatory = true\nevidence = "V"',
            'wajib = true\nevidence = "V"',
            "indicators.35.wajib",
            "unknown key",
        ),
        (
            'kind = "rich_text"\nrequired = true\nsection = "Uraian inovasi"\nhelp = "Paling',
            'kind = "date"\nrequired = true\nsection = "Uraian inovasi"\nhelp = "Paling',
            "rancang_bangun",
            "InnovationProfile attribute",
        ),
        ('kind = "coordinates"', 'kind = "peta"', "koordinat", "is not one of"),
        (
            'bands = [{ max = "2.04" }, { min = "2.05", max = "5.23" }, { min = "5.23" }]',
            'bands = [{ max = "2.04" }, { min = "2.06", max = "5.23" }, { min = "5.23" }]',
            "spd_rows.4.bands",
            "2.05 falls in no band",
        ),
        (
            'bands = [{ max = "2.04" }, { min = "2.05", max = "5.23" }, { min = "5.23" }]',
            'bands = [{ max = "2.04" }, { min = "2.05", max = "5.23" }]',
            "spd_rows.4.bands",
            "exactly 3 bands",
        ),
        ('edge = "lower"', 'edge = "tengah"', "spd.edge", "must be"),
        (
            'per_innovation = "0.38"',
            'per_innovation = "0.40"',
            "index.skor_total_max",
            "add up to 254",
        ),
        ('min = "40.01"', 'min = "70"', "predicates[1].min", "ordered"),
        ("unknown = []", 'unknown = ["spd_rows"]', "spd_rows", "listed in unknown"),
        ("unknown = []", 'unknown = ["harga"]', "unknown", "cannot be marked unknown"),
        ("start = 2024-01-01", 'start = "2024"', "eligibility.start", "must be a date"),
        ("end = 2025-12-31", "end = 2023-12-31", "eligibility.end", "before"),
        (
            'level_jenis = [["sk_kepala_daerah", "sk_kepala_pd_an"], ["perkada"], ["perda"]]',
            'level_jenis = [["sk_bupati"], ["perkada"], ["perda"]]',
            "indicators.16.proof.level_jenis",
            "unknown jenis dokumen 'sk_bupati'",
        ),
        (
            'bands = [{ min = "1", max = "10" }, { min = "11", max = "30" }, { min = "31" }]',
            'bands = [{ min = "1", max = "10" }, { min = "12", max = "30" }, { min = "31" }]',
            "indicators.17.measure.bands",
            "11 falls in no band",
        ),
        (
            "level_sets = [[[0], [-1], [-2]], [[0, -1], [-1, -2]], [[0, -1, -2]]]",
            "level_sets = [[[0], [-1], [-3]], [[0, -1], [-1, -2]], [[0, -1, -2]]]",
            "indicators.18.measure.level_sets",
            "outside offsets",
        ),
        ('kind = "ratio"', 'kind = "rasio"', "indicators.29.measure.kind", "must be one of"),
        (
            'window = { relative_to = "penerapan", latest = 0 }\nnames_innovation = true   #',
            'window = { relative_to = "pengajuan", latest = 0 }\nnames_innovation = true   #',
            "indicators.16.proof.window.relative_to",
            "penerapan",
        ),
        (
            'basis = "official"\n\n[indicators.18.proof]',
            'basis = "resmi"\n\n[indicators.18.proof]',
            "indicators.17.measure.basis",
            "official, clone or inferred",
        ),  # fmt: skip
    ],
)
def test_malformed_rule_file_is_refused_naming_file_key_and_problem(
    altered_rules: AlterRules, old: str, new: str, key: str, problem: str
) -> None:
    path = altered_rules(old, new)
    with pytest.raises(RuleSetError) as caught:
        load_rule_file(path)
    message = str(caught.value)
    assert str(path) in message
    assert key in caught.value.key, message
    assert problem in message


def test_invalid_toml_is_refused_with_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "2026.toml"
    path.write_text("year = 2026\n[index\n", encoding="utf-8")
    with pytest.raises(RuleSetError, match="not valid TOML") as caught:
        load_rule_file(path)
    assert str(path) in str(caught.value)


def _drop_in(directory: Path, year: int, body: str) -> Path:
    path = directory / f"{year}.toml"
    path.write_text(
        f'year = {year}\nstatus = "prognosis"\ntitle = "IID {year}"\nsource = "uji"\n' + body,
        encoding="utf-8",
    )
    return path


def test_based_on_a_missing_year_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _drop_in(tmp_path, 2031, "based_on = 2030\n")
    monkeypatch.setenv("INOVASI_RULES_DIR", str(tmp_path))
    with pytest.raises(RuleSetError, match=r"2031\.toml: based_on: no rule file for year 2030"):
        load_rule_file(path)


def test_based_on_cycle_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _drop_in(tmp_path, 2031, "based_on = 2032\n")
    _drop_in(tmp_path, 2032, "based_on = 2031\n")
    monkeypatch.setenv("INOVASI_RULES_DIR", str(tmp_path))
    with pytest.raises(RuleSetError, match="leads back to itself"):
        load_rules(2031)


def test_a_file_whose_name_and_year_differ_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "2029.toml").write_text(bundled_text(2026), encoding="utf-8")
    monkeypatch.setenv("INOVASI_RULES_DIR", str(tmp_path))
    with pytest.raises(RuleSetError, match="named 2029 but says year = 2026"):
        load_rules(2029)


def test_an_edited_file_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "2026.toml"
    path.write_text(bundled_text(2026).replace("k = 12", "k = 20"), encoding="utf-8")
    monkeypatch.setenv("INOVASI_RULES_DIR", str(tmp_path))
    assert load_rules(2026).divisor_k == 20
    path.write_text(bundled_text(2026).replace("k = 12", "k = 21"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert load_rules(2026).divisor_k == 21


def test_inherited_part_marked_unknown_is_dropped(rules2027: RuleSet) -> None:
    with pytest.raises(RuleUnknownError, match="eligibility window"):
        rules2027.require("eligibility")
