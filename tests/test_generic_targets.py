"""The generic target kinds: a province's targets in TOML alone (the docs' example, run as
written), their plan errors, and their figures against sums made here by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import hypothesis
import polars as pl
import pytest
from builders import (
    PLAN_HEAD,
    builtin_registry,
    community,
    district,
    milestone_toml,
    organization,
    township,
)
from docblocks import blocks
from hypothesis import given, settings
from hypothesis import strategies as st

import scoplan
from scoplan import Status
from scoplan.i18n import translate
from scoplan.testing import build_dataset, evaluate_target

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2022, 12, 31)
COUNTED = ("registered", "filed")


def _doc_plan(path: Path) -> str:
    (block,) = [b for b in blocks(path) if b.title == "huangshan-province.toml"]
    return block.text


@pytest.fixture(scope="module")
def example() -> scoplan.Dataset:
    return scoplan.load(scoplan.example_path("huangshan"))


@pytest.fixture(scope="module")
def doc_report(example: scoplan.Dataset) -> scoplan.Report:
    plan = scoplan.parse_plan(_doc_plan(ROOT / "docs" / "writing-targets.md"))
    return scoplan.evaluate(example, plan, AS_OF, registry=builtin_registry())


def _active_organizations(data: scoplan.Dataset, on: dt.date) -> pl.DataFrame:
    """Organizations founded by ``on``, not dissolved by it, registered or filed, with the
    kind and district of their community: worked out here from the raw tables."""
    orgs = data.frame("organizations")
    alive = (pl.col("founded") <= on) & (pl.col("dissolved").is_null() | (pl.col("dissolved") > on))
    communities = data.frame("communities").select(
        pl.col("id").alias("community_id"), pl.col("kind").alias("community_kind"), "township_id"
    )
    townships = data.frame("townships").select(pl.col("id").alias("township_id"), "district_id")
    return (
        orgs.filter(alive & pl.col("registration").is_in(COUNTED))
        .join(communities, on="community_id")
        .join(townships, on="township_id")
    )


def _results(report: scoplan.Report, milestone: str) -> dict[str, scoplan.Result]:
    return {r.scope.id: r for r in report.results if r.milestone == milestone}


def test_the_chinese_tutorial_has_the_same_toml_alone_example():
    """Both languages show the same plan file."""
    english = _doc_plan(ROOT / "docs" / "writing-targets.md")
    assert _doc_plan(ROOT / "docs" / "writing-targets.zh.md") == english


def test_the_docs_volunteer_average_is_each_districts_own_mean(doc_report, example):
    """Volunteer organizations ÷ urban communities, per district, counted by hand."""
    orgs = _active_organizations(example, AS_OF).filter(
        (pl.col("category") == "volunteer") & (pl.col("community_kind") == "urban")
    )
    per_district = dict(orgs.group_by("district_id").len().iter_rows())
    urban = (
        example.frame("communities")
        .filter(pl.col("kind") == "urban")
        .join(
            example.frame("townships").select(pl.col("id").alias("township_id"), "district_id"),
            on="township_id",
        )
    )
    communities = dict(urban.group_by("district_id").len().iter_rows())
    results = _results(doc_report, "volunteers-per-urban-community")
    assert set(results) == set(communities)
    for district_id, n in communities.items():
        result = results[district_id]
        expected = per_district.get(district_id, 0) / n
        assert result.value == pytest.approx(expected), district_id
        assert (result.evidence.numerator, result.evidence.denominator) == (
            per_district.get(district_id, 0),
            n,
        )
        assert (result.value >= 1.0) == (result.status == Status.MET)


def test_the_docs_training_coverage_counts_districts_that_trained_in_2022(doc_report, example):
    """Districts whose own training (unit_id the district) fell in 2022, of all districts."""
    districts = example.frame("districts").get_column("id").to_list()
    trained = (
        example.frame("events")
        .filter(
            (pl.col("kind") == "training")
            & (pl.col("date") >= dt.date(2022, 1, 1))
            & (pl.col("date") <= AS_OF)
            & pl.col("unit_id").is_in(districts)
        )
        .get_column("unit_id")
        .n_unique()
    )
    (result,) = _results(doc_report, "district-trainings-2022").values()
    assert result.value == pytest.approx(trained / len(districts))
    assert result.status == (Status.MET if trained == len(districts) else Status.NOT_MET)


def test_the_docs_observation_points_are_those_anywhere_in_each_district(doc_report, example):
    """Observation points open on the day at any level inside a district."""
    units = pl.concat(
        [
            example.frame("districts").select(
                pl.col("id").alias("unit_id"), pl.col("id").alias("d")
            ),
            example.frame("townships").select(
                pl.col("id").alias("unit_id"), pl.col("district_id").alias("d")
            ),
            example.frame("communities").select(
                pl.col("id").alias("unit_id"), pl.col("district_id").alias("d")
            ),
        ]
    )
    points = (
        example.frame("establishments")
        .filter(
            (pl.col("kind") == "observation_point")
            & (pl.col("established") <= AS_OF)
            & (pl.col("ended").is_null() | (pl.col("ended") > AS_OF))
        )
        .join(units, on="unit_id")
    )
    counts = dict(points.group_by("d").len().iter_rows())
    results = _results(doc_report, "observation-points")
    for district_id, result in results.items():
        assert result.value == counts.get(district_id, 0), district_id
        assert (result.status == Status.MET) == (counts.get(district_id, 0) >= 1)


def test_the_docs_small_share_is_an_indicator(doc_report, example):
    """Small organizations ÷ all counted ones; no threshold, so never judged."""
    orgs = _active_organizations(example, AS_OF)
    small = orgs.filter(pl.col("size") == "small").height
    (result,) = _results(doc_report, "small-organizations").values()
    assert result.status == Status.INFO
    assert result.value == pytest.approx(small / orgs.height)
    assert (result.evidence.numerator, result.evidence.denominator) == (small, orgs.height)


@pytest.mark.parametrize(
    ("target", "params", "reason", "zh"),
    [
        (
            "establishment-count",
            {"kind": "服务中心"},
            "kind: '服务中心' is no establishment kind",
            "kind 的“服务中心”不是已知的平台或制度的类型",
        ),
        ("establishment-count", {"kind": "service_centre", "level": "city"}, "", "level"),
        ("event-coverage", {"kind": "training", "threshold": 1.5}, "threshold is a share", "0.7"),
        (
            "event-coverage",
            {"kind": "training", "level": "district", "township_kinds": ["street"], "threshold": 1},
            "township_kinds narrows townships: it needs level = 'township', not 'district'",
            "township_kinds",
        ),
        (
            "community-average",
            {"category": ["志愿"]},
            "category: '志愿' is no category",
            "volunteer（志愿服务类）",
        ),
        ("community-average", {"community_kind": "suburban"}, "", "community_kind"),
        (
            "organization-share",
            {"column": "colour"},
            "column names a column of organizations",
            "colour",
        ),
        ("organization-share", {"column": "size"}, "column 'size' needs a value", "large、small"),
        (
            "organization-share",
            {"column": "charter", "value": "yes"},
            "column 'charter' is yes/no",
            "value",
        ),
        (
            "organization-share",
            {"column": "brand", "value": "x"},
            "value compares a code",
            "window",
        ),
        (
            "organization-share",
            {"column": "size", "value": "small", "window": "year"},
            "window applies to a date column",
            "window",
        ),
    ],
)
def test_bad_params_of_a_generic_kind_are_plan_errors_in_both_languages(target, params, reason, zh):
    """The param's path names the milestone and the param; the reason says what is allowed."""
    plan = scoplan.parse_plan(
        PLAN_HEAD
        + milestone_toml("first", "urban-average", AS_OF, {"threshold": 1})
        + milestone_toml("m", target, AS_OF, params)
    )
    data = build_dataset(districts=[district("D1")])
    with pytest.raises(scoplan.PlanError) as caught:
        scoplan.evaluate(data, plan, AS_OF, registry=builtin_registry())
    (problem,) = caught.value.problems
    assert problem.params["reason"].startswith(reason)
    assert "@ $.milestones[1].params." in problem.params["reason"]
    assert zh in problem.params["reason_zh"]
    assert "@ $.milestones[1].params." in problem.params["reason_zh"]


