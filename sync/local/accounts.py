"""Who uses this installation and where they work: the pemda, its OPDs and the signed-in
officer (``local_user``). Part of the repository layer (one transaction per method)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sync.local.db import Store
from sync.local.ids import new_id
from sync.local.innovations import Innovations
from sync.local.listing import OpdInfo
from sync.local.models import InnovationRow, LocalUser, Opd, Pemda, SpdProfileRow
from sync.local.rows import now, spd_record_id


@dataclass(frozen=True)
class PemdaInfo:
    id: str
    name: str
    code: str = ""


@dataclass(frozen=True)
class LocalUserInfo:
    """The signed-in officer of this installation, as the server described them."""

    user_id: str = ""
    username: str = ""
    full_name: str = ""
    role: str = ""
    pemda_id: str | None = None
    opd_id: str | None = None
    server_url: str = ""
    device_id: str = ""


def _user_info(row: LocalUser) -> LocalUserInfo:
    return LocalUserInfo(
        user_id=row.user_id,
        username=row.username,
        full_name=row.full_name,
        role=row.role,
        pemda_id=row.pemda_id,
        opd_id=row.opd_id,
        server_url=row.server_url,
        device_id=row.device_id,
    )


class Accounts:
    """The pemda, its OPD list and the local user."""

    def __init__(self, store: Store, innovations: Innovations) -> None:
        self.store = store
        self.innovations = innovations

    def upsert_pemda(self, pemda_id: str, name: str, code: str = "") -> None:
        with self.store.write() as session:
            row = session.get(Pemda, pemda_id)
            if row is None:
                session.add(Pemda(id=pemda_id, name=name, code=code, updated_at=now()))
            else:
                row.name, row.code, row.updated_at = name, code, now()

    def upsert_opd(
        self, opd_id: str, name: str, code: str = "", pemda_id: str | None = None
    ) -> None:
        with self.store.write() as session:
            self._upsert_opd(session, opd_id, name, code, pemda_id)

    def _upsert_opd(
        self, session: Session, opd_id: str, name: str, code: str, pemda_id: str | None
    ) -> bool:
        """Write the OPD when it is new or differs; True when something was written."""
        row = session.get(Opd, opd_id)
        if row is None:
            session.add(Opd(id=opd_id, name=name, code=code, pemda_id=pemda_id, updated_at=now()))
            return True
        if (row.name, row.code) == (name, code) and pemda_id in (None, row.pemda_id):
            return False
        row.name, row.code, row.updated_at = name, code, now()
        if pemda_id is not None:
            row.pemda_id = pemda_id
        return True

    def replace_opds(self, pemda_id: str, opds: Iterable[OpdInfo]) -> list[str]:
        """The pemda's OPD list as the server has it now (one transaction): new and renamed
        OPDs written, OPDs of this pemda the server no longer lists removed (innovations keep
        their ``opd_id``). Returns the ids of the OPDs added, changed or removed (empty when
        the store already held this list: nothing is written then)."""
        listed = list(opds)
        with self.store.write() as session:
            changed = [
                opd.id
                for opd in listed
                if self._upsert_opd(session, opd.id, opd.name, opd.code, opd.pemda_id or pemda_id)
            ]
            keep = [o.id for o in listed]
            gone = Opd.pemda_id == pemda_id, Opd.id.not_in(keep)
            changed += session.scalars(select(Opd.id).where(*gone)).all()
            session.execute(delete(Opd).where(*gone))
        return changed

    def get_pemda(self, pemda_id: str | None = None) -> PemdaInfo | None:
        """The pemda ``pemda_id`` (default: the signed-in officer's, else the only one known)."""
        with self.store.read() as session:
            if pemda_id is None:
                user = session.get(LocalUser, 1)
                pemda_id = user.pemda_id if user is not None else None
            if pemda_id is not None:
                row = session.get(Pemda, pemda_id)
            else:
                rows = session.scalars(select(Pemda).limit(2)).all()
                row = rows[0] if len(rows) == 1 else None
            return None if row is None else PemdaInfo(id=row.id, name=row.name, code=row.code)

    def get_local_user(self) -> LocalUserInfo | None:
        """The officer who signed in on this installation, or None before the first sign-in."""
        with self.store.read() as session:
            row = session.get(LocalUser, 1)
            return None if row is None else _user_info(row)

    def set_local_user(self, user: LocalUserInfo) -> LocalUserInfo:
        """Remember the signed-in officer; a missing ``device_id`` gets a new one (kept after).

        Work done before the first sign-in joins the officer's org units in the same
        transaction: drafts without an OPD get the officer's OPD, and SPD profiles saved under
        the placeholder id ``spd-local-<year>`` get the pemda and its sync id.
        """
        with self.store.write() as session:
            if user.opd_id:
                orphans = session.scalars(
                    select(InnovationRow).where(
                        InnovationRow.opd_id == "", InnovationRow.deleted.is_(False)
                    )
                ).all()
                for orphan in orphans:
                    orphan.opd_id = user.opd_id
                    self.innovations.changed(session, orphan)
            if user.pemda_id:
                placeholders = session.scalars(
                    select(SpdProfileRow).where(SpdProfileRow.id.like("spd-local-%"))
                ).all()
                for spd in placeholders:
                    target = spd_record_id(user.pemda_id, spd.rule_year)
                    self.innovations.rename_spd(session, spd, target, user.pemda_id)
            row = session.get(LocalUser, 1)
            if row is None:
                row = LocalUser(id=1, device_id="")
                session.add(row)
            device_id = user.device_id or row.device_id or new_id()
            row.user_id, row.username, row.full_name = user.user_id, user.username, user.full_name
            row.role, row.pemda_id, row.opd_id = user.role, user.pemda_id, user.opd_id
            row.server_url, row.device_id, row.updated_at = user.server_url, device_id, now()
            return _user_info(row)
