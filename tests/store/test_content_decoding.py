"""Decoding content shares nothing mutable with it: ``innovation_from_content`` and
``spd_from_content`` take no defensive copy (a first pull decodes thousands of records), so the
codec must build every list and dict of the record anew."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

from iid.records import (
    EvidenceDocument,
    IndicatorAnswer,
    Innovation,
    InnovationProfile,
    SpdAnswer,
    SpdProfile,
)
from sync.local.content import (
    innovation_content,
    innovation_from_content,
    spd_content,
    spd_from_content,
)


def scramble(value: Any) -> None:
    """Change every container inside ``value`` in place (after emptying its children)."""
    if isinstance(value, dict):
        for child in value.values():
            scramble(child)
        for key in list(value):
            value[key] = "changed"
        value["added"] = ["x"]
    elif isinstance(value, list):
        for child in value:
            scramble(child)
        value[:] = ["changed"]


def rich_innovation() -> Innovation:
    return Innovation(
        id="i-1",
        rule_year=2026,
        opd_id="o1",
        profile=InnovationProfile(
            nama="Layanan cepat",
            urusan_lain=["kesehatan", "sosial"],
            waktu_penerapan=date(2025, 3, 1),
            extra={
                "anggaran": {"nilai": Decimal("1500000.50"), "sumber": ["APBD", "DAK"]},
                "mitra": [{"nama": "Puskesmas", "sejak": date(2024, 1, 2)}],
            },
        ),
        answers={
            "16": IndicatorAnswer(
                indicator="16", claimed_level=2, quantity=Decimal("12"), checklist=("a", "b")
            )
        },
        documents=[
            EvidenceDocument(
                id="d1", slot="16", tentang="SK", sha256="e" * 64, prefilled=("nomor",)
            )
        ],
    )


def test_an_innovation_decoded_from_content_does_not_change_with_it() -> None:
    content = innovation_content(rich_innovation())
    pristine = copy.deepcopy(content)
    decoded = innovation_from_content(content)
    assert decoded == innovation_from_content(pristine)
    scramble(content)
    assert decoded == innovation_from_content(pristine)
    # and the other way round: changing the record leaves content alone
    content = copy.deepcopy(pristine)
    decoded = innovation_from_content(content)
    decoded.profile.urusan_lain.append("pendidikan")
    decoded.profile.extra["anggaran"]["sumber"].append("BOS")
    decoded.profile.extra["mitra"][0]["nama"] = "RSUD"
    assert content == pristine


def test_an_spd_profile_decoded_from_content_does_not_change_with_it() -> None:
    profile = SpdProfile(
        pemda_id="p1",
        rule_year=2026,
        answers={"3": SpdAnswer(row="3", level=1, inputs={"awal": Decimal("10")})},
        documents=[EvidenceDocument(id="s1", slot="3", tentang="Perda", prefilled=("tanggal",))],
    )
    content = spd_content(profile)
    pristine = copy.deepcopy(content)
    decoded = spd_from_content(content)
    scramble(content)
    assert decoded == spd_from_content(pristine)
    decoded.answers["3"].inputs["akhir"] = Decimal("12")
    assert spd_from_content(pristine).answers["3"].inputs == {"awal": Decimal("10")}
