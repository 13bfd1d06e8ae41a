"""IID scoring in ``Decimal``: kematangan, SPD, Skor Jumlah Inovasi, index, predicate, what-if.

Formulas (IID-RULES.md section 4), every number taken from the year's ``RuleSet``::

    SPD          = sum over SPD rows of bobot x level
    kematangan_j = sum over SID indicators of bobot x level        (claimed or verified levels)
    SID          = sum_j kematangan_j / MAX(k, n)  +  Skor Jumlah Inovasi
    Skor Total   = SPD + SID
    IID          = Skor Total / skor_total_max x 100

Rounding: sums and products are exact (bobot and levels are exact decimals). The one division
that may not terminate, by MAX(k, n), is carried to 28 significant digits. Nothing is rounded
until the end: the index is rounded half-up to ``rules.index_places`` (2) decimals for display
(``round_index``); ``IndexResult.indeks`` keeps the unrounded value. Numeric SPD values are
rounded half-up to the row's ``precision`` before they are mapped to a level (``spd_level``).

Readings the rule file settles (``rules.readings``, see ``iid.rules.Readings``): whether the
predicate comes from the rounded or the unrounded index (``predicate``), whether yandas are
covered by the main urusan only (``yandas_coverage``), and what a pemda with no innovation
gets (``score_index``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from iid.records import IndicatorAnswer, Innovation, SpdAnswer, Verdict
from iid.rules import Measure, RuleSet, Scale, SpdRow

ZERO = Decimal(0)
_DIVISION_DIGITS = 28


def _level(key: str, level: int | None) -> int:
    if level is None:
        return 0
    if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 3:
        raise ValueError(f"{key}: level must be 0, 1, 2 or 3, not {level!r}")
    return level


# --- per innovation ---------------------------------------------------------------------------


def kematangan(rules: RuleSet, levels: Mapping[str, int | None]) -> Decimal:
    """Skor kematangan of one innovation: sum of bobot x level over the year's SID indicators.

    Used alike for claimed and verified levels. A missing indicator, ``None`` or 0 scores 0;
    keys the year does not know are ignored (the scoring command refuses them).
    """
    total = ZERO
    for key, points in rules.level_points.items():
        level = levels.get(key)
        if level:
            total += points[_level(key, level)]
    return total


@dataclass(frozen=True)
class ScoredInnovation:
    """What the index needs of one innovation: its kematangan and its urusan, the main urusan
    first ("" when it has none), then the overlapping ones."""

    kematangan: Decimal
    urusan: tuple[str, ...] = ()


@dataclass(frozen=True)
class VerdictCost:
    """A verdict that lowered a claim (Tidak Sesuai, Tidak Dapat Diukur, or Sesuai at a lower
    level): the indicator, the claimed and verified levels, the kematangan points the claim
    lost, the verifier's note and the verdict."""

    indicator: str
    claimed: int
    verified: int
    cost: Decimal
    note: str
    verdict: Verdict


def verdict_costs(rules: RuleSet, innovation: Innovation) -> list[VerdictCost]:
    """Each verdict of ``innovation`` that cost points, in the rule year's indicator order (a
    Sesuai at the claimed level costs nothing and is left out; a Tidak Sesuai always counts)."""
    out = []
    for key, points in rules.level_points.items():
        answer = innovation.answers.get(key)
        if answer is None or answer.verdict is Verdict.PENDING or not answer.claimed_level:
            continue
        claimed, verified = answer.claimed_level, answer.verified_level or 0
        cost = points[claimed] - points[verified]
        if cost <= 0 and answer.verdict is Verdict.SESUAI:
            continue
        out.append(VerdictCost(key, claimed, verified, cost, answer.verifier_note, answer.verdict))
    return out


def innovation_urusan(innovation: Innovation) -> tuple[str, ...]:
    """The main urusan (possibly "") followed by the overlapping ones, without repeats."""
    main = innovation.profile.urusan_utama
    others = [name for name in innovation.profile.urusan_lain if name and name != main]
    return (main, *dict.fromkeys(others))


def score_innovation(
    rules: RuleSet, innovation: Innovation, *, verified: bool = False
) -> ScoredInnovation:
    """The innovation's claimed (or verified) kematangan with its urusan."""
    levels = innovation.verified_levels() if verified else innovation.claimed_levels()
    return ScoredInnovation(kematangan(rules, levels), innovation_urusan(innovation))


# --- SPD --------------------------------------------------------------------------------------


