"""The list's computed columns: completeness (percent) and claimed kematangan of an innovation.

Computed with the record's rule set (``iid.rules``, ``iid.scoring``) whenever the innovation is
written, and stored, so the list can sort and page 10,000 rows in SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from iid import projection, scoring
from iid.records import InnovationProfile
from iid.rules import RuleSet, RuleSetError, RuleUnknownError, load_rules


@dataclass(frozen=True)
class SummaryScores:
    completeness: int | None
    kematangan_centi: int | None


def rule_set(year: int) -> RuleSet | None:
    """The rule set of ``year``, None when the year has none (scores are then None).

    ``load_rules`` caches per file and modification time, so a dropped-in file is picked up;
    it still looks the file up on every call: a caller scoring many records (a pulled page)
    looks the year up once and passes the result to :func:`scores_with`."""
    try:
        return load_rules(year)
    except (RuleSetError, RuleUnknownError):
        return None


def summary_scores(
    rule_year: int,
    profile: InnovationProfile,
    levels: Mapping[str, int],
    document_slots: Set[str] = frozenset(),
) -> SummaryScores:
    """Completeness: share of required profile fields filled plus indicators answered.
    Kematangan: the claimed kematangan. Both None when the year has no rule set."""
    return scores_with(rule_set(rule_year), profile, levels, document_slots)


def scores_with(
    rules: RuleSet | None,
    profile: InnovationProfile,
    levels: Mapping[str, int],
    document_slots: Set[str] = frozenset(),
) -> SummaryScores:
    """:func:`summary_scores` with the year's rule set already looked up (:func:`rule_set`)."""
    if rules is None:
        return SummaryScores(None, None)
    completeness = projection.completeness(rules, profile, levels, document_slots)
    if not rules.indicators:  # a year whose indicators are marked unknown
        return SummaryScores(completeness, None)
    value = scoring.kematangan(rules, {k: v for k, v in levels.items() if k in rules.indicators})
    return SummaryScores(completeness, to_centi(value))


def to_centi(value: Decimal) -> int:
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
