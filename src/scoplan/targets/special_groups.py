"""``special-groups``: organizations serving each special group named by the plan (二(一)1).

Without ``threshold``, an indicator: the value is the number of organizations (not
dissolved, registered or filed by default: ``registration``) serving at least one of the
groups; ``details`` counts the organizations serving each group and names the groups no
organization serves. With ``threshold`` (``服务特殊群体的组织占比不低于30%``), the share of
the organizations serving at least one of the groups, judged against it, with the same
details and the organizations serving none listed as short.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

from scoplan import measures
from scoplan.i18n import Text, code_name, translate
from scoplan.params import OptionalShare, Registration, registration_field
from scoplan.schema import SPECIAL_GROUPS
from scoplan.target import Context, Measurement, TargetKind
from scoplan.targets.generic import read_codes, registers

if TYPE_CHECKING:
    from scoplan.dataset import Dataset


def _groups(values: Iterable[str]) -> tuple[str, ...]:
    return read_codes("serves", "groups", values)


@attrs.frozen(kw_only=True)
class Groups(OptionalShare):
    """The special groups to count (the eleven of the clause, by default), among the
    organizations of the statuses of ``registration`` (registered and filed). Each is read
    as the data reads a code of ``serves`` (``老年人`` is ``elderly``); one that is none is a
    plan error. With ``threshold``, the share serving any of them is judged against it
    (``comparator``); without, their number is reported only."""

    groups: tuple[str, ...] = attrs.field(default=tuple(SPECIAL_GROUPS), converter=_groups)
    registration: tuple[Registration, ...] = registration_field()

    def what(self, lang: str, terms: Mapping[str, str]) -> str:
        """``服务特定群体的社区社会组织数``, or ``服务老年人或儿童的社区社会组织占比`` for
        a share of some groups, in words of ``lang``."""
        groups = tuple(dict.fromkeys(self.groups))
        if set(groups) >= set(SPECIAL_GROUPS):
            named = translate("what.groups.all", lang, terms)
        else:
            either = translate("what.either", lang, terms)
            named = either.join(code_name("group", group, lang) for group in groups)
        key = "what.special-groups" if self.threshold is None else "what.special-groups.share"
        return translate(key, lang, terms, groups=named)


def _figures(groups: list[str]) -> list[pl.Expr]:
    """How many organizations there are, serve each group, and serve any.

    Ids are unique, so an organization whose list names a group counts once for it; on
    whole lists, without a row per group served (a country's is five million lists).
    """
    serves = pl.col("serves")
    return [
        pl.len().alias("total"),
        *(serves.list.contains(group).sum().alias(f"group_{i}") for i, group in enumerate(groups)),
        serves.list.eval(pl.element().is_in(groups)).list.any().sum().alias("serving"),
    ]


def _by_district(
    data: Dataset, on: dt.date, groups: tuple[str, ...], registration: tuple[str, ...]
) -> dict[str, dict[str, Any]]:
    """The figures of every district at once, for a plan that judges each on its own."""
    organizations = data.organizations_in(
        data.district_ids(), on, ["serves", "district_id"], registration=registration
    )
    found = organizations.group_by("district_id").agg(_figures(list(groups)))
    return {row["district_id"]: row for row in found.iter_rows(named=True)}


def measure(context: Context, params: Groups) -> Measurement:
    groups = tuple(dict.fromkeys(params.groups))
    if params.threshold is not None:
        return _share(context, params, groups)
    every = context.data.cached(_by_district, context.on, groups, params.registration)
    # a scope of several districts adds theirs up: an organization lies in one district
    parts = [every[d] for d in dict.fromkeys(context.scope.districts) if d in every]
    if not parts or not sum(part["total"] for part in parts):
        return measures.indicator(None, unit="count")
    by_group = {
        group: sum(int(part[f"group_{i}"]) for part in parts) for i, group in enumerate(groups)
    }
    serving = sum(int(part["serving"]) for part in parts)
    return measures.indicator(
        float(serving),
        unit="count",
        numerator=serving,
        denominator=sum(int(part["total"]) for part in parts),
        details={
            "by_group": by_group,
            "unserved": [group for group, n in by_group.items() if n == 0],
            "registration": list(params.registration),
        },
    )


def _share(context: Context, params: Groups, groups: tuple[str, ...]) -> Measurement:
    """The share of the scope's organizations serving any of ``groups``, judged: those
    serving none are its short units (an empty ``serves`` serves none)."""
    organizations = context.data.organizations_in(
        context.scope.districts, context.on, ["name", "serves"], registration=params.registration
    )
    figures = organizations.select(_figures(list(groups))).row(0, named=True)
    by_group = {group: int(figures[f"group_{i}"]) for i, group in enumerate(groups)}
    serving = pl.col("serves").list.eval(pl.element().is_in(list(groups))).list.any()
    flagged = organizations.select("id", "name", serving.fill_null(False).alias("covered"))
    return measures.share_or_indicator(
        context,
        flagged,
        threshold=params.threshold,
        comparator=params.comparator,
        level="organization",
        noun="organizations",
        details={
            "by_group": by_group,
            "unserved": [group for group, n in by_group.items() if n == 0],
            "registration": list(params.registration),
        },
    )


KIND = TargetKind(
    id="special-groups",
    title=Text("服务特定群体的社区社会组织", "Organizations serving special groups"),
    description=Text(
        "服务老年人、妇女、儿童、残疾人等特定群体且存续（未注销）、已登记或备案的社区社会组织数，及无组织服务的群体；"
        "设目标值时按服务所列任一群体的组织占比评判，否则只作监测",
        "Organizations not dissolved, registered or filed, serving each special group, and the "
        "groups none serves; with a target set, the share serving any of the groups is judged, "
        "otherwise monitored only",
    ),
    params=Groups,
    measure=measure,
    clauses=("二(一)1",),
    columns=lambda params: [
        # a judged share lists the organizations serving none by name
        *(["organizations.name"] if params.threshold is not None else []),
        "organizations.serves",
        "organizations.registration",
    ],
)

scoplan_register_targets = registers(KIND)
