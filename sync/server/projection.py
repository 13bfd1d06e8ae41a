"""The pemda's projected index on the server: the pemda's records decoded with the domain codec,
their reviews (state, verdicts, QC) laid over them, scored by ``iid.projection`` (the same code
the desktop runs), cached per pemda, rule year and change sequence.

One figure for the whole pemda: the API (``GET /api/v1/projection``) and the web dashboard both
call ``projection_for``; an operator gets the pemda's figures with only their own OPD's rows.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from iid import projection as proj
from iid import workflow
from iid.codec import CodecError, innovation_from_dict, review_from_dict, spd_profile_from_dict
from iid.records import Innovation
from iid.rules import (
    RuleSet,
    RuleSetError,
    RuleUnknownError,
    available_years,
    load_rules,
    rules_dirs,
)
from sync.batches import batches
from sync.private_files import private_dir
from sync.protocol import RecordType
from sync.server.auth import Principal
from sync.server.db import Database
from sync.server.models import Opd, Record
from sync.server.problems import ProblemType, problem

_CACHE_SIZE = 32
_cache: OrderedDict[tuple[str, int, int, str], proj.PemdaProjection] = OrderedDict()
_cache_lock = threading.Lock()
_compute_lock = threading.Lock()
log = logging.getLogger(__name__)


def default_year() -> int:
    """The newest rule year that is not a prognosis (what a pemda reports for now)."""
    years = available_years()
    for year in reversed(years):
        try:
            if load_rules(year).status != "prognosis":
                return year
        except RuleSetError:
            continue
    return years[-1]


def rules_for(year: int) -> RuleSet:
    """The year's rules, or a 404/422 problem that says which years exist."""
    try:
        rules = load_rules(year)
        rules.require("spd_rows")
        rules.require("count_score")
    except RuleSetError:
        known = ", ".join(str(y) for y in available_years())
        raise problem(
            404,
            ProblemType.NOT_FOUND,
            f"Tidak ada aturan IID untuk tahun {year}. Tahun yang tersedia: {known}.",
            f"There are no IID rules for {year}. Available years: {known}.",
        ) from None
    except RuleUnknownError as error:
        raise problem(422, ProblemType.VALIDATION, error.message_id, error.message_en) from None
    return rules


def decode_review(innovation_id: str, content: dict[str, Any]) -> workflow.Review:
    """A review record's content (raises ``CodecError`` when this release cannot read it)."""
    return review_from_dict({**content, "innovation_id": innovation_id})


def review_overlay(innovation: Innovation, content: dict[str, Any]) -> Innovation:
    """The innovation with its review record's server-owned part laid over (as the desktop
    does: ``iid.workflow.overlay``)."""
    return workflow.overlay(innovation, decode_review(innovation.id, content))


_DECODED_SIZE = 50_000


@dataclass(frozen=True)
class _Reader:
    """One innovation as the projection reads it: its content laid under its review, and since
    when it waits for review (None when it does not)."""

    innovation: Innovation
    waiting_since: datetime | None


_decoded: OrderedDict[str, tuple[str, Innovation]] = OrderedDict()
"""Officers' content decoded, by record id: (content hash, innovation)."""
_read: OrderedDict[str, tuple[tuple[str, str | None], _Reader]] = OrderedDict()
"""Innovations with their review laid over, by id: ((content hash, review hash), reading)."""
_rows: dict[Hashable, proj.CachedRow] = {}
"""Scored rows of unchanged innovations, reused by ``iid.projection.project`` (row_cache)."""


def _bounded_put(cache: OrderedDict[str, Any], key: str, value: Any) -> None:
    # Innovations are never changed in place (the overlay makes copies), so sharing is safe.
    with _cache_lock:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > _DECODED_SIZE:
            cache.popitem(last=False)


def _sequence_mark(session: Session, pemda_id: str) -> int:
    """Changes to the pemda's records move this (the newest ``seq`` of any of its records)."""
    return int(session.scalar(select(func.max(Record.seq)).where(Record.pemda_id == pemda_id)) or 0)


