"""The words of synchronisation: every code the engine reports, said in the officer's language.

The engine (``sync.client``) and the outbox report stable codes with parameters
(:class:`sync.local.problems.Problem`); this module is the one place that turns them, the
phases, the item states, sizes, rates and times into text, through Qt's translation system
(context ``SyncWords``; Indonesian first). The server's own words (problem+json ``detail`` /
``detail_en``) are shown in the officer's language only, never both in one line.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QTimeZone

from desktop.labels import innovation_title
from sync.client.events import Phase, SyncStatus
from sync.local import problems
from sync.local.outbox import Direction, OutboxState
from sync.local.problems import Problem

translate = QCoreApplication.translate


# --- sizes, rates, times ------------------------------------------------------------------------


def format_time(moment: datetime | None, now: datetime | None = None) -> str:
    """A UTC moment as local clock time ("14.32" in Indonesian); with the date when not today."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), QTimeZone.systemTimeZone())
    today = QDateTime.fromSecsSinceEpoch(
        int((now or datetime.now(UTC)).timestamp()), QTimeZone.systemTimeZone()
    ).date()
    # A Qt time format, translated: Indonesian writes 14.32
    clock = local.time().toString(translate("SyncWords", "HH:mm"))
    if local.date() == today:
        return clock
    # A Qt date format (translated) for a day that is not today; month names in the interface
    # language (QLocale's default follows it; QDate.toString alone writes English ones)
    return QLocale().toString(local.date(), translate("SyncWords", "d MMM")) + " " + clock


def format_rate(bps: float) -> str:
    if bps < 1024 * 1024:
        return translate("SyncWords", "{0} KB/s").format(max(1, round(bps / 1024)))
    return translate("SyncWords", "{0:.1f} MB/s").format(bps / 1024 / 1024)


