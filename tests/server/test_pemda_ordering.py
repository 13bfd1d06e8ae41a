"""Push ordering per pemda (issue 16): each pemda's pushes queue on their own counter row, so two
pemdas never wait for each other, and a pull still never skips a change.

On real PostgreSQL: a push held open in one pemda does not hold up another pemda's push (it
would time out on the lock if it did) but does hold up a second push of the same pemda; and a
property-based test drives random interleavings of pushes (some held open, uncommitted, while
everything else goes on) and pulls (random page sizes and byte budgets) by operators and
verifiers of two pemdas, checking that every pull page moves forward and that every client ends
with exactly what the server holds for it.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from sync.protocol import RecordEnvelope, Role
from sync.server import accounts, records
from sync.server.auth import Principal
from sync.server.config import Settings
from sync.server.db import Database, upgrade
from sync.server.models import Record
from tests import pg
from tests.server.helpers import innovation, principal_of

pytestmark = pytest.mark.postgres
PASSWORD = "urutan-pemda-kuat-7"


@dataclass
class World:
    db: Database
    operators: dict[str, list[Principal]]  # pemda code -> one operator per OPD
    verifiers: dict[str, Principal]


@pytest.fixture(scope="module")
def world(
    pg_cluster: pg.PostgresCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    url = pg_cluster.create_database()
    upgrade(url)
    db = Database(Settings(data_dir=tmp_path_factory.mktemp("order"), database_url=url))
    operators: dict[str, list[Principal]] = {}
    verifiers: dict[str, Principal] = {}
    with db.session_scope() as session:
        for code in ("kab-a", "kab-b"):
            pemda = accounts.get_or_create_pemda(session, code, code.upper())
            users = []
            for opd_code in ("DISDIK", "DINKES"):
                opd, _ = accounts.upsert_opd(session, pemda, opd_code, f"{opd_code} {code}")
                users.append(
                    accounts.create_user(
                        session,
                        pemda,
                        username=f"op-{opd_code}-{code}".lower(),
                        password=PASSWORD,
                        role=Role.OPERATOR,
                        opd=opd,
                    )  # fmt: skip
                )
            verifier = accounts.create_user(
                session, pemda, username=f"ver-{code}", password=PASSWORD, role=Role.VERIFIKATOR
            )
            session.flush()
            operators[code] = [principal_of(session, u) for u in users]
            verifiers[code] = principal_of(session, verifier)
    try:
        yield World(db, operators, verifiers)
    finally:
        db.dispose()


def _push(session: Session, p: Principal, *envelopes: dict[str, Any]) -> list[Any]:
    return records.push(session, p, [RecordEnvelope.model_validate(e) for e in envelopes])


def _new(p: Principal, size: int = 10) -> dict[str, Any]:
    assert p.opd_id is not None
    return innovation(p.opd_id, str(uuid.uuid4()), nama="n" * size)


def test_two_pemdas_push_at_once_and_one_pemda_queues(world: World) -> None:
    a, b = world.operators["kab-a"][0], world.operators["kab-b"][0]
    held = world.db.sessionmaker()
    try:
        assert _push(held, a, _new(a))[0].status == "applied"  # kab-a's counter row is locked
        outcome: dict[str, Any] = {}

        def other(p: Principal, key: str) -> None:
            with world.db.session_scope() as s:
                s.execute(text("SET LOCAL lock_timeout = '3s'"))
                try:
                    outcome[key] = _push(s, p, _new(p))[0].status
                except OperationalError as exc:
                    outcome[key] = type(exc.orig).__name__

        # Another pemda's push goes through while kab-a's transaction is still open...
        thread = threading.Thread(target=other, args=(b, "kab-b"))
        thread.start()
        thread.join(60)
        assert outcome["kab-b"] == "applied"
        # ... a second push of kab-a waits for the first (and gives up at the lock timeout).
        thread = threading.Thread(target=other, args=(world.operators["kab-a"][1], "kab-a"))
        thread.start()
        thread.join(60)
        assert outcome["kab-a"] == "LockNotAvailable"
        held.commit()
    finally:
        held.close()


@dataclass
class Client:
    principal: Principal
    cursor: int = 0
    seen: dict[str, int] = field(default_factory=dict)  # record id -> version


class Interleavings(RuleBasedStateMachine):
    """Pushes (some held open while others run) and pulls of two pemdas, in any order."""

    world: World

    def __init__(self) -> None:
        super().__init__()
        w = self.world
        people = [*w.operators["kab-a"], *w.operators["kab-b"], *w.verifiers.values()]
        self.clients = [Client(p) for p in people]
        for client in self.clients:
            self._drain(client)  # start at the end of what earlier examples left
        self.open: dict[str, list[tuple[Session, records.Pusher]]] = {}

    # -- pushes ---------------------------------------------------------------------------------

    def _apply(self, session: Session, p: Principal, envelope: dict[str, Any]) -> None:
        result = _push(session, p, envelope)[0]
        assert result.status in ("applied", "duplicate"), result

    @rule(who=st.integers(0, 3), size=st.integers(1, 3000), hold=st.booleans())
    def push_new(self, who: int, size: int, hold: bool) -> None:
        """A push in its own transaction, finished and committed at once or held open half way
        (its record applied, its numbers taken, not finished). While another push of the same
        pemda is open it must wait for it: it gives up at a short lock timeout (were there no
        lock, it would go through, could commit first, and the pull checks would catch the
        skip)."""
        p = [*self.world.operators["kab-a"], *self.world.operators["kab-b"]][who]
        code = "kab-a" if who < 2 else "kab-b"
        session = self.world.db.sessionmaker()
        try:
            if self.open.get(code):
                session.execute(text("SET LOCAL lock_timeout = '150ms'"))
            pusher = records.Pusher(session, p)
            result = pusher.apply(RecordEnvelope.model_validate(_new(p, size)))
            assert result.status == "applied", result
            if not hold:
                pusher.finish()
        except OperationalError as exc:
            session.rollback()
            session.close()
            assert type(exc.orig).__name__ == "LockNotAvailable", exc
            return
        if hold:
            self.open.setdefault(code, []).append((session, pusher))  # others run meanwhile
        else:
            session.commit()
            session.close()

    @rule(code=st.sampled_from(["kab-a", "kab-b"]), size=st.integers(1, 3000))
    def edit_existing(self, code: str, size: int) -> None:
        with self.world.db.session_scope() as s:
            row = s.scalars(
                select(Record).where(Record.pemda_id == self.world.verifiers[code].pemda_id)
                .order_by(Record.seq.desc()).limit(1)
            ).first()  # fmt: skip
            if row is None or self.open.get(code):
                return
            p = next(o for o in self.world.operators[code] if o.opd_id == row.opd_id)
            env = innovation(row.opd_id or "", row.id, base=row.version, nama="e" * size)
            self._apply(s, p, env)

    @precondition(lambda self: any(self.open.values()))
    @rule(data=st.data())
    def finish_one(self, data: st.DataObject) -> None:
        code = data.draw(st.sampled_from(sorted(c for c, open_ in self.open.items() if open_)))
        pending = self.open[code]
        session, pusher = pending.pop(data.draw(st.integers(0, len(pending) - 1)))
        pusher.finish()
        session.commit()
        session.close()

    # -- pulls ----------------------------------------------------------------------------------

    def _page(self, client: Client, limit: int, budget: int) -> bool:
        with self.world.db.session_scope() as s:
            page = records.pull(s, client.principal, client.cursor, limit, max_bytes=budget)
        seqs = [c.seq for c in page.changes]
        assert seqs == sorted(seqs) and all(q > client.cursor for q in seqs)
        assert len(seqs) <= limit
        assert page.next_cursor >= client.cursor
        for change in page.changes:
            assert records.can_read(client.principal, _as_record(change, client.principal))
            client.seen[change.id] = change.version
        client.cursor = page.next_cursor
        return page.has_more

    def _drain(self, client: Client) -> None:
        while self._page(client, 1000, 8 * 1024 * 1024):
            pass

    @rule(who=st.integers(0, 5), limit=st.integers(1, 4), budget=st.integers(100, 6000))
    def pull(self, who: int, limit: int, budget: int) -> None:
        self._page(self.clients[who], limit, budget)

    def teardown(self) -> None:
        for pending in self.open.values():
            for session, pusher in pending:
                pusher.finish()
                session.commit()
                session.close()
        self.open.clear()
        # Every client, pulling on from wherever it stopped, ends with the server's state.
        with self.world.db.session_scope() as s:
            for client in self.clients:
                self._drain(client)
                expected = {
                    r.id: r.version
                    for r in s.scalars(select(Record).where(records.visible(client.principal)))
                }
                got = {k: v for k, v in client.seen.items() if k in expected}
                missing = {k: v for k, v in expected.items() if got.get(k) != v}
                assert not missing, f"{client.principal.username} skipped {missing}"

    @invariant()
    def cursors_never_pass_the_pemda_sequence(self) -> None:
        with self.world.db.session_scope() as s:
            for client in self.clients:
                assert client.cursor <= records.current_sequence(s, client.principal.pemda_id)


def _as_record(change: Any, p: Principal) -> Record:
    return Record(id=change.id, type=change.type.value, pemda_id=p.pemda_id, opd_id=change.opd_id)


def test_pulls_never_skip_a_change_under_random_interleavings(world: World) -> None:
    Interleavings.world = world
    Interleavings.TestCase.settings = settings(
        max_examples=25,
        stateful_step_count=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    Interleavings.TestCase().runTest()
