"""The inbox: pulled pages applied to the store, the pull cursor, and conflicts.

``apply_remote(page, cursor)`` applies one pull page and the cursor in one transaction: a clean
record is replaced; a dirty one (with an outbox row) is merged three-way against the last synced
copy (``sync.local.merge``): one-sided changes merge and stay queued on the new base, both-sided
ones leave the record in ``conflict`` for :meth:`Inbox.conflict_info` / :meth:`resolve_conflict`.
An innovation's ``review`` (its server-owned part) is stored and laid over it by the workflow
part (``review_stored``). Files the pulled documents refer to get *down* rows in
the outbox in the same transaction (the evidence-down stage fetches them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from iid.codec import review_from_dict, review_to_dict
from iid.records import Innovation, QcStatus, SpdProfile, SyncState, WorkflowState
from iid.rules import RuleSet
from sync.batches import batches
from sync.local import scores
from sync.local.collection import collection_paused
from sync.local.content import innovation_from_content, spd_from_content
from sync.local.db import Store
from sync.local.innovations import Innovations
from sync.local.merge import FieldConflict, merge
from sync.local.models import (
    InnovationRow,
    SpdProfileRow,
    SyncCursor,
    VerdictRow,
)
from sync.local.outbox import Outbox
from sync.local.rows import (
    DOCUMENT_COLUMNS,
    INNOVATION,
    SPD_ANSWER_COLUMNS,
    SPD_PROFILE,
    VERDICT,
    RecordNotFound,
    answer_fields,
    document_row,
    insert_many,
    insert_values,
    now,
    officer_answer,
    profile_values,
    sorted_answers,
    spd_answer_row,
)

if TYPE_CHECKING:
    from sync.local.workflow import ReviewShown


@dataclass(frozen=True)
class SkippedRecord:
    """A pulled record this release could not store, and why."""

    record_type: str
    record_id: str
    reason: str


@dataclass
class PullOutcome:
    """What :meth:`Inbox.apply_remote` did beyond applying: records left in conflict (ids;
    each newly in conflict), records skipped as unreadable, and how many files the page's
    documents refer to."""

    conflicts: list[str] = field(default_factory=list)
    skipped: list[SkippedRecord] = field(default_factory=list)


@dataclass(frozen=True)
class ConflictInfo:
    """A record in conflict: the merge base, the local content, the server's, and what clashes."""

    record_type: str
    record_id: str
    base: dict[str, Any] | None
    local: dict[str, Any]
    remote: dict[str, Any]
    server_version: int
    conflicts: list[FieldConflict]


@dataclass(frozen=True)
class ConflictOutcome:
    """What a push's ``conflict`` answer did: the clashing fields ([] when it merged cleanly)
    and whether the record entered the conflict state now (not already in it)."""

    clashes: list[FieldConflict]
    new: bool


