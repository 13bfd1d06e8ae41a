"""The engine against the real server on loopback: sign-in, push, pull, quarantine, held items,
401 in the middle of a run, transient failures and the policy, the worker thread's lifecycle."""

from __future__ import annotations

import http.server
import random
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from sync.client.engine import LoginFailed, OutboxState, Phase
from sync.client.events import (
    ConflictDetected,
    ItemsChanged,
    LoginRequired,
    RunFinished,
    StatusChanged,
    UploadProgress,
    blob_key,
    record_key,
)
from sync.client.policy import SyncMode, SyncPolicy
from sync.local import problems
from sync.local.vault import UploadState
from sync.server.demo import DEMO_PEMDA_CODE
from tests.files import pdf_bytes
from tests.server.helpers import pull_all
from tests.server.live import LiveServer
from tests.sync.conftest import add_evidence, new_draft, server_blob
from tests.sync.faultproxy import FaultProxy


def _sending(device: Any) -> list[Any]:
    """What this device has to send (the module's server is shared: files other tests' records
    refer to may be on their way down here)."""
    return [i for i in device.engine.pending_items() if i.direction == "up"]


def server_records(server: LiveServer, username: str = "operator") -> dict[str, dict[str, Any]]:
    with server.client(username) as c:
        return {r["id"]: r for r in pull_all(c)}


def test_login_push_pull_round_trip(server: LiveServer, make_device: Any) -> None:
    a = make_device("a", server.url)
    drafts = [new_draft(a.repo, f"Inovasi A{i}") for i in range(5)]  # before sign-in: no OPD
    user = a.engine.login("operator", "demo-operator")
    assert user.username == "operator"
    assert a.creds.get(server.url) is not None
    local = a.repo.get_local_user()
    assert local is not None and local.opd_id == user.opd_id and local.device_id
    pemda = a.repo.get_pemda(user.pemda_id)  # names the Paket kirim
    assert pemda is not None and (pemda.name, pemda.code) == ("Kabupaten Contoh", DEMO_PEMDA_CODE)

    status = a.engine.run_once()
    assert status.phase is Phase.SYNCED, status.problem
    assert status.last_synced_at is not None
    assert a.repo.outbox_count() == 0
    on_server = server_records(server)
    for d in drafts:
        assert on_server[d]["content"]["opd_id"] == user.opd_id
        assert on_server[d]["device_id"] == local.device_id
    runs = a.repo.recent_sync_runs(1)
    assert runs[0].ok and runs[0].pushed == 5
    assert a.of(RunFinished) and a.of(StatusChanged)

    # Another installation of the same OPD pulls them; nothing goes back as a change.
    b = make_device("b", server.url)
    b.login()
    assert b.engine.run_once().phase is Phase.SYNCED
    for d in drafts:
        got = b.repo.get_innovation(d)
        assert got is not None and got.profile.nama.startswith("Inovasi A")
    assert b.repo.outbox_count() == 0
    assert b.repo.recent_sync_runs(1)[0].pulled >= 5


def test_wrong_password_is_login_failed_with_the_servers_words(
    server: LiveServer, make_device: Any
) -> None:
    a = make_device("a", server.url)
    with pytest.raises(LoginFailed) as err:
        a.engine.login("operator", "not-the-password")
    assert err.value.status == 401
    assert "kata sandi" in err.value.user_text()  # the server's Indonesian detail
    assert a.creds.get(server.url) is None


def test_logout_keeps_the_outbox_and_login_resumes(server: LiveServer, make_device: Any) -> None:
    a = make_device("a", server.url)
    a.login()
    ids = [new_draft(a.repo, f"Keep {i}") for i in range(3)]
    a.engine.logout()
    assert a.engine.status().phase is Phase.LOGIN_REQUIRED
    assert a.creds.get(server.url) is None
    assert a.of(LoginRequired)
    assert a.engine.run_once().phase is Phase.LOGIN_REQUIRED
    assert a.repo.outbox_count() == 3  # nothing lost, nothing sent

    a.login()
    assert a.engine.run_once().phase is Phase.SYNCED
    assert a.repo.outbox_count() == 0
    assert set(ids) <= set(server_records(server))


