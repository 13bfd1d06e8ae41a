"""A data folder exactly as the first release left it, for upgrade tests of built packages.

    python -m tests.store.upgrade_fixture DATA_DIR

The store is created by the first migration (``0001_initial``) and filled with plain SQL
(``write_first_release_data``); the vault holds the real PDF that the draft's document names.
``installer/test-deb-upgrade`` opens it with the installed new build (``--check-data``).
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

import img2pdf
from PIL import Image, ImageDraw

from sync.local.db import run_migrations
from sync.local.vault import Vault
from tests.store.test_migrations import FIRST, write_first_release_data


def build(folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    image = Image.new("L", (620, 877), 255)
    ImageDraw.Draw(image).text((60, 60), "SK Bupati (rilis pertama)", fill=0)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    pdf = Path(tempfile.mkdtemp()) / "sk.pdf"
    pdf.write_bytes(img2pdf.convert(buffer.getvalue()))
    with Vault(folder / "vault.sqlite") as vault:
        sha = vault.import_file(pdf).sha256
    run_migrations(folder / "store.sqlite", FIRST)
    write_first_release_data(folder / "store.sqlite", sha)
    return sha


if __name__ == "__main__":
    print(build(Path(sys.argv[1])))
