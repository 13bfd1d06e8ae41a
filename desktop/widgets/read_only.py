"""Make a form read-only while keeping it readable: text stays selectable and scrollable, the
controls that would change something are switched off.

Used where the signed-in officer may read but not change (an innovation in review, another
OPD's innovation, the Profil Pemda for anyone but the admin, everything for pimpinan). The
writes behind such forms refuse anyway (the editor's guards, the server); this only keeps the
screen honest: no role is shown a control whose action would be refused.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
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
    for widget in widgets:
        if spared(widget):
            continue
        widget.setAcceptDrops(False)
        if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox):
            widget.setReadOnly(True)
        elif isinstance(widget, QAbstractButton):
            if isinstance(widget.parent(), QTabBar):
                continue  # a tab bar's scroll arrows only move the view
            widget.setEnabled(False)
        elif isinstance(widget, QComboBox):
            widget.setEnabled(False)
        else:
            continue
        widget.setProperty(FROZEN, True)


def is_frozen(widget: QWidget) -> bool:
    return bool(widget.property(FROZEN))
