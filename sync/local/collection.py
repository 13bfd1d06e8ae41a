"""Python's cyclic garbage collector paused around a bulk write of the store.

Applying one pulled page allocates a few hundred thousand containers (the page's dicts, the
decoded records, the rows handed to ``executemany``) that nearly all live until the page's
transaction ends and none of which form reference cycles. CPython's collector counts those
allocations and, every few hundred of them, walks the young objects; as they survive it walks
older generations, and now and then every object of the process (the ORM's, Qt's and pydantic's
import-time objects included). On a first full pull that walking was about a quarter of the
client's CPU (py-spy of bench/sync_pull.py: 6.1 s of CPU per 10,000 records with the collector,
4.4 s without). Reference counting still frees everything as usual while the collector is
paused; only garbage in cycles waits, and the pause is bounded by one page.

The pause is process-wide (that is how the collector works), so it is counted: of several
threads pausing at once, the last one to leave restores the collector as it found it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_resume = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block (nestable, thread-safe)."""
    global _holders, _resume
    with _lock:
        if _holders == 0:
            _resume = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _resume:
                gc.enable()
