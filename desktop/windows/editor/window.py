"""The innovation editor: profile page, indicator page and a live score panel, autosaved.

The editor keeps one ``Innovation`` (plain dataclasses) as the draft the widgets show. Each
user change updates that draft at once, re-runs ``iid.checks`` and ``iid.scoring`` (pure and
fast) and hands a copy of what changed to the ``Autosaver``, which writes it through the
repository on the database lane. Nothing else holds unsaved state.
"""

from __future__ import annotations

import copy
import dataclasses
from collections import defaultdict
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.autosave import Autosaver
from desktop.labels import innovation_title, opd_label, workflow_label
from desktop.proof.reading import EvidenceReading
from desktop.windows.delete_draft import ask_and_delete, is_deletable
from desktop.windows.editor.indicator_page import IndicatorPage
from desktop.windows.editor.profile_page import ProfilePage
from desktop.windows.editor.score_panel import Rejection, ScorePanel
from desktop.windows.editor.style import EDITOR_STYLE
from iid import checks, scoring
from iid.findings import Finding
from iid.records import EvidenceDocument, IndicatorAnswer, Innovation, Verdict, WorkflowState

NAME_RECHECK_MS = 1500
"""After the name stops changing this long, the evidence is asked again whether it names it."""
RECHECK_MS = 60

SUBMITTABLE_STATES = (WorkflowState.DRAFT, WorkflowState.REVISI)
"""States in which the score panel says what blocks submitting."""


