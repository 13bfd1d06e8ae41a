"""Filtering the innovation list of 10,000 innovations in the real Qt model over the store.

Measures ``InnovationListModel.set_filter`` (count + first page, as typing in the search box
does) for a name search, a state filter and a search with a state, against the same model's
unfiltered refresh measured in the same run (baseline). Target: a filter under 50 ms.

    python bench/list_filter.py [--rows 10000] [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORDS = ["Pasar", "Sekolah", "Puskesmas", "Desa", "Layanan", "Digital", "Sehat", "Cerdas",
         "Terpadu", "Keliling", "Data", "Izin", "Air", "Jalan", "Pangan"]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.models.innovation_list import InnovationListModel
    from desktop.qtapp import keep_none_alive
    from iid.records import WorkflowState
    from sync.local.db import Store
    from sync.local.repository import InnovationFilter, Repository

    app = QApplication([])
    keep_none_alive()  # PySide6 6.12.0 on CPython 3.11: see desktop.qtapp
    folder = Path(tempfile.mkdtemp(prefix="list-filter-"))
    repo = Repository(Store(folder / "store.sqlite"))
    states = list(WorkflowState)
    start = time.perf_counter()
    for n in range(args.rows):
        name = f"{WORDS[n % 15]} {WORDS[(n * 7) % 15]} {n}"
        innovation = repo.create_innovation(rule_year=2026, nama=name)
        if n % 4 == 0:
            repo.set_innovation_state(innovation.id, states[n % len(states)])
    print(f"seeded {args.rows} innovations in {time.perf_counter() - start:.1f} s")
    model = InnovationListModel(repo)

    def measure(f: InnovationFilter) -> float:
        samples = []
        for _ in range(args.runs):
            t = time.perf_counter()
            model.set_filter(f)
            samples.append(time.perf_counter() - t)
        return statistics.median(samples) * 1000

    base = measure(InnovationFilter())
    cases = {
        'search "pasar"': InnovationFilter(search="pasar"),
        "state = diajukan": InnovationFilter(workflow_state=WorkflowState.DIAJUKAN),
        'search "desa" + state = draft': InnovationFilter(search="desa",
                                                         workflow_state=WorkflowState.DRAFT),
        'search "zzz" (no match)': InnovationFilter(search="zzz"),
    }  # fmt: skip
    print(f"{args.rows} innovations, median of {args.runs} (count + first page of the model):")
    print(f"  unfiltered refresh           {base:7.2f} ms  (baseline)")
    for label, f in cases.items():
        ms = measure(f)
        print(f"  {label:29s}{ms:7.2f} ms  ratio {ms / base:.2f}x  (target < 50 ms)")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
