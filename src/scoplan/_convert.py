"""The one cattrs converter: plans, target parameters, JSON input and reports.

Everything that crosses the boundary between Python objects and plain data (TOML, JSON)
goes through :data:`converter`. Its errors are turned into :class:`Problem` records once,
here, by :func:`problems_from`, with a path such as ``$.milestones[3].params.threshold``.
"""

from __future__ import annotations

import datetime as dt
import enum
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

import cattrs
from cattrs.errors import AttributeValidationNote, ClassValidationError, ForbiddenExtraKeysError
from cattrs.v import transform_error

from scoplan._exceptions import DataError, PlanError, Problem

T = TypeVar("T")

converter = cattrs.Converter(forbid_extra_keys=True, omit_if_default=False)


class InvalidField(ValueError):
    """A value an attrs validator rejects, naming its field so the problem's path ends in it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        # cattrs wraps what __init__ raises at the class's path; this note, the one cattrs
        # gives a field's own errors, makes transform_error add the field to the path
        self.add_note(AttributeValidationNote(f"Validating attribute {field}", field, None))


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise TypeError(f"expected a date (YYYY-MM-DD), got {type(value).__name__}")


def _structure_str(value: Any, _: type) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # ids written without quotes in TOML (341002) are still ids
        return str(value)
    raise TypeError(f"expected a string, got {type(value).__name__}")


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    return float(value)


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {type(value).__name__}")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {type(value).__name__}")
    return value


def _structure_literal(value: Any, literal: Any) -> Any:
    allowed = typing.get_args(literal)
    if value not in allowed or isinstance(value, bool) != any(isinstance(a, bool) for a in allowed):
        expected = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{value!r} is not allowed (expected one of {expected})")
    return value


def _is_literal(type_: Any) -> bool:
    return typing.get_origin(type_) is typing.Literal


converter.register_structure_hook_func(_is_literal, _structure_literal)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _structure_params(value: Any, _: type) -> Mapping[str, Any]:
    # a milestone's params stay plain data (TOML dates as ISO text) until the target kind's
    # own class structures them, so a plan dumps and loads back unchanged
    if not isinstance(value, dict):
        raise TypeError(f"expected a table of parameters, got {type(value).__name__}")
    plain: dict[str, Any] = _plain(value)
    return plain


converter.register_structure_hook_func(lambda t: t == Mapping[str, Any], _structure_params)
converter.register_structure_hook(dt.date, _structure_date)
converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
converter.register_structure_hook(str, _structure_str)
converter.register_structure_hook(float, _structure_float)
converter.register_structure_hook(int, _structure_int)
converter.register_structure_hook(bool, _structure_bool)
converter.register_unstructure_hook(enum.Enum, lambda e: e.value)
# a StrEnum is a str too: without this, the str hook above would take it and keep plain text
converter.register_structure_hook(enum.StrEnum, lambda value, cls: cls(value))


def _message(error: BaseException, _: type | None) -> str:
    if isinstance(error, ForbiddenExtraKeysError):
        return f"unknown field(s) {', '.join(sorted(error.extra_fields))}"
    if isinstance(error, KeyError):
        return "required field missing"
    if isinstance(error, ValueError | TypeError):
        return str(error)
    return str(error) or f"invalid value ({type(error).__name__})"


def problems_from(error: Exception, source: str, root: str = "$") -> list[Problem]:
    """Turn a cattrs error tree into one Problem per leaf, each naming its path."""
    if isinstance(error, ClassValidationError | cattrs.BaseValidationError):
        lines = transform_error(error, path=root, format_exception=_message)
    else:
        lines = [f"{_message(error, None)} @ {root}"]
    return [Problem("plan_field", source, params={"reason": line}) for line in lines]


def structure(data: Any, cls: type[T], source: str, root: str = "$") -> T:
    """Structure plain data into ``cls``, or raise a PlanError that names every bad field."""
    try:
        return converter.structure(data, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as error:
        raise PlanError(problems_from(error, source, root)) from None


def unstructure(value: Any) -> Any:
    """Plain data (dicts, lists, strings, numbers) for an attrs object."""
    return converter.unstructure(value)


Cell = str | int | float | bool | None | list[str | int | float | bool | None]
Document = dict[str, list[dict[str, Cell]]]


def structure_document(document: Any, source: str) -> Mapping[str, list[dict[str, Any]]]:
    """Check that a JSON input document is ``{table: [{column: cell, …}, …], …}``."""
    problems: list[Problem] = []
    if not isinstance(document, dict):
        reason = f"expected an object of tables, got {type(document).__name__}"
        raise DataError([Problem("bad_shape", source, params={"reason": reason})])
    for key, rows in document.items():
        if not isinstance(rows, list):
            reason = f"$.{key} should be a list of rows, got {type(rows).__name__}"
            problems.append(Problem("bad_shape", source, table=key, params={"reason": reason}))
            continue
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                reason = f"$.{key}[{index}] should be an object, got {type(row).__name__}"
                problems.append(
                    Problem("bad_shape", source, table=key, index=index, params={"reason": reason})
                )
                continue
            for column, cell in row.items():
                ok = cell is None or isinstance(cell, str | int | float | bool)
                if isinstance(cell, list):
                    ok = all(c is None or isinstance(c, str | int | float) for c in cell)
                if not ok:
                    reason = f"$.{key}[{index}].{column} should be a value or a list of values"
                    problems.append(
                        Problem(
                            "bad_shape",
                            source,
                            table=key,
                            index=index,
                            column=column,
                            params={"reason": reason},
                        )
                    )
    if problems:
        raise DataError(problems)
    return document
