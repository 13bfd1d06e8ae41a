"""The quantity that decides an indicator's level, as the officer enters it (issue 13).

``MeasureInput(measure, rule_year)`` builds the fields a rule year's ``iid.rules.Measure``
asks for: a number (SDM, days, months, ...), a ratio's two numbers (complaints received and
resolved), a checklist (actor types, channels, the video's five elements), the years a budget
or RKPD covers, or one of several bases (indicator 33) with its number. It shows the level the
entry gives (``iid.scoring.measure_level``) and emits ``sig_measure_changed(object)`` with an
``IndicatorAnswer`` carrying only the measure fields.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.numbers import parse_number
from iid.records import IndicatorAnswer
from iid.rules import Measure
from iid.scoring import measure_level


def _text(value: Decimal | None) -> str:
    return "" if value is None else str(value).replace(".", ",")


class MeasureInput(QWidget):
    """Fields for one indicator's measure and the level they give."""

    sig_measure_changed = Signal(object)

    def __init__(
        self, key: str, measure: Measure, rule_year: int, levels: tuple[str, ...],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName(f"measure_{key}")
        self.key = key
        self.measure = measure
        self.rule_year = rule_year
        self._levels = levels
        self._silent = False
        self.number: QLineEdit | None = None
        self.base: QLineEdit | None = None
        self.basis: QComboBox | None = None
        self.checks: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        title = QLabel(measure.label, self)
        title.setObjectName("sectionTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        if measure.kind in ("count", "ratio", "bases"):
            row = QHBoxLayout()
            if measure.kind == "bases":
                self.basis = QComboBox(self)
                self.basis.setObjectName(f"basis_{key}")
                self.basis.addItem(self.tr("Choose exactly one basis"), "")
                for basis in measure.bases.values():
                    self.basis.addItem(basis.label, basis.key)
                self.basis.currentIndexChanged.connect(self._emit)
                row.addWidget(self.basis, 2)
            if measure.kind == "ratio":
                self.base = self._number_field(f"base_{key}")
                row.addWidget(QLabel(measure.base_label, self))
                row.addWidget(self.base)
                row.addWidget(QLabel(measure.label, self))
            self.number = self._number_field(f"quantity_{key}")
            row.addWidget(self.number)
            self.unit = QLabel(self._unit(), self)
            row.addWidget(self.unit)
            row.addStretch(1)
            layout.addLayout(row)
        else:
            grid = QGridLayout()
            grid.setHorizontalSpacing(14)
            items = self._items()
            for i, (item_key, label) in enumerate(items):
                box = QCheckBox(label, self)
                box.setObjectName(f"check_{key}_{item_key}")
                box.toggled.connect(self._emit)
                self.checks[item_key] = box
                grid.addWidget(box, i // 3, i % 3)
            layout.addLayout(grid)
        self.derived = QLabel(self)
        self.derived.setObjectName("mappedLevel")
        self.derived.setWordWrap(True)
        layout.addWidget(self.derived)
        self._show_derived(None, None)

    def _number_field(self, name: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setObjectName(name)
        field.setMaximumWidth(120)
        field.setPlaceholderText(self.tr("number"))
        field.textEdited.connect(self._emit)
        return field

    def _unit(self) -> str:
        if self.measure.kind == "bases" and self.basis is not None:
            basis = self.measure.bases.get(str(self.basis.currentData() or ""))
            return basis.unit if basis else ""
        return self.measure.unit

    def _items(self) -> list[tuple[str, str]]:
        if self.measure.kind == "years":
            return [
                (str(self.rule_year + offset), f"{self.rule_year + offset} (T{offset:+d})".replace(
                    "+0", "-0"))
                for offset in self.measure.offsets
            ]  # fmt: skip
        return list(self.measure.items.items())

    # --- state ---------------------------------------------------------------------------

    def answer(self) -> IndicatorAnswer:
        """The measure as entered (invalid numbers count as not entered)."""
        quantity = base = None
        basis = ""
        try:
            quantity = parse_number(self.number.text()) if self.number is not None else None
            base = parse_number(self.base.text()) if self.base is not None else None
        except ValueError:
            pass
        if self.basis is not None:
            basis = str(self.basis.currentData() or "")
        ticked = tuple(k for k, box in self.checks.items() if box.isChecked())
        return IndicatorAnswer(
            indicator=self.key, quantity=quantity, quantity_base=base, basis=basis,
            checklist=ticked,
        )  # fmt: skip

    def set_answer(self, answer: IndicatorAnswer | None) -> None:
        """Show a stored measure without emitting ``sig_measure_changed``."""
        self._silent = True
        try:
            if self.number is not None:
                self.number.setText(_text(answer.quantity if answer else None))
            if self.base is not None:
                self.base.setText(_text(answer.quantity_base if answer else None))
            if self.basis is not None:
                index = self.basis.findData(answer.basis if answer else "")
                self.basis.setCurrentIndex(max(index, 0))
            ticked = set(answer.checklist if answer else ())
            for item_key, box in self.checks.items():
                box.setChecked(item_key in ticked)
        finally:
            self._silent = False
        self._show_derived(answer, self.derived_level(answer))

    def derived_level(self, answer: IndicatorAnswer | None = None) -> int | None:
        """The level the measure gives (0: below level 1), None while not entered."""
        return measure_level(self.measure, answer or self.answer(), self.rule_year)

    @Slot()
    def _emit(self, *_args: object) -> None:
        if self.basis is not None and hasattr(self, "unit"):
            self.unit.setText(self._unit())
        if self._silent:
            return
        answer = self.answer()
        bad = self._bad_number()
        self._show_derived(answer, self.derived_level(answer), bad)
        if not bad:
            self.sig_measure_changed.emit(answer)

    def _bad_number(self) -> bool:
        for field in (self.number, self.base):
            if field is None:
                continue
            try:
                value = parse_number(field.text())
            except ValueError:
                return True
            if value is not None and value < 0:
                return True
        return False

    def _show_derived(
        self, answer: IndicatorAnswer | None, level: int | None, bad: bool = False
    ) -> None:
        self.derived.setStyleSheet("color: #b03a2e;" if bad else "")
        if bad:
            self.derived.setText(self.tr("Type a number of zero or more, e.g. 12 or 20,5."))
        elif level is None:
            self.derived.setText(self.tr("Not entered yet: the level follows from this entry."))
        elif level == 0:
            self.derived.setText(self.tr("→ below level 1: this entry scores 0."))
        else:
            self.derived.setText(self.tr("→ Level {0}: {1}").format(level, self._levels[level - 1]))
        self.derived.setProperty("level", level or 0)
