"""Reading a document's details (desktop.proof.reading) when its file is not readable here yet:
not downloaded (BlobNotFound) or a copy "Periksa arsip" marked damaged (BlobDamaged, repaired
later by the server's copy or the original). Neither counts as a failure for good: nothing is
reported, and the next catch-up (the editor opened again) reads it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from desktop.proof.reading import EvidenceReading
from iid.records import EvidenceDocument
from sync.local.vault import BlobDamaged, BlobNotFound

pytestmark = pytest.mark.gui

SHA = "ab" * 32


class _Tasks:
    """The background lane, inline."""

    def run_bg(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:  # fmt: skip
        try:
            result = fn()
        except Exception as error:  # noqa: BLE001 - handed to on_error as the lane does
            on_error(error)
            return
        on_done(result)


class _Context:
    tasks = _Tasks()
    vault = None


class _Service:
    def __init__(self, outcomes: list[BaseException | str]) -> None:
        self.outcomes = outcomes
        self.asked = 0

    def read(self, sha: str, media: str | None) -> str:
        outcome = self.outcomes[self.asked]
        self.asked += 1
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome


@pytest.mark.parametrize("error", [BlobNotFound(SHA), BlobDamaged(SHA)])
def test_a_file_not_readable_here_yet_is_read_on_the_next_catch_up(
    qtbot: Any, error: BaseException, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = EvidenceDocument(
        id="doc-1", slot="16", sha256=SHA, file_name="perbup.pdf", media_type="application/pdf"
    )
    reading = EvidenceReading(_Context(), owner=None)
    service = _Service([error, "the reading"])
    monkeypatch.setattr(reading, "_service", lambda: service)
    applied: list[tuple[str, Any]] = []
    monkeypatch.setattr(reading, "_apply", lambda sha, result: applied.append((sha, result)))
    failed: list[tuple[str, str]] = []
    reading.sig_failed.connect(lambda doc_id, reason: failed.append((doc_id, reason)))

    reading.read(document)
    assert failed == [] and applied == [] and not reading.is_busy()
    reading.catch_up([document])  # the editor opened again, the file now readable
    assert service.asked == 2
    assert applied == [(SHA, "the reading")] and failed == []