def spd_level(row: SpdRow, value: Decimal) -> int:
    """The level (1..3) a numeric SPD row gives ``value``; 0 if it falls in no band.

    The value is rounded half-up to the row's precision; where published bands overlap, the
    row's ``edge`` rule ("lower" or "higher") picks the level.
    """
    if not row.numeric:
        raise ValueError(f"SPD row {row.key} is not numeric: it is answered with a level")
    return scale_level(Scale(row.thresholds, row.edge, row.precision), value)


def scale_level(scale: Scale, value: Decimal) -> int:
    """The level (1..3) ``value`` falls in on ``scale``; 0 if it falls in no band. The value is
    rounded half-up to the scale's precision; ``edge`` picks the level where bands overlap."""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-scale.precision), rounding=ROUND_HALF_UP)
    hits = [i + 1 for i, band in enumerate(scale.bands) if band.contains(rounded)]
    if not hits:
        return 0
    return min(hits) if scale.edge == "lower" else max(hits)


def measure_level(measure: Measure, answer: IndicatorAnswer | None, year: int) -> int | None:
    """The level the officer's measure gives (0: below level 1), or ``None`` while the measure
    is not (completely) entered. ``year`` is the T of a ``years`` measure relative to the
    assessment; one relative to penerapan needs ``years_level`` with that year."""
    if answer is None:
        return None
    if measure.kind == "years":
        if not answer.checklist:
            return None
        return years_level(measure, _years(answer.checklist), year)
    if measure.kind == "checklist":
        if not answer.checklist:
            return None
        ticked = len(set(answer.checklist) & set(measure.items))
        return scale_level(_scale(measure), Decimal(ticked))
    if measure.kind == "bases":
        basis = measure.bases.get(answer.basis)
        if basis is None or answer.quantity is None:
            return None
        return scale_level(basis.scale, answer.quantity)
    if measure.kind == "ratio":
        if answer.quantity_base is None or answer.quantity is None:
            return None
        if answer.quantity_base <= 0:
            return measure.zero_base_level or 0
        percent = answer.quantity * 100 / answer.quantity_base
        return scale_level(_scale(measure), percent)
    if answer.quantity is None:
        return None
    return scale_level(_scale(measure), answer.quantity)


def years_level(measure: Measure, years: set[int], reference_year: int) -> int:
    """The highest level whose year sets one of ``years`` covers (offsets from
    ``reference_year``), 0 when none is."""
    offsets = {y - reference_year for y in years}
    best = 0
    for level, alternatives in enumerate(measure.level_sets, start=1):
        if any(needed <= offsets for needed in alternatives):
            best = level
    return best


def _years(items: Iterable[str]) -> set[int]:
    return {int(item) for item in items if item.strip().isdigit()}


def _scale(measure: Measure) -> Scale:
    if measure.scale is None:  # pragma: no cover - the rule loader gives these kinds a scale
        raise ValueError(f"a {measure.kind} measure needs a scale")
    return measure.scale


class SpdFigureError(ValueError):
    """A numeric SPD row's figure cannot follow from its inputs: ``code`` is
    ``spd.input_missing`` (an input not given) or ``spd.input_zero_base`` (a growth from 0)."""

    def __init__(self, code: str, row: str, input_key: str) -> None:
        self.code = code
        self.row = row
        self.input_key = input_key
        super().__init__(f"SPD row {row}: {code} ({input_key})")


def spd_figure(row: SpdRow, inputs: Mapping[str, Decimal]) -> Decimal:
    """The figure of a numeric SPD row from the raw values the form asks for (``row.inputs``,
    earlier first): ``value`` (the input itself), ``growth_percent`` ((later - earlier) /
    earlier x 100), ``increase`` (later - earlier), ``decrease`` (earlier - later). Exact
    except the growth division (28 digits). Raises ``SpdFigureError``."""
    if not row.inputs:
        raise ValueError(f"SPD row {row.key} names no inputs: its figure is entered directly")
    values = []
    for spec in row.inputs:
        value = inputs.get(spec.key)
        if value is None:
            raise SpdFigureError("spd.input_missing", row.key, spec.key)
        values.append(Decimal(value))
    if row.formula == "value":
        return values[0]
    earlier, later = values
    if row.formula == "increase":
        return later - earlier
    if row.formula == "decrease":
        return earlier - later
    if earlier == 0:
        raise SpdFigureError("spd.input_zero_base", row.key, row.inputs[0].key)
    with localcontext() as context:
        context.prec = _DIVISION_DIGITS
        return (later - earlier) / earlier * 100


def spd_answer_value(row: SpdRow, answer: SpdAnswer) -> Decimal | None:
    """The number a numeric row's answer is judged by: the figure from its inputs when every
    input is given, else the figure entered directly (``raw_value``), else None."""
    if row.inputs and answer.inputs:
        try:
            return spd_figure(row, answer.inputs)
        except SpdFigureError:
            pass
    return answer.raw_value