def test_establishment_count_by_level_window_and_since():
    """A district's own, a township's, anything inside; this year's; not before since."""
    from builders import establishment

    data = build_dataset(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1")],
        establishments=[
            establishment("E1", "D1", kind="service_centre", established=dt.date(2020, 5, 1)),
            establishment("E2", "T1", kind="service_centre", established=dt.date(2022, 3, 1)),
            establishment("E3", "C1", kind="service_centre", established=dt.date(2022, 6, 1)),
            establishment("E4", "D2", kind="service_centre", established=dt.date(2022, 7, 1)),
        ],
    )
    each = {"districts": ["D1", "D2"], "each": True}

    def values(**params):
        found = evaluate_target(
            "establishment-count",
            data,
            as_of=AS_OF,
            params=params,
            scope=each,
            registry=builtin_registry(),
        ).results
        return {r.scope.id: r.value for r in found}

    base = {"kind": "service_centre"}
    assert values(**base) == {"D1": 1.0, "D2": 1.0}  # E1; E4
    assert values(**base, level="township") == {"D1": 1.0, "D2": 0.0}  # E2
    assert values(**base, level="within") == {"D1": 3.0, "D2": 1.0}  # E1 E2 E3; E4
    assert values(**base, level="within", window="year") == {"D1": 2.0, "D2": 1.0}  # E2 E3; E4
    since = {"since": dt.date(2022, 5, 1)}
    assert values(**base, level="within", **since) == {"D1": 1.0, "D2": 1.0}  # E3; E4


