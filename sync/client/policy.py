"""When to sync and how hard: the user's policy, backoff, metered networks, line speed.

- :class:`SyncPolicy`: AUTO (sync at start, on a network change, periodically and on demand),
  UNMETERED (the same, but only automatically on a network known *not* to be metered), MANUAL
  (only when the officer presses "Sinkronkan sekarang"; ``sync_now`` always works).
- :func:`backoff_delay`: jittered exponential backoff (5 s, 10 s, 20 s, ... capped at 15 min;
  "equal jitter": half fixed, half random, so many devices coming back after an outage do not
  hit the server in step). A server's ``Retry-After`` is a floor.
- :func:`network_metered`: is the active connection metered? On Linux it asks NetworkManager,
  first over D-Bus (``jeepney``, property ``Metered`` of ``org.freedesktop.NetworkManager``),
  then with ``nmcli -t -f GENERAL.METERED dev show``. Elsewhere, or when neither answers, the
  answer is *unknown* (None), and UNMETERED mode treats unknown as metered: it waits for the
  officer's "Sinkronkan sekarang" rather than spend someone's data bundle. (Windows'
  ``NetworkCostType`` and macOS' ``NWPath.isExpensive`` are not reachable without Qt or extra
  native modules; the desktop may pass its own answer via ``QNetworkInformation.isMetered``.)
- :class:`RateMeter`: smoothed transfer throughput (uploads and downloads) for the status line
  and for deciding that the line is poor (then one transfer at a time).
- :class:`DownloadPolicy`: which evidence files come down after a pull: EVERYTHING (every file of
  every record this device may read; the default for operators, who work on their OPD's records)
  or ON_OPEN (a file comes when the officer opens its document, plus a prefetch set: the files of
  innovations waiting for the role's action, :func:`prefetch_states`, and the SPD profile's;
  the default for verifikator, admin and pimpinan, who read the whole pemda).
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

BASE_DELAY = 5.0
MAX_BACKOFF = 900.0
POOR_LINE_BPS = 256 * 1024
"""Below this measured upload rate (~2 Mbit/s) evidence goes one file at a time."""
IDLE_GAP = 3.0
"""Seconds without bytes after which the rate meter starts a fresh sample (idle, not slow)."""


class DownloadPolicy(StrEnum):
    EVERYTHING = "everything"
    ON_OPEN = "on_open"


def default_download_policy(role: str | None) -> DownloadPolicy:
    """Operators keep every file of their OPD; the roles that read the whole pemda fetch on
    open (plus the prefetch set)."""
    return DownloadPolicy.EVERYTHING if role in (None, "", "operator") else DownloadPolicy.ON_OPEN


def prefetch_states(role: str | None) -> tuple[str, ...]:
    """Workflow states whose innovations' files are prefetched under ON_OPEN: what the role
    acts on next (a verifier: submitted innovations; an admin: approved and ready ones)."""
    return {
        "verifikator": ("diajukan", "disahkan_opd"),
        "admin": ("diajukan", "disahkan_opd", "disetujui", "siap_kirim"),
        "pimpinan": ("disetujui", "siap_kirim", "terkirim"),
    }.get(role or "", ())


class SyncMode(StrEnum):
    AUTO = "auto"
    UNMETERED = "unmetered"
    MANUAL = "manual"


@dataclass(frozen=True)
class SyncPolicy:
    mode: SyncMode = SyncMode.AUTO
    probe_interval: float = 60.0
    """Seconds between cheap authenticated probes (each followed by a pull) while idle."""
    max_backoff: float = MAX_BACKOFF
    """Cap of the jittered exponential backoff after transient failures."""
    max_parallel_uploads: int = 2
    """Evidence transfers (uploads and downloads together) at once on a good line (1 on a poor
    line, whatever this says)."""
    downloads: DownloadPolicy | None = None
    """Which files come down after a pull; None: by the signed-in role
    (:func:`default_download_policy`)."""


def backoff_delay(
    failures: int,
    *,
    base: float = BASE_DELAY,
    cap: float = MAX_BACKOFF,
    retry_after: float | None = None,
    rng: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait after ``failures`` consecutive transient failures (1 = the first).

    Equal jitter: ``d/2 + random(0, d/2)`` with ``d = min(cap, base * 2**(failures-1))``.
    ``retry_after`` (the server's wish) is a floor, itself capped at one hour.
    """
    n = max(1, failures)
    d = min(cap, base * float(2 ** min(n - 1, 30)))
    delay = d / 2 + rng() * d / 2
    if retry_after is not None:
        delay = max(delay, min(retry_after, 3600.0))
    return delay


