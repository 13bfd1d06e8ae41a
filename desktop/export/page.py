"""The Paket kirim page (admin, verifikator): choose year, states and destination; write the
package with progress and cancel; open the result or check a copied package."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.labels import as_written, format_bytes
from iid.records import WorkflowState

SUMMARY_DEBOUNCE_MS = 250
SETTINGS_KEY = "export/destination"


class _Relay(QObject):
    """Carries progress from the writer's threads to the GUI thread (queued signal)."""

    sig_progress = Signal(object)


class PaketKirimPage(QWidget):
    """``sig_finished(str)`` carries the written package's path (or "" on failure/cancel)."""

    sig_finished = Signal(str)
    sig_summary = Signal()
    sig_open_profiles = Signal(list)

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result_path: Path | None = None
        self.last_error: Any = None
        self._cancel: threading.Event | None = None
        self._plan_ids: list[str] = []
        self._relay = _Relay(self)
        self._relay.sig_progress.connect(self._progress)

        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setObjectName("muted")

        self.year = QComboBox(self)
        from iid.rules import available_years

        for year in reversed(available_years()):
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(max(self.year.findData(context.default_rule_year()), 0))
        self.year.setMaximumWidth(120)
        self.approved = QCheckBox(self)
        self.ready = QCheckBox(self)
        self.submitted = QCheckBox(self)
        self.approved.setChecked(True)
        self.ready.setChecked(True)
        self.profiles = QCheckBox(self)
        self.as_folder = QRadioButton(self)
        self.as_zip = QRadioButton(self)
        self.as_folder.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.as_folder)
        kinds.addButton(self.as_zip)
        self.destination = QLineEdit(self)
        saved = context.settings.value(SETTINGS_KEY)
        self.destination.setText(saved or str(Path.home() / "Documents"))
        self.choose = QPushButton(self)
        self.choose.clicked.connect(self.choose_destination)
        self.target_label = QLabel(self)
        self.target_label.setTextFormat(Qt.TextFormat.PlainText)
        self.target_label.setObjectName("muted")
        self.target_label.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)

        self.start = QPushButton(self)
        self.start.setDefault(True)
        self.start.clicked.connect(self.start_export)
        self.cancel = QPushButton(self)
        self.cancel.clicked.connect(self.cancel_export)
        self.cancel.setVisible(False)
        self.print_all = QPushButton(self)
        self.print_all.clicked.connect(self._print_all)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.result = QLabel(self)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder = QPushButton(self)
        self.open_folder.clicked.connect(self._open_folder)
        self.verify = QPushButton(self)
        self.verify.clicked.connect(self.verify_package_dialog)
        self.open_folder.setVisible(False)

        states = QVBoxLayout()
        for box in (self.approved, self.ready, self.submitted):
            states.addWidget(box)
        kind = QHBoxLayout()
        kind.addWidget(self.as_folder)
        kind.addWidget(self.as_zip)
        kind.addStretch(1)
        where = QHBoxLayout()
        where.addWidget(self.destination, 1)
        where.addWidget(self.choose)
        form = QFormLayout()
        self.year_label, self.states_label = QLabel(self), QLabel(self)
        self.kind_label, self.where_label = QLabel(self), QLabel(self)
        form.addRow(self.year_label, self.year)
        form.addRow(self.states_label, states)
        form.addRow("", self.profiles)
        form.addRow(self.kind_label, kind)
        form.addRow(self.where_label, where)
        form.addRow("", self.target_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start)
        buttons.addWidget(self.cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.print_all)
        result_row = QHBoxLayout()
        result_row.addWidget(self.result, 1)
        result_row.addWidget(self.open_folder)
        result_row.addWidget(self.verify)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(line)
        layout.addLayout(result_row)
        layout.addStretch(1)

        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(SUMMARY_DEBOUNCE_MS)
        self._summary_timer.timeout.connect(self.refresh_summary)
        for box in (self.approved, self.ready, self.submitted):
            box.toggled.connect(lambda _on: self._summary_timer.start())
        self.year.currentIndexChanged.connect(lambda _i: self._summary_timer.start())
        for widget in (self.as_folder, self.as_zip):
            widget.toggled.connect(lambda _on: self._update_target())
        self.destination.textChanged.connect(lambda _t: self._update_target())
        self.retranslate()

    # --- texts ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(self.tr("Send package (Paket kirim)"))
        self.intro.setText(
            self.tr(
                "Everything the coordinator enters in the national app, in one package: a "
                "workbook in the form's order, one folder per innovation with its evidence "
                "numbered for upload, a checklist PDF per innovation, and a manifest to check "
                "the copy on a flash disk."
            )
        )
        self.year_label.setText(self.tr("Assessment year"))
        self.states_label.setText(self.tr("Innovations"))
        self.approved.setText(self.tr("Approved (disetujui)"))
        self.ready.setText(self.tr("Ready to send (siap kirim)"))
        self.submitted.setText(
            self.tr("Also those still submitted, in revision or sent (marked NOT APPROVED)")
        )
        self.profiles.setText(self.tr("Add the printable profile PDF to every folder"))
        self.kind_label.setText(self.tr("Write as"))
        self.as_folder.setText(self.tr("Folder"))
        self.as_zip.setText(self.tr("ZIP file"))
        self.where_label.setText(self.tr("Destination"))
        self.choose.setText(self.tr("Choose…"))
        self.start.setText(self.tr("&Write package"))
        self.cancel.setText(self.tr("Cancel"))
        self.print_all.setText(self.tr("Print profiles of these innovations…"))
        self.open_folder.setText(self.tr("Open folder"))
        self.verify.setText(self.tr("Check a package…"))
        self._update_target()

    # --- choices ----------------------------------------------------------------------------

    def states(self) -> frozenset[WorkflowState]:
        chosen = set()
        if self.approved.isChecked():
            chosen.add(WorkflowState.DISETUJUI)
        if self.ready.isChecked():
            chosen.add(WorkflowState.SIAP_KIRIM)
        if self.submitted.isChecked():
            chosen |= {WorkflowState.DIAJUKAN, WorkflowState.REVISI, WorkflowState.TERKIRIM}
        return frozenset(chosen)

    def options(self, *, allow_missing: bool = False) -> Any:
        from sync.export.package import ExportOptions

        return ExportOptions(
            year=int(self.year.currentData()),
            states=self.states(),
            include_profiles=self.profiles.isChecked(),
            allow_missing=allow_missing,
        )

    def target_path(self) -> Path:
        """Where the package will be written: a new name inside the chosen folder."""
        from sync.export.naming import package_name

        pemda = self.context.repo.get_pemda()
        # A laptop knows the pemda's name from the sign-in, not always its code; never its id
        # (a UUID in a folder name says nothing to the coordinator).
        code = (pemda.code or pemda.name) if pemda is not None else ""
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        name = package_name(code, int(self.year.currentData()), stamp)
        return Path(self.destination.text().strip()) / (
            name + (".zip" if self.as_zip.isChecked() else "")
        )

    def _update_target(self) -> None:
        if self.destination.text().strip():
            self.target_label.setText(self.tr("Will be written as {0}").format(self.target_path()))

    @Slot()
    def choose_destination(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self,
            self.tr("Choose where to write the package (a folder or a flash disk)"),
            self.destination.text(),
        )
        if folder:
            self.destination.setText(folder)

    @Slot()
    def refresh_summary(self) -> None:
        """Count what the package will hold (on the background lane)."""
        from sync.export.local import LocalSource
        from sync.export.package import plan_package

        options = self.options()
        if not options.states:
            self.summary.setText(self.tr("Choose at least one kind of innovation."))
            self.start.setEnabled(False)
            return
        source = LocalSource(self.context.repo, self.context.vault)
        self.context.tasks.run_bg(
            lambda: plan_package(source, options),
            on_done=self._show_summary,
            on_error=lambda error: self.summary.setText(self._error_text(error)),
        )

    @Slot(object)
    def _show_summary(self, plan: Any) -> None:
        self._plan_ids = [p.ref.id for p in plan.innovations]
        count = len(plan.innovations)
        if count == 0:
            text = self.tr(
                "No innovation of {0} is in the chosen states yet. Approve them first, or "
                "include the submitted ones."
            ).format(plan.options.year)
        else:
            text = self.tr("%n innovation(s)", "", count) + self.tr(
                ", {0} evidence files ({1}), {2} links."
            ).format(plan.documents, format_bytes(plan.total_bytes), plan.links)
            if plan.marked:
                text += " " + self.tr("%n not approved yet (marked).", "", plan.marked)
            if plan.missing:
                text += " " + self.tr(
                    "%n file(s) are not on this computer yet (synchronise first).",
                    "",
                    len(plan.missing),
                )
        self.summary.setText(text)
        self.start.setEnabled(count > 0 and self._cancel is None)
        self.print_all.setEnabled(count > 0)
        self.sig_summary.emit()

    # --- writing ------------------------------------------------------------------------------

    @Slot()
    def start_export(self, *, allow_missing: bool = False, target: Path | None = None) -> None:
        from sync.export.local import LocalSource
        from sync.export.package import write_package

        destination = target or self.target_path()
        self.context.settings.set_value(SETTINGS_KEY, str(destination.parent))
        options = self.options(allow_missing=allow_missing)
        cancel = threading.Event()
        self._cancel = cancel
        self.result_path, self.last_error = None, None
        self.start.setEnabled(False)
        self.cancel.setVisible(True)
        self.progress.setVisible(True)
        self.progress.setValue(0)
        self.open_folder.setVisible(False)
        self.result.setText(self.tr("Writing the package…"))
        source = LocalSource(self.context.repo, self.context.vault)
        relay = self._relay
        self.context.tasks.run_bg(
            lambda: write_package(
                source, destination, options, progress=relay.sig_progress.emit, cancel=cancel
            ),
            on_done=self._done,
            on_error=lambda error: self._failed(error, destination),
        )

    @Slot()
    def cancel_export(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.result.setText(self.tr("Cancelling…"))

    @Slot(object)
    def _progress(self, progress: Any) -> None:
        self.progress.setValue(int(progress.fraction * 1000))
        self.result.setText(
            self.tr("Writing: {0} of {1} innovations, {2} of {3}.").format(
                progress.done_innovations,
                progress.total_innovations,
                format_bytes(progress.done_bytes),
                format_bytes(progress.total_bytes),
            )
        )

    def _finish(self) -> None:
        self._cancel = None
        self.cancel.setVisible(False)
        self.progress.setVisible(False)
        self.start.setEnabled(True)

    @Slot(object)
    def _done(self, result: Any) -> None:
        self._finish()
        self.result_path = result.path
        text = (
            self.tr("Package written: {0}").format(result.path)
            + "\n"
            + self.tr("{0} innovations, {1} evidence files ({2}), {3} links.").format(
                result.innovations,
                result.documents,
                format_bytes(result.evidence_bytes),
                result.links,
            )
        )
        if result.missing:
            text += "\n" + self.tr("%n file(s) were not available and are marked in the package.",
                                   "", len(result.missing))  # fmt: skip
        self.result.setText(text)
        self.open_folder.setVisible(True)
        self.sig_finished.emit(str(result.path))

    def _failed(self, error: BaseException, destination: Path) -> None:
        self._finish()
        self.last_error = error
        code = getattr(error, "code", "")
        if code == "export.missing_evidence":
            answer = QMessageBox.question(
                self,
                self.title.text(),
                as_written(
                    self._error_text(error)
                    + "\n\n"
                    + self.tr("Write the package without them (they are listed in it)?")
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.start_export(allow_missing=True, target=destination)
                return
        self.result.setText(self._error_text(error))
        self.sig_finished.emit("")

    def _error_text(self, error: BaseException) -> str:
        code = getattr(error, "code", "")
        p = getattr(error, "params", {})
        texts = {
            "export.cancelled": self.tr("Cancelled. Nothing was written."),
            "export.destination_exists": self.tr(
                "{0} already exists. Choose another folder or move the old one first."
            ).format(p.get("path")),
            "export.destination_parent_missing": self.tr(
                "The folder {0} does not exist. Choose another one."
            ).format(p.get("path")),
            "export.destination_unwritable": self.tr(
                "Cannot write to {0}. Choose another folder (is the flash disk locked?)."
            ).format(p.get("path")),
            "export.no_space": self.tr(
                "Not enough space at {0}: {1} needed, {2} free. Free some space or choose "
                "another disk."
            ).format(
                p.get("path"), format_bytes(p.get("needed", 0)), format_bytes(p.get("free", 0))
            ),
            "export.nothing_to_export": self.tr(
                "No innovation of {0} is in the chosen states. Approve them first, or include "
                "the submitted ones."
            ).format(p.get("year")),
            "export.missing_evidence": self.tr(
                "%n evidence file(s) are not on this computer yet. Open Synchronisation and "
                "sync first so they are downloaded.",
                "",
                int(p.get("count", 0)),
            ),
            "export.evidence_damaged": self.tr(
                "The file {0} of “{1}” is damaged on this computer (its bytes no longer match). "
                "Nothing was written. Run File > Check archive, or ask the officer to attach "
                "it again."
            ).format(p.get("path"), p.get("innovation")),
            "export.file_too_large": self.tr(
                "A file is too large for this disk (FAT32 holds 4 GB at most). Write a folder "
                "instead of a ZIP, or use another disk."
            ),
            "export.rules_unknown": self.tr("There are no rules for {0}.").format(p.get("year")),
            "verify.not_a_package": self.tr(
                "{0} is not a package (it has no manifest-sha256.txt)."
            ).format(p.get("path")),
            "verify.bad_manifest": self.tr(
                "The package's manifest is damaged; it cannot be checked."
            ),
        }
        return texts.get(
            code, self.tr("The package could not be written: {0}. Nothing was left.").format(error)
        )

    # --- results --------------------------------------------------------------------------------

    @Slot()
    def _open_folder(self) -> None:
        if self.result_path is None:
            return
        folder = self.result_path if self.result_path.is_dir() else self.result_path.parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    @Slot()
    def verify_package_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the package folder (for a ZIP, cancel and pick the file)")
        )
        path = folder
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Choose the package ZIP"), "", "ZIP (*.zip)"
            )
        if path:
            self.check_package(Path(path))

    def check_package(self, path: Path) -> None:
        from sync.export.manifest import verify_package

        self.result.setText(self.tr("Checking {0}…").format(path))
        self.context.tasks.run_bg(
            lambda: verify_package(path),
            on_done=self._checked,
            on_error=lambda error: self.result.setText(self._error_text(error)),
        )

    @Slot(object)
    def _checked(self, report: Any) -> None:
        if report.ok:
            self.result.setText(
                self.tr("The package is intact: {0} files checked.").format(report.checked)
            )
            return
        problems = (
            [self.tr("changed: {0}").format(p) for p in report.changed]
            + [self.tr("missing: {0}").format(p) for p in report.missing]
            + [self.tr("extra: {0}").format(p) for p in report.extra]
        )
        self.result.setText(
            self.tr("The package is NOT intact. Copy it again from the original.")
            + "\n"
            + "\n".join(problems[:12])
        )
        self.sig_finished.emit("")

    @Slot()
    def _print_all(self) -> None:
        if self._plan_ids:
            self.sig_open_profiles.emit(list(self._plan_ids))

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.refresh_summary()
