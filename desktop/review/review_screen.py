"""The review screen: one submitted innovation, read indicator by indicator, document by document,
judged with the keyboard.

Layout: the claimed indicators on the left (each with its verdict so far); the current document
large in the middle (PDF or image, from the vault; a file not yet on this laptop shows its
download progress, ``preview.FileFetch``); on the right the claimed level among the three level
texts, the evidence guidance, the domain findings of ``iid.checks`` for this indicator (the
evidence-proof findings of issue 13 among them), the document's details and the verdict.

Keys (shown at the bottom of the screen):

- ``S`` Sesuai (the claimed level), ``T`` Tidak Sesuai (then the note: required; Enter saves),
  ``D`` Tidak Dapat Diukur; ``1``-``3`` the verified level (at most the claim; below it for
  Tidak Sesuai);
- ``N`` next document (after the indicator's last, the next indicator's first), ``Shift+N``
  previous; ``Ctrl+PgDown``/``Ctrl+PgUp`` next/previous indicator;
- ``Ctrl+Enter`` finish the innovation: Disetujui, or Perlu revisi with a note (required).

Each verdict is written at once as a workflow request (``repo.workflow.give_verdict``: checked
here with ``iid.workflow``, sent through the outbox at the next sync, with the fingerprint of the
evidence as it was read). Everything works offline once the files are on the laptop. A verdict
the server refused because the evidence changed meanwhile shows at its indicator as "bukti
berubah sejak Anda memeriksa" until the verifier judges it again.
"""

from __future__ import annotations

import html
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.labels import innovation_title, opd_label, workflow_label
from desktop.review.words import qc_label, refusal_text, verdict_label
from desktop.widgets.preview import IMAGE_TYPES, PDF, EvidencePreview, FileFetch, read_blob
from desktop.windows.editor.findings_view import FindingsLabel
from iid import checks
from iid import workflow as wf
from iid.findings import Finding
from iid.records import EvidenceDocument, Innovation, QcStatus, Verdict
from sync.local.workflow import RequestState, WorkflowRefused

PREVIEWABLE = (PDF, *IMAGE_TYPES)
PREFETCH = 2
"""Documents read ahead into memory (the next ones ``N`` will show)."""
CACHE_SIZE = 6

STYLE = """
QLabel#reviewTitle { font-size: 16px; font-weight: 600; }
QLabel#hint, QLabel#keyHints { color: #52606d; }
QLabel#sectionTitle { font-weight: 600; margin-top: 6px; }
QLabel#claimedLevel { background: #e3ecf7; border-left: 4px solid #2f6fa3; padding: 6px; }
QLabel#otherLevel { color: #52606d; padding: 6px; }
QLabel#changedBanner { background: #fdecea; border-left: 4px solid #b03a2e; padding: 8px; }
QLabel#verdictState { padding: 6px; border-radius: 3px; background: #f4f7fa; }
QPushButton[verdict="true"] { font-weight: 600; }
QPushButton:checked { background: #2f6fa3; color: white; }
"""


@dataclass
class ReviewData:
    """What the screen shows of one innovation (read on the database lane)."""

    innovation: Innovation
    rules: Any
    opd_name: str
    findings: list[Finding]
    changed: dict[str, str] = field(default_factory=dict)
    """Indicators whose verdict the server refused because the evidence changed -> its words."""
    waiting: set[str] = field(default_factory=set)
    """Indicators with a verdict made here the server has not decided yet."""
    options: tuple[wf.MoveOption, ...] = ()
    qc_note: str = ""

    @property
    def keys(self) -> list[str]:
        return wf.claimed_indicators(self.innovation)

    def option(self, action: wf.Action) -> wf.MoveOption | None:
        return next((o for o in self.options if o.action is action), None)


def load_review(repo: Any, innovation_id: str, language: str) -> ReviewData | None:
    """Read everything the screen needs (database lane)."""
    from iid.rules import load_rules

    innovation = repo.get_innovation(innovation_id)
    if innovation is None:
        return None
    rules = load_rules(innovation.rule_year)
    names = {o.id: o.name for o in repo.list_opds()}
    shared = repo.shared_blobs(innovation_id)
    findings = list(checks.check_innovation(innovation, rules, shared))
    changed: dict[str, str] = {}
    waiting: set[str] = set()
    for info in repo.workflow.requests(innovation_id):
        if info.action is not wf.Action.NILAI:
            continue
        if info.state is RequestState.REFUSED and info.refusal == "workflow.evidence_changed":
            changed[info.indicator] = info.detail_en if language == "en" else info.detail
        elif info.state is RequestState.PENDING:
            waiting.add(info.indicator)
    return ReviewData(
        innovation=innovation,
        rules=rules,
        opd_name=opd_label(innovation.opd_id, names.get(innovation.opd_id)),
        findings=findings,
        changed=changed,
        waiting=waiting,
        options=tuple(repo.workflow.options(innovation_id)),
        qc_note=repo.workflow.review(innovation_id).note,
    )