def test_revoked_token_mid_run_asks_for_login_then_resumes(
    server: LiveServer, make_device: Any
) -> None:
    a = make_device("a", server.url)
    a.login()
    ids = [new_draft(a.repo, f"Revoked {i}") for i in range(4)]
    token = a.creds.get(server.url)
    assert token is not None

    # The token dies on the server between the probe and the push (revoked by an admin, or
    # expired): the probe passes, the push gets 401.
    real_push = a.engine._api.push

    def push_after_revoke(envelopes: list[dict[str, Any]]) -> Any:
        r = httpx.post(
            f"{server.api}/auth/logout",
            headers={"Authorization": f"Bearer {token.token}"},
            timeout=30,
        )
        assert r.status_code == 204
        return real_push(envelopes)

    a.engine._api.push = push_after_revoke  # type: ignore[method-assign]
    status = a.engine.run_once()
    assert status.phase is Phase.LOGIN_REQUIRED
    assert [e.problem.code for e in a.of(LoginRequired)]
    assert a.creds.get(server.url) is None
    assert a.repo.outbox_count() == 4
    items = _sending(a)
    assert {i.state for i in items} == {OutboxState.QUEUED}
    assert not set(ids) & set(server_records(server))

    a.engine._api.push = real_push  # type: ignore[method-assign]
    a.login()
    assert a.engine.run_once().phase is Phase.SYNCED
    assert a.repo.outbox_count() == 0
    assert set(ids) <= set(server_records(server))


def test_rejected_record_is_quarantined_while_the_rest_sync(
    server: LiveServer, make_device: Any
) -> None:
    a = make_device("a", server.url)
    a.login()
    good = [new_draft(a.repo, f"Baik {i}") for i in range(6)]
    bad = a.repo.create_innovation(2026, nama="OPD salah", opd_id="opd-yang-tidak-ada").id
    more = [new_draft(a.repo, f"Baik lagi {i}") for i in range(3)]

    status = a.engine.run_once()
    assert status.phase is Phase.SYNCED
    on_server = server_records(server)
    assert set(good + more) <= set(on_server)
    assert bad not in on_server
    items = {i.key: i for i in _sending(a)}
    assert list(items) == [record_key("innovation", bad)]
    item = items[record_key("innovation", bad)]
    assert item.state is OutboxState.REFUSED
    assert item.problem is not None and item.problem.code == problems.SERVER_REFUSED
    assert "OPD" in item.problem.detail and "unknown in your pemda" in item.problem.detail_en
    assert item.title == "OPD salah"
    run = a.repo.recent_sync_runs(1)[0]
    assert run.failed == 1 and run.pushed == 9

    # A quarantined record is not sent again by itself...
    a.engine.run_once()
    assert bad not in server_records(server)
    # ...until the officer fixes it (an edit queues it again).
    local_opd = a.repo.get_local_user().opd_id  # type: ignore[union-attr]
    inn = a.repo.get_innovation(bad)
    assert inn is not None
    with a.store.write() as session:  # the editor's OPD field (no repository method for it yet)
        from sync.local.models import InnovationRow

        row = session.get(InnovationRow, bad)
        assert row is not None
        row.opd_id = local_opd or ""
    a.repo.update_profile(bad, replace(inn.profile, nama="OPD benar"))
    assert a.engine.run_once().phase is Phase.SYNCED
    assert bad in server_records(server)
    assert a.repo.outbox_count() == 0


