"""The scoring command: JSON in, scored JSON or a readable breakdown out, clear errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from iid.cli import main
from iid.rules import load_rules

YANDAS = list(load_rules(2026).yandas)
ROOT = Path(__file__).resolve().parents[2]


def run(payload: Any, *args: str) -> tuple[int, str, str]:
    """Run the command on ``payload`` (a dict is sent as JSON on stdin)."""
    text = payload if isinstance(payload, str) else json.dumps(payload)
    out = io.StringIO()
    err = io.StringIO()
    old = sys.stderr
    sys.stderr = err
    try:
        code = main(["score", "-", *args], stdin=io.StringIO(text), stdout=out)
    finally:
        sys.stderr = old
    return code, out.getvalue(), err.getvalue()


FULL = {
    "rule_year": 2026,
    "spd_levels": {key: 3 for key in load_rules(2026).spd_rows},
    "innovations": [
        {"urusan": [YANDAS[i % len(YANDAS)]], "levels": {str(k): 3 for k in range(16, 36)}}
        for i in range(200)
    ],
}


def test_the_maximum_scores_250_and_index_100() -> None:
    code, out, _ = run(FULL)
    assert code == 0
    result = json.loads(out)
    assert result["skor_spd"] == "63.00" and result["skor_total"] == "250.00"
    assert result["indeks"] == "100.00" and result["predikat"] == "Sangat Inovatif"
    assert result["kematangan"][0] == "111.00" and len(result["kematangan"]) == 200
    assert result["skor_jumlah_inovasi"] == "76.00" and result["pembagi"] == 200
    assert result["yandas_terpenuhi"] == YANDAS and result["kursi_kosong"] == 0


def test_a_small_pemda_with_numbers_for_numeric_rows() -> None:
    payload = {
        "rule_year": 2026,
        "spd_levels": {"1": 3, "8": 2},
        "spd_values": {"4": "5.23", "11b": 80},
        "innovations": [{"urusan": ["Kesehatan"], "levels": {"16": 3, "35": 1}}],
    }
    code, out, _ = run(payload)
    result = json.loads(out)
    assert code == 0
    # 1x3 + 1.5x2 + 1x2 (5.23: lower band wins) + 0.75x3
    assert result["skor_spd"] == "10.25"
    assert result["kematangan"] == ["13.00"] and result["pembagi"] == 12
    assert result["kursi_kosong"] == 11 and result["skor_jumlah_inovasi"] == "0.00"
    assert result["yandas_cukup"] is False and "Sosial" in result["yandas_belum"]


def test_exported_records_are_scored_with_claimed_or_verified_levels() -> None:
    record = {
        "profile": {"urusan_utama": "Pendidikan"},
        "answers": {"16": {"claimed_level": 3, "verified_level": 1}},
    }
    payload = {"rule_year": 2026, "innovations": [record]}
    assert json.loads(run(payload)[1])["kematangan"] == ["9.00"]
    assert json.loads(run(payload, "--verified")[1])["kematangan"] == ["3.00"]


def test_text_output_in_indonesian_and_english_with_what_if() -> None:
    code, out, _ = run(FULL, "--format", "text", "--what-if", "50")
    assert code == 0 and "Indeks Inovasi Daerah 2026" in out and "Sangat Inovatif" in out
    assert "poin indeks" in out
    code, out, _ = run(FULL, "--format", "text", "--lang", "en")
    assert "Total score" in out and "250.00 / 250.00" in out


def test_year_option_overrides_the_file() -> None:
    result = json.loads(run({"rule_year": 2026, "innovations": []}, "--year", "2027")[1])
    assert result["rule_year"] == 2027 and result["pembagi"] == 14


@pytest.mark.parametrize(
    ("payload", "args", "needle"),
    [
        ("{rule_year: 2026", (), "bukan JSON yang sah"),
        ("[1, 2]", (), "objek"),
        ({"rule_year": 1999}, (), "1999"),
        ({"rule_year": "2026"}, (), "rule_year"),
        ({"rule_year": 2026, "spd_levels": {"99": 1}}, (), 'baris SPD "99"'),
        ({"rule_year": 2026, "spd_levels": {"1": 4}}, ("--lang", "en"), "spd_levels.1: the level"),
        (
            {"rule_year": 2026, "innovations": [{"levels": {"15": 1}}]},
            ("--lang", "en"),
            'innovations[0].levels: indicator "15"',
        ),
        ({"rule_year": 2026, "innovations": [{"levels": {"16": -1}}]}, (), "16: level"),
        ({"rule_year": 2026, "innovations": [{"urusan": ["Kesehatn"]}]}, (), "Kesehatn"),
        ({"rule_year": 2026, "spd_values": {"8": "3"}}, ("--lang", "en"), "not a numeric SPD"),
        ({"rule_year": 2026, "spd_values": {"4": "lima"}}, (), "bukan angka"),
        ({"rule_year": 2023}, ("--lang", "en"), "does not know the SPD rows"),
    ],
)
def test_bad_input_exits_2_naming_the_problem(
    payload: Any, args: tuple[str, ...], needle: str
) -> None:
    code, out, err = run(payload, *args)
    assert code == 2 and out == ""
    assert needle in err


def test_python_m_iid_runs_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "pemda.json"
    path.write_text(json.dumps({"rule_year": 2026, "spd_levels": {"1": 1}}), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "iid", "score", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["skor_spd"] == "1.00"
    missing = subprocess.run(
        [sys.executable, "-m", "iid", "score", str(tmp_path / "tidak-ada.json")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert missing.returncode == 2 and "tidak dapat dibaca" in missing.stderr
