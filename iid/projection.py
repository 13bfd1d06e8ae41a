"""The pemda's projected index: which innovations the ministry would count, claimed and verified,
and what the dashboards show around it (per OPD, yandas, empty seats, what-if, distribution).

Pure: fed the pemda's innovations (with their workflow state and the verifiers' levels), its
OPDs and its SPD answers. The server computes it for the whole pemda and serves it; the
desktop shows the server's figure, or computes one from its own store and says so.

What is counted (IID-RULES.md section 4, "What goes into the formula"):

- **claimed**: the innovations of the rule year that were submitted (any workflow state after
  ``draft``), are not empty, and meet the year's eligibility window
  (``iid.checks.eligibility_findings``), scored with the officers' claimed levels;
- **verified**: the same innovations except those whose QC status is ``rejected``, scored with
  the verifiers' levels (an indicator without a verified level counts 0: not yet verified is
  not yet earned); ``verification`` says how far the verifiers are;
- **potensi**: drafts that would count if submitted, shown apart with what they would add;
- **tidak memenuhi syarat** (outside the window or without a date) and **kosong** (no name, no
  level, no document) change nothing and are listed with the reason, never silently dropped.

Yandas coverage, the predicate's rounding and what a pemda with no innovation gets follow the
rule year's readings (``RuleSet.readings``), which the projection carries so every page can say
which reading it used.

Every figure can be traced to its innovations: ``select(projection, selector)`` with a selector
such as ``"set=counted&opd=<id>"`` (see ``SELECTOR_KEYS``) returns the rows behind it; the
desktop and the web dashboard use the same selectors.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum
from typing import Any
from urllib.parse import parse_qsl, urlencode

from iid import scoring
from iid.checks import eligibility_findings
from iid.records import Innovation, InnovationProfile, QcStatus, SpdAnswer, WorkflowState
from iid.rules import RuleSet
from iid.workflow import SUBMITS, Review

FORMAT = 1
"""Version of ``projection_to_dict``'s shape; a reader refuses a newer one."""

GAIN_LEVELS = (Decimal(40), Decimal(70), Decimal(100))
"""Kematangan of the hypothetical extra innovation in the what-if gains."""
BAND_WIDTH = 20
"""Width of the kematangan bands of the distribution chart."""


class Status(StrEnum):
    """Where one innovation stands towards the projected index."""

    COUNTED = "counted"
    POTENSI = "potensi"
    INELIGIBLE = "ineligible"
    EMPTY = "empty"


@dataclass(frozen=True)
class OpdRef:
    """An OPD of the pemda as the projection names it."""

    id: str
    name: str


@dataclass(frozen=True)
class InnovationRow:
    """One innovation of the rule year as the dashboards list it."""

    id: str
    nama: str
    opd_id: str
    workflow_state: str
    status: Status
    reasons: tuple[str, ...]
    """Why it does not count (Indonesian finding messages), for ``ineligible`` and ``empty``."""
    urusan: tuple[str, ...]
    """The main urusan first ("" when none), then the overlapping ones."""
    kematangan_klaim: Decimal
    kematangan_verifikasi: Decimal
    completeness: int
    mandatory_missing: tuple[str, ...]
    indicators_claimed: int
    indicators_verified: int
    qc_status: str
    waiting_since: datetime | None
    counted_verified: bool

    @property
    def counted(self) -> bool:
        return self.status is Status.COUNTED


@dataclass(frozen=True)
class OpdRow:
    """One OPD's part of the projection."""

    opd_id: str
    name: str
    states: Mapping[str, int]
    """Innovations of the rule year by workflow state (every state, zeros included)."""
    total: int
    counted: int
    potensi: int
    ineligible: int
    completeness: int | None
    """Average completeness (percent) of its innovations, None without any."""
    mandatory_missing: int
    """Mandatory indicators left without a level, summed over its innovations."""
    kematangan_klaim: Decimal | None
    kematangan_verifikasi: Decimal | None
    """Average kematangan of its counted innovations (claimed / verified levels)."""
    contribution_klaim: Decimal
    contribution_verifikasi: Decimal
    """Index points its innovations add to the pemda's claimed / verified index."""
    oldest_waiting: datetime | None
    """Since when its longest-waiting submitted innovation waits for review."""
    yandas: tuple[str, ...]
    """Basic-service urusan its counted innovations cover (under the year's reading)."""