class Inbox:
    """Applies what the server sends; keeps the cursor; holds conflicts for the officer."""

    def __init__(self, store: Store, innovations: Innovations, outbox: Outbox) -> None:
        self.store = store
        self.innovations = innovations
        self.outbox = outbox
        self.review_stored: Callable[[Session, str, int | None], None] = lambda *_: None
        """Called (in the page's transaction) after an innovation's review was stored (its
        version) or arrived before it (None): the workflow part lays it over the innovation."""
        self.reviews_shown: Callable[
            [Session, Mapping[str, Innovation]], tuple[dict[str, ReviewShown], set[str]]
        ] = lambda *_: ({}, set())
        """For innovations about to be stored for the first time, what the workflow part would
        write of their stored reviews, and the ids it must handle once they are stored
        (``Workflow.shown_for_new``)."""

    def get_cursor(self) -> int:
        """The pull cursor: the server ``seq`` the last applied page ended at (0 at first)."""
        with self.store.read() as session:
            row = session.get(SyncCursor, 1)
            return row.cursor if row is not None else 0

    def prepare(self, ready: Callable[[], bool]) -> None:
        """Make ready what applying pulled pages needs and can have before they arrive: called
        while the first page of a pull is on its way, stopping once ``ready()`` says it came.
        Loads the rule sets pulled innovations are scored with (``load_rules`` keeps them;
        reading and checking a rule file takes ~30 ms): those of the two years this store holds
        most innovations of, or this year's for a store that holds none (a first pull)."""
        with self.store.read() as session:
            years = session.scalars(
                select(InnovationRow.rule_year)
                .group_by(InnovationRow.rule_year)
                .order_by(func.count().desc())
                .limit(PREPARED_YEARS)
            ).all()
        for year in years or [now().year]:
            if ready():
                return
            scores.rule_set(year)

    def apply_remote(self, records: Iterable[dict[str, Any]], cursor: int) -> PullOutcome:
        """Apply one pulled page (``ServerRecord`` dicts, oldest first) and move the cursor.

        All in one transaction, so a crash re-pulls the whole page, never half of it.
        Innovation: taken as is when the local copy has no pending change; with one, merged
        three-way against the last synced copy (conflicts are kept for the officer).
        Review: the server-owned part of an innovation (``review_stored`` lays it over).
        SPD profile: like an innovation.
        A version not newer than what we hold (our own push coming back) is skipped.
        A record this release cannot store is rolled back on its own (savepoint) and reported
        in ``skipped``, so one bad record cannot stall every later pull.
        The cyclic garbage collector is paused meanwhile (``sync.local.collection``).
        """
        page = list(records)
        outcome = PullOutcome()
        skipped: list[tuple[int, SkippedRecord]] = []
        with collection_paused(), self.store.write() as session:
            known = self._held_innovations(session, page)
            held_reviews, held_spd = self._held_others(session, page)
            new = _Batch()
            for index, record in enumerate(page):
                kind, record_id = str(record.get("type")), str(record.get("id"))
                if kind == INNOVATION and not record.get("deleted") and record_id not in known:
                    known.add(record_id)  # a second copy in this page takes the general path
                    new.innovations[record_id] = (index, record)
                    continue
                if kind == VERDICT and new.takes_review(index, record_id, record, held_reviews):
                    continue
                if kind == SPD_PROFILE and new.takes_spd(index, record_id, record, held_spd):
                    continue
                if new and new.depends(kind, record_id, record, held_spd):
                    self._insert_new(session, new, skipped)
                    held_reviews |= new.review_ids
                    new = _Batch()
                self._apply_alone(session, index, record, outcome, skipped)
                if kind == VERDICT:
                    held_reviews.add(record_id)  # a later copy compares versions with it
            if new:
                self._insert_new(session, new, skipped)
            row = session.get(SyncCursor, 1)
            if row is None:
                session.add(SyncCursor(id=1, cursor=cursor, updated_at=now()))
            else:
                row.cursor, row.updated_at = cursor, now()
        outcome.skipped = [item for _, item in sorted(skipped, key=lambda pair: pair[0])]
        return outcome

    def _apply_alone(
        self,
        session: Session,
        index: int,
        record: dict[str, Any],
        outcome: PullOutcome,
        skipped: list[tuple[int, SkippedRecord]],
    ) -> None:
        """One record through the general path, in its own savepoint."""
        kind, record_id = str(record.get("type")), str(record.get("id"))
        try:
            with session.begin_nested():
                if self._apply_one(session, kind, record):
                    outcome.conflicts.append(record_id)
        except UNREADABLE as exc:
            skipped.append((index, SkippedRecord(kind, record_id, f"{exc}")))
        except IntegrityError as exc:
            reason = f"clashes with rows held here ({exc.orig})"
            skipped.append((index, SkippedRecord(kind, record_id, reason)))

    @staticmethod
    def _held_innovations(session: Session, page: list[dict[str, Any]]) -> set[str]:
        """Which of the page's innovations this store holds (one query per 500 ids)."""
        ids = list(dict.fromkeys(str(r.get("id")) for r in page if r.get("type") == INNOVATION))
        held: set[str] = set()
        for chunk in batches(ids):
            held.update(
                session.scalars(select(InnovationRow.id).where(InnovationRow.id.in_(chunk)))
            )
        return held

    @staticmethod
    def _held_others(session: Session, page: list[dict[str, Any]]) -> tuple[set[str], _HeldSpd]:
        """Which of the page's reviews this store holds (ids), and the ids and years of the
        SPD profiles it holds (a handful: one a year)."""
        ids = list(dict.fromkeys(str(r.get("id")) for r in page if r.get("type") == VERDICT))
        held: set[str] = set()
        for chunk in batches(ids):
            held.update(session.scalars(select(VerdictRow.id).where(VerdictRow.id.in_(chunk))))
        spd: _HeldSpd = (set(), set())
        if any(r.get("type") == SPD_PROFILE for r in page):
            for spd_id, year in session.execute(select(SpdProfileRow.id, SpdProfileRow.rule_year)):
                spd[0].add(spd_id)
                spd[1].add(year)
        return held, spd

    def _apply_one(self, session: Session, kind: str, record: dict[str, Any]) -> bool:
        if kind == INNOVATION:
            return self._apply_innovation(session, record)
        if kind == VERDICT:
            self._apply_verdict(session, record)
            return False
        if kind == SPD_PROFILE:
            return self._apply_spd(session, record)
        raise ValueError(f"unknown record type {kind!r}")

    def _remove(self, session: Session, record_type: str, row: Any) -> None:
        """The server deleted a record this device holds without local changes."""
        hashes = self.innovations.document_hashes(session, record_type, row.id)
        session.delete(row)
        session.flush()
        self.outbox.blobs_detached(session, sorted(hashes))

    def _apply_innovation(self, session: Session, record: dict[str, Any]) -> bool:
        record_id, version = str(record["id"]), int(record["version"])
        deleted, content = bool(record.get("deleted")), dict(record.get("content") or {})
        row = session.get(InnovationRow, record_id)
        if row is not None and version <= row.base_version:
            return False
        dirty = row is not None and self.outbox.has_row(session, INNOVATION, record_id)
        if dirty:
            assert row is not None
            return self._absorb_server_copy(session, INNOVATION, row, content, version, deleted).new
        if deleted:
            if row is not None:
                self._remove(session, INNOVATION, row)
            return False
        content["id"] = record_id
        if row is None:
            self._insert_remote_innovation(session, record_id, version, content)
            return False
        self.innovations.replace_innovation(session, row, content)
        row.version = row.base_version = version
        row.synced_content = content
        row.server_content, row.server_version = None, None
        row.updated_at = now()
        self.outbox.project(session, INNOVATION, [record_id])
        return False

    def _insert_remote_innovation(
        self, session: Session, record_id: str, version: int, content: dict[str, Any]
    ) -> None:
        """A server record this store has never held, met on the general path (a page's second
        copy of an id whose first copy could not be read): the same rows as a page's batch."""
        stamp = now()
        fresh = _new_rows(record_id, version, content, _RuleSets(), stamp)
        self._write_new(session, {record_id: fresh}, [], stamp)

    def _insert_new(
        self, session: Session, new: _Batch, skipped: list[tuple[int, SkippedRecord]]
    ) -> None:
        """Innovations this store has never held (most of a first pull), all at once, with the
        reviews of them that came in the same page, and SPD profiles of a year the store holds
        none of (written first): decoded and scored in Python (each year's
        rules looked up once), reviews laid over in memory, then one executemany per table,
        without the unit of work (bench/sync_pull.py). The rows are those the general path
        writes (tests/store/test_pull.py pins it). A record that cannot be decoded is skipped
        alone; if the batch cannot be written, each record takes the general path in its own
        savepoint, in page order, so a bad one is found and skipped alone there."""
        rules, stamp = _RuleSets(), now()
        batch: dict[str, _NewInnovation] = {}
        for record_id, (index, record) in new.innovations.items():
            try:
                content = dict(record.get("content") or {})
                fresh = _new_rows(record_id, int(record["version"]), content, rules, stamp)
                batch[record_id] = fresh
            except UNREADABLE as exc:
                skipped.append((index, SkippedRecord(INNOVATION, record_id, f"{exc}")))
        reviews: list[_NewReview] = []
        alone: list[tuple[int, dict[str, Any]]] = []  # reviews of innovations skipped above
        for target, (index, record) in new.reviews.items():
            if target not in batch:
                alone.append((index, record))
                continue
            try:
                parsed = review_from_dict(record.get("content") or {})
                reviews.append(_NewReview(index, record, target, review_to_dict(parsed)))
            except UNREADABLE as exc:
                skipped.append((index, SkippedRecord(VERDICT, str(record.get("id")), f"{exc}")))
        profiles: dict[str, tuple[SpdProfile, dict[str, Any]]] = {}
        for record_id, (index, record) in new.spd.items():
            try:
                content = dict(record.get("content") or {})
                profiles[record_id] = (spd_from_content(content), record)
            except UNREADABLE as exc:
                skipped.append((index, SkippedRecord(SPD_PROFILE, record_id, f"{exc}")))
        if batch or profiles:
            try:
                with session.begin_nested():
                    self._write_spd(session, profiles, stamp)
                    self._write_new(session, batch, reviews, stamp)
            except (*UNREADABLE, IntegrityError):
                each = [new.innovations[i] for i in batch] + [(r.index, r.record) for r in reviews]
                each += [new.spd[i] for i in profiles]
                for index, record in sorted(each, key=lambda pair: pair[0]):
                    self._apply_alone(session, index, record, PullOutcome(), skipped)
        for index, record in alone:
            self._apply_alone(session, index, record, PullOutcome(), skipped)

    def _write_spd(
        self,
        session: Session,
        profiles: dict[str, tuple[SpdProfile, dict[str, Any]]],
        stamp: datetime,
    ) -> None:
        """SPD profiles new to the store (``_Batch.takes_spd``): the rows the general path
        (``_apply_spd``) writes for them, with one executemany per table."""
        if not profiles:
            return
        connection, tables = session.connection(), InnovationRow.metadata.tables
        rows: list[dict[str, Any]] = []
        answers: list[tuple[Any, ...]] = []
        documents: list[tuple[Any, ...]] = []
        for record_id, (profile, record) in profiles.items():
            version = int(record["version"])
            rows.append(
                dict(id=record_id, pemda_id=profile.pemda_id, rule_year=profile.rule_year,
                     sync_state=_SYNCED, version=version, base_version=version,
                     synced_content=dict(record.get("content") or {}), server_content=None,
                     server_version=None, updated_at=stamp)
            )  # fmt: skip
            answers.extend(
                (record_id, key, *spd_answer_row(answer)) for key, answer in profile.answers.items()
            )
            documents.extend((record_id, *document_row(d)) for d in profile.documents)
        insert_many(connection, tables["spd_profiles"], rows)
        insert_values(connection, tables["spd_answers"], _SPD_ANSWER_COLUMNS, answers)
        insert_values(connection, tables["spd_documents"], _SPD_DOCUMENT_COLUMNS, documents)
        hashes = sorted({d[_SPD_SHA256] for d in documents if d[_SPD_SHA256]})
        self.outbox.blobs_arriving(session, hashes)
        self.outbox.project(session, SPD_PROFILE, list(profiles))

    def _write_new(
        self,
        session: Session,
        batch: dict[str, _NewInnovation],
        reviews: list[_NewReview],
        stamp: datetime,
    ) -> None:
        if not batch:
            return
        connection, tables = session.connection(), InnovationRow.metadata.tables
        # Their reviews first (stored as if they had come before them), then what the workflow
        # part shows of every stored review, laid over the rows before they are written.
        verdicts = [
            dict(id=str(r.record["id"]), innovation_id=r.target,
                 version=int(r.record["version"]), content=r.content, deleted=False,
                 updated_at=stamp)
            for r in reviews
        ]  # fmt: skip
        insert_many(connection, tables["verdicts"], verdicts)
        shown, later = self.reviews_shown(
            session, {record_id: fresh.innovation for record_id, fresh in batch.items()}
        )
        for record_id, overlay in shown.items():
            batch[record_id].lay_over(overlay)
        insert_many(connection, tables["innovations"], [f.row for f in batch.values()])
        documents = [d for f in batch.values() for d in f.documents]
        insert_values(connection, tables["documents"], _DOCUMENT_COLUMNS, documents)
        self.outbox.blobs_arriving(session, [d[_SHA256] for d in documents if d[_SHA256]])
        if later:  # the workflow part settles and overlays requests made here
            versions = {r.target: int(r.record["version"]) for r in reviews}
            for innovation_id in batch:
                if innovation_id in later:
                    self.review_stored(session, innovation_id, versions.get(innovation_id))

    def _apply_verdict(self, session: Session, record: dict[str, Any]) -> None:
        record_id, version = str(record["id"]), int(record["version"])
        deleted = bool(record.get("deleted"))
        existing = session.get(VerdictRow, record_id)
        if existing is not None and version <= existing.version:
            return
        if deleted:
            innovation_id = existing.innovation_id if existing is not None else None
            content: dict[str, Any] = {}
        else:
            parsed = review_from_dict(record.get("content") or {})  # CodecError: a ValueError
            content = review_to_dict(parsed)
            innovation_id = parsed.innovation_id
        if existing is None:
            if innovation_id is None:
                return
            existing = VerdictRow(id=record_id, innovation_id=innovation_id, updated_at=now())
            session.add(existing)
        existing.version, existing.content, existing.deleted = version, content, deleted
        existing.updated_at = now()
        if innovation_id is not None:
            self.review_stored(session, innovation_id, version)

    def _apply_spd(self, session: Session, record: dict[str, Any]) -> bool:
        record_id, version = str(record["id"]), int(record["version"])
        deleted, content = bool(record.get("deleted")), dict(record.get("content") or {})
        row = session.get(SpdProfileRow, record_id)
        if row is None and not deleted:
            # Same year saved locally under another id (before sign-in): adopt the server's id.
            year = content.get("rule_year")
            row = session.scalar(select(SpdProfileRow).where(SpdProfileRow.rule_year == year))
            if row is not None and row.id != record_id:
                self.innovations.rename_spd(
                    session, row, record_id, str(content.get("pemda_id") or "")
                )
                row = session.get(SpdProfileRow, record_id)
        if row is not None and version <= row.base_version:
            return False
        if row is not None and self.outbox.has_row(session, SPD_PROFILE, row.id):
            return self._absorb_server_copy(
                session, SPD_PROFILE, row, content, version, deleted
            ).new
        if deleted:
            if row is not None:
                self._remove(session, SPD_PROFILE, row)
            return False
        profile = spd_from_content(content)
        if row is None:
            row = SpdProfileRow(
                id=record_id,
                pemda_id=profile.pemda_id,
                rule_year=profile.rule_year,
                updated_at=now(),
                sync_state=SyncState.SYNCED.value,
            )
            session.add(row)
            session.flush()
        self.innovations.replace_content(session, row, content)
        row.version = row.base_version = version
        row.synced_content = content
        row.server_content, row.server_version = None, None
        row.updated_at = now()
        self.outbox.project(session, SPD_PROFILE, [row.id])
        return False

    # --- conflicts ------------------------------------------------------------------------------

    def mark_conflict(
        self,
        record_type: str,
        record_id: str,
        server_copy: dict[str, Any],
        server_version: int,
    ) -> ConflictOutcome:
        """The server has a newer copy than our base (a push answered ``conflict``).

        ``server_copy`` is the server's record (``ServerRecord`` as a dict) or its content.
        Merges three-way against the last synced content: when no field clashes, the merged
        content is written and queued on the new base (no clashes); otherwise the record is
        left as the officer has it, in conflict, and the clashing fields are returned.
        """
        deleted = False
        content = server_copy
        if {"type", "id", "version", "content"} <= server_copy.keys():
            content, deleted = dict(server_copy["content"]), bool(server_copy.get("deleted"))
        with self.store.write() as session:
            record = self.innovations.sync_row(session, record_type, record_id)
            if record is None:
                return ConflictOutcome([], False)
            return self._absorb_server_copy(
                session, record_type, record, content, server_version, deleted
            )

    def _absorb_server_copy(
        self,
        session: Session,
        record_type: str,
        record: InnovationRow | SpdProfileRow,
        remote: dict[str, Any],
        server_version: int,
        deleted: bool,
    ) -> ConflictOutcome:
        local = (
            {}
            if isinstance(record, InnovationRow) and record.deleted
            else self.innovations.content(session, record_type, record.id) or {}
        )
        if deleted:
            # The server deleted what the officer is still editing: theirs to decide.
            remote = {}
            merged, conflicts = local, [FieldConflict(path="", local=local, remote=None)]
        else:
            result = merge(record.synced_content, local, remote)
            merged, conflicts = result.merged, result.conflicts
        if not conflicts:
            self.innovations.replace_content(session, record, merged)
            record.base_version = server_version
            record.version = max(record.version, server_version)
            record.synced_content = remote
            record.server_content, record.server_version = None, None
            if merged == remote:
                self.outbox.settled_by_server(session, record_type, record.id)
            else:
                self.outbox.merged_on_new_base(session, record_type, record.id)
            return ConflictOutcome([], False)
        record.server_content, record.server_version = remote, server_version
        new = self.outbox.enter_conflict(session, record_type, record.id)
        return ConflictOutcome(conflicts, new)

    def conflict_info(self, record_type: str, record_id: str) -> ConflictInfo | None:
        """What the conflict screen shows for a record in conflict (None if it is not)."""
        with self.store.read() as session:
            record = self.innovations.sync_row(session, record_type, record_id)
            if record is None or record.server_version is None:
                return None
            local = self.innovations.content(session, record_type, record_id) or {}
            remote = record.server_content or {}
            return ConflictInfo(
                record_type=record_type,
                record_id=record_id,
                base=record.synced_content,
                local=local,
                remote=remote,
                server_version=record.server_version,
                conflicts=merge(record.synced_content, local, remote).conflicts,
            )

    def resolve_conflict(
        self,
        record_type: str,
        record_id: str,
        merged_content: dict[str, Any],
        server_version: int,
    ) -> None:
        """The officer's decision: ``merged_content`` replaces the record, based on the server
        copy at ``server_version``, and is queued to be sent."""
        with self.store.write() as session:
            record = self.innovations.sync_row(session, record_type, record_id)
            if record is None:
                raise RecordNotFound(f"{record_type} {record_id} is not in the local store")
            if isinstance(record, InnovationRow):
                record.deleted = False
            self.innovations.replace_content(session, record, merged_content)
            record.synced_content = record.server_content
            record.base_version = server_version
            record.version = max(record.version, server_version) + 1
            record.server_content, record.server_version = None, None
            record.updated_at = now()
            self.outbox.resolve(session, record_type, record_id)


