"""The words of the collection round trip (issue 16) — official division codes, templates,
returns and changes — in Chinese and English; :mod:`scoplan.i18n` holds them in its
catalogues like any other word."""

from __future__ import annotations

ZH: dict[str, str] = {
    "problem.no_division": "没有代码或名称为“{value}”的统计用区划（2023年）",
    "problem.ambiguous_division": "有{count}个统计用区划名为“{value}”，请改用代码：{units}",
    "problem.official_code": (
        "编号“{value}”不是{year}年统计用区划代码（其后新设或撤并的单位？自编的编号？），请核对"
    ),
    "problem.official_name": (
        "名称“{value}”与{year}年统计用区划代码中“{id}”的名称“{official}”不同，请核对"
    ),
    "problem.official_kind": (
        "编号“{id}”的类型“{value}”与{year}年统计用区划代码的城乡划分（{official}）不同，请核对"
    ),
    "problem.own_numbering": (
        "此表{count}个形如统计用区划代码的编号中，有{other}个不是{year}年的代码或名称与之不同："
        "编号看来是自编的，未逐一与统计用区划代码核对"
    ),
    "problem.return_conflict": (
        "编号“{value}”在另一份报表中内容不同（{other}，第{other_row}行；不同的列：{columns}），"
        "请核对哪一份有误"
    ),
    "problem.no_return": "{unit}（{id}）：没有交回报表",
    "problem.no_returns": "文件夹中没有报表（应为 .xlsx 工作簿或 CSV 文件夹）",
    "problem.template_exists": "文件已存在；如确需覆盖，请加 --force",
    "template.written": (
        "已写入 {path}：{districts}个区县，{townships}个乡镇街道，{communities}个社区"
    ),
    "template.undecided": "其中{count}个单位的类型需由民政部门确定（已用黄色标出）",
    "changes.title": "两次交付之间的变化：{old} → {new}",
    "changes.none": "没有变化",
    "changes.added": "新增",
    "changes.removed": "删除",
    "changes.dissolved": "注销",
    "changes.moved": "迁移",
    "changes.changed": "变更",
    "changes.summary": "共{count}处变化",
    "changes.column.district": "区县",
    "changes.column.table": "数据表",
    "changes.column.change": "变化",
    "changes.column.id": "编号",
    "changes.column.name": "名称",
    "changes.column.columns": "变化的列",
    "changes.column.before": "之前",
    "changes.column.after": "之后",
    "check.column.return": "报表",
    "check.return_sheet": "整体",
}

EN: dict[str, str] = {
    "problem.no_division": "no statistical division (2023) has the code or name {value!r}",
    "problem.ambiguous_division": (
        "{count} statistical divisions are named {value!r}; give the code instead: {units}"
    ),
    "problem.official_code": (
        "{value!r} is not a statistical division code of {year} (a unit created or merged "
        "since? an id of the bureau's own?): please check"
    ),
    "problem.official_name": (
        "the name {value!r} is not the name {official!r} that the {year} division codes give "
        "{id}: please check"
    ),
    "problem.official_kind": (
        "{id} is {value} here, {official} by the urban/rural reading of the {year} division "
        "codes: please check"
    ),
    "problem.own_numbering": (
        "{other} of the {count} ids of this table shaped as division codes are no codes of "
        "{year} or name other units: they look like the bureau's own, and are not compared "
        "with the official codes one by one"
    ),
    "problem.return_conflict": (
        "the id {value!r} has other content in another return ({other}, row {other_row}; "
        "columns that differ: {columns}): which one is right?"
    ),
    "problem.no_return": "{unit} ({id}): no return",
    "problem.no_returns": "the folder holds no return (.xlsx workbooks or folders of CSV files)",
    "problem.template_exists": "the file exists; use --force to replace it",
    "template.written": (
        "wrote {path}: {districts} districts, {townships} townships, {communities} communities"
    ),
    "template.undecided": "{count} of them have a kind for the bureau to decide (in yellow)",
    "changes.title": "What changed between two deliveries: {old} → {new}",
    "changes.none": "nothing changed",
    "changes.added": "added",
    "changes.removed": "removed",
    "changes.dissolved": "dissolved",
    "changes.moved": "moved",
    "changes.changed": "changed",
    "changes.summary": "{count} changes",
    "changes.column.district": "district",
    "changes.column.table": "table",
    "changes.column.change": "change",
    "changes.column.id": "id",
    "changes.column.name": "name",
    "changes.column.columns": "columns changed",
    "changes.column.before": "before",
    "changes.column.after": "after",
    "check.column.return": "return",
    "check.return_sheet": "whole folder",
}
