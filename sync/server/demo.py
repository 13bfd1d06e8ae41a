"""The demo pemda: "Kabupaten Contoh" with a few OPDs and one account per role (idempotent)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.protocol import Role
from sync.server import accounts
from sync.server.models import User

DEMO_PEMDA_CODE = "kab-contoh"
DEMO_PEMDA_NAME = "Kabupaten Contoh"
DEMO_OPDS = [
    ("DISDIK", "Dinas Pendidikan"),
    ("DINKES", "Dinas Kesehatan"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    opd_code: str | None
    full_name: str


DEMO_ACCOUNTS = [
    DemoAccount("operator", "demo-operator", Role.OPERATOR, "DISDIK", "Operator Dinas Pendidikan"),
    DemoAccount("operator2", "demo-operator2", Role.OPERATOR, "DINKES", "Operator Dinas Kesehatan"),
    DemoAccount("verifikator", "demo-verifikator", Role.VERIFIKATOR, None, "Verifikator Bappeda"),
    DemoAccount("admin", "demo-admin", Role.ADMIN, "BAPPEDA", "Admin Bappeda"),
    DemoAccount("pimpinan", "demo-pimpinan", Role.PIMPINAN, None, "Kepala Bappeda"),
]


def seed_demo(session: Session) -> list[DemoAccount]:
    """Create what is missing of the demo pemda, its OPDs and accounts; keep what exists."""
    actor = accounts.Actor(label="demo")
    pemda = accounts.get_or_create_pemda(session, DEMO_PEMDA_CODE, DEMO_PEMDA_NAME, actor)
    opds = {
        code: accounts.upsert_opd(session, pemda, code, name, actor)[0] for code, name in DEMO_OPDS
    }
    for acc in DEMO_ACCOUNTS:
        exists = session.scalar(
            select(func.count()).select_from(User).where(User.username == acc.username)
        )
        if not exists:
            accounts.create_user(
                session,
                pemda,
                username=acc.username,
                password=acc.password,
                role=acc.role,
                full_name=acc.full_name,
                opd=opds[acc.opd_code] if acc.opd_code else None,
                actor=actor,
            )
    return DEMO_ACCOUNTS


def describe(accounts_: list[DemoAccount]) -> str:
    """The text ``demo`` prints: every account with its demo password."""
    lines = [
        f"Pemda demo: {DEMO_PEMDA_NAME}",
        "Akun demo (nama pengguna / kata sandi / peran / OPD):",
    ]
    for acc in accounts_:
        lines.append(
            f"  {acc.username:<12} {acc.password:<18} {acc.role.value:<12} {acc.opd_code or '-'}"
        )
    return "\n".join(lines)
