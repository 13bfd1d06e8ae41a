"""Crash-test worker: streams edits into the store and reports each one after its commit.

    python -m tests.store.crash_worker STORE_PATH INNOVATION_ID FIRST_INDEX

Edit ``i`` is, by ``i % 3``: a new evidence document ``doc-i``; a claimed level on indicator
``k<i>``; or the profile rewritten with ``extra["e<i>"] = i`` added (the whole profile, as the
editor's autosave writes it). The index goes to stdout only after the repository method has
returned, i.e. after COMMIT. The test kills this process with SIGKILL at a random moment.
"""

from __future__ import annotations

import sys
from pathlib import Path

from iid.records import EvidenceDocument
from sync.local.db import Store
from sync.local.repository import Repository


def main(argv: list[str]) -> None:
    path, innovation_id, first = Path(argv[0]), argv[1], int(argv[2])
    repo = Repository(Store(path))
    innovation = repo.get_innovation(innovation_id)
    assert innovation is not None
    profile = innovation.profile
    print("ready", flush=True)
    i = first
    while True:
        if i % 3 == 0:
            repo.add_document(
                innovation_id,
                EvidenceDocument(id=f"doc-{i}", slot="16", tentang=f"bukti {i}", position=i),
            )
        elif i % 3 == 1:
            repo.set_claimed_level(innovation_id, f"k{i}", 1 + i % 3)
        else:
            profile.extra[f"e{i}"] = i
            profile.nama = f"edit {i}"
            repo.update_profile(innovation_id, profile)
        sys.stdout.write(f"{i}\n")
        sys.stdout.flush()
        i += 1


if __name__ == "__main__":
    main(sys.argv[1:])
