"""Input widgets for the profile field kinds of a rule set, with one value/changed interface.

Kinds (``ProfileField.kind`` in ``iid.rules``): text, rich_text, enum, multi_enum, date, link,
bool, coordinates. (Kind "file" is an evidence slot and uses ``EvidenceList`` instead.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.date_field import DateField

_COORDINATES = re.compile(r"^\s*(-?\d{1,2}(?:[.,]\d+)?)\s*[,;]\s*(-?\d{1,3}(?:[.,]\d+)?)\s*$")
_LINK = re.compile(r"^https?://\S+\.\S+", re.IGNORECASE)


class FieldInput(QWidget):
    """One profile field: ``value()``, ``set_value(v)`` (silent), ``sig_changed`` on user edits."""

    sig_changed = Signal()

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def _layout(self) -> QVBoxLayout:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        return layout


class TextInput(FieldInput):
    def __init__(self, parent: QWidget | None = None, *, link: bool = False) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self._link = link
        if link:
            self.edit.setPlaceholderText("https://…")
        self._layout().addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._edited)

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText(str(value or ""))

    @Slot(str)
    def _edited(self, text: str) -> None:
        if self._link:
            bad = bool(text.strip()) and not _LINK.match(text.strip())
            self.edit.setToolTip(
                self.tr("A link starts with https:// (e.g. a YouTube or Google Drive address).")
                if bad
                else ""
            )
            self.edit.setStyleSheet("border: 1px solid #c0392b;" if bad else "")
        self.sig_changed.emit()


class RichTextInput(FieldInput):
    """Multi-line text; with ``min_words`` it shows a live word counter against the minimum."""

    def __init__(
        self, parent: QWidget | None = None, *, min_words: int = 0, word_count: Any = None
    ) -> None:
        super().__init__(parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(150 if min_words else 80)
        self._min_words = min_words
        self._word_count = word_count
        layout = self._layout()
        layout.addWidget(self.edit)
        self.counter: QLabel | None = None
        if min_words and word_count is not None:
            self.counter = QLabel(self)
            self.counter.setObjectName("wordCounter")
            self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
            layout.addWidget(self.counter)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._changed)
        self._silent = False
        self._update_counter()

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        self._silent = True
        try:
            self.edit.setPlainText(str(value or ""))
        finally:
            self._silent = False
        self._update_counter()

    def words(self) -> int:
        return int(self._word_count(self.value())) if self._word_count is not None else 0

    @Slot()
    def _changed(self) -> None:
        self._update_counter()
        if not self._silent:
            self.sig_changed.emit()

    def _update_counter(self) -> None:
        if self.counter is None:
            return
        words = self.words()
        enough = words >= self._min_words
        self.counter.setText(self.tr("{0} words (minimum {1})").format(words, self._min_words))
        self.counter.setStyleSheet("color: #2f7d32;" if enough else "color: #b03a2e;")


class EnumInput(FieldInput):
    """A choice from the rule set's allowed values; the first entry means "not chosen"."""

    def __init__(self, choices: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        self.combo.addItem(self.tr("— choose —"), "")
        for choice in choices:
            self.combo.addItem(choice, choice)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMaximumWidth(520)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo)
        row.addStretch(1)
        self._layout().addLayout(row)
        self.setFocusProxy(self.combo)
        self.combo.activated.connect(lambda _i: self.sig_changed.emit())

    def value(self) -> str:
        return str(self.combo.currentData() or "")

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value or "")
        if index < 0 and value:
            # A value the rule year does not list (e.g. from an older year): keep and show it.
            self.combo.addItem(self.tr("{0} (not in this year's list)").format(value), value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0))


