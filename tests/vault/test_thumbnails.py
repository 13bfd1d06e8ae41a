"""A first-page thumbnail is made for PDFs and images, cached in the vault, and skipped safely."""

from __future__ import annotations

import io
import sqlite3
import threading
from pathlib import Path

from PIL import Image

from sync.local.shrink import has_colour
from sync.local.thumbnails import make_missing_thumbnails, thumbnail, thumbnail_of_file
from sync.local.vault import Vault


def test_pdf_thumbnail_is_first_page_and_cached(vault: Vault, evidence: dict[str, Path]) -> None:
    sha = vault.import_file(evidence["scanned_pdf"]).sha256
    thumb = thumbnail(vault, sha, 128)
    assert thumb is not None
    assert max(thumb.width, thumb.height) == 128 and thumb.height > thumb.width
    image = Image.open(io.BytesIO(thumb.png))
    assert image.size == (thumb.width, thumb.height)
    # The first page carries the red stamp: the thumbnail shows colour.
    assert has_colour(image)
    assert vault.cached_thumbnail(sha, 128) == (thumb.png, thumb.width, thumb.height)
    assert thumbnail(vault, sha, 128) == thumb


def test_image_thumbnails_and_no_thumbnail_for_video(
    vault: Vault, evidence: dict[str, Path]
) -> None:
    for key in ("scan_jpeg", "scan_png", "heic", "webp"):
        sha = vault.import_file(evidence[key]).sha256
        thumb = thumbnail(vault, sha)
        assert thumb is not None and max(thumb.width, thumb.height) <= 256, key
    video = vault.import_file(evidence["video_4min"]).sha256
    assert thumbnail(vault, video) is None


def test_damaged_blob_gets_no_thumbnail(vault: Vault, evidence: dict[str, Path]) -> None:
    sha = vault.import_file(evidence["scan_png"]).sha256
    with sqlite3.connect(vault.path) as con:
        con.execute("UPDATE chunks SET data = zeroblob(length(data))")
    assert not vault.verify(sha)
    assert thumbnail(vault, sha) is None


def test_background_fill_makes_each_missing_thumbnail_once(
    vault: Vault, evidence: dict[str, Path]
) -> None:
    for key in ("scan_jpeg", "text_pdf", "video_6min"):
        vault.import_file(evidence[key])
    made: list[str] = []
    worker = threading.Thread(target=lambda: made.append(str(make_missing_thumbnails(vault))))
    worker.start()
    worker.join()
    assert made == ["2"]
    assert make_missing_thumbnails(vault) == 0


def test_thumbnail_of_a_file_before_import(evidence: dict[str, Path]) -> None:
    thumb = thumbnail_of_file(evidence["text_pdf"], 64)
    assert thumb is not None and max(thumb.width, thumb.height) == 64
    assert thumbnail_of_file(evidence["zip"]) is None
