"""A pemda's innovations on a laptop as a sync leaves them, for the review GUI tests and the
bench: pulled innovation records (complete under the 2026 rules, their scans as real PDFs in
the vault) and their review records (state, history), an account with a role."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from iid.codec import review_to_dict
from iid.records import EvidenceDocument, Innovation, WorkflowState
from iid.workflow import Action, IndicatorReview, Review, Role, Transition
from sync.local.accounts import LocalUserInfo
from sync.local.content import innovation_content
from sync.local.ids import new_id
from tests.iid.test_checks import complete_innovation

PEMDA = "pemda-uji"
OPDS = (("opd-dinkes", "Dinas Kesehatan"), ("opd-disdik", "Dinas Pendidikan"))


@functools.cache
def _speckle() -> Any:
    """An A4 page at 150 dpi with a scan's grey speckle (made once)."""
    from PIL import Image

    return Image.effect_noise((1240, 1754), 24).point(lambda v: 205 + v // 5)


def scan_pdf(title: str, pages: int = 1, *, texture: bool = False) -> bytes:
    """A real PDF of ``pages`` pages with text, as a scan would be; ``texture``: the grey
    speckle of a real scan (a page then weighs a few hundred KB, as scans do)."""
    import img2pdf
    from PIL import Image, ImageDraw, ImageFont

    images = []
    for number in range(pages):
        image = _speckle().copy() if texture else Image.new("L", (620, 877), 255)
        width, height = image.size
        unit = width / 620
        draw = ImageDraw.Draw(image)
        font = ImageFont.load_default(size=round(14 * unit))
        heading = ImageFont.load_default(size=round(20 * unit))
        draw.rectangle((40 * unit, 40 * unit, width - 40 * unit, height - 40 * unit), outline=40)
        draw.text((width / 2, 90 * unit), title.upper(), fill=20, font=heading, anchor="mm")
        draw.text((width / 2, 120 * unit), f"halaman {number + 1}", fill=60, font=font,
                  anchor="mm")  # fmt: skip
        for line in range(24):  # the body text, as grey bars
            y = (170 + line * 24) * unit
            right = width - (70 + (line * 37) % 120) * unit
            draw.rectangle((70 * unit, y, right, y + 9 * unit), fill=110)
        buffer = io.BytesIO()
        if texture:
            image.save(buffer, "JPEG", quality=80)  # as scanners write them
        else:
            image.save(buffer, "PNG")
        images.append(buffer.getvalue())
    return bytes(img2pdf.convert(images))


def sign_in_as(context: Any, role: str, opd_id: str | None = None) -> None:
    repo = context.repo
    repo.upsert_pemda(PEMDA, "Kabupaten Uji", "9999")
    for opd, name in OPDS:
        repo.upsert_opd(opd, name, pemda_id=PEMDA)
    repo.set_local_user(
        LocalUserInfo(
            user_id=f"u-{role}", username=role, full_name=role.title(), role=role,
            pemda_id=PEMDA, opd_id=opd_id,
        )
    )  # fmt: skip


def pulled_innovation(
    context: Any,
    nama: str,
    opd_id: str,
    *,
    state: WorkflowState = WorkflowState.DIAJUKAN,
    submitted_days_ago: int = 1,
    files: bool = True,
    folder: Path | None = None,
    seq: int = 1,
    scans: bool = False,
    steps: Sequence[Transition] = (),
    verdicts: Mapping[str, IndicatorReview] | None = None,
    qc_note: str = "",
) -> str:
    """A complete innovation of ``opd_id`` as the server sends it (and its review in
    ``state``), its documents' files in this laptop's vault when ``files``. ``steps``: the
    transitions after Ajukan; ``verdicts``: the verifier's per indicator so far."""
    model = complete_innovation()
    rid = new_id()
    documents: list[EvidenceDocument] = []
    for doc in model.documents:
        if doc.sha256 is None:
            documents.append(dataclasses.replace(doc, id=new_id()))
            continue
        data = scan_pdf(f"{nama} - bukti {doc.slot}", 2 if scans else 1, texture=scans)
        sha = hashlib.sha256(data).hexdigest()
        if files:
            path = (folder or context.data_dir) / "incoming" / f"{sha[:12]}.pdf"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            context.vault.import_file(path)
            path.unlink()
        documents.append(
            dataclasses.replace(
                doc, id=new_id(), sha256=sha, size_bytes=len(data),
                media_type="application/pdf", file_name=f"bukti-{doc.slot}.pdf",
            )
        )  # fmt: skip
    innovation = Innovation(
        id=rid,
        rule_year=2026,
        opd_id=opd_id,
        profile=dataclasses.replace(model.profile, nama=nama),
        answers=model.answers,
        documents=documents,
    )
    at = datetime.now(UTC) - timedelta(days=submitted_days_ago)
    history = (Transition(Action.AJUKAN, WorkflowState.DRAFT, WorkflowState.DIAJUKAN,
                          "operator", Role.OPERATOR, at, ""), *steps)  # fmt: skip
    review = Review(
        rid, state=state, history=history, indicators=dict(verdicts or {}), note=qc_note,
        review_started=bool(verdicts),
    )  # fmt: skip
    stamp = at.isoformat()
    repo = context.repo
    repo.apply_remote(
        [
            {"type": "innovation", "id": rid, "version": 1, "seq": seq,
             "content": innovation_content(innovation), "deleted": False, "opd_id": opd_id,
             "updated_at": stamp, "updated_by": "u-operator", "device_id": None},
            {"type": "review", "id": f"review-{rid}", "version": 1, "seq": seq + 1,
             "content": {**review_to_dict(review), "innovation_id": rid}, "deleted": False,
             "opd_id": opd_id, "updated_at": stamp, "updated_by": "server", "device_id": None},
        ],
        repo.get_cursor(),
    )  # fmt: skip
    return rid


def pulled_pemda(
    context: Any,
    count: int,
    *,
    files: bool = True,
    days: Sequence[int] = (1, 3, 8, 15),
    scans: bool = False,
) -> list[str]:
    """``count`` submitted innovations spread over the OPDs and waiting times."""
    ids = []
    for number in range(count):
        opd = OPDS[number % len(OPDS)][0]
        ids.append(
            pulled_innovation(
                context,
                f"Inovasi {number + 1:03d}",
                opd,
                submitted_days_ago=days[number % len(days)],
                files=files,
                seq=2 * number + 1,
                scans=scans,
            )
        )
    return ids


def when_finish_dialog(qtbot: Any, handle: Any, tries: int = 3000) -> None:
    """Call ``handle(dialog)`` once the review screen's finish dialog is up (it opens after a
    read, in its own event loop): polled from timers, which that loop runs."""
    from PySide6.QtWidgets import QApplication

    from desktop.review.review_screen import FinishDialog
    from tests.gui.modal_support import when_modal

    def activated(dialog: FinishDialog) -> None:
        dialog.activateWindow()  # keys go to the active window (offscreen activates late)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        handle(dialog)

    when_modal(FinishDialog, activated, tries)
