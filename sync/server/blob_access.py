"""Who may read an evidence file, and who may learn that the server has it.

A file's hash is not a key. An account **holds** a blob (``BlobHolder``) once it sent the
file's bytes in a verified upload, or when it referred to the blob in a pushed record while it
could already read it (a colleague's file it pulled and reuses). A record's reference to a
blob (``RecordBlob``) remembers the account whose push first put it there (``added_by``).

A caller may read a blob when it holds it, or when a record it may read refers to the blob and
that reference's ``added_by`` holds it. So an operator of another OPD or pemda who copies a
hash into their own record grants nothing: they do not hold the file, so neither they nor the
readers of their record can open it, and the server's answer for them is the same as for a
hash it has never seen (404 on download, "missing" from ``blobs/missing``, an upload that must
send the bytes, which then makes them a holder).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import and_, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sync.batches import batches
from sync.server import records
from sync.server.auth import Principal
from sync.server.models import Blob, BlobHolder, Record, RecordBlob


def readable(session: Session, principal: Principal, hashes: Iterable[str]) -> set[str]:
    """The hashes among ``hashes`` that are stored and that ``principal`` may read."""
    wanted = list(dict.fromkeys(hashes))
    found: set[str] = set()
    for batch in batches(wanted):
        held = select(BlobHolder.sha256).where(
            BlobHolder.user_id == principal.user_id, BlobHolder.sha256.in_(batch)
        )
        cited = (
            select(RecordBlob.sha256)
            .join(Record, Record.id == RecordBlob.record_id)
            .join(
                BlobHolder,
                and_(
                    BlobHolder.sha256 == RecordBlob.sha256,
                    BlobHolder.user_id == RecordBlob.added_by,
                ),
            )
            .where(RecordBlob.sha256.in_(batch), records.visible(principal))
        )
        candidates = set(session.scalars(held.union(cited)))
        if candidates:
            found.update(
                session.scalars(select(Blob.sha256).where(Blob.sha256.in_(sorted(candidates))))
            )
    return found


def can_read(session: Session, principal: Principal, sha256: str) -> bool:
    """True if ``principal`` may download the blob (see the module docstring)."""
    return sha256 in readable(session, principal, [sha256])


def hold(session: Session, user_id: str, hashes: Iterable[str]) -> None:
    """Make ``user_id`` a holder of ``hashes`` (already holding is fine)."""
    rows = [{"sha256": h, "user_id": user_id, "since": datetime.now(UTC)} for h in set(hashes)]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert_ = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert_(BlobHolder).on_conflict_do_nothing(index_elements=["sha256", "user_id"]), rows
    )


def index_record(session: Session, principal: Principal, record_id: str, blobs: set[str]) -> None:
    """Make ``record_id``'s references exactly ``blobs``, after a push by ``principal``.

    A reference the record already had keeps its ``added_by``; a new one is the pusher's. A
    pusher who can already read a newly cited blob becomes its holder (reusing a file it
    pulled), so the readers of its record can open the file too.
    """
    existing = set(
        session.scalars(select(RecordBlob.sha256).where(RecordBlob.record_id == record_id))
    )
    gone = existing - blobs
    new = blobs - existing
    if gone:
        session.execute(
            delete(RecordBlob).where(
                RecordBlob.record_id == record_id, RecordBlob.sha256.in_(sorted(gone))
            )
        )
    if new:
        hold(session, principal.user_id, readable(session, principal, new))
        session.execute(
            insert(RecordBlob),
            [
                {"record_id": record_id, "sha256": b, "added_by": principal.user_id}
                for b in sorted(new)
            ],
        )