def _opd_mark(session: Session, pemda_id: str) -> str:
    """Changes to the pemda's OPDs move this (stable across restarts: a digest, not ``hash``)."""
    rows = session.execute(
        select(Opd.id, Opd.name, Opd.active).where(Opd.pemda_id == pemda_id).order_by(Opd.id)
    ).all()
    return hashlib.sha256(json.dumps([list(r) for r in rows]).encode()).hexdigest()


@dataclass
class _Head:
    """The newest version of one record, without its content."""

    id: str
    digest: str
    updated_at: datetime


def _contents(session: Session, ids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for chunk in batches(ids):
        for record_id, content in session.execute(
            select(Record.id, Record.content).where(Record.id.in_(chunk))
        ):
            out[record_id] = dict(content or {})
    return out


def compute(session: Session, pemda_id: str, rules: RuleSet) -> proj.PemdaProjection:
    """The pemda's projection from what the server holds now (not cached).

    Each innovation is read as every reader of it reads it: the officer's content with its
    ``review`` record laid over (the review records the server writes when it decides a
    workflow request: state, verdicts and verified levels, QC). The newest review record of an
    innovation counts (by ``seq``; the first releases could leave more than one). An innovation
    waits for review since its newest submission in that review's history
    (``iid.projection.submitted_at``), else (a first-release review without history) since its
    content last changed.

    Only records new or changed since the last projection are read and decoded (the codec and
    the overlay are the costly part on a big pemda)."""
    innovation_heads: dict[str, _Head] = {}
    review_heads: dict[str, _Head] = {}
    spd_ids: list[str] = []
    for record_id, kind, digest, updated_at, innovation_id in session.execute(
        select(Record.id, Record.type, Record.content_hash, Record.updated_at, Record.innovation_id)
        .where(
            Record.pemda_id == pemda_id,
            Record.deleted.is_(False),
            Record.type.in_([t.value for t in RecordType]),
        )
        .order_by(Record.seq)
    ):
        if kind == RecordType.INNOVATION.value:
            innovation_heads[record_id] = _Head(record_id, digest, updated_at)
        elif kind == RecordType.REVIEW.value:
            if innovation_id:  # in seq order: the newest review of an innovation wins
                review_heads[innovation_id] = _Head(record_id, digest, updated_at)
        elif kind == RecordType.SPD_PROFILE.value:
            spd_ids.append(record_id)

    def identity(key: str) -> tuple[str, str | None]:
        review = review_heads.get(key)
        return innovation_heads[key].digest, review.digest if review is not None else None

    with _cache_lock:
        ready = {
            key: found[1]
            for key in innovation_heads
            if (found := _read.get(key)) is not None and found[0] == identity(key)
        }
        decoded = {
            key: cached[1]
            for key, head in innovation_heads.items()
            if key not in ready
            and (cached := _decoded.get(key)) is not None
            and cached[0] == head.digest
        }
    wanted = [k for k in innovation_heads if k not in ready and k not in decoded]
    wanted += [review_heads[k].id for k in innovation_heads if k not in ready and k in review_heads]
    contents = _contents(session, wanted + spd_ids)

    readers: dict[str, _Reader] = {}
    for key, head in innovation_heads.items():
        reader = ready.get(key)
        if reader is None:
            officer = decoded.get(key)
            if officer is None:
                try:
                    officer = innovation_from_dict({**contents.get(key, {}), "id": key})
                except CodecError:
                    continue  # typed records refuse such content at push; old rows are skipped
                _bounded_put(_decoded, key, (head.digest, officer))
            reader = _read_one(officer, review_heads.get(key), contents, head.updated_at)
            _bounded_put(_read, key, (identity(key), reader))
        if reader.innovation.rule_year == rules.year:
            readers[key] = reader

    spd_answers = {}
    for record_id in spd_ids:
        content = contents.get(record_id, {})
        if content.get("rule_year") == rules.year:
            try:
                spd_answers = spd_profile_from_dict(content).answers
            except CodecError:
                spd_answers = {}
    opds = [
        proj.OpdRef(opd_id, name)
        for opd_id, name in session.execute(
            select(Opd.id, Opd.name)
            .where(Opd.pemda_id == pemda_id, Opd.active.is_(True))
            .order_by(Opd.name)
        ).all()
    ]
    waiting = {k: r.waiting_since for k, r in readers.items() if r.waiting_since is not None}
    keys = {key: (str(rules.path), rules.year, *identity(key), waiting.get(key)) for key in readers}
    result = proj.project(
        rules,
        (r.innovation for r in readers.values()),
        spd_answers,
        opds,
        waiting_since=waiting,
        row_cache=_rows,
        row_keys=keys,
    )
    with _cache_lock:
        while len(_rows) > _DECODED_SIZE:
            _rows.pop(next(iter(_rows)))
    return result


def _read_one(
    officer: Innovation,
    review: _Head | None,
    contents: dict[str, dict[str, Any]],
    changed_at: datetime,
) -> _Reader:
    """``officer``'s content with its review laid over; a review this release cannot read
    leaves the innovation a draft (it counts as potensi, never as verified)."""
    if review is None:
        return _Reader(officer, None)
    try:
        decoded = decode_review(officer.id, contents.get(review.id, {}))
    except CodecError:
        return _Reader(officer, None)
    innovation = workflow.overlay(officer, decoded)
    waiting: datetime | None = None
    if innovation.workflow_state in proj.WAITING_STATES:
        waiting = proj.submitted_at(decoded) or changed_at
    return _Reader(innovation, waiting)


def pemda_projection(session: Session, pemda_id: str, year: int) -> proj.PemdaProjection:
    """The pemda's projection for ``year``, recomputed only when a record or an OPD changed."""
    rules = rules_for(year)
    key = _key(session, pemda_id, year)
    found = _cached(key)
    if found is not None:
        return found
    # One computation at a time: a page asked for while another one (or the warm-up after a
    # start) computes waits for it and takes its result instead of decoding everything twice.
    with _compute_lock:
        found = _cached(key)
        if found is not None:
            return found
        result = compute(session, pemda_id, rules)
        with _cache_lock:
            _cache[key] = result
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    return result


def _key(session: Session, pemda_id: str, year: int) -> tuple[str, int, int, str]:
    """A projection's identity: pemda, year and the marks that move when its data changes."""
    return (pemda_id, year, _sequence_mark(session, pemda_id), _opd_mark(session, pemda_id))


def _cached(key: tuple[str, int, int, str]) -> proj.PemdaProjection | None:
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
        return found


SAVED_DIR = "projection-cache"
SAVED_FILE = "projections.json"
"""The newest projection of each pemda and year, kept in the server's data folder across
restarts (``save`` at shutdown and after the warm-up; ``load_saved`` at the start)."""


@functools.cache
def build_mark() -> str:
    """What the projection was computed with: the domain code and the rule files. A saved
    projection of another build is never served (a new release may count differently)."""
    digest = hashlib.sha256()
    sources = sorted(Path(proj.__file__).parent.glob("*.py")) + [Path(__file__)]
    for directory in rules_dirs():
        if directory.is_dir():
            sources += sorted(directory.glob("*.toml"))
    for source in sources:
        digest.update(str(source.name).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _tip(session: Session, pemda_id: str) -> str:
    """The pemda's records as a whole, for a saved projection: how many there are and the
    newest one's id and content hash besides its ``seq`` (a database restored from a backup
    that later reaches the same ``seq`` with other records does not pass for the saved one)."""
    count = session.scalar(select(func.count()).where(Record.pemda_id == pemda_id)) or 0
    newest = session.execute(
        select(Record.seq, Record.id, Record.content_hash)
        .where(Record.pemda_id == pemda_id)
        .order_by(Record.seq.desc())
        .limit(1)
    ).first()
    return json.dumps([int(count), *(list(newest) if newest is not None else [])], default=str)


def save(db: Database, folder: Path) -> int:
    """Write the newest computed projection of each pemda and year that still describes the
    database (its marks hold) to ``folder``, atomically (a crash leaves the former file).
    Returns how many were written."""
    with _cache_lock:
        newest: dict[tuple[str, int], tuple[tuple[str, int, int, str], proj.PemdaProjection]] = {}
        for key, value in _cache.items():  # oldest first: the newest per pemda/year wins
            newest[(key[0], key[1])] = (key, value)
    entries = []
    with db.session_scope() as session:
        for key, value in newest.values():
            if key != _key(session, key[0], key[1]):
                continue  # outdated, or another database's (tests run several servers)
            entries.append(
                {
                    "key": list(key),
                    "tip": _tip(session, key[0]),
                    "projection": proj.projection_to_dict(value),
                }
            )
    if not entries:
        return 0  # nothing computed in this run: the saved file stays as it is
    private_dir(folder)
    fd, temp = tempfile.mkstemp(prefix=".projections-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"build": build_mark(), "entries": entries}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, folder / SAVED_FILE)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return len(entries)


def load_saved(session: Session, folder: Path) -> int:
    """Take the saved projections that still describe the data (same build, no record and no
    OPD changed since: the same marks and records) into the cache. A missing, damaged or
    outdated file is ignored (the projection is computed). Returns how many were taken."""
    try:
        body = json.loads((folder / SAVED_FILE).read_text(encoding="utf-8"))
        if body.get("build") != build_mark():
            return 0
        taken = 0
        for entry in body["entries"]:
            pemda_id, year, seq, opd_mark = entry["key"]
            key = (str(pemda_id), int(year), int(seq), str(opd_mark))
            if key != _key(session, key[0], key[1]) or entry["tip"] != _tip(session, key[0]):
                continue
            value = proj.projection_from_dict(entry["projection"])
            with _cache_lock:
                _cache[key] = value
            taken += 1
        return taken
    except (OSError, ValueError, KeyError, TypeError, proj.ProjectionFormatError):
        return 0


def load_at_start(db: Database, folder: Path) -> int:
    """``load_saved`` in a session of its own; never raises (logged)."""
    try:
        with db.session_scope() as session:
            return load_saved(session, folder)
    except Exception:  # noqa: BLE001 - a cache must never stop the server from starting
        log.exception("the saved projections could not be read; they are computed again")
        return 0


def warm_up(db: Database, folder: Path | None = None, stop: threading.Event | None = None) -> int:
    """Compute every pemda's projection for the current rule year in the background after a
    start, so neither the first page (when no saved projection still holds: ``load_at_start``)
    nor the first change after the start decodes every record of the pemda on its reader's
    time; then save them. Returns how many pemdas were computed; a failure is logged, never
    raised (a page then computes as before)."""
    done = 0
    try:
        year = default_year()
        rules = rules_for(year)
        with db.session_scope() as session:
            pemdas = list(
                session.scalars(
                    select(Record.pemda_id)
                    .where(Record.type == RecordType.INNOVATION.value)
                    .distinct()
                )
            )
        for pemda_id in pemdas:
            if stop is not None and stop.is_set():
                break
            with _compute_lock, db.session_scope() as session:
                key = _key(session, pemda_id, year)
                result = compute(session, pemda_id, rules)
                with _cache_lock:
                    _cache.setdefault(key, result)
            done += 1
        if folder is not None and done:
            save(db, folder)
    except Exception:  # noqa: BLE001 - a warm-up must never take the server down
        log.exception("projection warm-up failed; the first dashboard page computes it")
    return done


def clear_cache(*, decoded: bool = True) -> None:
    """Forget computed projections (and, unless ``decoded=False``, decoded innovations)."""
    with _cache_lock:
        _cache.clear()
        if decoded:
            _decoded.clear()
            _read.clear()
            _rows.clear()


def projection_for(session: Session, principal: Principal, year: int) -> proj.PemdaProjection:
    """What ``principal`` may see of the pemda's projection: everything, or for an operator the
    pemda's figures with only their own OPD's rows and innovations."""
    whole = pemda_projection(session, principal.pemda_id, year)
    if principal.opd_bound:
        if principal.opd_id is None:
            raise problem(
                403,
                ProblemType.FORBIDDEN,
                "Akun operator ini belum terhubung ke OPD. Hubungi admin pemda.",
                "This operator account has no OPD. Contact the pemda admin.",
            )
        return proj.for_opd(whole, principal.opd_id)
    return whole