PREPARED_YEARS = 2
"""How many of the held years' rule sets :meth:`Inbox.prepare` loads at most."""

UNREADABLE = (KeyError, ValueError, TypeError, ValidationError)
"""What reading a pulled record can raise (``CodecError`` is a ``ValueError``): the record is
skipped and reported, never the page. So is a record whose rows clash with rows held here
(``IntegrityError``: e.g. a document id another innovation already has, which only a faulty or
hostile client can make; the server refuses such pushes): one such record must not stall every
later pull."""


_HeldSpd = tuple[set[str], set[int]]
"""The ids and the years of the SPD profiles a store holds."""


@dataclass
class _Batch:
    """A page's records pending for :meth:`Inbox._insert_new`: first copies of innovations the
    store has never held (id -> (index in the page, record)), and reviews of them (the target
    innovation's id -> (index, record); one each)."""

    innovations: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    reviews: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    review_ids: set[str] = field(default_factory=set)
    spd: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    """SPD profiles the store holds neither under their id nor for their year (id -> (index,
    record)): what the general path would insert, without its ORM work (~10 ms a profile)."""

    def __bool__(self) -> bool:
        return bool(self.innovations or self.spd)

    def takes_spd(self, index: int, record_id: str, record: dict[str, Any], held: _HeldSpd) -> bool:
        """Take the SPD profile ``record`` into the batch if the store holds no profile under
        its id or for its year (nor does the batch); it then counts as held, so a later copy
        in the page (or another profile of its year) takes the general path after the batch
        is written."""
        content = record.get("content")
        year = content.get("rule_year") if isinstance(content, dict) else None
        ids, years = held
        if (
            record.get("deleted")
            or not isinstance(year, int)
            or isinstance(year, bool)
            or record_id in ids
            or year in years
        ):
            return False
        self.spd[record_id] = (index, record)
        ids.add(record_id)
        years.add(year)
        return True

    def takes_review(
        self, index: int, record_id: str, record: dict[str, Any], held: set[str]
    ) -> bool:
        """Take the review ``record`` (at ``index`` in the page) into the batch if it is the
        first in the page of one of its innovations, and one this store does not hold (no
        stored version to compare with)."""
        target = _review_target(record)
        if (
            target is None
            or target not in self.innovations
            or target in self.reviews
            or record_id in held
            or record_id in self.review_ids
        ):
            return False
        self.reviews[target] = (index, record)
        self.review_ids.add(record_id)
        return True

    def depends(
        self, kind: str, record_id: str, record: dict[str, Any], held_spd: _HeldSpd
    ) -> bool:
        """Whether ``record`` must see the batch written first (to keep the page's order where
        it matters): a second copy of one of its innovations or reviews, another review of one
        of its innovations (or a review tombstone, whose innovation only the store knows), an
        SPD profile the store holds under its id or year (applying it can drop the outbox
        rows of files a new innovation refers to, or rename a profile), anything else."""
        if kind == INNOVATION:
            return record_id in self.innovations
        if kind == VERDICT:
            target = _review_target(record)
            return target is None or target in self.innovations or record_id in self.review_ids
        if kind == SPD_PROFILE:
            content = record.get("content")
            year = content.get("rule_year") if isinstance(content, dict) else None
            ids, years = held_spd
            return record_id in ids or not isinstance(year, int) or year in years
        return True