def test_organization_share_of_a_date_column_in_the_due_year():
    """Brand organizations named in the due year, of all counted organizations."""
    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1")],
        organizations=[
            organization("O1", "C1", brand=dt.date(2021, 4, 1)),
            organization("O2", "C1", brand=dt.date(2022, 4, 1)),
            organization("O3", "C1", brand=dt.date(2023, 4, 1)),  # after the day
            organization("O4", "C1"),
        ],
    )
    params = {"column": "brand", "window": "year", "threshold": 0.5}
    (result,) = evaluate_target(
        "organization-share", data, as_of=AS_OF, params=params, registry=builtin_registry()
    ).results
    assert (result.value, result.status) == (0.25, Status.NOT_MET)  # O2 alone, of 4
    # 0.5 of 4 is 2: one more brand organization
    assert result.gap.amount == 1
    (result,) = evaluate_target(
        "organization-share",
        data,
        as_of=AS_OF,
        params={"column": "brand"},
        registry=builtin_registry(),
    ).results
    assert result.value == 0.5  # O1 and O2 by the day


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["C1", "C2", "C3", "C4"]), st.sampled_from(["volunteer", "charity"])
        ),
        max_size=12,
    ),
    st.sampled_from([0.5, 1.0, 2.0]),
)
def test_a_scope_of_several_districts_is_their_communities_together(rows, threshold):
    """The mean over two districts is all their organizations over all their communities,
    however each district's own figures are kept and added up."""
    data = build_dataset(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[
            community("C1", "T1"),
            community("C2", "T1"),
            community("C3", "T2"),
            community("C4", "T2", kind="rural"),
        ],
        organizations=[
            organization(f"O{i}", where, category=category)
            for i, (where, category) in enumerate(rows)
        ],
    )
    urban = {"C1", "C2", "C3"}
    counted = sum(1 for where, category in rows if where in urban and category == "volunteer")
    params = {"community_kind": "urban", "category": ["volunteer"], "threshold": threshold}
    (result,) = evaluate_target(
        "community-average",
        data,
        as_of=AS_OF,
        params=params,
        scope={"districts": ["D1", "D2"]},
        registry=builtin_registry(),
    ).results
    assert result.value == pytest.approx(counted / 3)
    per_community = dict.fromkeys(urban, 0)
    for where, category in rows:
        if where in urban and category == "volunteer":
            per_community[where] += 1
    short = sorted(c for c, n in per_community.items() if n < threshold)
    met = counted / 3 >= threshold
    hypothesis.event("met" if met else "not met")
    hypothesis.event(f"{len(short)} communities short")
    assert result.status == (Status.MET if met else Status.NOT_MET)
    if not met:
        assert sorted(u.id for u in result.gap.units) == short


def test_a_count_of_establishments_names_its_gap_in_both_languages():
    """The gap of establishment-count is in establishments, a noun of the catalogue."""
    data = build_dataset(districts=[district("D1")])
    params = {"kind": "service_centre", "threshold": 2}
    report = scoplan.evaluate(
        data,
        scoplan.parse_plan(PLAN_HEAD + milestone_toml("m", "establishment-count", AS_OF, params)),
        AS_OF,
        registry=builtin_registry(),
    )
    (result,) = report.results
    # none open, two required: two more
    assert (result.gap.amount, result.gap.noun) == (2, "establishments")
    english = translate("noun.establishments", "en")
    chinese = translate("noun.establishments", "zh")
    assert "noun." not in english + chinese
    assert english != chinese


def _titled(target: str, params: dict[str, object]) -> scoplan.Result:
    """The city's result of one milestone of ``target`` (no title of its own)."""
    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1")],
    )
    plan = scoplan.parse_plan(PLAN_HEAD + milestone_toml("m", target, AS_OF, params))
    (result,) = scoplan.evaluate(data, plan, AS_OF, registry=builtin_registry()).results
    return result


