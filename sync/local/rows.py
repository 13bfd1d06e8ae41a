"""Rows of ``store.sqlite`` to ``iid.records`` and back: the conversions every part of the
repository layer shares (never used outside ``sync.local``'s repository modules)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from copy import deepcopy as _deepcopy
from datetime import UTC, datetime
from decimal import Decimal
from operator import attrgetter, itemgetter
from typing import Any

from sqlalchemy import JSON, Connection, Table, select
from sqlalchemy.orm import Session

from iid.records import (
    EvidenceDocument,
    IndicatorAnswer,
    Innovation,
    InnovationProfile,
    QcStatus,
    SpdAnswer,
    SpdProfile,
    SyncState,
    Verdict,
    WorkflowState,
)
from sync.local.models import (
    DocumentRow,
    InnovationRow,
    SpdAnswerRow,
    SpdDocumentRow,
    SpdProfileRow,
)
from sync.protocol import RecordType

INNOVATION = RecordType.INNOVATION.value
VERDICT = RecordType.REVIEW.value
"""The server-written review of an innovation (its workflow state, verdicts, QC)."""
SPD_PROFILE = RecordType.SPD_PROFILE.value
BLOB = "blob"
"""The outbox's ``record_type`` of an evidence file (its ``record_id`` is the SHA-256)."""


class RecordNotFound(KeyError):
    """The record a change names is not in the local store (deleted, or a wrong id)."""


PROFILE_COLUMNS = (
    "nama",
    "tahapan",
    "inisiator",
    "inisiator_nama",
    "jenis",
    "bentuk",
    "urusan_utama",
    "urusan_lain",
    "waktu_uji_coba",
    "waktu_penerapan",
    "waktu_pengembangan",
    "rancang_bangun",
    "tujuan",
    "manfaat",
    "hasil",
    "video_link",
    "extra",
)
DOCUMENT_COLUMNS = (
    "id",
    "slot",
    "nomor",
    "tanggal",
    "tentang",
    "sha256",
    "link",
    "file_name",
    "media_type",
    "size_bytes",
    "duration_seconds",
    "page_count",
    "position",
    "jenis",
    "tahun",
    "names_innovation",
    "name_page",
    "readability",
    "prefilled",
)


def now() -> datetime:
    return datetime.now(UTC)


def spd_record_id(pemda_id: str, rule_year: int) -> str:
    """The sync id of a pemda's SPD profile for a year: the same on every device of the pemda."""
    return f"spd-{pemda_id or 'local'}-{rule_year}"


# --- row <-> record ---------------------------------------------------------------------------


def document_record(row: DocumentRow | SpdDocumentRow) -> EvidenceDocument:
    values = {name: getattr(row, name) for name in DOCUMENT_COLUMNS}
    values["prefilled"] = tuple(values["prefilled"] or ())
    values["jenis"] = values["jenis"] or ""
    values["readability"] = values["readability"] or ""
    return EvidenceDocument(**values)


_document_fields = attrgetter(*DOCUMENT_COLUMNS)
assert DOCUMENT_COLUMNS[-1] == "prefilled"


def document_row(doc: EvidenceDocument) -> tuple[Any, ...]:
    """``doc`` as the values of :data:`DOCUMENT_COLUMNS`, in that order."""
    return (*_document_fields(doc)[:-1], list(doc.prefilled))


def document_values(doc: EvidenceDocument) -> dict[str, Any]:
    return dict(zip(DOCUMENT_COLUMNS, document_row(doc), strict=True))


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


# An innovation's answers are one JSON column of its row (``InnovationRow.answers``, since
# migration 0007; before, a row each in the ``answers`` table): indicator -> the answer's
# fields, each left out while it has its default, so a first pull writes one value per
# innovation instead of ~20 rows (bench/sync_pull.py). Keys are kept in indicator order.
ANSWER_DEFAULTS: dict[str, Any] = {
    "claimed_level": None,
    "verified_level": None,
    "verdict": Verdict.PENDING.value,
    "verifier_note": "",
    "quantity": None,
    "quantity_base": None,
    "basis": "",
    "checklist": [],
}
"""The fields of a stored answer and the value each has when it is left out."""
REVIEW_FIELDS = ("verdict", "verified_level", "verifier_note")
"""The verifier's part of a stored answer (the rest is the officer's)."""
MEASURE_COLUMNS = ("quantity", "quantity_base", "basis", "checklist")
"""The fields of an answer's measure, in :func:`measure_row`'s order."""