def test_cancel_holds_a_record_across_restart_and_retry_sends_it(
    server: LiveServer, make_device: Any
) -> None:
    a = make_device("a", server.url)
    a.login()
    held = new_draft(a.repo, "Tahan dulu")
    other = new_draft(a.repo, "Kirim")
    a.engine.cancel(record_key("innovation", held))
    assert a.engine.run_once().phase is Phase.SYNCED
    assert other in server_records(server) and held not in server_records(server)

    # Restart: a new engine over the same folder still holds it.
    a.engine.stop()
    b = make_device("a2", server.url, folder=a.folder)
    [item] = _sending(b)
    assert item.state is OutboxState.HELD and item.problem is None  # no state in message text
    b.engine.run_once()
    assert held not in server_records(server)

    b.engine.retry(item.key)
    assert b.engine.run_once().phase is Phase.SYNCED
    assert held in server_records(server)
    assert _sending(b) == []


def test_transient_errors_back_off_and_keep_everything(
    server: LiveServer, make_device: Any
) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    with FaultProxy(host, int(port), error_rate=1.0, error_status=503) as proxy:
        a = make_device("a", proxy.url)
        ids = [new_draft(a.repo, f"Sabar {i}") for i in range(3)]
        proxy.error_rate = 0.0
        a.login()
        proxy.error_rate = 1.0
        status = a.engine.run_once()
        assert status.phase is Phase.OFFLINE  # the probe got 503
        assert status.next_attempt_at is not None and status.next_attempt_at > datetime.now(UTC)
        assert status.problem is not None and status.problem.code == problems.SERVER_UNAVAILABLE
        assert status.problem.params == {"status": 503}
        assert a.repo.outbox_count() == 3
        first_wait = status.next_attempt_at

        # The push itself fails (the proxy answers 503 from the second connection on).
        proxy.error_rate = 0.0
        real_push = a.engine._api.push

        def failing_push(envelopes: list[dict[str, Any]]) -> Any:
            proxy.error_rate = 1.0
            a.engine._api.session.close()  # new connection: the proxy decides per connection
            return real_push(envelopes)

        a.engine._api.push = failing_push  # type: ignore[method-assign]
        status = a.engine.run_once()
        assert status.phase is Phase.WAITING
        assert status.next_attempt_at is not None and status.next_attempt_at >= first_wait
        items = _sending(a)
        assert {i.state for i in items} == {OutboxState.WAITING}
        assert all(i.attempts == 1 and i.problem.params == {"status": 503} for i in items)

        a.engine._api.push = real_push  # type: ignore[method-assign]
        proxy.error_rate = 0.0
        a.engine._api.session.close()
        assert a.engine.run_once().phase is Phase.SYNCED
        assert set(ids) <= set(server_records(server))
        assert a.repo.outbox_count() == 0


class _PortalHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path.endswith("/probe") and "redirect" in self.server.mode:  # type: ignore[attr-defined]
            self.send_response(302)
            self.send_header("Location", "http://login.hotspot.example/")
            self.end_headers()
            return
        body = b"<html><body>Selamat datang di WiFi Desa. Masuk dulu.</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(params=["html", "redirect"])
def portal(request: pytest.FixtureRequest) -> Iterator[str]:
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _PortalHandler)
    srv.mode = request.param  # type: ignore[attr-defined]
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_captive_portal_is_offline_not_an_error_of_the_records(
    portal: str, make_device: Any
) -> None:
    a = make_device("a", portal)
    from sync.client.credentials import StoredLogin

    a.creds.set(portal, StoredLogin("some-token", "operator"))
    a.engine._login = a.creds.get(portal)
    new_draft(a.repo, "Di desa")
    status = a.engine.run_once()
    assert status.phase is Phase.OFFLINE
    assert status.captive_portal
    assert status.problem is not None and status.problem.code == problems.CAPTIVE_PORTAL
    assert a.repo.outbox_count() == 1
    assert _sending(a)[0].attempts == 0  # never got as far as sending


