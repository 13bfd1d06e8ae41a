"""Two officers of one OPD edit the same innovation offline, each on their own PC.

Different fields: both edits survive, on the server and on both PCs, without asking anyone.
The same field: the one who syncs second gets a conflict showing both values (and only the
clashing field); choosing "keep mine" or "take theirs" both end up on the server and on both
PCs, and the fields that did not clash are kept from both sides.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import pytest

from sync.client.engine import OutboxState, Phase
from sync.client.events import ConflictDetected, record_key
from sync.local.merge import merge
from tests.server.live import LiveServer
from tests.sync.conftest import Device, new_draft

PASSWORD = "kata-sandi-officer-b"


@pytest.fixture(scope="module")
def officer_b(server: LiveServer) -> str:
    """A second operator account in the demo operator's OPD (Dinas Pendidikan)."""
    opd_id = server.user("operator")["opd_id"]
    with server.client("admin") as c:
        r = c.post(
            "/users",
            json={
                "username": "operator_b",
                "password": PASSWORD,
                "role": "operator",
                "full_name": "Operator B Dinas Pendidikan",
                "opd_id": opd_id,
            },
        )
        assert r.status_code == 201, r.text
    return "operator_b"


def two_officers(make_device: Any, server: LiveServer, officer_b: str) -> tuple[Device, Device]:
    a = make_device("pc-a", server.url)
    b = make_device("pc-b", server.url)
    a.login("operator")
    b.engine.login(officer_b, PASSWORD)
    return a, b


def shared_innovation(a: Device, b: Device) -> str:
    rid = new_draft(a.repo, "Sekolah Ramah Anak", tujuan="awal", manfaat="awal", hasil="awal")
    assert a.engine.run_once().phase is Phase.SYNCED
    assert b.engine.run_once().phase is Phase.SYNCED
    assert b.repo.get_innovation(rid) is not None
    return rid


def edit(device: Device, rid: str, **fields: str) -> None:
    inn = device.repo.get_innovation(rid)
    assert inn is not None
    device.repo.update_profile(rid, replace(inn.profile, **fields))


def profile_of(device: Device, rid: str) -> dict[str, str]:
    inn = device.repo.get_innovation(rid)
    assert inn is not None
    p = inn.profile
    return {"tujuan": p.tujuan, "manfaat": p.manfaat, "hasil": p.hasil}


def server_profile(server: LiveServer, rid: str) -> dict[str, str]:
    with server.client("operator") as c:
        content = c.get(f"/records/{rid}").json()["content"]["profile"]
    return {k: content[k] for k in ("tujuan", "manfaat", "hasil")}


def test_different_fields_both_survive(
    server: LiveServer, make_device: Any, officer_b: str
) -> None:
    a, b = two_officers(make_device, server, officer_b)
    rid = shared_innovation(a, b)
    edit(a, rid, tujuan="tujuan dari A")  # both offline
    edit(b, rid, manfaat="manfaat dari B")

    assert a.engine.run_once().phase is Phase.SYNCED
    assert b.engine.run_once().phase is Phase.SYNCED  # push: conflict, merged, pushed again
    assert a.engine.run_once().phase is Phase.SYNCED

    expected = {"tujuan": "tujuan dari A", "manfaat": "manfaat dari B", "hasil": "awal"}
    assert server_profile(server, rid) == expected
    assert profile_of(a, rid) == expected == profile_of(b, rid)
    assert not b.of(ConflictDetected) and not a.of(ConflictDetected)
    assert a.engine.pending_items() == [] == b.engine.pending_items()


def _set_path(content: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    node = content
    for key in parents:
        node = node[key]
    node[leaf] = value


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_same_field_conflict_shows_both_values_and_either_choice_syncs(
    server: LiveServer, make_device: Any, officer_b: str, choice: str
) -> None:
    a, b = two_officers(make_device, server, officer_b)
    rid = shared_innovation(a, b)
    edit(a, rid, tujuan="tujuan versi A", hasil="hasil dari A")
    edit(b, rid, tujuan="tujuan versi B", manfaat="manfaat dari B")

    assert a.engine.run_once().phase is Phase.SYNCED
    status = b.engine.run_once()
    assert status.phase is Phase.SYNCED  # the run went through; the conflict waits for B
    assert [(e.record_type, e.record_id) for e in b.of(ConflictDetected)] == [("innovation", rid)]
    [item] = b.engine.pending_items()
    assert item.key == record_key("innovation", rid) and item.state is OutboxState.CONFLICT

    info = b.engine.conflict_info("innovation", rid)
    assert info is not None
    assert [(c.path, c.local, c.remote) for c in info.conflicts] == [
        ("profile.tujuan", "tujuan versi B", "tujuan versi A")
    ]
    # Nothing was dropped while waiting: B's PC still shows B's text; the server has A's.
    assert profile_of(b, rid)["tujuan"] == "tujuan versi B"
    assert server_profile(server, rid)["tujuan"] == "tujuan versi A"

    # B chooses (what the conflict dialog builds): the clean merge plus the chosen side.
    merged = copy.deepcopy(merge(info.base, info.local, info.remote).merged)
    for clash in info.conflicts:
        _set_path(merged, clash.path, clash.local if choice == "mine" else clash.remote)
    b.engine.resolve_conflict("innovation", rid, merged)
    assert b.engine.run_once().phase is Phase.SYNCED
    assert a.engine.run_once().phase is Phase.SYNCED

    tujuan = "tujuan versi B" if choice == "mine" else "tujuan versi A"
    expected = {"tujuan": tujuan, "manfaat": "manfaat dari B", "hasil": "hasil dari A"}
    assert server_profile(server, rid) == expected
    assert profile_of(a, rid) == expected == profile_of(b, rid)
    assert a.engine.pending_items() == [] == b.engine.pending_items()
    assert not a.of(ConflictDetected)
