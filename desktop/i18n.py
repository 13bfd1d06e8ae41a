"""Translations: English source strings in code, Indonesian (the default) from Qt .ts files.

One ``resources/i18n/<area>_id.ts`` per area of the app (``AREAS`` says which sources belong to
which area), compiled to ``.qm`` by ``pyside6-lrelease``. ``python -m desktop.i18n --update``
refreshes the .ts files from the code (pyside6-lupdate); ``--compile`` builds the .qm files
(``scripts/bootstrap.sh`` and the installer build run it). At start the app loads the .qm files of
the chosen language and compiles missing or stale ones first when the tool is at hand, so a
fresh checkout shows Indonesian without an extra step.

Qt's own texts (file dialogs, standard buttons, the edit menu of text fields) come from
``resources/i18n/qtbase_id.ts``, kept by hand: neither the PySide6 wheel nor Debian's
``qt6-translations-l10n`` ships an Indonesian ``qtbase`` (checked: the wheel has 33 languages,
no ``id``). It is not an area (``--update`` never touches it); ``--compile`` builds it with the
rest and ``install`` loads every ``*_<language>.qm``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
I18N_DIR = ROOT / "resources" / "i18n"
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

# Which source files each area's .ts covers (paths relative to the repository root).
AREAS: dict[str, tuple[str, ...]] = {
    "shell": (
        "desktop/app.py",
        "desktop/selftest.py",
        "desktop/labels.py",
        "desktop/single_instance.py",
        "desktop/models",
        "desktop/windows/main_window.py",
        "desktop/windows/innovation_list_page.py",
        "desktop/windows/delete_draft.py",
        "desktop/windows/settings_dialog.py",
        "desktop/windows/archive_dialog.py",
    ),
    "editor": (
        "desktop/autosave.py",
        "desktop/widgets",
        "desktop/windows/editor",
        "desktop/windows/spd_page.py",
    ),
    "export": ("desktop/export",),
    "dashboard": ("desktop/windows/dashboard_page.py",),
    "proof": ("desktop/proof",),
    "review": ("desktop/review", "desktop/roles.py", "desktop/widgets/read_only.py"),
    "sync": (
        "desktop/sync_bridge.py",
        "desktop/sync_words.py",
        "desktop/sync_once.py",
        "desktop/windows/login_dialog.py",
        "desktop/windows/sync_page.py",
        "desktop/windows/conflict_dialog.py",
    ),
}


def _i18n_dir() -> Path:
    """Where the .ts/.qm files are: the source tree, or the PyInstaller bundle's data folder."""
    bundled = getattr(sys, "_MEIPASS", None)
    if bundled:
        return Path(bundled) / "resources" / "i18n"
    return I18N_DIR


def _tool(name: str) -> str | None:
    import shutil

    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    return shutil.which(name)


def _stale(ts: Path) -> bool:
    """``ts`` has no ``.qm`` beside it, or one older than itself."""
    qm = ts.with_suffix(".qm")
    return not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime


def compile_translations(directory: Path | None = None, *, only_stale: bool = False) -> list[Path]:
    """Compile every ``*.ts`` to ``.qm`` beside it; returns the .qm files written.

    Each ``.qm`` is written beside and then renamed over the old one: Qt maps a loaded ``.qm``
    into memory, and rewriting that file in place under a running app (or a test run: the test
    command compiles first) kills it with SIGBUS."""
    import subprocess

    directory = directory or I18N_DIR
    lrelease = _tool("pyside6-lrelease")
    if lrelease is None:
        raise RuntimeError("pyside6-lrelease not found: install PySide6 in this environment")
    written = []
    for ts in sorted(directory.glob("*.ts")):
        if only_stale and not _stale(ts):
            continue
        qm = ts.with_suffix(".qm")
        fresh = qm.with_name(f".{qm.name}.{os.getpid()}.tmp")
        try:
            subprocess.run([lrelease, "-silent", str(ts), "-qm", str(fresh)], check=True)
            os.replace(fresh, qm)
        finally:
            fresh.unlink(missing_ok=True)
        written.append(qm)
    return written


def update_translations(language: str = "id") -> list[Path]:
    """Refresh each area's .ts from the code (new strings appear unfinished, old ones kept)."""
    import subprocess

    lupdate = _tool("pyside6-lupdate")
    if lupdate is None:
        raise RuntimeError("pyside6-lupdate not found: install PySide6 in this environment")
    written = []
    for area, sources in AREAS.items():
        files: list[str] = []
        for source in sources:
            path = ROOT / source
            if path.is_dir():
                files += [str(p) for p in sorted(path.rglob("*.py"))]
            elif path.exists():
                files.append(str(path))
        if not files:
            continue
        ts = I18N_DIR / f"{area}_{language}.ts"
        subprocess.run(
            [lupdate, "-silent", "-no-obsolete", *files, "-ts", str(ts)], check=True, cwd=ROOT
        )
        written.append(ts)
    return written


class Translations:
    """The translators installed into the application for one language."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = "en"

    def uninstall(self) -> None:
        """Remove this object's translators (the app is closing, or a test is done)."""
        app = QCoreApplication.instance()
        if app is not None:
            for translator in self._installed:
                app.removeTranslator(translator)
        self._installed.clear()

    def install(self, language: str) -> list[str]:
        """Switch the application to ``language``; returns the areas loaded.

        English is the source language: it needs no translator. A missing .qm is compiled from
        its .ts when possible; otherwise that area shows English and the problem is logged.
        """
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication before installing translations")
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed.clear()
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        QLocale.setDefault(QLocale(QLocale.Language.Indonesian if self.language == "id"
                                   else QLocale.Language.English))  # fmt: skip
        if self.language == "en":
            return []
        directory = _i18n_dir()
        if not getattr(sys, "_MEIPASS", None) and any(map(_stale, directory.glob("*.ts"))):
            import subprocess  # only to compile: not on a normal start's way to the window

            try:
                compile_translations(directory, only_stale=True)
            except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
                log.warning("could not compile translations: %s", error)
        loaded = []
        for qm in sorted(directory.glob(f"*_{self.language}.qm")):
            translator = QTranslator(app)
            if translator.load(str(qm)):
                app.installTranslator(translator)
                self._installed.append(translator)
                loaded.append(qm.stem.rsplit("_", 1)[0])
            else:
                log.warning("could not load translation %s", qm)
        return loaded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.i18n", description=__doc__)
    parser.add_argument("--compile", action="store_true", help="build .qm files from .ts")
    parser.add_argument("--update", action="store_true", help="refresh .ts files from the code")
    args = parser.parse_args(argv)
    if not (args.compile or args.update):
        parser.error("say --update and/or --compile")
    if args.update:
        for ts in update_translations():
            print(f"updated {ts.relative_to(ROOT)}")
    if args.compile:
        for qm in compile_translations():
            print(f"compiled {qm.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
