"""Evidence documents (bukti dukung) of one slot: list, metadata, import, rejection, preview.

A slot is an SID indicator ("16".."35"), an SPD row ("1", "2a", ...) or a profile file field.
Files are checked (``sync.local.inspect``) and streamed into the vault on the background lane;
only a committed blob becomes a document, handed to the owner (the innovation editor or the SPD
page), which saves it through the database lane. A rejected file leaves the draft untouched and
gets a panel saying why and what to do, with "Perkecil berkas" or a conversion when the vault
says one is possible.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QSize, Qt, QUrl, Signal, Slot
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.labels import as_written, format_bytes
from desktop.proof.document_proof import PREFILLED_STYLE, DocumentProofForm
from desktop.widgets.date_field import DateField, format_date
from desktop.widgets.preview import EvidencePreview, FileFetch, read_blob
from iid.findings import Finding
from iid.records import EvidenceDocument
from sync.local import inspect as file_inspect
from sync.local import shrink, thumbnails
from sync.local.ids import new_id
from sync.local.reading.service import can_read, confirmed
from sync.local.vault import ImportCancelled

PREVIEWABLE = frozenset({"application/pdf", "image/jpeg", "image/png"})
THUMBNAIL_PX = 96
LARGE_FILE_BYTES = 4 * 1024 * 1024
"""Files at least this large show a progress bar with a cancel button while imported."""

_TYPE_LABELS = {
    "application/pdf": "PDF",
    "image/jpeg": "JPG",
    "image/png": "PNG",
    "video/mp4": "MP4",
    "video/quicktime": "MOV",
}


class DocumentOwner(Protocol):
    """Where a slot's documents live: changes go through the owner to the database lane."""

    def documents(self, slot: str) -> list[EvidenceDocument]: ...

    def add_document(self, document: EvidenceDocument) -> None: ...

    def update_document(self, document: EvidenceDocument) -> None: ...

    def remove_document(self, document: EvidenceDocument) -> None: ...

    def reorder_documents(self, slot: str, document_ids: list[str]) -> None: ...


@dataclass(frozen=True)
class Rejection:
    """A file that was not attached, with the findings that say why and the remedy offered."""

    path: Path
    findings: tuple[Finding, ...]
    can_shrink: bool
    convert_to: str | None
    suggest_link: bool


def new_document_id() -> str:
    """A UUIDv7 for a new evidence document: the store's client-made ids (``sync.local.ids``)."""
    return new_id()


def human_size(size: int | None) -> str:
    return "" if size is None else format_bytes(size)


def accepted_types(rules: Any, slot: str) -> str:
    """E.g. "PDF, JPG, PNG" for the slot's accepted media types, in a fixed order."""
    order = ["PDF", "JPG", "PNG", "MP4", "MOV"]
    labels = {_TYPE_LABELS.get(t, t) for t in rules.accepted_media_types(slot)}
    return ", ".join(sorted(labels, key=lambda s: order.index(s) if s in order else 99))


class _Bridge(QObject):
    """Carries progress from a worker thread to the UI thread (queued signal)."""

    sig_progress = Signal(int, int)