class MultiEnumInput(FieldInput):
    """Several choices from a list (e.g. the overlapping urusan), as check boxes in a list."""

    def __init__(self, choices: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setMaximumHeight(150)
        for choice in choices:
            item = QListWidgetItem(choice, self.list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setObjectName("hint")
        self.summary.setWordWrap(True)
        layout = self._layout()
        layout.addWidget(self.list)
        layout.addWidget(self.summary)
        self.setFocusProxy(self.list)
        self._silent = False
        self.list.itemChanged.connect(self._changed)
        self._update_summary()

    def value(self) -> list[str]:
        return [
            self.list.item(i).text()
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_value(self, value: Any) -> None:
        wanted = list(value or [])
        self._silent = True
        try:
            present = {self.list.item(i).text() for i in range(self.list.count())}
            for name in wanted:
                if name not in present:
                    item = QListWidgetItem(name, self.list)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            for i in range(self.list.count()):
                item = self.list.item(i)
                item.setCheckState(
                    Qt.CheckState.Checked if item.text() in wanted else Qt.CheckState.Unchecked
                )
        finally:
            self._silent = False
        self._update_summary()

    def set_checked(self, name: str, checked: bool = True) -> None:
        """Check or uncheck one entry as a user would (emits ``sig_changed``)."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.text() == name:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def set_disabled_choice(self, name: str) -> None:
        """Grey out one entry (the main urusan cannot also be an overlapping one)."""
        # itemChanged also fires for flag changes: those are not user edits.
        self._silent = True
        try:
            for i in range(self.list.count()):
                item = self.list.item(i)
                flags = item.flags()
                if item.text() != name:
                    item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled)
                else:
                    item.setFlags(flags & ~Qt.ItemFlag.ItemIsEnabled)
        finally:
            self._silent = False

    @Slot(QListWidgetItem)
    def _changed(self, _item: QListWidgetItem) -> None:
        self._update_summary()
        if not self._silent:
            self.sig_changed.emit()

    def _update_summary(self) -> None:
        chosen = self.value()
        self.summary.setText(
            self.tr("Chosen: {0}").format(", ".join(chosen)) if chosen else self.tr("None chosen.")
        )


class DateInput(FieldInput):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = DateField(self)
        self._layout().addWidget(self.field)
        self.setFocusProxy(self.field)
        self.field.sig_date_changed.connect(lambda _v: self.sig_changed.emit())

    def value(self) -> Any:
        return self.field.value()

    def set_value(self, value: Any) -> None:
        self.field.set_value(value)


class BoolInput(FieldInput):
    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(label, self)
        self._layout().addWidget(self.check)
        self.setFocusProxy(self.check)
        self.check.clicked.connect(lambda _c: self.sig_changed.emit())

    def value(self) -> bool:
        return self.check.isChecked()

    def set_value(self, value: Any) -> None:
        self.check.setChecked(bool(value))


class CoordinatesInput(FieldInput):
    """Latitude and longitude typed as "-6.2088, 106.8456"; stored as [lat, lng] or None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("latitude, longitude (e.g. -6.2088, 106.8456)"))
        self.edit.setMaximumWidth(320)
        self._layout().addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self._value: list[float] | None = None
        self.edit.textEdited.connect(self._edited)

    def value(self) -> list[float] | None:
        return self._value

    def set_value(self, value: Any) -> None:
        if value:
            lat, lng = float(value[0]), float(value[1])
            self._value = [lat, lng]
            self.edit.setText(f"{lat}, {lng}")
        else:
            self._value = None
            self.edit.clear()

    @Slot(str)
    def _edited(self, text: str) -> None:
        parsed = parse_coordinates(text)
        bad = parsed is None and bool(text.strip())
        self.edit.setStyleSheet("border: 1px solid #c0392b;" if bad else "")
        self.edit.setToolTip(
            self.tr("Type latitude and longitude separated by a comma, e.g. -6.2088, 106.8456.")
            if bad
            else ""
        )
        if bad:
            return
        self._value = parsed
        self.sig_changed.emit()


def parse_coordinates(text: str) -> list[float] | None:
    """ "lat, lng" -> [lat, lng] within the earth's ranges; None for empty or invalid text."""
    match = _COORDINATES.match(text)
    if not match:
        return None
    lat = float(match.group(1).replace(",", "."))
    lng = float(match.group(2).replace(",", "."))
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None
    return [lat, lng]
