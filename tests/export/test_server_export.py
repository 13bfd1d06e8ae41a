"""``inovasi-server export``: what officers sent and verifiers approved, packaged on the server
from its database and blob store, by the real command in its own process."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sync.client.engine import Phase
from sync.export.manifest import verify_package
from sync.export.workbook import INDICATOR_COLUMNS
from tests.files import pdf_bytes
from tests.server.helpers import place_review
from tests.server.live import REPO, LiveServer
from tests.sync.conftest import add_evidence, new_draft

pytestmark = pytest.mark.slow


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INOVASI_SERVER_")}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "sync.server", "export", *args],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def _png(seed: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (seed % 255, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def test_server_package_holds_the_approved_innovations_with_verdicts_and_evidence(
    server: LiveServer,
    make_device: Any,
    tmp_path: Path,
) -> None:
    officer = make_device("operator", server.url)
    officer.login("operator")
    sent: dict[str, dict[str, bytes]] = {}
    ids = []
    for number in range(3):
        rid = new_draft(officer.repo, f"Inovasi Server {number}", tahapan="Penerapan")
        officer.repo.set_claimed_level(rid, "16", 3)
        officer.repo.set_claimed_level(rid, "17", 2)
        pdf = pdf_bytes(40_000 + number)
        sha = add_evidence(officer, rid, pdf, f"perbup-{number}-2024.pdf")
        sent[rid] = {sha: pdf}
        ids.append(rid)
    for _ in range(20):
        status = officer.engine.run_once()
        if status.phase is Phase.SYNCED and not officer.engine.pending_items():
            break
    else:
        pytest.fail(f"never synced: {status.message}")

    # The verifier approves two (one lowered to level 2 on indicator 16); one stays submitted.
    place_review(server.settings, ids[2], "diajukan")
    for rid, state in ((ids[0], "disetujui"), (ids[1], "siap_kirim")):
        place_review(
            server.settings,
            rid,
            state,
            {"16": ("tidak_sesuai", 2, "Perbup"), "17": ("sesuai", 2, "")},
            qc_status="accept",
        )

    data_dir = str(server.settings.data_dir)
    out = tmp_path / "paket.zip"
    done = _cli("--data", data_dir, "--year", "2026", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "2 inovasi" in done.stdout
    assert verify_package(out).ok
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        for rid in ids[:2]:
            ((sha, pdf),) = sent[rid].items()
            number = ids.index(rid)
            entry = next(n for n in names if n.endswith(f"/01-perbup-{number}-2024.pdf"))
            assert "/16-regulasi-inovasi-daerah/" in entry
            assert archive.read(entry) == pdf
        assert not any("perbup-2-2024" in n for n in names)  # the submitted one is not in
        book = openpyxl.load_workbook(io.BytesIO(archive.read("paket-kirim-2026.xlsx")))
    rows = list(book["Indikator"].iter_rows(values_only=True))
    verified = INDICATOR_COLUMNS.index("Level terverifikasi")
    claimed = INDICATOR_COLUMNS.index("Level diklaim")
    sixteen = [r for r in rows[1:] if r[2] == 16]
    assert len(sixteen) == 2
    assert all(r[claimed].startswith("3 - ") and r[verified].startswith("2 - ") for r in sixteen)
    states = sorted(r[3] for r in book["Inovasi"].iter_rows(min_row=2, values_only=True))
    assert states == ["Disetujui", "Siap kirim"]

    # --include-submitted adds the third, marked; a folder this time.
    folder = tmp_path / "paket-semua"
    done = _cli("--data", data_dir, "--year", "2026", "--out", str(folder),
                "--include-submitted")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1 belum disetujui" in done.stdout
    assert len([p for p in folder.iterdir() if p.is_dir()]) == 3

    # --verify: intact, then one changed byte is caught.
    assert _cli("--verify", str(folder)).returncode == 0
    victim = next(folder.rglob("01-perbup-1-2024.pdf"))
    data = bytearray(victim.read_bytes())
    data[100] ^= 0x40
    victim.write_bytes(bytes(data))
    checked = _cli("--verify", str(folder))
    assert checked.returncode == 1
    assert victim.relative_to(folder).as_posix() in checked.stdout


def test_refusals_say_what_to_do(server: LiveServer, tmp_path: Path) -> None:
    data_dir = str(server.settings.data_dir)
    taken = tmp_path / "sudah-ada"
    taken.mkdir()
    done = _cli("--data", data_dir, "--year", "2026", "--out", str(taken))
    assert done.returncode == 2
    assert "sudah ada" in done.stderr and "already exists" in done.stderr
    done = _cli("--data", data_dir, "--year", "2023", "--out", str(tmp_path / "x"))
    assert done.returncode == 2 and "Tidak ada inovasi tahun 2023" in done.stderr
    done = _cli("--verify", str(tmp_path))
    assert done.returncode == 2 and "bukan paket kirim" in done.stderr
    assert _cli().returncode == 2
