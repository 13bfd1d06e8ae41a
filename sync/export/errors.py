"""Why an export or a package check failed: a stable code with parameters.

Only the callers turn a code into words (the desktop through its translations, the server CLI
through :mod:`sync.server.export`), as everywhere in this project.
"""

from __future__ import annotations

from typing import Any

DESTINATION_EXISTS = "export.destination_exists"
DESTINATION_MISSING = "export.destination_parent_missing"
DESTINATION_UNWRITABLE = "export.destination_unwritable"
NO_SPACE = "export.no_space"
NOTHING_TO_EXPORT = "export.nothing_to_export"
MISSING_EVIDENCE = "export.missing_evidence"
EVIDENCE_DAMAGED = "export.evidence_damaged"
FILE_TOO_LARGE = "export.file_too_large"
WRITE_FAILED = "export.write_failed"
CANCELLED = "export.cancelled"
RULES_UNKNOWN = "export.rules_unknown"
NOT_A_PACKAGE = "verify.not_a_package"
BAD_MANIFEST = "verify.bad_manifest"


class ExportError(Exception):
    """An export (or a package check) that could not be done; nothing half-written is left
    that looks complete. ``code`` is one of the constants above, ``params`` its values."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        detail = ", ".join(f"{k}={v!r}" for k, v in params.items())
        super().__init__(f"{code}({detail})")


class ExportCancelled(ExportError):
    """The user cancelled; the partial package was removed."""

    def __init__(self) -> None:
        super().__init__(CANCELLED)
