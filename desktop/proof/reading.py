"""Reading an open innovation's evidence in the background and filling what is empty.

``EvidenceReading(context, owner)`` reads each stored PDF or image once (the vault caches the
result by hash, ``sync.local.reading.service``) on the background lane, never on the GUI
thread, so typing is never blocked; when a reading arrives it fills the document's empty
nomor, tanggal, tentang, jenis and tahun through the owner's ``update_document`` (marked as
read from the document) and says whether the innovation's name appears. The owner is the
innovation editor: ``document(doc_id)``, ``update_document(doc)``, ``innovation_name()``,
``show_document(doc)``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QObject, Signal

from iid.records import EvidenceDocument

log = logging.getLogger(__name__)


class EvidenceReading(QObject):
    """``sig_read(str)`` after a document's reading was applied (its id); ``sig_failed(str,
    str)`` when a document could not be read (id, reason)."""

    sig_read = Signal(str)
    sig_failed = Signal(str, str)

    def __init__(self, context: Any, owner: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._owner = owner
        self._reader: Any = None
        self._busy: set[str] = set()
        self._failed: set[str] = set()
        self._closed = False

    def close(self) -> None:
        """Stop applying results (the editor is closing); readings still land in the cache."""
        self._closed = True

    def is_busy(self) -> bool:
        return bool(self._busy)

    def _service(self) -> Any:
        if self._reader is None:
            from sync.local.reading.service import EvidenceReader

            self._reader = EvidenceReader(self._context.vault)
        return self._reader

    def read(self, document: EvidenceDocument) -> None:
        """Read ``document`` in the background (from the cache when it was read before)."""
        from sync.local.reading.service import can_read

        sha = document.sha256
        if not can_read(document) or sha is None or sha in self._busy:
            return
        self._busy.add(sha)
        service, media = self._service(), document.media_type

        def done(reading: Any) -> None:
            self._busy.discard(sha)
            self._apply(sha, reading)

        def failed(error: BaseException) -> None:
            self._busy.discard(sha)
            from sync.local.vault import BlobDamaged, BlobNotFound

            # Not downloaded yet, or this copy is damaged (the preview says so and the server's
            # copy replaces it): read on a later catch-up, not counted as failed for good.
            if isinstance(error, BlobNotFound | BlobDamaged):
                log.info("reading %s waits for its file", document.file_name or sha[:12])
                return
            self._failed.add(sha)
            log.warning("reading %s failed: %s", document.file_name or sha[:12], error)
            if not self._closed:
                self.sig_failed.emit(document.id, str(error))

        self._context.tasks.run_bg(lambda: service.read(sha, media), on_done=done, on_error=failed)

    def catch_up(self, documents: Iterable[EvidenceDocument]) -> None:
        """Read every document whose reading was never applied (e.g. the editor was closed
        while it was being read): from the cache this is quick."""
        from sync.local.reading.service import needs_reading

        for document in documents:
            if needs_reading(document) and document.sha256 not in self._failed:
                self.read(document)

    def name_changed(self, documents: Iterable[EvidenceDocument]) -> None:
        """The innovation was renamed: ask each read document again whether it names it
        (unless the officer stated it)."""
        from sync.local.reading.service import NAME_FIELD, can_read

        for document in documents:
            if can_read(document) and (
                NAME_FIELD in document.prefilled or document.names_innovation is None
            ):
                self.read(document)

    def _apply(self, sha: str, reading: Any) -> None:
        if self._closed:
            return
        from sync.local.reading.service import fill_from_reading

        name = self._owner.innovation_name()
        for document in self._owner.documents_with_blob(sha):
            filled = fill_from_reading(document, reading, name)
            if filled != document:
                self._owner.update_document(filled)
                self._owner.show_document(filled)
            self.sig_read.emit(document.id)
