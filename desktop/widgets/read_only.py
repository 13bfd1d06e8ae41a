"""Make a form read-only while keeping it readable: text stays selectable and scrollable, the
controls that would change something are switched off.

Used where the signed-in officer may read but not change (an innovation in review, another
OPD's innovation, the Profil Pemda for anyone but the admin, everything for pimpinan). The
writes behind such forms refuse anyway (the editor's guards, the server); this only keeps the
screen honest: no role is shown a control whose action would be refused.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

FROZEN = "readOnlyFrozen"
"""The dynamic property set on every widget :func:`freeze` switched off."""


def freeze(root: QWidget, *, keep: Iterable[QWidget] = ()) -> None:
    """Switch ``root``'s editing controls off: text fields become read-only (still selectable),
    buttons, boxes and combo boxes disabled, drops refused. ``keep`` (and their children)
    stay as they are (e.g. "Save a copy…"). One way: a form that becomes writable again is
    rebuilt."""
    kept = list(keep)

    def spared(widget: QWidget) -> bool:
        return any(widget is k or k.isAncestorOf(widget) for k in kept)

    widgets = [root, *root.findChildren(QWidget)]
    cleared: list[QLineEdit] = []
    for widget in widgets:
        if spared(widget):
            continue
        widget.setAcceptDrops(False)
        if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox):
            widget.setReadOnly(True)
            _look_read_only(widget)
            if isinstance(widget, QLineEdit):
                cleared.append(widget)
            elif isinstance(widget, QAbstractSpinBox):
                widget.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        elif isinstance(widget, QAbstractButton):
            if isinstance(widget.parent(), QTabBar):
                continue  # a tab bar's scroll arrows only move the view
            widget.setEnabled(False)
        elif isinstance(widget, QComboBox):
            widget.setEnabled(False)
        elif isinstance(widget, QListWidget):
            _uncheckable(widget)
        else:
            continue
        widget.setProperty(FROZEN, True)
    for edit in cleared:  # after the walk: this deletes the ⊗ button, one of the widgets above
        edit.setClearButtonEnabled(False)  # it stayed on a frozen date


def _uncheckable(widget: QListWidget) -> None:
    """Check boxes in a list (the overlapping urusan) stop taking clicks; the list still
    scrolls and shows what is ticked. Its signals are held: no flag change reads as an edit."""
    blocked = widget.blockSignals(True)
    try:
        for row in range(widget.count()):
            item = widget.item(row)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
    finally:
        widget.blockSignals(blocked)


def _look_read_only(widget: QWidget) -> None:
    """A read-only field on the window's background, like the disabled boxes beside it: on
    white it looked as if it could be typed in (the text stays as readable and selectable)."""
    palette = widget.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(
            group, QPalette.ColorRole.Base, palette.color(group, QPalette.ColorRole.Window)
        )
    widget.setPalette(palette)


def is_frozen(widget: QWidget) -> bool:
    return bool(widget.property(FROZEN))
