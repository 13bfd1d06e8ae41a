"""Cold start of the installed bundle against the same app run from the virtual environment.

Both start the real app on the same seeded data folder, show and paint the main window, and
quit (``--exit-when-shown``). Reports the median wall time of each and the ratio. Before every
run the page cache is dropped when this process may (root: ``/proc/sys/vm/drop_caches``), so
"cold" means cold; otherwise it says the runs were warm.

    python bench/cold_start.py [--bundle build/linux/dist/inovasi-desk/inovasi-desk] [--runs 7]
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


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=120, cwd=ROOT)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--bundle", type=Path, default=ROOT / "build/linux/dist/inovasi-desk/inovasi-desk"
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not args.bundle.exists():
        print(f"no bundle at {args.bundle}: run installer/build-linux first", file=sys.stderr)
        return 2
    data = Path(tempfile.mkdtemp(prefix="cold-start-"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INOVASI_DESK_DATA": str(data)}
    subprocess.run([sys.executable, "-m", "desktop.demo_data", str(data)], env=env, check=True,
                   capture_output=True, cwd=ROOT)  # fmt: skip
    commands = {
        "venv": [sys.executable, "-m", "desktop", "--exit-when-shown"],
        "bundle": [str(args.bundle), "--exit-when-shown"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    cold = True
    for _ in range(args.runs):
        for name, cmd in commands.items():  # alternate, so drift hits both alike
            cold = drop_caches() and cold
            times[name].append(timed(cmd, env))
    venv, bundle = statistics.median(times["venv"]), statistics.median(times["bundle"])
    kind = "cold (page cache dropped before each run)" if cold else "warm (cannot drop caches)"
    print(f"start to first paint, median of {args.runs}, {kind}:")
    print(f"  virtual environment  {venv:6.2f} s  (baseline)")
    print(f"  bundle               {bundle:6.2f} s  ratio {bundle / venv:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
