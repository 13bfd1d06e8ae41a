"""Evidence downloads: one file from the server's ``GET /api/v1/blobs/{sha256}`` into the vault,
resumable over cuts, kills and restarts.

- Resumable ``Range`` GETs: the request asks for the rest of the file from the vault's offset
  (``Range: bytes=<offset>-``) with ``If-Range`` set to the file's ETag (the quoted SHA-256), so a
  server that would answer with something else sends the whole file (200) and the partial copy
  is thrown away. One open-ended request per attempt: no idle round trip between windows on a
  long, slow line (bench/sync_link.py measures the goodput).
- The body streams into :class:`sync.local.vault.BlobDownload` in 64 KiB pieces; every full vault
  chunk (1 MiB) is committed at once, so a kill re-fetches at most the chunk in progress; after a
  cut (the process lives on) the next request starts at the exact byte reached. The whole file's
  SHA-256 is checked before the blob becomes visible; a mismatch throws the bytes away and starts
  once more from zero, then gives up (``permanent``, ``blob.corrupt_download``).
- Retries are per attempt: a cut, a timeout, a 5xx or 429 (``Retry-After`` honoured up to a
  bound) try again after a short pause; ``MAX_FAILURES`` consecutive attempts without a byte
  received end the call as ``transient`` (the engine backs off). 401 is ``auth``; 404 means the
  server has no file under that hash that this account may read yet (its sender has not
  finished uploading): ``missing``; 403 and other 4xx are ``permanent`` with the server's words.
- ``should_stop()`` is checked between pieces: the officer's "Tahan" or the engine stopping
  aborts within one piece, keeping what was committed.
- A silent cut (packets vanish, no reset) is caught by a stall watchdog: while a body streams,
  the socket's read deadline is re-armed to :func:`stall_limit` of the measured line rate (the
  silence in which :data:`STALL_BYTES` would have arrived, at least :data:`STALL_MIN` s; before
  the rate is known :data:`STALL_UNMEASURED` s). A read that waits longer closes the response
  and the next request resumes with ``Range`` at the exact byte reached (bodies are read with
  ``read1``: every byte that arrived before the silence is kept), after no pause. A false alarm
  costs one new request; a missed one costs the whole silence. The answer's head is waited for
  with the request's read timeout (:meth:`Downloader._read_timeout`).
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import requests
import urllib3.exceptions

from sync.client.http import CaptivePortalError, Timeouts, classify, parse_retry_after
from sync.local import problems
from sync.local.problems import Problem
from sync.local.vault import BlobDamaged, BlobDownload, Vault, VaultError

log = logging.getLogger(__name__)

PIECE = 64 * 1024
MAX_FAILURES = 4
"""Consecutive attempts without a byte received before the call gives up (transient)."""
RETRY_DELAYS = (0.2, 1.0, 2.0, 4.0)
MAX_INLINE_RETRY_AFTER = 10.0
PROGRESS_EVERY = 0.2
MIN_SILENCE = 6.0
"""Least seconds to wait for an answer's head before the request is taken for silently cut."""
STALL_MIN = 2.5
"""Least seconds without a byte before a flowing body is taken for silently cut: above the
retransmission pauses (200 ms, doubling) a healthy but lossy line shows."""
STALL_BYTES = 32 * 1024
"""A flowing body is stalled when this much would have arrived at the measured rate."""
STALL_UNMEASURED = 6.0
"""The stall limit before the line's rate is measured (the first second of the first file)."""

Status = Literal["verified", "transient", "permanent", "missing", "stopped", "auth"]
_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)")


def stall_limit(rate: float | None, *, read_timeout: float) -> float:
    """Seconds of silence after which a body that was flowing at ``rate`` bytes/s (None: not
    measured yet) is taken for silently cut: the time :data:`STALL_BYTES` take at that rate, at
    least :data:`STALL_MIN`, never more than the configured ``read_timeout``."""
    if rate is None or rate <= 0:
        return min(read_timeout, STALL_UNMEASURED)
    return min(read_timeout, max(STALL_MIN, STALL_BYTES / rate))


@dataclass
class DownloadOutcome:
    """How one :meth:`Downloader.download` call ended; ``problem`` says why when it did not
    verify; ``http_status`` of the last answer if any."""

    status: str
    problem: Problem | None = None
    http_status: int | None = None


@dataclass
class DownloadStats:
    """What the calls of one Downloader did (for tests and benches)."""

    requests: int = 0
    bytes_received: int = 0
    restarts: int = 0
    stalls: int = 0
    """Responses closed by the stall watchdog (a body that went silent)."""
    resumed_from: list[int] = field(default_factory=list)


class _Stop(Exception):
    pass


class _Stalled(Exception):
    """The stall watchdog closed a body that went silent."""


def _arm(raw: object, seconds: float) -> bool:
    """Set the read deadline of the socket under a streaming response (urllib3's connection);
    False if there is none to set (the body was already read to its end)."""
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if sock is None:
        return False
    try:
        sock.settimeout(seconds)
    except OSError:
        return False
    return True


