"""The words of the review workflow on the desktop: moves, verdicts, QC, waiting requests and
refusals, in the officer's language (translation context ``ReviewWords``; Indonesian first).

``iid.workflow`` refuses with a stable code and its own words in both languages (the same the
server sends as problem+json ``detail``/``detail_en``); :func:`refusal_text` picks the
officer's language and words the codes the desktop says its own way ("bukti berubah sejak Anda
memeriksa"). Never a code, a hash or an id on screen.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from iid import workflow as wf
from iid.records import QcStatus, Verdict
from sync.local.outbox import OutboxState
from sync.local.workflow import WorkflowRequestInfo

translate = QCoreApplication.translate


def action_label(action: wf.Action | str) -> str:
    """A move as its button says it."""
    labels = {
        wf.Action.AJUKAN: translate("ReviewWords", "Submit"),
        wf.Action.TARIK_KEMBALI: translate("ReviewWords", "Withdraw"),
        wf.Action.AJUKAN_ULANG: translate("ReviewWords", "Submit again"),
        wf.Action.SAHKAN: translate("ReviewWords", "Approve for the OPD"),
        wf.Action.NILAI: translate("ReviewWords", "Give verdicts"),
        wf.Action.PERLU_REVISI: translate("ReviewWords", "Return for revision"),
        wf.Action.SETUJUI: translate("ReviewWords", "Approve"),
        wf.Action.SIAP_KIRIM: translate("ReviewWords", "Ready to send"),
        wf.Action.TERKIRIM: translate("ReviewWords", "Mark as sent"),
        wf.Action.BUKA_KEMBALI: translate("ReviewWords", "Reopen"),
    }
    return labels[wf.Action(action)]


def action_done(action: wf.Action | str) -> str:
    """A move in the history ("Diajukan", "Dikembalikan untuk revisi", ...)."""
    labels = {
        wf.Action.AJUKAN: translate("ReviewWords", "Submitted"),
        wf.Action.TARIK_KEMBALI: translate("ReviewWords", "Withdrawn"),
        wf.Action.AJUKAN_ULANG: translate("ReviewWords", "Submitted again"),
        wf.Action.SAHKAN: translate("ReviewWords", "Approved by the OPD head"),
        wf.Action.NILAI: translate("ReviewWords", "Verdicts given"),
        wf.Action.PERLU_REVISI: translate("ReviewWords", "Returned for revision"),
        wf.Action.SETUJUI: translate("ReviewWords", "Approved"),
        wf.Action.SIAP_KIRIM: translate("ReviewWords", "Marked ready to send"),
        wf.Action.TERKIRIM: translate("ReviewWords", "Marked as sent"),
        wf.Action.BUKA_KEMBALI: translate("ReviewWords", "Reopened"),
    }
    return labels[wf.Action(action)]


def verdict_label(verdict: Verdict | str) -> str:
    labels = {
        Verdict.PENDING: translate("ReviewWords", "Not judged yet"),
        Verdict.SESUAI: translate("ReviewWords", "Sesuai"),
        Verdict.TIDAK_SESUAI: translate("ReviewWords", "Tidak Sesuai"),
        Verdict.TIDAK_DAPAT_DIUKUR: translate("ReviewWords", "Tidak Dapat Diukur"),
    }
    return labels[Verdict(verdict)]


def qc_label(status: QcStatus | str) -> str:
    labels = {
        QcStatus.PENDING: translate("ReviewWords", "QC pending"),
        QcStatus.ACCEPT: translate("ReviewWords", "QC accepted"),
        QcStatus.REJECTED: translate("ReviewWords", "QC rejected"),
    }
    return labels[QcStatus(status)]


def role_label(role: wf.Role | str) -> str:
    labels = {
        wf.Role.OPERATOR: translate("ReviewWords", "operator"),
        wf.Role.VERIFIKATOR: translate("ReviewWords", "verifier"),
        wf.Role.ADMIN: translate("ReviewWords", "admin"),
        wf.Role.PIMPINAN: translate("ReviewWords", "leadership"),
        wf.Role.KEPALA_OPD: translate("ReviewWords", "OPD head"),
    }
    try:
        return labels[wf.Role(role)]
    except ValueError:
        return str(role)


def refusal_text(refusal: wf.Refusal, language: str) -> str:
    """Why a move or verdict cannot be made, in the officer's language."""
    if refusal.code == "workflow.evidence_changed":
        indicator = str(refusal.params.get("indicator", ""))
        return translate(
            "ReviewWords",
            "The evidence changed since you checked it (indicator {0}): check it again, then "
            "give your verdict.",
        ).format(indicator)
    return refusal.message_en if language == "en" else refusal.message_id


def request_refusal_text(info: WorkflowRequestInfo, language: str) -> str:
    """The server's reason for refusing a request made here (its own words)."""
    if info.refusal == "workflow.evidence_changed":
        return refusal_text(wf.Refusal(info.refusal, "", "", params=info.refusal_params), language)
    words = info.detail_en if language == "en" else info.detail
    return (
        words
        or info.detail
        or info.detail_en
        or translate("ReviewWords", "The server refused this step.")
    )


def waiting_text(info: WorkflowRequestInfo) -> str:
    """A move made here that the server has not decided yet."""
    if info.delivery is OutboxState.SENDING:
        return translate("ReviewWords", "Sending “{0}” to the server…").format(
            action_label(info.action)
        )
    if info.delivery is OutboxState.HELD:
        return translate(
            "ReviewWords", "“{0}” is held on this laptop (Synchronisation page)."
        ).format(action_label(info.action))
    if info.action in (wf.Action.AJUKAN, wf.Action.AJUKAN_ULANG):
        return translate("ReviewWords", "Will be submitted when connected.")
    return translate("ReviewWords", "“{0}” will be sent when connected.").format(
        action_label(info.action)
    )


def format_day(moment: datetime | None) -> str:
    """A moment as a date and clock time in the officer's time zone."""
    from desktop.sync_words import format_time

    return format_time(moment)


def waiting_days(days: int) -> str:
    if days <= 0:
        return translate("ReviewWords", "today")
    return translate("ReviewWords", "%n day(s)", "", days)
