"""``inovasi-desk --help`` speaks the officer's language: Indonesian by default (argparse's own
words too), English with ``--lang en`` or when the data folder's saved language is English."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import parse_args
from tests.conftest import REPO_ROOT


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # one help line per option: phrases are not cut


def help_of(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as ended:
        parse_args([*argv, "--help"], lambda: "9.9")
    assert ended.value.code == 0
    return capsys.readouterr().out


def test_help_is_indonesian_by_default_and_english_on_request(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = ["--data-dir", str(tmp_path / "no-such-folder")]
    indonesian = help_of(capsys, *folder)
    assert indonesian.startswith("pemakaian: inovasi-desk")
    assert "\npilihan:\n" in indonesian
    assert "tampilkan bantuan ini lalu keluar" in indonesian
    assert "periksa folder data dan tampilkan isinya; tidak membuat apa pun" in indonesian
    assert "--data-dir FOLDER" in indonesian and "--report BERKAS" in indonesian
    for english in ("usage:", "options:", "show this help", "data folder"):
        assert english not in indonesian
    assert not (tmp_path / "no-such-folder").exists()  # --help creates nothing

    english = help_of(capsys, "--lang", "en", *folder)
    assert english.startswith("usage: inovasi-desk") and "\noptions:\n" in english
    assert "check the data folder and list what it holds; creates nothing" in english
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]  # put back


def test_the_saved_language_chooses_the_help_and_errors_follow(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "settings.ini").write_text("[ui]\nlanguage=en\n", encoding="utf-8")
    assert help_of(capsys, "--data-dir", str(tmp_path)).startswith("usage:")
    assert help_of(capsys, "--data-dir", str(tmp_path), "--lang=id").startswith("pemakaian:")

    with pytest.raises(SystemExit) as ended:
        parse_args(["--data-dir", str(tmp_path / "x"), "--lang", "fr"], lambda: "9.9")
    assert ended.value.code == 2
    assert "galat: pilihan --lang: pilihan tidak sah: 'fr'" in capsys.readouterr().err


def test_the_installed_command_prints_the_indonesian_help(tmp_path: Path) -> None:
    env = {**os.environ, "INOVASI_DESK_DATA": str(tmp_path / "fresh")}
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--help"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("pemakaian: inovasi-desk")
    assert "--already-running {show,close}" in result.stdout
