"""The officer's Ringkasan lists what the verifier did not accept on the OPD's innovations:
the indicator, the levels, the points it cost and the verifier's note; the innovation opens
from there. Reviewing roles see the whole pemda on the Dasbor instead (no such list)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from desktop.context import AppContext
from iid import workflow as wf
from iid.records import Verdict, WorkflowState
from tests.gui.review_support import pulled_innovation, sign_in_as
from tests.gui.test_review_gate import open_as

pytestmark = pytest.mark.gui

AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
GIVEN = {
    "16": wf.IndicatorReview(Verdict.SESUAI, 2, "", by="verifikator", at=AT),
    "17": wf.IndicatorReview(
        Verdict.TIDAK_SESUAI, 1, "SK tidak menyebut jumlah SDM", by="verifikator", at=AT
    ),
}


def returned(context: AppContext, opd: str, nama: str) -> str:
    return pulled_innovation(
        context, nama, opd, state=WorkflowState.REVISI, verdicts=GIVEN, files=False
    )


def shown_label(qtbot: Any, page: Any) -> QLabel:
    """The list as drawn now (a redraw leaves the previous one hidden until it is deleted)."""
    qtbot.waitUntil(lambda: any(w.isVisible() for w in page.findChildren(QLabel, "notAccepted")))
    return next(w for w in page.findChildren(QLabel, "notAccepted") if w.isVisible())


def summary_of(qtbot: Any, window: Any) -> Any:
    page = window.summary_page
    with qtbot.waitSignal(page.sig_refreshed, timeout=60_000):
        window.show_page("summary")
    return page


def test_the_officers_summary_names_each_verdict_that_cost_points(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    seed = AppContext.create(_private_data_dir, inline_tasks=True)
    sign_in_as(seed, "operator", "opd-dinkes")
    ours = returned(seed, "opd-dinkes", "Puskesmas Keliling")
    returned(seed, "opd-disdik", "Sekolah Ramah Anak")  # another OPD's: not listed here
    seed.close()
    window = open_as(qtbot, _private_data_dir, translations, "operator", "opd-dinkes")
    page = summary_of(qtbot, window)
    label = shown_label(qtbot, page)
    text = label.text()
    assert "Puskesmas Keliling" in text and "Sekolah Ramah Anak" not in text
    assert "17. Ketersediaan dan peran SDM: level 2 → 1, −2 poin" in text
    assert "SK tidak menyebut jumlah SDM" in text
    assert "16." not in text  # a Sesuai at the claimed level cost nothing

    with qtbot.waitSignal(page.sig_open_innovation) as opened:
        label.linkActivated.emit(ours)
    assert opened.args == [ours]
    window.close()


def test_a_verifier_sees_no_officers_list(
    qtbot: Any, _private_data_dir: Path, translations: Any
) -> None:
    seed = AppContext.create(_private_data_dir, inline_tasks=True)
    sign_in_as(seed, "verifikator")
    returned(seed, "opd-dinkes", "Puskesmas Keliling")
    seed.close()
    window = open_as(qtbot, _private_data_dir, translations, "verifikator")
    page = summary_of(qtbot, window)
    assert not [w for w in page.findChildren(QLabel, "notAccepted") if w.isVisible()]
    assert page.projection is not None
    window.close()
