"""Live score panel: kematangan claimed and verified side by side, each verdict that cost points
(the indicator, the verifier's note, the points), open mandatory indicators, blockers."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QLabel, QProgressBar, QScrollArea, QVBoxLayout, QWidget

from desktop.labels import format_number
from desktop.windows.editor.findings_view import ERROR_COLOUR
from iid.findings import Finding


@dataclass(frozen=True)
class Rejection:
    """A verdict that lowered a claim: Tidak Sesuai / Tidak Dapat Diukur, or Sesuai at a
    lower level. ``cost``: the kematangan points the claim lost."""

    target: str
    name: str
    claimed: int
    verified: int
    cost: Decimal
    note: str
    verdict: str


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
        self.verified.setTextFormat(Qt.TextFormat.RichText)
        self.verified.setWordWrap(True)
        self.verified.hide()
        self.rejections_title = QLabel(self.tr("What the verifier did not accept"), self)
        self.rejections_title.setObjectName("sectionTitle")
        self.rejections = QLabel(self)
        self.rejections.setObjectName("rejections")
        self.rejections.setWordWrap(True)
        self.rejections.setTextFormat(Qt.TextFormat.RichText)
        self.rejections.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.rejections.linkActivated.connect(self._on_link)
        self.rejections_title.hide()
        self.rejections.hide()
        self._rejections: tuple[Rejection, ...] = ()
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
        # The panel's height is the editor's: a long list of verdicts or blockers scrolls
        # (a squeezed word-wrapped label would cut its lines off).
        body = QWidget()
        body.setObjectName("scorePanelBody")
        self.body_scroll = QScrollArea(self)
        self.body_scroll.setObjectName("scorePanelScroll")
        self.body_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body_scroll.viewport().setAutoFillBackground(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(1, 1, 1, 1)
        outer.addWidget(self.body_scroll)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(13, 11, 13, 11)
        layout.setSpacing(6)
        for widget in (
            self.claimed_title,
            self.claimed,
            self.verified,
            self.rejections_title,
            self.rejections,
            self.answered,
            self.mandatory_title,
            self.mandatory,
            self.blockers_title,
            self.blockers,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.body_scroll.setWidget(body)
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
        rejections: Sequence[Rejection] = (),
    ) -> None:
        """Refresh every number; ``names`` turns targets into readable labels."""
        lang = self._language
        self.claimed.setText(
            f"<span style='font-size:22pt;font-weight:600'>{format_number(claimed, trim=True)}"
            f"</span> <span style='color:#52606d'>/ {format_number(maximum, trim=True)}</span>"
        )
        if verified is None:
            self.verified.hide()
            self.claimed_title.setText(self.tr("Kematangan score (claimed)"))
        else:
            # Claimed and verified side by side: what the OPD claimed, what the verifier found.
            self.claimed_title.setText(self.tr("Kematangan: claimed · verified"))
            self.claimed.setText(
                f"<span style='font-size:22pt;font-weight:600'>{format_number(claimed, trim=True)}"
                "</span> <span style='font-size:16pt;color:#52606d'>·</span> "
                f"<span style='font-size:22pt;font-weight:600;color:#1f6f3f'>"
                f"{format_number(verified, trim=True)}</span>"
                f" <span style='color:#52606d'>/ {format_number(maximum, trim=True)}</span>"
            )
            lost = claimed - verified
            self.verified.setText(
                html.escape(
                    self.tr("Verified: {0} of {1} claimed ({2} points not accepted)").format(
                        format_number(verified, trim=True),
                        format_number(claimed, trim=True),
                        format_number(lost, trim=True),
                    )
                )
            )
            self.verified.show()
        self._show_rejections(rejections)
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

    def show_blockers(self, shown: bool) -> None:
        """What blocks submitting matters only while the innovation can be submitted (Draf,
        Perlu revisi); once it is in review or past it, the section is hidden."""
        self.blockers_title.setVisible(shown)
        self.blockers.setVisible(shown)

    def _show_rejections(self, rejections: Sequence[Rejection]) -> None:
        self._rejections = tuple(rejections)
        if not rejections:
            self.rejections_title.hide()
            self.rejections.hide()
            return
        lines = []
        for r in rejections:
            head = self.tr("level {0} → {1}, −{2} points").format(
                r.claimed, r.verified, format_number(r.cost, trim=True)
            )
            note = f"<br><i>{html.escape(r.note)}</i>" if r.note else ""
            lines.append(
                f"<span style='color:{ERROR_COLOUR}'>✖</span> "
                f"<a href='{html.escape(r.target)}'>{html.escape(r.name)}</a>: "
                f"{html.escape(head)}{note}"
            )
        self.rejections.setText("<br>".join(lines))
        self.rejections_title.show()
        self.rejections.show()

    def rejection_items(self) -> tuple[Rejection, ...]:
        return self._rejections

    def blocker_findings(self) -> tuple[Finding, ...]:
        return self._blocker_findings

    @Slot(str)
    def _on_link(self, target: str) -> None:
        self.sig_navigate.emit(target)
