"""The list's computed columns follow the record's rule set: completeness and claimed
kematangan are recomputed on every write, so the list can sort and page on them in SQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from iid import scoring
from iid.records import EvidenceDocument, InnovationProfile
from iid.rules import load_rules, rule_file
from sync.local.repository import InnovationFilter, Repository


def summary(repo: Repository, innovation_id: str):  # type: ignore[no-untyped-def]
    (row,) = [s for s in repo.list_innovations(InnovationFilter()) if s.id == innovation_id]
    return row


def test_kematangan_is_the_claimed_score_of_the_rule_set(repo: Repository) -> None:
    rules = load_rules(2026)
    inn = repo.create_innovation(2026, nama="Skor")
    assert summary(repo, inn.id).kematangan == Decimal("0.00")
    keys = list(rules.indicators)
    levels = {keys[0]: 3, keys[1]: 2, keys[5]: 1}
    for key, level in levels.items():
        repo.set_claimed_level(inn.id, key, level)
    expected = scoring.kematangan(rules, levels).quantize(Decimal("0.01"))
    assert expected > 0
    assert summary(repo, inn.id).kematangan == expected
    repo.set_claimed_level(inn.id, keys[0], None)
    levels.pop(keys[0])
    assert summary(repo, inn.id).kematangan == scoring.kematangan(rules, levels).quantize(
        Decimal("0.01")
    )


def test_completeness_counts_required_profile_fields_and_answered_indicators(
    repo: Repository,
) -> None:
    rules = load_rules(2026)
    required = [f for f in rules.profile_fields if f.required]
    total = len(required) + len(rules.indicators)
    inn = repo.create_innovation(2026)
    assert summary(repo, inn.id).completeness == 0
    for key in rules.indicators:
        repo.set_claimed_level(inn.id, key, 1)
    assert summary(repo, inn.id).completeness == round(100 * len(rules.indicators) / total)
    profile = InnovationProfile()
    for spec in required:
        if spec.kind == "file":
            doc = EvidenceDocument(id=f"f-{spec.name}", slot=spec.name, link="https://x.go.id")
            repo.add_document(inn.id, doc)
            continue
        value = {
            "date": date(2025, 1, 2),
            "multi_enum": list(spec.choices[:1]) or ["isi"],
            "bool": True,
        }.get(spec.kind, spec.choices[0] if spec.choices else "isi")
        if spec.is_attribute:
            setattr(profile, spec.name, value)
        else:
            profile.extra[spec.name] = value
    repo.update_profile(inn.id, profile)
    assert summary(repo, inn.id).completeness == 100


def test_sorting_by_kematangan_and_completeness_uses_the_scores(repo: Repository) -> None:
    keys = list(load_rules(2026).indicators)
    low = repo.create_innovation(2026, nama="Rendah")
    high = repo.create_innovation(2026, nama="Tinggi")
    repo.set_claimed_level(low.id, keys[0], 1)
    for key in keys[:5]:
        repo.set_claimed_level(high.id, key, 3)
    assert [s.nama for s in repo.list_innovations(sort_key="kematangan", descending=True)] == [
        "Tinggi",
        "Rendah",
    ]
    assert [s.nama for s in repo.list_innovations(sort_key="completeness")] == [
        "Rendah",
        "Tinggi",
    ]


def test_a_year_without_a_rule_set_has_no_scores(repo: Repository) -> None:
    inn = repo.create_innovation(1999, nama="Tanpa aturan")
    row = summary(repo, inn.id)
    assert row.completeness is None and row.kematangan is None


def test_refresh_scores_applies_a_rule_file_added_later(
    repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inn = repo.create_innovation(2031, nama="Tahun depan")
    key = next(iter(load_rules(2026).indicators))
    repo.set_claimed_level(inn.id, key, 3)
    assert summary(repo, inn.id).kematangan is None
    outbox_before = repo.outbox.pending_items()[0].change_seq
    rule_dir = tmp_path / "rules"
    rule_dir.mkdir()
    text = rule_file(2026).read_text(encoding="utf-8")
    (rule_dir / "2031.toml").write_text(text.replace("year = 2026", "year = 2031", 1), "utf-8")
    monkeypatch.setenv("INOVASI_RULES_DIR", str(rule_dir))
    assert repo.refresh_scores(2031) == 1
    expected = scoring.kematangan(load_rules(2031), {key: 3}).quantize(Decimal("0.01"))
    assert summary(repo, inn.id).kematangan == expected
    assert repo.outbox.pending_items()[0].change_seq == outbox_before