class RejectionPanel(QFrame):
    """Why a file was not attached and what to do; offers shrink / convert when possible."""

    sig_shrink = Signal()
    sig_convert = Signal()
    sig_link = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rejectionPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#rejectionPanel { background: #fdecea; border: 1px solid #e6a5a0;"
            " border-radius: 4px; }"
        )
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shrink_button = QPushButton(self.tr("Shrink file"), self)
        self.convert_button = QPushButton(self)
        self.link_button = QPushButton(self.tr("Add a link instead"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        buttons = QHBoxLayout()
        for button in (self.shrink_button, self.convert_button, self.link_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.shrink_button.clicked.connect(self.sig_shrink)
        self.convert_button.clicked.connect(self.sig_convert)
        self.link_button.clicked.connect(self.sig_link)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def show_rejection(self, rejection: Rejection, language: str) -> None:
        lines = [
            self.tr("“{0}” was not attached.").format(rejection.path.name),
            *(f"• {f.message(language)}" for f in rejection.findings if f.blocks_submit),
        ]
        self.message.setText("\n".join(lines))
        self.shrink_button.setVisible(rejection.can_shrink)
        self.convert_button.setVisible(rejection.convert_to is not None)
        if rejection.convert_to is not None:
            self.convert_button.setText(
                self.tr("Convert to {0}").format(
                    _TYPE_LABELS.get(rejection.convert_to, rejection.convert_to)
                )
            )
        self.link_button.setVisible(rejection.suggest_link)
        self.show()
        focus = next(
            (
                b
                for b in (self.shrink_button, self.convert_button, self.link_button)
                if not b.isHidden()
            ),
            self.close_button,
        )
        focus.setFocus()

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        for button in (self.shrink_button, self.convert_button, self.link_button):
            button.hide()
        self.show()


class EvidenceList(QWidget):
    """The documents of one slot with add file / add link / metadata / reorder / remove.

    Files may also be dropped onto the widget. ``add_files(paths)`` is the one entry point for
    the file dialog, drops and callers. Signals: ``sig_documents_changed(str)`` after the
    owner's documents changed (slot), ``sig_import_finished(str)`` (sha256) and
    ``sig_rejected(object)`` (a ``Rejection``) after each file.
    """

    sig_documents_changed = Signal(str)
    sig_import_finished = Signal(str)
    sig_rejected = Signal(object)
    sig_busy_changed = Signal(bool)

    def __init__(
        self,
        context: Any,
        owner: DocumentOwner,
        rules: Any,
        slot: str,
        parent: QWidget | None = None,
        *,
        with_preview: bool = True,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._owner = owner
        self._rules = rules
        self._slot = slot
        self._busy = 0
        self._cancel: threading.Event | None = None
        self._current_id: str | None = None
        self._fetch: FileFetch | None = None
        self._last_rejection: Rejection | None = None
        self._read_only = False
        self._bridge = _Bridge(self)
        self.setAcceptDrops(True)

        self.title = QLabel(self.tr("Evidence documents"), self)
        self.title.setObjectName("sectionTitle")
        self.accepts = QLabel(
            self.tr("{0} · max. {1}").format(
                accepted_types(rules, slot), human_size(rules.max_file_bytes)
            ),
            self,
        )
        self.accepts.setObjectName("hint")
        self.accepts.setWordWrap(True)  # under the title: the row never widens the pane
        self.add_file_button = QPushButton(self.tr("Add file…"), self)
        self.add_link_button = QPushButton(self.tr("Add link…"), self)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.accepts)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(self.add_file_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.add_link_button, 0, Qt.AlignmentFlag.AlignTop)

        self.rejection = RejectionPanel(self)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self._progress_box = QWidget(self)
        self._progress_box.setLayout(progress_row)
        progress_row.setContentsMargins(0, 0, 0, 0)
        self._progress_box.hide()

        self.list = QListWidget(self)
        self.list.setObjectName("evidenceList")
        self.list.setAlternatingRowColors(True)
        self.list.setIconSize(QSize(28, 28))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.list.setMinimumHeight(72)
        self.list.setAcceptDrops(False)
        self.empty_hint = QLabel(
            self.tr("No documents yet. Drag files here or use “Add file…”."), self
        )
        self.empty_hint.setObjectName("dropHint")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setFixedHeight(64)
        self.empty_hint.setStyleSheet(
            "#dropHint { border: 1px dashed #9aa5b1; border-radius: 4px; padding: 14px;"
            " color: #52606d; }"
        )

        self.nomor = QLineEdit(self)
        self.nomor.setPlaceholderText(self.tr("e.g. 188.4/123/2025"))
        self.tanggal = DateField(self)
        self.tentang = QLineEdit(self)
        self.tentang.setPlaceholderText(self.tr("What the document is about"))
        self.link = QLineEdit(self)
        self.link.setPlaceholderText("https://…")
        self.up_button = QPushButton(self.tr("Move up"), self)
        self.down_button = QPushButton(self.tr("Move down"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.save_copy_button = QPushButton(self.tr("Save a copy…"), self)
        self._form_box = QWidget(self)
        form = QFormLayout(self._form_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Number"), self.nomor)
        form.addRow(self.tr("Date"), self.tanggal)
        form.addRow(self.tr("About"), self.tentang)
        form.addRow(self.tr("Link"), self.link)
        self._link_label = form.labelForField(self.link)
        # What the document proves (jenis, year, the page naming the innovation) and the
        # details read from it that wait for confirmation: for files that can be read.
        self.proof = DocumentProofForm(self._language(), self._form_box)
        self.proof.sig_changed.connect(self._on_proof_changed)
        form.addRow(self.proof)
        actions = QHBoxLayout()
        actions.addWidget(self.up_button)
        actions.addWidget(self.down_button)
        actions.addWidget(self.save_copy_button)
        actions.addStretch(1)
        actions.addWidget(self.remove_button)
        form.addRow(actions)

        self.preview: EvidencePreview | None = None
        # Side by side when there is room, the preview under the list when the pane is narrow
        # (a 1366 px laptop with the score panel open): see resizeEvent.
        body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._body = body
        left = QVBoxLayout()
        left.addWidget(self.list)
        left.addWidget(self.empty_hint)
        left.addWidget(self._form_box)
        left.addStretch(1)
        body.addLayout(left, 3)
        if with_preview:
            self.preview = EvidencePreview(self)
            self.preview.setMinimumSize(160, 260)
            body.addWidget(self.preview, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.rejection)
        layout.addWidget(self._progress_box)
        layout.addLayout(body)

        self.add_file_button.clicked.connect(self._choose_files)
        self.add_link_button.clicked.connect(self._ask_link)
        self.cancel_button.clicked.connect(self._cancel_import)
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.nomor.textEdited.connect(self._on_metadata_edited)
        self.tentang.textEdited.connect(self._on_metadata_edited)
        self.link.textEdited.connect(self._on_metadata_edited)
        self.tanggal.sig_date_changed.connect(self._on_metadata_edited)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.remove_button.clicked.connect(self._remove_current)
        self.save_copy_button.clicked.connect(self._save_copy)
        self.rejection.sig_shrink.connect(self._shrink_rejected)
        self.rejection.sig_convert.connect(self._convert_rejected)
        self.rejection.sig_link.connect(self._ask_link)
        self._bridge.sig_progress.connect(self._on_progress)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._remove_current)
        self.refresh()

    STACK_BELOW_PX = 640  # narrower than this: the preview goes under the list

    @property
    def read_only(self) -> bool:
        return self._read_only

    def set_read_only(self) -> None:
        """Only reading from now on (the innovation is in review, or not this officer's):
        documents can be chosen, previewed and saved as a copy; nothing is added, changed,
        moved or removed (one way: the editor is rebuilt when it becomes writable)."""
        from desktop.widgets.read_only import freeze

        self._read_only = True
        for button in (self.add_file_button, self.add_link_button, self.up_button,
                       self.down_button, self.remove_button):  # fmt: skip
            button.hide()
        self.empty_hint.setText(self.tr("No documents."))
        freeze(self, keep=(self.list, self.save_copy_button, self.preview or self.list))

    def resizeEvent(self, event: QResizeEvent) -> None:
        direction = (
            QBoxLayout.Direction.TopToBottom
            if self.width() < self.STACK_BELOW_PX
            else QBoxLayout.Direction.LeftToRight
        )
        if self._body.direction() != direction:
            self._body.setDirection(direction)
        super().resizeEvent(event)

    # --- public -------------------------------------------------------------------------

    @property
    def slot(self) -> str:
        return self._slot

    def last_rejection(self) -> Rejection | None:
        return self._last_rejection

    def is_busy(self) -> bool:
        return self._busy > 0

    def refresh(self, select_id: str | None = None) -> None:
        """Rebuild the list from the owner's documents, keeping or moving the selection."""
        documents = self._owner.documents(self._slot)
        keep = select_id or self._current_id
        self.list.blockSignals(True)
        self.list.clear()
        selected_row = -1
        for row, document in enumerate(documents):
            item = QListWidgetItem(self._describe(row, document))
            item.setData(Qt.ItemDataRole.UserRole, document.id)
            item.setToolTip(as_written(document.link or document.file_name or ""))
            self.list.addItem(item)
            if document.id == keep:
                selected_row = row
        self.list.blockSignals(False)
        has_documents = bool(documents)
        self.list.setVisible(has_documents)
        self.empty_hint.setVisible(not has_documents)
        if self.preview is not None:
            self.preview.setVisible(has_documents)
        if has_documents:
            row_height = max(self.list.sizeHintForRow(0), self.list.iconSize().height() + 6)
            self.list.setFixedHeight(min(6, len(documents)) * row_height + 6)
        if selected_row < 0 and has_documents:
            selected_row = 0
        self.list.setCurrentRow(selected_row)
        self._on_current_changed(self.list.currentItem(), None)
        self._load_thumbnails(documents)

    def add_files(self, paths: Sequence[Path | str]) -> None:
        """Check and import each file in the background; rejected ones get the panel."""
        if self._read_only:
            return
        self.rejection.hide()
        for path in paths:
            self._start_file(Path(path))

    def add_link(self, url: str, tentang: str = "") -> None:
        """Attach a link (e.g. a YouTube video) as a document of this slot."""
        url = url.strip()
        if not url or self._read_only:
            return
        document = EvidenceDocument(
            id=new_document_id(),
            slot=self._slot,
            tentang=tentang,
            link=url,
            position=len(self._owner.documents(self._slot)),
        )
        self._owner.add_document(document)
        self.refresh(document.id)
        self.sig_documents_changed.emit(self._slot)

    def current_document(self) -> EvidenceDocument | None:
        return next(
            (d for d in self._owner.documents(self._slot) if d.id == self._current_id), None
        )

    # --- drag and drop ------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self._read_only and local_files(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not self._read_only and local_files(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event.mimeData().urls())
        if not files or self._read_only:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_files(files)

    # --- importing ----------------------------------------------------------------------

    def _start_file(self, path: Path) -> None:
        rules, slot = self._rules, self._slot
        vault = self._context.vault
        cancel = threading.Event()
        bridge = self._bridge
        big = _size_or_zero(path) >= LARGE_FILE_BYTES

        def work() -> tuple[Any, Any]:
            inspection = file_inspect.inspect_for_slot(path, rules, slot)
            if not inspection.accepted:
                return inspection, None
            info = vault.import_file(
                path,
                progress=lambda done, total: bridge.sig_progress.emit(done, total),
                cancel=cancel,
            )
            return inspection, info

        self._set_busy(+1)
        if big:
            self._cancel = cancel
            self.progress.setRange(0, 100)
            self.progress.setValue(0)
            self.progress.setFormat(self.tr("Importing {0}… %p%").format(path.name))
            self._progress_box.show()
        self._context.tasks.run_bg(
            work,
            on_done=lambda result: self._imported(path, result),
            on_error=lambda error: self._import_failed(path, error),
        )

    def _imported(self, path: Path, result: tuple[Any, Any]) -> None:
        inspection, info = result
        self._finish_import()
        if info is None:
            rejection = Rejection(
                path=path,
                findings=tuple(inspection.findings),
                can_shrink=bool(inspection.can_shrink),
                convert_to=inspection.convert_to,
                suggest_link=bool(inspection.suggest_link),
            )
            self._last_rejection = rejection
            self.rejection.show_rejection(rejection, self._language())
            self.sig_rejected.emit(rejection)
            return
        document = EvidenceDocument(
            id=new_document_id(),
            slot=self._slot,
            sha256=info.sha256,
            file_name=inspection.suggested_name or path.name,
            media_type=info.media_type,
            size_bytes=info.size_bytes,
            page_count=info.page_count,
            duration_seconds=info.duration_seconds,
            tentang=path.stem.replace("_", " "),
            position=len(self._owner.documents(self._slot)),
        )
        self._owner.add_document(document)
        self.refresh(document.id)
        self.sig_documents_changed.emit(self._slot)
        self.sig_import_finished.emit(info.sha256)

    def _import_failed(self, path: Path, error: BaseException) -> None:
        self._finish_import()
        if isinstance(error, ImportCancelled):
            return
        if isinstance(error, OSError):
            text = self.tr(
                "“{0}” could not be read ({1}). Check that the file still exists and is not "
                "open in another program, then add it again."
            ).format(path.name, error.strerror or error)
        else:
            text = self.tr("“{0}” was not attached: {1}").format(path.name, error)
        self._last_rejection = Rejection(path, (), False, None, False)
        self.rejection.show_error(text)
        self.sig_rejected.emit(self._last_rejection)

    def _finish_import(self) -> None:
        self._set_busy(-1)
        if not self._busy:
            self._progress_box.hide()
            self._cancel = None

    def _set_busy(self, delta: int) -> None:
        was = self._busy > 0
        self._busy += delta
        if was != (self._busy > 0):
            self.sig_busy_changed.emit(self._busy > 0)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if total:
            self.progress.setValue(int(done * 100 / total))

    @Slot()
    def _cancel_import(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    # --- shrink and convert -------------------------------------------------------------

    @Slot()
    def _shrink_rejected(self) -> None:
        rejection = self._last_rejection
        if rejection is None:
            return
        limit = int(self._rules.max_file_bytes)
        accepted = set(self._rules.accepted_media_types(self._slot))
        src = rejection.path

        def work() -> Any:
            media = file_inspect.sniff_media_type(file_inspect.read_head(src))
            if media == file_inspect.PDF:
                return shrink.shrink_pdf(src, _free_output(src, "kecil", ".pdf"), limit)
            if file_inspect.PDF in accepted:
                return shrink.shrink_images_to_pdf(
                    [src], _free_output(src, "kecil", ".pdf"), target_bytes=limit
                )
            raise shrink.ShrinkError(
                "Gambar ini hanya dapat diperkecil menjadi PDF, tetapi indikator ini tidak "
                "menerima PDF. Perkecil gambar dengan aplikasi lain. / This image can only be "
                "shrunk into a PDF, which this indicator does not accept."
            )

        self._run_remedy(work, self.tr("Shrinking {0}…").format(src.name))

    @Slot()
    def _convert_rejected(self) -> None:
        rejection = self._last_rejection
        if rejection is None or rejection.convert_to is None:
            return
        src, target = rejection.path, rejection.convert_to
        ext = file_inspect.EXTENSIONS.get(target, ".pdf")

        def work() -> Any:
            return shrink.convert_to_accepted(src, _free_output(src, "ubah", ext), target)

        self._run_remedy(work, self.tr("Converting {0}…").format(src.name))

    def _run_remedy(self, work: Any, label: str) -> None:
        self.rejection.hide()
        self._set_busy(+1)
        self.progress.setRange(0, 0)
        self.progress.setFormat(label)
        self._progress_box.show()

        def done(result: Any) -> None:
            self._finish_import()
            self.progress.setRange(0, 100)
            self.add_files([result.path])

        def failed(error: BaseException) -> None:
            self._finish_import()
            self.progress.setRange(0, 100)
            self.rejection.show_error(str(error))

        self._context.tasks.run_bg(work, on_done=done, on_error=failed)

    # --- links, metadata, order ---------------------------------------------------------

    @Slot()
    def _choose_files(self) -> None:
        patterns = " ".join(
            f"*{ext}"
            for t in sorted(self._rules.accepted_media_types(self._slot))
            for ext in _extensions_of(t)
        )
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add evidence"), "", self.tr("Evidence ({0})").format(patterns)
        )
        if paths:
            self.add_files(paths)

    @Slot()
    def _ask_link(self) -> None:
        url, ok = QInputDialog.getText(
            self, self.tr("Add link"), self.tr("Address (e.g. a YouTube or Google Drive link):")
        )
        if ok and url.strip():
            self.rejection.hide()
            self.add_link(url)

    def _on_current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        self._current_id = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        document = self.current_document()
        self._form_box.setVisible(document is not None)
        if document is None:
            if self.preview is not None:
                self.preview.clear()
            return
        self._show_metadata(document)
        is_link = document.is_link
        self.link.setText(document.link or "")
        self.link.setVisible(is_link)
        if self._link_label is not None:
            self._link_label.setVisible(is_link)
        self.save_copy_button.setVisible(not is_link)
        row = self.list.currentRow()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(row < self.list.count() - 1)
        self._show_preview(document)

    def _show_preview(self, document: EvidenceDocument) -> None:
        preview = self.preview
        if preview is None:
            return
        if document.is_link or not document.sha256:
            preview.show_message(document.link or "")
            return
        if document.media_type not in PREVIEWABLE:
            # Videos are not read into memory for a preview; say what the file is instead.
            minutes = (document.duration_seconds or 0) / 60
            preview.show_message(
                self.tr("{0}: video, {1} minutes, {2}.").format(
                    document.file_name or "", f"{minutes:.1f}", human_size(document.size_bytes)
                )
            )
            return
        vault, sha = self._context.vault, document.sha256
        title = document.file_name or ""
        media = document.media_type
        wanted = document.id
        if self._fetch is not None:
            self._fetch.cancel()
            self._fetch = None
        if not vault.has_intact(sha):
            # Not on this laptop yet (a colleague's or the server's file), or its copy here is
            # marked damaged (the server's copy repairs it): fetch it first.
            def arrived() -> None:
                current = self.current_document()
                if current is not None and current.id == wanted:
                    self._show_preview(current)

            self._fetch = FileFetch(self._context, preview, sha, title, arrived, self)
            self._fetch.start()
            return

        def shown(data: bytes) -> None:
            if self._current_id == wanted and self.preview is not None:
                self.preview.show_data(data, media, title)

        def failed(error: BaseException) -> None:
            if self._current_id == wanted and self.preview is not None:
                self.preview.show_read_error(error, title)

        self._context.tasks.run_bg(lambda: read_blob(vault, sha), on_done=shown, on_error=failed)

    def _load_thumbnails(self, documents: Sequence[EvidenceDocument]) -> None:
        """First-page icons for the list, rendered (and cached by the vault) in the background."""
        wanted = [d.sha256 for d in documents if d.sha256 and d.media_type in PREVIEWABLE]
        if not wanted:
            return
        vault = self._context.vault

        def work() -> dict[str, bytes]:
            found = {}
            for sha in dict.fromkeys(wanted):
                try:
                    thumb = thumbnails.thumbnail(vault, sha, THUMBNAIL_PX)
                except Exception:  # noqa: BLE001 - a missing icon must never break the list
                    thumb = None
                if thumb is not None:
                    found[sha] = thumb.png
            return found

        self._context.tasks.run_bg(work, on_done=self._show_thumbnails)

    def _show_thumbnails(self, pngs: dict[str, bytes]) -> None:
        by_id = {d.id: d.sha256 for d in self._owner.documents(self._slot)}
        for row in range(self.list.count()):
            item = self.list.item(row)
            sha = by_id.get(item.data(Qt.ItemDataRole.UserRole))
            if sha in pngs:
                pixmap = QPixmap()
                pixmap.loadFromData(pngs[sha], "PNG")
                item.setIcon(QIcon(pixmap))

    def _show_metadata(self, document: EvidenceDocument) -> None:
        self.nomor.setText(document.nomor)
        self.tanggal.set_value(document.tanggal)
        self.tentang.setText(document.tentang)
        read = set(document.prefilled)
        for name, field in (("nomor", self.nomor), ("tanggal", self.tanggal),
                            ("tentang", self.tentang)):  # fmt: skip
            field.setStyleSheet(PREFILLED_STYLE if name in read else "")
        readable = can_read(document)
        self.proof.setVisible(readable)
        if readable:
            self.proof.set_document(document)

    def show_document(self, document: EvidenceDocument) -> None:
        """``document`` changed elsewhere (its reading arrived): update its row and, when it
        is the one shown, its fields (a field the officer is typing in keeps its text)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == document.id:
                item.setText(self._describe(row, document))
        if self._current_id != document.id:
            return
        focused = self.focusWidget()
        for field, value in ((self.nomor, document.nomor), (self.tentang, document.tentang)):
            if field is not focused and field.text() != value:
                field.setText(value)
        if not self.tanggal.isAncestorOf(focused) and self.tanggal.value() != document.tanggal:
            self.tanggal.set_value(document.tanggal)
        read = set(document.prefilled)
        for name, widget in (("nomor", self.nomor), ("tanggal", self.tanggal),
                             ("tentang", self.tentang)):  # fmt: skip
            widget.setStyleSheet(PREFILLED_STYLE if name in read else "")
        self.proof.setVisible(can_read(document))
        self.proof.set_document(document)

    @Slot(object)
    def _on_proof_changed(self, changed: EvidenceDocument) -> None:
        document = self.current_document()
        if document is None or document.id != changed.id or self._read_only:
            return
        # The form holds the proof fields; nomor, tanggal and tentang stay as shown here.
        merged = dataclasses.replace(
            document,
            jenis=changed.jenis,
            tahun=changed.tahun,
            names_innovation=changed.names_innovation,
            name_page=changed.name_page,
            prefilled=changed.prefilled,
        )
        if merged != document:
            self._owner.update_document(merged)
            self.show_document(merged)

    def _on_metadata_edited(self, *_args: object) -> None:
        document = self.current_document()
        if document is None or self._read_only:
            return
        changed = dataclasses.replace(
            document,
            nomor=self.nomor.text(),
            tanggal=self.tanggal.value(),
            tentang=self.tentang.text(),
            link=(self.link.text() or None) if document.is_link else document.link,
        )
        if changed == document:
            return
        # A read field the officer edits is confirmed by that edit.
        touched = tuple(
            name for name in ("nomor", "tanggal", "tentang")
            if getattr(changed, name) != getattr(document, name)
        )  # fmt: skip
        changed = confirmed(changed, touched)
        for name in touched:
            widget = {"nomor": self.nomor, "tanggal": self.tanggal, "tentang": self.tentang}
            widget[name].setStyleSheet("")
        if can_read(changed):
            self.proof.set_document(changed)
        self._owner.update_document(changed)
        item = self.list.currentItem()
        if item is not None:
            item.setText(self._describe(self.list.currentRow(), changed))

    @Slot()
    def _save_copy(self) -> None:
        """Export the stored file (e.g. to open it in another app); the vault keeps its copy."""
        document = self.current_document()
        if document is None or not document.sha256:
            return
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save a copy"), document.file_name or "bukti"
        )
        if target:
            self.export_copy(document, Path(target))

    def export_copy(self, document: EvidenceDocument, target: Path) -> None:
        vault, sha = self._context.vault, document.sha256
        self._context.tasks.run_bg(
            lambda: vault.export(sha, target),
            on_error=lambda error: self.rejection.show_error(
                self.tr("The copy could not be saved: {0}").format(error)
            ),
        )

    def _move(self, step: int) -> None:
        if self._read_only:
            return
        documents = self._owner.documents(self._slot)
        row = self.list.currentRow()
        target = row + step
        if not (0 <= row < len(documents) and 0 <= target < len(documents)):
            return
        ids = [d.id for d in documents]
        ids[row], ids[target] = ids[target], ids[row]
        self._owner.reorder_documents(self._slot, ids)
        self.refresh(ids[target])
        self.list.setFocus()
        self.sig_documents_changed.emit(self._slot)

    @Slot()
    def _remove_current(self) -> None:
        document = self.current_document()
        if document is None or self._read_only:
            return
        row = self.list.currentRow()
        self._owner.remove_document(document)
        remaining = self._owner.documents(self._slot)
        self._current_id = None
        self.refresh(remaining[min(row, len(remaining) - 1)].id if remaining else None)
        self.sig_documents_changed.emit(self._slot)

    def _describe(self, row: int, document: EvidenceDocument) -> str:
        if document.is_link:
            name = document.link or ""
            facts = self.tr("link")
        else:
            name = document.file_name or document.sha256 or ""
            parts = [_TYPE_LABELS.get(document.media_type or "", "")]
            if document.page_count:
                parts.append(self.tr("{0} page(s)").format(document.page_count))
            parts.append(human_size(document.size_bytes))
            facts = " · ".join(p for p in parts if p)
        extra = " · ".join(
            p for p in (document.nomor, format_date(document.tanggal), document.tentang) if p
        )
        text = f"{row + 1}. {name}  ({facts})"
        return f"{text} — {extra}" if extra else text

    def _language(self) -> str:
        return str(getattr(self._context, "language", "id") or "id")


def local_files(urls: Sequence[QUrl]) -> list[Path]:
    """The local file paths among dragged URLs (web links and other data are ignored)."""
    return [Path(u.toLocalFile()) for u in urls if u.isLocalFile() and u.toLocalFile()]


def _size_or_zero(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _extensions_of(media_type: str) -> list[str]:
    return [ext for ext, media in _SUFFIXES.items() if media == media_type]


_SUFFIXES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
}


def _free_output(src: Path, label: str, ext: str) -> Path:
    """A new file beside the original (as the vault's message promises), else in a work folder.

    The original is never changed; a read-only folder (a CD, a shared drive) falls back to the
    data folder's "perkecil" folder.
    """
    try:
        candidate = shrink.output_path_beside(src, label, ext)
        probe = candidate.with_name(candidate.name + ".probe")
        probe.touch()
        probe.unlink()
        return candidate
    except OSError:
        from sync.local.paths import data_dir
        from sync.private_files import private_dir

        folder = private_dir(data_dir() / "perkecil")
        return shrink.output_path_beside(folder / src.name, label, ext)


__all__ = [
    "DocumentOwner",
    "EvidenceList",
    "Rejection",
    "RejectionPanel",
    "accepted_types",
    "new_document_id",
]