def _review_target(record: dict[str, Any]) -> str | None:
    """The innovation a (not deleted) review record is about, when it names one."""
    content = record.get("content")
    if record.get("deleted") or not isinstance(content, dict):
        return None
    target = content.get("innovation_id")
    return target if isinstance(target, str) else None


class _RuleSets(dict[int, "RuleSet | None"]):
    """Each year's rule set, looked up once (per page)."""

    def __missing__(self, year: int) -> RuleSet | None:
        self[year] = found = scores.rule_set(year)
        return found


@dataclass(frozen=True)
class _NewInnovation:
    """The rows of an innovation this store has never held, ready for executemany."""

    record_id: str
    innovation: Innovation
    """As decoded from the pulled content."""
    row: dict[str, Any]
    """The innovation's columns (its answers among them)."""
    documents: list[tuple[Any, ...]]
    """In the order of ``_DOCUMENT_COLUMNS``."""

    def lay_over(self, shown: ReviewShown) -> None:
        """Write what the workflow part shows of the innovation's review into the row (what
        ``Workflow.refresh`` writes once it is stored)."""
        self.row.update(
            workflow_state=shown.workflow_state,
            qc_status=shown.qc_status,
            verifier_note=shown.verifier_note,
        )
        answers = dict(self.row["answers"])
        for key, (verdict, verified_level, note) in shown.answers.items():
            fields = answer_fields(answers.get(key))
            fields.update(verdict=verdict, verified_level=verified_level, verifier_note=note)
            answers[key] = fields
        self.row["answers"] = sorted_answers(answers)


