"""Which target kind and parameters each milestone of a plan has, or its problems.

Needs no data, so that a plan's mistakes are all found when it is read, before any data
is: :func:`scoplan.plan.parse_plan` asks it, and the engine uses its answer. It knows the
registry and the target contract, not the plan's module (which imports it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from scoplan._convert import did_you_mean, nearest_name, structure
from scoplan._exceptions import PlanError, PluginError, Problem
from scoplan.i18n import Text, translate
from scoplan.schema import declaring, registering
from scoplan.target import Context, Measurement, TargetKind

if TYPE_CHECKING:
    from scoplan.plan import Plan
    from scoplan.plugins import Registry


def failed_plugins(registry: Registry) -> list[str]:
    """The plugins that failed to load, by name."""
    return sorted({str(p.params["plugin"]) for p in registry.failures if "plugin" in p.params})


def _by_title(target: str, registry: Registry) -> tuple[str, str]:
    """The hint naming the kind whose title (in either language) ``target`` writes or
    nearly writes: ``（是否应为“rural-average”（农村社区平均拥有社区社会组织数）？）``."""
    titles = {
        title: (name, kind.title)
        for name, kind in registry.targets.items()
        for title in (kind.title.zh, kind.title.en)
    }
    written = target if target in titles else nearest_name(target, titles)
    if written is None:
        return "", ""
    name, title = titles[written]
    return f" (did you mean {name!r}, {title.en}?)", f"（是否应为“{name}”（{title.zh}）？）"


def milestone_kind(
    index: int,
    target: str,
    params: Mapping[str, Any],
    source: str,
    registry: Registry,
    terms: Mapping[str, Any] | None = None,
) -> tuple[TargetKind, Any] | list[Problem]:
    """The target kind and parameters of the milestone at ``index``, or its problems: an
    unknown target kind (with the nearest installed one), parameters the kind does not
    take. Its plain ``target`` and ``params`` do, so a plan that does not structure as a
    whole still has each milestone's checked. The codes the plan's ``terms`` name are its
    own while its params are read (:func:`scoplan.own_codes.declared`)."""
    from scoplan.own_codes import declared

    where = f"$.milestones[{index}]"
    failed = failed_plugins(registry)
    kind = registry.target(target)
    if kind is None and failed:
        # a plugin that failed to load may be the one with this kind: its milestone is an
        # error, as a target that raises is, and the rest of the run goes on
        kind = not_loaded(target, failed)
    if kind is None:
        hint, hint_zh = did_you_mean(target, registry.targets)
        if not hint:  # the kind's title, as `scoplan targets` lists it: 农村社区平均…
            hint, hint_zh = _by_title(target, registry)
        expected = ", ".join(sorted(registry.targets)) or "-"
        said = {"expected": expected, "hint": hint, "hint_zh": hint_zh}
        return [
            Problem("unknown_target", source, column=f"{where}.target", value=target, params=said)
        ]
    if kind.params is NotLoaded:
        return kind, NotLoaded(dict(params))
    elsewhere = _fields_elsewhere(target, params, source, where, registry)
    rest = {key: value for key, value in params.items() if key not in elsewhere}
    try:
        # the columns plugins declare are columns params may name (organization-share's),
        # and the codes they register for open lists are codes params may name (its value)
        codes = declared(terms or {}, registry.codes)
        with declaring(registry.columns), registering(codes):
            found = kind, structure(rest, kind.params, source, f"{where}.params")
    except PlanError as error:
        return [*elsewhere.values(), *error.problems]
    return list(elsewhere.values()) or found


def _field_names(params: Any) -> tuple[str, ...]:
    """The fields a kind's parameters class takes (none where it is no attrs class)."""
    return tuple(field.name for field in attrs.fields(params)) if attrs.has(params) else ()


