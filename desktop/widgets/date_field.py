"""A date entry that may be empty: typed as dd-mm-yyyy (or picked from a calendar)."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

_PATTERNS = (
    re.compile(r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
)


def parse_date(text: str) -> date | None:
    """``dd-mm-yyyy``, ``dd/mm/yyyy``, ``dd.mm.yyyy`` or ISO ``yyyy-mm-dd``; ValueError else."""
    text = text.strip()
    if not text:
        return None
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
    raise ValueError(text)


def format_date(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


class DateField(QWidget):
    """Line edit plus calendar button. ``sig_date_changed(object)`` carries a date or None.

    Invalid text is kept as typed (nothing is lost) and marked with ``invalid=true`` and a
    tooltip; no change is emitted until the text is a real date or empty again.
    """

    sig_date_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: date | None = None
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("dd-mm-yyyy"))
        self.edit.setMaximumWidth(130)
        self.edit.setClearButtonEnabled(True)
        self.button = QToolButton(self)
        self.button.setText("…")
        self.button.setToolTip(self.tr("Choose from a calendar"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._on_text_edited)
        self.edit.editingFinished.connect(self._normalize)
        self.button.clicked.connect(self._pick)

    def value(self) -> date | None:
        return self._value

    def set_value(self, value: date | None) -> None:
        """Show ``value`` without emitting ``sig_date_changed``."""
        self._value = value
        self.edit.setText(format_date(value))
        self._mark(valid=True)

    def is_valid(self) -> bool:
        return self.edit.property("invalid") is not True

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        try:
            value = parse_date(text)
        except ValueError:
            if len(text.strip()) >= 8:
                self._mark(valid=False)
            return
        self._mark(valid=True)
        if value != self._value:
            self._value = value
            self.sig_date_changed.emit(value)

    @Slot()
    def _normalize(self) -> None:
        try:
            parse_date(self.edit.text())
        except ValueError:
            self._mark(valid=False)
            return
        self.edit.setText(format_date(self._value))

    def _mark(self, *, valid: bool) -> None:
        self.edit.setProperty("invalid", not valid)
        self.edit.setToolTip(
            "" if valid else self.tr("Not a date. Type it as dd-mm-yyyy, e.g. 17-08-2025.")
        )
        self.edit.setStyleSheet("" if valid else "border: 1px solid #c0392b;")

    @Slot()
    def _pick(self) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        if self._value:
            calendar.setSelectedDate(QDate(self._value.year, self._value.month, self._value.day))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def chosen(qdate: QDate) -> None:
            value = date(qdate.year(), qdate.month(), qdate.day())
            menu.close()
            self.set_value(value)
            self.sig_date_changed.emit(value)

        calendar.clicked.connect(chosen)
        menu.popup(self.button.mapToGlobal(QPoint(0, self.button.height())))