class FinishDialog(QDialog):
    """Finish an innovation: Disetujui (when every claimed indicator is judged) or Perlu revisi
    (a note is required), with the QC status. Ctrl+Enter confirms."""

    def __init__(self, data: ReviewData, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Finish the review"))
        self.setMinimumWidth(480)
        approve = data.option(wf.Action.SETUJUI)
        self.approve = QRadioButton(self.tr("&Approved (Disetujui)"), self)
        self.revise = QRadioButton(self.tr("&Return for revision (Perlu revisi)"), self)
        self.approve_reason = QLabel(self)
        self.approve_reason.setTextFormat(Qt.TextFormat.PlainText)
        self.approve_reason.setObjectName("hint")
        self.approve_reason.setWordWrap(True)
        if approve is None or not approve.enabled:
            self.approve.setEnabled(False)
            reasons = approve.refusals if approve is not None else ()
            self.approve_reason.setText(" ".join(refusal_text(r, language) for r in reasons))
        group = QButtonGroup(self)
        group.addButton(self.approve)
        group.addButton(self.revise)
        self.qc = QComboBox(self)
        for status in QcStatus:
            self.qc.addItem(qc_label(status), status.value)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(
            self.tr("Note to the OPD: what must be fixed (required when returning)")
        )
        self.note.setPlainText(data.qc_note)
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #b03a2e")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.approve)
        layout.addWidget(self.approve_reason)
        layout.addWidget(self.revise)
        layout.addWidget(QLabel(self.tr("QC status"), self))
        layout.addWidget(self.qc)
        layout.addWidget(QLabel(self.tr("Note"), self))
        layout.addWidget(self.note, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        self.approve.toggled.connect(self._choice_changed)
        self.revise.toggled.connect(self._choice_changed)
        (self.approve if self.approve.isEnabled() else self.revise).setChecked(True)
        self.note.setFocus()

    @property
    def action(self) -> wf.Action:
        return wf.Action.SETUJUI if self.approve.isChecked() else wf.Action.PERLU_REVISI

    @Slot()
    def _choice_changed(self) -> None:
        wanted = QcStatus.ACCEPT if self.approve.isChecked() else QcStatus.PENDING
        self.qc.setCurrentIndex(self.qc.findData(wanted.value))

    def accept(self) -> None:
        if self.action is wf.Action.PERLU_REVISI and not self.note.toPlainText().strip():
            self.error.setText(self.tr("Write what the OPD must fix before returning it."))
            self.note.setFocus()
            return
        super().accept()

    def choice(self) -> tuple[wf.Action, QcStatus, str]:
        return self.action, QcStatus(self.qc.currentData()), self.note.toPlainText().strip()


class ReviewScreen(QWidget):
    """``ReviewScreen(context, innovation_id, parent)``. ``sig_loaded`` once shown;
    ``sig_back`` to return to the queue; ``sig_finished(id)`` after Disetujui / Perlu revisi
    was asked; ``sig_document_shown(kind)`` when a document is on screen ("pdf", "image",
    "waiting", "message")."""

    sig_loaded = Signal()
    sig_back = Signal()
    sig_finished = Signal(str)
    sig_document_shown = Signal(str)
    sig_verdict_saved = Signal(str)

    # The finish dialog, replaceable in tests: returns the choice or None (cancelled).
    finish_dialog: Callable[..., Any] | None = None

    def __init__(self, context: Any, innovation_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewScreen")
        self.setStyleSheet(STYLE)
        self.context = context
        self.innovation_id = innovation_id
        self.language = str(getattr(context, "language", "id") or "id")
        self.data: ReviewData | None = None
        self.key: str | None = None
        self.documents: list[EvidenceDocument] = []
        self.doc_index = 0
        self.typing_tidak_sesuai = False
        self._pending_level: int | None = None
        self._fetch: FileFetch | None = None
        self._cache: OrderedDict[str, bytes] = OrderedDict()
        self._reading: set[str] = set()
        self._shown_id: str | None = None
        self.last_open_ms: float | None = None
        self._opened_at = 0.0
        self._finishing = False

        # --- top bar
        self.back_button = QPushButton(self.tr("← Queue"), self)
        self.back_button.setToolTip(self.tr("Back to the review queue (Alt+Left)"))
        self.back_button.clicked.connect(self.sig_back)
        self.title = QLabel(self.tr("Loading…"), self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setObjectName("reviewTitle")
        self.subtitle = QLabel(self)
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setObjectName("hint")
        self.progress = QLabel(self)
        self.progress.setObjectName("hint")
        self.finish_button = QPushButton(self.tr("Finish… (Ctrl+Enter)"), self)
        self.finish_button.clicked.connect(self.finish)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        top = QHBoxLayout()
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(titles, 1)
        top.addWidget(self.progress)
        top.addWidget(self.finish_button)

        # --- left: the claimed indicators
        self.indicator_list = QListWidget(self)
        self.indicator_list.setObjectName("reviewIndicators")
        self.indicator_list.setWordWrap(True)
        self.indicator_list.setMinimumWidth(200)
        self.indicator_list.setMaximumWidth(280)
        self.indicator_list.currentRowChanged.connect(self._row_changed)

        # --- centre: the document
        self.doc_label = QLabel(self)
        self.doc_label.setTextFormat(Qt.TextFormat.PlainText)
        self.doc_label.setObjectName("hint")
        self.preview = EvidencePreview(self)
        self.preview.setMinimumWidth(420)
        self.preview.sig_shown.connect(self._shown)
        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.doc_label)
        centre_layout.addWidget(self.preview, 1)

        # --- right: claim, guidance, findings, the document's details, the verdict
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 0, 8, 8)
        self.indicator_title = QLabel(side)
        self.indicator_title.setObjectName("sectionTitle")
        self.indicator_title.setWordWrap(True)
        self.changed_banner = QLabel(side)
        self.changed_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.changed_banner.setObjectName("changedBanner")
        self.changed_banner.setWordWrap(True)
        self.changed_banner.hide()
        self.level_labels: list[QLabel] = []
        levels_box = QVBoxLayout()
        levels_box.setSpacing(2)
        for _ in range(3):
            label = QLabel(side)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            self.level_labels.append(label)
            levels_box.addWidget(label)
        self.guidance_title = QLabel(self.tr("Evidence required"), side)
        self.guidance_title.setObjectName("sectionTitle")
        self.guidance = QLabel(side)
        self.guidance.setWordWrap(True)
        self.guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.findings_title = QLabel(self.tr("What the checks found"), side)
        self.findings_title.setObjectName("sectionTitle")
        self.findings = FindingsLabel(side)
        self.no_findings = QLabel(self.tr("Nothing: the checks found no problem."), side)
        self.no_findings.setObjectName("hint")
        self.document_title = QLabel(self.tr("This document"), side)
        self.document_title.setObjectName("sectionTitle")
        self.document_facts = QLabel(side)
        self.document_facts.setTextFormat(Qt.TextFormat.PlainText)
        self.document_facts.setWordWrap(True)
        self.document_facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (self.indicator_title, self.changed_banner):
            side_layout.addWidget(widget)
        side_layout.addLayout(levels_box)
        for widget in (self.guidance_title, self.guidance, self.findings_title, self.findings,
                       self.no_findings, self.document_title, self.document_facts):  # fmt: skip
            side_layout.addWidget(widget)
        side_layout.addStretch(1)
        side_scroll = QScrollArea(self)
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        side_scroll.setWidget(side)
        side_scroll.setMinimumWidth(300)

        verdict_box = QFrame(self)
        verdict_box.setObjectName("verdictBox")
        self.verdict_state = QLabel(verdict_box)
        self.verdict_state.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict_state.setObjectName("verdictState")
        self.verdict_state.setWordWrap(True)
        self.verdict_buttons: dict[Verdict, QPushButton] = {}
        row = QHBoxLayout()
        for verdict, key in (
            (Verdict.SESUAI, "S"),
            (Verdict.TIDAK_SESUAI, "T"),
            (Verdict.TIDAK_DAPAT_DIUKUR, "D"),
        ):
            button = QPushButton(f"{verdict_label(verdict)} ({key})", verdict_box)
            button.setCheckable(True)
            button.setProperty("verdict", True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, v=verdict: self.choose(v))
            self.verdict_buttons[verdict] = button
            row.addWidget(button)
        self.level_buttons: list[QPushButton] = []
        levels_row = QHBoxLayout()
        levels_row.addWidget(QLabel(self.tr("Verified level:"), verdict_box))
        for level in (1, 2, 3):
            button = QPushButton(str(level), verdict_box)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setFixedWidth(36)
            button.clicked.connect(lambda _c=False, lv=level: self.set_level(lv))
            self.level_buttons.append(button)
            levels_row.addWidget(button)
        levels_row.addStretch(1)
        self.note = QLineEdit(verdict_box)
        self.note.setPlaceholderText(self.tr("Note (required for Tidak Sesuai); Enter saves"))
        self.note.returnPressed.connect(self.save_note)
        self.message = QLabel(verdict_box)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b03a2e")
        verdict_layout = QVBoxLayout(verdict_box)
        verdict_layout.setContentsMargins(8, 4, 8, 4)
        verdict_layout.addWidget(self.verdict_state)
        verdict_layout.addLayout(row)
        verdict_layout.addLayout(levels_row)
        verdict_layout.addWidget(self.note)
        verdict_layout.addWidget(self.message)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(side_scroll, 1)
        right_layout.addWidget(verdict_box)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.indicator_list)
        splitter.addWidget(centre)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([220, 700, 360])
        self.splitter = splitter

        self.key_hints = QLabel(
            self.tr(
                "S Sesuai · T Tidak Sesuai · D Tidak Dapat Diukur · 1–3 verified level · "
                "N next document · Shift+N previous · Ctrl+PgDown next indicator · "
                "Ctrl+Enter finish"
            ),
            self,
        )
        self.key_hints.setObjectName("keyHints")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.key_hints)

        self._shortcuts: list[QShortcut] = []
        for keys, handler in (
            ("S", lambda: self.choose(Verdict.SESUAI)),
            ("T", lambda: self.choose(Verdict.TIDAK_SESUAI)),
            ("D", lambda: self.choose(Verdict.TIDAK_DAPAT_DIUKUR)),
            ("1", lambda: self.set_level(1)),
            ("2", lambda: self.set_level(2)),
            ("3", lambda: self.set_level(3)),
            ("N", self.next_document),
            ("Shift+N", self.previous_document),
            ("Ctrl+PgDown", lambda: self.step_indicator(1)),
            ("Ctrl+PgUp", lambda: self.step_indicator(-1)),
            ("Ctrl+Return", self.finish),
            ("Ctrl+Enter", self.finish),
            ("Alt+Left", self.sig_back.emit),
            ("Escape", self._escape),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(handler)
            self._shortcuts.append(shortcut)
        self.reload()

    # --- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        repo, rid, language = self.context.repo, self.innovation_id, self.language
        self.context.tasks.run_db(lambda: load_review(repo, rid, language), on_done=self._loaded)

    @Slot(object)
    def _loaded(self, data: ReviewData | None) -> None:
        if not isValid(self):
            return
        if data is None:
            self.title.setText(self.tr("This innovation is no longer on this laptop."))
            return
        first = self.data is None
        self.data = data
        innovation = data.innovation
        self.title.setText(innovation_title(innovation.profile.nama))
        self.subtitle.setText(
            self.tr("{0} · {1} · {2}").format(
                data.opd_name, workflow_label(innovation.workflow_state),
                qc_label(innovation.qc_status),
            )
        )  # fmt: skip
        can_judge = data.option(wf.Action.NILAI) is not None
        for button in (*self.verdict_buttons.values(), *self.level_buttons):
            button.setEnabled(can_judge)
        self.note.setReadOnly(not can_judge)
        self.finish_button.setEnabled(
            any(o.action in (wf.Action.SETUJUI, wf.Action.PERLU_REVISI) for o in data.options)
        )
        current = self.key
        self.indicator_list.blockSignals(True)
        self.indicator_list.clear()
        for key in data.keys:
            item = QListWidgetItem(self.indicator_list)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self._describe(item, key)
        self.indicator_list.blockSignals(False)
        self._show_progress()
        if not data.keys:
            self.preview.show_message(self.tr("The OPD claimed no indicator."))
            self.sig_loaded.emit()
            return
        if first or current not in data.keys:
            self.show_indicator(data.keys[0])
        else:
            row = data.keys.index(current)
            self.indicator_list.blockSignals(True)
            self.indicator_list.setCurrentRow(row)
            self.indicator_list.blockSignals(False)
            self._show_indicator_details(current, keep_document=True)
        if first:
            self.sig_loaded.emit()

    def _show_progress(self) -> None:
        assert self.data is not None
        keys = self.data.keys
        judged = sum(
            1 for k in keys if self.data.innovation.answers[k].verdict is not Verdict.PENDING
        )
        self.progress.setText(self.tr("%n of %1 judged", "", judged).replace("%1", str(len(keys))))

    def _describe(self, item: QListWidgetItem, key: str) -> None:
        assert self.data is not None
        answer = self.data.innovation.answers[key]
        indicator = self.data.rules.indicators[key]
        claimed = answer.claimed_level or 0
        if key in self.data.changed:
            mark, colour = "⚠ " + self.tr("evidence changed"), "#b03a2e"
        elif answer.verdict is Verdict.PENDING:
            mark, colour = "○ " + self.tr("not judged"), "#3e4c59"
        elif answer.verdict is Verdict.SESUAI:
            mark, colour = "✔ " + self.tr("Sesuai {0}").format(answer.verified_level), "#1f6f3f"
        else:
            mark = "✖ " + f"{verdict_label(answer.verdict)} {answer.verified_level or 0}"
            colour = "#b03a2e"
        waiting = " ⇡" if key in self.data.waiting else ""
        item.setText(
            f"{key}. {indicator.name}\n   "
            + self.tr("claimed {0}").format(claimed)
            + f" · {mark}{waiting}"
        )
        item.setForeground(QBrush(QColor(colour)))
        if waiting:
            item.setToolTip(self.tr("⇡ will be sent with the next synchronisation"))

    # --- navigation ------------------------------------------------------------------------

    def show_indicator(self, key: str, document: int = 0) -> None:
        assert self.data is not None
        row = self.data.keys.index(key)
        self.indicator_list.blockSignals(True)
        self.indicator_list.setCurrentRow(row)
        self.indicator_list.blockSignals(False)
        self.key = key
        self.typing_tidak_sesuai = False
        self._pending_level = None
        self.documents = sorted(
            self.data.innovation.documents_for(key), key=lambda d: (d.position, d.id)
        )
        self.doc_index = (
            max(0, min(document, len(self.documents) - 1))
            if document >= 0
            else (len(self.documents) - 1)
        )
        self._show_indicator_details(key)
        self._show_document()

    @Slot(int)
    def _row_changed(self, row: int) -> None:
        if self.data is not None and 0 <= row < len(self.data.keys):
            self.show_indicator(self.data.keys[row])
            self.setFocus()

    def step_indicator(self, step: int, document: int = 0) -> bool:
        if self.data is None or self.key is None:
            return False
        row = self.data.keys.index(self.key) + step
        if not 0 <= row < len(self.data.keys):
            return False
        self.show_indicator(self.data.keys[row], document)
        return True

    @Slot()
    def next_document(self) -> None:
        """``N``: the next document; after the indicator's last, the next indicator's first."""
        if self.doc_index + 1 < len(self.documents):
            self.doc_index += 1
            self._show_document()
        elif not self.step_indicator(1):
            self.message.setText(self.tr("That was the last document. Ctrl+Enter finishes."))

    @Slot()
    def previous_document(self) -> None:
        if self.doc_index > 0:
            self.doc_index -= 1
            self._show_document()
        else:
            self.step_indicator(-1, document=-1)

    def current_document(self) -> EvidenceDocument | None:
        if 0 <= self.doc_index < len(self.documents):
            return self.documents[self.doc_index]
        return None

    # --- the indicator's details -----------------------------------------------------------

    def _show_indicator_details(self, key: str, keep_document: bool = False) -> None:
        assert self.data is not None
        answer = self.data.innovation.answers[key]
        indicator = self.data.rules.indicators[key]
        claimed = answer.claimed_level or 0
        self.indicator_title.setText(f"{key}. {indicator.name}")
        for level, label in enumerate(self.level_labels, start=1):
            text = html.escape(indicator.levels[level - 1])
            marks = []
            if level == claimed:
                marks.append(self.tr("claimed"))
            if answer.verdict is not Verdict.PENDING and level == answer.verified_level:
                marks.append(self.tr("verified"))
            head = self.tr("Level {0}").format(level)
            if marks:
                head += " — " + ", ".join(marks)
            label.setText(f"<b>{html.escape(head)}</b><br>{text}")
            label.setObjectName("claimedLevel" if level == claimed else "otherLevel")
            label.style().unpolish(label)
            label.style().polish(label)
        self.guidance.setText(indicator.guidance or "")
        found = [f for f in self.data.findings if f.target == key]
        self.findings.set_findings(found, self.language)
        self.no_findings.setVisible(not found)
        changed = self.data.changed.get(key)
        if changed is not None:
            self.changed_banner.setText(
                self.tr(
                    "The evidence changed since you checked it. Check it again, then give "
                    "your verdict."
                )  # fmt: skip
            )
            self.changed_banner.show()
        else:
            self.changed_banner.hide()
        self._show_verdict(key)
        if keep_document:
            self._show_document_facts()

    def _show_verdict(self, key: str) -> None:
        assert self.data is not None
        answer = self.data.innovation.answers[key]
        for verdict, button in self.verdict_buttons.items():
            button.setChecked(answer.verdict is verdict and key not in self.data.changed)
        shown_level = answer.verified_level if answer.verdict is not Verdict.PENDING else None
        for level, button in enumerate(self.level_buttons, start=1):
            button.setChecked(level == shown_level)
            button.setVisible(level <= (answer.claimed_level or 0))
        if not self.note.hasFocus():
            self.note.setText(answer.verifier_note if answer.verdict is not Verdict.PENDING else "")
        if answer.verdict is Verdict.PENDING:
            state = self.tr("Not judged yet.")
        else:
            state = self.tr("{0}, verified level {1}.").format(
                verdict_label(answer.verdict), answer.verified_level or 0
            )
            if key in self.data.waiting:
                state += " " + self.tr("Sent with the next synchronisation.")
        self.verdict_state.setText(state)
        self.message.clear()

    # --- documents -------------------------------------------------------------------------

    def _show_document(self) -> None:
        self._opened_at = time.perf_counter()
        if self._fetch is not None:
            self._fetch.cancel()
            self._fetch = None
        document = self.current_document()
        count = len(self.documents)
        if document is None:
            self._shown_id = None
            self.doc_label.setText(self.tr("No document for this indicator."))
            self.preview.show_message(self.tr("The OPD attached no document to this indicator."))
            self._show_document_facts()
            return
        self._shown_id = document.id
        name = document.file_name or document.link or document.tentang or ""
        self.doc_label.setText(
            self.tr("Document {0} of {1}: {2}").format(self.doc_index + 1, count, name)
        )
        self._show_document_facts()
        if document.is_link or not document.sha256:
            self.preview.show_message(self.tr("A link: {0}").format(document.link or ""))
            return
        if document.media_type not in PREVIEWABLE:
            self.preview.show_message(
                self.tr(
                    "{0}: no preview for this kind of file (use Save a copy in the editor)."
                ).format(document.file_name or "")
            )
            return
        sha = document.sha256
        cached = self._cache.get(sha)
        if cached is not None:
            self._cache.move_to_end(sha)
            self.preview.show_data(cached, document.media_type, name)
            self._prefetch()
            return
        vault = self.context.vault
        if not vault.has_intact(sha):  # not here yet, or damaged: the server's copy comes
            wanted = document.id

            def arrived() -> None:
                if isValid(self) and self._shown_id == wanted:
                    self._show_document()

            self._fetch = FileFetch(self.context, self.preview, sha, name, arrived, self)
            self._fetch.start()
            return
        wanted = document.id
        media = document.media_type

        def shown(data: bytes) -> None:
            self._reading.discard(sha)
            if not isValid(self):
                return
            self._remember(sha, data)
            if self._shown_id == wanted:
                self.preview.show_data(data, media, name)
                self._prefetch()

        def failed(error: BaseException) -> None:
            self._reading.discard(sha)
            if isValid(self) and self._shown_id == wanted:
                self.preview.show_read_error(error, name)

        self._reading.add(sha)
        self.context.tasks.run_bg(
            lambda: read_blob(vault, sha),
            on_done=shown,
            on_error=failed,
        )

    def _remember(self, sha: str, data: bytes) -> None:
        self._cache[sha] = data
        self._cache.move_to_end(sha)
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    def _upcoming(self) -> list[EvidenceDocument]:
        """The documents ``N`` will show next (this indicator's, then the next one's)."""
        out = list(self.documents[self.doc_index + 1 :])
        if self.data is not None and self.key is not None:
            row = self.data.keys.index(self.key)
            for key in self.data.keys[row + 1 : row + 2]:
                out += sorted(
                    self.data.innovation.documents_for(key), key=lambda d: (d.position, d.id)
                )
        return out

    def _prefetch(self) -> None:
        """Read the next documents into memory while the verifier reads this one."""
        vault = self.context.vault
        wanted = [d.sha256 for d in self._upcoming() if d.sha256 and d.media_type in PREVIEWABLE][
            :PREFETCH
        ]
        for sha in wanted:
            if sha in self._cache or sha in self._reading or not vault.has_intact(sha):
                continue
            self._reading.add(sha)

            def keep(data: bytes, s: str = sha) -> None:
                self._reading.discard(s)
                if isValid(self):
                    self._remember(s, data)

            self.context.tasks.run_bg(
                lambda s=sha: read_blob(vault, s),
                on_done=keep,
                on_error=lambda _e, s=sha: self._reading.discard(s),
            )

    @Slot(str)
    def _shown(self, kind: str) -> None:
        if kind in ("pdf", "image"):
            self.last_open_ms = (time.perf_counter() - self._opened_at) * 1000
        self.sig_document_shown.emit(kind)

    def _show_document_facts(self) -> None:
        document = self.current_document()
        if document is None:
            self.document_facts.setText("—")
            return
        from iid.records import jenis_label

        facts = []
        if document.jenis:
            facts.append(self.tr("Kind: {0}").format(jenis_label(document.jenis, self.language)))
        if document.nomor:
            facts.append(self.tr("Number: {0}").format(document.nomor))
        if document.tanggal:
            from desktop.widgets.date_field import format_date

            # as the OPD typed it in the editor (dd-mm-yyyy), not ISO
            facts.append(self.tr("Date: {0}").format(format_date(document.tanggal)))
        if document.tentang:
            facts.append(self.tr("About: {0}").format(document.tentang))
        if document.year:
            facts.append(self.tr("Year: {0}").format(document.year))
        found = [
            f for f in (self.data.findings if self.data else []) if f.document_id == document.id
        ]
        text = "\n".join(facts) or self.tr("No details entered by the OPD.")
        self.document_facts.setText(text)
        if found:
            self.document_facts.setText(
                text + "\n" + "\n".join("▲ " + f.message(self.language) for f in found)
            )

    # --- verdicts --------------------------------------------------------------------------

    def _answer(self) -> Any:
        assert self.data is not None and self.key is not None
        return self.data.innovation.answers[self.key]

    @Slot()
    def choose(self, verdict: Verdict) -> None:
        """``S`` / ``T`` / ``D``: Sesuai and Tidak Dapat Diukur are saved at once; Tidak Sesuai
        asks for its note first (Enter in the note saves it)."""
        if self.data is None or self.key is None or self.data.option(wf.Action.NILAI) is None:
            return
        claimed = self._answer().claimed_level or 0
        if verdict is Verdict.TIDAK_SESUAI:
            self.typing_tidak_sesuai = True
            if self._pending_level is None or self._pending_level >= claimed:
                self._pending_level = max(claimed - 1, 0)
            self.verdict_buttons[Verdict.TIDAK_SESUAI].setChecked(True)
            for v, button in self.verdict_buttons.items():
                button.setChecked(v is Verdict.TIDAK_SESUAI)
            for shown, button in enumerate(self.level_buttons, start=1):
                button.setChecked(shown == self._pending_level)
            self.verdict_state.setText(
                self.tr("Tidak Sesuai, verified level {0}: write the note, then Enter.").format(
                    self._pending_level
                )
            )
            self.note.setFocus()
            self.note.selectAll()
            return
        self.typing_tidak_sesuai = False
        level: int | None = None
        if verdict is Verdict.SESUAI and self._pending_level and self._pending_level <= claimed:
            level = self._pending_level
        self._give(verdict, level, self.note.text())

    @Slot()
    def set_level(self, level: int) -> None:
        """``1``-``3``: the verified level of the verdict being given (or given)."""
        if self.data is None or self.key is None or self.data.option(wf.Action.NILAI) is None:
            return
        answer = self._answer()
        claimed = answer.claimed_level or 0
        if level > claimed:
            self.message.setText(
                self.tr("The verified level cannot be above the claim ({0}).").format(claimed)
            )
            return
        self._pending_level = level
        if self.typing_tidak_sesuai:
            if level >= claimed:
                self.message.setText(
                    self.tr("Tidak Sesuai needs a level below the claim ({0}).").format(claimed)
                )
                return
            for lv, button in enumerate(self.level_buttons, start=1):
                button.setChecked(lv == level)
            self.verdict_state.setText(
                self.tr("Tidak Sesuai, verified level {0}: write the note, then Enter.").format(
                    level
                )
            )
            return
        if answer.verdict is Verdict.TIDAK_SESUAI and level < claimed:
            self._give(Verdict.TIDAK_SESUAI, level, answer.verifier_note)
        elif level == claimed or answer.verdict in (Verdict.SESUAI, Verdict.PENDING):
            self._give(Verdict.SESUAI, level, self.note.text())
        else:
            for lv, button in enumerate(self.level_buttons, start=1):
                button.setChecked(lv == level)

    @Slot()
    def save_note(self) -> None:
        """Enter in the note: saves the Tidak Sesuai being typed, or the note of the verdict."""
        if self.data is None or self.key is None:
            return
        if self.typing_tidak_sesuai:
            self._give(Verdict.TIDAK_SESUAI, self._pending_level, self.note.text())
            return
        answer = self._answer()
        if answer.verdict is not Verdict.PENDING:
            level = answer.verified_level
            if answer.verdict is Verdict.TIDAK_DAPAT_DIUKUR:
                level = None
            self._give(answer.verdict, level, self.note.text())
        self.setFocus()

    @Slot()
    def _escape(self) -> None:
        if self.typing_tidak_sesuai or self.note.hasFocus():
            self.typing_tidak_sesuai = False
            self.setFocus()
            if self.key is not None:
                self._show_verdict(self.key)

    def _give(self, verdict: Verdict, level: int | None, note: str) -> None:
        assert self.data is not None and self.key is not None
        key, rid = self.key, self.innovation_id
        if verdict is Verdict.TIDAK_DAPAT_DIUKUR:
            level = None
        given = wf.VerdictInput(
            verdict, level, note.strip(), wf.evidence_fingerprint(self.data.innovation, key)
        )
        problems = wf.verdict_refusals(self.data.innovation, key, given)
        if problems:
            self.message.setText(" ".join(refusal_text(r, self.language) for r in problems))
            if any(p.code == "verdict.note_required" for p in problems):
                self.note.setFocus()
            return
        repo = self.context.repo
        self.typing_tidak_sesuai = False
        self._pending_level = None
        self.setFocus()
        self.context.tasks.run_db(
            lambda: repo.workflow.give_verdict(rid, key, verdict, level, note),
            on_done=lambda _info: self._saved(key),
            on_error=self._refused,
        )

    def _saved(self, key: str) -> None:
        if not isValid(self):
            return
        self.sig_verdict_saved.emit(key)
        self.reload()

    def _refused(self, error: BaseException) -> None:
        if not isValid(self):
            return
        if isinstance(error, WorkflowRefused):
            self.message.setText(" ".join(refusal_text(r, self.language) for r in error.refusals))
        else:
            self.message.setText(self.tr("The verdict could not be saved: {0}").format(error))
        self.reload()

    # --- finishing -------------------------------------------------------------------------

    @Slot()
    def finish(self) -> None:
        """``Ctrl+Enter``: Disetujui or Perlu revisi (with the QC status and a note).

        The innovation is read again first (after the verdicts still being written: the
        database lane keeps order), so a verdict given a moment ago counts for Disetujui."""
        if self.data is None or not self.finish_button.isEnabled() or self._finishing:
            return
        self._finishing = True  # one dialog at a time (its own Ctrl+Enter must not reopen it)
        repo, rid, language = self.context.repo, self.innovation_id, self.language

        def loaded(data: ReviewData | None) -> None:
            # Out of the task's callback: the dialog runs its own event loop.
            QTimer.singleShot(0, lambda: self._ask_finish(data))

        def failed(error: BaseException) -> None:
            self._finishing = False
            self._refused(error)

        self.context.tasks.run_db(
            lambda: load_review(repo, rid, language), on_done=loaded, on_error=failed
        )

    def _ask_finish(self, data: ReviewData | None) -> None:
        if not isValid(self):
            return
        try:
            if data is None:
                return
            self._loaded(data)
            if self.finish_dialog is not None:
                choice = self.finish_dialog(data, self)
            else:
                dialog = FinishDialog(data, self.language, self)
                choice = dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            self._finishing = False
        if choice is None:
            return
        action, qc_status, note = choice
        repo, rid = self.context.repo, self.innovation_id

        def work() -> None:
            repo.workflow.set_qc(rid, qc_status, note)
            repo.workflow.request(rid, action, note if action is wf.Action.PERLU_REVISI else "")

        self.context.tasks.run_db(work, on_done=lambda _r: self._finished(), on_error=self._refused)

    def _finished(self) -> None:
        if not isValid(self):
            return
        bridge = getattr(self.context, "sync_bridge", None)
        if bridge is not None and bridge.configured:
            bridge.sync_now()
        self.sig_finished.emit(self.innovation_id)
