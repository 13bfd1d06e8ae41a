"""The server's demo pemda (``inovasi-server demo``) holds only what the real process could have
produced: each innovation's state follows from its history through allowed moves, submitted ones
pass Ajukan's checks with every file on the server, approved ones carry a verdict per claim."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from iid.codec import innovation_from_content
from iid.demo import impossibilities
from iid.records import WorkflowState
from iid.rules import load_rules
from sync.server import reviews
from sync.server.blobstore import create_blob_store
from sync.server.db import Database
from sync.server.demo import DEMO_PEMDA_CODE
from sync.server.models import Blob, Pemda, Record
from tests.server.live import LiveServer, running_server, seed_innovations


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with running_server(tmp_path_factory.mktemp("demo")) as live:
        assert seed_innovations(live) > 0
        yield live


def test_every_demo_innovation_is_explained_by_its_history_and_files(
    demo_server: LiveServer,
) -> None:
    store = create_blob_store(demo_server.settings)
    db = Database(demo_server.settings)
    states = set()
    names: set[tuple[str, str]] = set()
    try:
        with db.session_scope() as session:
            pemda = session.query(Pemda).filter_by(code=DEMO_PEMDA_CODE).one()
            rows = session.query(Record).filter_by(pemda_id=pemda.id, type="innovation").all()
            assert len(rows) > 10
            for row in rows:
                innovation = innovation_from_content(row.content)
                review = reviews.review_of(session, row.id)
                rules = load_rules(innovation.rule_year)
                nama = innovation.profile.nama
                assert impossibilities(innovation, review, rules) == [], nama
                states.add(review.state)
                events = reviews.history(session, row).events
                assert [(e.action, e.actor) for e in events] == [
                    (s.action.value, s.by) for s in review.history
                ], nama
                # Steps carry the full name, as the server's own moves write it from the account.
                names.update((s.by, s.by_name) for s in review.history)
                if review.state is WorkflowState.DRAFT:
                    continue
                claimed = innovation.claimed_levels()
                assert claimed and all(innovation.documents_for(k) for k in claimed), nama
                for doc in innovation.documents:
                    if doc.sha256 is not None:  # on the server, indexed: Ajukan finds none missing
                        assert store.exists(doc.sha256) and session.get(Blob, doc.sha256)
    finally:
        db.dispose()
    assert set(WorkflowState) - {WorkflowState.DISAHKAN_OPD} <= states
    assert {("verifikator", "Verifikator Bappeda"), ("admin", "Admin Bappeda")} <= names
    assert ("operator2", "Operator Dinas Kesehatan") in names


def test_the_operator_downloads_the_evidence_of_an_approved_demo_innovation(
    demo_server: LiveServer, tmp_path: Path
) -> None:
    token = demo_server.login("operator")
    headers = {"Authorization": f"Bearer {token}"}
    db = Database(demo_server.settings)
    try:
        with db.session_scope() as session:
            row = next(
                r
                for r in session.query(Record).filter_by(type="innovation").all()
                if r.content["profile"]["nama"] == "Guru Penggerak Desa"
            )
            innovation = innovation_from_content(row.content)
    finally:
        db.dispose()
    doc = next(d for d in innovation.documents if d.slot == "16")
    r = httpx.get(f"{demo_server.api}/blobs/{doc.sha256}", headers=headers)
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert hashlib.sha256(r.content).hexdigest() == doc.sha256
