"""The catalogues (scoplan.i18n): every word in both languages, filled in the same way."""

from __future__ import annotations

import datetime as dt
import re
import string
import subprocess
import sys
import tomllib
import zipfile
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from judged import judged, must_judge

import scoplan
from scoplan._convert import Mistake, converter
from scoplan.i18n import CATALOGUES, LANGUAGES, translate

ROOT = Path(__file__).resolve().parent.parent


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


def catalogue_file(lang: str) -> dict[str, str]:
    """``scoplan/i18n/<lang>.toml`` as the installed package holds it, read afresh."""
    return tomllib.loads(resources.files("scoplan.i18n").joinpath(f"{lang}.toml").read_text())


def test_the_files_have_the_same_keys_and_placeholders():
    """zh.toml and en.toml: the same keys, and each key's entries name the same values."""
    zh, en = catalogue_file("zh"), catalogue_file("en")
    assert sorted(set(zh) ^ set(en)) == []
    differ = {key: (fields(zh[key]), fields(en[key])) for key in zh}
    assert {key: pair for key, pair in differ.items() if pair[0] != pair[1]} == {}
    assert all(isinstance(text, str) for text in [*zh.values(), *en.values()])


def test_the_catalogues_are_the_files_read_once():
    """CATALOGUES is what the files say, and a second look reads nothing again."""
    for lang in LANGUAGES:
        assert dict(CATALOGUES[lang]) == catalogue_file(lang)
        assert CATALOGUES[lang] is CATALOGUES[lang]


def test_the_conversion_script_is_in_step_with_the_files(tmp_path):
    """scripts/i18n_to_toml.py writes back exactly the files from what they hold."""
    words = {lang: catalogue_file(lang) for lang in LANGUAGES}
    source = tmp_path / "old_i18n.py"
    source.write_text(f"CATALOGUES = {words!r}\n", "utf-8")
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n_to_toml.py"), str(source), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_new_word_of_another_branch_is_added_to_both_files(tmp_path):
    """A key another branch added to the old dict lands in both files, after the rest."""
    folder = tmp_path / "i18n"
    folder.mkdir()
    for lang in LANGUAGES:
        (folder / f"{lang}.toml").write_text('"status.met" = "x"\n', "utf-8")
    source = tmp_path / "i18n.py"
    source.write_text(
        "EXTRA = {'x': 'y'}\n"
        "CATALOGUES = {'zh': {'status.met': 'x', 'new.key': '新的“{n}”\\n'},"
        " 'en': {'new.key': 'new \"{n}\"', 'status.met': 'x'}}\n",
        "utf-8",
    )
    script = str(ROOT / "scripts" / "i18n_to_toml.py")
    subprocess.run([sys.executable, script, str(source), "--folder", str(folder)], check=True)
    zh = tomllib.loads((folder / "zh.toml").read_text("utf-8"))
    en = tomllib.loads((folder / "en.toml").read_text("utf-8"))
    assert zh == {"status.met": "x", "new.key": "新的“{n}”\n"}
    assert list(en) == ["status.met", "new.key"]
    assert en["new.key"] == 'new "{n}"'