# --- metered networks -------------------------------------------------------------------------

# NetworkManager's NMMetered: 0 unknown, 1 yes, 2 no, 3 guess-yes, 4 guess-no.
_NM_METERED = {0: None, 1: True, 2: False, 3: True, 4: False}


def _metered_dbus() -> bool | None:
    try:
        from jeepney import DBusAddress, Properties
        from jeepney.io.blocking import open_dbus_connection
    except ImportError:
        return None
    try:
        address = DBusAddress(
            "/org/freedesktop/NetworkManager",
            bus_name="org.freedesktop.NetworkManager",
            interface="org.freedesktop.NetworkManager",
        )
        with open_dbus_connection(bus="SYSTEM") as conn:
            reply = conn.send_and_get_reply(Properties(address).get("Metered"), timeout=2)
        value = reply.body[0]
        if isinstance(value, tuple):  # a variant: (signature, value)
            value = value[1]
        return _NM_METERED.get(int(value))
    except Exception:  # noqa: BLE001 - no system bus, no NetworkManager: unknown
        return None


def parse_nmcli_metered(output: str) -> bool | None:
    """``nmcli -t -f GENERAL.METERED dev show`` lines (``GENERAL.METERED:no (guessed)``, one
    per device): metered if any connected device is; not metered if some device says no; None
    if every device says unknown."""
    answers: list[bool] = []
    for line in output.splitlines():
        if ":" not in line:
            continue
        value = line.split(":", 1)[1].strip().lower()
        if value.startswith("yes"):
            answers.append(True)
        elif value.startswith("no"):
            answers.append(False)
    if any(answers):
        return True
    return False if answers else None


def _metered_nmcli() -> bool | None:
    nmcli = shutil.which("nmcli")
    if nmcli is None:
        return None
    try:
        out = subprocess.run(
            [nmcli, "-t", "-f", "GENERAL.METERED", "dev", "show"],
            capture_output=True,
            text=True,
            timeout=3,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_nmcli_metered(out.stdout) if out.returncode == 0 else None


def network_metered() -> bool | None:
    """True/False when the OS says whether the connection is metered, None when unknown."""
    if not sys.platform.startswith("linux"):
        return None
    answer = _metered_dbus()
    return answer if answer is not None else _metered_nmcli()


def may_sync_automatically(policy: SyncPolicy, metered: Callable[[], bool | None]) -> bool:
    """Whether a sync that the officer did not ask for may run now."""
    if policy.mode is SyncMode.MANUAL:
        return False
    if policy.mode is SyncMode.UNMETERED:
        return metered() is False  # unknown counts as metered
    return True


# --- throughput -------------------------------------------------------------------------------


class RateMeter:
    """Upload bytes per second, smoothed (exponential moving average over ~5 s windows).

    ``add(n)`` from any thread; ``rate()`` is None until a second's worth was measured. Gaps
    longer than :data:`IDLE_GAP` are idle time, not a slow line. The engine keeps one meter for
    its lifetime, so a new run starts with what the line did last time.
    """

    def __init__(self, window: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._rate: float | None = None
        self._bucket_start = clock()
        self._bucket_bytes = 0
        self._last_add = self._bucket_start

    def add(self, nbytes: int) -> None:
        with self._lock:
            now = self._clock()
            if now - self._last_add > IDLE_GAP:
                # The line was idle (between runs or files): that time is not throughput.
                self._bucket_start, self._bucket_bytes = now, 0
            self._last_add = now
            self._bucket_bytes += nbytes
            self._roll(now)

    def _roll(self, now: float) -> None:
        elapsed = now - self._bucket_start
        if elapsed < 1.0:
            return
        sample = self._bucket_bytes / elapsed
        alpha = min(1.0, elapsed / self._window)
        self._rate = sample if self._rate is None else self._rate + alpha * (sample - self._rate)
        self._bucket_start, self._bucket_bytes = now, 0

    def rate(self) -> float | None:
        with self._lock:
            return self._rate

    def poor(self) -> bool:
        """True once the measured rate is below :data:`POOR_LINE_BPS`."""
        r = self.rate()
        return r is not None and r < POOR_LINE_BPS
