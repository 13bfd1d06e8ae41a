"""Records <-> JSON-safe dicts: the form in which the store keeps content and sync sends it.

Shape: every dataclass field under its own name; dates and datetimes as ISO strings, ``Decimal``
as a string, enums as their values; ``answers`` is an object keyed by indicator (or SPD row),
``documents`` a list. ``profile.extra`` holds JSON values as they are; a ``date`` or ``Decimal``
inside it is tagged (``{"$date": "2025-01-02"}``, ``{"$decimal": "1.5"}``, ``"$datetime"``) so
it comes back as the same type. ``x_from_dict(x_to_dict(r)) == r`` for every record.

Fields added after the first release (a document's ``jenis``, ``tahun``, ``names_innovation``,
``name_page``, ``readability``, ``prefilled``; an answer's ``quantity``, ``quantity_base``,
``basis``, ``checklist``) are written only when they differ from their default, so a record that
does not use them keeps the content it had (the same content is a duplicate, not a change).

Reading is tolerant: keys a newer version added are ignored (never an error), and missing
optional keys take the record's defaults (content without the device's machinery, such as
``sync_state``, reads fine). Values of the wrong type raise ``CodecError`` naming the key (``where``
as text, ``loc`` as a path for problem documents). An innovation needs ``id`` and ``rule_year``.

Record content (what sync sends and the server stores) is a narrower form. An innovation's
content is the *officer's part* only (:func:`innovation_content`): ``id``, ``rule_year``,
``opd_id``, ``created_at``, the profile, each answer's ``indicator`` and ``claimed_level``, and the
documents. The workflow state, the QC status and the verifier's fields of each answer
(:data:`INNOVATION_SERVER_OWNED`, :data:`ANSWER_SERVER_OWNED`) are the server's: they travel in the
server-written review record, never in innovation content. ``strict=True`` reads refuse any key
that is not part of the form (the server reads every pushed record that way).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

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
from iid.workflow import (
    Action,
    IndicatorReview,
    Move,
    Review,
    Role,
    Transition,
    VerdictInput,
)

_DATE_TAG = "$date"
_DECIMAL_TAG = "$decimal"
_DATETIME_TAG = "$datetime"
_E = TypeVar("_E", bound=StrEnum)
_PROFILE_TEXT = (
    "nama",
    "tahapan",
    "inisiator",
    "inisiator_nama",
    "jenis",
    "bentuk",
    "urusan_utama",
    "rancang_bangun",
    "tujuan",
    "manfaat",
    "hasil",
    "video_link",
)
_PROFILE_DATES = ("waktu_uji_coba", "waktu_penerapan", "waktu_pengembangan")
_DOCUMENT_KEYS = frozenset({
    "id", "slot", "nomor", "tanggal", "tentang", "sha256", "link", "file_name", "media_type",
    "size_bytes", "duration_seconds", "page_count", "position", "jenis", "tahun",
    "names_innovation", "name_page", "readability", "prefilled",
})  # fmt: skip
_PROFILE_KEYS = frozenset({*_PROFILE_TEXT, *_PROFILE_DATES, "urusan_lain", "extra"})
_INNOVATION_KEYS = frozenset({
    "id", "rule_year", "opd_id", "profile", "answers", "documents", "workflow_state",
    "sync_state", "qc_status", "version", "base_version", "created_at", "updated_at",
})  # fmt: skip
_ANSWER_KEYS = frozenset(
    {
        "indicator",
        "claimed_level",
        "quantity",
        "quantity_base",
        "basis",
        "checklist",
        "verified_level",
        "verdict",
        "verifier_note",
    }
)
_SPD_KEYS = frozenset({"pemda_id", "rule_year", "answers", "documents", "version", "base_version"})
_SPD_ANSWER_KEYS = frozenset({"row", "level", "raw_value"})

INNOVATION_SERVER_OWNED = ("workflow_state", "qc_status")
"""Top-level keys of an innovation that only the server's workflow changes."""
ANSWER_SERVER_OWNED = ("verified_level", "verdict", "verifier_note")
"""Keys of an answer that are the verifier's (written through the workflow, never in content)."""
INNOVATION_MACHINERY = ("sync_state", "version", "base_version", "updated_at")
"""Keys of an innovation that are the device's own bookkeeping, never content."""
SPD_MACHINERY = ("version", "base_version")

