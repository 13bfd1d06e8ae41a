"""Live score panel: kematangan claimed (and verified), open mandatory indicators, blockers."""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QLabel, QProgressBar, QVBoxLayout, QWidget

from desktop.windows.editor.findings_view import ERROR_COLOUR
from desktop.windows.editor.indicator_page import format_number
from iid.findings import Finding


class ScorePanel(QFrame):
    """Shows the numbers the editor computes; ``sig_navigate(str)`` when a blocker is clicked
    (the finding's target: a profile field name or an indicator number)."""

    sig_navigate = Signal(str)

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scorePanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(230)
        self.setMaximumWidth(300)
        self._language = language
        self.claimed_title = QLabel(self.tr("Kematangan score (claimed)"), self)
        self.claimed_title.setObjectName("hint")
        self.claimed = QLabel(self)
        self.claimed.setObjectName("bigScore")
        self.verified = QLabel(self)
        self.verified.setObjectName("verifiedScore")
        self.verified.hide()
        self.answered = QProgressBar(self)
        self.answered.setObjectName("answeredBar")
        self.mandatory_title = QLabel(self.tr("Mandatory indicators still open"), self)
        self.mandatory_title.setObjectName("sectionTitle")
        self.mandatory = QLabel(self)
        self.mandatory.setWordWrap(True)
        self.blockers_title = QLabel(self.tr("What blocks submitting"), self)
        self.blockers_title.setObjectName("sectionTitle")
        self.blockers = QLabel(self)
        self.blockers.setObjectName("blockers")
        self.blockers.setWordWrap(True)
        self.blockers.setTextFormat(Qt.TextFormat.RichText)
        self.blockers.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.blockers.linkActivated.connect(self._on_link)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        for widget in (
            self.claimed_title,
            self.claimed,
            self.verified,
            self.answered,
            self.mandatory_title,
            self.mandatory,
            self.blockers_title,
            self.blockers,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        self._blocker_findings: tuple[Finding, ...] = ()

    def update_scores(
        self,
        *,
        claimed: Decimal,
        maximum: Decimal,
        verified: Decimal | None,
        answered: int,
        total: int,
        mandatory_open: Sequence[str],
        blockers: Sequence[Finding],
        names: dict[str, str],
    ) -> None:
        """Refresh every number; ``names`` turns targets into readable labels."""
        lang = self._language
        self.claimed.setText(
            f"<span style='font-size:22pt;font-weight:600'>{format_number(claimed, lang)}</span>"
            f" <span style='color:#52606d'>/ {format_number(maximum, lang)}</span>"
        )
        if verified is None:
            self.verified.hide()
        else:
            self.verified.setText(
                self.tr("Verified: {0} / {1}").format(
                    format_number(verified, lang), format_number(maximum, lang)
                )
            )
            self.verified.show()
        self.answered.setRange(0, max(total, 1))
        self.answered.setValue(answered)
        self.answered.setFormat(self.tr("{0} of {1} indicators answered").format(answered, total))
        self.mandatory.setText(
            ", ".join(mandatory_open) if mandatory_open else self.tr("All answered.")
        )
        self._blocker_findings = tuple(blockers)
        if not blockers:
            self.blockers.setText(
                "<span style='color:#1f6f3f'>"
                + html.escape(self.tr("Nothing: ready to submit."))
                + "</span>"
            )
            return
        lines = []
        for finding in blockers:
            where = html.escape(names.get(finding.target, finding.target))
            lines.append(
                f"<span style='color:{ERROR_COLOUR}'>✖</span> "
                f"<a href='{html.escape(finding.target)}'>{where}</a>: "
                f"{html.escape(finding.message(lang))}"
            )
        self.blockers.setText("<br>".join(lines))

    def blocker_findings(self) -> tuple[Finding, ...]:
        return self._blocker_findings

    @Slot(str)
    def _on_link(self, target: str) -> None:
        self.sig_navigate.emit(target)
