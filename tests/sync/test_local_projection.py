"""The projection an operator's laptop computes names every OPD it shows (never an id, never
unnamed) from the store's OPD list."""

from __future__ import annotations

from pathlib import Path

from iid.rules import load_rules
from sync.client.projection import compute_local
from sync.local.accounts import LocalUserInfo
from sync.local.db import Store
from sync.local.repository import Repository


def test_every_opd_row_of_an_operators_projection_has_its_name(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.sqlite")
    try:
        repo = Repository(store)
        for opd_id, name in (("opd-a", "Dinas Pendidikan"), ("opd-b", "Dinas Sosial")):
            repo.upsert_opd(opd_id, name, pemda_id="p1")
        repo.set_local_user(LocalUserInfo(username="op", role="operator", opd_id="opd-a"))
        repo.create_innovation(2026, nama="Milik sendiri", opd_id="opd-a")
        repo.create_innovation(2026, nama="Pindahan", opd_id="opd-b")  # e.g. demo data
        projection = compute_local(repo, load_rules(2026))
        assert projection.scope_opd == "opd-a"
        assert {o.opd_id: o.name for o in projection.opds} == {
            "opd-a": "Dinas Pendidikan",
            "opd-b": "Dinas Sosial",
        }
    finally:
        store.close()
