"""“Ajukan kembali tahun berikutnya”: what will be copied, and what was developed since."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.labels import innovation_title, workflow_label
from desktop.widgets.date_field import DateField


class CarryOverDialog(QDialog):
    """Shows the carry-over plan of one innovation, asks what was developed since, and makes
    the next year's draft on the database lane. ``sig_done(str)`` carries the new id."""

    sig_done = Signal(str)
    sig_loaded = Signal()

    def __init__(self, context: Any, innovation_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.innovation_id = innovation_id
        self.new_id: str | None = None
        self.min_words = 5
        self.setWindowTitle(self.tr("Submit again for the next year"))
        self.resize(640, 520)
        self.heading = QLabel(self.tr("Reading the innovation…"), self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.development = QPlainTextEdit(self)
        self.development.setPlaceholderText(
            self.tr("For example: the service is now linked to …, used in 40 more schools …")
        )
        self.developed_on = DateField(self)
        self.hint = QLabel(self)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        self.question = QLabel(self)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.question)
        form.addRow(self.development)
        form.addRow(self.tr("Development date"), self.developed_on)
        self.buttons = QDialogButtonBox(self)
        self.ok = QPushButton(self.tr("Make the draft"), self)
        self.ok.setEnabled(False)
        self.cancel = QPushButton(self.tr("Cancel"), self)  # Qt has no Indonesian for its own
        self.buttons.addButton(self.ok, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        self.ok.clicked.connect(self.confirm)
        self.development.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addLayout(form, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self._plan: Any = None

        from sync.local.carryover import next_rule_year, plan_carry_over

        repo = context.repo

        def load() -> tuple[Any, Any]:
            innovation = repo.get_innovation(innovation_id)
            if innovation is None:
                raise LookupError(innovation_id)
            year = next_rule_year(innovation.rule_year)
            plan = plan_carry_over(innovation, context.rules(year)) if year else None
            return innovation, plan

        context.tasks.run_db(load, on_done=self._loaded, on_error=self._load_failed)

    @Slot(object)
    def _loaded(self, result: tuple[Any, Any]) -> None:
        innovation, plan = result
        self._plan = plan
        name = innovation_title(innovation.profile.nama)
        if plan is None:
            self.heading.setText(name)
            self.summary.setText(
                self.tr(
                    "There are no rules for the year after {0} yet. When the ministry publishes "
                    "them, add the rule file and try again."
                ).format(innovation.rule_year)
            )
            self.development.setEnabled(False)
            self.sig_loaded.emit()
            return
        self.heading.setText(self.tr("“{0}” into the {1} form").format(name, plan.to_year))
        lines = [
            self.tr(
                "A new draft for {0} is made with {1} profile fields, {2} claimed levels and "
                "{3} evidence documents. The files are reused, not copied. The {4} version "
                "stays as it is; verification starts anew."
            ).format(plan.to_year, len(plan.fields), plan.claims, plan.documents, plan.from_year)
        ]
        if plan.dropped:
            lines.append(
                self.tr("The {0} form cannot hold: {1}.").format(
                    plan.to_year, "; ".join(f"{d.label} ({d.value[:60]})" for d in plan.dropped)
                )
            )
        if plan.new_fields:
            rules = self.context.rules(plan.to_year)
            labels = [rules.profile_field(n).label for n in plan.new_fields]
            lines.append(self.tr("New in {0}, left empty: {1}.").format(
                plan.to_year, ", ".join(labels)))  # fmt: skip
        self.summary.setText("\n\n".join(lines))
        self.question.setText(
            self.tr(
                "What was developed since the {0} assessment? The rules require this for an "
                "innovation that was already assessed (at least {1} words)."
            ).format(plan.from_year, self.min_words)
        )
        self._update_ok()
        self.development.setFocus()
        self.sig_loaded.emit()

    @Slot(object)
    def _load_failed(self, error: BaseException) -> None:
        self.heading.setText(self.tr("This innovation cannot be read: {0}").format(error))

    def _update_ok(self) -> None:
        words = len(self.development.toPlainText().split())
        self.ok.setEnabled(self._plan is not None and words >= self.min_words)
        if self._plan is not None and 0 < words < self.min_words:
            self.hint.setText(self.tr("A few more words, please."))
        else:
            self.hint.setText("")

    @Slot()
    def confirm(self) -> None:
        from sync.local.carryover import carry_over

        repo, source = self.context.repo, self.innovation_id
        text, day = self.development.toPlainText(), self.developed_on.value()
        year = self._plan.to_year if self._plan is not None else None
        self.ok.setEnabled(False)
        self.context.tasks.run_db(
            lambda: carry_over(repo, source, development=text, developed_on=day, to_year=year),
            on_done=self._done,
            on_error=self._failed,
        )

    @Slot(object)
    def _done(self, innovation: Any) -> None:
        self.new_id = innovation.id
        self.sig_done.emit(innovation.id)
        self.accept()

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        code = getattr(error, "code", "")
        params = getattr(error, "params", {})
        if code == "carryover.exists":
            text = self.tr(
                "This innovation was already carried into {0}. Open that draft from the list."
            ).format(params.get("year"))
        elif code == "carryover.development_missing":
            text = self.tr("Say what was developed since (at least {0} words).").format(
                params.get("words")
            )
        elif code == "carryover.year_not_done":
            text = self.tr(
                "{0}: this year's process is not finished yet, so it cannot be submitted again "
                "for the next year."
            ).format(workflow_label(params.get("state", "")))
        elif code == "carryover.no_next_year":
            text = self.tr("There are no rules for the next year yet.")
        else:
            text = self.tr("The draft could not be made: {0}. Nothing was changed.").format(error)
        self.hint.setText(text)
        self._update_ok()
