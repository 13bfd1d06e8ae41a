"""Start of the app to its main window shown against a bare PySide6 main window started the
same way (fresh interpreter, offscreen, quit right after the first paint).

Three moments of the app's start are measured: the window frame painted (navigation, menus,
"Membuka data Anda…": ``--exit-when-framed``), the list of innovations painted with its rows
(``--exit-when-listed``: read with plain sqlite3 while the store machinery still loads), and
every page built and painted on the opened store (``--exit-when-shown``).

    python bench/app_start.py [--runs 9] [--baseline DIR] [--moments framed,listed,app]

Both run on the same machine in the same run, alternating; the app opens a seeded data folder
(6 innovations, evidence) so the store, vault, rules, translations and list are all real.

``--baseline DIR`` also starts the app from another checkout (an A/B of a change: ``git archive
main | tar -x -C DIR``) in the same rounds, in rotating order with ours and the bare window, on
the same data folder, and prints its ratios and ours/baseline (median of the per-round ratios).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
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

MOMENTS = {
    "framed": ("--exit-when-framed", "window frame painted", " (target <= 3x)"),
    "listed": ("--exit-when-listed", "list of innovations", " (target <= 2.5x)"),
    "app": ("--exit-when-shown", "every page on the store", ""),
}


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall seconds from start to exit, and the CPU seconds (user + system) the process used:
    on a shared machine the CPU figure moves less than the wall clock."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=120, cwd=cwd)
    except subprocess.TimeoutExpired as error:
        raise RuntimeError(
            f"{' '.join(cmd)} (in {cwd}) did not finish in 120 s: a checkout whose store schema "
            "differs from this one's cannot open the same data folder (it asks in a dialog)"
        ) from error
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the children run one at a time
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="alternated rounds (default 9)")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout of the project whose app runs in the same rounds (A/B)",
    )
    parser.add_argument(
        "--moments",
        default="framed,listed,app",
        help="which moments to measure, comma-separated (framed, listed, app)",
    )
    args = parser.parse_args()
    moments = [m.strip() for m in args.moments.split(",") if m.strip()]
    unknown = sorted(set(moments) - set(MOMENTS))
    if unknown:
        parser.error(f"unknown moment(s) {', '.join(unknown)}; choose from {', '.join(MOMENTS)}")
    checkouts = {"ours": ROOT}
    if args.baseline is not None:
        baseline = args.baseline.resolve()
        if not (baseline / "desktop" / "__main__.py").is_file():
            parser.error(f"{baseline} is not a checkout of this project (no desktop/__main__.py)")
        checkouts["baseline"] = baseline
    data = Path(tempfile.mkdtemp(prefix="app-start-"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INOVASI_DESK_DATA": str(data)}
    # As on an officer's laptop (and in the bundle): compiled bytecode is cached, not rebuilt
    # from source on every start (some shells here set PYTHONDONTWRITEBYTECODE).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPATH", None)  # each checkout runs its own code (the current directory)
    try:
        subprocess.run([sys.executable, "-m", "desktop.demo_data", str(data)], env=env,
                       check=True, capture_output=True, cwd=ROOT)  # fmt: skip
        # (name, command, working directory): ``python -m`` imports from the working directory
        commands: list[tuple[str, list[str], Path]] = [("bare", [sys.executable, "-c", BARE], ROOT)]
        for side, folder in checkouts.items():
            for moment in moments:
                flag = MOMENTS[moment][0]
                commands.append(
                    (f"{side}:{moment}", [sys.executable, "-m", "desktop", flag], folder)
                )
        times: dict[str, list[float]] = {name: [] for name, _, _ in commands}
        cpu: dict[str, list[float]] = {name: [] for name, _, _ in commands}
        for _, cmd, cwd in commands:  # first runs compile .pyc and translations: not measured
            timed(cmd, env, cwd)
        for round_ in range(args.runs):
            shift = round_ % len(commands)  # rotating order: no side always runs first
            for name, cmd, cwd in commands[shift:] + commands[:shift]:
                wall, used = timed(cmd, env, cwd)
                times[name].append(wall)
                cpu[name].append(used)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    report(times, cpu, moments, list(checkouts), args.runs)
    return 0


def report(
    times: dict[str, list[float]],
    cpu: dict[str, list[float]],
    moments: list[str],
    sides: list[str],
    runs: int,
) -> None:
    median = statistics.median
    bare, bare_cpu = median(times["bare"]), median(cpu["bare"])
    print(f"start to main window shown (offscreen), median of {runs} alternated rounds:")
    print(f"  {'bare PySide6 QMainWindow':<46} {bare:6.3f} s  (baseline)   CPU {bare_cpu:.3f} s")
    for side in sides:
        who = "Inovasi Desk" if side == "ours" else "baseline checkout"
        for moment in moments:
            _, words, target = MOMENTS[moment]
            name = f"{side}:{moment}"
            wall = median(times[name])
            per_round = median(t / b for t, b in zip(times[name], times["bare"], strict=True))
            print(
                f"  {who + ', ' + words:<46} {wall:6.3f} s  ratio {wall / bare:.2f}x"
                f" (per-round median {per_round:.2f}x)  CPU {median(cpu[name]):.3f} s"
                f" = {median(cpu[name]) / bare_cpu:.2f}x{target if side == 'ours' else ''}"
            )
    if "baseline" in sides:
        for moment in moments:
            ours, base = f"ours:{moment}", f"baseline:{moment}"
            pairs = [o / b for o, b in zip(times[ours], times[base], strict=True)]
            cpu_pairs = [o / b for o, b in zip(cpu[ours], cpu[base], strict=True)]
            print(
                f"  {'ours/baseline, ' + MOMENTS[moment][1]:<46} wall {median(pairs):.2f}x"
                f" (rounds {min(pairs):.2f}-{max(pairs):.2f}), CPU {median(cpu_pairs):.2f}x"
            )


if __name__ == "__main__":
    sys.exit(main())
