"""In-app preview of evidence from the vault: PDFs with QtPdf, JPG/PNG images scaled to fit; a
file that is not on this laptop yet, or whose copy here is marked damaged, is fetched first
(:class:`FileFetch`: "Sedang diunduh (45 %)" with progress, opened when it arrives; offline it
says when it will come). A file that cannot be read gets words saying what to do, never a hash."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QObject,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from sync.local.vault import Vault

log = logging.getLogger(__name__)

PDF = "application/pdf"
IMAGE_TYPES = ("image/jpeg", "image/png")


def damaged_text(*, server_lacks: bool) -> str:
    """Words for a file whose copy on this computer is marked damaged ("Periksa arsip"):
    ``server_lacks`` when the server said it does not have the file either."""
    if server_lacks:
        return QCoreApplication.translate(
            "EvidencePreview",
            "This file is damaged on this computer and the server does not have it. "
            "Attach the original file again.",
        )
    return QCoreApplication.translate(
        "EvidencePreview",
        "This file is damaged on this computer. If the server has it, its copy replaces this "
        "one with the next synchronisation; otherwise attach the original file again.",
    )


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
        self._waiting = QWidget(self)
        self.waiting_label = QLabel(self._waiting)
        self.waiting_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.waiting_label.setWordWrap(True)
        self.waiting_bar = QProgressBar(self._waiting)
        self.waiting_bar.setRange(0, 1000)
        self.waiting_bar.setTextVisible(False)
        self.waiting_bar.setMaximumWidth(360)
        waiting_layout = QVBoxLayout(self._waiting)
        waiting_layout.addStretch(1)
        waiting_layout.addWidget(self.waiting_label)
        waiting_layout.addWidget(self.waiting_bar, 0, Qt.AlignmentFlag.AlignHCenter)
        waiting_layout.addStretch(1)
        for widget in (self._message, self._pdf_view, self._image_view, self._waiting):
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
        if widget is self._waiting:
            return "waiting"
        return "message"

    def show_message(self, text: str) -> None:
        self._message.setText(text)
        self._stack.setCurrentWidget(self._message)
        self.sig_shown.emit("message")

    def show_read_error(self, error: BaseException, title: str = "") -> None:
        """Reading the file from the vault failed (``read_blob`` on a background lane): say
        what happened and what to do, in words (the error's own text is only a hash)."""
        from sync.local.vault import BlobDamaged, BlobNotFound

        self._title.setText(title)
        self._close_pdf()
        if isinstance(error, BlobDamaged):
            text = damaged_text(server_lacks=False)
        elif isinstance(error, BlobNotFound):
            text = self.tr(
                "This file is not on this computer. If the server has it, it is downloaded with "
                "the next synchronisation; otherwise attach the original file again."
            )
        else:
            log.error("could not read an evidence file", exc_info=error)
            text = self.tr(
                "This file cannot be read right now. Try again; if it keeps failing, run "
                "File > Check archive."
            )
        self.show_message(text)

    def shown_text(self) -> str:
        """The words shown instead of a document (a message, or what a fetch is waiting for)."""
        kind = self.current_kind()
        if kind == "message":
            return self._message.text()
        return self.waiting_label.text() if kind == "waiting" else ""

    def show_waiting(self, title: str, text: str, fraction: float | None) -> None:
        """The file is on its way: ``text`` and a progress bar (busy when ``fraction`` is
        None and the file is being fetched; hidden when nothing moves)."""
        self._title.setText(title)
        self._close_pdf()
        self.waiting_label.setText(text)
        if fraction is None:
            self.waiting_bar.setVisible(False)
        else:
            self.waiting_bar.setVisible(True)
            self.waiting_bar.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        if self._stack.currentWidget() is not self._waiting:
            self._stack.setCurrentWidget(self._waiting)
            self.sig_shown.emit("waiting")

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


class FileFetch(QObject):
    """Brings a file a document needs that is not on this laptop yet (or whose copy here is
    marked damaged: the server's copy repairs it), and says how it goes.

    ``start()`` asks the sync bridge (``context.sync_bridge``) to fetch the file before anything
    else and shows on ``preview`` what is happening: "Sedang diunduh (45 %)" with a progress bar
    while it comes; offline, when it will come; the reason when the server cannot give it yet.
    Once the file is in the vault (verified) ``on_arrived()`` is called (on the GUI thread). Never
    a hash, never a traceback. ``cancel()`` stops listening (another document was chosen). A
    damaged copy nothing can bring a good one for is said in words ("Lampirkan lagi ...").
    """

    def __init__(
        self,
        context: Any,
        preview: EvidencePreview,
        sha256: str,
        title: str,
        on_arrived: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.preview = preview
        self.sha256 = sha256
        self.title = title
        self.on_arrived = on_arrived
        self.bridge: Any = getattr(context, "sync_bridge", None)
        self._fraction: float | None = None
        self._connected = False

    def start(self) -> None:
        bridge = self.bridge
        damaged = bool(self._damaged())
        if bridge is not None and bridge.configured:
            fetching = bridge.fetch_now(self.sha256)
            if not fetching and damaged:
                # A damaged copy still waiting to be sent: the next run asks the server for it
                # (its copy, if it has one, comes down and repairs this one).
                bridge.sync_now()
            if fetching or damaged:
                bridge.sig_download_progress.connect(self._progress)
                bridge.sig_blob_arrived.connect(self._arrived)
                bridge.sig_status.connect(self._status)
                bridge.sig_items_changed.connect(self._refresh)
                self._connected = True
                self._refresh()
                return
        if damaged:
            text = self.tr(
                "This file is damaged on this computer. Sign in on the Synchronisation page: "
                "the server's copy replaces it with the next synchronisation."
            )
        else:
            text = self.tr(
                "This file is not on this laptop yet. Sign in on the Synchronisation page: "
                "it is downloaded with the next synchronisation."
            )
        self.preview.show_waiting(self.title, text, None)

    def cancel(self) -> None:
        if self._connected:
            self._connected = False
            bridge = self.bridge
            bridge.sig_download_progress.disconnect(self._progress)
            bridge.sig_blob_arrived.disconnect(self._arrived)
            bridge.sig_status.disconnect(self._status)
            bridge.sig_items_changed.disconnect(self._refresh)

    @Slot(str, int, int, object)
    def _progress(self, sha256: str, received: int, total: int, _rate: object) -> None:
        if sha256 != self.sha256 or total <= 0:
            return
        self._fraction = received / total
        self._show_downloading()

    @Slot(str)
    def _arrived(self, sha256: str) -> None:
        if sha256 == self.sha256:
            self.cancel()
            self.on_arrived()

    @Slot(object)
    def _status(self, _status: object) -> None:
        self._refresh()

    @Slot()
    def _refresh(self) -> None:
        if not self._connected:
            return
        from desktop.sync_words import format_time, problem_text
        from sync.client.events import Phase
        from sync.local.outbox import OutboxState

        damaged = self._damaged()  # one read of the vault: None = no copy here
        if damaged is False:
            self._arrived(self.sha256)
            return
        fetch = self.bridge.download_state(self.sha256)
        if damaged:
            from sync.local import problems

            lacks = fetch.problem is not None and fetch.problem.code in (
                problems.BLOB_NOT_ON_SERVER,
                problems.BLOB_DAMAGED,
            )
            if lacks or fetch.state is None:  # nothing is bringing a good copy now
                self.preview.show_waiting(self.title, damaged_text(server_lacks=lacks), None)
                return
        if fetch.fraction is not None:
            self._fraction = fetch.fraction
        status = self.bridge.status()
        phase = status.phase if status is not None else None
        if fetch.state is OutboxState.SENDING or (
            phase == Phase.SYNCING and fetch.state is OutboxState.QUEUED
        ):
            self._show_downloading()
            return
        when = fetch.next_attempt_at or (status.next_attempt_at if status is not None else None)
        if fetch.state in (OutboxState.HELD, OutboxState.REFUSED):
            reason = problem_text(fetch.problem, self.bridge.language) if fetch.problem else ""
            text = self.tr(
                "Downloading this file is held back or was refused; see the Synchronisation page."
            )
            self.preview.show_waiting(self.title, f"{text} {reason}".strip(), None)
            return
        if phase in (Phase.OFFLINE, Phase.WAITING, Phase.LOGIN_REQUIRED, Phase.PAUSED):
            if phase == Phase.LOGIN_REQUIRED:
                text = self.tr(
                    "This file comes once you sign in again on the Synchronisation page."
                )
            elif when is not None:
                text = self.tr(
                    "No connection to the server. The file is downloaded as soon as this laptop "
                    "is connected (next try at {0})."
                ).format(format_time(when))
            else:
                text = self.tr(
                    "No connection to the server. The file is downloaded as soon as this laptop "
                    "is connected."
                )
            self.preview.show_waiting(self.title, text, self._fraction)
            return
        if fetch.state is OutboxState.WAITING and fetch.problem is not None:
            reason = problem_text(fetch.problem, self.bridge.language)
            if when is not None:
                reason = self.tr("{0} Next try at {1}.").format(reason, format_time(when))
            self.preview.show_waiting(self.title, reason, self._fraction)
            return
        self._show_downloading()

    def _damaged(self) -> bool | None:
        """Whether the vault's copy of the file is marked damaged; None when there is none."""
        from sync.local.vault import BlobNotFound

        try:
            return bool(self.context.vault.info(self.sha256).damaged)
        except BlobNotFound:
            return None

    def _show_downloading(self) -> None:
        from desktop.sync_words import format_percent

        fraction = self._fraction or 0.0
        self.preview.show_waiting(
            self.title, self.tr("Downloading ({0})").format(format_percent(fraction)), fraction
        )
