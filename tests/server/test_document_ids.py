"""A document id belongs to one record of a pemda: a push citing another record's id is refused.

A device keeps one row per document id, so a second record citing an id would be refused by
every device that pulls both (and used to stall their pulls). Ids are made on the device, so
only a faulty or hostile client sends such a push; here the attacker is an operator of the same
OPD who read the ids in a pull (operators only read their own OPD's records).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from sync.protocol import Role
from sync.server import accounts
from sync.server.db import Database
from tests.server.helpers import PROBLEM_BASE, innovation, new_id, pull_all, push
from tests.server.live import LiveServer


def doc(doc_id: str, slot: str = "16", **fields: Any) -> dict[str, Any]:
    return {"id": doc_id, "slot": slot, "tentang": "SK Bupati", **fields}


def taken_at(result: dict[str, Any]) -> list[Any]:
    assert result["status"] == "rejected", result
    problem = result["problem"]
    assert (problem["status"], problem["type"]) == (422, PROBLEM_BASE + "invalid-record")
    assert "Hapus bukti dukung itu" in problem["detail"] and "Remove that" in problem["detail_en"]
    return [(e["loc"], e["type"]) for e in problem["errors"]]


def test_a_push_citing_a_document_id_another_record_holds_is_refused(live: LiveServer) -> None:
    opd = live.user("operator")["opd_id"]
    shared, own = new_id(), new_id()
    with live.client("operator") as c:
        victim = innovation(opd, documents=[doc(shared)])
        assert push(c, victim)[0]["status"] == "applied"
        thief = innovation(opd, documents=[doc(own), doc(shared, "17", file_name="sk-tim.pdf")])
        refused = push(c, thief)[0]
        assert taken_at(refused) == [(["content", "documents", 1, "id"], "taken")]
        # The words name the document as the officer knows it (no id, no position).
        problem = refused["problem"]
        assert '"sk-tim.pdf"' in problem["detail"] and '"sk-tim.pdf"' in problem["detail_en"]
        assert shared not in problem["detail"] + problem["detail_en"]
        # What to do with a file: add the file again.
        assert "tambahkan lagi berkasnya" in problem["detail"]
        assert "add its file again" in problem["detail_en"]
        assert c.get(f"/records/{thief['id']}").status_code == 404
        # The holder's own later versions keep citing it.
        edited = innovation(opd, victim["id"], base=1, documents=[doc(shared)], tujuan="Lagi")
        assert push(c, edited)[0]["status"] == "applied"
        # Mended as the words say (the document added again under a new id), it goes through.
        thief["content"]["documents"][1]["id"] = new_id()
        assert push(c, thief)[0]["status"] == "applied"


def test_a_taken_link_is_refused_with_words_for_a_link(live: LiveServer) -> None:
    """A link has no file: the words say to add the link again as a new document."""
    opd = live.user("operator")["opd_id"]
    shared = new_id()
    link = {"link": "https://youtu.be/contoh", "tentang": ""}
    with live.client("operator") as c:
        assert push(c, innovation(opd, documents=[doc(shared, **link)]))[0]["status"] == "applied"
        other = innovation(opd, documents=[doc(shared, "17", **link)])
        refused = push(c, other)[0]
        assert taken_at(refused) == [(["content", "documents", 0, "id"], "taken")]
        problem = refused["problem"]
        assert '"https://youtu.be/contoh"' in problem["detail"]
        assert "tambahkan lagi tautannya sebagai bukti dukung baru" in problem["detail"]
        assert "add its link again as a new document" in problem["detail_en"]
        assert "berkas" not in problem["detail"] and "its file" not in problem["detail_en"]
        # Mended as the words say (the link added again: a new id), it goes through.
        other["content"]["documents"][0]["id"] = new_id()
        assert push(c, other)[0]["status"] == "applied"


def test_an_id_is_free_again_once_its_record_drops_it_or_is_deleted(live: LiveServer) -> None:
    opd = live.user("operator")["opd_id"]
    first, second = new_id(), new_id()
    with live.client("operator") as c:
        holder = innovation(opd, documents=[doc(first), doc(second)])
        assert push(c, holder)[0]["status"] == "applied"
        dropped = innovation(opd, holder["id"], base=1, documents=[doc(second)])
        assert push(c, dropped)[0]["status"] == "applied"
        assert push(c, innovation(opd, documents=[doc(first)]))[0]["status"] == "applied"
        other = innovation(opd, documents=[doc(second)])
        assert taken_at(push(c, other)[0]) == [(["content", "documents", 0, "id"], "taken")]
        gone = {**holder, "base_version": 2, "version": 3, "deleted": True, "content": {}}
        assert push(c, gone)[0]["status"] == "applied"
        assert push(c, other)[0]["status"] == "applied"


def test_two_records_of_one_push_citing_one_id_the_first_keeps_it(live: LiveServer) -> None:
    opd = live.user("operator")["opd_id"]
    shared = new_id()
    with live.client("operator") as c:
        one, two = (innovation(opd, documents=[doc(shared)]) for _ in range(2))
        results = push(c, one, two)
    assert results[0]["status"] == "applied"
    assert taken_at(results[1]) == [(["content", "documents", 0, "id"], "taken")]


def test_an_spd_profile_cannot_cite_an_innovation_s_document_id(live: LiveServer) -> None:
    opd = live.user("operator")["opd_id"]
    shared = new_id()
    with live.client("operator") as op, live.client("admin") as admin:
        assert push(op, innovation(opd, documents=[doc(shared)]))[0]["status"] == "applied"
        spd = [
            ch
            for ch in pull_all(admin)
            if ch["type"] == "spd_profile" and ch["content"].get("rule_year") == 2026
        ]
        base = spd[-1]["version"] if spd else 0
        profile = {
            "type": "spd_profile",
            "id": spd[-1]["id"] if spd else new_id(),
            "version": base + 1,
            "base_version": base,
            "content": {"rule_year": 2026, "answers": {}, "documents": [doc(shared, "1")]},
        }
        assert taken_at(push(admin, profile)[0]) == [(["content", "documents", 0, "id"], "taken")]


def test_a_document_id_over_64_characters_is_refused(live: LiveServer) -> None:
    opd = live.user("operator")["opd_id"]
    with live.client("operator") as c:
        result = push(c, innovation(opd, documents=[doc("x" * 65)]))[0]
    assert result["status"] == "rejected"
    errors = [(e["loc"], e["type"]) for e in result["problem"]["errors"]]
    assert errors == [(["content", "documents", 0, "id"], "too_long")]


def test_pushes_racing_for_one_document_id_give_it_to_exactly_one_record(
    live: LiveServer,
) -> None:
    """Eight pushes at once, each a new record citing one fresh id (and one of its own): each
    push holds its pemda's sequence row while it checks and writes, so exactly one record gets
    the id and every other is refused with the words (no 500 from the primary key)."""
    opd = live.user("operator")["opd_id"]
    shared = new_id()
    envelopes = [innovation(opd, documents=[doc(new_id()), doc(shared, "17")]) for _ in range(8)]
    start = threading.Barrier(len(envelopes))

    def send(env: dict[str, Any]) -> dict[str, Any]:
        with live.client("operator") as c:
            start.wait()
            return push(c, env)[0]

    with ThreadPoolExecutor(len(envelopes)) as pool:
        results = list(pool.map(send, envelopes))
    applied = [r for r in results if r["status"] == "applied"]
    assert len(applied) == 1, results
    for result in results:
        if result["status"] != "applied":
            assert taken_at(result) == [(["content", "documents", 1, "id"], "taken")]


def test_another_pemdas_document_ids_are_its_own(live: LiveServer) -> None:
    """The ids are a pemda's: a record of another pemda citing the same id is neither refused
    nor does it take the id from this pemda's holder (nor is told that it exists)."""
    db = Database(live.settings)
    try:
        with db.session_scope() as session:
            foreign = accounts.get_or_create_pemda(session, "kota-dokumen", "Kota Dokumen")
            f_opd, _ = accounts.upsert_opd(session, foreign, "DISDIK", "Dinas Pendidikan Kota")
            accounts.create_user(
                session, foreign, username="admin-dok", password="kunci-pemda-dok-9",
                role=Role.ADMIN,
            )  # fmt: skip
            f_opd_id = f_opd.id
    finally:
        db.dispose()
    shared = new_id()
    opd = live.user("operator")["opd_id"]
    with live.client("operator") as c:
        holder = innovation(opd, documents=[doc(shared)])
        assert push(c, holder)[0]["status"] == "applied"
    token = live.login("admin-dok", "kunci-pemda-dok-9")
    with httpx.Client(base_url=live.api, headers={"Authorization": f"Bearer {token}"}) as fa:
        theirs = innovation(f_opd_id, documents=[doc(shared)])
        assert push(fa, theirs)[0]["status"] == "applied"
        # Their holder drops it, and deletes the record: this pemda's holder keeps it.
        dropped = innovation(f_opd_id, theirs["id"], base=1, documents=[])
        assert push(fa, dropped)[0]["status"] == "applied"
    with live.client("operator") as c:
        assert taken_at(push(c, innovation(opd, documents=[doc(shared)]))[0])
        edited = innovation(opd, holder["id"], base=1, documents=[doc(shared)], tujuan="Lagi")
        assert push(c, edited)[0]["status"] == "applied"
