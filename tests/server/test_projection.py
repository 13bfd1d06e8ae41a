"""The pemda's projection as the server computes it from what it stores: the officers' content
with the review records the server writes when it decides a workflow request. Pins the counted
set end to end (drafts, empty and ineligible records change nothing in the claimed index; a
verdict changes only the verified one; QC rejected leaves the verified set) and the waiting time
(since the submission in the review's history, not since the record last changed)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from iid.projection import PemdaProjection, Status, projection_from_dict, projection_to_dict
from sync.server import projection as projection_cache
from sync.server.db import Database
from tests.server.helpers import (
    complete_content,
    files_of,
    innovation,
    move,
    place_review,
    pull_all,
    push,
    verdicts_for,
)
from tests.server.live import LiveServer


def projection(live: LiveServer, user: str = "pimpinan") -> PemdaProjection:
    with live.client(user) as c:
        r = c.get("/projection", params={"year": 2026})
        assert r.status_code == 200, r.text
        return projection_from_dict(r.json()["projection"])


def put(live: LiveServer, user: str, *envelopes: dict[str, Any]) -> list[dict[str, Any]]:
    with live.client(user) as c:
        results = push(c, *envelopes)
    assert [r["status"] for r in results] == ["applied"] * len(envelopes), results
    return results


def complete(live: LiveServer, nama: str, **profile: Any) -> dict[str, Any]:
    """A complete innovation of the operator's OPD (real files on the server), as a draft."""
    opd = live.user("operator")["opd_id"]
    env = innovation(opd)
    env["content"] = complete_content(opd, env["id"], nama=nama, files=files_of(live, "operator"))
    env["content"]["profile"].update(profile)
    put(live, "operator", env)
    return env


def submitted_at(live: LiveServer, innovation_id: str) -> datetime:
    """When the server decided the newest submission: the history in the innovation's review
    record, as every device pulls it."""
    with live.client("verifikator") as c:
        found = [
            ch["content"]
            for ch in pull_all(c)
            if ch["type"] == "review" and ch["content"].get("innovation_id") == innovation_id
        ]
    steps = [t for t in found[-1]["history"] if t["action"] in ("ajukan", "ajukan_ulang")]
    return datetime.fromisoformat(steps[-1]["at"])


def row(p: PemdaProjection, innovation_id: str) -> Any:
    return next(r for r in p.innovations if r.id == innovation_id)


def verdicts(env: dict[str, Any], **given: tuple[str, int | None, str]) -> dict[str, Any]:
    """Verdicts on every claimed indicator ("sesuai" unless given: verdict, level, note), made
    on the evidence as it is."""
    out = verdicts_for(env["content"])
    for key, (verdict, level, note) in given.items():
        out[key] |= {"verdict": verdict, "verified_level": level, "note": note}
    return out


def test_only_a_submitted_eligible_innovation_counts_and_verdicts_move_only_the_verified_index(
    live: LiveServer,
) -> None:
    counted = complete(live, "Layanan Terhitung")
    put(live, "operator", move(counted["id"], "ajukan"))
    start = projection(live)
    assert row(start, counted["id"]).status is Status.COUNTED

    # A complete draft, an empty record and one outside the window: none is counted.
    draft = complete(live, "Layanan Draf")
    opd = live.user("operator")["opd_id"]
    empty = innovation(opd, nama="")
    put(live, "operator", empty)
    outside = complete(live, "Layanan Lama", waktu_uji_coba=None, waktu_penerapan="2019-06-01")
    drafts = projection(live)
    assert [row(drafts, e["id"]).status for e in (draft, empty, outside)] == [
        Status.POTENSI,
        Status.EMPTY,
        Status.INELIGIBLE,
    ]
    assert (drafts.claimed, drafts.verified) == (start.claimed, start.verified)
    assert drafts.with_potensi.n == start.claimed.n + 1  # the draft would add itself only

    # Verdicts (the verifier's workflow request, decided and stored by the server in the
    # innovation's review record) move the verified index, never the claimed one.
    put(live, "verifikator", move(counted["id"], "nilai", verdicts=verdicts(counted)))
    judged = projection(live)
    assert judged.claimed == start.claimed
    assert judged.verified.indeks > start.verified.indeks
    assert row(judged, counted["id"]).kematangan_verifikasi == (
        row(judged, counted["id"]).kematangan_klaim
    )
    lowered = verdicts(counted, **{"17": ("tidak_sesuai", 1, "Hanya SK, tanpa SDM yang cukup.")})
    put(live, "verifikator", move(counted["id"], "nilai", verdicts=lowered))
    lower = projection(live)
    assert lower.claimed == start.claimed
    assert start.verified.indeks < lower.verified.indeks < judged.verified.indeks

    # QC rejected: still claimed, no longer in the verified set.
    put(live, "verifikator", move(counted["id"], "nilai", qc_status="rejected", qc_note="Ganda"))
    rejected = projection(live)
    assert rejected.claimed == start.claimed
    assert rejected.verified.n == start.verified.n - 1
    assert not row(rejected, counted["id"]).counted_verified

    # Every reader gets the same figures: the operator's view is scoped, the index is not.
    mine = projection(live, "operator")
    assert (mine.claimed, mine.verified) == (rejected.claimed, rejected.verified)