@dataclass(frozen=True)
class _NewReview:
    """A review that came in the same page as its innovation (new to the store)."""

    index: int
    record: dict[str, Any]
    target: str
    content: dict[str, Any]
    """As the general path stores it (``review_to_dict`` of what was read)."""


_SPD_ANSWER_COLUMNS = ("profile_id", "row", *SPD_ANSWER_COLUMNS)
_SPD_DOCUMENT_COLUMNS = ("profile_id", *DOCUMENT_COLUMNS)
_SPD_SHA256 = _SPD_DOCUMENT_COLUMNS.index("sha256")
_DOCUMENT_COLUMNS = ("innovation_id", *DOCUMENT_COLUMNS)
"""The documents table's columns in the order ``_new_rows`` gives them."""
_SHA256 = _DOCUMENT_COLUMNS.index("sha256")
_QC_PENDING = QcStatus.PENDING.value
_SYNCED, _DRAFT = SyncState.SYNCED.value, WorkflowState.DRAFT.value


def _new_rows(
    record_id: str, version: int, content: dict[str, Any], rules: _RuleSets, stamp: datetime
) -> _NewInnovation:
    content["id"] = record_id
    incoming = innovation_from_content(content)
    answers = incoming.answers
    created = incoming.created_at or stamp
    summary = scores.scores_with(
        rules[incoming.rule_year],
        incoming.profile,
        {key: a.claimed_level or 0 for key, a in incoming.answers.items()},
        {doc.slot for doc in incoming.documents},
    )
    row = dict(
        id=record_id,
        rule_year=incoming.rule_year,
        opd_id=incoming.opd_id,
        created_at=created if created.tzinfo else created.replace(tzinfo=UTC),
        updated_at=stamp,
        version=version,
        base_version=version,
        deleted=False,
        sync_state=_SYNCED,
        qc_status=_QC_PENDING,
        verifier_note="",
        workflow_state=_DRAFT,  # until its review says more
        synced_content=content,
        server_content=None,
        server_version=None,
        completeness=summary.completeness,
        kematangan_centi=summary.kematangan_centi,
        **profile_values(incoming.profile, copy=False),  # decoded just now: nobody else's
        answers={key: officer_answer(answers[key]) for key in sorted(answers)},
    )
    documents = [(record_id, *document_row(d)) for d in incoming.documents]
    return _NewInnovation(record_id, incoming, row, documents)
