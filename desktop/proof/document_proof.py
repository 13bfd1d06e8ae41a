"""What a document proves, in the evidence form: its jenis, the year it is for, the page that
names the innovation, and which of its details were read from the document and wait for the
officer's confirmation (issue 13).

``DocumentProofForm`` edits those fields of one ``EvidenceDocument``; ``sig_changed(object)``
carries the changed document. A field the officer changes is confirmed by that change;
"Konfirmasi" confirms every read field at once.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from iid.records import EvidenceDocument, JenisDokumen, jenis_label
from sync.local.reading.service import NAME_FIELD, confirmed

PREFILLED_STYLE = "background: #fff4cc;"
"""Fields read from the document and not yet confirmed are tinted like a highlighter."""


class DocumentProofForm(QWidget):
    """Jenis dokumen, tahun, the page naming the innovation, and the "read from the document"
    notice with its "Konfirmasi" button, for one document."""

    sig_changed = Signal(object)

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._document: EvidenceDocument | None = None
        self._silent = False
        self.jenis = QComboBox(self)
        self.jenis.setObjectName("jenisDokumen")
        # The longest kind ("SK Kepala Perangkat Daerah a.n. Kepala Daerah") must not widen
        # the evidence pane past a 1366 px laptop screen.
        self.jenis.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.jenis.setMinimumContentsLength(14)
        self.jenis.addItem(self.tr("(not chosen)"), "")
        for kind in JenisDokumen:
            self.jenis.addItem(jenis_label(kind.value, language), kind.value)
        self.tahun = QSpinBox(self)
        self.tahun.setObjectName("tahunDokumen")
        self.tahun.setRange(1989, 2100)
        self.tahun.setSpecialValueText(self.tr("from the date"))
        self.tahun.setMaximumWidth(140)
        self.name_page = QSpinBox(self)
        self.name_page.setObjectName("halamanNama")
        self.name_page.setRange(0, 5000)
        self.name_page.setSpecialValueText(self.tr("not found"))
        self.name_page.setMaximumWidth(140)
        self.notice = QLabel(self)
        self.notice.setObjectName("readNotice")
        self.notice.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("Confirm"), self)
        self.confirm_button.setObjectName("confirmRead")
        notice_row = QHBoxLayout()
        notice_row.setContentsMargins(0, 0, 0, 0)
        notice_row.addWidget(self.notice, 1)
        notice_row.addWidget(self.confirm_button)
        self._notice_box = QWidget(self)
        self._notice_box.setLayout(notice_row)
        self._notice_box.setStyleSheet(
            "#readNotice { background: #fff4cc; border-radius: 3px; padding: 4px 6px; }"
        )
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Document kind"), self.jenis)
        form.addRow(self.tr("Year it is for"), self.tahun)
        form.addRow(self.tr("Page naming the innovation"), self.name_page)
        form.addRow(self._notice_box)
        self.jenis.currentIndexChanged.connect(self._on_edit)
        self.tahun.valueChanged.connect(self._on_edit)
        self.name_page.valueChanged.connect(self._on_edit)
        self.confirm_button.clicked.connect(self._confirm)

    def set_document(self, document: EvidenceDocument) -> None:
        """Show ``document`` without emitting ``sig_changed``."""
        self._document = document
        self._silent = True
        try:
            index = self.jenis.findData(document.jenis)
            self.jenis.setCurrentIndex(max(index, 0))
            self.tahun.setValue(document.tahun or self.tahun.minimum())
            self.name_page.setValue(document.name_page or 0)
        finally:
            self._silent = False
        self._show_read(document)

    def _show_read(self, document: EvidenceDocument) -> None:
        read = set(document.prefilled)
        self.jenis.setStyleSheet(PREFILLED_STYLE if "jenis" in read else "")
        self.tahun.setStyleSheet(PREFILLED_STYLE if "tahun" in read else "")
        self.name_page.setStyleSheet(PREFILLED_STYLE if NAME_FIELD in read else "")
        if document.names_innovation is False:
            self.name_page.setToolTip(
                self.tr("The innovation's name was not found in this document.")
            )
        else:
            self.name_page.setToolTip("")
        self._notice_box.setVisible(bool(read))
        if read:
            self.notice.setText(
                self.tr(
                    "The highlighted details were read from the document. Check them against "
                    "the document, correct what is wrong, then confirm."
                )
            )

    def prefilled_fields(self) -> tuple[str, ...]:
        return self._document.prefilled if self._document is not None else ()

    @Slot()
    def _on_edit(self, *_args: object) -> None:
        document = self._document
        if self._silent or document is None:
            return
        jenis = str(self.jenis.currentData() or "")
        tahun = self.tahun.value() if self.tahun.value() != self.tahun.minimum() else None
        page = self.name_page.value() or None
        touched = []
        if jenis != document.jenis:
            touched.append("jenis")
        if tahun != document.tahun:
            touched.append("tahun")
        changes: dict[str, object] = {"jenis": jenis, "tahun": tahun}
        if page != document.name_page:
            touched.append(NAME_FIELD)
            changes["name_page"] = page
            read = document.names_innovation is not None
            changes["names_innovation"] = True if page else (False if read else None)
        changed = confirmed(dataclasses.replace(document, **changes), tuple(touched))  # type: ignore[arg-type]
        if changed != document:
            self._document = changed
            self._show_read(changed)
            self.sig_changed.emit(changed)

    @Slot()
    def _confirm(self) -> None:
        document = self._document
        if document is None or not document.prefilled:
            return
        changed = confirmed(document)
        self._document = changed
        self._show_read(changed)
        self.sig_changed.emit(changed)
