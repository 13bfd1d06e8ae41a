"""The editor's look: one style sheet for the editor and the SPD page, scoped by object name."""

from __future__ import annotations

EDITOR_STYLE = """
QLabel#editorTitle { font-size: 15pt; font-weight: 600; color: #1f2933; }
QLabel#hint { color: #52606d; }
QLabel#sectionTitle { font-weight: 600; color: #1f2933; margin-top: 6px; }
QLabel#indicatorTitle { font-size: 13pt; font-weight: 600; color: #1f2933; }
QLabel#formSection { font-size: 11pt; font-weight: 600; color: #1f4e79; padding-top: 10px;
                     border-bottom: 1px solid #d9e2ec; }
QLabel#fieldLabel { color: #323f4b; padding-top: 4px; }
QLabel#guidance { background: #f0f4f8; border-left: 3px solid #627d98; padding: 6px 8px;
                  color: #243b53; }
QLabel#verification { background: #fff8e1; border-left: 3px solid #d9a400; padding: 6px 8px; }
QLabel#findings { padding: 2px 0; }
QLabel#saveState { color: #52606d; }
QLabel#saveState[state="failed"] { color: #b03a2e; font-weight: 600; }
QLabel#mappedLevel { font-weight: 600; color: #1f4e79; }
QLabel#spdScore { font-size: 12pt; font-weight: 600; color: #1f4e79; }
QFrame#scorePanel { background: #f7f9fb; border: 1px solid #d9e2ec; border-radius: 6px; }
QScrollArea#scorePanelScroll, QWidget#scorePanelBody { background: transparent; }
QLabel#verifiedScore { color: #1f6f3f; font-weight: 600; }
QListWidget#indicatorList::item, QListWidget#spdRowList::item { padding: 5px 4px;
    border-bottom: 1px solid #e4e7eb; }
QListWidget#indicatorList::item:selected, QListWidget#spdRowList::item:selected {
    background: #dbeafe; color: #102a43; }
QWidget#pageBody { background: palette(base); }
"""
