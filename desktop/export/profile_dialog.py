"""The printable innovation profile in the app's previewer, with Print and Save as PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.labels import as_written
from desktop.widgets.preview import PDF, EvidencePreview


class ProfileDialog(QDialog):
    """Renders the profile of one or several innovations on the background lane and shows it.

    ``sig_ready`` fires once the PDF is shown (``sig_failed(str)`` if it could not be made);
    ``print_to(printer)`` prints the pages (the Print button asks with ``QPrintDialog`` first).
    """

    sig_ready = Signal()
    sig_failed = Signal(str)

    def __init__(self, context: Any, innovation_ids: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.innovation_ids = list(innovation_ids)
        self.data: bytes | None = None
        many = len(self.innovation_ids) > 1
        self.setWindowTitle(
            self.tr("Profiles of %n innovation(s)", "", len(self.innovation_ids))
            if many
            else self.tr("Innovation profile")
        )
        self.resize(900, 760)
        self.status = QLabel(self.tr("Preparing the profile…"), self)
        self.status.setObjectName("muted")
        self.preview = EvidencePreview(self)
        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.save_button = QPushButton(self.tr("&Save as PDF…"), self)
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)
        # Own buttons, not QDialogButtonBox's standard ones: Qt ships no Indonesian for those.
        self.close_button = QPushButton(self.tr("Close"), self)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_dialog)
        self.save_button.clicked.connect(self.save_dialog)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)

        from sync.export.local import LocalSource

        source = LocalSource(context.repo, context.vault)
        ids = self.innovation_ids
        context.tasks.run_bg(
            lambda: source.profile_pdf(ids), on_done=self._show, on_error=self._failed
        )

    @Slot(object)
    def _show(self, data: bytes) -> None:
        self.data = data
        self.preview.show_data(data, PDF, "")
        pages = self.preview.document().pageCount()
        self.status.setText(self.tr("%n page(s), A4. Print it, or save it as a PDF.", "", pages))
        for button in (self.print_button, self.save_button):
            button.setEnabled(True)
        self.print_button.setDefault(True)
        self.sig_ready.emit()

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        self.status.setText(
            self.tr("The profile could not be made: {0}. Your data is unchanged.").format(error)
        )
        self.sig_failed.emit(str(error))

    # --- printing and saving -------------------------------------------------------------------

    @Slot()
    def print_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print the profile"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Print the shown PDF's pages (the range the print dialog chose); returns pages sent.

        Each page is rendered by PDFium at the printer's resolution (capped at 300 dpi, enough
        for text, and a bounded image per page) and scaled into the printable area.
        """
        document = self.preview.document()
        count = document.pageCount()
        first, last = printer.fromPage(), printer.toPage()
        pages = range(first - 1, last) if first > 0 and last >= first else range(count)
        pages = range(max(pages.start, 0), min(pages.stop, count))
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, self.windowTitle(), self.tr("The printer cannot be used."))
            return 0
        sent = 0
        try:
            area = printer.pageLayout().paintRectPixels(printer.resolution())
            dpi = min(printer.resolution(), 300)
            for index in pages:
                if sent:
                    printer.newPage()
                points = document.pagePointSize(index)
                size = QSize(int(points.width() * dpi / 72), int(points.height() * dpi / 72))
                image = document.render(index, size)
                target = QRect(0, 0, area.width(), area.height())
                scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.topLeft(), scaled), image)
                sent += 1
        finally:
            painter.end()
        return sent

    @Slot()
    def save_dialog(self) -> None:
        from sync.export.naming import slug

        name = "profil-inovasi.pdf"
        if len(self.innovation_ids) == 1:
            innovation = self.context.repo.get_innovation(self.innovation_ids[0])
            if innovation is not None:
                name = f"profil-{slug(innovation.profile.nama or 'inovasi')}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the profile as PDF"), str(Path.home() / name), "PDF (*.pdf)"
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        assert self.data is not None
        partial = path.with_name(path.name + ".belum-selesai")
        try:
            partial.write_bytes(self.data)
            partial.replace(path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            QMessageBox.warning(
                self,
                self.windowTitle(),
                as_written(
                    self.tr("The PDF could not be saved in {0}: {1}").format(path, error.strerror)
                ),
            )
            return
        self.status.setText(self.tr("Saved: {0}").format(path))