def test_an_innovation_waits_since_its_submission_not_since_its_last_change(
    live: LiveServer,
) -> None:
    env = complete(live, "Layanan Menunggu")
    put(live, "operator", move(env["id"], "ajukan"))
    first = submitted_at(live, env["id"])
    waiting = projection(live)
    assert row(waiting, env["id"]).waiting_since == first
    opd = waiting.opd(env["content"]["opd_id"])
    assert opd is not None and opd.oldest_waiting is not None and opd.oldest_waiting <= first

    # A verdict rewrites the review record (it changed later) but the wait goes on from the
    # submission.
    put(live, "verifikator", move(env["id"], "nilai", verdicts=verdicts(env)))
    assert row(projection(live), env["id"]).waiting_since == first

    # Sent back, it waits for nobody; submitted again, it waits from the new submission.
    put(live, "verifikator", move(env["id"], "perlu_revisi", "Lengkapi bukti."))
    assert row(projection(live), env["id"]).waiting_since is None
    put(live, "operator", move(env["id"], "ajukan_ulang"))
    again = submitted_at(live, env["id"])
    assert again > first
    assert row(projection(live), env["id"]).waiting_since == again
    by_wait = [r.id for r in projection(live).innovations if r.waiting_since is not None]
    assert env["id"] in by_wait


def test_a_review_record_left_by_an_earlier_release_is_read_too(live: LiveServer) -> None:
    """Reviews without a history (verdict records of the first releases, renamed to reviews by
    the server's migration) still count their state and verdicts; they wait since the record's
    last change."""
    env = complete(live, "Layanan Lama Dinilai")
    place_review(live.settings, env["id"], "diajukan", {"17": ("sesuai", 2, "")})
    seen = row(projection(live), env["id"])
    assert seen.status is Status.COUNTED and seen.indicators_verified == 1
    assert seen.waiting_since is not None


def test_a_restart_serves_the_saved_projection_only_while_nothing_changed(
    live: LiveServer,
) -> None:
    """After a restart the first page is not computed from every record on the reader's time:
    the projection saved at the last shutdown is taken when its marks (records, OPDs, build)
    still hold, and the warm-up computes the rest in the background."""
    env = complete(live, "Layanan Sesudah Mulai Ulang")
    put(live, "operator", move(env["id"], "ajukan"))
    before = projection(live)
    folder = live.settings.data_dir / "saved-projection-test"
    db = Database(live.settings)
    try:
        assert projection_cache.save(db, folder) >= 1
        projection_cache.clear_cache()
        with db.session_scope() as session:
            assert projection_cache.load_saved(session, folder) >= 1
            pemda = live.user("pimpinan")["pemda_id"]
            served = projection_cache.pemda_projection(session, pemda, 2026)
        assert projection_to_dict(served) == projection_to_dict(before)
        assert served.computed_at == before.computed_at  # taken, not computed again

        # One record changes: the saved projection no longer describes the data.
        put(live, "verifikator", move(env["id"], "nilai", verdicts=verdicts(env)))
        projection_cache.clear_cache()
        with db.session_scope() as session:
            assert projection_cache.load_saved(session, folder) == 0
        assert projection(live).verified.indeks > before.verified.indeks

        # Another build's file, or a damaged one, is never served.
        saved = folder / projection_cache.SAVED_FILE
        projection_cache.save(db, folder)
        body = json.loads(saved.read_text(encoding="utf-8"))
        with db.session_scope() as session:
            assert projection_cache.load_saved(session, folder) >= 1
        # A database restored from a backup that reached the same seq with other records.
        restored = [e | {"tip": json.dumps([1, e["key"][2], "x", "y"])} for e in body["entries"]]
        saved.write_text(json.dumps(body | {"entries": restored}), encoding="utf-8")
        with db.session_scope() as session:
            assert projection_cache.load_saved(session, folder) == 0
        saved.write_text(json.dumps(body | {"build": "another release"}), encoding="utf-8")
        with db.session_scope() as session:
            assert projection_cache.load_saved(session, folder) == 0
        saved.write_bytes(saved.read_bytes()[:100])
        with db.session_scope() as session:
            assert projection_cache.load_saved(session, folder) == 0

        # The warm-up after a start computes every pemda with innovations and saves them.
        projection_cache.clear_cache()
        assert projection_cache.warm_up(db, folder) >= 1
        with db.session_scope() as session:
            assert projection_cache.load_saved(session, folder) >= 1
    finally:
        db.dispose()
