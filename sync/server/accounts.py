"""Account administration: pemda, OPDs and users, used by the CLI, the demo and the admin API.

Every change writes an audit event in the same transaction. Functions raise ``AccountError``
(an HTTP 4xx problem) with a message that says what to do.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from iid.workflow import OPD_ROLES
from sync.protocol import Role
from sync.server.audit import record_event
from sync.server.auth import Principal, revoke_user_tokens
from sync.server.models import Opd, Pemda, User
from sync.server.passwords import check_password_strength, hash_password
from sync.server.problems import ProblemType, problem
from sync.server.throttle import normalise_username


def _now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Actor:
    """Who makes an administrative change: a logged-in principal or a shell command."""

    principal: Principal | None = None
    label: str = "cli"
    address: str | None = None

    def event(self, session: Session, **kwargs: Any) -> None:
        record_event(
            session, actor=self.principal, actor_label=self.label, address=self.address, **kwargs
        )


CLI = Actor()


def get_or_create_pemda(session: Session, code: str, name: str, actor: Actor = CLI) -> Pemda:
    """The pemda with ``code``, created if missing."""
    pemda = session.scalar(select(Pemda).where(Pemda.code == code))
    if pemda is None:
        pemda = Pemda(id=new_id(), code=code, name=name, created_at=_now())
        session.add(pemda)
        session.flush()
        actor.event(
            session,
            action="pemda.create",
            target_type="pemda",
            target_id=pemda.id,
            details={"code": code, "name": name},
            pemda_id=pemda.id,
        )
    return pemda


def only_pemda(session: Session) -> Pemda:
    """The single pemda of a one-pemda server (what the CLI works on by default)."""
    pemdas = list(session.scalars(select(Pemda).limit(2)))
    if len(pemdas) != 1:
        raise problem(
            400,
            ProblemType.BAD_REQUEST,
            "Server ini belum punya pemda (jalankan `init`) atau punya lebih dari satu; "
            "sebutkan --pemda.",
            "This server has no pemda yet (run `init`) or more than one; pass --pemda.",
        )
    return pemdas[0]


def find_pemda(session: Session, code: str | None) -> Pemda:
    if code is None:
        return only_pemda(session)
    pemda = session.scalar(select(Pemda).where(Pemda.code == code))
    if pemda is None:
        raise problem(
            404,
            ProblemType.NOT_FOUND,
            f"Pemda dengan kode {code!r} tidak ada.",
            f"No pemda with code {code!r}.",
        )
    return pemda


def upsert_opd(
    session: Session, pemda: Pemda, code: str, name: str, actor: Actor = CLI
) -> tuple[Opd, bool]:
    """Create the OPD ``code`` of ``pemda`` or rename it; returns (opd, created)."""
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise problem(
            422,
            ProblemType.VALIDATION,
            "Kode dan nama OPD wajib diisi.",
            "OPD code and name are required.",
        )
    opd = session.scalar(select(Opd).where(Opd.pemda_id == pemda.id, Opd.code == code))
    if opd is None:
        opd = Opd(id=new_id(), pemda_id=pemda.id, code=code, name=name, created_at=_now())
        session.add(opd)
        session.flush()
        actor.event(
            session,
            action="opd.create",
            target_type="opd",
            target_id=opd.id,
            details={"code": code, "name": name},
            pemda_id=pemda.id,
        )
        return opd, True
    if opd.name != name:
        actor.event(
            session,
            action="opd.rename",
            target_type="opd",
            target_id=opd.id,
            details={"name": [opd.name, name]},
            pemda_id=pemda.id,
        )
        opd.name = name
    return opd, False


def import_opd_csv(
    session: Session, pemda: Pemda, text: str, actor: Actor = CLI
) -> tuple[int, int]:
    """Import OPDs from CSV text with the columns ``kode,nama`` (or ``code,name``), separated by
    commas, semicolons or tabs.

    Returns (created, updated). A bad row stops the import with its line number; nothing of
    that import is kept (the caller's transaction rolls back).
    """
    text = text.lstrip("\ufeff")
    try:
        # Spreadsheets set to Indonesian save CSV with ';' (the comma is the decimal mark).
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text.split("\n", 1)[0], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    fields = {f.strip().lower() for f in reader.fieldnames or []}
    code_col = "kode" if "kode" in fields else "code"
    name_col = "nama" if "nama" in fields else "name"
    if code_col not in fields or name_col not in fields:
        raise problem(
            422,
            ProblemType.VALIDATION,
            "CSV harus punya kolom 'kode' dan 'nama' pada baris pertama.",
            "The CSV needs 'kode' and 'nama' (or 'code' and 'name') columns in its first row.",
        )
    created = updated = 0
    for line, row in enumerate(reader, start=2):
        clean = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if not clean.get(code_col) or not clean.get(name_col):
            raise problem(
                422,
                ProblemType.VALIDATION,
                f"Baris {line}: kode dan nama OPD wajib diisi.",
                f"Line {line}: OPD code and name are required.",
            )
        _, was_created = upsert_opd(session, pemda, clean[code_col], clean[name_col], actor)
        created += was_created
        updated += not was_created
    return created, updated


def import_opd_file(
    session: Session, pemda: Pemda, path: Path, actor: Actor = CLI
) -> tuple[int, int]:
    return import_opd_csv(session, pemda, path.read_text(encoding="utf-8"), actor)


def find_opd(session: Session, pemda: Pemda, code_or_id: str) -> Opd:
    opd = session.scalar(
        select(Opd).where(
            Opd.pemda_id == pemda.id, (Opd.code == code_or_id) | (Opd.id == code_or_id)
        )
    )
    if opd is None:
        raise problem(
            404,
            ProblemType.NOT_FOUND,
            f"OPD {code_or_id!r} tidak ada di pemda ini.",
            f"OPD {code_or_id!r} does not exist in this pemda.",
        )
    return opd


def _check_role_opd(role: Role, opd: Opd | None) -> None:
    if role in OPD_ROLES and opd is None:
        raise problem(
            422,
            ProblemType.VALIDATION,
            "Akun operator dan kepala OPD harus terikat pada satu OPD.",
            "An operator or kepala OPD account must belong to one OPD.",
        )


def create_user(
    session: Session,
    pemda: Pemda,
    *,
    username: str,
    password: str,
    role: Role,
    full_name: str = "",
    opd: Opd | None = None,
    actor: Actor = CLI,
) -> User:
    """Create an account; the username must be new."""
    username = username.strip()
    if not username:
        raise problem(
            422, ProblemType.VALIDATION, "Nama pengguna wajib diisi.", "A username is required."
        )
    check_password_strength(password, username, full_name)
    _check_role_opd(role, opd)
    taken = session.scalar(
        select(func.count())
        .select_from(User)
        .where(func.lower(User.username) == normalise_username(username))
    )
    if taken:
        raise problem(
            409,
            ProblemType.CONFLICT,
            f"Nama pengguna {username!r} sudah dipakai. Pilih nama lain.",
            f"The username {username!r} is taken. Choose another.",
        )
    now = _now()
    user = User(
        id=new_id(),
        username=username,
        full_name=full_name,
        password_hash=hash_password(password),
        role=role.value,
        pemda_id=pemda.id,
        opd_id=opd.id if opd else None,
        active=True,
        created_at=now,
        password_changed_at=now,
    )
    session.add(user)
    session.flush()
    actor.event(
        session,
        action="user.create",
        target_type="user",
        target_id=user.id,
        details={"username": username, "role": role.value, "opd_id": user.opd_id},
        pemda_id=pemda.id,
    )
    return user


def lookup_user(session: Session, username: str) -> User | None:
    """The account a typed name means (compared as ``normalise_username`` forms), or None."""
    return session.scalar(
        select(User).where(func.lower(User.username) == normalise_username(username))
    )


def find_user(session: Session, username: str) -> User:
    user = lookup_user(session, username)
    if user is None:
        raise problem(
            404,
            ProblemType.NOT_FOUND,
            f"Pengguna {username!r} tidak ada.",
            f"No user {username!r}.",
        )
    return user


def set_password(
    session: Session,
    user: User,
    password: str,
    actor: Actor = CLI,
    keep_token_id: str | None = None,
) -> None:
    """Set a new password and end every session of the user (but ``keep_token_id``)."""
    check_password_strength(password, user.username, user.full_name)
    user.password_hash = hash_password(password)
    user.password_changed_at = _now()
    revoke_user_tokens(session, user.id, keep=keep_token_id)
    actor.event(
        session,
        action="user.password_reset",
        target_type="user",
        target_id=user.id,
        details={"username": user.username},
        pemda_id=user.pemda_id,
    )


def _keep_an_active_admin(session: Session, user: User) -> None:
    """Refuse a change made through the API that leaves the pemda without an active admin
    (the only admin demoting or deactivating themselves). The shell's CLI may still do it."""
    session.flush()
    admins = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.pemda_id == user.pemda_id, User.role == Role.ADMIN.value, User.active)
    )
    if not admins:
        raise problem(
            409,
            ProblemType.CONFLICT,
            "Ini satu-satunya admin aktif pemda ini; perubahan itu akan membuat pemda tanpa "
            "admin. Angkat admin lain dulu, lalu ulangi.",
            "This is the pemda's only active admin; the change would leave the pemda without "
            "one. Make another account admin first, then try again.",
        )