def test_worker_thread_lifecycle_policy_and_sync_now(server: LiveServer, make_device: Any) -> None:
    a = make_device("a", server.url, policy=SyncPolicy(mode=SyncMode.MANUAL))
    a.login()
    ids = [new_draft(a.repo, f"Manual {i}") for i in range(2)]
    a.engine.start()
    assert a.wait_for(lambda: a.engine.status().phase is Phase.PAUSED)
    assert a.repo.outbox_count() == 2  # manual: nothing sent by itself

    a.engine.sync_now()
    assert a.wait_for(lambda: a.repo.outbox_count() == 0)
    assert a.wait_for(lambda: a.engine.status().phase is Phase.SYNCED)
    assert set(ids) <= set(server_records(server))

    # AUTO: a network change is enough.
    a.engine.set_policy(SyncPolicy(mode=SyncMode.AUTO, probe_interval=3600.0))
    more = new_draft(a.repo, "Otomatis")
    a.engine.network_changed()
    assert a.wait_for(lambda: a.repo.outbox_count() == 0)
    assert more in server_records(server)
    assert a.of(ItemsChanged)

    # UNMETERED on a network not known to be unmetered: paused.
    a.engine._metered = lambda: None
    a.engine.set_policy(SyncPolicy(mode=SyncMode.UNMETERED, probe_interval=3600.0))
    assert a.wait_for(lambda: a.engine.status().phase is Phase.PAUSED)

    thread = a.engine._thread
    a.engine.stop()
    assert thread is not None and not thread.is_alive()
    assert a.engine.status().phase is Phase.STOPPED


def test_conflict_is_reported_once_with_both_values(server: LiveServer, make_device: Any) -> None:
    """Both sides changed the same field: the push and the pull see it; one event, both values."""
    a = make_device("a", server.url)
    b = make_device("b", server.url)
    a.login()
    b.login()
    rid = new_draft(a.repo, "Asal")
    a.engine.run_once()
    b.engine.run_once()
    inn_b = b.repo.get_innovation(rid)
    assert inn_b is not None

    inn_a = a.repo.get_innovation(rid)
    assert inn_a is not None
    a.repo.update_profile(rid, replace(inn_a.profile, tujuan="versi A"))
    a.engine.run_once()
    b.repo.update_profile(rid, replace(inn_b.profile, tujuan="versi B"))
    # b pushes first: the server answers conflict; b keeps both values
    b.engine.run_once()
    assert [(e.record_type, e.record_id) for e in b.of(ConflictDetected)] == [("innovation", rid)]
    info = b.engine.conflict_info("innovation", rid)
    assert info is not None
    assert info.local["profile"]["tujuan"] == "versi B"
    assert info.remote["profile"]["tujuan"] == "versi A"
    [item] = _sending(b)
    assert item.state is OutboxState.CONFLICT
    out = b.repo.outbox.pending_items()[0]
    assert out.state == OutboxState.CONFLICT


