"""Findings: what checks say about a record, with a stable code and a message saying what to do."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Severity(StrEnum):
    """An error blocks submitting; a warning does not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem found by a check.

    ``code`` is stable (tests, translations and the server match on it); ``target`` names what
    the finding concerns: a profile field name, an SID indicator number, an SPD row, or
    ``"file"`` for a file being imported. Messages are complete sentences that say what to do.
    ``document_id`` names the evidence document a finding is about, when it is about one.
    """

    code: str
    severity: Severity
    target: str
    message_id: str
    message_en: str
    suggested_level: int | None = None
    """The level the evidence or the measure supports, where the finding says one (0: none)."""
    points_at_risk: Decimal | None = None
    """Kematangan points the claim loses if the finding stands (bobot x levels lost)."""
    document_id: str = ""

    @property
    def blocks_submit(self) -> bool:
        return self.severity is Severity.ERROR

    def message(self, language: str = "id") -> str:
        return self.message_en if language.startswith("en") else self.message_id
