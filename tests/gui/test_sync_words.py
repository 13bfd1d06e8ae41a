"""Every code the engine reports is worded in both languages, never mixing them in one line: the
server's own words in the officer's language only; and never a raw HTTP status."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.i18n import Translations
from desktop.sync_words import problem_text
from sync.local.problems import CODES, Problem

pytestmark = pytest.mark.gui


def test_every_problem_code_has_words_in_both_languages(qapp: Any) -> None:
    def words(language: str) -> dict[str, str]:
        t = Translations()
        t.install(language)
        try:
            return {
                code: problem_text(
                    Problem(code, {"count": 2, "status": 503}, "kata server", "server words"),
                    language,
                )
                for code in sorted(CODES)
            }
        finally:
            t.uninstall()

    indonesian, english = words("id"), words("en")
    for code in CODES:
        assert indonesian[code] and english[code], code
        assert indonesian[code] != english[code], f"{code} has no Indonesian words"
        assert "server words" not in indonesian[code], code  # one language per line
        assert "kata server" not in english[code], code
        assert "503" not in indonesian[code] + english[code], code  # never a raw status
    assert indonesian["run.attention"] == "2 butir perlu perhatian Anda."
    assert indonesian["server.refused"] == "Ditolak server: kata server"
    assert english["server.refused"] == "Refused by the server: server words"


def test_a_day_that_is_not_today_names_its_month_in_the_interface_language(
    translations: Translations,
) -> None:
    from datetime import UTC, datetime

    from desktop.sync_words import format_time

    moment, now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC), datetime(2026, 12, 6, tzinfo=UTC)
    assert "Des" in format_time(moment, now) and "Dec" not in format_time(moment, now)
    translations.install("en")
    assert "Dec" in format_time(moment, now)
    translations.install("id")
