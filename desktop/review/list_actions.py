"""Ajukan from the innovation list: the selected innovation's submit move (Ajukan, or Ajukan
ulang for one returned for revision) as a button beside "Inovasi baru", disabled with the
reason while something blocks it, and what happens to it afterwards ("Akan diajukan saat
tersambung", the server's refusal) on the line under the list.

Installed by :class:`desktop.review.shell.ReviewShell` for roles that submit (operators)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtWidgets import QLabel, QPushButton
from shiboken6 import isValid

from desktop.labels import workflow_label
from desktop.review.state import WorkflowView, load_view
from desktop.review.words import (
    action_label,
    refusal_text,
    request_refusal_text,
    waiting_text,
)
from iid.records import WorkflowState
from sync.local.workflow import WorkflowRefused


class ListSubmit(QObject):
    def __init__(self, list_page: Any, context: Any) -> None:
        super().__init__(list_page)
        self.page = list_page
        self.context = context
        self.language = str(getattr(context, "language", "id") or "id")
        self.view: WorkflowView | None = None
        self.button = QPushButton(action_label("ajukan"), list_page)
        self.button.setObjectName("listSubmit")
        self.button.setEnabled(False)
        self.button.clicked.connect(self.submit)
        self.hint = QLabel(list_page)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setObjectName("listWorkflowHint")
        self.hint.setWordWrap(True)
        list_page.top_bar.insertWidget(list_page.top_bar.count() - 1, self.button)
        list_page.layout().insertWidget(list_page.layout().count() - 1, self.hint)
        self.hint.hide()
        list_page.table.selectionModel().selectionChanged.connect(self.refresh)
        list_page.model.modelReset.connect(self.refresh)
        list_page.installEventFilter(self)  # shown again (back from the editor): read anew
        bridge = getattr(context, "sync_bridge", None)
        if bridge is not None:
            self.follow(bridge)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.page and event.type() == QEvent.Type.Show:
            self.refresh()
        return False

    def follow(self, bridge: Any) -> None:
        """Re-read the selected innovation's workflow when a sync run changes something."""
        bridge.sig_items_changed.connect(self.refresh)
        bridge.sig_records_changed.connect(self._records_changed)

    @Slot(str, object)
    def _records_changed(self, _record_type: str, _ids: object) -> None:
        self.refresh()

    def set_visible(self, shown: bool) -> None:
        self.button.setVisible(shown)
        if not shown:
            self.hint.hide()

    @Slot()
    def refresh(self, *_args: object) -> None:
        if self.context.tasks.closed:
            return
        innovation_id = self.page.selected_id()
        if innovation_id is None or self.page.context is None:
            self.view = None
            self.button.setEnabled(False)
            self.button.setText(action_label("ajukan"))
            self.hint.hide()
            return
        repo = self.context.repo
        self.context.tasks.run_db(lambda: load_view(repo, innovation_id), on_done=self._show)

    def _show(self, view: WorkflowView | None) -> None:
        if (
            not isValid(self.button)
            or view is None
            or view.innovation_id != self.page.selected_id()
        ):
            return
        self.view = view
        submit = view.submit
        self.button.setText(action_label(submit.action if submit else "ajukan"))
        self.button.setEnabled(submit is not None and submit.enabled)
        texts: list[str] = []
        if view.pending is not None:
            texts.append(waiting_text(view.pending))
        elif submit is None and view.state in (WorkflowState.DRAFT, WorkflowState.REVISI):
            # submittable, but not by this officer (another OPD's, or a role that reviews)
            texts.append(
                self.tr("{0}: only an operator of its OPD can submit it.").format(
                    workflow_label(view.state)
                )
            )
        elif submit is None:  # nothing to submit in this state: say so, not a silent grey button
            texts.append(self.tr("{0}: nothing to submit now.").format(workflow_label(view.state)))
        elif not submit.enabled:
            if view.blockers:
                names = [view.names.get(f.target, f.target) for f in view.blockers[:3]]
                texts.append(
                    self.tr(
                        "Cannot be submitted yet: %n thing(s) to complete", "", len(view.blockers)
                    )
                    + " ("
                    + "; ".join(names)
                    + ("; …" if len(view.blockers) > 3 else "")
                    + ")."
                )
            texts += [
                refusal_text(r, self.language)
                for r in submit.refusals
                if r.code != "workflow.blocking_findings"
            ]
        for info in view.refused:
            texts.append(
                self.tr("The server refused “{0}”: {1}").format(
                    action_label(info.action), request_refusal_text(info, self.language)
                )
            )
        self.button.setToolTip("\n".join(texts))
        self.hint.setText("  ".join(texts))
        self.hint.setVisible(bool(texts) and self.button.isVisibleTo(self.page))

    @Slot()
    def submit(self) -> None:
        view = self.view
        if view is None or view.submit is None or not view.submit.enabled:
            return
        repo, rid, action = self.context.repo, view.innovation_id, view.submit.action

        def done(_info: object) -> None:
            bridge = getattr(self.context, "sync_bridge", None)
            if bridge is not None and bridge.configured:
                bridge.sync_now()
            self.page.refresh(select_id=rid)

        def failed(error: BaseException) -> None:
            if isinstance(error, WorkflowRefused):
                text = " ".join(refusal_text(r, self.language) for r in error.refusals)
            else:
                text = self.tr("The step could not be saved on this laptop: {0}").format(error)
            self.hint.setText(text)
            self.hint.show()

        self.context.tasks.run_db(
            lambda: repo.workflow.request(rid, action), on_done=done, on_error=failed
        )
