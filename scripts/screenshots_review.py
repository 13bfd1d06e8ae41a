"""Screenshots of the review process from the real app: the verifier's Verifikasi desk, the
review screen, and an innovation returned for revision as the operator sees it.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots_review.py

Two data folders as a sync leaves them (``tests/gui/review_support``): a verifier's laptop with
a pemda's submitted innovations and their scans in the vault, and an operator's with one
innovation the verifier returned (verdicts, notes, the return note in the history).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OPDS = (
    ("opd-dinkes", "Dinas Kesehatan"),
    ("opd-disdik", "Dinas Pendidikan"),
    ("opd-dukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("opd-dpmptsp", "Dinas Penanaman Modal dan PTSP"),
    ("opd-bappeda", "Bappeda"),
)
SUBMITTED = (
    ("Puskesmas Keliling Tanggap Stunting", 0, 12),
    ("Sekolah Ramah Anak Berbasis Desa", 1, 9),
    ("Adminduk Jemput Bola di Desa Terpencil", 2, 8),
    ("Izin Usaha Sehari Jadi (SIJADI)", 3, 6),
    ("Posyandu Digital Terintegrasi", 0, 5),
    ("Beasiswa Anak Nelayan", 1, 4),
    ("KTP-el untuk Warga Lansia di Rumah", 2, 3),
    ("Lapor Jalan Rusak via WhatsApp", 4, 2),
    ("Klinik Perizinan Keliling UMKM", 3, 1),
    ("Rapor Digital SD Negeri", 1, 1),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="id", choices=("id", "en"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from desktop.context import AppContext
    from desktop.i18n import Translations
    from desktop.qtapp import make_application
    from desktop.windows.main_window import MainWindow
    from iid import workflow as wf
    from iid.records import Verdict, WorkflowState
    from tests.gui.review_support import pulled_innovation, sign_in_as

    app = make_application(sys.argv[:1])
    translations = Translations()
    translations.install(args.lang)
    args.out.mkdir(parents=True, exist_ok=True)

    def seeded(role: str, opd: str | None) -> Path:
        folder = Path(tempfile.mkdtemp(prefix=f"inovasi-screens-{role}-"))
        context = AppContext.create(folder, inline_tasks=True, language=args.lang)
        sign_in_as(context, role, opd)
        for opd_id, name in OPDS:
            context.repo.upsert_opd(opd_id, name, pemda_id="pemda-uji")
        context.close()
        return folder

    def open_app(folder: Path) -> tuple[Any, Any]:
        os.environ["INOVASI_DESK_DATA"] = str(folder)
        context = AppContext.create(folder, language=args.lang)
        window = MainWindow(context, translations)
        window.resize(1366, 768)
        window.show()
        return window, context

    def settle(context: Any, seconds: float = 0.5) -> None:
        context.tasks.wait_idle()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)
        context.tasks.wait_idle()

    def shot(window: Any, context: Any, name: str) -> None:
        settle(context)
        path = args.out / f"{name}.png"
        window.grab().save(str(path))
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    # --- the verifier's laptop -----------------------------------------------------------
    folder = seeded("verifikator", None)
    context = AppContext.create(folder, inline_tasks=True, language=args.lang)
    ids = [
        pulled_innovation(
            context, name, OPDS[opd][0], submitted_days_ago=days, seq=10 * n + 1, scans=n == 0
        )  # fmt: skip
        for n, (name, opd, days) in enumerate(SUBMITTED)
    ]
    context.close()
    window, context = open_app(folder)
    settle(context, 1.0)
    window.show_page("verifikasi")
    desk = window.review_shell.desk
    settle(context, 1.0)
    shot(window, context, "verifikasi-desk")

    screen = desk.open_review(ids[0])
    settle(context, 1.0)
    screen.choose(Verdict.SESUAI)  # 16: Sesuai
    settle(context)
    screen.next_document()
    screen.choose(Verdict.TIDAK_SESUAI)  # 17: Tidak Sesuai, the note being typed
    screen.set_level(1)
    screen.note.setText("SK tidak menyebut jumlah SDM pelaksana")
    screen.save_note()
    settle(context, 1.0)
    shot(window, context, "review-screen")
    desk.close_review()
    window.close()
    context.close()

    # --- the operator's laptop: the innovation came back ---------------------------------
    folder = seeded("operator", "opd-dinkes")
    context = AppContext.create(folder, inline_tasks=True, language=args.lang)
    at = datetime.now(UTC) - timedelta(days=1)
    given = {
        "16": wf.IndicatorReview(Verdict.SESUAI, 2, "", by="verifikator", at=at),
        "17": wf.IndicatorReview(
            Verdict.TIDAK_SESUAI, 1, "SK tidak menyebut jumlah SDM pelaksana",
            by="verifikator", at=at,
        ),
        "32": wf.IndicatorReview(Verdict.SESUAI, 1, "", by="verifikator", at=at),
        "33": wf.IndicatorReview(
            Verdict.TIDAK_DAPAT_DIUKUR, 0, "Foto kegiatan tidak terbaca", by="verifikator", at=at,
        ),
        "35": wf.IndicatorReview(Verdict.SESUAI, 2, "", by="verifikator", at=at),
    }  # fmt: skip
    returned = pulled_innovation(
        context, "Puskesmas Keliling Tanggap Stunting", "opd-dinkes",
        state=WorkflowState.REVISI, submitted_days_ago=3, verdicts=given,
        steps=(wf.Transition(
            wf.Action.PERLU_REVISI, WorkflowState.DIAJUKAN, WorkflowState.REVISI,
            "Siti Rahmawati", wf.Role.VERIFIKATOR, at,
            "Lampirkan SK yang menyebut jumlah SDM dan foto kegiatan yang jelas.",
        ),),
    )  # fmt: skip
    others = [
        pulled_innovation(context, name, "opd-dinkes", submitted_days_ago=days, seq=100 + n * 10)
        for n, (name, _opd, days) in enumerate(SUBMITTED[4:6])
    ]
    context.close()
    window, context = open_app(folder)
    settle(context, 1.0)
    window.list_page.select(others[0])  # the returned row's colour shows when not selected
    shot(window, context, "returned-in-list")
    window.open_innovation(returned)
    settle(context, 1.0)
    window.editor.navigate_to("17")
    shot(window, context, "returned-innovation")
    window.close()
    context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