def update_user(
    session: Session,
    user: User,
    *,
    actor: Actor,
    full_name: str | None = None,
    role: Role | None = None,
    opd: Opd | None = None,
    clear_opd: bool = False,
    active: bool | None = None,
) -> User:
    """Change an account's name, role, OPD or active flag (audited field by field)."""
    changes: dict[str, list[Any]] = {}
    if full_name is not None and full_name != user.full_name:
        changes["full_name"] = [user.full_name, full_name]
        user.full_name = full_name
    if role is not None and role.value != user.role:
        changes["role"] = [user.role, role.value]
        user.role = role.value
    new_opd_id = None if clear_opd else (opd.id if opd else user.opd_id)
    if new_opd_id != user.opd_id:
        changes["opd_id"] = [user.opd_id, new_opd_id]
        user.opd_id = new_opd_id
    if Role(user.role) in OPD_ROLES and user.opd_id is None:
        _check_role_opd(Role(user.role), None)
    if active is not None and active != user.active:
        changes["active"] = [user.active, active]
        user.active = active
        if not active:
            revoke_user_tokens(session, user.id)
    if actor.principal is not None and ("role" in changes or "active" in changes):
        _keep_an_active_admin(session, user)
    if changes:
        actor.event(
            session,
            action="user.update",
            target_type="user",
            target_id=user.id,
            details=changes,
            pemda_id=user.pemda_id,
        )
    return user
