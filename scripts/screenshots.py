"""Take the README's screenshots from the real app on a freshly seeded demo data folder.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py [--lang id]

Under Xvfb the real xcb window is shot (the README's pictures are made this way); without a
display it falls back to the offscreen platform. Each page is saved with ``QWidget.grab()``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="id", choices=("id", "en"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # under Xvfb: the real xcb window
    data = Path(tempfile.mkdtemp(prefix="inovasi-screens-"))
    os.environ["INOVASI_DESK_DATA"] = str(data)

    from desktop.app import make_application
    from desktop.context import AppContext
    from desktop.demo_data import seed
    from desktop.i18n import Translations
    from desktop.windows.main_window import MainWindow

    app = make_application(sys.argv[:1])
    context = AppContext.create(data, inline_tasks=True, language=args.lang)
    ids = seed(context)
    context.close()
    context = AppContext.create(data, language=args.lang)
    translations = Translations()
    translations.install(args.lang)
    window = MainWindow(context, translations)
    window.resize(1366, 768)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)

    def settle(seconds: float = 0.4) -> None:
        context.tasks.wait_idle()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()  # type: ignore[attr-defined]
            time.sleep(0.01)

    def shot(name: str) -> None:
        settle()
        path = args.out / f"{name}.png"
        window.grab().save(str(path))
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    window.list_page.select(ids[0])
    shot("list")
    window.open_innovation(ids[0])
    settle(1.0)
    shot("editor-profile")
    editor = window.editor
    editor.navigate_to("16")
    shot("editor-indicators")
    window.close_editor()
    window.show_page("spd")
    shot("spd")
    window.show_page("summary")
    shot("summary")
    window.show_page("sync")
    shot("sync")
    window.close()
    context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
