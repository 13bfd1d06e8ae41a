"""Choosing between this laptop's and the server's value where both changed the same field.

Fields changed on one side only were merged already (``sync.local.merge``); this dialog shows
only the clashing ones, side by side, labelled with the rule set's words where it has them. The
officer picks one side per field (every choice is required: nothing is dropped by default; both
radio buttons are reachable with Tab and arrow keys), and the result goes to
``engine.resolve_conflict`` on the database lane, to be sent on the next sync.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.labels import format_bytes, opd_label, workflow_label
from iid.records import jenis_label
from iid.rules import profile_field_label, words_of
from sync.local.merge import merge

log = logging.getLogger(__name__)

translate = QCoreApplication.translate

LOCAL, REMOTE = "local", "remote"
_ABSENT: Any = object()


# --- paths in content -----------------------------------------------------------------------


def _child(container: Any, segment: str) -> Any:
    if isinstance(container, dict):
        return container.get(segment, _ABSENT)
    if isinstance(container, list):
        return next(
            (i for i in container if isinstance(i, dict) and i.get("id") == segment), _ABSENT
        )
    return _ABSENT


def get_path(content: dict[str, Any], path: str) -> Any:
    """The value at a merge path (``profile.nama``, ``documents.<id>.tentang``), or
    ``_ABSENT``."""
    value: Any = content
    for segment in path.split("."):
        value = _child(value, segment)
        if value is _ABSENT:
            return _ABSENT
    return value


def set_path(content: dict[str, Any], path: str, value: Any) -> None:
    """Put ``value`` at ``path`` (``_ABSENT`` removes it), creating dicts on the way; in a list
    of documents the segment is the document's id."""
    segments = path.split(".")
    container: Any = content
    for segment in segments[:-1]:
        child = _child(container, segment)
        if child is _ABSENT:
            if value is _ABSENT:
                return
            child = {"id": segment} if isinstance(container, list) else {}
            if isinstance(container, list):
                container.append(child)
            else:
                container[segment] = child
        container = child
    last = segments[-1]
    if isinstance(container, list):
        index = next(
            (n for n, i in enumerate(container) if isinstance(i, dict) and i.get("id") == last),
            None,
        )
        if value is _ABSENT:
            if index is not None:
                del container[index]
        elif index is None:
            container.append(copy.deepcopy(value))
        else:
            container[index] = copy.deepcopy(value)
    elif isinstance(container, dict):
        if value is _ABSENT:
            container.pop(last, None)
        else:
            container[last] = copy.deepcopy(value)


def resolved_content(info: Any, choices: dict[str, str]) -> dict[str, Any]:
    """The record after the officer's choices: the clean merge of both sides plus, for each
    clashing field, the chosen side's value (``choices``: path -> ``local``/``remote``)."""
    merged = merge(info.base, info.local, info.remote).merged
    for conflict in info.conflicts:
        side = choices[conflict.path]
        source = info.local if side == LOCAL else info.remote
        set_path(merged, conflict.path, get_path(source, conflict.path))
    return merged


# --- labels and values ----------------------------------------------------------------------


def _rules_for(context: Any, content: dict[str, Any]) -> Any:
    year = content.get("rule_year")
    if not isinstance(year, int):
        return None
    try:
        return context.rules(year)
    except Exception:  # noqa: BLE001 - labels fall back to the field's own name
        return None


def _document_name(info: Any, doc_id: str) -> str:
    for content in (info.local, info.remote, info.base or {}):
        doc = _child(content.get("documents", []), doc_id)
        if isinstance(doc, dict):
            return str(doc.get("file_name") or doc.get("tentang") or doc.get("link") or doc_id)
    return doc_id


def field_label(path: str, info: Any, rules: Any) -> str:
    """Words for a merge path: the rule set's label where it has one."""
    parts = path.split(".")
    if parts[0] == "profile" and len(parts) >= 2:
        name = parts[-1] if parts[1] == "extra" and len(parts) >= 3 else parts[1]
        return profile_field_label(name, rules)
    if parts[0] == "answers" and len(parts) >= 2:
        key = parts[1]
        if info.record_type == "spd_profile":
            row = getattr(rules, "spd_rows", {}).get(key) if rules is not None else None
            title = translate("ConflictDialog", "SPD row {0}").format(key)
        else:
            row = getattr(rules, "indicators", {}).get(key) if rules is not None else None
            title = translate("ConflictDialog", "Indicator {0}").format(key)
        if row is not None:
            title += f" – {row.name}"
        if len(parts) >= 3:
            title += f": {_answer_field(parts[2], row)}"
        return title
    if parts[0] == "documents" and len(parts) >= 2:
        title = translate("ConflictDialog", "Evidence “{0}”").format(_document_name(info, parts[1]))
        if len(parts) >= 3:
            title += f": {_document_field(parts[2])}"
        return title
    fixed = {
        "workflow_state": translate("ConflictDialog", "Workflow state"),
        "opd_id": translate("ConflictDialog", "OPD"),
        "rule_year": translate("ConflictDialog", "Assessment year"),
        "deleted": translate("ConflictDialog", "Deleted"),
    }
    return fixed.get(path) or profile_field_label(path, rules)


