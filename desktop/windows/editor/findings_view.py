"""Findings of ``iid.checks`` shown next to the field or indicator they concern."""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from iid.findings import Finding

ERROR_COLOUR = "#b03a2e"
WARNING_COLOUR = "#9a6700"


def findings_html(findings: Iterable[Finding], language: str) -> str:
    """One line per finding: a coloured mark (✖ error, ▲ warning) and the message."""
    lines = []
    for finding in sorted(findings, key=lambda f: (not f.blocks_submit, f.code)):
        colour = ERROR_COLOUR if finding.blocks_submit else WARNING_COLOUR
        mark = "✖" if finding.blocks_submit else "▲"
        lines.append(
            f'<span style="color:{colour}">{mark}</span> {html.escape(finding.message(language))}'
        )
    return "<br>".join(lines)


class FindingsLabel(QLabel):
    """Hidden when there is nothing to say; ``findings()`` returns what it shows (for tests)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findings")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._findings: tuple[Finding, ...] = ()
        self.hide()

    def findings(self) -> tuple[Finding, ...]:
        return self._findings

    def codes(self) -> set[str]:
        return {f.code for f in self._findings}

    def set_findings(self, findings: Iterable[Finding], language: str) -> None:
        found = tuple(findings)
        if found == self._findings:
            return
        self._findings = found
        self.setText(findings_html(found, language))
        self.setVisible(bool(found))