@pytest.mark.parametrize(
    ("target", "params", "zh", "en"),
    [
        (
            "establishment-coverage",
            {"kind": "service_centre", "level": "township"},
            "全市建有社会组织培育发展服务中心的乡镇（街道）占比（2022年）",
            "Share of townships with cultivation service centres, the whole city (2022)",
        ),
        (
            "establishment-coverage",
            {"kind": "disclosure_system", "level": "community", "community_kind": "rural"},
            "全市建有社区社会组织信息公开制度的农村社区占比（2022年）",
            "Share of rural communities with information disclosure systems, the whole city (2022)",
        ),
        (
            "establishment-count",
            {"kind": "governance_academy", "threshold": 1},
            "全市区县本级社区治理学院数（2022年）",
            "Number of community governance academies of the districts themselves, "
            "the whole city (2022)",
        ),
        (
            "establishment-count",
            {"kind": "observation_point", "level": "within", "threshold": 1},
            "全市社区社会组织培育观察点数（2022年）",
            "Number of cultivation observation points, the whole city (2022)",
        ),
        (
            "event-coverage",
            {"kind": "gongyi_chuangtou", "level": "township", "threshold": 0.5},
            "全市举办公益创投活动的乡镇（街道）占比（2022年）",
            "Share of townships that held social-venture (gongyi chuangtou) programmes, "
            "the whole city (2022)",
        ),
        (
            "community-average",
            {"community_kind": "urban", "category": ["culture_sports", "volunteer"]},
            "全市城市社区平均文体类、志愿服务类社区社会组织数（2022年）",
            "Mean culture and sports or volunteer service organizations per urban "
            "community, the whole city (2022)",
        ),
        (
            "community-average",
            {},
            "全市社区平均社区社会组织数（2022年）",
            "Mean organizations per community, the whole city (2022)",
        ),
        (
            "organization-share",
            {"column": "size", "value": "small"},
            "全市规模较小的社区社会组织占比（2022年）",
            "Share of organizations of small size, the whole city (2022)",
        ),
        (
            "organization-share",
            {"column": "serves", "value": "elderly"},
            "全市服务老年人的社区社会组织占比（2022年）",
            "Share of organizations serving elderly, the whole city (2022)",
        ),
        (
            "organization-share",
            {"column": "charter"},
            "全市制定简易章程的社区社会组织占比（2022年）",
            "Share of organizations with a simple charter, the whole city (2022)",
        ),
        (
            "organization-share",
            {"column": "brand"},
            "全市认定为品牌的社区社会组织占比（2022年）",
            "Share of organizations named a brand, the whole city (2022)",
        ),
        (
            "organization-share",
            {"column": "managed_by", "value": "civil_affairs"},
            "全市由民政部门管理的社区社会组织占比（2022年）",
            "Share of organizations managed by civil affairs, the whole city (2022)",
        ),
    ],
)
def test_a_generic_kinds_title_names_its_codes(target, params, zh, en):
    """A generic kind's milestone with no title of its own is named by what its params
    say — the establishment's, the event's, the category's, the condition's words of the
    catalogue — never "某类平台或制度" or "of a kind" (issue 15); its section is headed so."""
    result = _titled(target, params)
    assert (result.title, result.title_en) == (zh, en)
    assert result.target_title == zh.removeprefix("全市").removesuffix("（2022年）")
    for vague in ("某类", "某项", "of a kind", "with a property"):
        assert vague not in result.title + result.title_en


def test_a_plans_words_still_win_over_a_generic_title():
    """``title`` in the plan, or its ``terms`` for ``target.<id>``, beat the made title."""
    terms = '\n[terms.zh]\n"target.event-coverage" = "培训覆盖"\n'
    data = build_dataset(districts=[district("D1")], townships=[township("T1", "D1")])
    params = {"kind": "training", "level": "district", "threshold": 1.0}
    plan = scoplan.parse_plan(
        PLAN_HEAD + milestone_toml("m", "event-coverage", AS_OF, params) + terms
    )
    (result,) = scoplan.evaluate(data, plan, AS_OF, registry=builtin_registry()).results
    assert result.title == "全市培训覆盖（2022年）"
    assert result.title_en == "Share of districts that held CSO trainings, the whole city (2022)"


def test_every_builtin_kinds_params_are_frozen():
    """A built-in kind made of a generic pattern keeps the generic params it makes of each
    params object (``made_of``): only right while no params object can change."""
    import attrs

    from scoplan.testing.contract import sample_params

    checked = 0
    for kind in builtin_registry().targets.values():
        if not attrs.has(kind.params):
            continue
        params = kind.params(**sample_params(kind))
        name = attrs.fields(kind.params)[0].name
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(params, name, getattr(params, name))
        checked += 1
    assert checked >= 20


