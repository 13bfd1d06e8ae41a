"""The pemda's review workflow (IID-RULES.md section 6) as a pure state machine.

States (``iid.records.WorkflowState``)::

    draft --ajukan--> diajukan [--sahkan--> disahkan_opd] --setujui--> disetujui
      ^                  |  \\                  |               --siap_kirim--> siap_kirim
      |                  |   \\--perlu_revisi--> revisi <--+          --terkirim--> terkirim
      +--tarik_kembali---+        (revisi --ajukan_ulang--> diajukan)  |
                                   buka_kembali (admin, a reason) ----+ from disetujui,
                                                                        siap_kirim, terkirim

The OPD-head step (``disahkan_opd``, role ``kepala_opd``) exists only when the pemda enables it
(:class:`WorkflowSettings`); then verifiers work on ``disahkan_opd``, else on ``diajukan``.

Who does what (:data:`EDGES`): the operator of the innovation's OPD ajukan, tarik kembali (only
before the review started), ajukan ulang; the kepala OPD of that OPD sahkan or returns it
(perlu revisi) while the step is on; verifikator and admin (any OPD of the pemda) give verdicts
and the QC status (``nilai``, no state change), perlu revisi, setujui; the admin also siap
kirim, terkirim and buka kembali. Pimpinan reads only.

Guards: ajukan / ajukan ulang need zero blocking findings (``iid.checks``) and every file on the
server (the server says which are missing); setujui needs a verdict on every claimed indicator;
perlu revisi and buka kembali need a note; a verdict must follow the verdict rules (Sesuai: the
claimed level unless lowered; never above the claim; Tidak Sesuai: a lower level and a note;
Tidak Dapat Diukur: level 0) and be made on the evidence as it is now (its fingerprint).

The officer's content is editable only in ``draft`` and ``revisi`` (:func:`content_editable`);
changing an indicator's evidence or claimed level puts its verdict back to pending
(:func:`reset_changed_verdicts` on the server, :func:`effective_verdicts` on a device).

:func:`decide` is the one decision, used by the server (authoritative) and the desktop (to show
only the moves a role may make, and why one is disabled: :func:`options`). Refusals carry a
stable code, parameters, a field path and a message in Indonesian and English.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from iid.checks import check_innovation
from iid.findings import Finding
from iid.records import IndicatorAnswer, Innovation, QcStatus, Verdict, WorkflowState
from iid.rules import RuleSet

MAX_HISTORY = 200
"""Transitions kept in a review (the server's audit log keeps every one)."""
MAX_NOTE = 4000


class Role(StrEnum):
    """What an account may do (IID-RULES.md section 7; ``kepala_opd`` for the OPD-head step).

    Operators and the kepala OPD act on their own OPD; the other roles span the pemda.
    """

    OPERATOR = "operator"
    VERIFIKATOR = "verifikator"
    ADMIN = "admin"
    PIMPINAN = "pimpinan"
    KEPALA_OPD = "kepala_opd"


class Action(StrEnum):
    """The moves of the workflow (their Indonesian names, as the screens say them)."""

    AJUKAN = "ajukan"
    TARIK_KEMBALI = "tarik_kembali"
    AJUKAN_ULANG = "ajukan_ulang"
    SAHKAN = "sahkan"
    NILAI = "nilai"
    """Verdicts on indicators and/or the QC status and note: no state change."""
    PERLU_REVISI = "perlu_revisi"
    SETUJUI = "setujui"
    SIAP_KIRIM = "siap_kirim"
    TERKIRIM = "terkirim"
    BUKA_KEMBALI = "buka_kembali"


S = WorkflowState
EDITABLE_STATES = frozenset({S.DRAFT, S.REVISI})
"""States in which the officer's content may change."""
OPD_ROLES = frozenset({Role.OPERATOR, Role.KEPALA_OPD})
"""Roles that act only on their own OPD's innovations."""
CONTENT_WRITERS = frozenset({Role.OPERATOR, Role.ADMIN})
"""Roles that write an innovation's content (operators their own OPD's)."""


@dataclass(frozen=True)
class WorkflowSettings:
    """The pemda's choices: ``opd_step`` adds the kepala OPD's approval (off by default)."""

    opd_step: bool = False


def verification_states(settings: WorkflowSettings) -> frozenset[WorkflowState]:
    """States in which verifiers give verdicts and decide (``disahkan_opd`` always, so turning
    the step off never strands an innovation; ``diajukan`` when there is no OPD step)."""
    return frozenset({S.DISAHKAN_OPD} if settings.opd_step else {S.DIAJUKAN, S.DISAHKAN_OPD})


@dataclass(frozen=True)
class Edge:
    """One allowed move: ``action`` by ``roles`` from the states ``sources(settings)`` gives,
    to ``target`` (None: the state stays)."""

    action: Action
    roles: frozenset[Role]
    target: WorkflowState | None
    from_states: frozenset[WorkflowState] = frozenset()
    from_verification: bool = False
    only_with_opd_step: bool = False

    def sources(self, settings: WorkflowSettings) -> frozenset[WorkflowState]:
        if self.only_with_opd_step and not settings.opd_step:
            return frozenset()
        if self.from_verification:
            return self.from_states | verification_states(settings)
        return self.from_states


_VERIFIERS = frozenset({Role.VERIFIKATOR, Role.ADMIN})
EDGES: tuple[Edge, ...] = (
    Edge(Action.AJUKAN, frozenset({Role.OPERATOR}), S.DIAJUKAN, frozenset({S.DRAFT})),
    Edge(
        Action.TARIK_KEMBALI,
        frozenset({Role.OPERATOR}),
        S.DRAFT,
        frozenset({S.DIAJUKAN, S.DISAHKAN_OPD}),
    ),
    Edge(Action.AJUKAN_ULANG, frozenset({Role.OPERATOR}), S.DIAJUKAN, frozenset({S.REVISI})),
    Edge(
        Action.SAHKAN,
        frozenset({Role.KEPALA_OPD}),
        S.DISAHKAN_OPD,
        frozenset({S.DIAJUKAN}),
        only_with_opd_step=True,
    ),
    Edge(
        Action.PERLU_REVISI,
        frozenset({Role.KEPALA_OPD}),
        S.REVISI,
        frozenset({S.DIAJUKAN}),
        only_with_opd_step=True,
    ),
    Edge(Action.NILAI, _VERIFIERS, None, from_verification=True),
    Edge(Action.PERLU_REVISI, _VERIFIERS, S.REVISI, from_verification=True),
    Edge(Action.SETUJUI, _VERIFIERS, S.DISETUJUI, from_verification=True),
    Edge(Action.SIAP_KIRIM, frozenset({Role.ADMIN}), S.SIAP_KIRIM, frozenset({S.DISETUJUI})),
    Edge(Action.TERKIRIM, frozenset({Role.ADMIN}), S.TERKIRIM, frozenset({S.SIAP_KIRIM})),
    Edge(
        Action.BUKA_KEMBALI,
        frozenset({Role.ADMIN}),
        S.REVISI,
        frozenset({S.DISETUJUI, S.SIAP_KIRIM, S.TERKIRIM}),
    ),
)
"""Every allowed move. Anything not listed here is refused."""

NOTE_REQUIRED = frozenset({Action.PERLU_REVISI, Action.BUKA_KEMBALI})
SUBMITS = frozenset({Action.AJUKAN, Action.AJUKAN_ULANG})


# --- the server-owned part of an innovation -------------------------------------------------------


@dataclass(frozen=True)
class IndicatorReview:
    """A verifier's verdict on one indicator, with the evidence it was given on.

    ``fingerprint`` is :func:`evidence_fingerprint` of the indicator when the verdict was made;
    ``reset`` marks a verdict put back to pending because that evidence changed (the earlier
    ``note`` is kept for the officer).
    """

    verdict: Verdict = Verdict.PENDING
    verified_level: int | None = None
    note: str = ""
    fingerprint: str = ""
    by: str = ""
    at: datetime | None = None
    reset: bool = False


@dataclass(frozen=True)
class Transition:
    """One change of state: which move, from and to, who (username, role and the full name
    they had then; empty in transitions made before it was kept), when, the note."""

    action: Action
    from_state: WorkflowState
    to_state: WorkflowState
    by: str
    role: Role
    at: datetime
    note: str = ""
    by_name: str = ""


@dataclass(frozen=True)
class Review:
    """The server-owned part of one innovation: its state, the verdicts, the QC status and
    note, whether this round's review has started, and the transitions so far."""

    innovation_id: str
    state: WorkflowState = S.DRAFT
    indicators: Mapping[str, IndicatorReview] = field(default_factory=dict)
    qc_status: QcStatus = QcStatus.PENDING
    note: str = ""
    review_started: bool = False
    history: tuple[Transition, ...] = ()

    @property
    def return_note(self) -> str:
        """The note of the newest return to revisi (what the officer must fix), or ""."""
        for step in reversed(self.history):
            if step.to_state is S.REVISI:
                return step.note
        return ""

    def verdict(self, indicator: str) -> IndicatorReview:
        return self.indicators.get(indicator) or IndicatorReview()


# --- requests -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerdictInput:
    """A verdict as a verifier gives it: ``verified_level`` None means "as the rules say"
    (Sesuai: the claimed level; otherwise 0); ``fingerprint`` is the evidence they looked at."""

    verdict: Verdict
    verified_level: int | None = None
    note: str = ""
    fingerprint: str = ""


@dataclass(frozen=True)
class Move:
    """A request to move an innovation (made on a device, possibly offline, decided by the
    server). ``note``: the transition's note (required for perlu revisi and buka kembali);
    ``verdicts``, ``qc_status``, ``qc_note``: what a ``nilai`` sets (None: unchanged)."""

    innovation_id: str
    action: Action
    note: str = ""
    verdicts: Mapping[str, VerdictInput] = field(default_factory=dict)
    qc_status: QcStatus | None = None
    qc_note: str | None = None
    requested_at: datetime | None = None


@dataclass(frozen=True)
class Actor:
    """Who asks: their role, username, and whether the innovation is of their own OPD; their
    full name goes into the transitions they make (what people read)."""

    role: Role
    username: str = ""
    own_opd: bool = False
    full_name: str = ""


@dataclass(frozen=True)
class Refusal:
    """Why a move (or part of it) is refused: a stable ``code``, its ``params``, the field it
    concerns (``loc``, e.g. ``("verdicts", "16", "note")``) and the words in both languages."""

    code: str
    message_id: str
    message_en: str
    loc: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    """The outcome of :func:`decide`: accepted with the new review (and the transition, for a
    change of state), or refused with the reasons (the review unchanged)."""

    review: Review
    refusals: tuple[Refusal, ...] = ()
    transition: Transition | None = None

    @property
    def accepted(self) -> bool:
        return not self.refusals


# --- evidence fingerprints ------------------------------------------------------------------------


def evidence_fingerprint(innovation: Innovation, indicator: str) -> str:
    """A digest of what a verdict on ``indicator`` judges: the claimed level with its measure
    and the indicator's documents (file or link and the officer's metadata; not their order
    nor what a machine read from them). Equal on every device for equal content."""
    answer = innovation.answers.get(indicator)
    claim: dict[str, Any] = {}
    if answer is not None:
        claim = {
            "level": answer.claimed_level or 0,
            "quantity": None if answer.quantity is None else str(answer.quantity),
            "base": None if answer.quantity_base is None else str(answer.quantity_base),
            "basis": answer.basis,
            "checklist": sorted(answer.checklist),
        }
    documents = sorted(
        (
            {
                "id": d.id,
                "sha256": d.sha256,
                "link": d.link,
                "nomor": d.nomor,
                "tanggal": d.tanggal.isoformat() if d.tanggal else None,
                "tentang": d.tentang,
                "jenis": d.jenis,
                "tahun": d.tahun,
            }
            for d in innovation.documents
            if d.slot == indicator
        ),
        key=lambda d: str(d["id"]),
    )
    canonical = json.dumps(
        {"claim": claim, "documents": documents}, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def claimed_indicators(innovation: Innovation) -> list[str]:
    """Indicators the officer claimed a level for (the ones that need a verdict)."""
    return sorted(k for k, a in innovation.answers.items() if a.claimed_level)


def effective_verdicts(review: Review, innovation: Innovation) -> dict[str, IndicatorReview]:
    """The verdicts as they stand for ``innovation``'s content now: one whose evidence changed
    since it was given counts as pending (a device shows this before the server resets it)."""
    out: dict[str, IndicatorReview] = {}
    for key, given in review.indicators.items():
        # No fingerprint: a verdict of the first releases, kept as given.
        if (
            given.verdict is not Verdict.PENDING
            and given.fingerprint
            and given.fingerprint != evidence_fingerprint(innovation, key)
        ):
            given = replace(given, verdict=Verdict.PENDING, verified_level=None, reset=True)
        out[key] = given
    return out


def reset_changed_verdicts(review: Review, innovation: Innovation) -> tuple[Review, list[str]]:
    """After the officer's content changed: every verdict whose evidence changed goes back to
    pending (its note kept). Returns the new review and the indicators reset."""
    current = effective_verdicts(review, innovation)
    changed = sorted(k for k, v in current.items() if v != review.indicators.get(k))
    if not changed:
        return review, []
    return replace(review, indicators=current), changed


def overlay(innovation: Innovation, review: Review) -> Innovation:
    """``innovation`` with its server-owned part laid over: the workflow state, the QC status and
    per indicator the verdict, verified level and the verifier's note (as they stand for this
    content: :func:`effective_verdicts`). What every reader of a whole innovation uses."""
    answers = {
        key: answer
        if answer.verdict is Verdict.PENDING
        and answer.verified_level is None
        and not answer.verifier_note
        else replace(answer, verdict=Verdict.PENDING, verified_level=None, verifier_note="")
        for key, answer in innovation.answers.items()
    }  # (an officer's content carries no verdict: most answers are kept as they are)
    for key, given in effective_verdicts(review, innovation).items():
        answer = answers.get(key) or IndicatorAnswer(key)
        answers[key] = replace(
            answer,
            verdict=given.verdict,
            verified_level=given.verified_level,
            verifier_note=given.note,
        )
    return replace(
        innovation, answers=answers, workflow_state=review.state, qc_status=review.qc_status
    )


# --- deciding -------------------------------------------------------------------------------------


def content_editable(state: WorkflowState) -> bool:
    """May the officer's content change in ``state`` (draft and revisi only)?"""
    return state in EDITABLE_STATES


def content_refusal(
    actor: Actor, state: WorkflowState, *, deleting: bool = False
) -> Refusal | None:
    """Why ``actor`` may not change (or delete) the content of an innovation in ``state``, or
    None if they may. Operators write their own OPD's innovations, the admin any; only in draft
    and revisi; deleting only in draft."""
    if actor.role not in CONTENT_WRITERS:
        return _refuse(
            "workflow.content_role",
            "Peran Anda tidak dapat mengubah isi inovasi; isi inovasi milik operator OPD-nya.",
            "Your role cannot change an innovation's content; it belongs to its OPD's operators.",
        )
    if actor.role in OPD_ROLES and not actor.own_opd:
        return _other_opd()
    if deleting and state is not S.DRAFT:
        return _refuse(
            "workflow.delete_locked",
            f"Inovasi berstatus {STATE_ID[state]} tidak dapat dihapus; hanya draf yang dapat "
            "dihapus.",
            f"An innovation that is {STATE_EN[state]} cannot be deleted; only drafts can.",
            params={"state": state.value},
        )
    if not content_editable(state):
        return _refuse(
            "workflow.locked",
            f"Inovasi berstatus {STATE_ID[state]} terkunci: isinya tidak dapat diubah sampai "
            "dikembalikan untuk revisi.",
            f"The innovation is {STATE_EN[state]} and locked: its content cannot change until "
            "it is returned for revision.",
            params={"state": state.value},
        )
    return None


def edges_for(actor: Actor, state: WorkflowState, settings: WorkflowSettings) -> list[Edge]:
    """The moves ``actor``'s role may make from ``state`` (before guards), in table order."""
    if actor.role in OPD_ROLES and not actor.own_opd:
        return []
    seen: set[Action] = set()
    out: list[Edge] = []
    for edge in EDGES:
        if actor.role in edge.roles and state in edge.sources(settings) and edge.action not in seen:
            seen.add(edge.action)
            out.append(edge)
    return out


@dataclass(frozen=True)
class MoveOption:
    """A move to show ``actor``: enabled when ``refusals`` is empty, else disabled with them."""

    action: Action
    target: WorkflowState | None
    refusals: tuple[Refusal, ...] = ()

    @property
    def enabled(self) -> bool:
        return not self.refusals


def options(
    actor: Actor,
    innovation: Innovation,
    review: Review,
    settings: WorkflowSettings,
    rules: RuleSet,
) -> list[MoveOption]:
    """Every move ``actor`` may make now, each with what blocks it (a missing note is not a
    block: the screen asks for it). What the desktop shows; the server decides the same way."""
    out: list[MoveOption] = []
    for edge in edges_for(actor, review.state, settings):
        probe = Move(innovation.id, edge.action, note="-")
        if edge.action is Action.NILAI:
            out.append(MoveOption(edge.action, edge.target))
            continue
        decision = decide(
            probe,
            actor=actor,
            innovation=innovation,
            review=review,
            settings=settings,
            rules=rules,
            at=datetime.min,
        )
        out.append(MoveOption(edge.action, edge.target, decision.refusals))
    return out


def blocking_findings(innovation: Innovation, rules: RuleSet) -> list[Finding]:
    """The findings that block ajukan (errors of ``iid.checks``)."""
    return [f for f in check_innovation(innovation, rules) if f.blocks_submit]


def decide(
    move: Move,
    *,
    actor: Actor,
    innovation: Innovation,
    review: Review,
    settings: WorkflowSettings,
    rules: RuleSet,
    at: datetime,
    missing_blobs: Collection[str] = (),
) -> Decision:
    """Decide ``move`` on ``innovation`` (its officer's content now) and ``review`` (its
    server-owned part now). ``missing_blobs``: files the innovation refers to that the server
    does not hold (the server passes them; a device does not know). Pure."""
    refusals = _allowed(move.action, actor, review.state, settings)
    if refusals:
        return Decision(review, refusals)
    refusals = _guards(move, innovation, review, rules, missing_blobs)
    if refusals:
        return Decision(review, refusals)
    if move.action is Action.NILAI:
        return Decision(_apply_verdicts(move, actor, innovation, review, at))
    edge = next(
        e
        for e in edges_for(actor, review.state, settings)
        if e.action is move.action and e.target is not None
    )
    assert edge.target is not None
    step = Transition(
        action=move.action,
        from_state=review.state,
        to_state=edge.target,
        by=actor.username,
        role=actor.role,
        at=at,
        note=move.note.strip(),
        by_name=actor.full_name,
    )
    new = replace(
        review,
        state=edge.target,
        history=(*review.history, step)[-MAX_HISTORY:],
        review_started=False if move.action in SUBMITS else review.review_started,
    )
    return Decision(new, (), step)


def _allowed(
    action: Action, actor: Actor, state: WorkflowState, settings: WorkflowSettings
) -> tuple[Refusal, ...]:
    edges = [e for e in EDGES if e.action is action]
    if not any(actor.role in e.roles for e in edges):
        return (
            _refuse(
                "workflow.role",
                f'Peran {ROLE_ID[actor.role]} tidak dapat melakukan langkah "{ACTION_ID[action]}".',
                f'The {actor.role.value} role cannot make the move "{ACTION_EN[action]}".',
                params={"action": action.value, "role": actor.role.value},
            ),
        )
    if actor.role in OPD_ROLES and not actor.own_opd:
        return (_other_opd(),)
    mine = [e for e in edges if actor.role in e.roles]
    if all(e.only_with_opd_step for e in mine) and not settings.opd_step:
        return (
            _refuse(
                "workflow.opd_step_off",
                "Pemda Anda tidak memakai pengesahan kepala OPD; inovasi langsung diverifikasi.",
                "Your pemda does not use the OPD head's approval; innovations go straight to "
                "verification.",
            ),
        )
    if not any(state in e.sources(settings) for e in mine):
        return (
            _refuse(
                "workflow.state",
                f'Langkah "{ACTION_ID[action]}" tidak dapat dilakukan pada inovasi berstatus '
                f"{STATE_ID[state]}.",
                f'The move "{ACTION_EN[action]}" cannot be made on an innovation that is '
                f"{STATE_EN[state]}.",
                params={"action": action.value, "state": state.value},
            ),
        )
    return ()


def _guards(
    move: Move,
    innovation: Innovation,
    review: Review,
    rules: RuleSet,
    missing_blobs: Collection[str],
) -> tuple[Refusal, ...]:
    out: list[Refusal] = []
    action = move.action
    if action in NOTE_REQUIRED and not move.note.strip():
        out.append(
            _refuse(
                "workflow.note_required",
                "Tuliskan catatan: apa yang harus diperbaiki, atau mengapa inovasi dibuka kembali.",
                "Write a note: what must be fixed, or why the innovation is reopened.",
                loc=("note",),
            )
        )
    if len(move.note) > MAX_NOTE:
        out.append(_too_long(("note",)))
    if action is Action.TARIK_KEMBALI and review.review_started:
        out.append(
            _refuse(
                "workflow.review_started",
                "Verifikator sudah mulai memeriksa inovasi ini, sehingga tidak dapat ditarik "
                "kembali. Minta verifikator mengembalikannya bila perlu diubah.",
                "A verifier has started reviewing this innovation, so it cannot be withdrawn. "
                "Ask the verifier to return it if it must change.",
            )
        )
    if action in SUBMITS:
        blocking = blocking_findings(innovation, rules)
        if blocking:
            out.append(
                _refuse(
                    "workflow.blocking_findings",
                    f"Masih ada {len(blocking)} hal yang harus dilengkapi sebelum diajukan: "
                    f"{blocking[0].message_id}",
                    f"{len(blocking)} thing(s) must be completed before submitting: "
                    f"{blocking[0].message_en}",
                    params={
                        "count": len(blocking),
                        "codes": [f.code for f in blocking],
                        "targets": [f.target for f in blocking],
                    },
                )
            )
        if missing_blobs:
            out.append(
                _refuse(
                    "workflow.evidence_not_uploaded",
                    f"{len(missing_blobs)} berkas bukti belum sampai di server. Tunggu "
                    "sinkronisasi selesai mengunggahnya, lalu ajukan lagi.",
                    f"{len(missing_blobs)} evidence file(s) have not reached the server yet. "
                    "Let sync finish uploading them, then submit again.",
                    params={"count": len(missing_blobs), "hashes": sorted(missing_blobs)},
                )
            )
    if action is Action.SETUJUI:
        current = effective_verdicts(review, innovation)
        missing = [
            key
            for key in claimed_indicators(innovation)
            if current.get(key, IndicatorReview()).verdict is Verdict.PENDING
        ]
        if missing:
            out.append(
                _refuse(
                    "workflow.verdicts_missing",
                    f"Indikator {', '.join(missing)} belum dinilai. Beri penilaian pada setiap "
                    "indikator yang diklaim sebelum menyetujui.",
                    f"Indicator(s) {', '.join(missing)} have no verdict yet. Give a verdict on "
                    "every claimed indicator before approving.",
                    params={"indicators": missing},
                )
            )
    if action is Action.NILAI:
        out += _verdict_refusals(move, innovation)
    return tuple(out)


def _verdict_refusals(move: Move, innovation: Innovation) -> list[Refusal]:
    out: list[Refusal] = []
    if not move.verdicts and move.qc_status is None and move.qc_note is None:
        out.append(
            _refuse(
                "workflow.empty",
                "Tidak ada penilaian yang dikirim.",
                "No verdict was sent.",
                loc=("verdicts",),
            )
        )
    if move.qc_note is not None and len(move.qc_note) > MAX_NOTE:
        out.append(_too_long(("qc_note",)))
    for key, given in move.verdicts.items():
        out += verdict_refusals(innovation, key, given)
    return out


def verdict_refusals(innovation: Innovation, indicator: str, given: VerdictInput) -> list[Refusal]:
    """What is wrong with one verdict on ``innovation`` (empty: it follows the rules and was
    made on the evidence as it is now). The review screen checks with this as the verifier
    types."""
    loc = ("verdicts", indicator)
    answer = innovation.answers.get(indicator)
    claimed = (answer.claimed_level or 0) if answer is not None else 0
    if not claimed:
        return [
            _refuse(
                "verdict.not_claimed",
                f"Indikator {indicator} tidak diklaim oleh OPD, sehingga tidak dinilai.",
                f"Indicator {indicator} was not claimed by the OPD, so it is not assessed.",
                loc=loc,
                params={"indicator": indicator},
            )
        ]
    out: list[Refusal] = []
    if given.fingerprint != evidence_fingerprint(innovation, indicator):
        out.append(
            _refuse(
                "workflow.evidence_changed",
                f"Bukti indikator {indicator} berubah sejak Anda memeriksanya. Periksa lagi "
                "bukti yang sekarang, lalu beri penilaian.",
                f"The evidence of indicator {indicator} changed since you checked it. Check the "
                "current evidence, then give your verdict.",
                loc=(*loc, "fingerprint"),
                params={"indicator": indicator},
            )
        )
    level = given.verified_level
    if given.verdict is Verdict.SESUAI and level is not None and not 1 <= level <= claimed:
        out.append(_above_claim(indicator, claimed, level, loc))
    elif given.verdict is Verdict.TIDAK_SESUAI:
        if not given.note.strip():
            out.append(
                _refuse(
                    "verdict.note_required",
                    f"Tidak Sesuai pada indikator {indicator} perlu catatan: tuliskan apa yang "
                    "kurang atau salah pada buktinya.",
                    f"Tidak Sesuai on indicator {indicator} needs a note: say what is missing or "
                    "wrong in the evidence.",
                    loc=(*loc, "note"),
                    params={"indicator": indicator},
                )
            )
        if level is not None and not 0 <= level < claimed:
            if level > claimed:
                out.append(_above_claim(indicator, claimed, level, loc))
            else:
                out.append(
                    _refuse(
                        "verdict.not_lower",
                        f"Tidak Sesuai berarti bukti indikator {indicator} mendukung level di "
                        f"bawah klaim ({claimed}). Pilih level yang lebih rendah, atau Sesuai.",
                        f"Tidak Sesuai means the evidence of indicator {indicator} supports a "
                        f"level below the claim ({claimed}). Choose a lower level, or Sesuai.",
                        loc=(*loc, "verified_level"),
                        params={"indicator": indicator, "claimed": claimed},
                    )
                )
    elif given.verdict is Verdict.TIDAK_DAPAT_DIUKUR and level not in (None, 0):
        out.append(
            _refuse(
                "verdict.unmeasurable_level",
                f"Tidak Dapat Diukur pada indikator {indicator} bernilai 0; jangan pilih level.",
                f"Tidak Dapat Diukur on indicator {indicator} scores 0; do not choose a level.",
                loc=(*loc, "verified_level"),
                params={"indicator": indicator},
            )
        )
    elif given.verdict is Verdict.PENDING and level is not None:
        out.append(
            _refuse(
                "verdict.pending_level",
                f"Indikator {indicator} belum dinilai; level terverifikasi diisi bersama "
                "penilaiannya.",
                f"Indicator {indicator} has no verdict; a verified level comes with a verdict.",
                loc=(*loc, "verified_level"),
                params={"indicator": indicator},
            )
        )
    if len(given.note) > MAX_NOTE:
        out.append(_too_long((*loc, "note")))
    return out


def verified_level_of(given: VerdictInput, claimed: int) -> int | None:
    """The verified level a verdict stands for (Sesuai without a level: the claim)."""
    if given.verdict is Verdict.PENDING:
        return None
    if given.verdict is Verdict.SESUAI:
        return claimed if given.verified_level is None else given.verified_level
    if given.verdict is Verdict.TIDAK_SESUAI:
        return given.verified_level or 0
    return 0


def _apply_verdicts(
    move: Move, actor: Actor, innovation: Innovation, review: Review, at: datetime
) -> Review:
    indicators = dict(review.indicators)
    for key, given in move.verdicts.items():
        claimed = innovation.answers[key].claimed_level or 0
        indicators[key] = IndicatorReview(
            verdict=given.verdict,
            verified_level=verified_level_of(given, claimed),
            note=given.note.strip(),
            fingerprint=given.fingerprint,
            by=actor.username,
            at=at,
        )
    return replace(
        review,
        indicators=indicators,
        qc_status=move.qc_status if move.qc_status is not None else review.qc_status,
        note=move.qc_note.strip() if move.qc_note is not None else review.note,
        review_started=True,
    )


# --- words ----------------------------------------------------------------------------------------


def _refuse(
    code: str,
    message_id: str,
    message_en: str,
    *,
    loc: tuple[str, ...] = (),
    params: Mapping[str, Any] | None = None,
) -> Refusal:
    return Refusal(code, message_id, message_en, loc, dict(params or {}))


def _other_opd() -> Refusal:
    return _refuse(
        "workflow.other_opd",
        "Inovasi ini milik OPD lain; Anda hanya dapat menangani inovasi OPD Anda sendiri.",
        "This innovation belongs to another OPD; you can only act on your own OPD's.",
    )


def _too_long(loc: tuple[str, ...]) -> Refusal:
    return _refuse(
        "workflow.note_too_long",
        f"Catatan terlalu panjang (paling banyak {MAX_NOTE} karakter). Persingkat catatannya.",
        f"The note is too long (at most {MAX_NOTE} characters). Shorten it.",
        loc=loc,
    )


def _above_claim(indicator: str, claimed: int, level: int, loc: tuple[str, ...]) -> Refusal:
    return _refuse(
        "verdict.above_claim",
        f"Level terverifikasi indikator {indicator} ({level}) harus antara 1 dan level yang "
        f"diklaim ({claimed}).",
        f"The verified level of indicator {indicator} ({level}) must be between 1 and the "
        f"claimed level ({claimed}).",
        loc=(*loc, "verified_level"),
        params={"indicator": indicator, "claimed": claimed, "level": level},
    )


STATE_ID = {
    S.DRAFT: "Draf",
    S.DIAJUKAN: "Diajukan",
    S.DISAHKAN_OPD: "Disahkan OPD",
    S.REVISI: "Perlu revisi",
    S.DISETUJUI: "Disetujui",
    S.SIAP_KIRIM: "Siap kirim",
    S.TERKIRIM: "Terkirim",
}
"""State names in Indonesian, for the server's problem documents (the desktop translates
codes itself)."""
STATE_EN = {
    S.DRAFT: "a draft",
    S.DIAJUKAN: "submitted",
    S.DISAHKAN_OPD: "approved by the OPD head",
    S.REVISI: "returned for revision",
    S.DISETUJUI: "approved",
    S.SIAP_KIRIM: "ready to send",
    S.TERKIRIM: "sent",
}
ACTION_ID = {
    Action.AJUKAN: "Ajukan",
    Action.TARIK_KEMBALI: "Tarik kembali",
    Action.AJUKAN_ULANG: "Ajukan ulang",
    Action.SAHKAN: "Sahkan",
    Action.NILAI: "Beri penilaian",
    Action.PERLU_REVISI: "Perlu revisi",
    Action.SETUJUI: "Setujui",
    Action.SIAP_KIRIM: "Siap kirim",
    Action.TERKIRIM: "Terkirim",
    Action.BUKA_KEMBALI: "Buka kembali",
}
ACTION_EN = {
    Action.AJUKAN: "submit",
    Action.TARIK_KEMBALI: "withdraw",
    Action.AJUKAN_ULANG: "resubmit",
    Action.SAHKAN: "approve for the OPD",
    Action.NILAI: "give verdicts",
    Action.PERLU_REVISI: "return for revision",
    Action.SETUJUI: "approve",
    Action.SIAP_KIRIM: "mark ready to send",
    Action.TERKIRIM: "mark sent",
    Action.BUKA_KEMBALI: "reopen",
}
ROLE_ID = {
    Role.OPERATOR: "operator",
    Role.VERIFIKATOR: "verifikator",
    Role.ADMIN: "admin",
    Role.PIMPINAN: "pimpinan",
    Role.KEPALA_OPD: "kepala OPD",
}