def test_the_wheel_ships_the_catalogues(tmp_path):
    """The built wheel holds scoplan/i18n/zh.toml and en.toml, as the source tree has them,
    the worked examples of the built-in kinds (scoplan/targets/examples/*.toml) and the
    Huangshan plan's document: one wheel built serves the three checks."""
    pytest.importorskip("hatchling")
    done = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"),
            *("--no-index", "-w", str(tmp_path), str(ROOT)),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("scoplan-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        for lang in LANGUAGES:
            shipped = archive.read(f"scoplan/i18n/{lang}.toml").decode("utf-8")
            assert tomllib.loads(shipped) == catalogue_file(lang)
        examples = ROOT / "src" / "scoplan" / "targets" / "examples"
        expected = sorted(f"scoplan/targets/examples/{p.name}" for p in examples.glob("*.toml"))
        assert len(expected) >= 21
        shipped = [n for n in archive.namelist() if n.startswith("scoplan/targets/examples/")]
        assert sorted(shipped) == expected
        # the plan document its plan quotes goes with it, byte for byte
        document = "scoplan/plans/huangshan-2021-2023.txt"
        assert archive.read(document) == (ROOT / "src" / document).read_bytes()


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


HALF_WIDTH_BESIDE_CHINESE = re.compile(r"[\u4e00-\u9fff][,;:()]|[,;:()][\u4e00-\u9fff]")
MIXED_BRACKETS = re.compile(r"（[^（）()]*\)|\([^（）()]*）")


def chinese_slips(text: str) -> list[str]:
    """The half-width ``, ; : ( )`` beside a Chinese character in ``text``, and its bracket
    pairs that mix the two widths (``（…)``); none in Chinese as a bureau writes it."""
    return [m.group() for m in HALF_WIDTH_BESIDE_CHINESE.finditer(text)] + [
        m.group() for m in MIXED_BRACKETS.finditer(text)
    ]


def test_chinese_slips_are_found_and_code_is_left_alone():
    """The check the tests below make: ``乡镇(街道)`` and ``比例,不能`` are slips;
    ``（已知：a, b）``, ``Limits(name=N)`` and ``1,200`` are not."""
    assert chinese_slips("乡镇(街道)级") == ["镇(", "道)"]
    assert chinese_slips("之间的比例,不能是") == ["例,"]
    assert chinese_slips("（已知：a, b)") == ["（已知：a, b)"]
    assert chinese_slips("（已知：a, b）Limits(name=N) 1,200 人") == []


def chinese_wording() -> list[tuple[str, str]]:
    """Every Chinese text scoplan itself shows, by where it comes from: each entry of
    zh.toml, and the Chinese title and description of each built-in target kind, report
    format and code, as the registry has them."""
    registry = scoplan.load_registry(scoplan.get_plugin_manager(entry_points=False))
    texts = [(f"zh.toml {key}", text) for key, text in CATALOGUES["zh"].items()]
    for id, kind in registry.targets.items():
        texts += [(f"target {id} title", kind.title.zh)]
        texts += [(f"target {id} description", kind.description.zh)]
    texts += [(f"format {id}", renderer.title.zh) for id, renderer in registry.renderers.items()]
    texts += [(f"code {id}", code.title.zh) for id, code in registry.registered_codes.items()]
    return texts


def test_chinese_entries_have_full_width_punctuation():
    """No comma, semicolon, colon or bracket beside a Chinese character is half-width in
    zh.toml or in a built-in target kind's or report format's Chinese words, and no bracket
    pair mixes the two widths (``（…)``); code keeps its own (``Limits({name}=N)``,
    ``1,200``)."""
    texts = chinese_wording()
    assert len([where for where, _ in texts if where.startswith("target ")]) >= 2 * 27
    slips = [(where, text, found) for where, text in texts if (found := chinese_slips(text))]
    assert not slips


def _params(target: str, **values: object) -> object:
    registry = scoplan.load_registry(scoplan.get_plugin_manager(entry_points=False))
    return registry.targets[target].params(**values)


PLAN_MISTAKES = [
    pytest.param(lambda: _params("township-federation-coverage", threshold=70), id="share"),
    pytest.param(lambda: _params("urban-average", threshold=-1), id="negative"),
    pytest.param(lambda: _params("urban-average", registration=()), id="no-status"),
    pytest.param(lambda: _params("establishment-coverage", kind=""), id="empty-code"),
    pytest.param(lambda: _params("establishment-coverage", kind="service_center"), id="misspelt"),
    pytest.param(lambda: _params("establishment-coverage", kind="服务中心"), id="not-a-code"),
    pytest.param(
        lambda: _params(
            "establishment-coverage", kind="work_plan", level="community", township_kinds=("town",)
        ),
        id="township-kinds",
    ),
    pytest.param(
        lambda: _params(
            "establishment-coverage", kind="work_plan", level="township", community_kind="urban"
        ),
        id="community-kind",
    ),
    pytest.param(lambda: _params("organization-share", column="brand", value="x"), id="date"),
    pytest.param(
        lambda: _params("organization-share", column="category", since=dt.date(2021, 1, 1)),
        id="since",
    ),
    pytest.param(lambda: _params("organization-share", column="charter", value="x"), id="bool"),
    pytest.param(lambda: _params("organization-share", column="category"), id="no-value"),
    pytest.param(lambda: converter.structure("2022年春", dt.date), id="date-text"),
    pytest.param(lambda: converter.structure(3, dt.date), id="date-type"),
]


@pytest.mark.parametrize("make", PLAN_MISTAKES)
def test_plan_errors_built_in_code_have_full_width_punctuation(make):
    """A plan error that a parameter's check words in Python (not in zh.toml) is in
    Chinese with full-width punctuation, and lists codes with 、 (``（已知：a、b）``)."""
    with pytest.raises(Mistake) as raised:
        make()
    zh = raised.value.zh
    assert re.search(r"[\u4e00-\u9fff]", zh), zh
    assert not chinese_slips(zh), zh
    assert not re.search(r"[a-z_]+, [a-z_]+", zh), zh  # codes listed the English way


@must_judge("filled by format_map", "filled by the formatter")
@settings(max_examples=200)
@given(
    template=st.sampled_from(
        [
            *sorted({t for catalogue in CATALOGUES.values() for t in catalogue.values()}),
            *["{}", "{0}", "{a.b}", "{a!r}", "{n:条|条}", "{{literal}}", "{name}", "}"],
        ]
    ),
    given_names=st.sets(st.sampled_from(["name", "count", "a", "n", "what", "where", "year"])),
    value=st.one_of(st.integers(), st.text(max_size=5), st.booleans(), st.floats(width=32)),
)
def test_a_template_is_filled_the_same_whichever_way(template, given_names, value):
    """translate's fast way (``str.format_map`` for bare ``{name}`` fields) gives what the
    catalogue's formatter gives, a value not given left as its placeholder."""
    from scoplan.i18n import _WORDS, _Placeholders, _plain_fields

    values = dict.fromkeys(given_names, value)
    judged("filled by format_map", _plain_fields(template))
    judged("filled by the formatter", not _plain_fields(template))
    if not _plain_fields(template):
        return  # the formatter fills it, as before
    assert template.format_map(_Placeholders(values)) == _WORDS.vformat(template, (), values)


@pytest.mark.parametrize(
    ("key", "values", "said"),
    [
        # a trial read "(20 organizations ÷ 1 communities)" nine times in one English report
        (
            "report.figure",
            {"name": "T1", "value": "20.0", "organizations": 20, "communities": 1},
            "T1: 20.0 (20 organizations ÷ 1 community)",
        ),
        (
            "report.figure",
            {"name": "T1", "value": "0.5", "organizations": 1, "communities": 2},
            "T1: 0.5 (1 organization ÷ 2 communities)",
        ),
        (
            "evidence.community-federation-coverage",
            {"numerator": 1, "denominator": 3},
            "1 urban community with a federation ÷ 3 urban communities",
        ),
        # and "1 more 公益创投 programme": English words in an English report
        ("noun.programmes.one", {}, "social-venture programme"),
    ],
)
def test_english_nouns_agree_with_their_numbers(key, values, said):
    assert translate(key, "en", **values) == said
