"""The innovation's profile form, built from the rule year's ``RuleSet.profile_fields``."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.evidence import DocumentOwner, EvidenceList
from desktop.windows.editor.fields import (
    BoolInput,
    CoordinatesInput,
    DateInput,
    EnumInput,
    FieldInput,
    MultiEnumInput,
    RichTextInput,
    TextInput,
)
from desktop.windows.editor.findings_view import FindingsLabel
from iid.findings import Finding
from iid.records import InnovationProfile

PROFILE_ATTRIBUTES = frozenset(f.name for f in dataclasses.fields(InnovationProfile)) - {"extra"}
URUSAN_MAIN = "urusan_utama"
URUSAN_OTHER = "urusan_lain"
RANCANG_BANGUN = "rancang_bangun"


def profile_value(profile: InnovationProfile, name: str) -> Any:
    """A profile field's value: a dataclass attribute, else the year-specific ``extra`` entry."""
    if name in PROFILE_ATTRIBUTES:
        return getattr(profile, name)
    return profile.extra.get(name)


def set_profile_value(profile: InnovationProfile, name: str, value: Any) -> None:
    if name in PROFILE_ATTRIBUTES:
        setattr(profile, name, value)
    elif value in (None, "", [], False):
        profile.extra.pop(name, None)
    else:
        profile.extra[name] = value


class ProfilePage(QScrollArea):
    """Every profile field of the rule year in order; findings under the field they concern.

    ``sig_field_changed(str)`` fires with the field name after the user changed it; the page
    has already written the new value into ``profile``. File fields are evidence slots.
    """

    sig_field_changed = Signal(str)

    def __init__(
        self,
        context: Any,
        owner: DocumentOwner,
        rules: Any,
        profile: InnovationProfile,
        parent: QWidget | None = None,
        *,
        word_count: Callable[[str], int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profilePage")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._profile = profile
        self._language = str(getattr(context, "language", "id") or "id")
        self.inputs: dict[str, FieldInput] = {}
        self.evidence: dict[str, EvidenceList] = {}
        self.findings: dict[str, FindingsLabel] = {}
        self.labels: dict[str, QLabel] = {}

        body = QWidget(self)
        body.setObjectName("pageBody")
        grid = QGridLayout(body)
        grid.setContentsMargins(16, 12, 16, 16)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        grid.setColumnMinimumWidth(0, 170)
        grid.setColumnStretch(1, 1)
        row = 0
        section = ""
        for spec in rules.profile_fields:
            name = str(spec.name)
            kind = str(spec.kind)
            spec_section = str(getattr(spec, "section", "") or "")
            if spec_section and spec_section != section:
                section = spec_section
                heading = QLabel(section, body)
                heading.setObjectName("formSection")
                grid.addWidget(heading, row, 0, 1, 2)
                row += 1
            label = QLabel(self._label_text(spec), body)
            label.setObjectName("fieldLabel")
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.labels[name] = label
            cell = QVBoxLayout()
            cell.setSpacing(3)
            if kind == "file":
                evidence = EvidenceList(context, owner, rules, name, body, with_preview=False)
                evidence.title.hide()
                self.evidence[name] = evidence
                cell.addWidget(evidence)
                label.setBuddy(evidence.add_file_button)
            else:
                field = self._make_input(spec, kind, rules, word_count, body)
                field.setObjectName(f"field_{name}")
                field.set_value(profile_value(profile, name))
                field.sig_changed.connect(lambda n=name: self._on_changed(n))
                self.inputs[name] = field
                cell.addWidget(field)
                label.setBuddy(field)
            help_text = str(getattr(spec, "help", "") or "")
            if help_text:
                hint = QLabel(help_text, body)
                hint.setObjectName("hint")
                hint.setWordWrap(True)
                cell.addWidget(hint)
            findings = FindingsLabel(body)
            self.findings[name] = findings
            cell.addWidget(findings)
            grid.addWidget(label, row, 0)
            grid.addLayout(cell, row, 1)
            row += 1
        grid.setRowStretch(row, 1)
        self.setWidget(body)
        self._sync_urusan()

    def _label_text(self, spec: Any) -> str:
        text = str(getattr(spec, "label", "") or spec.name)
        return f"{text} *" if getattr(spec, "required", False) else text

    def _make_input(
        self,
        spec: Any,
        kind: str,
        rules: Any,
        word_count: Callable[[str], int] | None,
        parent: QWidget,
    ) -> FieldInput:
        choices: Sequence[str] = tuple(getattr(spec, "choices", ()) or ())
        if kind == "enum":
            return EnumInput(choices, parent)
        if kind == "multi_enum":
            return MultiEnumInput(choices, parent)
        if kind == "rich_text":
            minimum = int(rules.min_rancang_bangun_words) if spec.name == RANCANG_BANGUN else 0
            return RichTextInput(parent, min_words=minimum, word_count=word_count)
        if kind == "date":
            return DateInput(parent)
        if kind == "bool":
            return BoolInput(str(getattr(spec, "label", spec.name)), parent)
        if kind == "coordinates":
            return CoordinatesInput(parent)
        return TextInput(parent, link=kind == "link")

    # --- updates ------------------------------------------------------------------------

    def _on_changed(self, name: str) -> None:
        set_profile_value(self._profile, name, self.inputs[name].value())
        if name in (URUSAN_MAIN, URUSAN_OTHER):
            self._sync_urusan()
        self.sig_field_changed.emit(name)

    def _sync_urusan(self) -> None:
        """The main urusan cannot also be listed among the overlapping ones."""
        main = self.inputs.get(URUSAN_MAIN)
        other = self.inputs.get(URUSAN_OTHER)
        if not isinstance(other, MultiEnumInput) or main is None:
            return
        chosen = str(main.value() or "")
        other.set_disabled_choice(chosen)
        if chosen and chosen in other.value():
            other.set_checked(chosen, False)

    def set_findings(self, by_target: Mapping[str, list[Finding]]) -> None:
        for name, label in self.findings.items():
            label.set_findings(by_target.get(name, ()), self._language)

    def refresh_evidence(self, slot: str) -> None:
        evidence = self.evidence.get(slot)
        if evidence is not None:
            evidence.refresh()

    def focus_field(self, name: str) -> bool:
        """Scroll to a field and give it the keyboard focus (from the score panel's links)."""
        widget: QWidget | None = self.inputs.get(name) or self.evidence.get(name)
        if widget is None:
            return False
        self.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True
