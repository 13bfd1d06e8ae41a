"""The workflow bar's note of a returned innovation shows the verifier's words and name as
they were written: text, never markup."""

from __future__ import annotations

import types
from datetime import UTC, datetime
from typing import Any

import pytest

from desktop.review.workflow_bar import WorkflowBar
from iid import workflow as wf
from iid.states import WorkflowState

pytestmark = pytest.mark.gui


def test_a_return_note_with_markup_shows_it_literally(qtbot: Any) -> None:
    note = "Lampirkan <b>SK</b> &lt;nomor&gt;; <img src='x'> <a href='https://x'>di sini</a>"
    step = wf.Transition(
        action=wf.Action.PERLU_REVISI,
        from_state=WorkflowState.DIAJUKAN,
        to_state=WorkflowState.REVISI,
        by="siti",
        role=wf.Role.VERIFIKATOR,
        at=datetime(2026, 11, 2, 8, tzinfo=UTC),
        note=note,
        by_name="<i>Siti</i> & Co",
    )
    context = types.SimpleNamespace(language="id", tasks=types.SimpleNamespace(closed=True))
    bar = WorkflowBar(context, "x")  # no store: the view is handed over below
    qtbot.addWidget(bar)
    view = types.SimpleNamespace(
        state=WorkflowState.REVISI, review=types.SimpleNamespace(history=(step,))
    )
    bar._show_return_note(view)  # type: ignore[arg-type]
    label = bar.return_note
    assert note in label.text() and "<i>Siti</i> & Co" in label.text()
    label.setSelection(0, len(label.text()))
    assert label.selectedText() == label.text()  # what is shown (and copied) is the text itself
