"""Demo content the real process could have produced: for a claimed level, the measure and the
evidence (metadata) that prove it under the rule year, and a review reached only through
:func:`iid.workflow.decide`. Used by the desktop's and the server's demo seeds, which turn each
:class:`DemoDocument` into a stored file of their own."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from iid import workflow as wf
from iid.records import (
    EvidenceDocument,
    IndicatorAnswer,
    Innovation,
    QcStatus,
    Verdict,
    WorkflowState,
)
from iid.rules import Band, Indicator, Measure, RuleSet
from iid.scoring import measure_level, years_level

RANCANG_BANGUN = (
    "Inovasi ini lahir dari keluhan masyarakat tentang layanan yang lambat dan berbelit. "
    "Tim menyusun alur baru yang memangkas tahapan, menyiapkan petugas, dan memanfaatkan "
    "teknologi yang sudah dimiliki perangkat daerah. "
) * 12
"""A rancang bangun long enough for the rule years' minimum."""


@dataclass(frozen=True)
class DemoDocument:
    """One piece of evidence to make: a ``"pdf"`` or ``"image"`` file (the seed generates it
    and stores it), or a ``"link"`` (a video link with its length)."""

    slot: str
    kind: str
    tentang: str
    nomor: str = ""
    tanggal: date | None = None
    tahun: int | None = None
    jenis: str = ""
    names_innovation: bool | None = None
    name_page: int | None = None
    link: str | None = None
    duration_seconds: float | None = None

    def document(
        self,
        doc_id: str,
        *,
        sha256: str | None = None,
        file_name: str | None = None,
        media_type: str | None = None,
        size_bytes: int | None = None,
        page_count: int | None = None,
    ) -> EvidenceDocument:
        """The evidence document for the stored file (``sha256``...) or, for a link, as is."""
        return EvidenceDocument(
            id=doc_id, slot=self.slot, nomor=self.nomor, tanggal=self.tanggal,
            tentang=self.tentang, sha256=sha256, link=self.link, file_name=file_name,
            media_type=media_type, size_bytes=size_bytes, page_count=page_count,
            duration_seconds=self.duration_seconds, jenis=self.jenis, tahun=self.tahun,
            names_innovation=self.names_innovation, name_page=self.name_page,
        )  # fmt: skip


def _band_value(band: Band, *, ratio: bool = False) -> Decimal:
    """A number inside ``band`` (its upper end where it has one; a ratio's lower end)."""
    if ratio and band.min is not None:
        return band.min
    if band.max is not None:
        return band.max
    assert band.min is not None
    return band.min * 2 if band.min > 0 else Decimal(1)


def _measured(measure: Measure, key: str, level: int, year: int) -> IndicatorAnswer:
    if measure.kind == "years":
        offsets = sorted(next(iter(measure.level_sets[level - 1])))
        years = tuple(str(year + o) for o in offsets)
        return IndicatorAnswer(key, level, checklist=years)
    if measure.kind == "checklist":
        assert measure.scale is not None
        count = int(_band_value(measure.scale.bands[level - 1]))
        return IndicatorAnswer(key, level, checklist=tuple(list(measure.items)[:count]))
    if measure.kind == "bases":
        basis = next(iter(measure.bases.values()))
        quantity = _band_value(basis.scale.bands[level - 1])
        return IndicatorAnswer(key, level, basis=basis.key, quantity=quantity)
    assert measure.scale is not None
    band = measure.scale.bands[level - 1]
    if measure.kind == "ratio":
        return IndicatorAnswer(
            key, level, quantity=_band_value(band, ratio=True), quantity_base=Decimal(100)
        )
    return IndicatorAnswer(key, level, quantity=_band_value(band))


def _document_year(indicator: Indicator, rules: RuleSet, stage: int) -> int:
    proof = indicator.proof
    window = proof.window if proof is not None else None
    if window is None:
        return stage
    reference = rules.year if window.relative_to == "assessment" else stage
    if window.latest is not None:
        return reference + window.latest
    return reference + (window.earliest or 0)


def proven_claim(
    rules: RuleSet, key: str, level: int, *, stage_year: int, number: int = 1
) -> tuple[IndicatorAnswer, list[DemoDocument]]:
    """The answer (claimed ``level`` with the measure that gives exactly that level) and the
    documents that prove it for indicator ``key``: the accepted jenis dokumen of the level, the
    years the window or a ``years`` measure asks for, the innovation named where that is
    required. ``stage_year``: the year of the innovation's stage date (penerapan);
    ``number`` makes the document numbers differ between innovations."""
    indicator = rules.indicators[key]
    measure = indicator.measure
    answer = (
        _measured(measure, key, level, rules.year)
        if measure is not None
        else IndicatorAnswer(key, claimed_level=level)
    )
    if measure is not None:
        derived = measure_level(measure, answer, rules.year)
        assert derived == level, f"demo measure of {key} gives {derived}, not {level}"
    proof = indicator.proof
    types = rules.accepted_media_types(key)
    jenis = ""
    if proof is not None and proof.level_jenis and proof.level_jenis[level - 1]:
        jenis = sorted(proof.level_jenis[level - 1])[0]
    elif proof is not None and proof.accepted_jenis:
        jenis = sorted(proof.accepted_jenis)[0]
    named = True if proof is not None and proof.names_innovation else None
    if any(t.startswith("video/") for t in types) and rules.accepts_links(key):
        video = DemoDocument(
            key, "link", indicator.name,
            link=f"https://www.youtube.com/watch?v=contoh-inovasi-{number}", duration_seconds=180,
        )  # fmt: skip
        return answer, [video]
    kind = "pdf" if "application/pdf" in types else "image"
    if measure is not None and measure.kind == "years":
        years = sorted(int(y) for y in answer.checklist)
        assert years_level(measure, set(years), rules.year) == level
    else:
        years = [_document_year(indicator, rules, stage_year)]
    documents = [
        DemoDocument(
            key,
            kind,
            f"{indicator.name} {year}" if len(years) > 1 else indicator.name,
            nomor=f"{100 + int(key)}/{number}/{year}" if kind == "pdf" else "",
            tanggal=date(year, 3, 4),
            tahun=year if len(years) > 1 else None,
            jenis=jenis,
            names_innovation=named,
            name_page=1 if named else None,
        )
        for year in years
    ]
    return answer, documents