def compact_answer(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A stored answer as the column keeps it: only the fields that differ from their
    default (unknown names are refused)."""
    unknown = fields.keys() - ANSWER_DEFAULTS.keys()
    if unknown:
        raise ValueError(f"unknown answer fields {sorted(unknown)}")
    return {k: v for k, v in fields.items() if v != ANSWER_DEFAULTS[k]}


def answer_fields(entry: Mapping[str, Any] | None) -> dict[str, Any]:
    """Every field of a stored answer (``entry`` as the column holds it; None: none stored)."""
    fields = {**ANSWER_DEFAULTS, **(entry or {})}
    fields["checklist"] = list(fields["checklist"] or ())
    return fields


def sorted_answers(answers: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The column's value for ``answers`` (indicator -> compact answer), in indicator order."""
    return {key: compact_answer(answers[key]) for key in sorted(answers)}


def officer_answer(
    answer: IndicatorAnswer, kept: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The compact stored answer of the officer's ``answer`` (claimed level and measure) with
    the verifier's part of ``kept`` (the stored answer it replaces, if any)."""
    entry: dict[str, Any] = {}
    if answer.claimed_level is not None:
        entry["claimed_level"] = answer.claimed_level
    if kept:
        entry.update((k, kept[k]) for k in REVIEW_FIELDS if k in kept)
    if answer.quantity is not None:
        entry["quantity"] = str(answer.quantity)
    if answer.quantity_base is not None:
        entry["quantity_base"] = str(answer.quantity_base)
    if answer.basis:
        entry["basis"] = answer.basis
    if answer.checklist:
        entry["checklist"] = list(answer.checklist)
    return entry


def answer_record(indicator: str, entry: Mapping[str, Any]) -> IndicatorAnswer:
    """The record of a stored answer."""
    get = entry.get
    quantity, base = get("quantity"), get("quantity_base")
    return IndicatorAnswer(
        indicator=indicator,
        claimed_level=get("claimed_level"),
        verified_level=get("verified_level"),
        verdict=Verdict(get("verdict", ANSWER_DEFAULTS["verdict"])),
        verifier_note=get("verifier_note", ""),
        quantity=None if quantity is None else Decimal(quantity),
        quantity_base=None if base is None else Decimal(base),
        basis=get("basis") or "",
        checklist=tuple(get("checklist") or ()),
    )


def claimed_levels(row: InnovationRow) -> dict[str, int]:
    """Each stored answer's claimed level (0 when none), as scoring takes them."""
    return {key: entry.get("claimed_level") or 0 for key, entry in (row.answers or {}).items()}


def measure_row(answer: IndicatorAnswer) -> tuple[str | None, str | None, str, list[str]]:
    """The officer's measure of ``answer`` as the values of :data:`MEASURE_COLUMNS`."""
    return (
        _decimal_text(answer.quantity),
        _decimal_text(answer.quantity_base),
        answer.basis,
        list(answer.checklist),
    )


SPD_ANSWER_COLUMNS = ("level", "raw_value", "inputs")
"""The ``SpdAnswerRow`` columns of an SPD answer, in :func:`spd_answer_row`'s order."""


def spd_answer_row(answer: SpdAnswer) -> tuple[int | None, str | None, dict[str, str] | None]:
    """An SPD answer as the values of :data:`SPD_ANSWER_COLUMNS` (decimals as exact text; no
    inputs: None), as both the ORM path and the pull's batch write them."""
    inputs = {k: str(v) for k, v in answer.inputs.items()} or None
    return answer.level, _decimal_text(answer.raw_value), inputs


def measure_values(answer: IndicatorAnswer) -> dict[str, Any]:
    """The officer's measure of ``answer`` as stored answer fields."""
    return dict(zip(MEASURE_COLUMNS, measure_row(answer), strict=True))


def profile_record(row: InnovationRow) -> InnovationProfile:
    values = {name: getattr(row, name) for name in PROFILE_COLUMNS}
    values["urusan_lain"] = list(values["urusan_lain"] or [])
    values["extra"] = dict(values["extra"] or {})
    return InnovationProfile(**values)


def profile_values(profile: InnovationProfile, *, copy: bool = True) -> dict[str, Any]:
    """The profile as ``InnovationRow`` column values; deep copies of its lists and dicts unless
    ``copy`` is False (a profile nothing else holds, e.g. one decoded from pulled content)."""
    values = {
        name: _deepcopy(getattr(profile, name)) if copy else getattr(profile, name)
        for name in PROFILE_COLUMNS
    }
    values["urusan_lain"] = list(values["urusan_lain"] or [])
    values["extra"] = dict(values["extra"] or {})
    return values


def profile_record_of(profile: InnovationProfile) -> InnovationProfile:
    """``profile`` normalised as the store would read it back (lists and dicts copied)."""
    return InnovationProfile(**profile_values(profile))


def load_innovation(session: Session, row: InnovationRow) -> Innovation:
    documents = session.scalars(
        select(DocumentRow)
        .where(DocumentRow.innovation_id == row.id)
        .order_by(DocumentRow.slot, DocumentRow.position, DocumentRow.id)
    ).all()
    return innovation_of(row, documents)


def load_innovations(session: Session, rows: Sequence[InnovationRow]) -> list[Innovation]:
    """``load_innovation`` for many rows at once: one query for their documents instead of
    one per row (a package of 300 innovations read its records in a third of the time)."""
    ids = [row.id for row in rows]
    documents: dict[str, list[DocumentRow]] = {i: [] for i in ids}
    for document in session.scalars(
        select(DocumentRow)
        .where(DocumentRow.innovation_id.in_(ids))
        .order_by(DocumentRow.slot, DocumentRow.position, DocumentRow.id)
    ):
        documents[document.innovation_id].append(document)
    return [innovation_of(row, documents[row.id]) for row in rows]


def innovation_of(row: InnovationRow, documents: Iterable[DocumentRow]) -> Innovation:
    """The record of an innovation row (its answers are in the row) with its document rows
    (in slot, position, id order)."""
    return Innovation(
        id=row.id,
        rule_year=row.rule_year,
        opd_id=row.opd_id,
        profile=profile_record(row),
        answers={key: answer_record(key, entry) for key, entry in (row.answers or {}).items()},
        documents=[document_record(d) for d in documents],
        workflow_state=WorkflowState(row.workflow_state),
        sync_state=SyncState(row.sync_state),
        qc_status=QcStatus(row.qc_status),
        version=row.version,
        base_version=row.base_version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def load_spd(session: Session, row: SpdProfileRow) -> SpdProfile:
    answers = session.scalars(select(SpdAnswerRow).where(SpdAnswerRow.profile_id == row.id)).all()
    documents = session.scalars(
        select(SpdDocumentRow)
        .where(SpdDocumentRow.profile_id == row.id)
        .order_by(SpdDocumentRow.slot, SpdDocumentRow.position, SpdDocumentRow.id)
    ).all()
    return SpdProfile(
        pemda_id=row.pemda_id,
        rule_year=row.rule_year,
        answers={
            a.row: SpdAnswer(
                row=a.row,
                level=a.level,
                raw_value=Decimal(a.raw_value) if a.raw_value is not None else None,
                inputs={str(k): Decimal(str(v)) for k, v in (a.inputs or {}).items()},
            )
            for a in answers
        },
        documents=[document_record(d) for d in documents],
        version=row.version,
        base_version=row.base_version,
    )


def insert_many(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT ``rows`` (dicts with a value for every column of ``table``) with one
    ``executemany`` of the driver, each value through its column's own bind processing.

    What ``connection.execute(insert(table), rows)`` does, without SQLAlchemy's per-row
    parameter handling, which cost more than SQLite's insert itself when a first pull writes
    tens of thousands of rows (bench/sync_pull.py). Columns' Python-side defaults do not apply:
    every column must be given, which is checked."""
    if not rows:
        return
    names = tuple(table.c.keys())
    if rows[0].keys() != set(names):
        missing, unknown = sorted(set(names) - rows[0].keys()), sorted(rows[0].keys() - set(names))
        raise ValueError(f"{table.name}: columns {missing} missing, {unknown} unknown")
    row_values = itemgetter(*names)
    insert_values(connection, table, names, [row_values(row) for row in rows])


def insert_values(
    connection: Connection, table: Table, names: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """:func:`insert_many` for rows already as tuples, in the order of ``names`` (every column
    of ``table``, checked): no dict per row (a first pull's ~20 answers per innovation)."""
    if not rows:
        return
    if sorted(names) != sorted(table.c.keys()):
        raise ValueError(
            f"{table.name}: columns {sorted(names)} given, {sorted(table.c.keys())} wanted"
        )
    dialect = connection.dialect
    assert dialect.paramstyle == "qmark", dialect.paramstyle  # the store is SQLite
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    processors: list[tuple[int, Callable[[Any], Any]]] = []
    for i, name in enumerate(names):
        column_type = table.c[name].type
        process = column_type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            processors.append(
                (i, _empty_first(process) if isinstance(column_type, JSON) else process)
            )
    if processors:
        values: list[tuple[Any, ...]] = []
        for row in rows:
            value = list(row)
            for i, bind in processors:
                value[i] = bind(value[i])
            values.append(tuple(value))
        connection.exec_driver_sql(sql, values)
    else:
        connection.exec_driver_sql(sql, rows)


def _empty_first(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A JSON column's bind processing with an empty list or dict written at once (most of a
    pulled page's ``checklist``/``prefilled`` values): the text the serializer would write."""

    def bind(value: Any) -> Any:
        if value == [] and isinstance(value, list):
            return "[]"
        if value == {} and isinstance(value, dict):
            return "{}"
        return process(value)

    return bind
