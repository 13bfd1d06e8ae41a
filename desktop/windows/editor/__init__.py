"""The innovation editor: profile page, indicator page, score panel (``InnovationEditor``)."""

from desktop.windows.editor.window import InnovationEditor

__all__ = ["InnovationEditor"]
