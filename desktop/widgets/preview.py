"""In-app preview of evidence from the vault: PDFs with QtPdf, JPG/PNG images scaled to fit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from sync.local.vault import Vault

PDF = "application/pdf"
IMAGE_TYPES = ("image/jpeg", "image/png")


def read_blob(vault: Vault, sha256: str) -> bytes:
    """The whole blob from the vault (evidence previews are bounded by the rule's max size).

    Meant for a background lane: the vault streams chunks from its own SQLite file.
    """
    with vault.open_blob(sha256) as stream:
        return bytes(stream.read())


class _ImageView(QScrollArea):
    """An image scaled down to the visible width, never up."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap = QPixmap()
        self._label = QLabel(self)
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidget(self._label)
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def set_image(self, image: QImage) -> None:
        self._pixmap = QPixmap.fromImage(image)
        self._rescale()

    def has_image(self) -> bool:
        return not self._pixmap.isNull()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self._pixmap.isNull():
            self._label.clear()
            return
        width = max(self.viewport().width() - 8, 50)
        if self._pixmap.width() > width:
            self._label.setPixmap(
                self._pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            )
        else:
            self._label.setPixmap(self._pixmap)


class EvidencePreview(QWidget):
    """Shows one evidence file: a PDF (all pages, scrolling) or an image, else a message.

    ``show_data(data, media_type, title)`` takes the blob's bytes (read with ``read_blob`` on a
    background lane); ``sig_shown(str)`` tells what is displayed: "pdf", "image" or "message".
    """

    sig_shown = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = QLabel(self)
        self._title.setObjectName("previewTitle")
        self._title.setWordWrap(True)
        self._stack = QStackedWidget(self)
        self._message = QLabel(self)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        self._document = QPdfDocument(self)
        self._pdf_view = QPdfView(self)
        self._pdf_view.setDocument(self._document)
        self._pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self._pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._image_view = _ImageView(self)
        self._buffer: QBuffer | None = None
        for widget in (self._message, self._pdf_view, self._image_view):
            self._stack.addWidget(widget)
        top = QHBoxLayout()
        top.addWidget(self._title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self._stack, 1)
        self.show_message(self.tr("Choose a document to preview it."))

    def document(self) -> QPdfDocument:
        return self._document

    def current_kind(self) -> str:
        widget = self._stack.currentWidget()
        if widget is self._pdf_view:
            return "pdf"
        if widget is self._image_view:
            return "image"
        return "message"

    def show_message(self, text: str) -> None:
        self._message.setText(text)
        self._stack.setCurrentWidget(self._message)
        self.sig_shown.emit("message")

    def show_data(self, data: bytes, media_type: str | None, title: str = "") -> None:
        """Display ``data`` according to ``media_type``; unknown or broken data gets a message."""
        self._title.setText(title)
        self._close_pdf()
        if media_type == PDF:
            # QPdfDocument reads from the device lazily: the buffer must outlive the document.
            self._buffer = QBuffer(self)
            self._buffer.setData(QByteArray(data))
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self._document.load(self._buffer)
            if self._document.status() == QPdfDocument.Status.Ready:
                self._stack.setCurrentWidget(self._pdf_view)
                self.sig_shown.emit("pdf")
                return
            self._close_pdf()
            self.show_message(self.tr("This PDF cannot be shown (damaged or password-protected)."))
            return
        if media_type in IMAGE_TYPES:
            image = QImage.fromData(QByteArray(data))
            if not image.isNull():
                self._image_view.set_image(image)
                self._stack.setCurrentWidget(self._image_view)
                self.sig_shown.emit("image")
                return
            self.show_message(self.tr("This image cannot be read."))
            return
        self.show_message(
            self.tr("No preview for this file. Use “Save a copy…” and open it in another app.")
        )

    def clear(self) -> None:
        self._title.clear()
        self._close_pdf()
        self.show_message(self.tr("Choose a document to preview it."))

    def _close_pdf(self) -> None:
        self._document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