class InnovationEditor(QWidget):
    """Edit one innovation. ``InnovationEditor(context, innovation_id, parent)``.

    The record is read on the database lane; ``sig_loaded`` fires once the pages are built
    (at once when the task manager runs inline). ``flush()`` writes every pending change and
    waits: the main window calls it before closing the editor and at quit.
    ``sig_title_changed(str)`` follows the innovation's name; ``sig_findings_changed`` after
    each re-check; ``sig_deleted(message)`` once the officer deleted this draft from here.
    """

    sig_loaded = Signal()
    sig_load_failed = Signal(str)
    sig_title_changed = Signal(str)
    sig_findings_changed = Signal()
    sig_deleted = Signal(str)
    sig_reload = Signal()
    """The innovation's workflow state changed, or its content became writable again: the
    window opens the editor anew (a read-only form is never turned back on in place)."""
    sig_review_requested = Signal(str)
    """A verifier asked to review this innovation on the review screen (its id)."""

    def __init__(self, context: Any, innovation_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("innovationEditor")
        self.setStyleSheet(EDITOR_STYLE)
        self.context = context
        self.innovation_id = innovation_id
        self.language = str(getattr(context, "language", "id") or "id")
        self.innovation: Innovation | None = None
        self.rules: Any = None
        self.findings: list[Finding] = []
        self._opd_names: dict[str, str] | None = None
        self.profile_page: ProfilePage | None = None
        self.indicator_page: IndicatorPage | None = None
        self.score_panel: ScorePanel | None = None
        self.locked: Any = None
        """Why the content cannot change here (an ``iid.workflow.Refusal``), or None."""
        self.workflow_bar: Any = None
        self._seen_state: Any = None
        self.autosaver = Autosaver(context.tasks, self)
        self.autosaver.sig_state_changed.connect(self._on_save_state)
        self._recheck_timer = QTimer(self)
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(RECHECK_MS)
        self._recheck_timer.timeout.connect(self.recheck)
        self.reading = EvidenceReading(context, self, self)
        self._shared: dict[str, list[str]] = {}
        self._name_timer = QTimer(self)
        self._name_timer.setSingleShot(True)
        self._name_timer.setInterval(NAME_RECHECK_MS)
        self._name_timer.timeout.connect(self._on_name_settled)

        self.title = QLabel(self.tr("Loading…"), self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setObjectName("editorTitle")
        self.subtitle = QLabel(self)
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setObjectName("hint")
        self.save_state = QLabel(self)
        self.save_state.setObjectName("saveState")
        self.delete_button = QPushButton(self.tr("&Delete draft"), self)
        self.delete_button.setToolTip(self.tr("Delete this draft (only drafts can be deleted)."))
        self.delete_button.hide()  # shown once the record is loaded, and only for a draft
        self.delete_button.clicked.connect(self.delete_draft)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        header.addWidget(self.save_state)
        header.addWidget(self.delete_button)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 8, 8, 8)
        self._layout.addLayout(header)

        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush)

        def load() -> tuple[Innovation | None, Any]:
            innovation = context.repo.get_innovation(innovation_id)
            if innovation is None:
                return None, None
            return innovation, context.repo.workflow.content_refusal(innovation_id)

        context.tasks.run_db(load, on_done=self._build, on_error=self._load_failed)

    # --- building -----------------------------------------------------------------------

    def _load_failed(self, error: BaseException) -> None:
        self.title.setText(self.tr("This innovation cannot be opened"))
        self.subtitle.setText(str(error))
        self.sig_load_failed.emit(str(error))

    def _build(self, loaded: tuple[Innovation | None, Any]) -> None:
        innovation, refusal = loaded
        if innovation is None:
            self._load_failed(LookupError(self.tr("It no longer exists in this data folder.")))
            return
        self.innovation = innovation
        self.rules = self.context.rules(innovation.rule_year)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("editorTabs")
        self.tabs.setDocumentMode(True)
        self.profile_page = ProfilePage(
            self.context,
            self,
            self.rules,
            innovation.profile,
            self.tabs,
            word_count=checks.word_count,
        )
        self.indicator_page = IndicatorPage(self.context, self, self.rules, innovation, self.tabs)
        self.tabs.addTab(self.profile_page, self.tr("&Profile"))
        self.tabs.addTab(self.indicator_page, self.tr("&Indicators"))
        self.score_panel = ScorePanel(self.language, self)
        splitter = QSplitter(self)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.score_panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setChildrenCollapsible(False)
        from desktop.review.workflow_bar import WorkflowBar

        self.workflow_bar = WorkflowBar(self.context, self.innovation_id, self)
        self.workflow_bar.before_move = self.flush
        self.workflow_bar.sig_view.connect(self._on_workflow_view)
        self.workflow_bar.sig_navigate.connect(self.navigate_to)
        self.workflow_bar.sig_review.connect(
            lambda: self.sig_review_requested.emit(self.innovation_id)
        )
        self.autosaver.sig_state_changed.connect(
            lambda state: self.workflow_bar.refresh() if state == "saved" else None
        )
        self._layout.addWidget(self.workflow_bar)
        self._layout.addWidget(splitter, 1)
        if refusal is not None:
            self.lock(refusal)
        # The panel is at most 300 px wide: give the form the rest (a splitter built while
        # hidden would otherwise split by size hints and leave a blank strip).
        panel = min(self.score_panel.maximumWidth(), 300)
        splitter.setSizes([max(self.width() - panel - 16, 400), panel])

        self.profile_page.sig_field_changed.connect(self._on_profile_changed)
        self.indicator_page.sig_level_changed.connect(self._on_level_changed)
        self.indicator_page.sig_measure_changed.connect(self._on_measure_changed)
        self.score_panel.sig_navigate.connect(self.navigate_to)
        for key, sequence in (("Ctrl+1", 0), ("Ctrl+2", 1)):
            QShortcut(QKeySequence(key), self, lambda i=sequence: self.tabs.setCurrentIndex(i))
        self._update_title()
        self.recheck()
        self.reading.catch_up(innovation.documents)
        self._load_shared()
        self.sig_loaded.emit()

    # --- read-only ------------------------------------------------------------------------

    def lock(self, refusal: Any) -> None:
        """Only reading from now on (in review, not this officer's, a submission waiting):
        the forms switch their controls off and no edit reaches the store from here."""
        from desktop.widgets.read_only import freeze

        self.locked = refusal
        self.autosaver.flush()  # what was typed before the lock is kept
        if self.profile_page is not None:
            for evidence in self.profile_page.evidence.values():
                evidence.set_read_only()
            freeze(self.profile_page, keep=list(self.profile_page.evidence.values()))
        if self.indicator_page is not None:
            self.indicator_page.set_read_only()
        self.delete_button.hide()

    @property
    def read_only(self) -> bool:
        return self.locked is not None

    @Slot(object)
    def _on_workflow_view(self, view: Any) -> None:
        """The workflow bar read the innovation's state: follow it (see ``sig_reload``)."""
        if self.innovation is None:
            return
        seen, self._seen_state = self._seen_state, view.state
        if self.score_panel is not None:
            # only to whom may submit it (not a verifier reading a returned innovation)
            self.score_panel.show_blockers(
                view.state in SUBMITTABLE_STATES and view.submit is not None
            )
        moved = seen is not None and view.state != seen
        if moved or (self.locked is not None and not view.locked):
            self.sig_reload.emit()
        elif view.locked and self.locked is None:
            self.lock(view.content_refusal)

    # --- DocumentOwner (for the evidence lists) -----------------------------------------

    def documents(self, slot: str) -> list[EvidenceDocument]:
        assert self.innovation is not None
        return self.innovation.documents_for(slot)

    def add_document(self, document: EvidenceDocument) -> None:
        if self.locked is not None:
            return
        innovation = self._draft()
        innovation.documents.append(document)
        repo, iid_ = self.context.repo, self.innovation_id
        self.autosaver.run_now(lambda: repo.add_document(iid_, document))
        self._changed()
        self.reading.read(document)  # in the background: fills what is empty when done
        self._load_shared()

    # --- for the evidence reading (desktop.proof.reading) ------------------------------

    def innovation_name(self) -> str:
        return self.innovation.profile.nama if self.innovation is not None else ""

    def documents_with_blob(self, sha256: str) -> list[EvidenceDocument]:
        if self.innovation is None:
            return []
        return [d for d in self.innovation.documents if d.sha256 == sha256]

    def show_document(self, document: EvidenceDocument) -> None:
        """A document changed outside its evidence list (a reading arrived): show it there."""
        lists = []
        if self.indicator_page is not None and document.slot in self.indicator_page.panels:
            lists.append(self.indicator_page.panels[document.slot].evidence)
        if self.profile_page is not None and document.slot in self.profile_page.evidence:
            lists.append(self.profile_page.evidence[document.slot])
        for evidence in lists:
            evidence.show_document(document)

    def _load_shared(self) -> None:
        repo, iid_ = self.context.repo, self.innovation_id

        def loaded(shared: dict[str, list[str]]) -> None:
            if shared != self._shared:
                self._shared = shared
                self._changed()

        self.context.tasks.run_db(lambda: repo.shared_blobs(iid_), on_done=loaded)

    @Slot()
    def _on_name_settled(self) -> None:
        if self.innovation is not None:
            self.reading.name_changed(self.innovation.documents)

    def update_document(self, document: EvidenceDocument) -> None:
        if self.locked is not None:
            return
        innovation = self._draft()
        innovation.documents = [
            document if d.id == document.id else d for d in innovation.documents
        ]
        repo, iid_ = self.context.repo, self.innovation_id
        self.autosaver.schedule(f"doc:{document.id}", lambda: repo.update_document(iid_, document))
        self._changed()

    def remove_document(self, document: EvidenceDocument) -> None:
        if self.locked is not None:
            return
        innovation = self._draft()
        innovation.documents = [d for d in innovation.documents if d.id != document.id]
        self.autosaver.discard(f"doc:{document.id}")
        repo, iid_, doc_id = self.context.repo, self.innovation_id, document.id
        self.autosaver.run_now(lambda: repo.remove_document(iid_, doc_id))
        self._changed()

    def reorder_documents(self, slot: str, document_ids: list[str]) -> None:
        if self.locked is not None:
            return
        innovation = self._draft()
        order = {doc_id: position for position, doc_id in enumerate(document_ids)}
        innovation.documents = [
            dataclasses.replace(d, position=order[d.id]) if d.slot == slot and d.id in order else d
            for d in innovation.documents
        ]
        repo, iid_, ids = self.context.repo, self.innovation_id, list(document_ids)
        self.autosaver.run_now(lambda: repo.reorder_documents(iid_, slot, ids))
        self._changed()

    # --- edits ------------------------------------------------------------------------

    @Slot(str)
    def _on_profile_changed(self, name: str) -> None:
        if self.locked is not None:
            return
        innovation = self._draft()
        # The lane gets a copy: the page keeps editing the draft's profile object.
        snapshot = copy.deepcopy(innovation.profile)
        repo, iid_ = self.context.repo, self.innovation_id
        self.autosaver.schedule("profile", lambda: repo.update_profile(iid_, snapshot))
        if name == "nama":
            self._update_title()
            self._name_timer.start()
        self._changed()

    @Slot(str, int)
    def _on_level_changed(self, key: str, level: int) -> None:
        if self.locked is not None:
            return
        innovation = self._draft()
        current = innovation.answers.get(key) or IndicatorAnswer(indicator=key)
        innovation.answers[key] = dataclasses.replace(current, claimed_level=level or None)
        repo, iid_, value = self.context.repo, self.innovation_id, level or None
        self.autosaver.schedule(f"level:{key}", lambda: repo.set_claimed_level(iid_, key, value))
        self._changed()

    @Slot(str, object)
    def _on_measure_changed(self, key: str, measure: IndicatorAnswer) -> None:
        """The officer entered the quantity (or ticked the checklist) that decides a level:
        store it and take the level it gives as the claim (the officer may still choose
        another; iid.proof reports the mismatch)."""
        innovation = self._draft()
        current = innovation.answers.get(key) or IndicatorAnswer(indicator=key)
        updated = dataclasses.replace(
            current,
            quantity=measure.quantity,
            quantity_base=measure.quantity_base,
            basis=measure.basis,
            checklist=measure.checklist,
        )
        innovation.answers[key] = updated
        repo, iid_ = self.context.repo, self.innovation_id
        self.autosaver.schedule(f"measure:{key}", lambda: repo.set_measure(iid_, updated))
        indicator = self.rules.indicators[key]
        derived = scoring.measure_level(indicator.measure, updated, self.rules.year)
        if derived is not None and (derived or None) != current.claimed_level:
            self._on_level_changed(key, derived)
            assert self.indicator_page is not None
            self.indicator_page.show_level(key, derived)
            return
        self._changed()

    def _changed(self) -> None:
        self._recheck_timer.start()

    # --- checks and scores --------------------------------------------------------------

    @Slot()
    def recheck(self) -> None:
        """Run the year's checks and scoring on the draft and show the results everywhere."""
        self._recheck_timer.stop()
        innovation, rules = self.innovation, self.rules
        if innovation is None or self.score_panel is None:
            return
        self.findings = list(checks.check_innovation(innovation, rules, self._shared))
        by_target: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            by_target[finding.target].append(finding)
        assert self.profile_page is not None and self.indicator_page is not None
        self.profile_page.set_findings(by_target)
        self.indicator_page.set_findings(by_target)

        claimed = scoring.kematangan(rules, innovation.claimed_levels())
        has_verdicts = any(a.verdict is not Verdict.PENDING for a in innovation.answers.values())
        verified = scoring.kematangan(rules, innovation.verified_levels()) if has_verdicts else None
        maximum = sum((Decimal(ind.bobot) * 3 for ind in rules.indicators.values()), Decimal(0))
        answered = sum(1 for key in rules.indicators if innovation.claimed_levels().get(key))
        mandatory_open = [
            key
            for key, ind in rules.indicators.items()
            if ind.mandatory and not innovation.claimed_levels().get(key)
        ]
        self.score_panel.update_scores(
            claimed=claimed,
            maximum=maximum,
            verified=verified,
            answered=answered,
            total=len(rules.indicators),
            mandatory_open=mandatory_open,
            blockers=[f for f in self.findings if f.blocks_submit],
            names=self._target_names(),
            rejections=self._rejections(),
        )
        self.sig_findings_changed.emit()

    def _rejections(self) -> list[Rejection]:
        """Each verdict that cost points: the indicator, the levels, the points, the note."""
        assert self.innovation is not None
        return [
            Rejection(c.indicator, f"{c.indicator}. {self.rules.indicators[c.indicator].name}",
                      c.claimed, c.verified, c.cost, c.note, c.verdict.value)
            for c in scoring.verdict_costs(self.rules, self.innovation)
        ]  # fmt: skip

    def findings_for(self, target: str) -> list[Finding]:
        return [f for f in self.findings if f.target == target]

    def _target_names(self) -> dict[str, str]:
        names = {
            str(spec.name): str(getattr(spec, "label", spec.name))
            for spec in self.rules.profile_fields
        }
        names.update({key: f"{key}. {ind.name}" for key, ind in self.rules.indicators.items()})
        return names

    # --- navigation, saving, closing ----------------------------------------------------

    @Slot(str)
    def navigate_to(self, target: str) -> None:
        """Show the field or indicator a finding concerns and focus it."""
        if self.profile_page is None or self.indicator_page is None:
            return
        if target in self.rules.indicators:
            self.tabs.setCurrentWidget(self.indicator_page)
            panel = self.indicator_page.show_indicator(target)
            panel.levels.setFocus()
        elif self.profile_page.focus_field(target):
            self.tabs.setCurrentWidget(self.profile_page)
            self.profile_page.focus_field(target)

    def flush(self) -> None:
        """Write every pending change now and wait until the database lane has done so."""
        self.autosaver.flush()

    @Slot()
    def delete_draft(self) -> None:
        """Ask, then delete this draft; ``sig_deleted`` tells the window to close the editor."""
        if (
            self.innovation is None
            or self.locked is not None
            or not is_deletable(self.innovation.workflow_state)
        ):
            return
        # Pending edits are written first: none may reach the lane after the deletion.
        self.flush()
        ask_and_delete(
            self,
            self.context,
            self.innovation_id,
            lambda message, _o: self.sig_deleted.emit(message),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.reading.close()
        self.flush()
        super().closeEvent(event)

    @Slot(str)
    def _on_save_state(self, state: str) -> None:
        texts = {
            "pending": self.tr("Saving…"),
            "saving": self.tr("Saving…"),
            "saved": self.tr("All changes saved"),
            "failed": self.tr("Could not save yet; trying again. Your changes are kept."),
        }
        self.save_state.setText(texts.get(state, ""))
        self.save_state.setProperty("state", state)

    def _update_title(self) -> None:
        assert self.innovation is not None
        name = innovation_title(self.innovation.profile.nama)
        self.title.setText(name)
        self.subtitle.setText(
            self.tr("{0} · assessment year {1} · {2}").format(
                self._opd_name(),
                self.innovation.rule_year,
                workflow_label(self.innovation.workflow_state),
            )
        )
        self.delete_button.setVisible(
            self.locked is None and is_deletable(self.innovation.workflow_state)
        )
        self.sig_title_changed.emit(name)

    def _opd_name(self) -> str:
        assert self.innovation is not None
        opd_id = self.innovation.opd_id
        if opd_id and self._opd_names is None:  # read once per editor, not per keystroke
            self._opd_names = {o.id: o.name for o in self.context.repo.list_opds()}
        return opd_label(opd_id, (self._opd_names or {}).get(opd_id))

    def _draft(self) -> Innovation:
        assert self.innovation is not None
        return self.innovation
