"""Reading the vault's evidence once (cached by blob hash) and filling a document's empty
metadata from it, marked as read from the document for the officer to confirm.

What travels to the server is only what lands on the ``EvidenceDocument`` (jenis, nomor,
tanggal, tentang, tahun, whether and where the innovation is named, readability, and which of
those are still unconfirmed): the page texts stay in the local vault's ``readings`` table.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import PurePath
from typing import Any

from iid.records import EvidenceDocument
from sync.local.reading.reader import READER_VERSION, DocumentReading, read_document

log = logging.getLogger(__name__)

READABLE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})
PREFILL_FIELDS = ("jenis", "nomor", "tanggal", "tentang", "tahun")
NAME_FIELD = "names_innovation"


def can_read(doc: EvidenceDocument) -> bool:
    """A stored PDF or image (links and videos are not read)."""
    return doc.sha256 is not None and (doc.media_type or "") in READABLE_TYPES


def needs_reading(doc: EvidenceDocument) -> bool:
    """True for a readable document whose reading has not been applied yet."""
    return (
        can_read(doc)
        and doc.names_innovation is None
        and not doc.prefilled
        and not doc.jenis
        and not doc.readability
    )


class EvidenceReader:
    """Reads blobs of one vault, each once per reader version (``Vault.cached_reading``).
    Safe to call from the background lane's threads; the OCR engine is built on first use."""

    def __init__(self, vault: Any, engine: Any = None) -> None:
        self.vault = vault
        self.engine = engine

    def cached(self, sha256: str) -> DocumentReading | None:
        text = self.vault.cached_reading(sha256, READER_VERSION)
        return None if text is None else DocumentReading.from_json(text)

    def read(self, sha256: str, media_type: str | None) -> DocumentReading:
        """The reading of a stored blob, from the cache or read now (and cached)."""
        found = self.cached(sha256)
        if found is not None:
            return found
        with self.vault.open_blob(sha256) as handle:
            reading = read_document(handle.read(), media_type, engine=self.engine)
        self.vault.store_reading(sha256, READER_VERSION, reading.to_json())
        return reading


def _stem_words(file_name: str | None) -> str:
    return PurePath(file_name or "").stem.replace("_", " ").strip()


def fill_from_reading(
    doc: EvidenceDocument, reading: DocumentReading, innovation_name: str = ""
) -> EvidenceDocument:
    """``doc`` with its empty metadata filled from ``reading``; every field filled is listed in
    ``prefilled`` until the officer confirms it. A field the officer typed is never touched (a
    ``tentang`` that is only the file name counts as empty). Whether the innovation is named is
    (re)set unless the officer stated it."""
    changes: dict[str, Any] = {}
    prefilled = list(doc.prefilled)
    read_values: dict[str, Any] = {
        "jenis": reading.jenis,
        "nomor": reading.nomor,
        "tanggal": reading.tanggal,
        "tentang": reading.tentang,
        "tahun": reading.tahun,
    }
    for name in PREFILL_FIELDS:
        value = read_values[name]
        current = getattr(doc, name)
        empty = current in (None, "") or (
            name == "tentang" and current.strip() == _stem_words(doc.file_name)
        )
        if value not in (None, "") and empty:
            changes[name] = value
            if name not in prefilled:
                prefilled.append(name)
    if innovation_name.strip() and (doc.names_innovation is None or NAME_FIELD in prefilled):
        page = reading.name_page(innovation_name)
        if page is not None or not reading.unread_pages:
            # Not found on pages that were not read says nothing: the question stays open.
            changes["names_innovation"] = page is not None
            changes["name_page"] = page
            if NAME_FIELD not in prefilled:
                prefilled.append(NAME_FIELD)
    if reading.readability and not doc.readability:
        changes["readability"] = reading.readability
    if not changes:
        return doc
    changes["prefilled"] = tuple(prefilled)
    return dataclasses.replace(doc, **changes)


def confirmed(doc: EvidenceDocument, fields: tuple[str, ...] | None = None) -> EvidenceDocument:
    """``doc`` with ``fields`` (all when None) no longer marked as read from the document."""
    keep = () if fields is None else tuple(f for f in doc.prefilled if f not in fields)
    return dataclasses.replace(doc, prefilled=keep)