class Downloader:
    """Downloads vault blobs from ``blobs_url`` (``.../api/v1/blobs``). One instance per thread:
    it uses the given ``requests.Session``; the bearer token is asked for per request."""

    def __init__(
        self,
        vault: Vault,
        *,
        blobs_url: str,
        session: requests.Session,
        token: Callable[[], str],
        on_progress: Callable[[str, int, int, float | None], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
        timeouts: Timeouts | None = None,
        line_rate: Callable[[], float | None] | None = None,
    ) -> None:
        self.vault = vault
        self.blobs_url = blobs_url.rstrip("/")
        self.session = session
        self.token = token
        self.on_progress = on_progress
        self.should_stop = should_stop or (lambda: False)
        self.timeouts = timeouts or Timeouts()
        self.line_rate = line_rate
        self.stats = DownloadStats()
        self._last_progress = 0.0
        self._rate: float | None = None
        self._rate_mark = (time.monotonic(), 0)

    def download(self, sha256: str, size_hint: int | None = None) -> DownloadOutcome:
        """Fetch ``sha256`` into the vault (resuming a partial copy); see the module docstring."""
        if self.vault.has_intact(sha256):  # a damaged copy is fetched again (and replaced)
            return DownloadOutcome("verified")
        try:
            dl = self.vault.open_download(sha256)
        except VaultError as exc:
            return DownloadOutcome(
                "transient", Problem(problems.INTERNAL, technical=f"vault: {exc}")
            )
        with dl:
            if size_hint is not None and dl.expected_size is None:
                dl.set_expected_size(size_hint)
            try:
                return self._loop(sha256, dl)
            except _Stop:
                return DownloadOutcome("stopped")

    # --- the attempt loop -----------------------------------------------------------------------

    def _loop(self, sha: str, dl: BlobDownload) -> DownloadOutcome:
        failures = 0
        mismatches = 0
        last: DownloadOutcome | None = None
        while True:
            self._check_stop()
            if failures >= MAX_FAILURES:
                return last or DownloadOutcome("transient", Problem(problems.UNREACHABLE))
            if dl.expected_size is not None and dl.offset >= dl.expected_size:
                try:
                    dl.finish()
                    return DownloadOutcome("verified")
                except BlobDamaged as exc:
                    mismatches += 1
                    self.stats.restarts += 1
                    log.warning("download of %s failed its hash check (%s)", sha, exc)
                    if mismatches >= 2:
                        return DownloadOutcome(
                            "permanent", Problem(problems.BLOB_CORRUPT_DOWNLOAD, technical=str(exc))
                        )
                    continue
            before = dl.offset
            outcome, retry_after = self._attempt(sha, dl)
            if outcome is not None and (outcome.status != "transient" or retry_after == math.inf):
                return outcome
            if outcome is not None:
                last = outcome
            if dl.offset > before:
                failures = 0
            else:
                failures += 1
            if outcome is None and dl.expected_size is not None and dl.offset >= dl.expected_size:
                continue  # the body ended at the last byte: finish above
            self._pause(failures, retry_after)

    def _attempt(self, sha: str, dl: BlobDownload) -> tuple[DownloadOutcome | None, float | None]:
        """One GET from the current offset. Returns (an outcome to end or report, a wait)."""
        offset = dl.offset
        headers = {
            "Authorization": f"Bearer {self.token()}",
            "Accept-Encoding": "identity",
            "Range": f"bytes={offset}-",
        }
        if offset > 0:
            headers["If-Range"] = f'"{sha}"'
            self.stats.resumed_from.append(offset)
        self.stats.requests += 1
        t = self.timeouts
        try:
            response = self.session.get(
                f"{self.blobs_url}/{sha}",
                headers=headers,
                stream=True,
                timeout=(t.connect, self._read_timeout()),
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            return self._network_problem(exc), None
        with response:
            status = response.status_code
            if status == 206:
                match = _CONTENT_RANGE.match(response.headers.get("Content-Range", ""))
                if match is None or int(match.group(1)) != offset:
                    dl.restart()
                    return None, None
                if match.group(3) != "*":
                    dl.set_expected_size(int(match.group(3)))
            elif status == 200:
                if offset > 0:
                    dl.restart()  # the server sends the whole file: start again from zero
                length = response.headers.get("Content-Length")
                if length is not None and length.isdigit():
                    dl.set_expected_size(int(length))
            elif status == 416:
                # Our offset is at or past the end: what we hold is the whole file or garbage.
                match = re.match(r"bytes \*/(\d+)", response.headers.get("Content-Range", ""))
                if match is not None and dl.offset == int(match.group(1)):
                    dl.set_expected_size(int(match.group(1)))
                    return None, None
                dl.restart()
                return None, None
            else:
                return self._http_problem(response)
            before = dl.offset
            try:
                self._stream(sha, response, dl)
            except _Stalled as exc:
                # a silent cut: the bytes before it are kept; resume at once (no pause)
                return self._network_problem(exc), 0.0 if dl.offset > before else None
            except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                return self._network_problem(exc), None
        return None, None

    def _stream(self, sha: str, response: requests.Response, dl: BlobDownload) -> None:
        """Copy the body into ``dl`` as it arrives, the stall watchdog armed (module docstring)."""
        raw = response.raw
        armed: float | None = None
        while True:
            if self.should_stop():
                raise _Stop
            limit = stall_limit(self._rate or self._shared_rate(), read_timeout=self.timeouts.read)
            if armed is None or abs(limit - armed) > 0.1 * armed:
                armed = limit if _arm(raw, limit) else self.timeouts.read
            try:
                piece = raw.read1(PIECE, decode_content=True)
            except urllib3.exceptions.ReadTimeoutError as exc:
                self.stats.stalls += 1
                log.info("download of %s went silent for %.1f s at byte %d: resuming",
                         sha, armed, dl.offset)  # fmt: skip
                raise _Stalled(f"no byte for {armed:.1f} s") from exc
            if not piece:
                break
            dl.write(piece)
            self.stats.bytes_received += len(piece)
            self._progress(sha, dl, len(piece))
        self._progress(sha, dl, 0, force=True)

    # --- helpers ---------------------------------------------------------------------------------

    def _shared_rate(self) -> float | None:
        return self.line_rate() if self.line_rate is not None else None

    def _read_timeout(self) -> float:
        """How long an answer's head may take: eight pieces' time at the measured rate, within
        [MIN_SILENCE, the configured read timeout]."""
        rate = self._rate or self._shared_rate()
        if not rate:
            return self.timeouts.read
        return min(self.timeouts.read, max(MIN_SILENCE, 8 * PIECE / rate))

    def _progress(self, sha: str, dl: BlobDownload, nbytes: int, *, force: bool = False) -> None:
        now = time.monotonic()
        mark_t, mark_b = self._rate_mark
        total_b = self.stats.bytes_received
        if now - mark_t >= 1.0:
            sample = (total_b - mark_b) / (now - mark_t)
            self._rate = sample if self._rate is None else self._rate + 0.5 * (sample - self._rate)
            self._rate_mark = (now, total_b)
        if self.on_progress is None or (not force and now - self._last_progress < PROGRESS_EVERY):
            return
        self._last_progress = now
        self.on_progress(sha, dl.offset, dl.expected_size or dl.offset, self._rate)

    def _network_problem(self, exc: Exception) -> DownloadOutcome:
        timeout = (requests.Timeout, urllib3.exceptions.TimeoutError, TimeoutError, _Stalled)
        code = problems.TIMEOUT if isinstance(exc, timeout) else problems.UNREACHABLE
        return DownloadOutcome("transient", Problem(code, technical=f"{type(exc).__name__}: {exc}"))

    def _http_problem(
        self, response: requests.Response
    ) -> tuple[DownloadOutcome | None, float | None]:
        status = response.status_code
        error = classify(response)
        detail = error.detail if error is not None else ""
        detail_en = error.detail_en if error is not None else ""
        technical = f"HTTP {status} {response.reason}"
        if status == 401:
            return DownloadOutcome("auth", Problem(problems.SIGN_IN_REFUSED, {}, detail, detail_en,
                                                   technical), status), None  # fmt: skip
        if status == 404:
            return DownloadOutcome(
                "missing",
                Problem(problems.BLOB_NOT_ON_SERVER, {}, detail, detail_en, technical),
                status,
            ), None
        if status >= 500 or status in (408, 425, 429):
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            code = (
                problems.SERVER_BUSY if status in (408, 425, 429) else problems.SERVER_UNAVAILABLE
            )
            outcome = DownloadOutcome(
                "transient", Problem(code, {"status": status}, detail, detail_en, technical), status
            )
            if retry_after is not None and retry_after > MAX_INLINE_RETRY_AFTER:
                return outcome, math.inf  # longer than a pause: the engine backs off instead
            return outcome, retry_after
        if isinstance(error, CaptivePortalError):
            return DownloadOutcome(
                "transient", Problem(problems.CAPTIVE_PORTAL, technical=technical), status
            ), None
        return DownloadOutcome(
            "permanent",
            Problem(problems.SERVER_REFUSED, {"status": status}, detail, detail_en, technical),
            status,
        ), None

    def _check_stop(self) -> None:
        if self.should_stop():
            raise _Stop

    def _pause(self, failures: int, retry_after: float | None = None) -> None:
        if retry_after == 0.0 and failures == 0:
            return  # a stalled body that brought bytes: resume at once
        delay = RETRY_DELAYS[min(max(failures - 1, 0), len(RETRY_DELAYS) - 1)]
        if retry_after is not None:
            delay = max(delay, min(retry_after, MAX_INLINE_RETRY_AFTER))
        end = time.monotonic() + delay
        while time.monotonic() < end:
            self._check_stop()
            time.sleep(min(0.05, max(0.0, end - time.monotonic())))
