"""Typing and checking raw tables: every problem at once, or a Dataset.

Each column of DATA.md is parsed in one vectorised pass (dates, booleans, codes, lists);
a cell that does not parse becomes a :class:`Problem` naming its row, column and value.
Then ids are checked for duplicates, references for their targets, and date pairs for
their order. Nothing is evaluated on data with problems: :func:`check_tables` raises one
:class:`DataError` carrying all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import polars as pl

from scoplan._exceptions import DataError, Problem
from scoplan.dataset import Dataset, dtype_of
from scoplan.loading import ROW, RawTable, split_list
from scoplan.model import CITY
from scoplan.schema import (
    BOOL,
    DATE,
    FALSE_WORDS,
    HIERARCHY,
    LIST,
    TABLES,
    TRUE_WORDS,
    Column,
    Table,
)

REQUIRED_TABLES = ("districts", "townships", "communities", "organizations")
MAX_PROBLEMS_PER_CHECK = 200
"""Past this many of one kind in one column, the rest are counted, not listed."""

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


def _locate(raw: RawTable, row: int) -> dict[str, Any]:
    return {"row": row} if raw.numbering == "row" else {"index": row}


def _cell_problems(
    raw: RawTable,
    frame: pl.DataFrame,
    mask: pl.Expr,
    code: str,
    column: str,
    value_column: str | None = None,
    **params: object,
) -> list[Problem]:
    bad = frame.filter(mask).select(ROW, pl.col(value_column or column).alias("__value"))
    problems = [
        Problem(
            code,
            raw.source,
            table=raw.name,
            column=column,
            value=value,
            params=params,
            **_locate(raw, row),
        )
        for row, value in bad.head(MAX_PROBLEMS_PER_CHECK).iter_rows()
    ]
    if bad.height > MAX_PROBLEMS_PER_CHECK:
        rest = bad.height - MAX_PROBLEMS_PER_CHECK
        problems.append(
            Problem(
                "message",
                raw.source,
                table=raw.name,
                column=column,
                params={"text": f"… and {rest} more like this"},
            )
        )
    return problems


def _parse_column(
    raw: RawTable, frame: pl.DataFrame, column: Column
) -> tuple[pl.Expr, list[Problem]]:
    """An expression giving the typed column, and the problems of the cells that do not parse."""
    name = column.name
    text = pl.col(name).str.strip_chars()
    text = pl.when(text == "").then(None).otherwise(text)
    frame = frame.with_columns(text.alias("__text"))
    problems: list[Problem] = []
    if column.type == DATE:
        parsed = pl.coalesce(
            [pl.col("__text").str.to_date(fmt, strict=False) for fmt in DATE_FORMATS]
        )
        checked = frame.with_columns(parsed.alias("__parsed"))
        mask = pl.col("__text").is_not_null() & pl.col("__parsed").is_null()
        problems += _cell_problems(raw, checked, mask, "bad_date", name, "__text")
        expr = pl.coalesce([text.str.to_date(fmt, strict=False) for fmt in DATE_FORMATS]).alias(
            name
        )
    elif column.type == BOOL:
        lowered = pl.col("__text").str.to_lowercase()
        known = lowered.is_in(list(TRUE_WORDS | FALSE_WORDS))
        mask = pl.col("__text").is_not_null() & ~known
        problems += _cell_problems(raw, frame, mask, "bad_bool", name, "__text")
        low = text.str.to_lowercase()
        expr = (
            pl.when(low.is_in(list(TRUE_WORDS)))
            .then(True)
            .when(low.is_in(list(FALSE_WORDS)))
            .then(False)
            .otherwise(None)
            .alias(name)
        )
    elif column.type == LIST:
        expr = split_list(text, column).alias(name)
    elif column.codes is not None:
        mapping = column.code_map()
        mapped = pl.col("__text").replace_strict(mapping, default=None, return_dtype=pl.String)
        lowered = (
            pl.col("__text")
            .str.to_lowercase()
            .replace_strict(mapping, default=None, return_dtype=pl.String)
        )
        if not column.open_codes:
            mask = pl.col("__text").is_not_null() & mapped.is_null() & lowered.is_null()
            expected = ", ".join(column.codes)
            problems += _cell_problems(
                raw, frame, mask, "bad_code", name, "__text", expected=expected
            )
        expr = pl.coalesce(
            [
                text.replace_strict(mapping, default=None, return_dtype=pl.String),
                text.str.to_lowercase().replace_strict(
                    mapping, default=None, return_dtype=pl.String
                ),
                text if column.open_codes else pl.lit(None, dtype=pl.String),
            ]
        ).alias(name)
    else:
        expr = text.alias(name)
    if column.required:
        mask = pl.col("__text").is_null()
        problems += _cell_problems(raw, frame, mask, "missing_value", name, "__text")
    return expr, problems


def _type_table(table: Table, raw: RawTable) -> tuple[pl.DataFrame, list[Problem]]:
    frame = raw.frame
    problems: list[Problem] = []
    exprs: list[pl.Expr] = []
    for column in table.columns:
        if raw.typed and column.name in frame.columns:
            exprs.append(pl.col(column.name))
            continue
        if column.name not in frame.columns:
            if column.required:
                problems.append(
                    Problem(
                        "missing_column",
                        raw.source,
                        table=table.name,
                        column=column.name,
                        **_locate(raw, 1 if raw.numbering == "row" else 0),
                    )
                )
            dtype = dtype_of(column.type)
            null = pl.lit([], dtype=dtype) if column.type == LIST else pl.lit(None, dtype=dtype)
            exprs.append(null.alias(column.name))
            continue
        expr, found = _parse_column(raw, frame, column)
        problems += found
        exprs.append(expr)
    known = {c.name for c in table.columns} | {ROW}
    extras = [pl.col(c).str.strip_chars() for c in frame.columns if c not in known]
    typed = frame.select(ROW, *exprs, *extras)
    if table.dates is not None:
        start, end = table.dates
        mask = (
            pl.col(end).is_not_null() & pl.col(start).is_not_null() & (pl.col(end) < pl.col(start))
        )
        bad = typed.filter(mask)
        for row, start_value, end_value in (
            bad.select(ROW, start, end).head(MAX_PROBLEMS_PER_CHECK).iter_rows()
        ):
            problems.append(
                Problem(
                    "date_order",
                    raw.source,
                    table=table.name,
                    column=end,
                    value=end_value.isoformat(),
                    params={"other": start, "other_value": start_value.isoformat()},
                    **_locate(raw, row),
                )
            )
    return typed, problems


def _duplicate_ids(raw: RawTable, frame: pl.DataFrame) -> list[Problem]:
    # hashes first: no two equal is the common case, and ten times cheaper to establish
    if not frame.select(pl.col("id").drop_nulls().hash(0).is_duplicated().any()).item():
        return []
    ids = frame.select(ROW, "id").drop_nulls("id")
    first = ids.group_by("id").agg(pl.col(ROW).min().alias("__first"))
    dup = ids.join(first, on="id").filter(pl.col(ROW) != pl.col("__first")).sort(ROW)
    return [
        Problem(
            "duplicate_id",
            raw.source,
            table=raw.name,
            column="id",
            value=value,
            params={"first_row": first_row},
            **_locate(raw, row),
        )
        for row, value, first_row in dup.select(ROW, "id", "__first")
        .head(MAX_PROBLEMS_PER_CHECK)
        .iter_rows()
    ]


def _references(
    raws: Mapping[str, RawTable],
    frames: Mapping[str, pl.DataFrame],
    ids: Mapping[str, pl.Series] | None = None,
) -> list[Problem]:
    problems: list[Problem] = []
    if ids is None:
        ids = {name: frames[name].get_column("id").drop_nulls() for name in frames}
    for table in TABLES:
        if table.name not in frames:
            continue
        frame = frames[table.name]
        raw = raws[table.name]
        for column in table.columns:
            if not column.ref or column.name not in frame.columns:
                continue
            values = frame.get_column(column.name).drop_nulls().unique()

            def present(tables: Sequence[str], values: pl.Series = values) -> pl.Series:
                # the referenced ids that are used: cheap when either side is small
                pools = [ids[t].filter(ids[t].is_in(values.implode())) for t in tables if t in ids]
                return pl.concat(pools) if pools else pl.Series([], dtype=pl.String)

            if table.name == "federations":
                valid = (
                    (
                        (pl.col("level") == "township")
                        & pl.col(column.name).is_in(present(["townships"]).implode())
                    )
                    | (
                        (pl.col("level") == "community")
                        & pl.col(column.name).is_in(present(["communities"]).implode())
                    )
                    | pl.col("level").is_null()
                )
                expected = "townships / communities (by level)"
            else:
                valid = pl.col(column.name).is_in(present(column.ref).implode())
                if CITY in column.ref:
                    valid = valid | (pl.col(column.name) == CITY)
                expected = " / ".join(column.ref)
            mask = pl.col(column.name).is_not_null() & ~valid
            problems += _cell_problems(
                raw, frame, mask, "unknown_ref", column.name, expected=expected
            )
    return problems


def _ambiguous_ids(
    raws: Mapping[str, RawTable], frames: Mapping[str, pl.DataFrame]
) -> list[Problem]:
    problems: list[Problem] = []
    present = [t for t in HIERARCHY if t in frames]
    for i, first in enumerate(present):
        for second in present[i + 1 :]:
            clash = frames[second].filter(
                pl.col("id").is_in(frames[first].get_column("id").implode())
            )
            raw = raws[second]
            for row, value in clash.select(ROW, "id").head(MAX_PROBLEMS_PER_CHECK).iter_rows():
                problems.append(
                    Problem(
                        "ambiguous_id",
                        raw.source,
                        table=second,
                        column="id",
                        value=value,
                        params={"tables": f"{first}, {second}"},
                        **_locate(raw, row),
                    )
                )
    return problems


def check_tables(
    raws: Mapping[str, RawTable],
    problems: Iterable[Problem] = (),
    *,
    origin: str = "",
) -> Dataset:
    """Type and check raw tables; a Dataset, or a DataError with every problem found."""
    found = list(problems)
    frames: dict[str, pl.DataFrame] = {}
    for table in TABLES:
        raw = raws.get(table.name)
        if raw is None:
            if table.name in REQUIRED_TABLES:
                found.append(Problem("missing_table", origin or "data", table=table.name))
            continue
        typed, table_problems = _type_table(table, raw)
        found += table_problems
        found += _duplicate_ids(raw, typed)
        frames[table.name] = typed
    found += _references(raws, frames)
    found += _ambiguous_ids(raws, frames)
    if found:
        raise DataError(found)
    return Dataset.from_frames(
        {name: frame.drop(ROW) for name, frame in frames.items()},
        sources=tuple(raw.source for raw in raws.values()),
    )


def check_additions(
    data: Dataset, raws: Mapping[str, RawTable], problems: Iterable[Problem]
) -> Dataset:
    """``data`` with the rows of ``raws`` added, checked as a delivery's are; or a DataError.

    New rows may refer to existing ones and to each other; their ids must be new.
    """
    found = list(problems)
    added: dict[str, pl.DataFrame] = {}
    for table in TABLES:
        raw = raws.get(table.name)
        if raw is None:
            continue
        typed, table_problems = _type_table(table, raw)
        found += table_problems
        found += _duplicate_ids(raw, typed)
        existing = data.frame(table.name).get_column("id")
        clash = typed.filter(pl.col("id").is_in(existing.implode()))
        for row, value in clash.select(ROW, "id").iter_rows():
            found.append(
                Problem(
                    "id_exists",
                    raw.source,
                    table=table.name,
                    column="id",
                    value=value,
                    **_locate(raw, row),
                )
            )
        added[table.name] = typed
    ids = {
        table.name: pl.concat(
            [data.frame(table.name).get_column("id")]
            + ([added[table.name].get_column("id")] if table.name in added else [])
        ).drop_nulls()
        for table in TABLES
    }
    found += _references(raws, added, ids)
    if found:
        raise DataError(found)
    frames = {}
    for table in TABLES:
        base = data.frame(table.name)
        if table.name == "communities":
            base = base.drop("district_id")
        if table.name in added:
            frames[table.name] = pl.concat(
                [base, added[table.name].drop(ROW)], how="diagonal_relaxed"
            )
        else:
            frames[table.name] = base
    return Dataset.from_frames(frames, sources=(*data.sources, *(r.source for r in raws.values())))
