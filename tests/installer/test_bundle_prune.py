"""The desktop bundle's library pruning (installer/bundle_prune.py, used by the PyInstaller
spec), on the real Qt and system libraries of this machine: a library stays when something kept
links it, goes when only a removed plugin did, and CUPS comes from the system."""

from __future__ import annotations

from pathlib import Path

import PySide6
import pytest

from installer.bundle_prune import (
    is_shared_library,
    linked_only,
    needed,
    without_dangling_links,
)

QT = Path(PySide6.__file__).parent / "Qt"
CUPS = Path("/lib/x86_64-linux-gnu/libcups.so.2")


def test_needed_reads_an_elf_files_own_links_and_nothing_else(tmp_path: Path) -> None:
    charts = needed(Path(PySide6.__file__).parent / "QtCharts.abi3.so")
    assert "libQt6Charts.so.6" in charts and "libQt6OpenGLWidgets.so.6" in charts
    assert "libQt6Quick.so.6" not in charts  # direct links only, not what those link
    text = tmp_path / "notes.txt"
    text.write_text("not an ELF file")
    truncated = tmp_path / "libbroken.so"
    truncated.write_bytes(b"\x7fELF\x02\x01\x01" + b"\0" * 80)
    assert needed(text) == [] and needed(truncated) == [] and needed(tmp_path / "gone") == []


def test_what_counts_as_a_linked_library() -> None:
    assert is_shared_library("libgtk-3.so.0")
    assert is_shared_library("PySide6/Qt/lib/libQt6Quick.so.6")
    assert is_shared_library("pillow.libs/libjpeg-8a13c6e0.so.62.4.0")
    assert not is_shared_library("libpython3.11.so.1.0")  # the bootloader loads it by name
    assert not is_shared_library("pypdfium2_raw/libpdfium.so")  # ctypes loads it by name
    assert not is_shared_library("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert not is_shared_library("PySide6/QtCharts.abi3.so")


@pytest.mark.skipif(not CUPS.exists(), reason="needs the system's libcups2")
def test_linked_only_keeps_what_kept_binaries_link() -> None:
    entries = [
        ("PySide6/QtCharts.abi3.so", str(Path(PySide6.__file__).parent / "QtCharts.abi3.so")),
        ("PySide6/Qt/lib/libQt6Charts.so.6", str(QT / "lib/libQt6Charts.so.6")),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", str(QT / "lib/libQt6Widgets.so.6")),
        ("PySide6/Qt/lib/libQt6PrintSupport.so.6", str(QT / "lib/libQt6PrintSupport.so.6")),
        # Only the virtual keyboard plugin (removed before pruning) linked QtQuick.
        ("PySide6/Qt/lib/libQt6Quick.so.6", str(QT / "lib/libQt6Quick.so.6")),
        (
            "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
            str(QT / "plugins/printsupport/libcupsprintersupport.so"),
        ),
        ("libcups.so.2", str(CUPS)),
    ]
    kept, dropped = linked_only((dest, source, "BINARY") for dest, source in entries)
    kept_names = {Path(dest).name for dest, _, _ in kept}
    assert {"libQt6Charts.so.6", "libQt6Widgets.so.6", "libQt6PrintSupport.so.6"} <= kept_names
    assert "libcupsprintersupport.so" in kept_names  # a plugin is never pruned
    assert {Path(dest).name for dest, _, _ in dropped} == {"libQt6Quick.so.6", "libcups.so.2"}
    assert len(kept) + len(dropped) == len(entries)


def test_links_to_left_out_libraries_go_with_them() -> None:
    binaries = [
        ("PySide6/Qt/lib/libQt6Widgets.so.6", "/x/libQt6Widgets.so.6", "BINARY"),
        ("libQt6Widgets.so.6", "PySide6/Qt/lib/libQt6Widgets.so.6", "SYMLINK"),
        ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"),  # Quick left out
        ("tesserocr.libs/libtesseract.so.5", "/y/libtesseract.so.5", "BINARY"),
    ]
    datas = [
        ("libtesseract.so.5", "tesserocr.libs/libtesseract.so.5", "SYMLINK"),
        ("PySide6/Qt/lib/sub/libold.so", "../libQt6Quick.so.6", "SYMLINK"),  # relative, gone
        ("resources/tessdata/ind.traineddata", "/z/ind.traineddata", "DATA"),
    ]
    kept_binaries, kept_datas, dropped = without_dangling_links(binaries, datas)
    assert [d for d, _, _ in dropped] == ["libQt6Quick.so.6", "PySide6/Qt/lib/sub/libold.so"]
    assert len(kept_binaries) == 3 and len(kept_datas) == 2