def test_evidence_uploads_after_records_and_refusals_are_quarantined_alone(
    server: LiveServer, make_device: Any
) -> None:
    a = make_device("a", server.url)
    a.login()
    rid = new_draft(a.repo, "Dengan bukti")
    rng = random.Random(6)
    small = pdf_bytes(40_000, seed=rng.randrange(2**32))
    medium = pdf_bytes(700_000, seed=rng.randrange(2**32))
    too_big = pdf_bytes(server.settings.max_file_bytes + 10, seed=rng.randrange(2**32))
    exe = b"MZ" + rng.randbytes(5000)
    held = pdf_bytes(30_000, seed=rng.randrange(2**32))
    ok = [add_evidence(a, rid, small, "surat.pdf"), add_evidence(a, rid, medium, "sk.pdf")]
    big = add_evidence(a, rid, too_big, "besar.pdf")
    bad = add_evidence(a, rid, exe, "program.exe", "application/x-msdownload")
    hold = add_evidence(a, rid, held, "nanti.pdf")
    a.engine.cancel(blob_key(hold))

    order: list[str] = []
    a.engine.add_listener(
        lambda e: (
            order.append(type(e).__name__) if isinstance(e, UploadProgress | RunFinished) else None
        )
    )
    real_push = a.engine._api.push

    def push(envelopes: list[dict[str, Any]]) -> Any:
        order.append("push")
        return real_push(envelopes)

    a.engine._api.push = push  # type: ignore[method-assign]
    status = a.engine.run_once()
    assert status.phase is Phase.SYNCED, status.problem
    assert order.index("push") < order.index("UploadProgress")  # records before evidence
    for sha, data in zip(ok, (small, medium), strict=True):
        assert server_blob(server, sha) == data
        st = a.vault.upload_status(sha)
        assert st.verified and st.state is UploadState.UPLOADED
    assert server_blob(server, big) is None and server_blob(server, bad) is None
    assert server_blob(server, hold) is None
    items = {i.key: i for i in _sending(a)}
    assert set(items) == {blob_key(big), blob_key(bad), blob_key(hold)}
    assert items[blob_key(big)].state is OutboxState.REFUSED
    assert items[blob_key(bad)].state is OutboxState.REFUSED
    assert items[blob_key(big)].last_error and items[blob_key(bad)].last_error
    assert items[blob_key(hold)].state is OutboxState.HELD
    assert items[blob_key(hold)].record_id == rid
    assert items[blob_key(hold)].title == "nanti.pdf"
    assert a.repo.outbox.record_count() == 0
    run = a.repo.recent_sync_runs(1)[0]
    assert run.pushed == 1 + 2 and run.failed == 2

    # Held survives a restart; retry sends it.
    a.engine.stop()
    b = make_device("a2", server.url, folder=a.folder)
    assert {i.key: i.state for i in _sending(b)}[blob_key(hold)] is OutboxState.HELD
    b.engine.run_once()
    assert server_blob(server, hold) is None
    b.engine.retry(blob_key(hold))
    b.engine.run_once()
    assert server_blob(server, hold) == held
    assert {i.key for i in _sending(b)} == {blob_key(big), blob_key(bad)}


def test_a_batch_refused_whole_is_split_to_quarantine_only_the_culprit(
    server: LiveServer, make_device: Any
) -> None:
    """A NUL character (pasted from a PDF) makes the server refuse the whole push request
    (422 before any record is looked at); halving the batch finds the one record."""
    a = make_device("a", server.url)
    a.login()
    good = [new_draft(a.repo, f"Bersih {i}") for i in range(9)]
    bad = new_draft(a.repo, "Tempel\x00an dari PDF")
    good += [new_draft(a.repo, f"Bersih lagi {i}") for i in range(4)]
    assert a.engine.run_once().phase is Phase.SYNCED
    on_server = server_records(server)
    assert set(good) <= set(on_server) and bad not in on_server
    [item] = _sending(a)
    assert item.record_id == bad and item.state is OutboxState.REFUSED
    assert item.problem is not None and "NUL" in item.problem.detail + item.problem.detail_en


def test_an_expired_sign_in_asks_for_login_without_calling_the_server(
    make_device: Any,
) -> None:
    from sync.client.credentials import StoredLogin

    url = "http://127.0.0.1:9"  # nothing listens: any request would fail as a network error
    a = make_device("a", url)
    old = StoredLogin("tok", "operator", datetime(2020, 1, 1, tzinfo=UTC))
    a.creds.set(url, old)
    a.engine._login = old
    new_draft(a.repo, "Menunggu")
    status = a.engine.run_once()
    assert status.phase is Phase.LOGIN_REQUIRED
    assert status.problem is not None and status.problem.code == problems.SIGN_IN_EXPIRED
    assert [e.problem.code for e in a.of(LoginRequired)] and a.creds.get(url) is None
    assert a.repo.outbox_count() == 1


