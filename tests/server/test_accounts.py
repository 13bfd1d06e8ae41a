"""Account administration helpers: OPD CSV import in the shapes spreadsheets produce."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.server import accounts
from sync.server.config import Settings
from sync.server.db import Database, upgrade
from sync.server.models import AuditEvent, Opd, Pemda
from sync.server.problems import ProblemError


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    settings = Settings(data_dir=tmp_path)
    upgrade(settings.database_url)
    db = Database(settings)
    with db.session_scope() as s:
        yield s
    db.dispose()


def _pemda(session: Session) -> Pemda:
    return accounts.get_or_create_pemda(session, "kab-uji", "Kabupaten Uji")


@pytest.mark.parametrize(
    "text",
    [
        'kode,nama\nDISDIK,Dinas Pendidikan\nDINKES,"Dinas Kesehatan, P2P"\n',
        "\ufeffKode;Nama\r\nDISDIK;Dinas Pendidikan\r\nDINKES;Dinas Kesehatan, P2P\r\n",
        "code\tname\nDISDIK\tDinas Pendidikan\nDINKES\tDinas Kesehatan, P2P\n",
    ],
    ids=["comma", "semicolon-bom-crlf", "tab"],
)
def test_opd_csv_import_reads_common_spreadsheet_exports(session: Session, text: str) -> None:
    pemda = _pemda(session)
    assert accounts.import_opd_csv(session, pemda, text) == (2, 0)
    names = {code: name for code, name in session.execute(select(Opd.code, Opd.name))}
    assert names == {"DISDIK": "Dinas Pendidikan", "DINKES": "Dinas Kesehatan, P2P"}
    assert accounts.import_opd_csv(session, pemda, text) == (0, 2)
    actions = session.scalars(select(AuditEvent.action)).all()
    assert actions.count("opd.create") == 2


def test_opd_csv_without_the_columns_says_which_are_needed(session: Session) -> None:
    with pytest.raises(ProblemError) as err:
        accounts.import_opd_csv(session, _pemda(session), "nomor,judul\n1,x\n")
    assert "kode" in err.value.detail_id and "nama" in err.value.detail_id
