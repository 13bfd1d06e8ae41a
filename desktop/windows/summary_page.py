"""Ringkasan: the score the pemda will get from what is in this store, and what would raise it.

Computed on the database lane (it reads every innovation of the year) with ``iid.scoring``:
the index from claimed levels and, once verdicts exist, from verified levels; the predicate;
the SPD score; empty seats below k; yandas coverage and what is missing; the distribution of
kematangan; and the index points one more innovation of a given kematangan would add.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from iid import scoring
from iid.rules import RuleUnknownError, available_years
from sync.local.listing import InnovationFilter

GAIN_LEVELS = (Decimal(40), Decimal(70), Decimal(100))


@dataclass(frozen=True)
class Summary:
    year: int
    claimed: scoring.IndexResult
    verified: scoring.IndexResult | None
    max_kematangan: Decimal
    gains: tuple[tuple[Decimal, Decimal], ...]
    distribution: tuple[tuple[str, int], ...]
    unknown: str | None = None


def compute_summary(context: Any, year: int, language: str) -> Summary | str:
    """Everything the page shows, or the rule year's explanation of what it does not know."""
    rules = context.rules(year)
    try:
        rules.require("spd_rows")
        rules.require("count_score")
    except RuleUnknownError as error:
        return error.message_id if language == "id" else error.message_en
    repo = context.repo
    claimed: list[scoring.ScoredInnovation] = []
    verified: list[scoring.ScoredInnovation] = []
    any_verdict = False
    f = InnovationFilter(rule_year=year)
    offset = 0
    while True:
        page = repo.list_innovations(f, "nama", False, offset, 500)
        if not page:
            break
        offset += len(page)
        for summary in page:
            innovation = repo.get_innovation(summary.id)
            if innovation is None:
                continue
            claimed.append(scoring.score_innovation(rules, innovation))
            verified.append(scoring.score_innovation(rules, innovation, verified=True))
            any_verdict = any_verdict or any(
                a.verified_level is not None for a in innovation.answers.values()
            )
    spd_profile = repo.get_spd_profile(year)
    skor_spd = scoring.spd_score(rules, spd_profile.answers if spd_profile else {})
    claimed_index = scoring.score_index(rules, skor_spd, claimed)
    verified_index = scoring.score_index(rules, skor_spd, verified) if any_verdict else None
    top = scoring.max_kematangan(rules)
    gains = tuple(
        (level, scoring.marginal_gain(rules, skor_spd, claimed, level))
        for level in GAIN_LEVELS
        if level <= top
    )
    bands = [(Decimal(0), Decimal(40)), (Decimal(40), Decimal(70)), (Decimal(70), top + 1)]
    distribution = tuple(
        (f"{lo:.0f}–{min(hi - 1, top):.0f}" if hi <= top else f"{lo:.0f}–{top:.0f}",
         sum(1 for s in claimed if lo <= s.kematangan < hi))
        for lo, hi in bands
    )  # fmt: skip
    return Summary(year, claimed_index, verified_index, top, gains, distribution)


def _num(value: Decimal, places: int = 2) -> str:
    return QLocale().toString(float(value), "f", places)


class SummaryPage(QWidget):
    """The Ringkasan page. ``refresh()`` recomputes in the background."""

    sig_refreshed = Signal()

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.summary: Summary | str | None = None
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.year = QComboBox(self)
        for year in reversed(available_years()):
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(max(self.year.findData(context.default_rule_year()), 0))
        self.year.currentIndexChanged.connect(self.refresh)
        self.year_label = QLabel(self)
        self.year_label.setBuddy(self.year)
        self.refresh_button = QPushButton(self)
        self.refresh_button.clicked.connect(self.refresh)

        self.body = QWidget(self)
        self.grid = QGridLayout(self.body)
        self.grid.setColumnStretch(1, 1)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(10)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.year_label)
        top.addWidget(self.year)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Summary"))
        self.year_label.setText(self.tr("Assessment &year"))
        self.refresh_button.setText(self.tr("&Recalculate"))
        self._render()

    def refresh(self) -> None:
        year = int(self.year.currentData())
        language = self.context.language
        self.context.tasks.run_db(
            lambda: compute_summary(self.context, year, language),
            on_done=self._show,
            on_error=lambda error: self._show(self.tr("The summary failed: {0}").format(error)),
        )

    def _show(self, summary: Summary | str) -> None:
        self.summary = summary
        self._render()
        self.sig_refreshed.emit()

    def _clear(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def _row(self, row: int, label: str, value: str, *, strong: bool = False) -> None:
        left = QLabel(label, self.body)
        left.setObjectName("muted")
        right = QLabel(value, self.body)
        right.setWordWrap(True)
        right.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if strong:
            right.setObjectName("bigNumber")
        self.grid.addWidget(left, row, 0, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(right, row, 1)

    def _render(self) -> None:
        self._clear()
        s = self.summary
        if s is None:
            self._row(0, "", self.tr("Calculating…"))
            return
        if isinstance(s, str):
            self._row(0, "", s)
            return
        c = s.claimed
        rows: list[tuple[str, str, bool]] = [
            (self.tr("Index (claimed levels)"), f"{_num(c.indeks_bulat)} — {c.predikat}", True),
        ]
        if s.verified is not None:
            v = s.verified
            rows.append(
                (self.tr("Index (verified levels)"), f"{_num(v.indeks_bulat)} — {v.predikat}", True)
            )
        rows += [
            (self.tr("SPD score"), _num(c.skor_spd), False),
            (
                self.tr("Innovations counted"),
                self.tr("{0} (divisor k = {1}, empty seats: {2})").format(
                    c.n, c.pembagi, c.kursi_kosong
                ),
                False,
            ),
            (self.tr("SID score from kematangan"), _num(c.skor_sid_indikator), False),
            (self.tr("Innovation count score"), _num(c.skor_jumlah_inovasi), False),
        ]
        yandas = c.yandas
        if yandas.satisfied:
            coverage = self.tr("{0} of {1} required basic-service urusan covered").format(
                len(yandas.covered), yandas.required
            )
        else:
            coverage = self.tr(
                "{0} of {1} required basic-service urusan covered: the count score stays 0 "
                "until {2} more are covered. Missing: {3}"
            ).format(
                len(yandas.covered), yandas.required, yandas.short_by, ", ".join(yandas.missing)
            )
        rows.append((self.tr("Yandas coverage"), coverage, False))
        rows.append(
            (
                self.tr("Kematangan (claimed)"),
                "; ".join(self.tr("{0}: {1}").format(band, count) for band, count in s.distribution)
                + self.tr(" (maximum {0})").format(_num(s.max_kematangan, 0)),
                False,
            )
        )
        for level, gain in s.gains:
            rows.append(
                (
                    self.tr("One more innovation, kematangan {0}").format(_num(level, 0)),
                    self.tr("{0} index points").format(("+" if gain >= 0 else "") + _num(gain)),
                    False,
                )
            )
        for number, (label, value, strong) in enumerate(rows):
            self._row(number, label, value, strong=strong)
        self.grid.setRowStretch(len(rows), 1)
