"""The workflow bar at the top of the editor: where the innovation stands and the moves the
signed-in officer may make on it.

- The state, and the moves of ``repo.workflow.options`` as buttons (Ajukan, Ajukan ulang, Tarik
  kembali, Sahkan, Siap kirim, Terkirim, Buka kembali...); a move that is blocked stays visible
  but disabled, with its reasons written beside it (the blocking findings by name, as links to
  the field or indicator). Verifiers' moves (verdicts, Perlu revisi, Setujui) are made on the
  review screen: the bar offers "Periksa" instead.
- A move waiting for the server: "Akan diajukan saat tersambung" (with "Batalkan" while it has
  not left this laptop); a move the server refused: its reason, until the officer closes it.
- The verifier's note when the innovation came back for revision, at the top.
- The history (who, when, the note), offline from the pulled review.

Reads run on the database lane (:func:`desktop.review.state.load_view`); the bar re-reads after
every move, every sync change and every saved edit (``refresh``).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.labels import as_written, workflow_label
from desktop.review.state import WorkflowView, load_view
from desktop.review.words import (
    action_done,
    action_label,
    format_day,
    refusal_text,
    request_refusal_text,
    role_label,
    waiting_text,
)
from desktop.windows.editor.findings_view import ERROR_COLOUR
from iid import workflow as wf
from sync.local.workflow import WorkflowRefused

REFRESH_MS = 150
REVIEW_ACTIONS = frozenset({wf.Action.NILAI, wf.Action.SETUJUI, wf.Action.PERLU_REVISI})
"""Moves made on the review screen (a verifier's), not from the bar."""
STYLE = """
QFrame#workflowBar { background: #f4f7fa; border: 1px solid #d9e2ec; border-radius: 4px; }
QLabel#workflowState { font-weight: 600; padding: 2px 8px; border-radius: 8px;
                       background: #d9e2ec; color: #1f3b57; }
QLabel#workflowState[state="revisi"] { background: #ffe8b3; color: #7a4f01; }
QLabel#workflowState[state="disetujui"], QLabel#workflowState[state="siap_kirim"],
QLabel#workflowState[state="terkirim"] { background: #d3f0dc; color: #1f6f3f; }
QLabel#returnNote { background: #fff3cd; border-left: 4px solid #c98a00; padding: 8px;
                    color: #3e2c00; }
QLabel#refusedNote { background: #fdecea; border-left: 4px solid #b03a2e; padding: 8px; }
QLabel#historyText { background: white; border: 1px solid #d9e2ec; padding: 6px; }
"""


def ask_note(parent: QWidget, title: str, prompt: str) -> str | None:
    """The note a move needs (None: cancelled)."""
    text, ok = QInputDialog.getMultiLineText(parent, title, prompt)
    return text.strip() if ok else None


def confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        as_written(text),  # it names an innovation and a person as written
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class WorkflowBar(QFrame):
    """``WorkflowBar(context, innovation_id, parent)``. ``sig_view(WorkflowView)`` after each
    read; ``sig_navigate(target)`` when a named blocker is clicked; ``sig_review()`` when a
    verifier asks to review the innovation; ``before_move`` is called before a move is asked
    (the editor writes its pending edits first)."""

    sig_view = Signal(object)
    sig_navigate = Signal(str)
    sig_review = Signal()
    sig_moved = Signal(str)
    """A move was asked (its action value): queued here, decided by the server."""

    # Dialogs, replaceable in tests (a real user answers them).
    ask_note: Callable[[QWidget, str, str], str | None] = staticmethod(ask_note)
    confirm: Callable[[QWidget, str, str], bool] = staticmethod(confirm)

    def __init__(self, context: Any, innovation_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workflowBar")
        self.setStyleSheet(STYLE)
        self.context = context
        self.innovation_id = innovation_id
        self.language = str(getattr(context, "language", "id") or "id")
        self.view: WorkflowView | None = None
        self.before_move: Callable[[], None] = lambda: None
        self.buttons: dict[wf.Action, QPushButton] = {}

        self.state_label = QLabel(self)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        self.state_label.setObjectName("workflowState")
        self.message = QLabel(self)
        self.message.setObjectName("workflowMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.message.linkActivated.connect(self.sig_navigate)
        self.cancel_button = QPushButton(self.tr("Cancel this step"), self)
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel_pending)
        self.review_button = QPushButton(self.tr("Review…"), self)
        self.review_button.setToolTip(self.tr("Open the innovation on the review screen"))
        self.review_button.hide()
        self.review_button.clicked.connect(self.sig_review)
        self.history_button = QPushButton(self.tr("History"), self)
        self.history_button.setCheckable(True)
        self.history_button.toggled.connect(self._toggle_history)
        self._buttons_box = QHBoxLayout()
        self._buttons_box.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(self.state_label, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.message, 1)
        top.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(self._buttons_box)
        top.addWidget(self.review_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.history_button, 0, Qt.AlignmentFlag.AlignTop)

        self.return_note = QLabel(self)
        self.return_note.setObjectName("returnNote")
        self.return_note.setWordWrap(True)
        # The verifier's words and name as written (Qt would take "<b>" in them for markup).
        self.return_note.setTextFormat(Qt.TextFormat.PlainText)
        self.return_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.return_note.hide()
        self.refused_note = QLabel(self)
        self.refused_note.setTextFormat(Qt.TextFormat.PlainText)
        self.refused_note.setObjectName("refusedNote")
        self.refused_note.setWordWrap(True)
        self.refused_note.hide()
        self.dismiss_button = QPushButton(self.tr("Close"), self)
        self.dismiss_button.hide()
        self.dismiss_button.clicked.connect(self.dismiss_refusals)
        refused_row = QHBoxLayout()
        refused_row.addWidget(self.refused_note, 1)
        refused_row.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self.history = QLabel(self)
        self.history.setObjectName("historyText")
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.return_note)
        layout.addLayout(refused_row)
        layout.addWidget(self.history)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh_now)
        bridge = getattr(context, "sync_bridge", None)
        if bridge is not None:
            bridge.sig_records_changed.connect(self._records_changed)
            bridge.sig_items_changed.connect(self.refresh)
        self.refresh_now()

    # --- reading -------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read again soon (several changes in a row make one read)."""
        self._timer.start()

    @Slot(str, object)
    def _records_changed(self, _record_type: str, _ids: object) -> None:
        self.refresh()

    @Slot()
    def refresh_now(self) -> None:
        self._timer.stop()
        if self.context.tasks.closed:  # a late timer after the window closed
            return
        repo, innovation_id = self.context.repo, self.innovation_id
        self.context.tasks.run_db(lambda: load_view(repo, innovation_id), on_done=self.show_view)

    @Slot(object)
    def show_view(self, view: WorkflowView | None) -> None:
        if view is None or not isValid(self):  # closed while the read ran
            return
        self.view = view
        self.state_label.setText(workflow_label(view.state))
        self.state_label.setProperty("state", view.state.value)
        self.state_label.style().unpolish(self.state_label)
        self.state_label.style().polish(self.state_label)
        self._show_buttons(view)
        self._show_message(view)
        self._show_return_note(view)
        self._show_refused(view)
        self._show_history(view)
        self.sig_view.emit(view)

    def _show_buttons(self, view: WorkflowView) -> None:
        for button in self.buttons.values():
            self._buttons_box.removeWidget(button)
            button.deleteLater()
        self.buttons.clear()
        reviewer = False
        for option in view.options:
            if option.action in REVIEW_ACTIONS:
                reviewer = True
                continue
            button = QPushButton(action_label(option.action), self)
            button.setObjectName(f"move_{option.action.value}")
            button.setEnabled(option.enabled)
            if option.refusals:
                button.setToolTip(
                    "\n".join(refusal_text(r, self.language) for r in option.refusals)
                )
            button.clicked.connect(lambda _c=False, a=option.action: self.request(a))
            self._buttons_box.addWidget(button)
            self.buttons[option.action] = button
        self.review_button.setVisible(reviewer)

    def _show_message(self, view: WorkflowView) -> None:
        lines: list[str] = []
        cancel = False
        if view.pending is not None:
            lines.append(html.escape(waiting_text(view.pending)))
            cancel = view.pending.delivery is not None and view.pending.delivery.value in (
                "queued",
                "waiting",
                "held",
            )
        else:
            submit = view.submit
            if submit is not None and not submit.enabled:
                lines.append(self._blocked_html(view, submit))
            elif submit is not None and submit.action is wf.Action.AJUKAN_ULANG:
                # Returned: complete is not done; the verifier's requests come first.
                lines.append(
                    html.escape(
                        self.tr(
                            "Complete: nothing blocks submitting. Fix what the verifier asked "
                            "for (the note below, the score panel), then submit again."
                        )
                    )
                )
            elif submit is not None:
                lines.append(
                    html.escape(
                        self.tr("Complete: nothing blocks submitting. Submit when you are ready.")
                    )
                )
            for option in view.options:
                if option is not submit and option.refusals and option.action not in REVIEW_ACTIONS:
                    reasons = "; ".join(refusal_text(r, self.language) for r in option.refusals)
                    lines.append(
                        html.escape(
                            self.tr("{0} is not possible yet: {1}").format(
                                action_label(option.action), reasons
                            )
                        )
                    )
            if view.content_refusal is not None:
                lines.append(
                    "<span style='color:#52606d'>"
                    + html.escape(refusal_text(view.content_refusal, self.language))
                    + "</span>"
                )
        self.cancel_button.setVisible(cancel)
        self.message.setText("<br>".join(lines))

    def _blocked_html(self, view: WorkflowView, option: wf.MoveOption) -> str:
        """Why Ajukan is disabled: each blocking finding named, a link to where it is."""
        other = [r for r in option.refusals if r.code != "workflow.blocking_findings"]
        parts: list[str] = []
        if view.blockers:
            head = self.tr(
                "Cannot be submitted yet: %n thing(s) to complete.", "", len(view.blockers)
            )
            items = []
            for finding in view.blockers[:4]:
                where = html.escape(view.names.get(finding.target, finding.target))
                items.append(
                    f"<span style='color:{ERROR_COLOUR}'>✖</span> "
                    f"<a href='{html.escape(finding.target)}'>{where}</a>: "
                    f"{html.escape(finding.message(self.language))}"
                )
            more = len(view.blockers) - len(items)
            if more > 0:
                items.append(html.escape(self.tr("and %n more (see the score panel)", "", more)))
            parts.append(f"<b>{html.escape(head)}</b><br>" + "<br>".join(items))
        parts += [html.escape(refusal_text(r, self.language)) for r in other]
        return "<br>".join(parts)

    def _show_return_note(self, view: WorkflowView) -> None:
        step = next(
            (s for s in reversed(view.review.history) if s.to_state.value == "revisi"), None
        )
        if view.state.value != "revisi" or step is None:
            self.return_note.hide()
            return
        self.return_note.setText(
            self.tr("Returned for revision by {0} ({1}) on {2}: {3}").format(
                step.by_name or step.by or role_label(step.role),
                role_label(step.role),
                format_day(step.at),
                step.note,
            )
        )
        self.return_note.show()

    def _show_refused(self, view: WorkflowView) -> None:
        if not view.refused:
            self.refused_note.hide()
            self.dismiss_button.hide()
            return
        lines = [
            self.tr("The server refused “{0}”: {1}").format(
                action_label(info.action), request_refusal_text(info, self.language)
            )
            for info in view.refused
        ]
        self.refused_note.setText("\n".join(lines))
        self.refused_note.show()
        self.dismiss_button.show()

    def _show_history(self, view: WorkflowView) -> None:
        rows = []
        for step in reversed(view.review.history):
            note = f" — {html.escape(step.note)}" if step.note else ""
            rows.append(
                f"<b>{html.escape(format_day(step.at))}</b> · "
                f"{html.escape(action_done(step.action))} · "
                f"{html.escape(step.by_name or step.by)} ({html.escape(role_label(step.role))})"
                f"{note}"
            )
        self.history.setText(
            "<br>".join(rows) if rows else html.escape(self.tr("No steps yet: a draft."))
        )
        self.history_button.setText(self.tr("History (%n)", "", len(rows)))

    @Slot(bool)
    def _toggle_history(self, shown: bool) -> None:
        self.history.setVisible(shown)

    # --- moves ---------------------------------------------------------------------------

    @Slot()
    def request(self, action: wf.Action) -> None:
        """Ask for ``action`` (a note first where one is needed; a confirmation for Terkirim)."""
        action = wf.Action(action)
        note = ""
        if action in wf.NOTE_REQUIRED:
            prompt = (
                self.tr("Why is the innovation reopened? (required)")
                if action is wf.Action.BUKA_KEMBALI
                else self.tr("What must the OPD fix? (required)")
            )
            answer = self.ask_note(self, action_label(action), prompt)
            if not answer:
                return
            note = answer
        elif action is wf.Action.TERKIRIM and not self.confirm(
            self,
            action_label(action),
            self.tr(
                "Has this innovation been entered in the national application? It is then locked "
                "for the year."
            ),
        ):
            return
        self.before_move()
        repo, innovation_id = self.context.repo, self.innovation_id
        self.context.tasks.run_db(
            lambda: repo.workflow.request(innovation_id, action, note),
            on_done=lambda _info: self._moved(action),
            on_error=self._refused_here,
        )

    def _moved(self, action: wf.Action) -> None:
        self.refresh_now()
        bridge = getattr(self.context, "sync_bridge", None)
        if bridge is not None and bridge.configured:
            bridge.sync_now()
        self.sig_moved.emit(action.value)

    def _refused_here(self, error: BaseException) -> None:
        if isinstance(error, WorkflowRefused):
            text = " ".join(refusal_text(r, self.language) for r in error.refusals)
        else:
            text = self.tr("The step could not be saved on this laptop: {0}").format(error)
        self.refused_note.setText(text)
        self.refused_note.show()
        self.refresh_now()

    @Slot()
    def cancel_pending(self) -> None:
        view = self.view
        if view is None or view.pending is None:
            return
        repo, request_id = self.context.repo, view.pending.id
        self.context.tasks.run_db(
            lambda: repo.workflow.cancel(request_id), on_done=lambda _ok: self.refresh_now()
        )

    @Slot()
    def dismiss_refusals(self) -> None:
        view = self.view
        if view is None:
            return
        repo, ids = self.context.repo, [info.id for info in view.refused]

        def work() -> None:
            for request_id in ids:
                repo.workflow.dismiss(request_id)

        self.context.tasks.run_db(work, on_done=lambda _r: self.refresh_now())