INNOVATION_CONTENT_KEYS = (
    _INNOVATION_KEYS - set(INNOVATION_SERVER_OWNED) - set(INNOVATION_MACHINERY)
)
ANSWER_CONTENT_KEYS = _ANSWER_KEYS - set(ANSWER_SERVER_OWNED)
SPD_CONTENT_KEYS = _SPD_KEYS - set(SPD_MACHINERY)

Loc = tuple[str | int, ...]


class CodecError(ValueError):
    """A dict cannot be read as a record: names the key and what is wrong with it.

    ``where`` is the dotted text form (``innovation.documents[0].tanggal``), ``loc`` the same
    place as a path below the record (``("documents", 0, "tanggal")``), ``problem`` the reason.
    """

    def __init__(self, where: str, problem: str, loc: Loc = ()) -> None:
        self.where = where
        self.problem = problem
        self.loc = loc
        super().__init__(f"{where}: {problem}")


# --- writing ------------------------------------------------------------------------------------


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _extra_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return {_DATETIME_TAG: value.isoformat()}
    if isinstance(value, date):
        return {_DATE_TAG: value.isoformat()}
    if isinstance(value, Decimal):
        return {_DECIMAL_TAG: str(value)}
    if isinstance(value, Mapping):
        return {str(k): _extra_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_extra_value(v) for v in value]
    return value


def profile_to_dict(profile: InnovationProfile) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(profile, name) for name in _PROFILE_TEXT}
    data["urusan_lain"] = list(profile.urusan_lain)
    for name in _PROFILE_DATES:
        data[name] = _iso(getattr(profile, name))
    data["extra"] = {str(k): _extra_value(v) for k, v in profile.extra.items()}
    return data


def document_to_dict(doc: EvidenceDocument) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": doc.id,
        "slot": doc.slot,
        "nomor": doc.nomor,
        "tanggal": _iso(doc.tanggal),
        "tentang": doc.tentang,
        "sha256": doc.sha256,
        "link": doc.link,
        "file_name": doc.file_name,
        "media_type": doc.media_type,
        "size_bytes": doc.size_bytes,
        "duration_seconds": doc.duration_seconds,
        "page_count": doc.page_count,
        "position": doc.position,
    }
    optional: dict[str, Any] = {
        "jenis": doc.jenis,
        "tahun": doc.tahun,
        "names_innovation": doc.names_innovation,
        "name_page": doc.name_page,
        "readability": doc.readability,
        "prefilled": list(doc.prefilled),
    }
    data.update({k: v for k, v in optional.items() if v not in (None, "", [])})
    return data


def answer_to_dict(answer: IndicatorAnswer) -> dict[str, Any]:
    data: dict[str, Any] = {
        "indicator": answer.indicator,
        "claimed_level": answer.claimed_level,
        "verified_level": answer.verified_level,
        "verdict": answer.verdict.value,
        "verifier_note": answer.verifier_note,
    }
    optional: dict[str, Any] = {
        "quantity": None if answer.quantity is None else str(answer.quantity),
        "quantity_base": None if answer.quantity_base is None else str(answer.quantity_base),
        "basis": answer.basis,
        "checklist": list(answer.checklist),
    }
    data.update({k: v for k, v in optional.items() if v not in (None, "", [])})
    return data


def innovation_to_dict(innovation: Innovation) -> dict[str, Any]:
    """The whole innovation as a JSON-safe dict (see the module docstring for the shape)."""
    return {
        "id": innovation.id,
        "rule_year": innovation.rule_year,
        "opd_id": innovation.opd_id,
        "profile": profile_to_dict(innovation.profile),
        "answers": {key: answer_to_dict(a) for key, a in innovation.answers.items()},
        "documents": [document_to_dict(d) for d in innovation.documents],
        "workflow_state": innovation.workflow_state.value,
        "sync_state": innovation.sync_state.value,
        "qc_status": innovation.qc_status.value,
        "version": innovation.version,
        "base_version": innovation.base_version,
        "created_at": _iso(innovation.created_at),
        "updated_at": _iso(innovation.updated_at),
    }


def spd_profile_to_dict(profile: SpdProfile) -> dict[str, Any]:
    """The pemda's SPD profile as a JSON-safe dict (carries ``rule_year``)."""
    return {
        "pemda_id": profile.pemda_id,
        "rule_year": profile.rule_year,
        "answers": {
            key: {
                "row": a.row,
                "level": a.level,
                "raw_value": None if a.raw_value is None else str(a.raw_value),
                # Only when given: answers without raw values keep the content older
                # releases wrote (same hash, no change to send).
                **({"inputs": {str(k): str(v) for k, v in a.inputs.items()}} if a.inputs else {}),
            }
            for key, a in profile.answers.items()
        },
        "documents": [document_to_dict(d) for d in profile.documents],
        "version": profile.version,
        "base_version": profile.base_version,
    }


