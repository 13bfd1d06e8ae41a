"""Fixtures of the reading tests: one small labelled corpus per session (text PDFs and scans)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.evidence_corpus import Label, build_corpus


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Label]]:
    """12 text PDFs (one of each kind) and 12 scans (PDF, JPG, PNG; 150-300 dpi, skewed,
    stamped), generated with a fixed seed."""
    directory = tmp_path_factory.mktemp("corpus")
    return directory, build_corpus(directory, count=24, seed=5)