def test_stop_during_an_upload_ends_the_worker_and_a_restart_resumes(
    server: LiveServer, make_device: Any
) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    with FaultProxy(host, int(port), rate_bps=200_000) as proxy:
        a = make_device("a", proxy.url)
        a.login()
        rid = new_draft(a.repo, "Unggah lambat")
        data = pdf_bytes(1_800_000, seed=3)
        sha = add_evidence(a, rid, data, "lambat.pdf")
        a.engine.start()
        assert a.wait_for(lambda: any(e.sent > 0 for e in a.of(UploadProgress)))
        thread = a.engine._thread
        a.engine.stop()
        assert thread is not None and not thread.is_alive()
        st = a.vault.upload_status(sha)
        assert st.state is UploadState.UPLOADING and st.upload_url and not st.verified
        assert server_blob(server, sha) is None

        proxy.rate_bps = None
        b = make_device("a2", proxy.url, folder=a.folder)
        b.engine.start()
        assert b.wait_for(lambda: _sending(b) == [] and b.of(RunFinished))
        assert server_blob(server, sha) == data
        b.engine.stop()


def test_worker_resumes_by_itself_after_a_revoked_token_and_a_new_login(
    server: LiveServer, make_device: Any
) -> None:
    a = make_device("a", server.url)
    a.login()
    ids = [new_draft(a.repo, f"Sesudah masuk lagi {i}") for i in range(3)]
    token = a.creds.get(server.url)
    assert token is not None
    r = httpx.post(
        f"{server.api}/auth/logout",
        headers={"Authorization": f"Bearer {token.token}"},
        timeout=30,
    )
    assert r.status_code == 204  # revoked elsewhere (an admin, a password change)
    a.engine.start()
    assert a.wait_for(lambda: a.engine.status().phase is Phase.LOGIN_REQUIRED)
    assert a.of(LoginRequired) and a.repo.outbox_count() == 3
    a.login()  # no sync_now from the caller: the engine picks up on its own
    assert a.wait_for(lambda: a.repo.outbox_count() == 0)
    assert set(ids) <= set(server_records(server))


def test_periodic_probe_pulls_what_others_sent_on_an_unmetered_line(
    server: LiveServer, make_device: Any
) -> None:
    a = make_device(
        "a",
        server.url,
        policy=SyncPolicy(mode=SyncMode.UNMETERED, probe_interval=0.3),
        metered=lambda: False,
    )
    b = make_device("b", server.url)
    a.login()
    b.login()
    a.engine.start()
    assert a.wait_for(lambda: a.engine.status().phase is Phase.SYNCED)
    rid = new_draft(b.repo, "Dari PC lain")
    assert b.engine.run_once().phase is Phase.SYNCED
    # Nobody pokes a: its periodic probe-and-pull brings the record.
    assert a.wait_for(lambda: a.repo.get_innovation(rid) is not None)


def test_a_record_counts_as_synced_only_once_its_files_are_verified_on_the_server(
    server: LiveServer, make_device: Any
) -> None:
    from iid.records import SyncState

    a = make_device("files-first", server.url)
    a.login()
    plain = new_draft(a.repo, "Tanpa bukti")
    with_file = new_draft(a.repo, "Dengan bukti")
    data = pdf_bytes(20_000, seed=9)
    sha = add_evidence(a, with_file, data, "sk.pdf")
    a.engine.cancel(blob_key(sha))  # the file waits; the record itself goes
    assert a.engine.run_once().phase is Phase.SYNCED
    assert server_records(server)[with_file]  # the text reached the verifiers
    state = {r: a.repo.get_innovation(r).sync_state for r in (plain, with_file)}  # type: ignore[union-attr]
    assert state == {plain: SyncState.SYNCED, with_file: SyncState.SENDING}

    a.engine.retry(blob_key(sha))
    a.engine.run_once()
    assert server_blob(server, sha) == data
    assert a.repo.get_innovation(with_file).sync_state is SyncState.SYNCED  # type: ignore[union-attr]


