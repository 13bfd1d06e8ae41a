"""The package source on the desktop: the local store (through the repository) and the vault."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from iid.records import Innovation, SpdProfile, WorkflowState
from iid.rules import load_rules
from sync.batches import batches
from sync.export.source import InnovationRef, PemdaInfo
from sync.local.repository import InnovationFilter, RecordNotFound, Repository
from sync.local.vault import BlobNotFound, BlobReader, Vault

PAGE = 500


class LocalSource:
    """Reads what a package needs through the repository's public methods and the vault.

    Evidence that this installation has not downloaded yet has no size here
    (``blob_size`` -> None): the writer reports it instead of writing a partial package.
    """

    def __init__(self, repo: Repository, vault: Vault) -> None:
        self.repo = repo
        self.vault = vault
        self._reader: BlobReader | None = None
        self._crcs: dict[str, int | None] = {}  # from the blob's info read for its size

    def pemda(self) -> PemdaInfo:
        info = self.repo.get_pemda()
        if info is None:
            return PemdaInfo(id="", name="Pemerintah Daerah", code="pemda")
        return PemdaInfo(id=info.id, name=info.name, code=info.code or info.id)

    def innovations(self, year: int, states: Iterable[WorkflowState]) -> list[InnovationRef]:
        refs: list[InnovationRef] = []
        for state in states:
            query = InnovationFilter(workflow_state=WorkflowState(state), rule_year=year)
            offset = 0
            while True:
                page = self.repo.list_innovations(query, "nama", offset=offset, limit=PAGE)
                refs += [
                    InnovationRef(s.id, s.nama, s.opd_id, s.opd_name, s.workflow_state)
                    for s in page
                ]
                if len(page) < PAGE:
                    break
                offset += PAGE
        return refs

    def innovation(self, innovation_id: str) -> Innovation:
        innovation = self.repo.get_innovation(innovation_id)
        if innovation is None:
            raise RecordNotFound(innovation_id)
        return innovation

    def records(self, innovation_ids: Sequence[str]) -> Iterator[Innovation]:
        for chunk in batches(innovation_ids, PAGE):
            found = {i.id: i for i in self.repo.get_innovations(chunk)}
            for innovation_id in chunk:
                if innovation_id not in found:
                    raise RecordNotFound(innovation_id)
                yield found[innovation_id]

    def spd_profile(self, year: int) -> SpdProfile | None:
        profile = self.repo.get_spd_profile(year)
        return profile if (profile.answers or profile.documents) else None

    def blob_size(self, sha256: str) -> int | None:
        try:
            info = self.vault.info(sha256)
        except BlobNotFound:
            return None
        self._crcs[sha256] = info.crc32
        return None if info.damaged else info.size_bytes

    def blob_crc32(self, sha256: str) -> int | None:
        if sha256 not in self._crcs:
            try:
                self._crcs[sha256] = self.vault.info(sha256).crc32
            except BlobNotFound:
                return None
        return self._crcs[sha256]

    def record_crc32(self, crcs: dict[str, int]) -> None:
        self.vault.record_crc32(crcs)
        self._crcs.update(crcs)

    @contextlib.contextmanager
    def reading_blobs(self) -> Iterator[None]:
        """One vault connection for the writer's whole pass over the evidence."""
        with self.vault.reader() as reader:
            self._reader = reader
            try:
                yield
            finally:
                self._reader = None

    def blob_chunks(self, sha256: str) -> Iterator[bytes]:
        if self._reader is not None:
            return self._reader.chunks(sha256)
        return self.vault.iter_chunks(sha256)

    def profile_pdf(self, innovation_ids: list[str], printed_on: date | None = None) -> bytes:
        """The printable profile of these innovations (one PDF, each from a new page)."""
        from sync.export.pdf import ProfileItem, profile_pdf

        opds = {o.id: o.name for o in self.repo.list_opds()}
        items = [
            ProfileItem(innovation, opds.get(innovation.opd_id, ""))
            for innovation in (self.innovation(i) for i in innovation_ids)
        ]
        return profile_pdf(items, self.pemda().name, load_rules, printed_on=printed_on)
