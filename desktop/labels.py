"""One word per concept: how the app names an innovation without a name, a workflow state, a
sync state and an OPD, and how it writes a number and a file size, wherever they appear (list,
editor, evidence, Sinkronisasi, conflicts, Ringkasan, Dasbor).
"""

from __future__ import annotations

import html
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QLocale

from iid.states import SyncState, WorkflowState

translate = QCoreApplication.translate


def untitled_innovation() -> str:
    """What an innovation whose name is still empty is called."""
    return translate("Labels", "(unnamed innovation)")


def innovation_title(nama: str | None) -> str:
    """An innovation's name, or the one word for an unnamed innovation."""
    return (nama or "").strip() or untitled_innovation()


def workflow_label(state: WorkflowState | str) -> str:
    labels = {
        WorkflowState.DRAFT: translate("Labels", "Draft"),
        WorkflowState.DIAJUKAN: translate("Labels", "Submitted"),
        WorkflowState.DISAHKAN_OPD: translate("Labels", "Approved by the OPD head"),
        WorkflowState.REVISI: translate("Labels", "Needs revision"),
        WorkflowState.DISETUJUI: translate("Labels", "Approved"),
        WorkflowState.SIAP_KIRIM: translate("Labels", "Ready to send"),
        WorkflowState.TERKIRIM: translate("Labels", "Sent"),
    }
    try:
        return labels[WorkflowState(state)]
    except ValueError:  # a state from a newer release: say so rather than show a code
        return translate("Labels", "Unknown state")


def sync_label(state: SyncState | str) -> str:
    labels = {
        SyncState.LOCAL: translate("Labels", "Only on this laptop"),
        SyncState.QUEUED: translate("Labels", "Waiting to send"),
        SyncState.SENDING: translate("Labels", "Sending"),
        SyncState.SYNCED: translate("Labels", "On the server"),
        SyncState.CONFLICT: translate("Labels", "Conflict"),
        SyncState.QUARANTINED: translate("Labels", "Refused by the server"),
        SyncState.HELD: translate("Labels", "Held on this laptop"),
    }
    try:
        return labels[SyncState(state)]
    except ValueError:
        return translate("Labels", "Unknown state")


def opd_label(opd_id: str | None, name: str | None) -> str:
    """An OPD by its name; never its id. No OPD yet (a draft made before signing in) and an OPD
    this laptop has not heard of (its list comes with the next sync) each have their words."""
    if name and name.strip():
        return name.strip()
    if not opd_id:
        return translate("Labels", "No OPD yet")
    return translate("Labels", "Unknown OPD")


def format_bytes(size: float) -> str:
    """A file size as the officer reads it: "512 B", "49 KB", "2,0 MB" (the interface
    language's decimal sign). The one byte formatter of the app."""
    if size < 1024:
        return translate("Labels", "{0} B").format(int(size))
    if size < 1024 * 1024:
        return translate("Labels", "{0} KB").format(round(size / 1024))
    # The decimal sign follows the interface language (Indonesian writes 2,5), not the system.
    point = translate("Labels", ".", "decimal sign")
    if size < 1024**3:
        return translate("Labels", "{0} MB").format(f"{size / 1024**2:.1f}".replace(".", point))
    return translate("Labels", "{0} GB").format(f"{size / 1024**3:.1f}".replace(".", point))


def format_number(
    value: Decimal | float | int | None, places: int = 2, *, trim: bool = False
) -> str:
    """A number in the interface language (the default ``QLocale`` follows it: "1.234,50" in
    Indonesian) with ``places`` decimals; with ``trim`` at most ``places``, without trailing
    zeros or grouping (a weight of 3 is "3", 1.5 is "1,5"); "–" for None. The one number
    formatter of the app (sizes: :func:`format_bytes`)."""
    if value is None:
        return "–"
    locale = QLocale()
    if not trim:
        return locale.toString(float(value), "f", places)
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", locale.decimalPoint())


def as_written(text: str) -> str:
    """``text`` (a name, a note, a path, the server's words) for a place that guesses the text
    format (a tooltip, a ``QMessageBox`` static function): Qt takes it for rich text when its
    first line looks like HTML, so such text is escaped into rich text that shows it as
    written; any other is left as it is."""
    from PySide6.QtGui import Qt

    if not Qt.mightBeRichText(text):
        return text
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"