def innovation_content(innovation: Innovation) -> dict[str, Any]:
    """The officer's part of ``innovation`` as record content (see the module docstring)."""
    data = innovation_to_dict(innovation)
    for key in (*INNOVATION_SERVER_OWNED, *INNOVATION_MACHINERY):
        data.pop(key, None)
    for answer in data["answers"].values():
        for key in ANSWER_SERVER_OWNED:
            answer.pop(key, None)
    return data


def spd_content(profile: SpdProfile) -> dict[str, Any]:
    """The SPD profile as record content (carries ``rule_year``; no device counters)."""
    data = spd_profile_to_dict(profile)
    for key in SPD_MACHINERY:
        data.pop(key, None)
    return data


def server_owned_paths(content: Mapping[str, Any]) -> list[Loc]:
    """Where innovation ``content`` carries fields only the server's workflow may set
    (``("workflow_state",)``, ``("answers", "16", "verdict")``...), in document order."""
    found: list[Loc] = [(key,) for key in content if key in INNOVATION_SERVER_OWNED]
    answers = content.get("answers")
    if isinstance(answers, Mapping):
        for indicator, answer in answers.items():
            if isinstance(answer, Mapping):
                found += [
                    ("answers", str(indicator), key) for key in answer if key in ANSWER_SERVER_OWNED
                ]
    return found


# --- reading ------------------------------------------------------------------------------------


