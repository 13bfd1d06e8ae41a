"""The repository over ``store.sqlite``: the only place that queries the local store.

It is made of parts, one job each, sharing the :class:`~sync.local.db.Store`:

- ``innovations`` (:mod:`sync.local.innovations`): innovations and SPD profiles - what the
  editor and the Ringkasan read and write;
- ``lists`` (:mod:`sync.local.listing`): the list's pages, counts and the OPD names (plain
  read-only sqlite3: the app paints the first page with it before the ORM loads);
- ``outbox`` (:mod:`sync.local.outbox`): everything the server has not confirmed yet (records
  and evidence files, up and down), one closed state set, named transitions;
- ``inbox`` (:mod:`sync.local.inbox`): pulled pages, the cursor, conflicts;
- ``accounts`` (:mod:`sync.local.accounts`): the pemda, its OPDs, the signed-in officer;
- ``history`` (:mod:`sync.local.history`): the sync runs;
- ``workflow`` (:mod:`sync.local.workflow`): moves and verdicts asked for here (workflow
  requests through the outbox), the server's decisions, each innovation's review as shown.

``Repository`` builds them and offers the established calls of the editor, the list, the
desktop and the engine as plain delegates, so a caller holds one object. Every method runs in
ONE transaction and returns ``iid.records`` dataclasses (or the parts' small dataclasses), never
ORM objects. Every change to a record writes its outbox row in the same transaction.

Thread use: every method opens its own session, so methods may be called from any thread;
writes serialise on SQLite's write lock (BEGIN IMMEDIATE + busy timeout), reads never block.
"""

from __future__ import annotations

from pathlib import Path

from sync.local.accounts import Accounts, LocalUserInfo, PemdaInfo
from sync.local.db import Store
from sync.local.history import SyncHistory, SyncRunInfo
from sync.local.inbox import ConflictInfo, ConflictOutcome, Inbox, PullOutcome, SkippedRecord
from sync.local.innovations import BlobReference, DeleteOutcome, Innovations, NotADraft
from sync.local.listing import (
    SORT_KEYS,
    InnovationFilter,
    InnovationSummary,
    ListReader,
    OpdInfo,
)
from sync.local.outbox import (
    BlobTask,
    Direction,
    Outbox,
    OutboxItem,
    OutboxState,
    OutgoingChange,
)
from sync.local.rows import RecordNotFound, spd_record_id
from sync.local.workflow import RequestState, Workflow, WorkflowRefused, WorkflowRequestInfo

__all__ = [
    "SORT_KEYS",
    "BlobReference",
    "BlobTask",
    "ConflictInfo",
    "ConflictOutcome",
    "DeleteOutcome",
    "Direction",
    "InnovationFilter",
    "InnovationSummary",
    "LocalUserInfo",
    "NotADraft",
    "OpdInfo",
    "OutboxItem",
    "OutboxState",
    "OutgoingChange",
    "PemdaInfo",
    "PullOutcome",
    "RecordNotFound",
    "RequestState",
    "Repository",
    "SkippedRecord",
    "SyncRunInfo",
    "WorkflowRefused",
    "WorkflowRequestInfo",
    "spd_record_id",
]


class Repository:
    """The parts of the repository layer over one store (see the module docstring)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.outbox = Outbox(store)
        self.innovations = Innovations(store, self.outbox)
        self.inbox = Inbox(store, self.innovations, self.outbox)
        self.accounts = Accounts(store, self.innovations)
        self.history = SyncHistory(store)
        self.workflow = Workflow(store, self.innovations, self.outbox)
        self.inbox.review_stored = self.workflow.review_applied
        self.inbox.reviews_shown = self.workflow.shown_for_new
        self.lists = ListReader(store.path)
        # The first releases kept held and refused evidence in a side file: taken over once.
        self.outbox.adopt_items_file(Path(store.path).parent)

        # The established calls (editor, list, Ringkasan, desktop, engine), delegated.
        inv = self.innovations
        self.create_innovation = inv.create_innovation
        self.get_innovation = inv.get_innovation
        self.get_innovations = inv.get_innovations
        self.update_profile = inv.update_profile
        self.set_innovation_state = inv.set_innovation_state
        self.set_claimed_level = inv.set_claimed_level
        self.set_measure = inv.set_measure
        self.add_document = inv.add_document
        self.update_document = inv.update_document
        self.remove_document = inv.remove_document
        self.reorder_documents = inv.reorder_documents
        self.delete_innovation = inv.delete_innovation
        self.refresh_scores = inv.refresh_scores
        self.get_spd_profile = inv.get_spd_profile
        self.save_spd_profile = inv.save_spd_profile
        self.count_innovations = self.lists.count_innovations
        self.list_innovations = self.lists.list_innovations
        self.list_opds = self.lists.list_opds
        self.sync_states = self.lists.sync_states
        self.referenced_blobs = inv.referenced_blobs
        self.shared_blobs = inv.shared_blobs
        self.blob_references = inv.blob_references
        acc = self.accounts
        self.upsert_pemda = acc.upsert_pemda
        self.upsert_opd = acc.upsert_opd
        self.get_pemda = acc.get_pemda
        self.get_local_user = acc.get_local_user
        self.set_local_user = acc.set_local_user
        self.apply_remote = self.inbox.apply_remote
        self.get_cursor = self.inbox.get_cursor
        self.conflict_info = self.inbox.conflict_info
        self.resolve_conflict = self.inbox.resolve_conflict
        self.outbox_count = self.outbox.count
        self.record_sync_run = self.history.record_sync_run
        self.recent_sync_runs = self.history.recent_sync_runs
