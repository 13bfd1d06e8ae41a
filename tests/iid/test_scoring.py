"""Scoring against the worked facts of IID-RULES.md, every SPD edge pinned, plus properties."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iid import scoring
from iid.records import IndicatorAnswer, Innovation, InnovationProfile, SpdAnswer
from iid.rules import RuleSet, RuleUnknownError, load_rules
from iid.scoring import ScoredInnovation

RULES_2026 = load_rules(2026)
YANDAS = list(RULES_2026.yandas)
ALL_THREE = {key: 3 for key in RULES_2026.indicators}
D = Decimal
AlterRules = Callable[..., Path]


def innovations(
    count: int, value: str = "50", urusan: list[str] | None = None
) -> list[ScoredInnovation]:
    """``count`` innovations whose main urusan go round ``urusan`` (default: every yandas)."""
    names = YANDAS if urusan is None else urusan
    return [ScoredInnovation(D(value), (names[i % len(names)],)) for i in range(count)]


def test_2026_maxima_and_shares(rules2026: RuleSet) -> None:
    top = scoring.maxima(rules2026)
    assert (top.spd, top.kematangan, top.jumlah_inovasi, top.total) == (63, 111, 76, 250)
    assert [top.share(p) for p in (top.spd, top.kematangan, top.jumlah_inovasi)] == [
        D("25.20"),
        D("44.40"),
        D("30.40"),
    ]
    assert scoring.kematangan(rules2026, ALL_THREE) == 111
    full_spd = scoring.spd_answers_from_levels({key: 3 for key in rules2026.spd_rows})
    assert scoring.spd_score(rules2026, full_spd) == 63
    result = scoring.score_index(rules2026, D(63), innovations(200, "111"))
    assert result.skor_total == 250 and result.indeks == 100
    assert result.predikat == "Sangat Inovatif"


def test_kematangan_is_bobot_times_level_and_unanswered_is_zero(rules2026: RuleSet) -> None:
    assert scoring.kematangan(rules2026, {}) == 0
    assert scoring.kematangan(rules2026, {"16": 2, "35": 1, "17": 0}) == 3 * 2 + 4 * 1
    assert scoring.kematangan(rules2026, {"99": 3}) == 0
    with pytest.raises(ValueError, match="16"):
        scoring.kematangan(rules2026, {"16": 4})


def test_claimed_and_verified_kematangan_use_the_same_rule(rules2026: RuleSet) -> None:
    innovation = Innovation(
        id="x",
        rule_year=2026,
        opd_id="opd",
        profile=InnovationProfile(urusan_utama="Kesehatan", urusan_lain=["Sosial"]),
        answers={"16": IndicatorAnswer("16", claimed_level=3, verified_level=1)},
    )
    claimed = scoring.score_innovation(rules2026, innovation)
    verified = scoring.score_innovation(rules2026, innovation, verified=True)
    assert (claimed.kematangan, verified.kematangan) == (9, 3)
    assert claimed.urusan == ("Kesehatan", "Sosial")


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        ("100", "Sangat Inovatif"),
        ("65.01", "Sangat Inovatif"),
        ("65.0068", "Inovatif"),
        ("65.005", "Inovatif"),
        ("65.00", "Inovatif"),
        ("65.004", "Inovatif"),
        ("40.01", "Inovatif"),
        ("40.005", "Kurang Inovatif"),
        ("40.00", "Kurang Inovatif"),
        ("0.01", "Kurang Inovatif"),
        ("0.004", "Tidak Dapat Dinilai"),
        ("0", "Tidak Dapat Dinilai"),
    ],
)
def test_2026_predicates_at_their_cut_offs(rules2026: RuleSet, index: str, expected: str) -> None:
    assert scoring.predicate(rules2026, D(index)) == expected


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        ("60.01", "Sangat Inovatif"),
        ("60.00", "Inovatif"),
        ("35.00", "Inovatif"),
        ("34.99", "Kurang Inovatif"),
        ("0", "Tidak Dapat Dinilai"),
    ],
)
def test_2023_predicates_at_their_cut_offs(rules2023: RuleSet, index: str, expected: str) -> None:
    assert scoring.predicate(rules2023, D(index)) == expected


@pytest.mark.parametrize(
    ("n", "pembagi", "kursi"),
    [(0, 12, 12), (5, 12, 7), (11, 12, 1), (12, 12, 0), (13, 13, 0), (40, 40, 0)],
)
def test_divisor_is_max_k_n_and_empty_seats_count_as_zero(
    rules2026: RuleSet, n: int, pembagi: int, kursi: int
) -> None:
    result = scoring.score_index(rules2026, D(0), innovations(n, "60"))
    assert (result.pembagi, result.kursi_kosong) == (pembagi, kursi)
    assert result.skor_sid_indikator == D(60) * n / pembagi


@pytest.mark.parametrize(("covered", "satisfied"), [(4, False), (5, True), (6, True)])
def test_2026_count_score_needs_five_of_six_yandas(
    rules2026: RuleSet, covered: int, satisfied: bool
) -> None:
    result = scoring.score_index(rules2026, D(0), innovations(20, urusan=YANDAS[:covered]))
    assert result.yandas.satisfied is satisfied
    assert result.skor_jumlah_inovasi == (D("7.60") if satisfied else 0)
    assert result.yandas.missing == tuple(YANDAS[covered:])


@pytest.mark.parametrize(("covered", "satisfied"), [(5, False), (6, True)])
def test_2027_count_score_needs_all_six_yandas(
    rules2027: RuleSet, covered: int, satisfied: bool
) -> None:
    result = scoring.score_index(rules2027, D(0), innovations(20, urusan=YANDAS[:covered]))
    assert result.yandas.satisfied is satisfied
    assert result.yandas.short_by == (0 if satisfied else 1)


def test_count_score_is_capped_at_200_innovations(rules2026: RuleSet) -> None:
    assert scoring.score_index(rules2026, D(0), innovations(250)).skor_jumlah_inovasi == 76


def test_one_missing_yandas_costs_up_to_76_points(rules2027: RuleSet) -> None:
    full = scoring.score_index(rules2027, D(0), innovations(200, "80"))
    short = scoring.score_index(rules2027, D(0), innovations(200, "80", YANDAS[:5]))
    assert full.skor_total - short.skor_total == 76


def test_only_the_main_urusan_covers_a_yandas_in_2026(rules2026: RuleSet) -> None:
    assert rules2026.readings.yandas_from.value == "urusan_utama"
    assert rules2026.readings.yandas_from.basis == "clone"
    coverage = scoring.yandas_coverage(rules2026, [["Pariwisata", "Pendidikan"], ["Kesehatan"]])
    assert coverage.covered == ("Kesehatan",)
    # An innovation without a main urusan covers nothing, whatever its overlapping urusan.
    assert scoring.yandas_coverage(rules2026, [["", "Sosial"]]).covered == ()


def test_the_overlapping_urusan_reading_is_a_rule_file_switch(altered_rules: AlterRules) -> None:
    from iid.rules import load_rule_file

    path = altered_rules(
        'value = "urusan_utama"\nbasis = "clone"', 'value = "semua_urusan"\nbasis = "inferred"'
    )
    ours = load_rule_file(path)
    assert ours.readings.yandas_from.ours
    coverage = scoring.yandas_coverage(ours, [["Pariwisata", "Pendidikan"], ["Kesehatan"]])
    assert coverage.covered == ("Pendidikan", "Kesehatan")
    # Five innovations each with one main yandas and all six as overlapping urusan: under the
    # main-urusan reading five are covered, under ours all six.
    six = [ScoredInnovation(D(50), (YANDAS[i], *YANDAS)) for i in range(5)]
    assert scoring.score_index(ours, D(0), six).yandas.covered == tuple(YANDAS)
    assert scoring.score_index(RULES_2026, D(0), six).yandas.covered == tuple(YANDAS[:5])


def test_overlapping_urusan_may_not_be_marked_as_sourced(altered_rules: AlterRules) -> None:
    from iid.rules import RuleSetError, load_rule_file

    path = altered_rules('value = "urusan_utama"', 'value = "semua_urusan"')
    with pytest.raises(RuleSetError, match=r"readings\.yandas_from\.basis.*inferred"):
        load_rule_file(path)


def test_the_rounding_reading_decides_the_predicate_at_65_01(altered_rules: AlterRules) -> None:
    from iid.rules import load_rule_file

    # SPD 63 and twelve innovations of kematangan 99.517 (k = 12; one yandas only, so no count
    # score): total 162.517, index 65.0068, shown as 65.01.
    spd = D(63)
    inns = [ScoredInnovation(D("99.517"), ("Pendidikan",)) for _ in range(12)]
    unrounded = scoring.score_index(RULES_2026, spd, inns)
    assert unrounded.indeks == D("65.0068") and unrounded.indeks_bulat == D("65.01")
    assert RULES_2026.readings.predicate_from.value == "unrounded"
    assert unrounded.predikat == "Inovatif"
    # 0.0032 points still missing to Sangat Inovatif, measured on the unrounded index.
    assert scoring.next_predicate(RULES_2026, unrounded.indeks) == ("Sangat Inovatif", D("0.0032"))
    rounded_rules = load_rule_file(altered_rules('value = "unrounded"', 'value = "rounded"'))
    rounded = scoring.score_index(rounded_rules, spd, inns)
    assert rounded.indeks_bulat == D("65.01") and rounded.predikat == "Sangat Inovatif"
    assert scoring.next_predicate(rounded_rules, rounded.indeks) is None
    # Just below the edge both readings agree.
    assert scoring.predicate(rounded_rules, D("65.004")) == "Inovatif"
    assert scoring.predicate(RULES_2026, D("65.004")) == "Inovatif"


def test_a_pemda_with_no_innovation_is_not_assessed_by_the_2026_reading(
    altered_rules: AlterRules,
) -> None:
    from iid.rules import load_rule_file

    result = scoring.score_index(RULES_2026, D(63), [])
    assert not result.dinilai
    assert result.indeks == 0 and result.predikat == "Tidak Dapat Dinilai"
    assert result.indeks_rumus == D("25.2")  # what the formula alone gives: 63 / 250 x 100
    formula = load_rule_file(altered_rules('value = "not_assessed"', 'value = "formula"'))
    by_formula = scoring.score_index(formula, D(63), [])
    assert by_formula.dinilai and by_formula.indeks == D("25.2")
    assert by_formula.predikat == "Kurang Inovatif"
    # One innovation is enough to be assessed under either reading.
    assert scoring.score_index(RULES_2026, D(63), innovations(1)).dinilai


def test_gain_of_one_more_innovation_is_larger_below_k_than_above(rules2026: RuleSet) -> None:
    below = scoring.marginal_gain(rules2026, D(30), innovations(5, "60"), D(60), YANDAS[:1])
    above = scoring.marginal_gain(rules2026, D(30), innovations(30, "60"), D(60), YANDAS[:1])
    assert below > above > 0
    # Below k: the seat was empty, so the whole kematangan / k plus 0.38 arrive.
    assert below == (D(60) / 12 + D("0.38")) / 250 * 100
    # Above k, a weaker innovation lowers the average more than its 0.38 count point adds.
    assert scoring.marginal_gain(rules2026, D(30), innovations(30, "100"), D(10)) < 0


def test_index_of_a_worked_example(rules2026: RuleSet) -> None:
    # SPD 40.5; 10 innovations of kematangan 55.5 covering all yandas; k = 12.
    result = scoring.score_index(rules2026, D("40.5"), innovations(10, "55.5"))
    assert result.skor_sid_indikator == D("46.25")  # 555 / 12
    assert result.skor_jumlah_inovasi == D("3.80")
    assert result.skor_total == D("90.55")
    assert result.indeks == D("36.22") and result.predikat == "Kurang Inovatif"


def test_2023_refuses_what_it_does_not_know(rules2023: RuleSet) -> None:
    assert scoring.kematangan(rules2023, {"16": 3}) == 9
    with pytest.raises(RuleUnknownError, match="spd_rows"):
        scoring.spd_score(rules2023, {})
    with pytest.raises(RuleUnknownError, match="count_score"):
        scoring.score_index(rules2023, D(0), innovations(3))


# --- every SPD threshold edge (2026): value -> level; overlaps resolve to the lower level ----

SPD_EDGES = {
    "3": [
        ("-100", 1),
        ("-50.34", 1),
        ("-50.33", 1),
        ("-50.32", 1),
        ("-50.31", 2),
        ("0", 2),
        ("8.16", 2),
        ("8.165", 3),
        ("8.17", 3),
        ("1000", 3),
    ],
    "4": [
        ("-5", 1),
        ("2.04", 1),
        ("2.044", 1),
        ("2.045", 2),
        ("2.05", 2),
        ("5.22", 2),
        ("5.23", 2),
        ("5.24", 3),
    ],
    "5a": [
        ("-1", 1),
        ("0.00", 1),
        ("0.004", 1),
        ("0.01", 2),
        ("0.35", 2),
        ("0.36", 2),
        ("0.37", 3),
    ],
    "5b": [
        ("20", 1),
        ("5.92", 1),
        ("5.91", 1),
        ("5.90", 2),
        ("2.36", 2),
        ("2.35", 2),
        ("2.34", 2),
        ("2.33", 3),
        ("0", 3),
    ],
    "6": [("-47.43", 1), ("-47.42", 1), ("-47.41", 2), ("94.75", 2), ("94.76", 3)],
    "7": [("-5.15", 1), ("-5.14", 1), ("-5.13", 2), ("33.84", 2), ("33.85", 3)],
    "10a": [("0.07", 1), ("0.08", 2), ("1.15", 2), ("1.16", 3)],
    "10b": [("13.11", 1), ("13.10", 1), ("13.09", 2), ("4.82", 2), ("4.81", 2), ("4.80", 3)],
    "11a": [("0.55", 1), ("0.56", 2), ("0.89", 2), ("0.90", 2), ("0.91", 3)],
    "11b": [("69.99", 1), ("70.00", 2), ("79.99", 2), ("80.00", 3)],
}


@pytest.mark.parametrize(
    ("row", "value", "level"),
    [(row, value, level) for row, cases in SPD_EDGES.items() for value, level in cases],
)
def test_spd_threshold_edges_2026(rules2026: RuleSet, row: str, value: str, level: int) -> None:
    assert scoring.spd_level(rules2026.spd_rows[row], D(value)) == level


def test_every_numeric_spd_row_has_its_edges_pinned(rules2026: RuleSet) -> None:
    assert set(SPD_EDGES) == {k for k, r in rules2026.spd_rows.items() if r.numeric}


def test_spd_score_uses_numbers_for_numeric_rows_and_levels_for_the_rest(
    rules2026: RuleSet,
) -> None:
    answers = {
        "4": SpdAnswer("4", raw_value=D("5.24")),  # level 3 x 1
        "5a": SpdAnswer("5a", level=1, raw_value=D("0.2")),  # the number wins: level 2 x 0.75
        "8": SpdAnswer("8", level=3),  # 3 x 1.5
        "12": SpdAnswer("12"),  # unanswered
    }
    assert scoring.spd_score(rules2026, answers) == D(3) + D("1.5") + D("4.5")
    with pytest.raises(ValueError, match="not numeric"):
        scoring.spd_level(rules2026.spd_rows["8"], D(1))


# --- properties -------------------------------------------------------------------------------

LEVELS = st.fixed_dictionaries({key: st.integers(0, 3) for key in RULES_2026.indicators})


@settings(max_examples=60, deadline=None)
@given(levels=LEVELS, key=st.sampled_from(list(RULES_2026.indicators)))
def test_a_higher_level_never_lowers_kematangan(levels: dict[str, int], key: str) -> None:
    higher = {**levels, key: min(levels[key] + 1, 3)}
    assert scoring.kematangan(RULES_2026, higher) >= scoring.kematangan(RULES_2026, levels)


NUMBERS = st.decimals(min_value=-200, max_value=200, places=3, allow_nan=False)


@settings(max_examples=80, deadline=None)
@given(
    row=st.sampled_from([r for r in RULES_2026.spd_rows.values() if r.numeric]),
    a=NUMBERS,
    b=NUMBERS,
)
def test_a_better_spd_number_never_lowers_the_level(row: object, a: Decimal, b: Decimal) -> None:
    assert isinstance(row, scoring.SpdRow)
    low, high = sorted((a, b))
    higher_is_better = row.thresholds[0].min is None
    worse, better = (low, high) if higher_is_better else (high, low)
    assert 1 <= scoring.spd_level(row, worse) <= scoring.spd_level(row, better) <= 3


@settings(max_examples=60, deadline=None)
@given(
    spd=st.fixed_dictionaries({key: st.integers(0, 3) for key in RULES_2026.spd_rows}),
    inns=st.lists(st.tuples(LEVELS, st.lists(st.sampled_from(YANDAS), max_size=3)), max_size=25),
    year=st.sampled_from([2026, 2027]),
)
def test_the_index_stays_between_0_and_100(
    spd: dict[str, int], inns: list[tuple[dict[str, int], list[str]]], year: int
) -> None:
    rules = load_rules(year)
    skor_spd = scoring.spd_score(rules, scoring.spd_answers_from_levels(spd))
    scored = [ScoredInnovation(scoring.kematangan(rules, lv), tuple(u)) for lv, u in inns]
    result = scoring.score_index(rules, skor_spd, scored)
    assert 0 <= result.indeks <= 100
    assert result.predikat in [p.name for p in rules.predicates]


@settings(max_examples=60, deadline=None)
@given(
    inns=st.lists(LEVELS, min_size=1, max_size=20),
    which=st.integers(0, 19),
    key=st.sampled_from(list(RULES_2026.indicators)),
)
def test_a_higher_level_never_lowers_the_index(
    inns: list[dict[str, int]], which: int, key: str
) -> None:
    which %= len(inns)
    raised = [dict(levels) for levels in inns]
    raised[which][key] = min(raised[which][key] + 1, 3)

    def index(all_levels: list[dict[str, int]]) -> Decimal:
        scored = [
            ScoredInnovation(scoring.kematangan(RULES_2026, lv), tuple(YANDAS)) for lv in all_levels
        ]
        return scoring.score_index(RULES_2026, D(20), scored).indeks

    assert index(raised) >= index(inns)