@dataclass(frozen=True)
class Band:
    """A kematangan band of the distribution: ``low`` <= kematangan < ``high``."""

    label: str
    low: Decimal
    high: Decimal
    klaim: int
    verifikasi: int


@dataclass(frozen=True)
class Gain:
    """Index points one more submitted innovation of this kematangan would add."""

    kematangan: Decimal
    points: Decimal


@dataclass(frozen=True)
class ReadingUsed:
    """A rule-file reading as the projection applied it (for the pages to name it)."""

    name: str
    value: str
    basis: str
    note: str


@dataclass(frozen=True)
class PemdaProjection:
    """Everything the Ringkasan and the dashboards show, for one pemda and rule year."""

    year: int
    rule_title: str
    computed_at: datetime
    scope: str
    """``pemda`` (every OPD's innovations) or ``opd`` (only the OPD ``scope_opd``'s)."""
    scope_opd: str | None
    readings: tuple[ReadingUsed, ...]
    skor_spd: Decimal
    claimed: scoring.IndexResult
    verified: scoring.IndexResult
    next_claimed: tuple[str, Decimal] | None
    next_verified: tuple[str, Decimal] | None
    with_potensi: scoring.IndexResult
    """The claimed index if every potensi draft were submitted as it is."""
    verification: tuple[int, int]
    """(indicators with a verified level, claimed indicators) over the verified set."""
    gains: tuple[Gain, ...]
    distribution: tuple[Band, ...]
    max_kematangan: Decimal
    opds: tuple[OpdRow, ...]
    innovations: tuple[InnovationRow, ...] = field(repr=False)

    @property
    def potensi_gain(self) -> Decimal:
        """Index points the potensi drafts would add if submitted."""
        return self.with_potensi.indeks - self.claimed.indeks

    def count(self, status: Status) -> int:
        return sum(1 for row in self.innovations if row.status is status)

    @property
    def opds_without(self) -> tuple[OpdRow, ...]:
        """OPDs with no submitted innovation this year (each OPD must report at least one)."""
        return tuple(row for row in self.opds if row.counted == 0)

    def opd(self, opd_id: str) -> OpdRow | None:
        return next((row for row in self.opds if row.opd_id == opd_id), None)

    def reading(self, name: str) -> ReadingUsed:
        return next(r for r in self.readings if r.name == name)


# --- building ------------------------------------------------------------------------------


def is_empty(innovation: Innovation) -> bool:
    """Nothing was written yet: no name, no claimed level, no document."""
    return (
        not innovation.profile.nama.strip()
        and not any(level for level in innovation.claimed_levels().values())
        and not innovation.documents
    )


def completeness(rules: RuleSet, profile: InnovationProfile, levels: Mapping[str, int],
                 document_slots: Iterable[str] = ()) -> int:  # fmt: skip
    """Share (percent) of the required profile fields filled and SID indicators answered."""
    slots = set(document_slots)
    total = done = 0
    for spec in rules.profile_fields:
        if not spec.required:
            continue
        total += 1
        if spec.kind == "file":
            done += spec.name in slots
        else:
            done += _filled(spec.value_in(profile))
    for key in rules.indicators:
        total += 1
        done += (levels.get(key) or 0) > 0
    return round(100 * done / total) if total else 0


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | dict | tuple | set):
        return len(value) > 0
    return True


WAITING_STATES = frozenset({WorkflowState.DIAJUKAN, WorkflowState.DISAHKAN_OPD})
"""States in which an innovation waits for a review (the OPD head's or the verifiers')."""