def _answer_field(field: str, row: Any) -> str:
    """An indicator answer's field: the rule set's words for its measure (indicator 17's
    quantity is "Jumlah SDM pengelola inovasi"), else the app's own."""
    measure: Any = getattr(row, "measure", None)
    label = str(getattr(measure, "label", "") or "")
    base_label = str(getattr(measure, "base_label", "") or "")
    if field == "quantity" and label and getattr(measure, "kind", "") != "bases":
        return label
    if field == "quantity_base" and base_label:
        return base_label
    if field in ("basis", "checklist") and label:
        return label
    words = {
        "claimed_level": translate("ConflictDialog", "claimed level"),
        "level": translate("ConflictDialog", "level"),
        "raw_value": translate("ConflictDialog", "value"),
        "inputs": translate("ConflictDialog", "entered figures"),
        "quantity": translate("ConflictDialog", "quantity that decides the level"),
        "quantity_base": translate("ConflictDialog", "base quantity"),
        "basis": translate("ConflictDialog", "basis of the quantity"),
        "checklist": translate("ConflictDialog", "ticked items"),
        "verified_level": translate("ConflictDialog", "verified level"),
        "verdict": translate("ConflictDialog", "verifier's verdict"),
        "verifier_note": translate("ConflictDialog", "verifier's note"),
    }
    return words.get(field) or words_of(field).lower()


def _document_field(field: str) -> str:
    """An evidence document's field in the words of the evidence pane."""
    words = {
        "nomor": translate("ConflictDialog", "number"),
        "tanggal": translate("ConflictDialog", "date"),
        "tentang": translate("ConflictDialog", "about"),
        "link": translate("ConflictDialog", "link"),
        "file_name": translate("ConflictDialog", "file name"),
        "slot": translate("ConflictDialog", "indicator"),
        "position": translate("ConflictDialog", "order"),
        "jenis": translate("ConflictDialog", "document kind"),
        "tahun": translate("ConflictDialog", "year it is for"),
        "names_innovation": translate("ConflictDialog", "names the innovation"),
        "name_page": translate("ConflictDialog", "page naming the innovation"),
        "readability": translate("ConflictDialog", "scan quality"),
        "prefilled": translate("ConflictDialog", "read from the document, not yet confirmed"),
        "sha256": translate("ConflictDialog", "file"),
        "media_type": translate("ConflictDialog", "file type"),
        "size_bytes": translate("ConflictDialog", "file size"),
        "duration_seconds": translate("ConflictDialog", "video length"),
        "page_count": translate("ConflictDialog", "pages"),
    }
    return words.get(field) or words_of(field).lower()


def _rule_words(value: Any, path: str, rules: Any) -> str | None:
    """A measure's basis or ticked items by the rule set's labels (not their keys)."""
    parts = path.split(".")
    if len(parts) != 3 or parts[0] != "answers" or parts[2] not in ("basis", "checklist"):
        return None
    row = getattr(rules, "indicators", {}).get(parts[1]) if rules is not None else None
    measure = getattr(row, "measure", None)
    if measure is None:
        return None
    if parts[2] == "basis" and isinstance(value, str) and value in measure.bases:
        return str(measure.bases[value].label)
    if parts[2] == "checklist" and isinstance(value, list) and value:
        return ", ".join(str(measure.items.get(item, item)) for item in value)
    return None


def value_text(
    value: Any,
    path: str = "",
    opd_names: dict[str, str] | None = None,
    rules: Any = None,
    language: str = "id",
) -> str:
    """A value as the officer reads it; nothing is cut off (long texts wrap). An OPD shows by
    name, a workflow state, a document's kind and readability in the app's words, a measure's
    basis and ticked items by the rule set's labels, never as the codes the record holds."""
    if path == "opd_id" and isinstance(value, str) and value:
        return opd_label(value, (opd_names or {}).get(value))
    if path == "workflow_state" and isinstance(value, str) and value:
        return workflow_label(value)
    field = path.rsplit(".", 1)[-1] if path.startswith("documents.") else ""
    if field == "jenis" and isinstance(value, str) and value:
        return jenis_label(value, language)
    if field == "readability" and isinstance(value, str) and value:
        return _readability_words(value)
    if field == "prefilled" and isinstance(value, list) and value:
        return ", ".join(_document_field(str(item)) for item in value)
    if field == "size_bytes" and isinstance(value, int):
        return format_bytes(value)
    words = _rule_words(value, path, rules)
    if words is not None:
        return words
    if value is _ABSENT or value is None or value == "" or value == [] or value == {}:
        return translate("ConflictDialog", "(empty)")
    if isinstance(value, bool):
        return translate("ConflictDialog", "yes") if value else translate("ConflictDialog", "no")
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value)
    if isinstance(value, dict):
        if "id" in value and ("file_name" in value or "slot" in value):
            name = value.get("file_name") or value.get("link") or value.get("id")
            about = value.get("tentang") or ""
            return f"{name} — {about}" if about else str(name)
        return "; ".join(f"{k}: {value_text(v)}" for k, v in value.items())
    return str(value)


