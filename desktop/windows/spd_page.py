"""Profil Pemda: the pemda's SPD score rows for one rule year, with their evidence.

Level rows take one of three level texts; numeric rows take the raw number the pemda reports
(a growth percentage, a rate) and show the level it maps to by the year's thresholds
(``iid.scoring.spd_level``). Changes are autosaved like the innovation editor's.
"""

from __future__ import annotations

import copy
import dataclasses
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.autosave import Autosaver
from desktop.labels import format_number
from desktop.widgets.evidence import EvidenceList
from desktop.widgets.level_chooser import LevelChooser
from desktop.widgets.numbers import parse_number
from desktop.windows.editor.findings_view import FindingsLabel
from desktop.windows.editor.style import EDITOR_STYLE
from iid import rules as iid_rules
from iid import scoring
from iid.records import EvidenceDocument, SpdAnswer, SpdProfile


def format_figure(value: Decimal) -> str:
    """A figure as officers write it: decimal comma, at most 2 places (exact when shorter)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        value = value.quantize(Decimal("0.01"))
    return str(value).replace(".", ",")


class SpdRowPanel(QScrollArea):
    """One SPD row: level radio buttons, or a number field with the level it maps to."""

    sig_answer_changed = Signal(object)  # SpdAnswer

    def __init__(
        self, context: Any, owner: Any, rules: Any, key: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.key = key
        self._rules = rules
        self._row = rules.spd_rows[key]
        body = QWidget(self)
        body.setObjectName("pageBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(8)
        self.title = QLabel(f"{key}. {self._row.name}", body)
        self.title.setObjectName("indicatorTitle")
        self.title.setWordWrap(True)
        facts = [self.tr("Weight {0}").format(format_number(self._row.bobot, trim=True))]
        if self._row.mandatory:
            facts.append(self.tr("mandatory"))
        hint = QLabel(" · ".join(facts), body)
        hint.setObjectName("hint")
        layout.addWidget(self.title)
        layout.addWidget(hint)

        self.levels: LevelChooser | None = None
        self.number: QLineEdit | None = None
        self.mapped = QLabel(body)
        self.mapped.setObjectName("mappedLevel")
        self.mapped.setWordWrap(True)
        self.inputs: dict[str, QLineEdit] = {}
        if self.is_numeric and self._row.inputs:
            # The raw values the national form asks for (T-2, T-1, ...); the figure follows.
            for spec in self._row.inputs:
                field = QLineEdit(body)
                field.setObjectName(f"input_{key}_{spec.key}")
                field.setPlaceholderText(self.tr("the number, e.g. 5,23"))
                field.setMaximumWidth(220)
                line = QHBoxLayout()
                label = QLabel(spec.label, body)
                label.setBuddy(field)
                line.addWidget(label)
                line.addWidget(field)
                line.addStretch(1)
                layout.addLayout(line)
                field.textEdited.connect(self._on_inputs_edited)
                self.inputs[spec.key] = field
            self.figure = QLabel(body)
            self.figure.setObjectName("figure")
            layout.addWidget(self.figure)
        if self.is_numeric:
            self.number = QLineEdit(body)
            self.number.setObjectName(f"number_{key}")
            self.number.setPlaceholderText(self.tr("the number, e.g. 5,23"))
            self.number.setMaximumWidth(200)
            row = QHBoxLayout()
            label = QLabel(
                self.tr("Or the figure itself") if self.inputs else self.tr("Value"), body
            )
            label.setBuddy(self.number)
            row.addWidget(label)
            row.addWidget(self.number)
            unit = str(getattr(self._row, "unit", "") or "")
            if unit:
                row.addWidget(QLabel(unit, body))
            row.addStretch(1)
            layout.addLayout(row)
            bands = QLabel(
                "\n".join(
                    self.tr("Level {0}: {1}").format(i + 1, text)
                    for i, text in enumerate(self._row.levels)
                ),
                body,
            )
            bands.setObjectName("guidance")
            bands.setWordWrap(True)
            layout.addWidget(bands)
            layout.addWidget(self.mapped)
            self.number.textEdited.connect(self._on_number_edited)
        else:
            self.levels = LevelChooser(list(self._row.levels), body)
            self.levels.setObjectName(f"spd_levels_{key}")
            layout.addWidget(self.levels)
            self.levels.sig_level_changed.connect(self._on_level_chosen)
        self.findings = FindingsLabel(body)
        layout.addWidget(self.findings)
        guidance = str(getattr(self._row, "guidance", "") or "")
        if guidance:
            title = QLabel(self.tr("Evidence required"), body)
            title.setObjectName("sectionTitle")
            text = QLabel(guidance, body)
            text.setObjectName("guidance")
            text.setWordWrap(True)
            layout.addWidget(title)
            layout.addWidget(text)
        self.evidence = EvidenceList(context, owner, rules, key, body)
        layout.addWidget(self.evidence)
        layout.addStretch(1)
        self.setWidget(body)

    @property
    def is_numeric(self) -> bool:
        return bool(getattr(self._row, "numeric", False))

    def show_answer(self, answer: SpdAnswer | None) -> None:
        for key, field in self.inputs.items():
            value = answer.inputs.get(key) if answer else None
            field.setText("" if value is None else str(value).replace(".", ","))
        if self.inputs:
            self._show_figure(answer)
        if self.number is not None:
            raw = scoring.spd_answer_value(self._row, answer) if answer else None
            self.number.setText("" if raw is None else format_figure(raw))
            self._show_mapped(raw)
        elif self.levels is not None:
            self.levels.set_level(answer.level if answer else None)

    def mapped_level(self) -> int:
        return int(self.mapped.property("level") or 0)

    def _show_figure(self, answer: SpdAnswer | None) -> None:
        if answer is None or not answer.inputs:
            self.figure.setText(self.tr("Enter the values above: the figure follows."))
            return
        try:
            value = scoring.spd_figure(self._row, answer.inputs)
        except scoring.SpdFigureError as error:
            if error.code == "spd.input_zero_base":
                self.figure.setText(
                    self.tr("A growth from 0 cannot be computed: check the earlier value.")
                )
            else:
                self.figure.setText(self.tr("Enter every value above: the figure follows."))
            return
        unit = str(getattr(self._row, "unit", "") or "")
        self.figure.setText(self.tr("Figure: {0} {1}").format(format_figure(value), unit))

    @Slot(str)
    def _on_inputs_edited(self, _text: str) -> None:
        inputs: dict[str, Decimal] = {}
        for key, field in self.inputs.items():
            try:
                value = parse_number(field.text())
            except ValueError:
                self.figure.setText(
                    self.tr("Not a number. Type digits with a decimal comma, e.g. 5,23.")
                )
                return
            if value is not None:
                inputs[key] = value
        answer = SpdAnswer(row=self.key, inputs=inputs)
        self._show_figure(answer)
        figure = scoring.spd_answer_value(self._row, answer) if inputs else None
        if figure is not None and self.number is not None:
            self.number.setText(format_figure(figure))
        level = self._show_mapped(figure)
        self.sig_answer_changed.emit(
            SpdAnswer(row=self.key, level=level or None, raw_value=figure, inputs=inputs)
        )

    @Slot(str)
    def _on_number_edited(self, text: str) -> None:
        try:
            value = parse_number(text)
        except ValueError:
            self.mapped.setProperty("level", 0)
            self.mapped.setText(
                self.tr("Not a number. Type digits with a decimal comma, e.g. 5,23.")
            )
            self.mapped.setStyleSheet("color: #b03a2e;")
            return
        level = self._show_mapped(value)
        self.sig_answer_changed.emit(SpdAnswer(row=self.key, level=level or None, raw_value=value))

    def _show_mapped(self, value: Decimal | None) -> int:
        self.mapped.setStyleSheet("")
        if value is None:
            self.mapped.setProperty("level", 0)
            self.mapped.setText(self.tr("No value yet: this row scores 0."))
            return 0
        level = int(scoring.spd_level(self._row, value) or 0)
        self.mapped.setProperty("level", level)
        if level:
            self.mapped.setText(
                self.tr("→ Level {0}: {1}").format(level, self._row.levels[level - 1])
            )
        else:
            self.mapped.setText(self.tr("→ no level: this value scores 0."))
        return level

    @Slot(int)
    def _on_level_chosen(self, level: int) -> None:
        self.sig_answer_changed.emit(SpdAnswer(row=self.key, level=level or None))


class SpdPage(QWidget):
    """``SpdPage(context, parent)``: the Profil Pemda page of the main window.

    Shows the SPD rows of the chosen rule year (default: the newest year with rules), the SPD
    score live, and each row's evidence. ``sig_loaded`` after a year's profile is shown.
    """

    sig_loaded = Signal()

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spdPage")
        self.setStyleSheet(EDITOR_STYLE)
        self.context = context
        self.language = str(getattr(context, "language", "id") or "id")
        self.profile: SpdProfile | None = None
        self.rules: Any = None
        self.panels: dict[str, SpdRowPanel] = {}
        self.keys: list[str] = []
        self.autosaver = Autosaver(context.tasks, self)
        self.autosaver.sig_state_changed.connect(self._on_save_state)
        self.read_only = False

        self.title = QLabel(self.tr("Regional government profile (SPD)"), self)
        self.title.setObjectName("editorTitle")
        self.year = QComboBox(self)
        self.year.setObjectName("spdYear")
        for year in sorted(iid_rules.available_years(), reverse=True):
            self.year.addItem(self.tr("Assessment year {0}").format(year), year)
        # The current (published) rule year first, not a prognosis of next year.
        default_year = getattr(context, "default_rule_year", None)
        if default_year is not None:
            self.year.setCurrentIndex(max(self.year.findData(default_year()), 0))
        self.score = QLabel(self)
        self.score.setObjectName("spdScore")
        self.save_state = QLabel(self)
        self.save_state.setObjectName("saveState")
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.year)
        header.addStretch(1)
        header.addWidget(self.score)
        header.addSpacing(16)
        header.addWidget(self.save_state)

        self.list = QListWidget(self)
        self.list.setObjectName("spdRowList")
        self.list.setMinimumWidth(240)
        self.list.setMaximumWidth(340)
        self.list.setWordWrap(True)
        # Long row names wrap (or, failing that, end in "…" with the full text as tooltip):
        # the list never scrolls sideways.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.stack = QStackedWidget(self)
        self.unknown = QLabel(self)
        self.unknown.setWordWrap(True)
        self.unknown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.unknown)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)

        self._rescore = QTimer(self)
        self._rescore.setSingleShot(True)
        self._rescore.setInterval(60)
        self._rescore.timeout.connect(self.rescore)
        self.list.currentRowChanged.connect(self._on_row_changed)
        self.year.currentIndexChanged.connect(self._load_year)
        self._load_year()

    # --- loading ------------------------------------------------------------------------

    @Slot()
    def _load_year(self) -> None:
        year = self.year.currentData()
        if year is None:
            return
        self.autosaver.flush()
        repo = self.context.repo
        self.context.tasks.run_db(
            lambda: repo.get_spd_profile(int(year)),
            on_done=lambda profile: self._show_profile(int(year), profile),
            on_error=lambda error: self._show_unknown(str(error)),
        )

    def _show_profile(self, year: int, profile: SpdProfile) -> None:
        self.rules = self.context.rules(year)
        self.profile = profile
        for panel in self.panels.values():
            self.stack.removeWidget(panel)
            panel.deleteLater()
        self.panels.clear()
        self.list.clear()
        rows = getattr(self.rules, "spd_rows", None)
        if not rows:
            self.keys = []
            self._show_unknown(
                self.tr("The SPD rows of rule year {0} are not known. Choose another year.").format(
                    year
                )
            )
            self.sig_loaded.emit()
            return
        self.keys = list(rows)
        for key in self.keys:
            item = QListWidgetItem(self.list)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self._describe(item, key)
        self.list.setCurrentRow(0)
        self.rescore()
        self.sig_loaded.emit()

    def _show_unknown(self, text: str) -> None:
        self.unknown.setText(text)
        self.stack.setCurrentWidget(self.unknown)
        self.score.clear()

    # --- rows ---------------------------------------------------------------------------

    def panel(self, key: str) -> SpdRowPanel:
        panel = self.panels.get(key)
        if panel is None:
            assert self.profile is not None
            panel = SpdRowPanel(self.context, self, self.rules, key, self.stack)
            panel.show_answer(self.profile.answers.get(key))
            panel.sig_answer_changed.connect(self._on_answer)
            panel.evidence.sig_documents_changed.connect(lambda _s, k=key: self._refresh_item(k))
            self.panels[key] = panel
            self.stack.addWidget(panel)
            if self.read_only:
                self._freeze(panel)
        return panel

    def set_read_only(self, reason: str) -> None:
        """Only reading (the profile is the admin's to change): ``reason`` is shown at the
        top; rows built later are read-only too; nothing is saved from here."""
        self.read_only = True
        self.save_state.setText(reason)
        self.save_state.setProperty("state", "readonly")
        for panel in self.panels.values():
            self._freeze(panel)

    def _freeze(self, panel: SpdRowPanel) -> None:
        from desktop.widgets.read_only import freeze

        panel.evidence.set_read_only()
        freeze(panel, keep=[panel.evidence])

    def show_row(self, key: str) -> SpdRowPanel:
        self.list.setCurrentRow(self.keys.index(key))
        return self.panel(key)

    @Slot(int)
    def _on_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.keys):
            self.stack.setCurrentWidget(self.panel(self.keys[row]))

    def _on_answer(self, answer: SpdAnswer) -> None:
        if self.read_only:
            return
        profile = self._profile()
        profile.answers[answer.row] = answer
        snapshot = copy.deepcopy(profile)
        repo = self.context.repo
        # The whole profile is one record: the latest snapshot wins, whatever row changed.
        self.autosaver.schedule("spd", lambda: repo.save_spd_profile(snapshot))
        self._refresh_item(answer.row)
        self._rescore.start()

    @Slot()
    def rescore(self) -> None:
        if self.profile is None or not self.keys:
            return
        total = scoring.spd_score(self.rules, self.profile.answers)
        maximum = sum((Decimal(row.bobot) * 3 for row in self.rules.spd_rows.values()), Decimal(0))
        self.score.setText(
            self.tr("SPD score: {0} / {1}").format(
                format_number(total, trim=True), format_number(maximum, trim=True)
            )
        )

    def _refresh_item(self, key: str) -> None:
        self._describe(self.list.item(self.keys.index(key)), key)

    def _describe(self, item: QListWidgetItem, key: str) -> None:
        row = self.rules.spd_rows[key]
        answer = self._profile().answers.get(key)
        level = self._answer_level(row, answer)
        documents = sum(1 for d in self._profile().documents if d.slot == key)
        state = self.tr("level {0}").format(level) if level else self.tr("not answered")
        star = " *" if row.mandatory else ""
        item.setText(
            f"{key}. {row.name}{star}\n   {state} · " + self.tr("{0} document(s)").format(documents)
        )
        item.setToolTip(f"{key}. {row.name}")

    @staticmethod
    def _answer_level(row: Any, answer: SpdAnswer | None) -> int:
        if answer is None:
            return 0
        if getattr(row, "numeric", False) and answer.raw_value is not None:
            return int(scoring.spd_level(row, answer.raw_value) or 0)
        return int(answer.level or 0)

    # --- DocumentOwner ------------------------------------------------------------------

    def documents(self, slot: str) -> list[EvidenceDocument]:
        return sorted(
            (d for d in self._profile().documents if d.slot == slot), key=lambda d: d.position
        )

    def add_document(self, document: EvidenceDocument) -> None:
        if self.read_only:
            return
        self._profile().documents.append(document)
        self._save_documents()

    def update_document(self, document: EvidenceDocument) -> None:
        if self.read_only:
            return
        profile = self._profile()
        profile.documents = [document if d.id == document.id else d for d in profile.documents]
        self._save_documents()

    def remove_document(self, document: EvidenceDocument) -> None:
        if self.read_only:
            return
        profile = self._profile()
        profile.documents = [d for d in profile.documents if d.id != document.id]
        self._save_documents()

    def reorder_documents(self, slot: str, document_ids: list[str]) -> None:
        if self.read_only:
            return
        profile = self._profile()
        order = {doc_id: i for i, doc_id in enumerate(document_ids)}
        profile.documents = [
            dataclasses.replace(d, position=order[d.id]) if d.slot == slot and d.id in order else d
            for d in profile.documents
        ]
        self._save_documents()

    def _save_documents(self) -> None:
        snapshot = copy.deepcopy(self._profile())
        repo = self.context.repo
        self.autosaver.schedule("spd", lambda: repo.save_spd_profile(snapshot))

    # --- saving -------------------------------------------------------------------------

    def flush(self) -> None:
        """Write pending changes now and wait for the database lane."""
        self.autosaver.flush()

    @Slot(str)
    def _on_save_state(self, state: str) -> None:
        if self.read_only:
            return
        texts = {
            "pending": self.tr("Saving…"),
            "saving": self.tr("Saving…"),
            "saved": self.tr("All changes saved"),
            "failed": self.tr("Could not save yet; trying again. Your changes are kept."),
        }
        self.save_state.setText(texts.get(state, ""))

    def _profile(self) -> SpdProfile:
        assert self.profile is not None
        return self.profile