def test_params_of_another_class_are_read_afresh_at_every_measure():
    """An object that is not the kind's own params class may change between two measures:
    each measure reads it as it is then (urban-average over A1 with 4 organizations and
    A2 with 1, a mean of 2.5, worked out by hand)."""
    from types import SimpleNamespace

    from scoplan.target import Context, Scope

    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("A1", "T1"), community("A2", "T1")],
        organizations=[organization(f"O{i}", "A1") for i in range(4)] + [organization("O9", "A2")],
    )
    kind = builtin_registry().target("urban-average")
    assert kind is not None
    context = Context(data, Scope("district", "D1", "D1", ("D1",)), AS_OF, AS_OF, None)
    given = SimpleNamespace(threshold=3.0, comparator=">=", registration=COUNTED)
    before = kind.measure(context, given)
    given.threshold = 2.0
    after = kind.measure(context, given)
    assert (before.value, before.required, before.met) == (2.5, 3.0, False)
    assert (after.value, after.required, after.met) == (2.5, 2.0, True)


# -- organization-share: a value as the data reads a code (trial s27) ---------------------


def _coded_organizations(registry: scoplan.Registry | None = None) -> scoplan.Dataset:
    """Five organizations of one community, the codes written as a bureau writes them:

    ====  =====  ==========  ==========  ====================  ============
    id    size   managed_by  category    serves                registration
    ====  =====  ==========  ==========  ====================  ============
    O1    small  community   volunteer   elderly;children      registered
    O2    小     社区        文体类      老年人                filed
    O3    large  community   charity     儿童                  registered
    O4                                                         filed
    O5    small  community   环保类                            none
    ====  =====  ==========  ==========  ====================  ============

    O5 is neither registered nor filed, so counts nowhere by default: four are counted.
    """
    return build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1")],
        organizations=[
            organization(
                "O1",
                "C1",
                registration="registered",
                size="small",
                managed_by="community",
                category="volunteer",
                serves="elderly;children",
            ),
            organization(
                "O2", "C1", size="小", managed_by="社区", category="文体类", serves="老年人"
            ),
            organization(
                "O3",
                "C1",
                registration="registered",
                size="large",
                managed_by="community",
                category="charity",
                serves="儿童",
            ),
            organization("O4", "C1"),
            organization(
                "O5",
                "C1",
                registration="未登记",
                size="small",
                managed_by="community",
                category="环保类",
            ),
        ],
        registry=registry,
    )


def _share_plan(
    params: dict[str, object], registry: scoplan.Registry | None = None
) -> scoplan.Plan:
    """A plan of one ``organization-share`` milestone ``m`` with ``params``, read against
    ``registry`` (default: the built-in kinds)."""
    text = PLAN_HEAD + milestone_toml("m", "organization-share", AS_OF, params)
    return scoplan.parse_plan(text, registry=registry or builtin_registry())


@pytest.mark.parametrize(
    ("column", "values", "code", "share", "zh"),
    [
        # O1 and O2 (小) of the four counted
        (
            "size",
            ["small", "Small", "SMALL", "小", "规模较小", " ｓｍａｌｌ "],
            "small",
            0.5,
            "规模较小",
        ),
        ("size", ["large", "大", "规模较大"], "large", 0.25, "规模较大"),  # O3
        # O1, O2 (社区) and O3
        ("managed_by", ["community", "社区", "村居委会"], "community", 0.75, "由社区管理"),
        ("category", ["volunteer", "志愿服务类", "Volunteer"], "volunteer", 0.25, "志愿服务类"),
        ("category", ["culture_sports", "文体类"], "culture_sports", 0.25, "文体类"),  # O2
        ("serves", ["elderly", "老年人"], "elderly", 0.5, "服务老年人"),  # O1, O2
        ("serves", ["children", "儿童"], "children", 0.5, "服务儿童"),  # O1, O3
        # O1 and O3 of the registered and filed
        ("registration", ["registered", "登记"], "registered", 0.5, "登记状态为“登记”"),
    ],
)
def test_organization_share_reads_its_value_as_the_data_reads_a_code(
    column, values, code, share, zh
):
    """A plan's ``value`` may be the code, the code in any case or full-width, or any of its
    Chinese spellings, as a cell of the column may: each counts the same organizations and
    gives the same title, made of the code (not ``规模较规模较小``), and the evidence names
    the code. Before, ``小`` and ``规模较小`` counted nothing, judged 未完成."""
    data = _coded_organizations()
    for value in values:
        plan = _share_plan({"column": column, "value": value, "threshold": share})
        (result,) = scoplan.evaluate(data, plan, AS_OF, registry=builtin_registry()).results
        assert (result.value, result.status) == (share, Status.MET), value
        assert result.evidence.details["value"] == code, value
        assert result.title == f"全市{zh}的社区社会组织占比（2022年）", value