def submitted_at(review: Review) -> datetime | None:
    """Since when the innovation waits for review: the newest submission (ajukan or ajukan
    ulang) in its review's history, or None when it is not waiting or the history holds no
    submission (reviews of the first releases)."""
    if review.state not in WAITING_STATES:
        return None
    for step in reversed(review.history):
        if step.action in SUBMITS:
            return None if step.at == datetime.min else step.at
    return None


CachedRow = tuple[InnovationRow, scoring.ScoredInnovation, scoring.ScoredInnovation]
"""One innovation's row with its claimed and verified scores (what ``project`` reuses)."""


def _row(rules: RuleSet, innovation: Innovation, waiting_since: datetime | None) -> CachedRow:
    claimed = scoring.score_innovation(rules, innovation)
    verified = scoring.score_innovation(rules, innovation, verified=True)
    levels = innovation.claimed_levels()
    reasons: tuple[str, ...] = ()
    if is_empty(innovation):
        status = Status.EMPTY
        reasons = ("Belum ada isian: nama, level indikator dan bukti dukung masih kosong.",)
    else:
        findings = eligibility_findings(innovation.profile, rules)
        if findings:
            status = Status.INELIGIBLE
            reasons = tuple(f.message_id for f in findings)
        elif innovation.workflow_state is WorkflowState.DRAFT:
            status = Status.POTENSI
        else:
            status = Status.COUNTED
    answered = [key for key in rules.indicators if levels.get(key)]
    verified_levels = innovation.verified_levels()
    row = InnovationRow(
        id=innovation.id,
        nama=innovation.profile.nama,
        opd_id=innovation.opd_id,
        workflow_state=innovation.workflow_state.value,
        status=status,
        reasons=reasons,
        urusan=claimed.urusan,
        kematangan_klaim=claimed.kematangan,
        kematangan_verifikasi=verified.kematangan,
        completeness=completeness(
            rules, innovation.profile, levels, (d.slot for d in innovation.documents)
        ),
        mandatory_missing=tuple(
            key for key, ind in rules.indicators.items() if ind.mandatory and not levels.get(key)
        ),
        indicators_claimed=len(answered),
        indicators_verified=sum(1 for key in answered if verified_levels.get(key)),
        qc_status=innovation.qc_status.value,
        waiting_since=waiting_since if innovation.workflow_state in WAITING_STATES else None,
        counted_verified=status is Status.COUNTED
        and innovation.qc_status is not QcStatus.REJECTED,
    )  # fmt: skip
    return row, claimed, verified


