"""The cyclic garbage collector is paused while a pulled page is applied, and restored as it was
found: after an error, when pauses nest, and when two threads pause at once."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

from sync.local.collection import collection_paused
from sync.local.repository import Repository
from tests.store.test_pull import remote_innovation, server_record


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_a_page_is_applied_with_the_collector_paused_and_it_runs_again_after(
    repo: Repository,
) -> None:
    seen: list[bool] = []
    stored = repo.inbox.review_stored

    def spy(session: Session, innovation_id: str, version: int | None) -> None:
        seen.append(gc.isenabled())
        stored(session, innovation_id, version)

    shown = repo.inbox.reviews_shown

    def spy_new(session: Session, innovations: Any) -> Any:
        seen.append(gc.isenabled())
        return shown(session, innovations)

    repo.inbox.review_stored = spy
    repo.inbox.reviews_shown = spy_new
    review = {"innovation_id": "srv-1", "indicators": {}, "workflow_state": "diajukan"}
    page = [
        server_record("review", "v-1", 1, review, seq=1),
        server_record("innovation", "srv-1", 1, remote_innovation(), seq=2),
    ]
    repo.apply_remote(page, 2)
    assert seen == [False, False]  # the review, then the innovation it is laid over
    assert gc.isenabled()
    inn = repo.get_innovation("srv-1")
    assert inn is not None and inn.workflow_state.value == "diajukan"


def test_a_failing_page_leaves_the_collector_running(repo: Repository) -> None:
    def broken(*_: Any) -> None:
        raise RuntimeError("disk gone")

    repo.inbox.review_stored = broken
    review = {"innovation_id": "srv-1", "indicators": {}}
    with pytest.raises(RuntimeError):
        repo.apply_remote([server_record("review", "v-1", 1, review)], 1)
    assert gc.isenabled()
    assert repo.get_cursor() == 0  # nothing of the page was kept


def test_a_collector_switched_off_by_the_program_stays_off() -> None:
    gc.disable()
    with collection_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_nested_and_overlapping_pauses_restore_the_collector_once_the_last_one_ends() -> None:
    with collection_paused():
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()

    entered, release, left = threading.Event(), threading.Event(), threading.Event()

    def other() -> None:
        with collection_paused():
            entered.set()
            release.wait(30)
        left.set()

    worker = threading.Thread(target=other)
    with collection_paused():
        worker.start()
        assert entered.wait(30)
    assert not gc.isenabled()  # this thread left first: the other still holds its pause
    release.set()
    assert left.wait(30)
    worker.join(30)
    assert gc.isenabled()