@pytest.mark.parametrize(
    ("column", "value", "zh", "en"),
    [
        (
            "size",
            "规模小",
            "value 的“规模小”不是“规模”（size）列的取值，是否应为“规模较小”？"
            "（应为 large（大、规模较大、较大、大型）、small（小、规模较小、较小、小型） 之一）",
            "value '规模小' is no code of the column size (规模): did you mean 'small'? "
            "(expected one of large (大, 规模较大, 较大, 大型), small (小, 规模较小, 较小, 小型))",
        ),
        (
            "size",
            "medium",
            "value 的“medium”不是“规模”（size）列的取值，将没有组织被计入"
            "（应为 large（大、规模较大、较大、大型）、small（小、规模较小、较小、小型） 之一）",
            "value 'medium' is no code of the column size (规模): it would count no organization "
            "(expected one of large (大, 规模较大, 较大, 大型), small (小, 规模较小, 较小, 小型))",
        ),
        (
            "managed_by",
            "社区居委会",
            "是否应为“居委会”？（应为 civil_affairs（民政部门、民政局）、"
            "township（乡镇街道、乡镇人民政府、街道办事处、乡镇政府、乡镇(街道)、街道办、街道、"
            "乡镇）、community（社区、村(居)民委员会、村居委会、村(居)委会、村委会、居委会、"
            "村民委员会、居民委员会、村委、居委、村居） 之一）",
            "did you mean 'community'?",
        ),
        ("registration", "登记过", "是否应为“登记”？", "did you mean 'registered'?"),
        # an open list: a code no plugin registers counts nowhere, so it is refused too
        (
            "category",
            "环保类",
            "volunteer（志愿服务类）、other（其他） 之一；"
            "自定的代码须由插件登记（scoplan_register_codes））",
            "a code of your own is one a plugin registers (scoplan_register_codes))",
        ),
        ("serves", "老年", "是否应为“老年人”？", "did you mean 'elderly'?"),
    ],
)
def test_a_value_that_is_no_code_of_its_column_is_a_plan_error(column, value, zh, en):
    """Read against the registry, a value none of the column's codes nor spellings is an
    error naming the milestone, the param and the value, listing the codes each with its
    Chinese spellings and the nearest one, in both languages: no silent share of 0."""
    from scoplan.i18n import describe_problem

    text = PLAN_HEAD + milestone_toml(
        "small-ones", "organization-share", AS_OF, {"column": column, "value": value}
    )
    with pytest.raises(scoplan.PlanError) as caught:
        scoplan.parse_plan(text, registry=builtin_registry())
    (problem,) = caught.value.problems
    assert (problem.params["milestone"], problem.params["field"]) == ("small-ones", "params.value")
    said_zh, said_en = describe_problem(problem, "zh"), describe_problem(problem, "en")
    assert "“small-ones”" in said_zh
    assert zh in said_zh
    assert "'small-ones'" in said_en
    assert en in said_en


class _Environmental:
    """A plugin that registers ``eco`` (环保类) for organizations.category, an open list."""

    @scoplan.hookimpl
    def scoplan_register_codes(self, register):
        title = scoplan.Text("环保类", "Environmental")
        register(scoplan.Code("organizations", "category", "eco", title, ("环保类",)))


def test_a_value_of_an_open_list_may_be_a_code_a_plugin_registers():
    """With a plugin that registers ``eco`` (环保类), ``eco`` and ``环保类`` are the code and
    count the organizations filed under it: O5 of the five, once every status counts."""
    registry = scoplan.load_registry(
        scoplan.get_plugin_manager(entry_points=False, extra=[_Environmental()])
    )
    data = _coded_organizations(registry)
    statuses = ["registered", "filed", "none", "unknown"]
    for value in ("eco", "环保类"):
        params = {"column": "category", "value": value, "registration": statuses}
        plan = _share_plan(params, registry)
        (result,) = scoplan.evaluate(data, plan, AS_OF, registry=registry).results
        assert (result.evidence.numerator, result.evidence.denominator) == (1, 5), value
        assert result.evidence.details["value"] == "eco", value


