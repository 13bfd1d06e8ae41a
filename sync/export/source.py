"""What the package writer reads: records and blob streams, from whichever side holds them.

The desktop feeds it from the local store and vault (:class:`sync.export.local.LocalSource`),
``inovasi-server export`` from the server's database and blob store
(:class:`sync.server.export.ServerSource`). The writer never queries anything else.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from iid.records import Innovation, SpdProfile, WorkflowState

APPROVED_STATES = frozenset({WorkflowState.DISETUJUI, WorkflowState.SIAP_KIRIM})
"""What a package holds by default: the innovations the pemda approved."""
SUBMITTED_STATES = frozenset(set(WorkflowState) - {WorkflowState.DRAFT})
"""With "include every submitted one": also diajukan, revisi and terkirim (each marked)."""


def pack_record(innovation: Innovation) -> bytes:
    """An innovation as the plan keeps it: compressed codec JSON (one snapshot, little memory,
    picklable for the renderer process)."""
    from iid.codec import innovation_to_dict

    return zlib.compress(json.dumps(innovation_to_dict(innovation)).encode(), 6)


def unpack_record(record: bytes) -> Innovation:
    """The innovation of :func:`pack_record`."""
    from iid.codec import innovation_from_dict

    return innovation_from_dict(json.loads(zlib.decompress(record)))


@dataclass(frozen=True)
class PemdaInfo:
    id: str
    name: str
    code: str = ""


@dataclass(frozen=True)
class InnovationRef:
    """One innovation a package may hold, as listed before its record is read."""

    id: str
    nama: str
    opd_id: str
    opd_name: str
    workflow_state: WorkflowState


class PackageSource(Protocol):
    """Records and evidence of one pemda. Methods may be called from the writer's threads
    (one at a time per method family: records from one thread, blobs from another)."""

    def pemda(self) -> PemdaInfo:
        """The pemda the package is for."""
        ...

    def innovations(self, year: int, states: Iterable[WorkflowState]) -> list[InnovationRef]:
        """The innovations of rule year ``year`` in one of ``states`` (deleted ones never)."""
        ...

    def innovation(self, innovation_id: str) -> Innovation:
        """The whole record with the verifier's view (verified levels, verdicts, QC status)."""
        ...

    def records(self, innovation_ids: Sequence[str]) -> Iterator[Innovation]:
        """``innovation`` for each of ``innovation_ids``, in order (a source may read them in
        batches)."""
        ...

    def spd_profile(self, year: int) -> SpdProfile | None:
        """The pemda's SPD profile of ``year``, or None when nobody filled it."""
        ...

    def blob_size(self, sha256: str) -> int | None:
        """The stored size of a blob, or None when this side does not hold it."""
        ...

    def reading_blobs(self) -> AbstractContextManager[None]:
        """Held by the writer's output thread around its one pass over the evidence: a source
        may keep one connection for every blob (the vault) instead of one per blob."""
        ...

    def blob_chunks(self, sha256: str) -> Iterator[bytes]:
        """The blob's bytes in pieces, in order; raises ``KeyError`` when it is missing (the
        writer checks the bytes against the hash)."""
        ...


@runtime_checkable
class KeepsBlobCrcs(Protocol):
    """A source that also knows each blob's CRC-32, taken when its bytes came in (the desktop's
    vault). The writer then proves the bytes it wrote are the blob's by the CRC-32 it computes
    anyway (a ZIP does for every entry) and takes the SHA-256 for the manifest from the blob's
    content address, instead of hashing every byte again; a blob without a recorded CRC is
    hashed fully, and its CRC is handed back (:meth:`record_crc32`) once the export succeeded,
    so the next export need not."""

    def blob_crc32(self, sha256: str) -> int | None:
        """The CRC-32 recorded for the blob, or None when none is."""
        ...

    def record_crc32(self, crcs: dict[str, int]) -> None:
        """Keep the CRC-32 of blobs that had none (each read whole and found to match its
        SHA-256)."""
        ...