class _Read:
    """Typed reads from a dict at a path; every problem is a ``CodecError``.

    With ``allowed`` (strict reading) a key outside that set is an error too. A reader's place
    (``where``, ``loc``) is worked out only when a problem is reported: a first pull reads tens
    of thousands of answers and documents, nearly all of them fine.
    """

    __slots__ = ("data", "_where", "_loc", "_parent", "_key", "_index")

    def __init__(
        self,
        data: object,
        where: str,
        loc: Loc = (),
        allowed: frozenset[str] | None = None,
    ) -> None:
        self._where: str | None = where
        self._loc: Loc | None = loc
        self._parent: _Read | None = None
        self._key, self._index = "", -1
        self.data = self._checked(data, allowed)

    @classmethod
    def _below(
        cls, parent: _Read, key: str, index: int, data: object, allowed: frozenset[str] | None
    ) -> _Read:
        """The reader of ``data`` found under ``parent``'s ``key`` (item ``index`` of that list
        when ``index`` >= 0), its place worked out from the parent's when needed."""
        reader = cls.__new__(cls)
        reader._where = reader._loc = None
        reader._parent, reader._key, reader._index = parent, key, index
        reader.data = reader._checked(data, allowed)
        return reader

    def _checked(self, data: object, allowed: frozenset[str] | None) -> Mapping[str, Any]:
        if type(data) is not dict and not isinstance(data, Mapping):
            raise CodecError(self.where, f"must be an object, not {type(data).__name__}", self.loc)
        if allowed is not None:
            for key in data:
                if key not in allowed:
                    raise self.fail(str(key), "is not a field of this record")
        return data

    @property
    def where(self) -> str:
        return self._place()[0]

    @property
    def loc(self) -> Loc:
        return self._place()[1]

    def _place(self) -> tuple[str, Loc]:
        """``where`` and ``loc``, worked out from the parent's on first use."""
        if self._where is None or self._loc is None:
            assert self._parent is not None
            where, loc = self._parent.at(self._key), self._parent.loc_of(self._key)
            if self._index >= 0:
                where, loc = f"{where}[{self._index}]", (*loc, self._index)
            self._where, self._loc = where, loc
        return self._where, self._loc

    def at(self, key: str) -> str:
        return f"{self.where}.{key}"

    def loc_of(self, key: str) -> Loc:
        return (*self.loc, key)

    def fail(self, key: str, problem: str) -> CodecError:
        return CodecError(self.at(key), problem, self.loc_of(key))

    def child(self, key: str, value: object, allowed: frozenset[str] | None = None) -> _Read:
        """A reader for the object ``value`` found under ``key``."""
        return _Read._below(self, key, -1, value, allowed)

    def element(
        self, key: str, index: int, value: object, allowed: frozenset[str] | None = None
    ) -> _Read:
        """A reader for item ``index`` of the list under ``key``."""
        return _Read._below(self, key, index, value, allowed)

    def required(self, key: str) -> object:
        if self.data.get(key) is None:
            raise self.fail(key, "missing")
        return self.data[key]

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.fail(key, f"must be text, not {value!r}")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self.data.get(key)
        return None if value is None else self.text(key)

    def integer(self, key: str, default: int = 0) -> int:
        value = self.optional_integer(key)
        return default if value is None else value

    def optional_integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number, not {value!r}")
        return value

    def optional_bool(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, not {value!r}")
        return value

    def optional_float(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"must be a number, not {value!r}")
        return float(value)

    def day(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(key, f"must be a date like 2025-01-31, not {value!r}") from None

    def moment(self, key: str) -> datetime | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        try:
            return datetime.fromisoformat(str(value))
        except ValueError:
            raise self.fail(key, f"must be an ISO date and time, not {value!r}") from None

    def decimal(self, key: str) -> Decimal | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(key, f"must be a decimal number as text, not {value!r}")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise self.fail(key, f"{value!r} is not a number") from None
        if not number.is_finite():
            raise self.fail(key, f"{value!r} is not a finite number")
        return number

    def choice(self, key: str, enum: type[_E], default: _E) -> _E:
        value = self.data.get(key)
        if value is None:
            return default
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            raise self.fail(key, f"{value!r} is not one of {allowed}") from None

    def texts(self, key: str) -> list[str]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"must be a list of texts, not {value!r}")
        return list(value)

    def mapping(self, key: str) -> Mapping[str, object]:
        value = self.data.get(key)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise self.fail(key, f"must be an object, not {type(value).__name__}")
        return value

    def items(self, key: str) -> list[object]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list, not {type(value).__name__}")
        return value


_Made = TypeVar("_Made", EvidenceDocument, IndicatorAnswer)


def _made(cls: type[_Made], **values: Any) -> _Made:
    """``cls(**values)`` for a frozen record the codec read every field of, without the
    generated ``__init__``: a frozen dataclass sets each field through ``object.__setattr__``
    (~3 µs an answer, ~5 µs a document: most of decoding a pulled innovation with its 20
    answers). The same object (equal, hashable, frozen); the records it is used for have no
    ``__post_init__``, and every field must be given (tests/iid/test_codec.py pins both)."""
    made = object.__new__(cls)
    made.__dict__.update(values)
    return made


def _extra_from(value: Any, where: str, loc: Loc) -> Any:
    if isinstance(value, Mapping):
        if set(value) == {_DATE_TAG}:
            return _Read(value, where, loc).day(_DATE_TAG)
        if set(value) == {_DATETIME_TAG}:
            return _Read(value, where, loc).moment(_DATETIME_TAG)
        if set(value) == {_DECIMAL_TAG}:
            return _Read(value, where, loc).decimal(_DECIMAL_TAG)
        return {str(k): _extra_from(v, f"{where}.{k}", (*loc, str(k))) for k, v in value.items()}
    if isinstance(value, list):
        return [_extra_from(v, f"{where}[{i}]", (*loc, i)) for i, v in enumerate(value)]
    return value


def _strict(keys: frozenset[str], strict: bool) -> frozenset[str] | None:
    return keys if strict else None


def _profile(r: _Read) -> InnovationProfile:
    values: dict[str, Any] = {name: r.text(name) for name in _PROFILE_TEXT}
    values.update({name: r.day(name) for name in _PROFILE_DATES})
    extra = r.mapping("extra")
    where, loc = r.at("extra"), r.loc_of("extra")
    return InnovationProfile(
        **values,
        urusan_lain=r.texts("urusan_lain"),
        extra={str(k): _extra_from(v, f"{where}.{k}", (*loc, str(k))) for k, v in extra.items()},
    )


def profile_from_dict(
    data: object, where: str = "profile", *, strict: bool = False
) -> InnovationProfile:
    """Profile fields from their dict form (``strict``: refuse keys that are not fields)."""
    return _profile(_Read(data, where, (), _strict(_PROFILE_KEYS, strict)))


def _ident(r: _Read, key: str) -> str:
    value = r.required(key)
    if not isinstance(value, str) or not value:
        raise r.fail(key, f"must be non-empty text, not {value!r}")
    return value


def _document(r: _Read) -> EvidenceDocument:
    return _made(
        EvidenceDocument,
        id=_ident(r, "id"),
        slot=_ident(r, "slot"),
        nomor=r.text("nomor"),
        tanggal=r.day("tanggal"),
        tentang=r.text("tentang"),
        sha256=r.optional_text("sha256"),
        link=r.optional_text("link"),
        file_name=r.optional_text("file_name"),
        media_type=r.optional_text("media_type"),
        size_bytes=r.optional_integer("size_bytes"),
        duration_seconds=r.optional_float("duration_seconds"),
        page_count=r.optional_integer("page_count"),
        position=r.integer("position"),
        jenis=r.text("jenis"),
        tahun=r.optional_integer("tahun"),
        names_innovation=r.optional_bool("names_innovation"),
        name_page=r.optional_integer("name_page"),
        readability=r.text("readability"),
        prefilled=tuple(r.texts("prefilled")),
    )


def document_from_dict(
    data: object, where: str = "document", *, strict: bool = False
) -> EvidenceDocument:
    """One evidence document from its dict form (``strict``: refuse unknown keys)."""
    return _document(_Read(data, where, (), _strict(_DOCUMENT_KEYS, strict)))


def _documents(r: _Read, strict: bool) -> list[EvidenceDocument]:
    allowed = _strict(_DOCUMENT_KEYS, strict)
    return [
        _document(r.element("documents", i, d, allowed)) for i, d in enumerate(r.items("documents"))
    ]


def _answers(r: _Read, allowed: frozenset[str] | None) -> dict[str, IndicatorAnswer]:
    answers = r.child("answers", r.mapping("answers"))
    read: dict[str, IndicatorAnswer] = {}
    for k, v in answers.data.items():
        key = str(k)
        read[key] = _plain_answer(key, v) or _answer(key, answers.child(key, v, allowed))
    return read


_PLAIN_ANSWER = frozenset({"indicator", "claimed_level"})
"""The keys of most answers in content (a claimed level, nothing else); fields in every form."""
assert _PLAIN_ANSWER <= ANSWER_CONTENT_KEYS
_ANSWER_DEFAULTS = {
    f.name: f.default for f in fields(IndicatorAnswer) if f.name not in _PLAIN_ANSWER
}


_ABSENT = object()


def _plain_answer(key: str, value: object) -> IndicatorAnswer | None:
    """The answer ``value`` when it is plain (only :data:`_PLAIN_ANSWER` keys, each of its
    type), read without a reader: ~20 of them per pulled innovation. None for anything else,
    which :func:`_answer` reads (and reports, if wrong) as always."""
    if type(value) is not dict:
        return None
    indicator = value.get("indicator", _ABSENT)
    level = value.get("claimed_level", _ABSENT)
    if len(value) != (indicator is not _ABSENT) + (level is not _ABSENT):
        return None  # another key: the full reader
    if indicator is _ABSENT or indicator is None:
        indicator = ""
    elif type(indicator) is not str:
        return None
    if level is _ABSENT:
        level = None
    elif level is not None and type(level) is not int:
        return None
    made = object.__new__(IndicatorAnswer)
    fields_of = made.__dict__
    fields_of.update(_ANSWER_DEFAULTS)
    fields_of["indicator"] = indicator or key
    fields_of["claimed_level"] = level
    return made


def _answer(key: str, r: _Read) -> IndicatorAnswer:
    return _made(
        IndicatorAnswer,
        indicator=r.text("indicator", key) or key,
        claimed_level=r.optional_integer("claimed_level"),
        verified_level=r.optional_integer("verified_level"),
        verdict=r.choice("verdict", Verdict, Verdict.PENDING),
        verifier_note=r.text("verifier_note"),
        quantity=r.decimal("quantity"),
        quantity_base=r.decimal("quantity_base"),
        basis=r.text("basis"),
        checklist=tuple(r.texts("checklist")),
    )


def _spd_answer(key: str, r: _Read) -> SpdAnswer:
    return SpdAnswer(
        row=r.text("row", key) or key,
        level=r.optional_integer("level"),
        raw_value=r.decimal("raw_value"),
        inputs=_decimals(r, "inputs"),
    )


def _decimals(r: _Read, key: str) -> dict[str, Decimal]:
    """A JSON object of decimal strings (an SPD answer's inputs)."""
    nested = _Read(dict(r.mapping(key)), r.at(key))
    return {str(name): value for name in nested.data
            if (value := nested.decimal(str(name))) is not None}  # fmt: skip


def _rule_year(r: _Read) -> int:
    year = r.required("rule_year")
    if isinstance(year, bool) or not isinstance(year, int):
        raise r.fail("rule_year", f"must be a year (whole number), not {year!r}")
    return year


def _innovation(r: _Read, strict: bool, answer_keys: frozenset[str]) -> Innovation:
    return Innovation(
        id=_ident(r, "id"),
        rule_year=_rule_year(r),
        opd_id=r.text("opd_id"),
        profile=_profile(r.child("profile", r.mapping("profile"), _strict(_PROFILE_KEYS, strict))),
        answers=_answers(r, _strict(answer_keys, strict)),
        documents=_documents(r, strict),
        workflow_state=r.choice("workflow_state", WorkflowState, WorkflowState.DRAFT),
        sync_state=r.choice("sync_state", SyncState, SyncState.LOCAL),
        qc_status=r.choice("qc_status", QcStatus, QcStatus.PENDING),
        version=r.integer("version"),
        base_version=r.integer("base_version"),
        created_at=r.moment("created_at"),
        updated_at=r.moment("updated_at"),
    )


def innovation_from_dict(data: Mapping[str, Any], *, strict: bool = False) -> Innovation:
    """An innovation from ``innovation_to_dict``'s form (or content without machinery).

    Unknown keys are ignored (``strict``: refused); a wrong value raises ``CodecError`` naming
    its key.
    """
    r = _Read(data, "innovation", (), _strict(_INNOVATION_KEYS, strict))
    return _innovation(r, strict, _ANSWER_KEYS)


def innovation_from_content(data: Mapping[str, Any], *, strict: bool = False) -> Innovation:
    """An innovation from record content (:func:`innovation_content`'s form): the server-owned
    fields take their defaults. ``strict`` refuses every key that is not part of content,
    server-owned ones included (:func:`server_owned_paths` finds those first, to say so)."""
    r = _Read(data, "innovation", (), _strict(INNOVATION_CONTENT_KEYS, strict))
    return _innovation(r, strict, ANSWER_CONTENT_KEYS)


def spd_profile_from_dict(data: Mapping[str, Any], *, strict: bool = False) -> SpdProfile:
    """An SPD profile from ``spd_profile_to_dict``'s form (as tolerant as innovations;
    ``strict`` refuses keys that are not content, device counters included)."""
    r = _Read(data, "spd_profile", (), _strict(SPD_CONTENT_KEYS, strict))
    answers = r.child("answers", r.mapping("answers"))
    allowed = _strict(_SPD_ANSWER_KEYS, strict)
    return SpdProfile(
        pemda_id=r.text("pemda_id"),
        rule_year=_rule_year(r),
        answers={
            str(k): _spd_answer(str(k), answers.child(str(k), v, allowed))
            for k, v in answers.data.items()
        },
        documents=_documents(r, strict),
        version=r.integer("version"),
        base_version=r.integer("base_version"),
    )


# --- the workflow: reviews (server-owned) and moves (requests) ------------------------------------

_REVIEW_KEYS = frozenset(
    {
        "innovation_id",
        "workflow_state",
        "indicators",
        "qc_status",
        "note",
        "review_started",
        "history",
    }
)
_INDICATOR_REVIEW_KEYS = frozenset(
    {"verdict", "verified_level", "note", "fingerprint", "by", "at", "reset"}
)
_TRANSITION_KEYS = frozenset(
    {"action", "from_state", "to_state", "by", "role", "at", "note", "by_name"}
)
_MOVE_KEYS = frozenset(
    {"innovation_id", "action", "note", "verdicts", "qc_status", "qc_note", "requested_at"}
)
_VERDICT_INPUT_KEYS = frozenset({"verdict", "verified_level", "note", "fingerprint"})


def review_to_dict(review: Review) -> dict[str, Any]:
    """The server-owned part of an innovation as the content of its ``review`` record."""
    return {
        "innovation_id": review.innovation_id,
        "workflow_state": review.state.value,
        "indicators": {
            key: {
                "verdict": v.verdict.value,
                "verified_level": v.verified_level,
                "note": v.note,
                "fingerprint": v.fingerprint,
                "by": v.by,
                "at": _iso(v.at),
                "reset": v.reset,
            }
            for key, v in review.indicators.items()
        },
        "qc_status": review.qc_status.value,
        "note": review.note,
        "review_started": review.review_started,
        "history": [
            {
                "action": t.action.value,
                "from_state": t.from_state.value,
                "to_state": t.to_state.value,
                "by": t.by,
                "role": t.role.value,
                "at": _iso(t.at),
                "note": t.note,
                "by_name": t.by_name,
            }
            for t in review.history
        ],
    }


def review_from_dict(data: Mapping[str, Any]) -> Review:
    """A review from :func:`review_to_dict`'s form. Tolerant (a device reads what a newer server
    wrote), and reads the verdict records of the first releases too (their ``indicators`` had
    ``verdict``, ``verified_level`` and ``note``)."""
    r = _Read(data, "review")
    indicators = r.child("indicators", r.mapping("indicators"))

    def indicator(key: str, v: object) -> IndicatorReview:
        i = indicators.child(key, v)
        return IndicatorReview(
            verdict=i.choice("verdict", Verdict, Verdict.PENDING),
            verified_level=i.optional_integer("verified_level"),
            note=i.text("note"),
            fingerprint=i.text("fingerprint"),
            by=i.text("by"),
            at=i.moment("at"),
            reset=bool(i.optional_bool("reset")),
        )

    def transition(index: int, v: object) -> Transition:
        t = r.element("history", index, v)
        return Transition(
            action=t.choice("action", Action, Action.NILAI),
            from_state=t.choice("from_state", WorkflowState, WorkflowState.DRAFT),
            to_state=t.choice("to_state", WorkflowState, WorkflowState.DRAFT),
            by=t.text("by"),
            role=t.choice("role", Role, Role.OPERATOR),
            at=t.moment("at") or datetime.min,
            note=t.text("note"),
            by_name=t.text("by_name"),
        )

    return Review(
        innovation_id=_ident(r, "innovation_id"),
        state=r.choice("workflow_state", WorkflowState, WorkflowState.DRAFT),
        indicators={str(k): indicator(str(k), v) for k, v in indicators.data.items()},
        qc_status=r.choice("qc_status", QcStatus, QcStatus.PENDING),
        note=r.text("note"),
        review_started=bool(r.optional_bool("review_started")),
        history=tuple(transition(i, v) for i, v in enumerate(r.items("history"))),
    )


def move_to_dict(move: Move) -> dict[str, Any]:
    """A workflow move as the content of a ``workflow_request`` record."""
    return {
        "innovation_id": move.innovation_id,
        "action": move.action.value,
        "note": move.note,
        "verdicts": {
            key: {
                "verdict": v.verdict.value,
                "verified_level": v.verified_level,
                "note": v.note,
                "fingerprint": v.fingerprint,
            }
            for key, v in move.verdicts.items()
        },
        "qc_status": None if move.qc_status is None else move.qc_status.value,
        "qc_note": move.qc_note,
        "requested_at": _iso(move.requested_at),
    }


def move_from_dict(data: Mapping[str, Any], *, strict: bool = False) -> Move:
    """A workflow move from :func:`move_to_dict`'s form (``strict``: refuse unknown keys; a
    verdict must name the evidence fingerprint it was given on)."""
    r = _Read(data, "move", (), _strict(_MOVE_KEYS, strict))
    verdicts = r.child("verdicts", r.mapping("verdicts"))
    allowed = _strict(_VERDICT_INPUT_KEYS, strict)

    def verdict(key: str, v: object) -> VerdictInput:
        i = verdicts.child(key, v, allowed)
        return VerdictInput(
            verdict=i.choice("verdict", Verdict, Verdict.PENDING),
            verified_level=i.optional_integer("verified_level"),
            note=i.text("note"),
            fingerprint=_ident(i, "fingerprint") if strict else i.text("fingerprint"),
        )

    qc = r.data.get("qc_status")
    return Move(
        innovation_id=_ident(r, "innovation_id"),
        action=_required_choice(r, "action", Action),
        note=r.text("note"),
        verdicts={str(k): verdict(str(k), v) for k, v in verdicts.data.items()},
        qc_status=None if qc is None else r.choice("qc_status", QcStatus, QcStatus.PENDING),
        qc_note=r.optional_text("qc_note"),
        requested_at=r.moment("requested_at"),
    )


def _required_choice(r: _Read, key: str, enum: type[_E]) -> _E:
    r.required(key)
    return r.choice(key, enum, next(iter(enum)))