def test_the_cli_reads_a_chinese_value_and_refuses_one_that_is_no_code(tmp_path):
    """``scoplan evaluate`` on the bundled example: ``规模较小`` is the share of small
    organizations worked out here from the rows; ``规模一般`` exits 2 naming the milestone,
    the value and the codes, and prints no report."""
    import json

    from click.testing import CliRunner

    from scoplan.cli import main

    example = scoplan.load(scoplan.example_path("huangshan"))
    counted = _active_organizations(example, AS_OF)
    small = counted.filter(pl.col("size") == "small").height
    plan = tmp_path / "plan.toml"
    params = {"column": "size", "value": "规模较小", "threshold": 0.5}
    plan.write_text(
        PLAN_HEAD + milestone_toml("small-ones", "organization-share", AS_OF, params),
        encoding="utf-8",
    )
    args = ["evaluate", "--plan", str(plan), "--as-of", AS_OF.isoformat(), "--format", "json"]
    ran = CliRunner().invoke(main, args, catch_exceptions=False)
    (result,) = json.loads(ran.stdout)["results"]
    assert result["value"] == pytest.approx(small / counted.height)
    assert result["evidence"]["numerator"] == small
    assert result["evidence"]["details"]["value"] == "small"
    assert ran.exit_code == (0 if small / counted.height >= 0.5 else 1)

    plan.write_text(plan.read_text(encoding="utf-8").replace("规模较小", "规模一般"), "utf-8")
    ran = CliRunner().invoke(main, args, catch_exceptions=False)
    assert ran.exit_code == 2
    assert ran.stdout == ""
    assert "small-ones" in ran.stderr
    assert "规模一般" in ran.stderr
    assert "small（小、规模较小、较小、小型）" in ran.stderr


def test_the_groups_and_categories_built_in_kinds_list_are_read_as_codes_too():
    """``special-groups``' ``groups`` and ``priority-fields``' ``categories`` list codes of
    the same columns: ``老年人`` and ``Children`` are ``elderly`` and ``children``, counted
    by hand from :func:`_coded_organizations` (O1 and O2 serve the elderly, O1 and O3
    children: three of the four counted serve either); ``志愿服务类`` and ``文体类`` are O1
    and O2, half of the four. A group or a category that is none is a plan error naming
    the param."""
    from scoplan.i18n import describe_problem

    data = _coded_organizations()
    text = PLAN_HEAD
    text += milestone_toml("groups", "special-groups", AS_OF, {"groups": ["老年人", "Children"]})
    categories = {"categories": ["志愿服务类", "文体类"]}
    text += milestone_toml("fields", "priority-fields", AS_OF, categories)
    plan = scoplan.parse_plan(text, registry=builtin_registry())
    report = scoplan.evaluate(data, plan, AS_OF, registry=builtin_registry())
    groups, fields = report.results
    assert groups.evidence.details["by_group"] == {"elderly": 2, "children": 2}
    assert (groups.value, groups.evidence.denominator) == (3.0, 4)
    assert fields.evidence.details["priority"] == ["volunteer", "culture_sports"]
    assert (fields.value, fields.evidence.numerator) == (0.5, 2)

    bad = PLAN_HEAD + milestone_toml("groups", "special-groups", AS_OF, {"groups": ["老年"]})
    bad += milestone_toml("fields", "priority-fields", AS_OF, {"categories": ["volunter"]})
    with pytest.raises(scoplan.PlanError) as caught:
        scoplan.parse_plan(bad, registry=builtin_registry())
    said = [describe_problem(problem, "zh") for problem in caught.value.problems]
    assert [(p.params["milestone"], p.params["field"]) for p in caught.value.problems] == [
        ("groups", "params.groups"),
        ("fields", "params.categories"),
    ]
    assert "groups 的“老年”不是“服务对象”（serves）列的取值，是否应为“老年人”？" in said[0]
    assert (
        "categories 的“volunter”不是“类别”（category）列的取值，是否应为“志愿服务类”？" in said[1]
    )


def test_kinds_and_categories_in_a_plan_may_be_written_as_the_data_writes_them():
    """A plan's establishment kind 培育发展服务中心, event kind 培训 and category 志愿服务类 —
    the data's own spellings — are service_centre, training and volunteer: each result is
    the code's (E1 for D1 only; the training V1 by T1, one of two townships; O1, the one
    volunteer organization of C1, an urban community), never a 0 or an error."""
    from builders import establishment, event, organization

    data = build_dataset(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1")],
        organizations=[
            organization("O1", "C1", category="volunteer"),
            organization("O2", "C1", category="culture_sports"),
        ],
        establishments=[establishment("E1", "D1", kind="service_centre")],
        events=[event("V1", "T1", kind="training", date=dt.date(AS_OF.year, 5, 1))],
    )
    text = PLAN_HEAD
    centre, training = {"kind": "培育发展服务中心"}, {"kind": "培训", "threshold": 0.5}
    volunteer = {"category": ["志愿服务类"]}
    for id, target, written, code in (
        ("centres", "establishment-count", centre, {"kind": "service_centre"}),
        ("trained", "event-coverage", training, {**training, "kind": "training"}),
        ("average", "community-average", volunteer, {"category": ["volunteer"]}),
    ):
        text += milestone_toml(id, target, AS_OF, written)
        text += milestone_toml(f"{id}-code", target, AS_OF, code)
    plan = scoplan.parse_plan(text, registry=builtin_registry())
    report = scoplan.evaluate(data, plan, AS_OF, registry=builtin_registry())
    by_id = {r.milestone: r for r in report.results}
    assert by_id["centres"].value == 1.0  # E1, of the whole area
    assert by_id["trained"].value == 0.5  # T1 of T1 and T2
    assert by_id["average"].value == 1.0  # O1 in C1
    for id in ("centres", "trained", "average"):
        assert by_id[id].status is not scoplan.Status.ERROR
        assert (by_id[id].value, by_id[id].title) == (
            by_id[f"{id}-code"].value,
            by_id[f"{id}-code"].title,
        )


