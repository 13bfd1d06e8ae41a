"""Evidence document ids belong to one record of a pemda (``models.RecordDocument``).

A device stores one row per document id. If two records of a pemda cited the same id, every
device that pulls both could keep only one of them, and before the pull learnt to skip such a
record it stalled on it for good. Ids are UUIDv7 strings made on the device, so only a faulty
or hostile client sends a clash; a push that does is refused with a problem that says what to
do (remove the document and add it again: the device then makes a new id).

The push that reads and changes these rows holds its pemda's sequence row (``records.Sequence``),
so no other push of the pemda changes them in between: the check and the write cannot race.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.orm import Session

from sync.batches import IN_BATCH, batches
from sync.protocol import FieldError, RecordEnvelope, RecordType
from sync.server.models import RecordDocument
from sync.server.problems import ProblemError, ProblemType, problem

CITING_TYPES = frozenset({RecordType.INNOVATION.value, RecordType.SPD_PROFILE.value})
"""The record types whose content lists evidence documents."""

_ROWS = RecordDocument.__table__.c


def document_ids(content: Mapping[str, Any] | None) -> list[str]:
    """The ids of the documents a record's content lists, in order (content already read
    by ``sync.server.typed``, so every document has a text id)."""
    documents = (content or {}).get("documents")
    if not isinstance(documents, list):
        return []
    return [d["id"] for d in documents if isinstance(d, dict) and isinstance(d.get("id"), str)]


def taken(position: int, document: Mapping[str, Any]) -> ProblemError:
    """The refusal of a record citing another record's document id, naming the document as
    the officer sees it (its file name, title or link; its place in the list otherwise)."""
    name = next((str(document[k]) for k in ("file_name", "tentang", "link") if document.get(k)), "")
    which_id = f'"{name}"' if name else f"ke-{position + 1}"
    which_en = f'"{name}"' if name else f"number {position + 1}"
    if document.get("link") and not document.get("sha256") and not document.get("file_name"):
        # A link has no file to add again: it is entered again as a new document.
        again_id = "tambahkan lagi tautannya sebagai bukti dukung baru (Tambah tautan…)"
        again_en = "add its link again as a new document (Add link…)"
    else:
        again_id, again_en = "tambahkan lagi berkasnya", "add its file again"
    return problem(
        422,
        ProblemType.INVALID_RECORD,
        f"Bukti dukung {which_id} tercatat juga pada inovasi atau profil SPD lain di pemda Anda "
        f"(kode pengenalnya sama). Hapus bukti dukung itu dari isian ini, {again_id}, lalu "
        "kirim ulang.",
        f"Evidence document {which_en} is also recorded on another innovation or SPD profile "
        f"of your pemda (it has the same identifier). Remove that document from this record, "
        f"{again_en}, then send it again.",
        errors=[
            FieldError(
                loc=["content", "documents", position, "id"],
                message="another record has this document id",
                type="taken",
            )
        ],
    )


class DocumentOwners:
    """Which record holds which document id, read for one push and kept up to date by it."""

    def __init__(self, session: Session, pemda_id: str) -> None:
        self.session = session
        self.pemda_id = pemda_id
        self._owner: dict[str, str] = {}
        """Document id -> the record holding it (ids read and found)."""
        self._asked: set[str] = set()
        """Document ids read (found or not)."""
        self._held: dict[str, set[str]] = {}
        """Record id -> the document ids it holds (records read)."""

    def prefetch(self, envelopes: Iterable[RecordEnvelope], absent: set[str]) -> None:
        """Read, in one query per 500, the owners of every id the push cites and the ids of
        every stored record it writes (``absent``: ids never stored, which hold nothing; no
        query at all for a push of new records citing no document)."""
        citing = [env for env in envelopes if env.type.value in CITING_TYPES]
        ids = {d for env in citing if not env.deleted for d in document_ids(env.content)}
        stored = [env.id for env in citing if env.id not in absent]
        for env in citing:
            if env.id in absent:
                self._held.setdefault(env.id, set())
        if stored or ids:
            self._read(stored, sorted(ids))

    def check(self, record_id: str, content: Mapping[str, Any], deleted: bool) -> None:
        """Refuse content citing a document id another record holds (422, ``taken``)."""
        if deleted:
            return
        ids = document_ids(content)
        unread = [d for d in ids if d not in self._asked]
        if unread:
            self._read([], unread)
        for position, doc_id in enumerate(ids):
            owner = self._owner.get(doc_id)
            if owner is not None and owner != record_id:
                raise taken(position, content["documents"][position])

    def index(self, record_id: str, content: Mapping[str, Any] | None, deleted: bool) -> None:
        """Make ``record_id``'s document ids those of its newest ``content`` (none once
        deleted), after :meth:`check` passed."""
        if record_id not in self._held:
            self._read([record_id], [])
        now = set() if deleted else set(document_ids(content))
        before = self._held[record_id]
        gone, new = sorted(before - now), sorted(now - before)
        for chunk in batches(gone):
            self.session.execute(
                delete(RecordDocument).where(
                    _ROWS.pemda_id == self.pemda_id, _ROWS.document_id.in_(chunk)
                )
            )
        if new:
            self.session.execute(
                insert(RecordDocument),
                [
                    {"pemda_id": self.pemda_id, "document_id": d, "record_id": record_id}
                    for d in new
                ],
            )
        for doc_id in gone:
            self._owner.pop(doc_id, None)
        for doc_id in new:
            self._owner[doc_id] = record_id
        self._asked.update(new)
        self._held[record_id] = now

    def _read(self, record_ids: list[str], doc_ids: list[str]) -> None:
        for i in range(0, max(len(record_ids), len(doc_ids)), IN_BATCH):
            records, docs = record_ids[i : i + IN_BATCH], doc_ids[i : i + IN_BATCH]
            for record_id in records:
                self._held.setdefault(record_id, set())
            rows = self.session.execute(
                select(_ROWS.document_id, _ROWS.record_id).where(
                    _ROWS.pemda_id == self.pemda_id,
                    or_(_ROWS.record_id.in_(records), _ROWS.document_id.in_(docs)),
                )
            )
            for doc_id, owner in rows:
                self._owner[doc_id] = owner
                self._asked.add(doc_id)
                if owner in self._held:  # a record read whole (not only one of its ids)
                    self._held[owner].add(doc_id)
            self._asked.update(docs)
