"""Yearly carry-over ("Ajukan kembali tahun berikutnya"): an innovation into the next rule year.

The copy is a new draft of the same OPD in the next year's form, written through the
repository's public methods:

- profile fields the new form still has are copied; a choice the new form no longer offers, and
  a field it dropped, are left out and reported (never silently lost: the old record stays as
  it was); fields new in that year start empty;
- the officer's claimed levels and measures of indicators the new year still has are copied
  (they stand on the same evidence); the verifier's levels and verdicts are not: a new year is
  a new review;
- every document whose slot the new form still has is attached again by its SHA-256: the vault
  is not touched, the bytes are stored once;
- what was developed since (the rules require it for an innovation already assessed) goes
  into ``uraian_pengembangan`` and, when given, its date into ``waktu_pengembangan``;
- ``profile.extra`` records where it came from (``carried_from_id``, ``carried_from_year``), so
  a second carry-over of the same innovation is refused and points to the first.

The repository writes one record per call; a failure in the middle deletes the new draft
again, so no half copy remains.
"""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from iid.records import (
    EvidenceDocument,
    IndicatorAnswer,
    Innovation,
    InnovationProfile,
    WorkflowState,
)
from iid.rules import ProfileField, RuleSet, available_years, load_rules
from sync.local.ids import new_id
from sync.local.repository import InnovationFilter, RecordNotFound, Repository

DEVELOPMENT_FIELD = "uraian_pengembangan"
DEVELOPMENT_DATE_FIELD = "waktu_pengembangan"
FROM_ID, FROM_YEAR = "carried_from_id", "carried_from_year"
MIN_DEVELOPMENT_WORDS = 5
CARRYABLE_STATES = frozenset(
    {WorkflowState.DISETUJUI, WorkflowState.SIAP_KIRIM, WorkflowState.TERKIRIM}
)
"""Where the year is done for an innovation: only these are carried into the next year (a
Draf or one under review still belongs to this year's process)."""


class CarryOverError(Exception):
    """Why an innovation cannot be carried over: ``code`` with ``params`` (the desktop words it).

    Codes: ``carryover.year_not_done`` (the innovation is still in this year's process:
    ``state``), ``carryover.no_next_year`` (no rule file after ``year``), ``carryover.exists``
    (already carried: ``existing_id``), ``carryover.development_missing`` (say what was developed
    since), ``carryover.not_found``.
    """

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}({params})")


@dataclass(frozen=True)
class DroppedValue:
    """A value the new form cannot hold: the field (old label) and what it held."""

    name: str
    label: str
    value: str


@dataclass(frozen=True)
class CarryOverPlan:
    """What a carry-over will copy and what it will leave out (shown before asking)."""

    source_id: str
    from_year: int
    to_year: int
    fields: tuple[str, ...]
    new_fields: tuple[str, ...]
    dropped: tuple[DroppedValue, ...]
    claims: int
    documents: int
    dropped_documents: int


def next_rule_year(year: int) -> int | None:
    """The first year after ``year`` with a rule file, or None."""
    later = [y for y in available_years() if y > year]
    return min(later) if later else None


def _fits(spec: ProfileField, value: Any) -> bool:
    if spec.kind == "enum" and spec.choices and value not in ("", None):
        return value in spec.choices
    if spec.kind == "multi_enum" and spec.choices and isinstance(value, list | tuple):
        return all(v in spec.choices for v in value)
    return True


def _empty(value: Any) -> bool:
    return value in (None, "", [], ()) or value is False


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def plan_carry_over(innovation: Innovation, to_rules: RuleSet) -> CarryOverPlan:
    """What carrying ``innovation`` into ``to_rules``'s year copies, leaves empty and drops."""
    from_rules = load_rules(innovation.rule_year)
    new_specs = {f.name: f for f in to_rules.profile_fields}
    fields, dropped = [], []
    for spec in from_rules.profile_fields:
        if spec.kind == "file":
            continue
        value = spec.value_in(innovation.profile)
        if _empty(value):
            continue
        target = new_specs.get(spec.name)
        if target is None or target.kind != spec.kind or not _fits(target, value):
            dropped.append(DroppedValue(spec.name, spec.label, _shown(value)))
        else:
            fields.append(spec.name)
    old_names = {f.name for f in from_rules.profile_fields}
    new_fields = tuple(n for n in new_specs if n not in old_names)
    slots = set(to_rules.evidence_slots())
    kept_docs = [d for d in innovation.documents if d.slot in slots]
    claims = sum(1 for k, a in innovation.answers.items()
                 if k in to_rules.indicators and a.claimed_level)  # fmt: skip
    return CarryOverPlan(
        source_id=innovation.id,
        from_year=innovation.rule_year,
        to_year=to_rules.year,
        fields=tuple(fields),
        new_fields=new_fields,
        dropped=tuple(dropped),
        claims=claims,
        documents=len(kept_docs),
        dropped_documents=len(innovation.documents) - len(kept_docs),
    )