def spd_answer_level(row: SpdRow, answer: SpdAnswer | None) -> int:
    """The level an answer earns: a numeric row's number (from its inputs, or entered) mapped
    by thresholds, else the chosen level."""
    if answer is None:
        return 0
    if row.numeric:
        value = spd_answer_value(row, answer)
        if value is not None:
            return spd_level(row, value)
    return _level(row.key, answer.level)


def spd_score(rules: RuleSet, answers: Mapping[str, SpdAnswer]) -> Decimal:
    """The pemda's SPD score. Raises ``RuleUnknownError`` when the year's SPD rows are unknown."""
    rules.require("spd_rows")
    rows = rules.spd_rows.items()
    return sum((row.bobot * spd_answer_level(row, answers.get(key)) for key, row in rows), ZERO)


def spd_answers_from_levels(levels: Mapping[str, int]) -> dict[str, SpdAnswer]:
    """Plain levels per SPD row (as a scoring script gives them) as answers."""
    return {key: SpdAnswer(row=key, level=level or None) for key, level in levels.items()}


# --- the pemda's index -----------------------------------------------------------------------


@dataclass(frozen=True)
class Maxima:
    """The highest possible scores of a rule year and their shares of the total."""

    spd: Decimal
    kematangan: Decimal
    jumlah_inovasi: Decimal
    total: Decimal

    def share(self, part: Decimal) -> Decimal:
        """A part's share of the total in percent, rounded half-up to 2 places."""
        return (part / self.total * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def maxima(rules: RuleSet) -> Maxima:
    """Maximum SPD, kematangan, Skor Jumlah Inovasi and total (needs SPD and count rules)."""
    rules.require("spd_rows")
    rules.require("count_score")
    assert rules.count_score is not None
    spd = sum((row.bobot * 3 for row in rules.spd_rows.values()), ZERO)
    sid = max_kematangan(rules)
    return Maxima(spd, sid, rules.count_score.maximum, spd + sid + rules.count_score.maximum)


def max_kematangan(rules: RuleSet) -> Decimal:
    return sum((ind.bobot * 3 for ind in rules.indicators.values()), ZERO)


def divisor(rules: RuleSet, n: int) -> int:
    """MAX(k, n): fewer than k innovations leave empty seats that count as zero."""
    return max(rules.divisor_k, n)


def empty_seats(rules: RuleSet, n: int) -> int:
    """How many of the k seats no innovation fills (each counts as kematangan 0)."""
    return max(rules.divisor_k - n, 0)


@dataclass(frozen=True)
class YandasCoverage:
    """Which basic-service urusan the innovations cover, which are missing, how many are needed."""

    covered: tuple[str, ...]
    missing: tuple[str, ...]
    required: int

    @property
    def satisfied(self) -> bool:
        return len(self.covered) >= self.required

    @property
    def short_by(self) -> int:
        """How many more yandas urusan must be covered before the count score counts."""
        return max(self.required - len(self.covered), 0)


def counted_urusan(rules: RuleSet, urusan: Iterable[str]) -> tuple[str, ...]:
    """The urusan of one innovation (main first) that may cover a yandas under the year's
    reading: only the main one (``urusan_utama``), or all of them (``semua_urusan``)."""
    names = tuple(urusan)
    if rules.readings.yandas_from.value == "urusan_utama":
        names = names[:1]
    return tuple(name for name in names if name)


def yandas_coverage(rules: RuleSet, urusan_lists: Iterable[Iterable[str]]) -> YandasCoverage:
    """Coverage of the year's yandas by the innovations' urusan (each list: the main urusan
    first), counted under the year's reading (``counted_urusan``)."""
    rules.require("count_score")
    assert rules.count_score is not None
    if rules.readings.yandas_from.value == "urusan_utama":
        # The same as counted_urusan, without a call per innovation (1,000 on a big pemda).
        present = {names[0] for names in map(tuple, urusan_lists) if names and names[0]}
    else:
        present = {name for urusan in urusan_lists for name in counted_urusan(rules, urusan)}
    covered = tuple(name for name in rules.yandas if name in present)
    missing = tuple(name for name in rules.yandas if name not in present)
    return YandasCoverage(covered, missing, rules.count_score.yandas_required)


def skor_jumlah_inovasi(rules: RuleSet, n: int, coverage: YandasCoverage) -> Decimal:
    """MIN(n, cap) x per_innovation when enough yandas are covered, else 0."""
    rules.require("count_score")
    assert rules.count_score is not None
    if not coverage.satisfied:
        return ZERO
    return min(n, rules.count_score.cap) * rules.count_score.per_innovation


def round_index(rules: RuleSet, value: Decimal) -> Decimal:
    """The index rounded half-up to the year's places (what is shown and what predicates use)."""
    return value.quantize(Decimal(1).scaleb(-rules.index_places), rounding=ROUND_HALF_UP)


def predicate(rules: RuleSet, indeks: Decimal) -> str:
    """The predicate of an index under the year's reading: from the unrounded index (2026:
    65.0068 is Inovatif although shown as 65.01) or from the rounded one (then Sangat
    Inovatif)."""
    if rules.readings.predicate_from.value == "rounded":
        indeks = round_index(rules, indeks)
    for entry in rules.predicates:
        if indeks >= entry.min:
            return entry.name
    return rules.predicates[-1].name


def next_predicate(rules: RuleSet, indeks: Decimal) -> tuple[str, Decimal] | None:
    """The next higher predicate and the index points still missing to reach it (measured on
    the value the year's reading takes the predicate from), or None at the top."""
    current = predicate(rules, indeks)
    names = [entry.name for entry in rules.predicates]
    position = names.index(current)
    if position == 0:
        return None
    target = rules.predicates[position - 1]
    if rules.readings.predicate_from.value == "rounded":
        indeks = round_index(rules, indeks)
    return target.name, target.min - indeks


@dataclass(frozen=True)
class IndexResult:
    """The scored index of one pemda with every intermediate number."""

    year: int
    skor_spd: Decimal
    kematangan: tuple[Decimal, ...]
    n: int
    pembagi: int
    kursi_kosong: int
    skor_sid_indikator: Decimal
    skor_jumlah_inovasi: Decimal
    skor_sid: Decimal
    skor_total: Decimal
    indeks: Decimal
    indeks_bulat: Decimal
    predikat: str
    yandas: YandasCoverage
    dinilai: bool = True
    """False when the pemda reports no innovation and the year's reading is ``not_assessed``:
    then ``indeks`` is 0 and ``indeks_rumus`` keeps what the formula alone would give."""
    indeks_rumus: Decimal | None = None


def score_index(
    rules: RuleSet, skor_spd: Decimal, innovations: Sequence[ScoredInnovation]
) -> IndexResult:
    """The IID of a pemda from its SPD score and its innovations' kematangan and urusan.

    With no innovation and the reading ``no_innovation = "not_assessed"`` the pemda is not
    assessed: index 0, the lowest predicate, and the formula's value in ``indeks_rumus``.
    Raises ``RuleUnknownError`` when the year does not know the count rule.
    """
    n = len(innovations)
    pembagi = divisor(rules, n)
    coverage = yandas_coverage(rules, (inn.urusan for inn in innovations))
    total_kematangan = sum((inn.kematangan for inn in innovations), ZERO)
    with localcontext() as context:
        context.prec = _DIVISION_DIGITS
        sid_indikator = total_kematangan / pembagi
        jumlah = skor_jumlah_inovasi(rules, n, coverage)
        skor_sid = sid_indikator + jumlah
        total = skor_spd + skor_sid
        indeks = total / rules.skor_total_max * 100
    formula = indeks
    dinilai = n > 0 or rules.readings.no_innovation.value == "formula"
    if not dinilai:
        indeks = ZERO
    return IndexResult(
        year=rules.year,
        skor_spd=skor_spd,
        kematangan=tuple(inn.kematangan for inn in innovations),
        n=n,
        pembagi=pembagi,
        kursi_kosong=empty_seats(rules, n),
        skor_sid_indikator=sid_indikator,
        skor_jumlah_inovasi=jumlah,
        skor_sid=skor_sid,
        skor_total=total,
        indeks=indeks,
        indeks_bulat=round_index(rules, indeks),
        predikat=predicate(rules, indeks) if dinilai else rules.predicates[-1].name,
        yandas=coverage,
        dinilai=dinilai,
        indeks_rumus=formula,
    )


def marginal_gain(
    rules: RuleSet,
    skor_spd: Decimal,
    innovations: Sequence[ScoredInnovation],
    kematangan_baru: Decimal,
    urusan: Iterable[str] = (),
) -> Decimal:
    """Index points gained (or lost, if negative) by reporting one more innovation of the given
    kematangan and urusan. Below k it fills an empty seat; above k it moves the average."""
    before = score_index(rules, skor_spd, innovations)
    extra = ScoredInnovation(Decimal(kematangan_baru), tuple(urusan))
    after = score_index(rules, skor_spd, [*innovations, extra])
    return after.indeks - before.indeks