def format_eta(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return translate("SyncWords", "{0} s left").format(seconds)
    minutes = round(seconds / 60)
    if minutes < 60:
        return translate("SyncWords", "{0} min left").format(minutes)
    return translate("SyncWords", "{0} h {1} min left").format(minutes // 60, minutes % 60)


def format_percent(fraction: float) -> str:
    """45 % (Indonesian puts a space before the sign)."""
    return translate("SyncWords", "{0} %").format(int(max(0.0, min(1.0, fraction)) * 100))


# --- problems -------------------------------------------------------------------------------------


def server_words(problem: Problem, language: str) -> str:
    """The server's own words in the officer's language (the other one only if it gave no
    words in this one)."""
    if language == "en":
        return problem.detail_en or problem.detail
    return problem.detail or problem.detail_en


def problem_text(problem: Problem | None, language: str = "id") -> str:
    """One sentence for ``problem`` in the officer's language; "" for None."""
    if problem is None:
        return ""
    code, p = problem.code, problem.params
    words = server_words(problem, language)
    simple = {
        problems.NOT_SIGNED_IN: translate("SyncWords", "Not signed in."),
        problems.SIGNED_OUT: translate("SyncWords", "Signed out."),
        problems.SIGN_IN_EXPIRED: translate(
            "SyncWords", "Your sign-in has expired; sign in again."
        ),
        problems.SIGN_IN_REFUSED: translate(
            "SyncWords", "The server no longer accepts your sign-in; sign in again."
        ),
        problems.MANUAL_ONLY: translate(
            "SyncWords", "Synchronising only when you press Synchronise now."
        ),
        problems.METERED: translate(
            "SyncWords",
            "The network may cost data (or is not known to be free): waiting for another one.",
        ),
        problems.UNREACHABLE: translate(
            "SyncWords", "The server cannot be reached (no network, or it is down)."
        ),
        problems.TIMEOUT: translate("SyncWords", "The server did not answer in time."),
        problems.CAPTIVE_PORTAL: translate(
            "SyncWords", "The network wants a login in the browser before it lets anything through."
        ),
        problems.SERVER_UNAVAILABLE: translate(
            "SyncWords", "The server is having trouble; trying again later."
        ),
        problems.SERVER_BUSY: translate("SyncWords", "The server is busy; trying again later."),
        problems.SERVER_NO_ANSWER: translate(
            "SyncWords", "The server did not answer for this item; trying again."
        ),
        problems.RETRY: translate("SyncWords", "Will be tried again."),
        problems.INTERNAL: translate(
            "SyncWords", "An internal error stopped the synchronisation; the log has details."
        ),
        problems.STOPPED: translate("SyncWords", "Stopped."),
        problems.BLOB_DAMAGED: translate(
            "SyncWords", "The copy of this file on this laptop is damaged; run Check archive."
        ),
        problems.BLOB_NOT_ON_SERVER: translate(
            "SyncWords",
            "The file is not on the server yet (its sender has not finished sending it).",
        ),
        problems.BLOB_CORRUPT_DOWNLOAD: translate(
            "SyncWords",
            "The downloaded file was damaged on the way twice; it will be fetched again later.",
        ),
        problems.BLOB_MISSING_LOCALLY: translate(
            "SyncWords", "This file is neither here nor on the server."
        ),
    }
    if code in simple:
        return simple[code]
    if code == problems.ATTENTION:
        return translate("SyncWords", "%n item(s) need your attention.", "", int(p.get("count", 0)))
    if code == problems.RECORD_UNREADABLE:
        return translate(
            "SyncWords", "A record from the server cannot be read by this version; update the app."
        )
    if code == problems.BLOB_TOO_LARGE:
        base = translate("SyncWords", "The server does not accept a file this large.")
        return f"{base} {words}" if words else base
    if code == problems.BLOB_TYPE_REFUSED:
        base = translate("SyncWords", "The server does not accept this kind of file.")
        return f"{base} {words}" if words else base
    if code == problems.SERVER_REFUSED:
        return (
            translate("SyncWords", "Refused by the server: {0}").format(words)
            if words
            else translate("SyncWords", "Refused by the server.")
        )
    return words or translate("SyncWords", "Unknown problem.")


# --- the status line ------------------------------------------------------------------------------


def progress_text(status: SyncStatus) -> str:
    """``Sending 3 of 12 (45%, 38 KB/s, 2 min left)``; parts without data are left out."""
    total = max(status.items_total, 0)
    current = min(status.items_done + 1, total) if total else 0
    parts = []
    if status.bytes_total > 0:
        parts.append(f"{int(100 * status.bytes_done / status.bytes_total)}%")
    elif total:
        parts.append(f"{int(100 * status.items_done / total)}%")
    if status.rate_bps:
        parts.append(format_rate(status.rate_bps))
    if status.eta_seconds is not None and status.rate_bps:
        parts.append(format_eta(status.eta_seconds))
    if not total:
        head = translate("SyncWords", "Synchronising")
    elif status.downloading:
        head = translate("SyncWords", "Synchronising {0} of {1}").format(current, total)
    else:
        head = translate("SyncWords", "Sending {0} of {1}").format(current, total)
    return f"{head} ({', '.join(parts)})" if parts else head


def status_text(
    status: SyncStatus | None,
    *,
    mode: str = "auto",
    configured: bool = True,
    signed_in_before: bool = True,
) -> str:
    """What the status bar says for ``status``: a phase, never "synchronised" alone while an
    item is refused, held or in conflict ("Tersinkron · 2 perlu perhatian")."""
    if not configured or status is None:
        return translate("SyncWords", "Not signed in")
    phase = status.phase
    attention = (
        translate("SyncWords", "%n need(s) attention", "", status.attention)
        if status.attention > 0
        else ""
    )

    def with_attention(text: str) -> str:
        return f"{text} · {attention}" if attention else text

    if phase == Phase.OFFLINE:
        if status.captive_portal:
            return translate("SyncWords", "Offline (the network wants a login in the browser)")
        return with_attention(translate("SyncWords", "Offline"))
    if phase == Phase.WAITING:
        if status.next_attempt_at is not None:
            return with_attention(
                translate("SyncWords", "Waiting for a connection (retry at {0})").format(
                    format_time(status.next_attempt_at)
                )
            )
        return with_attention(translate("SyncWords", "Waiting for a connection"))
    if phase == Phase.SYNCING:
        return progress_text(status)
    if phase == Phase.SYNCED:
        if status.last_synced_at is not None:
            text = translate("SyncWords", "Synchronised ({0})").format(
                format_time(status.last_synced_at)
            )
        else:
            text = translate("SyncWords", "Synchronised")
        return with_attention(text)
    if phase == Phase.LOGIN_REQUIRED:
        if not signed_in_before:
            return translate("SyncWords", "Not signed in")
        return translate("SyncWords", "Please sign in again")
    if phase == Phase.PAUSED:
        if mode == "unmetered":
            return with_attention(
                translate("SyncWords", "Waiting for a network without a data quota")
            )
        return with_attention(translate("SyncWords", "Synchronising only when asked"))
    return translate("SyncWords", "Synchronisation stopped")


# --- items ----------------------------------------------------------------------------------------


def fetched_when_opened(item: Any, *, on_open: bool) -> bool:
    """A file the server holds and this laptop fetches only when someone opens it (the
    "on_open" download policy): nothing of it waits to be synchronised."""
    return (
        on_open
        and item.direction == Direction.DOWN
        and item.state == OutboxState.QUEUED
        and item.priority == 0
    )


def state_text(item: Any, *, on_open: bool = False) -> str:
    """The state column of a pending item (``sync.client.events.PendingItem``)."""
    state, down = item.state, item.direction == Direction.DOWN
    if state == OutboxState.QUEUED:
        if fetched_when_opened(item, on_open=on_open):
            return translate("SyncWords", "Downloaded when opened")
        return (
            translate("SyncWords", "Waiting to download")
            if down
            else translate("SyncWords", "Queued")
        )
    if state == OutboxState.SENDING:
        if item.progress is not None:
            text = (
                translate("SyncWords", "Downloading {0}")
                if down
                else translate("SyncWords", "Sending {0}")
            )
            return text.format(format_percent(item.progress))
        return translate("SyncWords", "Downloading") if down else translate("SyncWords", "Sending")
    if state == OutboxState.WAITING:
        return translate("SyncWords", "Waiting to retry")  # the time is in its own column
    if state == OutboxState.REFUSED:
        return translate("SyncWords", "Refused by the server")  # the reason: "Last problem"
    if state == OutboxState.CONFLICT:
        return translate("SyncWords", "Conflict: choose which values to keep")
    if state == OutboxState.HELD:
        return translate("SyncWords", "Held back (kept on this laptop)")
    return str(state)


def kind_text(item: Any) -> str:
    if item.kind == "evidence":
        if item.direction == Direction.DOWN:
            return translate("SyncWords", "Evidence file (download)")
        return translate("SyncWords", "Evidence file")
    if item.record_type == "spd_profile":
        return translate("SyncWords", "Regional profile")
    if item.record_type == "workflow_request":
        return translate("SyncWords", "Workflow step")
    return translate("SyncWords", "Innovation")


def title_text(item: Any) -> str:
    """The record or file the item is: a name, never a hash or an id."""
    if item.kind == "evidence":
        return item.title or translate("SyncWords", "(unnamed file)")
    if item.record_type == "spd_profile":
        return translate("SyncWords", "SPD profile {0}").format(item.title)
    return innovation_title(item.title)
