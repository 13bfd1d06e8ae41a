"""The 20 SID indicators: a list on the left, the chosen indicator's panel on the right.

Each panel (built the first time it is shown, so opening an innovation stays fast) has the
three level texts as radio buttons plus "not answered", the evidence guidance, the findings of
``iid.checks`` for that indicator and its evidence documents.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.labels import format_number
from desktop.proof.measure_input import MeasureInput
from desktop.widgets.evidence import DocumentOwner, EvidenceList, local_files
from desktop.widgets.level_chooser import LevelChooser
from desktop.windows.editor.findings_view import FindingsLabel
from iid.findings import Finding
from iid.records import Innovation, Verdict

VERDICT_COLOURS = {
    Verdict.PENDING: ("#fff8e1", "#9a6700"),
    Verdict.SESUAI: ("#e8f5e9", "#1f6f3f"),
    Verdict.TIDAK_SESUAI: ("#fdecea", "#b03a2e"),
    Verdict.TIDAK_DAPAT_DIUKUR: ("#fdecea", "#b03a2e"),
}
"""Background and bar colour of a verifier's verdict as the officer sees it."""


class IndicatorPanel(QScrollArea):
    """One indicator: levels, guidance, findings, evidence. ``sig_level_changed(int)``."""

    sig_level_changed = Signal(int)
    sig_measure_changed = Signal(object)

    def __init__(
        self,
        context: Any,
        owner: DocumentOwner,
        rules: Any,
        key: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.key = key
        indicator = rules.indicators[key]
        body = QWidget(self)
        body.setObjectName("pageBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(8)

        self.title = QLabel(f"{key}. {indicator.name}", body)
        self.title.setObjectName("indicatorTitle")
        self.title.setWordWrap(True)
        facts = [self.tr("Weight {0}").format(format_number(indicator.bobot, trim=True))]
        if indicator.mandatory:
            facts.append(self.tr("mandatory"))
        self.facts = QLabel(" · ".join(facts), body)
        self.facts.setObjectName("hint")
        layout.addWidget(self.title)
        layout.addWidget(self.facts)

        self.measure: MeasureInput | None = None
        if getattr(indicator, "measure", None) is not None:
            self.measure = MeasureInput(
                key, indicator.measure, int(rules.year), tuple(indicator.levels), body
            )
            layout.addWidget(self.measure)
            self.measure.sig_measure_changed.connect(self.sig_measure_changed)
        self.levels = LevelChooser(list(indicator.levels), body)
        self.levels.setObjectName(f"levels_{key}")
        layout.addWidget(self.levels)
        self.verification = QLabel(body)
        self.verification.setObjectName("verification")
        self.verification.setWordWrap(True)
        self.verification.hide()
        layout.addWidget(self.verification)
        self.findings = FindingsLabel(body)
        layout.addWidget(self.findings)

        guidance_title = QLabel(self.tr("Evidence required"), body)
        guidance_title.setObjectName("sectionTitle")
        self.guidance = QLabel(str(getattr(indicator, "guidance", "") or ""), body)
        self.guidance.setObjectName("guidance")
        self.guidance.setWordWrap(True)
        self.guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(guidance_title)
        layout.addWidget(self.guidance)

        self.evidence = EvidenceList(context, owner, rules, key, body)
        layout.addWidget(self.evidence)
        layout.addStretch(1)
        self.setWidget(body)
        self.setAcceptDrops(True)
        self.levels.sig_level_changed.connect(self.sig_level_changed)

    def set_read_only(self) -> None:
        """Only reading: the levels, the measure and the evidence cannot be changed here."""
        from desktop.widgets.read_only import freeze

        freeze(self.levels)
        if self.measure is not None:
            freeze(self.measure)
        self.evidence.set_read_only()
        self.setAcceptDrops(False)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.evidence.dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.evidence.dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        """Files dropped anywhere on the indicator become its evidence."""
        self.evidence.dropEvent(event)

    def show_answer(self, innovation: Innovation, language: str) -> None:
        answer = innovation.answers.get(self.key)
        self.levels.set_level(answer.claimed_level if answer else None)
        if self.measure is not None:
            self.measure.set_answer(answer)
        if answer is None or (answer.verdict is Verdict.PENDING and not answer.verifier_note):
            self.verification.hide()
            return
        verdict = {
            Verdict.PENDING: self.tr("pending"),
            Verdict.SESUAI: self.tr("matches the evidence"),
            Verdict.TIDAK_SESUAI: self.tr("does not match the evidence"),
            Verdict.TIDAK_DAPAT_DIUKUR: self.tr("cannot be measured"),
        }[answer.verdict]
        level = answer.verified_level or 0
        if answer.verdict is Verdict.PENDING:
            # A verdict put back to pending (the evidence changed since): its note stays.
            text = self.tr("Verifier's earlier note (to be checked again): {0}").format(
                answer.verifier_note
            )
        else:
            text = self.tr("Verifier: {0}; verified level {1} (claimed {2}).").format(
                verdict, level, answer.claimed_level or 0
            )
            if answer.verifier_note:
                text += " " + self.tr("Note: {0}").format(answer.verifier_note)
        self.verification.setText(text)
        self.verification.setProperty("verdict", answer.verdict.value)
        background, bar = VERDICT_COLOURS.get(answer.verdict, VERDICT_COLOURS[Verdict.PENDING])
        self.verification.setStyleSheet(
            f"QLabel#verification {{ background: {background}; border-left: 4px solid {bar};"
            " padding: 8px; }"
        )
        self.verification.show()


class IndicatorPage(QWidget):
    """List of the 20 indicators and a lazily built panel per indicator.

    ``sig_level_changed(str, int)``: indicator key and the level the user chose (0 = none).
    """

    sig_level_changed = Signal(str, int)
    sig_measure_changed = Signal(str, object)

    def __init__(
        self,
        context: Any,
        owner: DocumentOwner,
        rules: Any,
        innovation: Innovation,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._owner = owner
        self._rules = rules
        self._innovation = innovation
        self._language = str(getattr(context, "language", "id") or "id")
        self._findings: Mapping[str, list[Finding]] = {}
        self.read_only = False
        self.panels: dict[str, IndicatorPanel] = {}
        self.keys = list(rules.indicators)

        self.list = QListWidget(self)
        self.list.setObjectName("indicatorList")
        self.list.setMinimumWidth(230)
        self.list.setMaximumWidth(330)
        self.list.setWordWrap(True)
        # Items wrap to the list's width; a sideways scroll bar (a pixel or two of a long word
        # or a verdict badge at 1280 px) would only hide the last line behind itself.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for key in self.keys:
            item = QListWidgetItem(self.list)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self._describe(item, key)
        self.stack = QStackedWidget(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.list.currentRowChanged.connect(self._on_row_changed)
        self.list.setCurrentRow(0)
        self.list.viewport().setAcceptDrops(True)
        self.list.viewport().installEventFilter(self)
        for sequence, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.activated.connect(lambda s=step: self._step(s))

    # --- navigation ---------------------------------------------------------------------

    def panel(self, key: str) -> IndicatorPanel:
        """The panel of ``key``, built on first use."""
        panel = self.panels.get(key)
        if panel is None:
            panel = IndicatorPanel(self._context, self._owner, self._rules, key, self.stack)
            panel.show_answer(self._innovation, self._language)
            panel.findings.set_findings(self._findings.get(key, ()), self._language)
            panel.sig_level_changed.connect(lambda level, k=key: self._on_level(k, level))
            panel.sig_measure_changed.connect(
                lambda measure, k=key: self.sig_measure_changed.emit(k, measure)
            )
            panel.evidence.sig_documents_changed.connect(lambda _s, k=key: self.refresh_item(k))
            self.panels[key] = panel
            self.stack.addWidget(panel)
            if self.read_only:
                panel.set_read_only()
        return panel

    def set_read_only(self) -> None:
        """Only reading from now on (panels built later are read-only too)."""
        self.read_only = True
        for panel in self.panels.values():
            panel.set_read_only()

    def show_indicator(self, key: str) -> IndicatorPanel:
        self.list.setCurrentRow(self.keys.index(key))
        return self.panel(key)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Files dragged onto an indicator in the list attach to that indicator."""
        if watched is self.list.viewport() and event.type() in (
            QEvent.Type.DragEnter,
            QEvent.Type.DragMove,
            QEvent.Type.Drop,
        ):
            drag = cast(QDropEvent, event)
            files = local_files(drag.mimeData().urls())
            item = self.list.itemAt(drag.position().toPoint())
            if not files or item is None or self.read_only:
                drag.ignore()
                return True
            drag.acceptProposedAction()
            if event.type() == QEvent.Type.Drop:
                key = str(item.data(Qt.ItemDataRole.UserRole))
                self.show_indicator(key).evidence.add_files(files)
            return True
        return super().eventFilter(watched, event)

    def _step(self, step: int) -> None:
        """Next / previous indicator from anywhere in the page (Ctrl+PgDown / Ctrl+PgUp)."""
        row = min(max(self.list.currentRow() + step, 0), len(self.keys) - 1)
        self.list.setCurrentRow(row)
        self.panel(self.keys[row]).levels.setFocus()

    @Slot(int)
    def _on_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.keys):
            self.stack.setCurrentWidget(self.panel(self.keys[row]))

    # --- updates ------------------------------------------------------------------------

    def _on_level(self, key: str, level: int) -> None:
        self.sig_level_changed.emit(key, level)
        self.refresh_item(key)

    def show_level(self, key: str, level: int) -> None:
        """The level derived from a measure: shown as the claim (the officer may change it)."""
        panel = self.panels.get(key)
        if panel is not None:
            panel.levels.set_level(level)
        self.refresh_item(key)

    def set_findings(self, by_target: Mapping[str, list[Finding]]) -> None:
        self._findings = by_target
        for key, panel in self.panels.items():
            panel.findings.set_findings(by_target.get(key, ()), self._language)
        for row, key in enumerate(self.keys):
            self._describe(self.list.item(row), key)

    def refresh_item(self, key: str) -> None:
        self._describe(self.list.item(self.keys.index(key)), key)

    def _describe(self, item: QListWidgetItem, key: str) -> None:
        indicator = self._rules.indicators[key]
        answer = self._innovation.answers.get(key)
        level = answer.claimed_level if answer else None
        documents = len(self._innovation.documents_for(key))
        findings = self._findings.get(key, ())
        state = self.tr("level {0}").format(level) if level else self.tr("not answered")
        star = " *" if indicator.mandatory else ""
        verdict = answer.verdict if answer is not None else Verdict.PENDING
        verified = (answer.verified_level if answer is not None else None) or 0
        judged = ""
        if verdict is Verdict.SESUAI:
            judged = " · ✔ " + self.tr("verified {0}").format(verified)
        elif verdict in (Verdict.TIDAK_SESUAI, Verdict.TIDAK_DAPAT_DIUKUR):
            judged = " · ✖ " + self.tr("verified {0}").format(verified)
        item.setText(
            f"{key}. {indicator.name}{star}\n   {state} · "
            + self.tr("{0} document(s)").format(documents)
            + judged
        )
        rejected = verdict in (Verdict.TIDAK_SESUAI, Verdict.TIDAK_DAPAT_DIUKUR)
        if rejected or any(f.blocks_submit for f in findings):
            colour = QColor("#b03a2e")
        elif findings:
            colour = QColor("#9a6700")
        elif level:
            colour = QColor("#1f6f3f")
        else:
            colour = QColor("#3e4c59")
        item.setForeground(QBrush(colour))
        item.setToolTip("\n".join(f.message(self._language) for f in findings))