@pytest.mark.parametrize(
    ("kind", "said", "said_zh"),
    [
        (
            "服务中心",
            "(did you mean '培育发展服务中心', service_centre?)",
            "（是否应为“培育发展服务中心”（service_centre）？）",
        ),
        (
            "社区志愿服务站",
            "of your own needs a code: write the code here and give its Chinese name in the "
            "plan's [terms.zh] (the data may then write either), or have a plugin register "
            "it with its Chinese name (scoplan_register_codes)",
            "须有代码：在这里写代码，并在计划的 [terms.zh] 中写明它的中文名称（数据中写名称或代码"
            "均可），或由插件以中文名称注册（scoplan_register_codes）",
        ),
    ],
)
def test_a_kind_written_in_chinese_is_told_what_to_write(kind, said, said_zh):
    """A Chinese kind that is none of the data's spellings: a part of one (服务中心) is told
    the whole, and a province's own (社区志愿服务站, as its data writes it) how to make it
    countable — the message only listed the English codes."""
    params = {"kind": kind, "level": "within"}
    plan = scoplan.parse_plan(PLAN_HEAD + milestone_toml("m", "establishment-count", AS_OF, params))
    data = build_dataset(districts=[district("D1")])
    with pytest.raises(scoplan.PlanError) as caught:
        scoplan.evaluate(data, plan, AS_OF, registry=builtin_registry())
    (problem,) = caught.value.problems
    assert said in problem.params["reason"]
    assert said_zh in problem.params["reason_zh"]


@pytest.mark.parametrize(
    ("community_kind", "zh", "en"),
    [
        ("urban", "计算：3个组织÷2个城市社区", "3 organizations ÷ 2 urban communities"),
        ("rural", "计算：1个组织÷1个农村社区", "1 organization ÷ 1 rural community"),
        (None, "计算：4个组织÷3个社区", "4 organizations ÷ 3 communities"),
    ],
)
def test_a_community_average_says_what_it_divides(community_kind, zh, en):
    """``community-average``'s calculation names both sides (``3个组织÷2个城市社区``), as
    ``urban-average``'s does; a trial's plan read a bare ``6322÷862``."""
    from scoplan.renderers.text import render_text

    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1"), community("C2", "T1"), community("R1", "T1", "rural")],
        organizations=[
            organization("O1", "C1"),
            organization("O2", "C1"),
            organization("O3", "C2"),
            organization("O4", "R1"),
        ],
    )
    params = {"threshold": 5} | ({"community_kind": community_kind} if community_kind else {})
    report = evaluate_target(
        "community-average", data, as_of=AS_OF, params=params, registry=builtin_registry()
    )
    assert zh in render_text(report, "zh")
    assert en in render_text(report, "en")


def test_the_codes_of_its_own_a_plan_names_are_known_for_it():
    """A plan's own kinds and categories (``hub_org``, ``salon``, ``elder_care``) are the
    codes a run of it knows (:mod:`scoplan.plan_codes`), beside a built-in code named by its
    Chinese name (培训 is training); a target kind that names no code adds none."""
    from scoplan.plan_codes import plan_codes

    plan = scoplan.parse_plan(
        PLAN_HEAD
        + milestone_toml("a", "establishment-count", AS_OF, {"kind": "hub_org"})
        + milestone_toml("b", "establishment-coverage", AS_OF, {"kind": "培育发展服务中心"})
        + milestone_toml(
            "c", "event-coverage", AS_OF, {"kind": "salon", "level": "district", "threshold": 1}
        )
        + milestone_toml(
            "d", "event-coverage", AS_OF, {"kind": "培训", "level": "district", "threshold": 1}
        )
        + milestone_toml("e", "community-average", AS_OF, {"category": ["elder_care", "文体类"]})
        + milestone_toml("f", "urban-average", AS_OF, {"threshold": 1})
    )
    assert plan_codes(plan, builtin_registry()) == {
        ("establishments", "kind"): frozenset({"hub_org", "service_centre"}),
        ("events", "kind"): frozenset({"salon", "training"}),
        ("organizations", "category"): frozenset({"elder_care", "culture_sports"}),
    }