def test_a_held_record_stays_held_through_edits_and_restarts_until_released(
    server: LiveServer, make_device: Any
) -> None:
    """The screen promises "stays on this laptop": an edit after holding must not send it."""
    a = make_device("a", server.url)
    a.login()
    held = new_draft(a.repo, "Tahan")
    a.engine.cancel(record_key("innovation", held))
    inn = a.repo.get_innovation(held)
    assert inn is not None
    a.repo.update_profile(held, replace(inn.profile, tujuan="diubah sesudah ditahan"))
    assert a.engine.run_once().phase is Phase.SYNCED
    assert held not in server_records(server)
    [item] = _sending(a)
    assert item.state is OutboxState.HELD

    # Restart, edit again: still held.
    a.engine.stop()
    b = make_device("a2", server.url, folder=a.folder)
    inn = b.repo.get_innovation(held)
    assert inn is not None
    b.repo.set_claimed_level(held, "16", 2)
    b.engine.run_once()
    assert held not in server_records(server)
    [item] = _sending(b)
    assert item.state is OutboxState.HELD

    # Released: the newest content goes.
    b.engine.retry(item.key)
    assert b.engine.run_once().phase is Phase.SYNCED
    sent = server_records(server)[held]["content"]
    assert sent["profile"]["tujuan"] == "diubah sesudah ditahan"
    assert sent["answers"]["16"]["claimed_level"] == 2
    assert _sending(b) == []


