"""Start of the app to its main window shown against a bare PySide6 main window started the
same way (fresh interpreter, offscreen, quit right after the first paint).

Three moments of the app's start are measured: the window frame painted (navigation, menus,
"Membuka data Anda…": ``--exit-when-framed``), the list of innovations painted with its rows
(``--exit-when-listed``: read with plain sqlite3 while the store machinery still loads), and
every page built and painted on the opened store (``--exit-when-shown``).

    python bench/app_start.py [--runs 9]

Both run on the same machine in the same run, alternating; the app opens a seeded data folder
(6 innovations, evidence) so the store, vault, rules, translations and list are all real.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1200, 760)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=120, cwd=ROOT)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="app-start-"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INOVASI_DESK_DATA": str(data)}
    # As on an officer's laptop (and in the bundle): compiled bytecode is cached, not rebuilt
    # from source on every start (some shells here set PYTHONDONTWRITEBYTECODE).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "desktop.demo_data", str(data)], env=env, check=True,
                   capture_output=True, cwd=ROOT)  # fmt: skip
    commands = {
        "bare": [sys.executable, "-c", BARE],
        "framed": [sys.executable, "-m", "desktop", "--exit-when-framed"],
        "listed": [sys.executable, "-m", "desktop", "--exit-when-listed"],
        "app": [sys.executable, "-m", "desktop", "--exit-when-shown"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for name in commands:  # first runs compile .pyc and translations: not measured
        timed(commands[name], env)
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(timed(cmd, env))
    bare = statistics.median(times["bare"])
    framed, app = statistics.median(times["framed"]), statistics.median(times["app"])
    listed = statistics.median(times["listed"])
    print(f"start to main window shown (offscreen), median of {args.runs}:")
    print(f"  bare PySide6 QMainWindow             {bare:6.3f} s  (baseline)")
    print(f"  Inovasi Desk, window frame painted   {framed:6.3f} s  ratio {framed / bare:.2f}x"
          " (target <= 3x)")  # fmt: skip
    print(f"  Inovasi Desk, list of innovations    {listed:6.3f} s  ratio {listed / bare:.2f}x"
          " (target <= 2.5x)")  # fmt: skip
    print(f"  Inovasi Desk, every page on the store {app:5.3f} s  ratio {app / bare:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