def project(
    rules: RuleSet,
    innovations: Iterable[Innovation],
    spd_answers: Mapping[str, SpdAnswer],
    opds: Sequence[OpdRef],
    *,
    waiting_since: Mapping[str, datetime] | None = None,
    computed_at: datetime | None = None,
    scope_opd: str | None = None,
    row_cache: MutableMapping[Hashable, CachedRow] | None = None,
    row_keys: Mapping[str, Hashable] | None = None,
) -> PemdaProjection:
    """The projection of the pemda for ``rules.year`` from its innovations of that year.

    ``opds`` lists the pemda's OPDs (an OPD with no innovation still gets its row);
    ``waiting_since`` maps an innovation id to when it entered review. ``scope_opd`` marks a
    projection made from one OPD's data only (an operator's laptop). A caller that knows when
    an innovation changed (the server: content and verdict hashes) may pass ``row_keys`` (id
    -> a key that changes with the innovation, its verdicts and its waiting time) and a
    ``row_cache`` kept between calls: rows of unchanged innovations are then reused. Raises
    ``RuleUnknownError`` when the year does not know its SPD rows or count rule.
    """
    rules.require("spd_rows")
    rules.require("count_score")
    waiting = waiting_since or {}
    rows: list[InnovationRow] = []
    claimed: list[scoring.ScoredInnovation] = []
    verified: list[scoring.ScoredInnovation] = []
    potensi: list[scoring.ScoredInnovation] = []
    for innovation in innovations:
        if innovation.rule_year != rules.year:
            continue
        key = row_keys.get(innovation.id) if row_keys is not None else None
        cached = row_cache.get(key) if row_cache is not None and key is not None else None
        if cached is None:
            cached = _row(rules, innovation, waiting.get(innovation.id))
            if row_cache is not None and key is not None:
                row_cache[key] = cached
        row, klaim, verif = cached
        rows.append(row)
        if row.status is Status.COUNTED:
            claimed.append(klaim)
            if row.counted_verified:
                verified.append(verif)
        elif row.status is Status.POTENSI:
            potensi.append(klaim)
    rows.sort(key=lambda r: (r.nama.casefold(), r.id))
    skor_spd = scoring.spd_score(rules, spd_answers)
    claimed_index = scoring.score_index(rules, skor_spd, claimed)
    verified_index = scoring.score_index(rules, skor_spd, verified)
    top = scoring.max_kematangan(rules)
    gains = tuple(
        Gain(level, scoring.marginal_gain(rules, skor_spd, claimed, level))
        for level in GAIN_LEVELS
        if level <= top
    )
    in_verified = [r for r in rows if r.counted_verified]
    return PemdaProjection(
        year=rules.year,
        rule_title=rules.title,
        computed_at=computed_at or datetime.now(UTC),
        scope="opd" if scope_opd else "pemda",
        scope_opd=scope_opd,
        readings=tuple(
            ReadingUsed(name, reading.value, reading.basis, reading.note)
            for name, reading in vars(rules.readings).items()
        ),
        skor_spd=skor_spd,
        claimed=claimed_index,
        verified=verified_index,
        next_claimed=scoring.next_predicate(rules, claimed_index.indeks)
        if claimed_index.dinilai else None,
        next_verified=scoring.next_predicate(rules, verified_index.indeks)
        if verified_index.dinilai else None,
        with_potensi=scoring.score_index(rules, skor_spd, [*claimed, *potensi]),
        verification=(
            sum(r.indicators_verified for r in in_verified),
            sum(r.indicators_claimed for r in in_verified),
        ),
        gains=gains,
        distribution=_distribution(rows, top),
        max_kematangan=top,
        opds=_opd_rows(rules, rows, opds, claimed_index, verified_index),
        innovations=tuple(rows),
    )  # fmt: skip


def _bands(top: Decimal) -> list[tuple[Decimal, Decimal]]:
    """Bands of BAND_WIDTH from 0; the last one runs to the maximum (2026: 100-111)."""
    bands = [(Decimal(lo), Decimal(lo + BAND_WIDTH)) for lo in range(0, int(top) + 1, BAND_WIDTH)]
    bands[-1] = (bands[-1][0], top + 1)
    return bands


def _distribution(rows: Sequence[InnovationRow], top: Decimal) -> tuple[Band, ...]:
    counted = [r for r in rows if r.counted]
    result = []
    for low, high in _bands(top):
        upper = min(high - 1, top)
        result.append(
            Band(
                label=f"{low:.0f}–{upper:.0f}",
                low=low,
                high=high,
                klaim=sum(1 for r in counted if low <= r.kematangan_klaim < high),
                verifikasi=sum(
                    1
                    for r in counted
                    if r.counted_verified and low <= r.kematangan_verifikasi < high
                ),
            )
        )
    return tuple(result)


def _contribution(
    rules: RuleSet, index: scoring.IndexResult, kematangan_sum: Decimal, n_opd: int
) -> Decimal:
    """Index points one OPD's n_opd innovations add: their kematangan over the divisor plus
    their share of the Skor Jumlah Inovasi. The OPDs' contributions add up to the SID part."""
    if not index.dinilai or index.n == 0:
        return Decimal(0)
    share = index.skor_jumlah_inovasi * n_opd / index.n
    return (kematangan_sum / index.pembagi + share) / rules.skor_total_max * 100


