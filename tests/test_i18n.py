"""The catalogues (scoplan.i18n): every word in both languages, filled in the same way."""

from __future__ import annotations

import string

import pytest

from scoplan.i18n import CATALOGUES, LANGUAGES, translate


def fields(template: str) -> set[str]:
    """The names of the values a catalogue entry fills in (``{amount}`` → ``amount``)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_has_a_catalogue():
    """Chinese and English each have one."""
    assert set(CATALOGUES) == set(LANGUAGES) == {"zh", "en"}


@pytest.mark.parametrize(("one", "other"), [("zh", "en"), ("en", "zh")])
def test_no_key_in_one_language_only(one, other):
    """Every key of one catalogue is in the other: no word is missing in either language."""
    missing = sorted(set(CATALOGUES[one]) - set(CATALOGUES[other]))
    assert missing == [], f"in {one} but not in {other}: {missing}"


def test_both_languages_fill_in_the_same_values():
    """A key's Chinese and English entries name the same values, so neither loses one."""
    for key, zh in CATALOGUES["zh"].items():
        assert fields(zh) == fields(CATALOGUES["en"][key]), key


def test_no_entry_is_empty():
    """Every entry says something."""
    for lang, catalogue in CATALOGUES.items():
        for key, text in catalogue.items():
            assert text.strip(), (lang, key)


def test_translate_fills_in_values():
    """``gap.more`` with an amount and a noun, in each language."""
    assert translate("gap.more", "zh", amount=3, noun="个社区") == "尚需新增3个社区"
    assert translate("gap.more", "en", amount=3, noun="communities") == "3 more communities"


def test_translate_prefers_the_plan_terms():
    """A plan's word for a key wins; other keys still come from the catalogue."""
    terms = {"status.met": "达标"}
    assert translate("status.met", "zh", terms) == "达标"
    assert translate("status.not_met", "zh", terms) == "未完成"


def test_translate_falls_back():
    """An unknown language gives Chinese; an unknown key gives the key itself."""
    assert translate("status.met", "fr") == "已完成"
    assert translate("no.such.key", "en") == "no.such.key"
