"""Deleting a draft, from the list or the editor: one confirmation, one way.

A draft never sent disappears from this laptop; one the server has is deleted there too with
the next synchronisation (``Repository.delete_innovation``). Only drafts: anything further along
the workflow has been seen by the pemda and is not the officer's alone to remove.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.labels import as_written, innovation_title
from iid.states import WorkflowState

if TYPE_CHECKING:
    from desktop.context import AppContext
    from iid.records import Innovation
    from sync.local.repository import DeleteOutcome


translate = QCoreApplication.translate


def is_deletable(state: WorkflowState | str) -> bool:
    """Only a draft may be deleted (the list and the editor offer the action only then)."""
    return str(state) == WorkflowState.DRAFT.value


def _is_empty(innovation: Innovation) -> bool:
    """Nothing typed yet: the draft of a slip of Ctrl+N."""
    return (
        not innovation.profile.nama.strip()
        and not any(innovation.claimed_levels().values())
        and not innovation.documents
    )


def confirmation_text(innovation: Innovation) -> str:
    title = innovation_title(innovation.profile.nama)
    if innovation.base_version == 0:
        return translate(
            "DeleteDraft",
            "Delete the draft “{0}”? It was never sent, so it exists only on this laptop and "
            "cannot be brought back.",
        ).format(title)
    return translate(
        "DeleteDraft",
        "Delete the draft “{0}” from this laptop and from the pemda's server? Colleagues of "
        "your OPD will no longer see it. The deletion is sent with the next synchronisation.",
    ).format(title)


def ask_and_delete(
    parent: QWidget,
    context: AppContext,
    innovation_id: str,
    on_deleted: Callable[[str, DeleteOutcome], None],
) -> None:
    """Read the innovation, ask the officer, delete it on the database lane, then call
    ``on_deleted(message, outcome)`` on the GUI thread. A refusal or a failure is shown and
    changes nothing."""
    repo, tasks = context.repo, context.tasks

    def failed(error: BaseException) -> None:
        QMessageBox.warning(
            parent,
            translate("DeleteDraft", "Delete draft"),
            as_written(translate("DeleteDraft", "The draft was not deleted: {0}").format(error)),
        )

    def loaded(innovation: Innovation | None) -> None:
        if innovation is None:
            return  # already gone (deleted from another window)
        if not is_deletable(innovation.workflow_state):
            QMessageBox.information(
                parent,
                translate("DeleteDraft", "Delete draft"),
                translate(
                    "DeleteDraft",
                    "Only a draft can be deleted. This innovation has already been submitted "
                    "to the pemda; ask the verifier to send it back for revision if needed.",
                ),
            )
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning, translate("DeleteDraft", "Delete draft"), "", parent=parent
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # the draft's name as written
        box.setText(confirmation_text(innovation))
        delete = box.addButton(
            translate("DeleteDraft", "&Delete draft"), QMessageBox.ButtonRole.DestructiveRole
        )
        cancel = box.addButton(
            translate("DeleteDraft", "Cancel"), QMessageBox.ButtonRole.RejectRole
        )
        # Enter deletes a draft with nothing in it; anything with content needs a deliberate
        # choice of the button (Escape and Enter keep it).
        box.setDefaultButton(delete if _is_empty(innovation) else cancel)
        box.setEscapeButton(cancel)
        box.setObjectName("deleteDraftBox")
        box.exec()
        if box.clickedButton() is not delete:
            return
        title = innovation_title(innovation.profile.nama)

        def deleted(outcome: DeleteOutcome) -> None:
            from sync.local.repository import DeleteOutcome

            if outcome is DeleteOutcome.REMOVED:
                message = translate("DeleteDraft", "The draft “{0}” was deleted.").format(title)
            else:
                message = translate(
                    "DeleteDraft",
                    "The draft “{0}” was deleted here; the server deletes it with the next "
                    "synchronisation.",
                ).format(title)
            on_deleted(message, outcome)

        tasks.run_db(lambda: repo.delete_innovation(innovation_id), deleted, failed)

    tasks.run_db(lambda: repo.get_innovation(innovation_id), loaded, failed)