def _opd_rows(
    rules: RuleSet,
    rows: Sequence[InnovationRow],
    opds: Sequence[OpdRef],
    claimed: scoring.IndexResult,
    verified: scoring.IndexResult,
) -> tuple[OpdRow, ...]:
    names = {o.id: o.name for o in opds}
    order = [o.id for o in opds]
    for row in rows:
        if row.opd_id not in names:
            names[row.opd_id] = ""
            order.append(row.opd_id)
    by_opd: dict[str, list[InnovationRow]] = {opd_id: [] for opd_id in order}
    for row in rows:
        by_opd[row.opd_id].append(row)
    result = []
    for opd_id in order:
        own = by_opd[opd_id]
        counted = [r for r in own if r.counted]
        in_verified = [r for r in counted if r.counted_verified]
        states = {state.value: 0 for state in WorkflowState}
        for r in own:
            states[r.workflow_state] = states.get(r.workflow_state, 0) + 1
        waits = [r.waiting_since for r in own if r.waiting_since is not None]
        covered = {name for r in counted for name in scoring.counted_urusan(rules, r.urusan)}
        result.append(
            OpdRow(
                opd_id=opd_id,
                name=names[opd_id],
                states=states,
                total=len(own),
                counted=len(counted),
                potensi=sum(1 for r in own if r.status is Status.POTENSI),
                ineligible=sum(1 for r in own if r.status is Status.INELIGIBLE),
                completeness=round(sum(r.completeness for r in own) / len(own)) if own else None,
                mandatory_missing=sum(
                    len(r.mandatory_missing) for r in own if r.status is not Status.EMPTY
                ),
                kematangan_klaim=_average(r.kematangan_klaim for r in counted),
                kematangan_verifikasi=_average(r.kematangan_verifikasi for r in in_verified),
                contribution_klaim=_contribution(
                    rules,
                    claimed,
                    sum((r.kematangan_klaim for r in counted), Decimal(0)),
                    len(counted),
                ),
                contribution_verifikasi=_contribution(
                    rules,
                    verified,
                    sum((r.kematangan_verifikasi for r in in_verified), Decimal(0)),
                    len(in_verified),
                ),
                oldest_waiting=min(waits) if waits else None,
                yandas=tuple(name for name in rules.yandas if name in covered),
            )  # fmt: skip
        )
    return tuple(result)


def _average(values: Iterable[Decimal]) -> Decimal | None:
    items = list(values)
    if not items:
        return None
    return sum(items, Decimal(0)) / len(items)


def for_opd(whole: PemdaProjection, opd_id: str) -> PemdaProjection:
    """What an OPD's operator sees: the pemda's figures (index, yandas, seats, gains) with only
    that OPD's row and innovations; the distribution counts its own innovations."""
    own = tuple(r for r in whole.innovations if r.opd_id == opd_id)
    return dataclasses.replace(
        whole,
        scope="opd",
        scope_opd=opd_id,
        opds=tuple(o for o in whole.opds if o.opd_id == opd_id),
        innovations=own,
        distribution=_distribution(own, whole.max_kematangan),
    )


