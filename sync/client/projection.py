"""The pemda's projection as the desktop gets it: fetched from the server
(``GET /api/v1/projection``), cached on disk for offline use with the time it was fetched, or,
before the first fetch, computed from this device's own store with the same domain code
(``iid.projection``) and marked as such.

No Qt. The desktop calls ``load`` on its background lane.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from iid import projection as proj
from iid.rules import RuleSet
from sync.client.http import ApiClient, SyncError, Timeouts
from sync.local.repository import InnovationFilter, Repository
from sync.private_files import private_dir

CACHE_DIR = "projection-cache"


class Source:
    """Where a shown projection comes from."""

    SERVER = "server"  # fetched just now
    CACHE = "cache"  # fetched earlier (``fetched_at``); the server could not be asked now
    LOCAL = "local"  # computed from this device's store (never fetched from the server)


@dataclass(frozen=True)
class LoadedProjection:
    projection: proj.PemdaProjection
    source: str
    fetched_at: datetime | None
    error: SyncError | None = None
    """Why the server was not asked or did not answer (None when it did)."""


class ProjectionCache:
    """The last projection fetched per rule year: ``<data>/projection-cache/<year>.json``,
    written atomically (temporary file, fsync, rename), so a crash leaves the old one."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = Path(data_dir) / CACHE_DIR

    def path(self, year: int) -> Path:
        return self.folder / f"{int(year)}.json"

    def save(self, year: int, data: dict[str, Any], fetched_at: datetime, server_url: str) -> None:
        private_dir(self.folder)
        body = {"fetched_at": fetched_at.isoformat(), "server_url": server_url, "projection": data}
        fd, temp = tempfile.mkstemp(prefix=".projection-", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(body, handle, ensure_ascii=False)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.path(year))
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def load(self, year: int, server_url: str) -> tuple[proj.PemdaProjection, datetime] | None:
        """The cached projection of ``year`` from ``server_url``, or None (none, another
        server's, or unreadable: a damaged cache is ignored, never shown)."""
        try:
            body = json.loads(self.path(year).read_text(encoding="utf-8"))
            if body.get("server_url") != server_url:
                return None
            return (
                proj.projection_from_dict(body["projection"]),
                datetime.fromisoformat(body["fetched_at"]),
            )
        except (OSError, ValueError, KeyError, TypeError, proj.ProjectionFormatError):
            return None


def fetch(server_url: str, token: str, year: int) -> tuple[proj.PemdaProjection, dict[str, Any]]:
    """Ask the server; raises ``SyncError`` (network, auth, refusal) or
    ``ProjectionFormatError`` (an answer this release cannot read)."""
    api = ApiClient(server_url, token=lambda: token, timeouts=Timeouts(connect=5.0, read=30.0))
    try:
        body = api.json("GET", "/projection", params={"year": year})
    finally:
        api.close()
    data = body["projection"] if isinstance(body, dict) else None
    if not isinstance(data, dict):
        raise proj.ProjectionFormatError("the server's answer has no projection")
    return proj.projection_from_dict(data), data


def compute_local(repo: Repository, rules: RuleSet) -> proj.PemdaProjection:
    """The projection from this device's store: every innovation of the year it holds (an
    operator's laptop holds its own OPD's), the OPDs it knows, the pemda's SPD profile."""
    innovations = []
    offset = 0
    year_filter = InnovationFilter(rule_year=rules.year)
    while True:
        page = repo.list_innovations(year_filter, "nama", False, offset, 500)
        if not page:
            break
        offset += len(page)
        for summary in page:
            innovation = repo.get_innovation(summary.id)
            if innovation is not None:
                innovations.append(innovation)
    user = repo.get_local_user()
    opds = [proj.OpdRef(o.id, o.name) for o in repo.list_opds()]
    scope = user.opd_id if user is not None and user.role == "operator" else None
    if scope is not None:
        # The operator's OPD, plus any other OPD whose innovations this laptop holds (demo
        # data, a moved innovation): each by the name the store knows, never unnamed.
        present = {i.opd_id for i in innovations}
        mine = [o for o in opds if o.id == scope] or [proj.OpdRef(scope, "")]
        opds = mine + [o for o in opds if o.id != scope and o.id in present]
    spd = repo.get_spd_profile(rules.year)
    # Waiting for review since the newest submission in the review's history, as the server.
    waiting = {}
    for innovation in innovations:
        if innovation.workflow_state in proj.WAITING_STATES:
            since = proj.submitted_at(repo.workflow.review(innovation.id))
            if since is not None:
                waiting[innovation.id] = since
    return proj.project(
        rules,
        innovations,
        spd.answers if spd else {},
        opds,
        waiting_since=waiting,
        scope_opd=scope,
    )


def load(
    repo: Repository,
    rules: RuleSet,
    cache: ProjectionCache,
    server_url: str,
    token: str | None,
) -> LoadedProjection:
    """The best projection there is for ``rules.year``: the server's (cached on the way), else
    the cached one with its time, else one computed from this device's store."""
    error: SyncError | None = None
    if server_url and token:
        try:
            projection, data = fetch(server_url, token, rules.year)
        except SyncError as exc:
            error = exc
        except proj.ProjectionFormatError as exc:
            error = SyncError(str(exc))
        else:
            now = datetime.now(UTC)
            cache.save(rules.year, data, now, server_url)
            return LoadedProjection(projection, Source.SERVER, now)
        cached = cache.load(rules.year, server_url)
        if cached is not None:
            return LoadedProjection(cached[0], Source.CACHE, cached[1], error)
    return LoadedProjection(compute_local(repo, rules), Source.LOCAL, None, error)
