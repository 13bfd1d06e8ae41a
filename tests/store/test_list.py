"""The innovation list: paging, counting, search by name, filters and sorting by every column."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from iid.records import InnovationProfile, WorkflowState
from sync.local.repository import SORT_KEYS, InnovationFilter, Repository

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def seeded(repo: Repository) -> dict[str, str]:
    repo.upsert_opd("o1", "Dinas Kesehatan")
    repo.upsert_opd("o2", "Badan Perencanaan")
    ids = {}
    for nama, opd, year, tahapan in [
        ("Puskesmas Keliling", "o1", 2026, "penerapan"),
        ("Antrian Online RSUD", "o1", 2027, "uji coba"),
        ("Sistem Perencanaan 100%", "o2", 2026, "penerapan"),
        ("perpustakaan_desa", "o2", 2026, "uji coba"),
    ]:
        inn = repo.create_innovation(year, opd_id=opd)
        repo.update_profile(inn.id, InnovationProfile(nama=nama, tahapan=tahapan))
        ids[nama] = inn.id
    repo.set_innovation_state(ids["Antrian Online RSUD"], WorkflowState.DIAJUKAN)
    return ids


def names(repo: Repository, f: InnovationFilter | None = None, key: str = "nama",
          desc: bool = False, offset: int = 0, limit: int = 100) -> list[str]:  # fmt: skip
    return [s.nama for s in repo.list_innovations(f, key, desc, offset, limit)]


def test_search_is_a_case_insensitive_substring_and_treats_wildcards_literally(
    repo: Repository, seeded: dict[str, str]
) -> None:
    assert names(repo, InnovationFilter(search="PUS")) == [
        "perpustakaan_desa",
        "Puskesmas Keliling",
    ]
    assert names(repo, InnovationFilter(search="100%")) == ["Sistem Perencanaan 100%"]
    assert names(repo, InnovationFilter(search="m_P")) == []  # "_" is not a wildcard
    assert names(repo, InnovationFilter(search="n_desa")) == ["perpustakaan_desa"]
    assert repo.count_innovations(InnovationFilter(search="pus")) == 2


def test_filters_combine(repo: Repository, seeded: dict[str, str]) -> None:
    assert names(repo, InnovationFilter(opd_id="o1")) == [
        "Antrian Online RSUD",
        "Puskesmas Keliling",
    ]
    assert names(repo, InnovationFilter(rule_year=2026, opd_id="o2")) == [
        "perpustakaan_desa",
        "Sistem Perencanaan 100%",
    ]
    f = InnovationFilter(workflow_state=WorkflowState.DIAJUKAN)
    assert names(repo, f) == ["Antrian Online RSUD"]
    assert repo.count_innovations(f) == 1
    assert repo.count_innovations(InnovationFilter(workflow_state="draft")) == 3
    assert repo.count_innovations() == 4


def test_sorting_and_paging(repo: Repository, seeded: dict[str, str]) -> None:
    everything = names(repo)
    assert everything == sorted(everything, key=str.lower)
    assert names(repo, desc=True) == everything[::-1]
    assert names(repo, offset=1, limit=2) == everything[1:3]
    by_opd = repo.list_innovations(sort_key="opd_name")
    assert [s.opd_name for s in by_opd] == ["Badan Perencanaan"] * 2 + ["Dinas Kesehatan"] * 2
    by_year = repo.list_innovations(sort_key="rule_year", descending=True)
    assert by_year[0].nama == "Antrian Online RSUD" and by_year[0].rule_year == 2027
    newest = repo.list_innovations(sort_key="updated_at", descending=True)
    assert newest[0].nama == "Antrian Online RSUD"  # its state changed last
    for key in SORT_KEYS:  # every column sorts, both ways, with a stable total order
        for desc in (False, True):
            page = repo.list_innovations(sort_key=key, descending=desc)
            assert sorted(s.id for s in page) == sorted(seeded.values())
    with pytest.raises(ValueError, match="unknown sort key"):
        repo.list_innovations(sort_key="rancang_bangun; DROP TABLE innovations")


def test_summary_rows_carry_the_list_columns(repo: Repository, seeded: dict[str, str]) -> None:
    (row,) = repo.list_innovations(InnovationFilter(search="Puskesmas"))
    assert row.id == seeded["Puskesmas Keliling"]
    assert (row.opd_id, row.opd_name, row.tahapan, row.rule_year) == (
        "o1",
        "Dinas Kesehatan",
        "penerapan",
        2026,
    )
    assert row.workflow_state is WorkflowState.DRAFT
    assert row.updated_at.tzinfo is not None


def test_deleted_innovations_leave_the_list_and_the_count(
    repo: Repository, seeded: dict[str, str]
) -> None:
    repo.delete_innovation(seeded["Puskesmas Keliling"])
    assert "Puskesmas Keliling" not in names(repo)
    assert repo.count_innovations() == 3
    assert repo.count_innovations(InnovationFilter(search="Puskesmas")) == 0


def test_the_list_reader_reads_what_the_orm_stored_and_cannot_write(
    repo: Repository, seeded: dict[str, str]
) -> None:
    from sync.local.listing import ListReader
    from sync.local.models import InnovationRow

    reader = ListReader(repo.store.path)
    assert reader.list_innovations(sort_key="nama") == repo.list_innovations(sort_key="nama")
    row = next(s for s in reader.list_innovations() if s.nama == "Puskesmas Keliling")
    with repo.store.read() as session:  # the timestamp reads back exactly as SQLAlchemy reads it
        assert row.updated_at == session.get(InnovationRow, row.id).updated_at
    assert [o.name for o in reader.list_opds()] == ["Badan Perencanaan", "Dinas Kesehatan"]
    con = reader._connect()
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            con.execute("DELETE FROM innovations")
    finally:
        con.close()
    assert reader.count_innovations() == 4
    # The sync column of given rows, in pieces of sync.batches' size; a deleted id is absent.
    wanted = [f"gone-{i}" for i in range(1500)]  # deleted ones, say
    for position, innovation_id in zip((0, 700, 1200, 1500), seeded.values(), strict=True):
        wanted.insert(position, innovation_id)  # one in each of the four pieces
    states = reader.sync_states(wanted)
    assert states == {s.id: s.sync_state for s in repo.list_innovations()}
    assert len(states) == 4


def test_the_list_reader_loads_no_orm(repo: Repository, seeded: dict[str, str]) -> None:
    # The app paints its first list with it before SQLAlchemy and pydantic are imported.
    script = (
        "import sys; from sync.local.listing import ListReader; "
        f"r = ListReader({str(repo.store.path)!r}); "
        "print(len(r.list_innovations()), r.count_innovations(), "
        "sorted(m for m in ('sqlalchemy', 'pydantic', 'alembic') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.split() == ["4", "4", "[]"]
