"""Choose one of an indicator's three level texts (or "belum dijawab") with radio buttons."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QRadioButton,
    QWidget,
)


class _ClickLabel(QLabel):
    """A wrapping label that checks its radio button when clicked (radios cannot wrap text)."""

    def __init__(self, text: str, radio: QRadioButton, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._radio = radio
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setBuddy(radio)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._radio.isEnabled():
            self._radio.click()
        super().mouseReleaseEvent(event)


class LevelChooser(QWidget):
    """Radio buttons for level 0 ("belum dijawab") and levels 1..3 with their full texts.

    ``sig_level_changed(int)`` fires only on a user's choice (0 = unanswered), never when the
    level is set from code. Arrow keys move between the levels; Tab leaves the group.
    """

    sig_level_changed = Signal(int)

    def __init__(self, level_texts: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        self._radios: list[QRadioButton] = []
        entries = [(self.tr("Not answered"), "")]
        entries += [
            (self.tr("Level {0}").format(i + 1), text) for i, text in enumerate(level_texts)
        ]
        for level, (title, text) in enumerate(entries):
            radio = QRadioButton(title, self)
            radio.setObjectName(f"level_{level}")
            self._group.addButton(radio, level)
            self._radios.append(radio)
            grid.addWidget(radio, level, 0, Qt.AlignmentFlag.AlignTop)
            if text:
                grid.addWidget(_ClickLabel(text, radio, self), level, 1)
        self._silent = True
        self._radios[0].setChecked(True)
        self._silent = False
        # idToggled, not idClicked: arrow keys move the check without a click.
        self._group.idToggled.connect(self._on_toggled)
        self.setFocusProxy(self._radios[0])

    def level(self) -> int:
        """The chosen level, 0 when unanswered."""
        return max(self._group.checkedId(), 0)

    def set_level(self, level: int | None) -> None:
        """Show ``level`` (None or 0: unanswered) without emitting ``sig_level_changed``."""
        index = level or 0
        if 0 <= index < len(self._radios):
            self._silent = True
            try:
                self._radios[index].setChecked(True)
            finally:
                self._silent = False
            self.setFocusProxy(self._radios[index])

    def radio(self, level: int) -> QRadioButton:
        return self._radios[level]

    @Slot(int, bool)
    def _on_toggled(self, level: int, checked: bool) -> None:
        if not checked:
            return
        self.setFocusProxy(self._radios[level])
        if not self._silent:
            self.sig_level_changed.emit(level)
