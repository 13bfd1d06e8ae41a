"""Screenshots of the export part (Paket kirim, profile, carry-over) from the real app.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots_export.py

Seeds the demo pemda, signs the demo admin in (the role that may build packages), writes a
package to a temporary folder from the page, opens the profile previewer and the carry-over
dialog, and saves each window with ``QWidget.grab()``. Page 1 of the printable profile and of a
checklist are also rendered straight from the PDFs with PDFium (what a printer gets).
"""

from __future__ import annotations

import argparse
import dataclasses
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
    args.out = args.out.resolve()
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data = Path(tempfile.mkdtemp(prefix="inovasi-screens-export-"))
    os.environ["INOVASI_DESK_DATA"] = str(data)

    import pypdfium2 as pdfium

    from desktop.context import AppContext
    from desktop.demo_data import seed
    from desktop.i18n import Translations
    from desktop.qtapp import make_application
    from desktop.windows.main_window import MainWindow
    from iid.records import WorkflowState
    from sync.local.repository import InnovationFilter

    app = make_application(sys.argv[:1])
    context = AppContext.create(data, inline_tasks=True, language=args.lang)
    seed(context)
    user = context.repo.get_local_user()
    context.repo.set_local_user(
        dataclasses.replace(user, username="admin", full_name="Admin Bappeda", role="admin")
    )
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

    def wrote(path: Path) -> None:
        # Inside the repository as a relative path, elsewhere (--out /tmp/...) as given.
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    def shot(widget: object, name: str) -> None:
        settle()
        path = args.out / f"{name}.png"
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        wrote(path)

    def pdf_page(data_: bytes, name: str) -> None:
        document = pdfium.PdfDocument(data_)
        image = document[0].render(scale=1.4).to_pil()
        path = args.out / f"{name}.png"
        image.save(path)
        document.close()
        wrote(path)

    settle(0.5)
    actions = window.export_actions
    actions.package_action.trigger()
    page = actions.page
    out = Path(tempfile.mkdtemp(prefix="flashdisk-"))
    page.destination.setText(str(out))
    page.start_export()
    deadline = time.monotonic() + 60
    while page.result_path is None and time.monotonic() < deadline:
        settle(0.1)
    shot(window, "paket-kirim")

    # An approved one: its year is done, so it can be carried over too.
    summary = context.repo.list_innovations(
        InnovationFilter(search="Sekolah Ramah", workflow_state=WorkflowState.DISETUJUI)
    )[0]
    package = page.result_path
    assert package is not None
    checklist = next(package.glob("*sekolah-ramah*/00-daftar-isian.pdf"))
    pdf_page(checklist.read_bytes(), "daftar-isian-halaman-1")

    window.open_innovation(summary.id)
    settle(1.0)
    actions.print_current()
    dialog = actions.dialog
    while dialog.data is None and time.monotonic() < deadline + 60:
        settle(0.1)
    dialog.resize(980, 720)
    shot(dialog, "profil-pratinjau")
    pdf_page(dialog.data, "profil-halaman-1")
    dialog.close()

    actions.role = "operator"  # the officer carries their own innovation over
    actions.carry_current()
    carry = actions.dialog
    settle(0.5)
    carry.development.setPlainText(
        "Layanan kini terhubung dengan Dapodik; dipakai di 40 sekolah baru sejak Maret 2026."
    )
    shot(carry, "ajukan-kembali")
    carry.close()
    window.close()
    context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