_NARROWED = {
    ("urban-average", "community-average"): 'community_kind = "urban"',
    ("rural-average", "community-average"): 'community_kind = "rural"',
}
"""What a milestone moved from a kind to one it narrows keeps it to the same units:
community-average of urban communities is urban-average."""


def _fields_elsewhere(
    target: str, params: Mapping[str, Any], source: str, where: str, registry: Registry
) -> dict[str, Problem]:
    """A problem for each key of ``params`` that the kind ``target`` does not take, nor
    nearly writes, and that other kinds take (``category`` on ``urban-average``: a field of
    ``community-average``), naming them and the target to write; by key."""
    kind = registry.target(target)
    own = _field_names(kind.params) if kind is not None else ()
    if not own:
        return {}
    found: dict[str, Problem] = {}
    for key in params:
        if key in own or nearest_name(key, own) is not None:
            continue
        others = [
            (name, other)
            for name, other in sorted(registry.targets.items())
            if name != target and key in _field_names(other.params)
        ]
        if not others:
            continue
        said: dict[str, str] = {}
        for lang, separator in (("en", ", "), ("zh", "、")):
            kinds = separator.join(
                translate("param.kind_titled", lang, kind=name, title=getattr(other.title, lang))
                for name, other in others
            )
            narrowed = _NARROWED.get((target, others[0][0]), "")
            also = translate("param.other_kind_also", lang, setting=narrowed) if narrowed else ""
            key_said = "param.other_kind_field" if len(others) == 1 else "param.other_kinds_field"
            values = {"field": key, "target": target, "kinds": kinds, "also": also}
            said[lang] = translate(key_said, lang, kind=others[0][0], **values)
        column = f"{where}.params.{key}"
        reason = {"reason": f"{said['en']} @ {column}", "reason_zh": f"{said['zh']} @ {column}"}
        found[key] = Problem("plan_field", source, params=reason)
    return found


def milestone_kinds(
    plan: Plan, registry: Registry
) -> tuple[dict[int, tuple[TargetKind, Any]], list[Problem]]:
    """Each milestone's target kind and parameters (by its position), and the problems of
    those that have none (:func:`milestone_kind`), by position (the caller names the
    milestones: :func:`scoplan.plan.named_milestones`). Needs no data, so that a plan's mistakes
    are all found before any data is read."""
    kinds: dict[int, tuple[TargetKind, Any]] = {}
    problems: list[Problem] = []
    for index, milestone in enumerate(plan.milestones):
        found = milestone_kind(
            index, milestone.target, milestone.params, plan.source or plan.id, registry, plan.terms
        )
        if isinstance(found, list):
            problems.extend(found)
        else:
            kinds[index] = found
    return kinds, problems


@attrs.frozen
class NotLoaded:
    """The parameters of a target kind that is not loaded: whatever the plan gives."""

    params: Any = None


def not_loaded(target: str, failed: Sequence[str]) -> TargetKind:
    """A stand-in for a target kind no loaded plugin has, while some plugin failed to load.

    Its title says so in words (:func:`not_loaded_title`: a Chinese report names no kind by its
    id in a title, ``迎江区未能加载的插件目标（2024年）``, where the milestone has no title of
    its own); its measure raises a :class:`PluginError` naming the kind and the plugins that
    failed to load, which may have it."""
    plugins = {"plugins": ", ".join(failed), "plugins_zh": "、".join(f"“{p}”" for p in failed)}
    missing = Problem("kind_not_loaded", "", value=target, params=plugins)

    def measure(context: Context, params: Any) -> Measurement:
        raise PluginError([missing])

    return TargetKind(
        target, not_loaded_title(), Text(str(PluginError([missing]))), NotLoaded, measure
    )


def not_loaded_title() -> Text:
    """The title of a target kind that is not loaded (:func:`not_loaded`), in both languages:
    a report tells its results by it (:func:`scoplan.renderers.words.message`)."""
    return Text(
        translate("report.kind_not_loaded", "zh"), translate("report.kind_not_loaded", "en")
    )