class _PullWatch:
    """Wraps ``ApiClient.pull``: counts calls in flight (the client is not thread-safe, so
    never more than one), signals when a page is asked for, and can fail one call."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail_call: int | None = None) -> None:
        from sync.client.http import ApiClient, SyncNetworkError

        self.lock = threading.Lock()
        self.in_flight = self.most_in_flight = self.calls = 0
        self.asked = threading.Condition(self.lock)
        original = ApiClient.pull

        self.limits: list[int] = []

        def pull(api: ApiClient, since: int, limit: int) -> dict[str, Any]:
            with self.lock:
                self.limits.append(limit)
                self.calls += 1
                call = self.calls
                self.in_flight += 1
                self.most_in_flight = max(self.most_in_flight, self.in_flight)
                self.asked.notify_all()
            try:
                if call == fail_call:
                    raise SyncNetworkError("the line dropped")
                return original(api, since, limit)
            finally:
                with self.lock:
                    self.in_flight -= 1

        monkeypatch.setattr(ApiClient, "pull", pull)

    def wait_calls(self, n: int) -> bool:
        with self.lock:
            return self.asked.wait_for(lambda: self.calls >= n, timeout=30)


def _paged_pull_setup(server: LiveServer, make_device: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    from sync.client import run

    a = make_device("pages-from", server.url)
    a.login()
    for i in range(5):
        new_draft(a.repo, f"Halaman {i}")
    assert a.engine.run_once().phase is Phase.SYNCED
    monkeypatch.setattr(run, "PULL_PAGE", 2)
    b = make_device("pages-to", server.url)
    b.login()
    return a, b


def test_the_next_pull_page_is_fetched_while_one_is_applied_in_order(
    server: LiveServer, make_device: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sync.client import run

    a, b = _paged_pull_setup(server, make_device, monkeypatch)
    monkeypatch.setattr(run, "FIRST_PULL_PAGE", 1)
    watch = _PullWatch(monkeypatch)
    applied: list[int] = []
    overlapped: list[bool] = []
    apply = b.repo.inbox.apply_remote

    def applying(records: list[dict[str, Any]], cursor: int) -> Any:
        if not applied:  # the page after this one is asked for while this one is applied
            overlapped.append(watch.wait_calls(2))
        applied.append(cursor)
        return apply(records, cursor)

    monkeypatch.setattr(b.repo.inbox, "apply_remote", applying)
    assert b.engine.run_once().phase is Phase.SYNCED
    assert overlapped == [True]
    assert watch.limits[0] == 1 and set(watch.limits[1:]) == {2}  # a small first page
    assert len(applied) >= 3 and applied == sorted(applied)
    assert watch.calls == len(applied) and watch.most_in_flight == 1
    assert b.repo.get_cursor() == applied[-1]
    for summary in a.repo.list_innovations():
        assert b.repo.get_innovation(summary.id) is not None


def test_the_opd_list_is_fetched_while_the_last_page_is_applied(
    server: LiveServer, make_device: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sync.client.http import ApiClient

    _a, b = _paged_pull_setup(server, make_device, monkeypatch)
    watch = _PullWatch(monkeypatch)
    asked = threading.Event()
    during: list[int] = []
    applied: list[int] = []
    opds = ApiClient.opds

    def listing(api: ApiClient) -> Any:
        during.append(len(applied))
        asked.set()
        return opds(api)

    monkeypatch.setattr(ApiClient, "opds", listing)
    apply = b.repo.inbox.apply_remote

    def applying(records: list[dict[str, Any]], cursor: int) -> Any:
        # While a page is applied, one request is always on its way: the next page, or after
        # the last page the OPD list (deterministic: nothing here depends on timing).
        with watch.lock:
            assert watch.asked.wait_for(lambda: asked.is_set() or watch.calls > len(applied), 30)
        result = apply(records, cursor)
        applied.append(cursor)
        return result

    monkeypatch.setattr(b.repo.inbox, "apply_remote", applying)
    assert b.engine.run_once().phase is Phase.SYNCED
    assert len(applied) >= 3 and during == [len(applied) - 1]
    assert watch.calls == len(applied) and watch.most_in_flight == 1
    assert {o.name for o in b.repo.list_opds()} == {"Dinas Pendidikan"}


def test_a_failed_pull_keeps_every_page_applied_before_it_and_resumes(
    server: LiveServer, make_device: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = _paged_pull_setup(server, make_device, monkeypatch)
    apply = b.repo.inbox.apply_remote
    applied: list[int] = []

    def applying(records: list[dict[str, Any]], cursor: int) -> Any:
        applied.append(cursor)
        return apply(records, cursor)

    monkeypatch.setattr(b.repo.inbox, "apply_remote", applying)
    # The line drops while page 3 is fetched ahead: pages 1 and 2 stay applied.
    watch = _PullWatch(monkeypatch, fail_call=3)
    status = b.engine.run_once()
    assert status.phase is Phase.WAITING
    assert len(applied) == 2 and b.repo.get_cursor() == applied[-1]
    assert watch.in_flight == 0

    # Applying page 2 fails (a disk error) while page 3 is in flight: page 1 stays, the
    # request in flight is finished before the error surfaces, and nothing later is applied.
    fresh = make_device("pages-again", server.url)
    fresh.login()
    watch = _PullWatch(monkeypatch)
    again = fresh.repo.inbox.apply_remote
    seen: list[int] = []

    def failing(records: list[dict[str, Any]], cursor: int) -> Any:
        seen.append(cursor)
        if len(seen) == 2:
            raise OSError("disk I/O error")
        return again(records, cursor)

    monkeypatch.setattr(fresh.repo.inbox, "apply_remote", failing)
    with pytest.raises(OSError):
        fresh.engine.run_once()
    assert fresh.repo.get_cursor() == seen[0]
    assert watch.in_flight == 0 and watch.calls == 3

    # Both resume from their cursor and end with everything.
    monkeypatch.undo()
    for device in (b, fresh):
        assert device.engine.run_once().phase is Phase.SYNCED
        for summary in a.repo.list_innovations():
            assert device.repo.get_innovation(summary.id) is not None
