"""The two states every innovation carries: its place in the review workflow and on its way to
the server. Apart from :mod:`iid.records` (which re-exports both) so that what paints the
innovation list at start-up (``desktop.labels``, ``sync.local.listing``) does not load the record
dataclasses.
"""

from __future__ import annotations

from enum import StrEnum


class WorkflowState(StrEnum):
    """Where an innovation stands in the pemda's review workflow (domain)."""

    DRAFT = "draft"
    DIAJUKAN = "diajukan"
    DISAHKAN_OPD = "disahkan_opd"
    """Approved by the head of the OPD (only when the pemda enables that step)."""
    REVISI = "revisi"
    DISETUJUI = "disetujui"
    SIAP_KIRIM = "siap_kirim"
    TERKIRIM = "terkirim"


class SyncState(StrEnum):
    """Where a local record stands on its way to the central server (machinery)."""

    LOCAL = "local"
    QUEUED = "queued"
    SENDING = "sending"
    SYNCED = "synced"
    CONFLICT = "conflict"
    QUARANTINED = "quarantined"
    """Refused by the server; the officer's edit (or "Coba lagi") queues it again."""
    HELD = "held"
    """Held back by the officer: stays on this device, even after edits, until released."""
