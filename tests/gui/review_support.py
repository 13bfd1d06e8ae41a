"""A pemda's innovations on a laptop as a sync leaves them, for the review GUI tests and the
bench: pulled innovation records (complete under the 2026 rules, their scans as real PDFs in
the vault) and their review records (state, history), an account with a role."""

from __future__ import annotations

import dataclasses
import hashlib
import io
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from iid.codec import review_to_dict
from iid.records import EvidenceDocument, Innovation, WorkflowState
from iid.workflow import Action, Review, Role, Transition
from sync.local.accounts import LocalUserInfo
from sync.local.content import innovation_content
from sync.local.ids import new_id
from tests.iid.test_checks import complete_innovation

PEMDA = "pemda-uji"
OPDS = (("opd-dinkes", "Dinas Kesehatan"), ("opd-disdik", "Dinas Pendidikan"))


def scan_pdf(title: str, pages: int = 1) -> bytes:
    """A small real PDF (a page with text, as a scan would be)."""
    import img2pdf
    from PIL import Image, ImageDraw

    images = []
    for number in range(pages):
        image = Image.new("L", (620, 877), 255)
        draw = ImageDraw.Draw(image)
        draw.text((60, 60), f"{title} - halaman {number + 1}", fill=0)
        draw.rectangle((50, 50, 570, 820), outline=0)
        buffer = io.BytesIO()
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
) -> str:
    """A complete innovation of ``opd_id`` as the server sends it (and its review in
    ``state``), its documents' files in this laptop's vault when ``files``."""
    model = complete_innovation()
    rid = new_id()
    documents: list[EvidenceDocument] = []
    for doc in model.documents:
        if doc.sha256 is None:
            documents.append(dataclasses.replace(doc, id=new_id()))
            continue
        data = scan_pdf(f"{nama} - bukti {doc.slot}")
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
                          "operator", Role.OPERATOR, at, ""),)  # fmt: skip
    review = Review(rid, state=state, history=history)
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
    context: Any, count: int, *, files: bool = True, days: Sequence[int] = (1, 3, 8, 15)
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
            )
        )
    return ids
