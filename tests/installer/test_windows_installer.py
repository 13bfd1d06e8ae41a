"""The Windows installer script compiles with NSIS and keeps its promises in the script text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

NSI = REPO_ROOT / "installer" / "inovasi-desk.nsi"


@pytest.fixture()
def fake_bundle(tmp_path: Path) -> Path:
    """A stand-in for PyInstaller's one-folder bundle: the script only copies what is there."""
    dist = tmp_path / "inovasi-desk"
    (dist / "_internal").mkdir(parents=True)
    (dist / "inovasi-desk.exe").write_bytes(b"MZ" + b"\0" * 64)
    (dist / "_internal" / "python311.dll").write_bytes(b"\0" * 128)
    return dist


def test_nsis_script_compiles_into_an_installer(fake_bundle: Path, tmp_path: Path) -> None:
    makensis = shutil.which("makensis")
    assert makensis, "makensis missing: scripts/bootstrap.sh --dev installs Debian's nsis package"
    out = tmp_path / "InovasiDesk-9.9.9-setup.exe"
    proc = subprocess.run(
        [
            makensis,
            "-V2",
            "-DVERSION=9.9.9",
            f"-DDIST_DIR={fake_bundle}",
            f"-DOUTFILE={out}",
            str(NSI),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert out.read_bytes()[:2] == b"MZ"  # a Windows executable


def test_nsis_script_refuses_to_build_without_a_version(fake_bundle: Path, tmp_path: Path) -> None:
    makensis = shutil.which("makensis")
    assert makensis
    proc = subprocess.run(
        [makensis, "-V2", f"-DDIST_DIR={fake_bundle}", f"-DOUTFILE={tmp_path / 'x.exe'}", str(NSI)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert "VERSION" in proc.stdout + proc.stderr


def test_installer_is_per_user_and_keeps_data_on_uninstall() -> None:
    text = NSI.read_text(encoding="utf-8")
    assert "RequestExecutionLevel user" in text
    assert "$LOCALAPPDATA\\Programs\\InovasiDesk" in text
    assert "HKLM" not in text  # nothing machine-wide, so no administrator rights are needed
    # The data folder is only removed on an explicit /DELETEDATA or a Yes whose default is No.
    uninstall = text[text.index('Section "Uninstall"') :]
    assert "MB_DEFBUTTON2" in uninstall and "/SD IDNO" in uninstall
    assert uninstall.count('RMDir /r "${DATADIR}"') == 2