def find_carried(repo: Repository, innovation: Innovation, to_year: int) -> str | None:
    """The id of an earlier carry-over of ``innovation`` into ``to_year``, if any."""
    offset = 0
    while True:
        page = repo.list_innovations(
            InnovationFilter(rule_year=to_year, opd_id=innovation.opd_id or None),
            "updated_at", offset=offset, limit=200,
        )  # fmt: skip
        for summary in page:
            other = repo.get_innovation(summary.id)
            if other is not None and other.profile.extra.get(FROM_ID) == innovation.id:
                return other.id
        if len(page) < 200:
            return None
        offset += 200


def _profile_for(
    innovation: Innovation, to_rules: RuleSet, plan: CarryOverPlan, development: str,
    developed_on: date | None,
) -> InnovationProfile:  # fmt: skip
    from_rules = load_rules(innovation.rule_year)
    profile = InnovationProfile()
    for name in plan.fields:
        spec = from_rules.profile_field(name)
        assert spec is not None
        value = spec.value_in(innovation.profile)
        value = list(value) if isinstance(value, list | tuple) else value
        if spec.is_attribute:
            setattr(profile, name, value)
        else:
            profile.extra[name] = value
    for name, value in ((DEVELOPMENT_FIELD, development.strip()),
                        (DEVELOPMENT_DATE_FIELD, developed_on)):  # fmt: skip
        spec = to_rules.profile_field(name)
        if spec is None or value in (None, ""):
            continue
        if spec.is_attribute:
            setattr(profile, name, value)
        else:
            profile.extra[name] = value
    profile.extra[FROM_ID] = innovation.id
    profile.extra[FROM_YEAR] = innovation.rule_year
    return profile


def carry_over(
    repo: Repository,
    innovation_id: str,
    *,
    development: str,
    developed_on: date | None = None,
    to_year: int | None = None,
) -> Innovation:
    """Copy the innovation into ``to_year`` (default: the next rule year) as a new draft;
    returns it. Only an innovation whose year is done (``CARRYABLE_STATES``) is carried.
    Raises ``CarryOverError``."""
    innovation = repo.get_innovation(innovation_id)
    if innovation is None:
        raise CarryOverError("carryover.not_found", innovation_id=innovation_id)
    if innovation.workflow_state not in CARRYABLE_STATES:
        raise CarryOverError("carryover.year_not_done", state=innovation.workflow_state.value)
    year = to_year if to_year is not None else next_rule_year(innovation.rule_year)
    if year is None or year <= innovation.rule_year:
        raise CarryOverError("carryover.no_next_year", year=innovation.rule_year)
    if len(development.split()) < MIN_DEVELOPMENT_WORDS:
        raise CarryOverError("carryover.development_missing", words=MIN_DEVELOPMENT_WORDS)
    existing = find_carried(repo, innovation, year)
    if existing is not None:
        raise CarryOverError("carryover.exists", existing_id=existing, year=year)
    to_rules = load_rules(year)
    plan = plan_carry_over(innovation, to_rules)
    profile = _profile_for(innovation, to_rules, plan, development, developed_on)
    created = repo.create_innovation(year, nama=profile.nama, opd_id=innovation.opd_id)
    try:
        repo.update_profile(created.id, profile)
        for key, answer in sorted(innovation.answers.items()):
            if key not in to_rules.indicators:
                continue
            if _has_measure(answer):
                repo.set_measure(created.id, answer)
            if answer.claimed_level:
                repo.set_claimed_level(created.id, key, answer.claimed_level)
        slots = set(to_rules.evidence_slots())
        for doc in innovation.documents:
            if doc.slot in slots:
                repo.add_document(created.id, _copy(doc))
    except BaseException:
        with contextlib.suppress(RecordNotFound):
            repo.delete_innovation(created.id)
        raise
    result = repo.get_innovation(created.id)
    assert result is not None
    return result


def _has_measure(answer: IndicatorAnswer) -> bool:
    """True when the officer recorded a measure (quantity, base, basis, checklist)."""
    return any(
        getattr(answer, name, None) not in (None, "", ())
        for name in ("quantity", "quantity_base", "basis", "checklist")
    )


def _copy(doc: EvidenceDocument) -> EvidenceDocument:
    """The same document under a new id: same file (by hash) or link, same metadata."""
    return dataclasses.replace(doc, id=new_id())