def _readability_words(code: str) -> str:
    return {
        "low_resolution": translate("ConflictDialog", "resolution too low"),
        "blank": translate("ConflictDialog", "blank page"),
        "sideways": translate("ConflictDialog", "scanned sideways"),
        "not_read": translate("ConflictDialog", "too speckled or dense to read"),
    }.get(code) or words_of(code).lower()


# --- the dialog -----------------------------------------------------------------------------


class ConflictDialog(QDialog):
    """One record's clashing fields; accepted after the choice was stored."""

    def __init__(self, context: Any, bridge: Any, info: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.bridge = bridge
        self.info = info
        self.groups: dict[str, QButtonGroup] = {}
        self.buttons_by_path: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        self.saving = False
        rules = _rules_for(context, info.local) or _rules_for(context, info.remote)
        name = (info.local.get("profile") or {}).get("nama") or (
            info.remote.get("profile") or {}
        ).get("nama")
        self.setWindowTitle(self.tr("Resolve conflict"))
        self.setMinimumSize(640, 420)

        intro = QLabel(self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        intro.setText(
            self.tr(
                "“{0}” was changed on this laptop and on the server. Changes made on one side "
                "only are already combined. For each field below, choose which value to keep."
            ).format(name or self.tr("This record"))
        )
        body = QWidget(self)
        grid = QVBoxLayout(body)
        opd_names = {o.id: o.name for o in context.repo.list_opds()}
        language = str(getattr(context, "language", "id") or "id")
        for conflict in info.conflicts:
            box = QGroupBox(field_label(conflict.path, info, rules), body)
            box_layout = QGridLayout(box)
            group = QButtonGroup(box)
            group.setExclusive(True)
            mine = QRadioButton(self.tr("Mine (this laptop)"), box)
            theirs = QRadioButton(self.tr("Server's"), box)
            for row, (button, side, content) in enumerate(
                ((mine, LOCAL, info.local), (theirs, REMOTE, info.remote))
            ):
                group.addButton(button)
                button.setProperty("side", side)
                path = conflict.path
                if path.startswith("documents.") and path.endswith(".sha256"):
                    # A replaced file shows as that side's file (name, about), never its hash.
                    path = path.rsplit(".", 1)[0]
                shown = value_text(get_path(content, path), path, opd_names, rules, language)
                value = QLabel(shown, box)
                value.setTextFormat(Qt.TextFormat.PlainText)
                value.setWordWrap(True)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                value.setBuddy(button)
                box_layout.addWidget(button, row, 0, Qt.AlignmentFlag.AlignTop)
                box_layout.addWidget(value, row, 1)
            box_layout.setColumnStretch(1, 1)
            group.buttonToggled.connect(lambda _b, _on: self._update_ok())
            self.groups[conflict.path] = group
            self.buttons_by_path[conflict.path] = (mine, theirs)
            grid.addWidget(box)
        grid.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)

        self.all_mine = QPushButton(self.tr("Keep all &mine"), self)
        self.all_mine.clicked.connect(lambda: self.choose_all(LOCAL))
        self.all_theirs = QPushButton(self.tr("Take all from the ser&ver"), self)
        self.all_theirs.clicked.connect(lambda: self.choose_all(REMOTE))
        self.error_label = QLabel(self)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a4262c;")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Save my choice"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Decide later"))
        self.buttons.addButton(self.all_mine, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.all_theirs, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._update_ok()
        if info.conflicts:
            self.buttons_by_path[info.conflicts[0].path][0].setFocus()

    def choices(self) -> dict[str, str]:
        """path -> ``local``/``remote`` for every field chosen so far."""
        chosen = {}
        for path, group in self.groups.items():
            button = group.checkedButton()
            if button is not None:
                chosen[path] = str(button.property("side"))
        return chosen

    def choose(self, path: str, side: str) -> None:
        mine, theirs = self.buttons_by_path[path]
        (mine if side == LOCAL else theirs).setChecked(True)

    def choose_all(self, side: str) -> None:
        for path in self.groups:
            self.choose(path, side)

    def _update_ok(self) -> None:
        missing = len(self.groups) - len(self.choices())
        self.ok_button.setEnabled(missing == 0 and not self.saving)
        self.ok_button.setToolTip(
            self.tr("Choose a value for {0} more field(s).").format(missing) if missing else ""
        )

    @Slot()
    def save(self) -> None:
        choices = self.choices()
        if len(choices) != len(self.groups) or self.saving:
            return
        content = resolved_content(self.info, choices)
        engine = self.bridge.engine
        info = self.info
        self.saving = True
        self._update_ok()
        self.context.tasks.run_db(
            lambda: engine.resolve_conflict(info.record_type, info.record_id, content),
            on_done=lambda _r: self._saved(),
            on_error=self._failed,
        )

    def _saved(self) -> None:
        self.saving = False
        self.accept()

    def _failed(self, error: BaseException) -> None:
        log.error("resolving a conflict failed", exc_info=error)
        self.saving = False
        self._update_ok()
        self.error_label.setText(
            self.tr("Your choice could not be saved; nothing was changed. {0}").format(error)
        )
        self.error_label.show()
