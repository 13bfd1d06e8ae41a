"""Take the desktop Dasbor screenshot (docs/screenshots/dashboard.png) from the real app signed
in as the demo admin on a real demo server with the demo pemda (same numbers as the web's).

    xvfb-run -a -s "-screen 0 1366x900x24" .venv/bin/python scripts/dashboard_screenshot.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop import sync_bridge
    from desktop.context import AppContext
    from desktop.i18n import Translations
    from desktop.qtapp import make_application
    from desktop.windows.main_window import MainWindow
    from tests.server.live import DEMO_PASSWORDS, running_server, seed_innovations

    app = make_application(sys.argv[:1])
    work = Path(tempfile.mkdtemp(prefix="inovasi-dashboard-shot-"))
    with running_server(work / "server") as live:
        seed_innovations(live)
        context = AppContext.create(work / "desk", language="id")
        context.settings.server_url = live.url
        translations = Translations()
        translations.install("id")
        window = MainWindow(context, translations)
        sync_bridge.install(window, watch_network=False)
        window.resize(1366, 860)
        window.show()
        window.sync_bridge.use_server(live.url)
        window.sync_bridge.login(live.url, "admin", DEMO_PASSWORDS["admin"])
        page = window.summary_page
        window.show_page("summary")
        deadline = time.monotonic() + 30
        while page.projection is None and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)
        for _ in range(20):
            app.processEvents()
            time.sleep(0.02)
        out = ROOT / "docs" / "screenshots"
        window.grab().save(str(out / "dashboard.png"))
        body = page.body
        body.resize(body.width(), body.sizeHint().height())
        body.grab().save(str(out / "dashboard-full.png"))
        window.sync_bridge.stop()
        window.close()
        context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