@dataclass(frozen=True)
class Step:
    """One move of a demo innovation's history: who made it (username and full name, as the
    server writes them from the account), when, with which note."""

    action: wf.Action
    role: wf.Role
    username: str
    at: datetime
    note: str = ""
    full_name: str = ""


class DemoRefused(RuntimeError):
    """A demo move the workflow refuses (the demo data would be impossible)."""


def walk(
    innovation: Innovation,
    rules: RuleSet,
    steps: Sequence[Step],
    verdicts: Mapping[str, tuple[Verdict, int, str]] | None = None,
    *,
    settings: wf.WorkflowSettings | None = None,
    qc: bool = True,
) -> wf.Review:
    """The review ``innovation`` reaches through ``steps``, each decided by
    :func:`iid.workflow.decide` as the server decides it (raises :class:`DemoRefused` on the
    first refusal). Before a verifier's first move the verifier gives ``verdicts`` (indicator:
    verdict, level, note; the rest of the claims Sesuai) and, with ``qc``, the QC status Accept."""
    settings = settings or wf.WorkflowSettings()
    review = wf.Review(innovation.id)
    reviewed = False
    for step in steps:
        actor = wf.Actor(step.role, step.username, own_opd=True, full_name=step.full_name)
        if step.role in (wf.Role.VERIFIKATOR, wf.Role.ADMIN) and not reviewed:
            reviewed = True
            if step.action in (wf.Action.SETUJUI, wf.Action.PERLU_REVISI):
                review = _decide(
                    _verdicts(innovation, verdicts or {}, step, qc), actor, innovation,
                    review, settings, rules, step.at,
                )  # fmt: skip
        move = wf.Move(innovation.id, step.action, note=step.note, requested_at=step.at)
        review = _decide(move, actor, innovation, review, settings, rules, step.at)
    return review


def _verdicts(
    innovation: Innovation,
    given: Mapping[str, tuple[Verdict, int, str]],
    step: Step,
    qc: bool,
) -> wf.Move:
    inputs = {}
    for key in wf.claimed_indicators(innovation):
        verdict, level, note = given.get(key, (Verdict.SESUAI, 0, ""))
        inputs[key] = wf.VerdictInput(
            verdict,
            level or None,
            note,
            wf.evidence_fingerprint(innovation, key),
        )
    return wf.Move(
        innovation.id,
        wf.Action.NILAI,
        verdicts=inputs,
        qc_status=QcStatus.ACCEPT if qc else None,
        requested_at=step.at,
    )


def _decide(
    move: wf.Move,
    actor: wf.Actor,
    innovation: Innovation,
    review: wf.Review,
    settings: wf.WorkflowSettings,
    rules: RuleSet,
    at: datetime,
) -> wf.Review:
    decision = wf.decide(
        move, actor=actor, innovation=innovation, review=review, settings=settings,
        rules=rules, at=at,
    )  # fmt: skip
    if not decision.accepted:
        codes = ", ".join(r.code for r in decision.refusals)
        raise DemoRefused(f"{move.action.value} on {innovation.id}: {codes}")
    return decision.review


_SUBMITTED = frozenset(WorkflowState) - {WorkflowState.DRAFT, WorkflowState.REVISI}
_APPROVED = frozenset({WorkflowState.DISETUJUI, WorkflowState.SIAP_KIRIM, WorkflowState.TERKIRIM})


def impossibilities(
    innovation: Innovation,
    review: wf.Review,
    rules: RuleSet,
    settings: wf.WorkflowSettings | None = None,
) -> list[str]:
    """What the real process could not have produced (empty: nothing): a history that does not
    lead from draft to the review's state through allowed moves, a submitted state whose
    content Ajukan would refuse (blocking findings; the content is locked since), an approved
    state without a verdict on every claim made on the evidence as it is, a return to revisi
    without its note."""
    settings = settings or wf.WorkflowSettings()
    problems: list[str] = []
    state = WorkflowState.DRAFT
    for step in review.history:
        allowed = any(
            e.action is step.action and step.role in e.roles and e.target is step.to_state
            and state in e.sources(settings)
            for e in wf.EDGES
        )  # fmt: skip
        if step.from_state is not state or not allowed:
            problems.append(f"{step.action.value} by {step.role.value} from {state.value}")
        if step.action in wf.NOTE_REQUIRED and not step.note.strip():
            problems.append(f"{step.action.value} without a note")
        state = step.to_state
    if state is not review.state:
        problems.append(f"the history ends in {state.value}, the state is {review.state.value}")
    if review.state in _SUBMITTED:
        problems += [f"{f.code} on {f.target}" for f in wf.blocking_findings(innovation, rules)]
    if review.state in _APPROVED:
        verdicts = wf.effective_verdicts(review, innovation)
        problems += [
            f"no verdict on {key}"
            for key in wf.claimed_indicators(innovation)
            if verdicts.get(key, wf.IndicatorReview()).verdict is Verdict.PENDING
        ]
    return problems