def ceil_points(value: Decimal, places: int = 2) -> Decimal:
    """A distance still to go, rounded up (0.0032 points missing is shown as 0.01, not 0.00)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_CEILING)


# --- selecting the innovations behind a figure ---------------------------------------------

SELECTOR_KEYS = {
    "set": "counted | verified | potensi | ineligible | empty | all (default all)",
    "opd": "an OPD id",
    "state": "a workflow state (draft, diajukan, ...)",
    "band": "a kematangan band's index in the distribution (claimed levels)",
    "vband": "a kematangan band's index in the distribution (verified levels)",
    "yandas": "a basic-service urusan the innovation covers (under the year's reading)",
    "missing": "mandatory: innovations with a mandatory indicator left without a level",
    "waiting": "review: submitted innovations waiting for review, longest first",
}
"""Keys of a selector (a URL query string); every key given must hold for a row."""


class SelectorError(ValueError):
    """A selector names an unknown key or value."""


def selector(**parts: str | int | None) -> str:
    """A selector string from keyword parts (``None`` parts are left out), keys in order."""
    items = [(k, str(v)) for k, v in parts.items() if v is not None]
    for key, _ in items:
        if key not in SELECTOR_KEYS:
            raise SelectorError(f"unknown selector key {key!r}")
    return urlencode(items)


def parse_selector(text: str) -> dict[str, str]:
    """The parts of a selector string; unknown keys raise ``SelectorError``."""
    parts = dict(parse_qsl(text or "", keep_blank_values=False))
    for key in parts:
        if key not in SELECTOR_KEYS:
            raise SelectorError(f"unknown selector key {key!r}")
    return parts


def _waiting_key(row: InnovationRow) -> datetime:
    return row.waiting_since or datetime.max.replace(tzinfo=UTC)


_SETS: Mapping[str, Callable[[InnovationRow], bool]] = {
    "counted": lambda r: r.status is Status.COUNTED,
    "verified": lambda r: r.counted_verified,
    "potensi": lambda r: r.status is Status.POTENSI,
    "ineligible": lambda r: r.status is Status.INELIGIBLE,
    "empty": lambda r: r.status is Status.EMPTY,
    "all": lambda r: True,
}


def select(projection: PemdaProjection, text: str | Mapping[str, str]) -> list[InnovationRow]:
    """The innovations behind a figure, in the order the dashboards list them."""
    parts = parse_selector(text) if isinstance(text, str) else dict(text)
    rows: Iterable[InnovationRow] = projection.innovations
    wanted_set = parts.get("set", "all")
    if wanted_set not in _SETS:
        raise SelectorError(f"unknown set {wanted_set!r}")
    rows = [r for r in rows if _SETS[wanted_set](r)]
    if "opd" in parts:
        rows = [r for r in rows if r.opd_id == parts["opd"]]
    if "state" in parts:
        rows = [r for r in rows if r.workflow_state == parts["state"]]
    for key, attribute in (("band", "kematangan_klaim"), ("vband", "kematangan_verifikasi")):
        if key in parts:
            try:
                band = projection.distribution[int(parts[key])]
            except (ValueError, IndexError):
                raise SelectorError(f"no band {parts[key]!r}") from None
            rows = [
                r for r in rows
                if r.counted and band.low <= getattr(r, attribute) < band.high
                and (key == "band" or r.counted_verified)
            ]  # fmt: skip
    if "yandas" in parts:
        rules_reading = projection.reading("yandas_from").value
        name = parts["yandas"]
        rows = [
            r for r in rows
            if name in (r.urusan[:1] if rules_reading == "urusan_utama" else r.urusan)
        ]  # fmt: skip
    if parts.get("missing") == "mandatory":
        rows = [r for r in rows if r.mandatory_missing and r.status is not Status.EMPTY]
    elif "missing" in parts:
        raise SelectorError(f"unknown missing {parts['missing']!r}")
    if parts.get("waiting") == "review":
        waiting = [r for r in rows if r.waiting_since is not None]
        rows = sorted(waiting, key=_waiting_key)
    elif "waiting" in parts:
        raise SelectorError(f"unknown waiting {parts['waiting']!r}")
    return list(rows)


# --- JSON form (the server's answer, the desktop's cache) ----------------------------------


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _index_to_dict(index: scoring.IndexResult) -> dict[str, Any]:
    return {
        "year": index.year,
        "skor_spd": str(index.skor_spd),
        "kematangan": [str(k) for k in index.kematangan],
        "n": index.n,
        "pembagi": index.pembagi,
        "kursi_kosong": index.kursi_kosong,
        "skor_sid_indikator": str(index.skor_sid_indikator),
        "skor_jumlah_inovasi": str(index.skor_jumlah_inovasi),
        "skor_sid": str(index.skor_sid),
        "skor_total": str(index.skor_total),
        "indeks": str(index.indeks),
        "indeks_bulat": str(index.indeks_bulat),
        "predikat": index.predikat,
        "yandas": {
            "covered": list(index.yandas.covered),
            "missing": list(index.yandas.missing),
            "required": index.yandas.required,
        },
        "dinilai": index.dinilai,
        "indeks_rumus": _dec(index.indeks_rumus),
    }


def _index_from_dict(d: Mapping[str, Any]) -> scoring.IndexResult:
    y = d["yandas"]
    return scoring.IndexResult(
        year=int(d["year"]),
        skor_spd=Decimal(d["skor_spd"]),
        kematangan=tuple(Decimal(k) for k in d["kematangan"]),
        n=int(d["n"]),
        pembagi=int(d["pembagi"]),
        kursi_kosong=int(d["kursi_kosong"]),
        skor_sid_indikator=Decimal(d["skor_sid_indikator"]),
        skor_jumlah_inovasi=Decimal(d["skor_jumlah_inovasi"]),
        skor_sid=Decimal(d["skor_sid"]),
        skor_total=Decimal(d["skor_total"]),
        indeks=Decimal(d["indeks"]),
        indeks_bulat=Decimal(d["indeks_bulat"]),
        predikat=str(d["predikat"]),
        yandas=scoring.YandasCoverage(tuple(y["covered"]), tuple(y["missing"]), int(y["required"])),
        dinilai=bool(d["dinilai"]),
        indeks_rumus=None if d.get("indeks_rumus") is None else Decimal(d["indeks_rumus"]),
    )


def _next(value: tuple[str, Decimal] | None) -> list[str] | None:
    return None if value is None else [value[0], str(value[1])]


def _next_from(value: Any) -> tuple[str, Decimal] | None:
    return None if value is None else (str(value[0]), Decimal(value[1]))


def _parse_time(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def projection_to_dict(p: PemdaProjection) -> dict[str, Any]:
    """JSON-safe form; ``projection_from_dict`` reads it back to an equal projection."""
    return {
        "format": FORMAT,
        "year": p.year,
        "rule_title": p.rule_title,
        "computed_at": p.computed_at.isoformat(),
        "scope": p.scope,
        "scope_opd": p.scope_opd,
        "readings": [vars(r) for r in p.readings],
        "skor_spd": str(p.skor_spd),
        "claimed": _index_to_dict(p.claimed),
        "verified": _index_to_dict(p.verified),
        "next_claimed": _next(p.next_claimed),
        "next_verified": _next(p.next_verified),
        "with_potensi": _index_to_dict(p.with_potensi),
        "verification": list(p.verification),
        "gains": [[str(g.kematangan), str(g.points)] for g in p.gains],
        "distribution": [
            [b.label, str(b.low), str(b.high), b.klaim, b.verifikasi] for b in p.distribution
        ],
        "max_kematangan": str(p.max_kematangan),
        "opds": [
            {
                "opd_id": o.opd_id,
                "name": o.name,
                "states": dict(o.states),
                "total": o.total,
                "counted": o.counted,
                "potensi": o.potensi,
                "ineligible": o.ineligible,
                "completeness": o.completeness,
                "mandatory_missing": o.mandatory_missing,
                "kematangan_klaim": _dec(o.kematangan_klaim),
                "kematangan_verifikasi": _dec(o.kematangan_verifikasi),
                "contribution_klaim": str(o.contribution_klaim),
                "contribution_verifikasi": str(o.contribution_verifikasi),
                "oldest_waiting": _time(o.oldest_waiting),
                "yandas": list(o.yandas),
            }
            for o in p.opds
        ],
        "innovations": [
            {
                "id": r.id,
                "nama": r.nama,
                "opd_id": r.opd_id,
                "workflow_state": r.workflow_state,
                "status": r.status.value,
                "reasons": list(r.reasons),
                "urusan": list(r.urusan),
                "kematangan_klaim": str(r.kematangan_klaim),
                "kematangan_verifikasi": str(r.kematangan_verifikasi),
                "completeness": r.completeness,
                "mandatory_missing": list(r.mandatory_missing),
                "indicators_claimed": r.indicators_claimed,
                "indicators_verified": r.indicators_verified,
                "qc_status": r.qc_status,
                "waiting_since": _time(r.waiting_since),
                "counted_verified": r.counted_verified,
            }
            for r in p.innovations
        ],
    }


class ProjectionFormatError(ValueError):
    """A stored or served projection cannot be read (newer format, damaged)."""


def projection_from_dict(d: Mapping[str, Any]) -> PemdaProjection:
    """Read ``projection_to_dict``'s form; raises ``ProjectionFormatError`` when it cannot."""
    try:
        if int(d.get("format", 0)) != FORMAT:
            raise ProjectionFormatError(f"projection format {d.get('format')!r} is not {FORMAT}")
        return PemdaProjection(
            year=int(d["year"]),
            rule_title=str(d["rule_title"]),
            computed_at=datetime.fromisoformat(d["computed_at"]),
            scope=str(d["scope"]),
            scope_opd=d.get("scope_opd"),
            readings=tuple(ReadingUsed(**r) for r in d["readings"]),
            skor_spd=Decimal(d["skor_spd"]),
            claimed=_index_from_dict(d["claimed"]),
            verified=_index_from_dict(d["verified"]),
            next_claimed=_next_from(d.get("next_claimed")),
            next_verified=_next_from(d.get("next_verified")),
            with_potensi=_index_from_dict(d["with_potensi"]),
            verification=(int(d["verification"][0]), int(d["verification"][1])),
            gains=tuple(Gain(Decimal(k), Decimal(p)) for k, p in d["gains"]),
            distribution=tuple(
                Band(str(label), Decimal(lo), Decimal(hi), int(k), int(v))
                for label, lo, hi, k, v in d["distribution"]
            ),
            max_kematangan=Decimal(d["max_kematangan"]),
            opds=tuple(
                OpdRow(
                    opd_id=str(o["opd_id"]),
                    name=str(o["name"]),
                    states={str(k): int(v) for k, v in o["states"].items()},
                    total=int(o["total"]),
                    counted=int(o["counted"]),
                    potensi=int(o["potensi"]),
                    ineligible=int(o["ineligible"]),
                    completeness=None if o["completeness"] is None else int(o["completeness"]),
                    mandatory_missing=int(o["mandatory_missing"]),
                    kematangan_klaim=None
                    if o["kematangan_klaim"] is None
                    else Decimal(o["kematangan_klaim"]),
                    kematangan_verifikasi=None
                    if o["kematangan_verifikasi"] is None
                    else Decimal(o["kematangan_verifikasi"]),
                    contribution_klaim=Decimal(o["contribution_klaim"]),
                    contribution_verifikasi=Decimal(o["contribution_verifikasi"]),
                    oldest_waiting=_parse_time(o["oldest_waiting"]),
                    yandas=tuple(o["yandas"]),
                )  # fmt: skip
                for o in d["opds"]
            ),
            innovations=tuple(
                InnovationRow(
                    id=str(r["id"]),
                    nama=str(r["nama"]),
                    opd_id=str(r["opd_id"]),
                    workflow_state=str(r["workflow_state"]),
                    status=Status(r["status"]),
                    reasons=tuple(r["reasons"]),
                    urusan=tuple(r["urusan"]),
                    kematangan_klaim=Decimal(r["kematangan_klaim"]),
                    kematangan_verifikasi=Decimal(r["kematangan_verifikasi"]),
                    completeness=int(r["completeness"]),
                    mandatory_missing=tuple(r["mandatory_missing"]),
                    indicators_claimed=int(r["indicators_claimed"]),
                    indicators_verified=int(r["indicators_verified"]),
                    qc_status=str(r["qc_status"]),
                    waiting_since=_parse_time(r["waiting_since"]),
                    counted_verified=bool(r["counted_verified"]),
                )
                for r in d["innovations"]
            ),
        )
    except ProjectionFormatError:
        raise
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise ProjectionFormatError(f"damaged projection: {exc!r}") from None
