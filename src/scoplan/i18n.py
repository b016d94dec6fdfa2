"""Words a user reads, in Chinese (the default) and English.

Every status, noun, header and problem message comes from :data:`CATALOGUES`; the rest of
the code passes keys and values, never sentences. :class:`Text` carries a string that a
plugin or plan gives in both languages (a target's title, a group's name).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from scoplan._collection_words import EN as _COLLECTION_EN
from scoplan._collection_words import ZH as _COLLECTION_ZH

if TYPE_CHECKING:
    from scoplan._exceptions import Problem

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


@attrs.frozen
class Text:
    """A string in Chinese and English; ``en`` falls back to ``zh`` when empty."""

    zh: str
    en: str = ""

    def get(self, lang: str) -> str:
        if lang == "en" and self.en:
            return self.en
        return self.zh


CATALOGUES: Mapping[str, Mapping[str, str]] = {
    "zh": {
        **_COLLECTION_ZH,
        # statuses
        "status.met": "已完成",
        "status.met_late": "逾期完成",
        "status.not_met": "未完成",
        "status.pending": "待定",
        "status.on_track": "有望按期完成",
        "status.off_track": "进度滞后",
        "status.no_data": "无数据",
        "status.error": "出错",
        "status.info": "仅作监测（不考核）",
        # units of values
        "unit.per_community": "个/社区",
        "unit.share": "比例",
        "unit.count": "个",
        # nouns in gaps
        "noun.organizations": "个社区社会组织",
        "noun.organizations.one": "个社区社会组织",
        "noun.townships": "个乡镇（街道）",
        "noun.townships.one": "个乡镇（街道）",
        "noun.communities": "个社区",
        "noun.communities.one": "个社区",
        "noun.districts": "个区县",
        "noun.districts.one": "个区县",
        "noun.service_centres": "个培育发展服务中心",
        "noun.service_centres.one": "个培育发展服务中心",
        "noun.academies": "个社区治理学院",
        "noun.academies.one": "个社区治理学院",
        "noun.plans": "个三年计划",
        "noun.plans.one": "个三年计划",
        "noun.observation_points": "个培育观察点",
        "noun.observation_points.one": "个培育观察点",
        "noun.pilot_communities": "个试点农村社区",
        "noun.pilot_communities.one": "个试点农村社区",
        "noun.brand_organizations": "家品牌社区社会组织",
        "noun.brand_organizations.one": "家品牌社区社会组织",
        "noun.brand_projects": "个品牌项目",
        "noun.brand_projects.one": "个品牌项目",
        "noun.trainings": "次培训",
        "noun.trainings.one": "次培训",
        "noun.selections": "次品牌评选",
        "noun.selections.one": "次品牌评选",
        "noun.programmes": "次公益创投活动",
        "noun.programmes.one": "次公益创投活动",
        "noun.establishments": "个平台或制度",
        "noun.establishments.one": "个平台或制度",
        "noun.items": "个",
        "noun.items.one": "个",
        # why a unit falls short, where its value does not say
        "reason.no_manager": "未登记且无管理主体",
        "reason.size_unknown": "未登记且未填规模",
        "reason.large_not_township": "规模较大，应由乡镇人民政府或街道办事处管理",
        "reason.small_not_community": "规模较小，应由村（居）民委员会指导和管理",
        # indicator details
        "detail.categories": "各类别",
        "detail.by_group": "各服务对象",
        "detail.unserved": "无组织服务的群体",
        "detail.reasons": "不符合原因",
        # report words
        "report.title": "社区社会组织培育发展目标评估",
        "report.plan": "计划",
        "report.as_of": "评估日期",
        "report.input": "数据校验码",
        "report.summary": "汇总",
        "report.milestone": "目标任务",
        "report.scope": "范围",
        "report.due": "完成时限",
        "report.status": "状态",
        "report.value": "实际",
        "report.required": "目标",
        "report.gap": "差距",
        "report.clause": "条款",
        "report.now": "目前",
        "report.no_longer_holds": "到期时已完成，目前已不符合",
        "report.shortfall": "未达标单位",
        "report.and_more": "等，共{total}个",
        "report.evidence": "{numerator} / {denominator}",
        "report.reading": "口径说明",
        "report.run_errors": "运行错误",
        "report.warnings": "数据警告（{count}条，请核对）",
        "report.warnings_more": "……另有{count}条，见 JSON 报告",
        "report.readings": "范围口径",
        "report.history": "历年年底数",
        "report.target": "目标",
        "report.contents": "目录",
        "report.total": "合计",
        "report.results_total": "共{total}项结果",
        "report.chart": "{title}：各范围实际与目标",
        "report.legend.value": "实际",
        "report.legend.required": "目标",
        "report.evidence_label": "计算",
        "report.clauses": "所依据的条款",
        "report.details": "需要关注的事项",
        "report.unit": "单位",
        "report.unit_id": "编号",
        "report.need": "尚缺",
        "report.reason": "原因",
        "report.level": "层级",
        "report.measured_on": "测量日期",
        "report.listed": "列出{shown}个，共{total}个",
        "report.show_all": "全部{total}个",
        "report.no_results": "没有结果",
        "report.generated": "由 scoplan {version} 生成",
        "report.message": "说明",
        # report words added for officials (issue 15)
        "report.id": "编号",
        "report.progress": "完成情况",
        "report.value_target": "实际{value}，目标{target}",
        "report.then_now": "到期时{then}；目前{now}",
        "report.now_done": "已完成",
        "report.lapsed": "到期时已完成，目前已不符合（{why}）",
        "report.short_now": "目前未达标单位（截至{date}）",
        "report.parts": "各区县情况",
        "report.source": "数据来源",
        "report.source_modified": "修改时间{time}",
        "report.modified": "修改时间",
        "report.source_rows": "{table}{rows}行",
        "report.label": "{label}：{text}",
        "report.chart_value": "{value}（目标{target}）",
        "report.plan_version": "{title}（版本{version}）",
        "report.list_sep": "；",
        "report.adjust": "如需调整，可在计划文件中修改参数",
        "report.date": "{year}年{month}月{day}日",
        "report.district": "区县",
        "report.township": "乡镇（街道）",
        "report.unit_short": "{name}（{id}）",
        "report.need_short": "尚缺{need}个",
        "report.not_covered": "未覆盖",
        "report.projection_used": "采用{method}（{why}）",
        "report.projection_why.plan": "计划规定的方法",
        "report.projection_why.run": "本次评估指定的方法",
        "report.projection_other": "按{method}则为“{status}”",
        "report.legend.value_now": "目前实际",
        "report.listed_all": "共{total}个",
        "report.summary_line": "共评估{total}项结果：{counts}。",
        "report.count_item": "{status}{count}项",
        "report.docx_title": "关于社区社会组织培育发展目标完成情况的评估报告",
        "report.docx_intro": (
            "根据{plan}，以{as_of}为评估日期，对照{source}，对计划确定的目标任务逐项评估。"
        ),
        "report.docx_clauses": "计划原文",
        "report.docx_none": "本类目标任务均已完成。",
        "report.docx_data": "附：数据来源",
        "report.docx_data_words": "所提供的登记数据（见附件）",
        "where.city": "全市",
        "comparator.ge": "不少于{target}",
        "comparator.gt": "多于{target}",
        "comparator.le": "不超过{target}",
        "comparator.lt": "少于{target}",
        "comparator.eq": "为{target}",
        "comparator.ge.share": "不低于{target}",
        "comparator.gt.share": "高于{target}",
        "comparator.le.share": "不高于{target}",
        "comparator.lt.share": "低于{target}",
        "comparator.eq.share": "为{target}",
        "value.per_community": "{value}个/社区",
        "value.count": "{value}个",
        "value.share": "{value}",
        "value.count.trainings": "{value}次",
        "value.count.brand-selection": "{value}次",
        "value.count.brand-organizations": "{value}家",
        "target.value.per_community": "{value}个",
        "evidence.default": "{numerator}÷{denominator}",
        "evidence.urban-average": "{numerator}个组织÷{denominator}个城市社区",
        "evidence.rural-average": "{numerator}个组织÷{denominator}个农村社区",
        "evidence.township-federation-coverage": (
            "{numerator}个已建联合会的乡镇（街道）÷{denominator}个乡镇（街道）"
        ),
        "evidence.community-federation-coverage": (
            "{numerator}个已建联合会的城市社区÷{denominator}个城市社区"
        ),
        "evidence.gongyi-district-coverage": "{numerator}个开展公益创投的区县÷{denominator}个区县",
        "evidence.gongyi-township-coverage": (
            "{numerator}个开展公益创投的乡镇（街道）÷{denominator}个乡镇（街道）"
        ),
        "evidence.registration": "{numerator}个已登记或按规定管理的组织÷{denominator}个组织",
        "evidence.charters": "{numerator}个有简易章程的组织÷{denominator}个组织",
        "evidence.disclosure": "{numerator}个建立信息公开制度的社区÷{denominator}个社区",
        "evidence.activity-reporting": (
            "{numerator}个建立重大活动报告制度的单位÷{denominator}个单位"
        ),
        "evidence.priority-fields": "{numerator}个优先发展领域的组织÷{denominator}个组织",
        "gap.urban-average": "{where}城市社区尚需新增{amount}{noun}",
        "gap.rural-average": "{where}农村社区尚需新增{amount}{noun}",
        "gap.share_all": "尚有{amount}{noun}未覆盖",
        "gap.share_more": "尚需再覆盖{amount}{noun}（未覆盖的共{total}个）",
        "gap.share_all.registration": "尚有{amount}{noun}未登记或未按规定管理",
        "gap.share_more.registration": (
            "尚需{amount}{noun}完成登记或按规定管理（不符合的共{total}个）"
        ),
        "gap.share_all.charters": "尚有{amount}{noun}未制定简易章程",
        "gap.share_more.charters": "尚需{amount}{noun}制定简易章程（未制定的共{total}个）",
        "gap.share_all.disclosure": "尚有{amount}{noun}未建立信息公开制度",
        "gap.share_more.disclosure": "尚需{amount}{noun}建立信息公开制度（未建立的共{total}个）",
        "gap.share_all.activity-reporting": "尚有{amount}{noun}未建立重大活动报告制度",
        "gap.share_more.activity-reporting": (
            "尚需{amount}{noun}建立重大活动报告制度（未建立的共{total}个）"
        ),
        "gap.count.service_centres": "尚需建成{amount}{noun}",
        "gap.count.academies": "尚需建成{amount}{noun}",
        "gap.count.plans": "尚需制定{amount}{noun}",
        "gap.count.observation_points": "尚需设立{amount}{noun}",
        "gap.count.pilot_communities": "尚需确定{amount}{noun}",
        "gap.count.trainings": "尚需举办{amount}{noun}",
        "gap.count.selections": "尚需开展{amount}{noun}",
        "lapsed.service_centres": "服务中心已撤销",
        "lapsed.academies": "社区治理学院已撤销",
        "lapsed.plans": "三年计划已失效",
        "lapsed.observation_points": "培育观察点已撤销",
        "milestone.default": "{where}{what}（{year}年）",
        "milestone.urban-average": "{where}城市社区平均社区社会组织数（{year}年）",
        "milestone.rural-average": "{where}农村社区平均社区社会组织数（{year}年）",
        "milestone.service-centres": "{where}建成社会组织培育发展服务中心（{year}年）",
        "milestone.township-federation-coverage": (
            "{where}镇（街道）级社区社会组织联合会覆盖率（{year}年）"
        ),
        "milestone.community-federation-coverage": (
            "{where}城市社区社区社会组织联合会覆盖率（{year}年）"
        ),
        "milestone.gongyi-district-coverage": "{where}公益创投活动区县覆盖率（{year}年）",
        "milestone.gongyi-township-coverage": "{where}公益创投活动乡镇（街道）覆盖率（{year}年）",
        "milestone.brand-organizations": "{where}品牌社区社会组织数（{year}年）",
        "milestone.brand-projects": "{where}社区社会组织品牌项目数（{year}年）",
        "milestone.observation-points": "{where}设立社区社会组织培育观察点（{year}年）",
        "milestone.rural-pilots": "{where}开展农村社区社会组织培育发展试点（{year}年）",
        "milestone.development-plans": "{where}制定社区社会组织培育发展三年计划（{year}年）",
        "milestone.trainings": "{own}开展社区社会组织培育发展业务培训（{year}年）",
        "milestone.governance-academies": "{where}建成“社区治理学院”（{year}年）",
        "milestone.registration": "{where}社区社会组织登记或按规定管理比例（{year}年）",
        "milestone.charters": "{where}制定简易章程的社区社会组织比例（{year}年）",
        "milestone.disclosure": "{where}建立信息公开制度的社区比例（{year}年）",
        "milestone.activity-reporting": "{where}建立重大活动报告制度的比例（{year}年）",
        "milestone.brand-selection": "{own}开展品牌社区社会组织、品牌项目评选（{year}年）",
        "milestone.priority-fields": "{where}优先发展领域社区社会组织比例（{year}年）",
        "milestone.special-groups": "{where}服务特定群体的社区社会组织数（{year}年）",
        "target.gongyi-district-coverage": "区县级公益创投活动覆盖率",
        "target.gongyi-township-coverage": "乡镇（街道）级公益创投活动覆盖率",
        "column.gap_now_amount": "目前差距数量",
        "column.district": "区县",
        "column.township": "乡镇（街道）",
        # levels of scopes and of units
        "level.city": "市本级",
        "level.district": "区县",
        "level.districts": "多个区县",
        "level.group": "区县组",
        "level.township": "乡镇(街道)",
        "level.community": "社区",
        "level.organization": "社区社会组织",
        # spreadsheet sheets and columns
        "sheet.summary": "汇总",
        "sheet.shortfall": "未达标单位",
        "sheet.warnings": "数据警告",
        "check.error": "错误",
        "check.warning": "警告",
        "check.clean": "{source}：未发现问题",
        "check.summary": "{source}：{errors}个错误，{warnings}个警告",
        "check.summary_sheet": "汇总",
        "check.city_sheet": "市本级及整体",
        "check.column.district": "区县",
        "check.column.errors": "错误",
        "check.column.warnings": "警告",
        "check.column.severity": "类别",
        "check.column.source": "文件",
        "check.column.row": "行",
        "check.column.column": "列",
        "check.column.value": "取值",
        "check.column.message": "问题",
        "warning.source": "文件",
        "warning.table": "数据表",
        "warning.row": "行",
        "warning.column": "列",
        "warning.value": "取值",
        "warning.message": "说明",
        "sheet.city": "市本级",
        "sheet.district": "各区县",
        "sheet.districts": "多区县",
        "sheet.group": "区县组",
        "column.milestone": "目标任务编号",
        "column.target": "目标类型",
        "column.title": "目标任务",
        "column.scope_level": "范围层级",
        "column.scope_id": "范围编号",
        "column.scope_name": "范围",
        "column.due": "完成时限",
        "column.measured_on": "测量日期",
        "column.status": "状态",
        "column.value": "实际",
        "column.required": "目标",
        "column.comparator": "比较",
        "column.unit": "单位",
        "column.value_now": "目前实际",
        "column.gap_amount": "差距数量",
        "column.gap_noun": "差距单位",
        "column.units_short": "未达标单位编号",
        "column.units_total": "未达标单位数",
        "column.clauses": "条款",
        "column.reading": "口径说明",
        "column.message": "说明",
        "column.unit_level": "单位层级",
        "column.unit_id": "单位编号",
        "column.unit_name": "单位名称",
        "column.unit_value": "单位实际",
        "column.need": "尚缺",
        "column.reason": "原因",
        "column.count": "数量",
        "column.item": "项目",
        "diff.title": "两份报告的变化",
        "diff.before": "之前",
        "diff.after": "之后",
        "diff.summary": "{matched}项结果中{changed}项有变化，其中{flipped}项状态改变",
        "diff.entered": "新增未达标",
        "diff.partial": "报告只列出部分未达标单位，以下仅就所列单位比较",
        "diff.left": "不再未达标",
        "diff.only_before": "仅见于之前的报告",
        "diff.only_after": "仅见于之后的报告",
        "report.projection": "预测",
        "projection.linear": "线性趋势法",
        "projection.cagr": "增长率比法（Open SDG）",
        "projection.projected": "预计到{due}为{value}",
        "projection.ratio": "实际与所需年均增长率之比为{ratio}（不低于0.95为有望按期完成）",
        "projection.too_few_points": "历史数据点不足两个，不作预测",
        "projection.zero_base": "基期值为零，增长率比法不适用，不作预测",
        "projection.no_growth_needed": "无需增长，增长率比法不适用，不作预测",
        "projection.single_year": "只计完成时限当年的活动，往年数据不构成趋势，不作预测",
        "needed.per_community": "至{due}每个社区每年平均还需增加{rate}个",
        "needed.share": "至{due}每年覆盖率还需提高{rate}个百分点",
        "needed.count": "至{due}每年还需增加{rate}个",
        "needed.less.per_community": "至{due}每个社区每年平均需减少{rate}个",
        "needed.less.share": "至{due}每年需降低{rate}个百分点",
        "needed.less.count": "至{due}每年需减少{rate}个",
        "gap.more": "尚需新增{amount}{noun}",
        "gap.less": "需减少{amount}{noun}",
        "scope.city": "市本级",
        # problems
        "problem.where.row": "第{row}行",
        "problem.where.index": "第{index}项",
        "problem.where.column": "“{column}”列",
        "problem.message": "{text}",
        "problem.unreadable": "无法读取:{reason}",
        "problem.not_found": "文件或文件夹不存在",
        "problem.bad_encoding": "第{line}行既不是 UTF-8 也不是 GB18030 编码(请另存为 UTF-8)",
        "problem.no_tables": "没有找到任何数据表(应为 districts.csv 等)",
        "problem.missing_table": "缺少数据表 {table}",
        "problem.unknown_table": "“{table}”不是数据表，已跳过",
        "problem.duplicate_table": "数据表 {table} 出现了两次(另见 {other})",
        "problem.missing_column": "缺少必需的列“{column}”",
        "problem.duplicate_column": "列“{column}”重复了(前面已有“{other}”)",
        "problem.missing_value": "必填项为空",
        "problem.bad_date": (
            "“{value}”不是日期(应写作 YYYY-MM-DD,如 2021-09-14;也可写作 2021/9/14 或 2021年9月14日)"
        ),
        "problem.bad_bool": "“{value}”不是是/否值(应为 true/false、1/0、是/否)",
        "problem.bad_code": "“{value}”不是可用的取值（应为 {expected} 之一）",
        "problem.duplicate_id": "编号“{value}”重复(首次出现在第{first_row}行)",
        "problem.id_exists": "编号“{value}”在数据中已存在",
        "problem.ambiguous_id": "编号“{value}”同时出现在 {tables} 中",
        "problem.unknown_ref": "“{value}”在{expected}中不存在",
        "problem.unknown_unit": (
            "“{value}”既不是市本级，也不是{expected}中的编号（市本级写作 city 或 市本级）"
        ),
        "problem.date_order": "{column}“{value}”早于 {other}“{other_value}”",
        "problem.unknown_code": (
            "“{value}”不是已知的取值，共{count}行（第{rows}行）；不计入任何目标"
        ),
        "problem.unknown_code_near": (
            "“{value}”不是已知的取值，共{count}行（第{rows}行）；是否应为“{suggestion}”？"
            "不改则不计入任何目标"
        ),
        "problem.future_date": "日期“{value}”晚于今天（{today}），请核对",
        "problem.total_row": "合计行不是数据，已跳过",
        "problem.registration_blank": (
            "{count}个社区社会组织未填登记状态（第{rows}行）：按民政统计口径只计登记、备案的组织，"
            '这些组织默认不计入平均数等指标；请补填，或在计划中设 registration 含 "unknown"'
        ),
        "problem.title_rows": "表头在第{header}行，上方的标题行已跳过",
        "problem.mapping_table": "“{table}”不是数据表（应为 {expected} 之一）",
        "problem.unknown_table_near": "未知的数据表“{table}”；是否应为“{suggestion}”？",
        "problem.scientific_codes": (
            "此列{count}个编码被 Excel 写成了科学计数法（如“{value}”），后几位数字已丢失；"
            "请在 Excel 中把此列设置为“文本”格式后重新填写编码（或从原系统重新导出），再保存"
        ),
        "problem.parent_code": (
            "编号“{id}”按统计用区划代码属于“{points_name}”（{points}），"
            "却登记在“{value}”之下，请核对"
        ),
        "problem.parent_code_absent": (
            "编号“{id}”按统计用区划代码应属于 {points}，却登记在“{value}”之下，请核对"
        ),
        "problem.duplicate_code": "取值“{value}”被注册了两次（{plugin} 与 {other}）",
        "problem.bad_json": "JSON 无法解析:{reason}",
        "problem.bad_shape": "结构不对:{reason}",
        "problem.bad_toml": "TOML 无法解析:{reason}",
        "problem.plan_field": "{reason}",
        "problem.unknown_target": "未知的目标类型“{value}”(已安装:{expected})",
        "problem.unknown_district": "区县“{value}”不在数据中",
        "problem.unknown_group": "未定义的区县组“{value}”",
        "problem.empty_area": "数据中没有属于计划范围“{value}”的区县",
        "problem.bad_projection": "未知的预测方法“{value}”(可用:{expected})",
        "problem.bad_schema_version": (
            "不是本版本的 JSON 报告(schema_version 为 {value},应为 {expected})"
        ),
        "problem.bad_scope": "范围不能同时指定 districts 和 group",
        "problem.duplicate_milestone": "里程碑编号“{value}”重复",
        "problem.due_outside": "期限 {value} 不在计划年度 {expected} 之内",
        "problem.unknown_plan": "未知的计划“{value}”(已安装:{expected})",
        "problem.plugin_failed": "插件 {plugin} 加载失败:{reason}",
        "problem.bad_timeout": "目标的时限 {value} 应为大于 0 的秒数",
        "problem.renderer_failed": "报告格式 {renderer}(插件 {plugin})出错:{reason}",
        "error.timeout": "超时:超过{seconds}秒未完成",
        "problem.duplicate_target": "目标类型“{value}”被注册了两次({plugin} 与 {other})",
        "problem.duplicate_plan": "计划“{value}”被注册了两次",
        "problem.duplicate_loader": "数据读取器“{value}”被注册了两次({plugin} 与 {other})",
        "problem.duplicate_renderer": "报告格式“{value}”被注册了两次({plugin} 与 {other})",
        "problem.no_loader": "无法识别的数据来源(可用:{expected})",
        "problem.unknown_format": "未知的报告格式“{value}”(可用:{expected})",
        "problem.bad_registration": "插件 {plugin} 注册了无效的对象:{reason}",
        "problem.utf16": "文件是 UTF-16 编码(Excel 的“Unicode 文本”):请另存为“CSV UTF-8”",
        "problem.truncated_character": "文件在第{line}行的一个字符中间结束:文件不完整,请重新导出",
        "problem.mixed_encoding": (
            "文件混用了两种编码:第{line}行不是 UTF-8,第{other}行却是(请把整个文件另存为 UTF-8)"
        ),
        "problem.empty_file": "文件是空的:至少应有表头行({expected})",
        "problem.bad_delimiter": "表头各列以“{delimiter}”分隔,而不是逗号(请另存为逗号分隔的 CSV)",
        "problem.unclosed_quote": (
            '此行的一个引号(")没有配对:文件可能不完整,或单元格中有多余的引号'
        ),
        "problem.bad_quote": '带引号的单元格在右引号后还有文字(单元格内的引号应写作两个 "")',
        "problem.cell_too_long": "此行有单元格超过 {limit} 个字符",
        "problem.too_many_cells": (
            "此行有 {count} 个单元格,表头只有 {expected} 列(多出“{value}”;名称中的逗号须加引号)"
        ),
        "problem.truncated_row": (
            "文件在此行中途结束(只有 {count} 个单元格,应为 {expected} 个,且没有换行):"
            "文件可能不完整,请重新导出"
        ),
        "problem.reserved_column": "列名“{column}”不能使用(scoplan 另有用途),请改名",
        "problem.more": "……另有 {count} 处同类问题",
        "problem.no_such_date": "没有“{value}”这一天",
        "problem.serial_date": (
            "“{value}”像是 Excel 的日期序号({date}?):请把该列设为日期格式后再导出"
        ),
        "problem.formula_without_value": (
            "公式没有保存计算结果(不是 Excel 保存的文件?):请用 Excel 打开并保存后再读取"
        ),
        "problem.case_collision": (
            "编号“{value}”与“{other}”只有大小写不同:编号区分大小写,二者会被当作两个单位"
        ),
        "problem.unknown_ref_case": (
            "“{value}”在{expected}中不存在，但有“{other}”（编号区分大小写）"
        ),
        "problem.hidden_in_id": (
            "“{value}”含有看不见的字符 {char}（第{position}个字符）：它看上去与不含该字符的编号"
            "一样，却是另一个编号；请删去该字符"
        ),
        "problem.not_in_workbook": (
            "含有 Excel 工作簿无法保存的控制字符 {char}（编号为“{id}”的记录）：为不改动数据，"
            "什么也没有写入；请在源数据中删去该字符，或改为转换成 SQLite（sqlite:///OUT.db）"
        ),
        "display.cut": "…（+{count} 字符）",
        "problem.duplicate_key": "键“{value}”出现了两次(JSON 只保留最后一个)",
        "problem.output_is_input": "输出文件是输入之一,拒绝覆盖",
        "problem.output_in_input": "输出位于本次读取的“{value}”之内,拒绝写入",
        "problem.input_in_output": (
            "输出文件夹中有本次读取的“{value}”:报告会整体替换该文件夹,请另选文件夹"
        ),
        "problem.output_not_a_folder": (
            "不是文件夹:多种格式的报告写入一个文件夹,各为 report.扩展名"
        ),
        "problem.output_looks_like_a_file": (
            "多种格式的报告写入一个文件夹(各为 report.扩展名),而此名称以“{value}”结尾,像是文件名:"
            "请只给一种格式,或指定文件夹(名称含点的文件夹请先建好)"
        ),
        "problem.output_folder_not_own": (
            "文件夹中有“{value}”,不是 scoplan 的报告:报告会整体替换该文件夹,其中只能有 "
            "report.扩展名 文件;请指定一个空的或新的文件夹"
        ),
        "problem.several_formats_need_output": "多种格式需用 --output 指定一个文件夹",
        "problem.convert_target": "输出应为 .xlsx 文件或 SQLite 地址（sqlite:///OUT.db）",
        "problem.output_is_folder": "输出是一个文件夹",
        "problem.output_exists": "输出文件已存在；如需替换，请加 --force",
        "problem.year_and_as_of": "--year 与 --as-of 重复指定了日期：只用其中一个",
        "problem.binary_needs_output": "{value} 格式是二进制文件：请用 --output 指定文件名",
        "problem.loader_failed": "数据读取器 {loader} 出错:{reason}",
        "problem.plan_years": "日期 {value} 超出可用的年份范围({expected})",
        "problem.unwritable": "无法写入:{reason}",
        "problem.plan_dates": "计划的结束日期 {value} 早于开始日期 {other}",
        "problem.bad_base_year": "基年 {value} 应在 {expected} 之间",
        "problem.too_large": "解压后超过 {limit} 字节(文件可能已损坏或被恶意构造),未读取",
        "problem.too_many_rows": "工作表超过 {limit} 行,未读取",
        "problem.needs_extra": "读取这种数据库需要另行安装:pip install '{extra}'",
        "problem.no_such_table": "数据库中没有映射文件为 {table} 指定的表“{value}”",
        "problem.no_such_column": "表中没有映射文件为 {column} 指定的列“{value}”",
        "problem.limit_rows": (
            "数据表 {table} 超过 {limit} 行,未读取(如确属正常,可提高上限:"
            "--limit {name}=N,Python 中 Limits({name}=N))"
        ),
        "problem.limit_columns": (
            "数据表 {table} 超过 {limit} 列,未读取(如确属正常,可提高上限:"
            "--limit {name}=N,Python 中 Limits({name}=N))"
        ),
        "problem.limit_cell_bytes": (
            "单元格有 {found},超过上限 {limit},未读取(如确属正常,可提高上限:"
            "--limit {name}=N,Python 中 Limits({name}=N))"
        ),
        "problem.limit_row_bytes": (
            "此行超过 {limit},未读取(如确属正常,可提高上限:--limit "
            "{name}=N,Python 中 Limits({name}=N))"
        ),
        "problem.limit_file_bytes": (
            "文件有 {found},超过上限 {limit},未读取(如确属正常,可提高上限:"
            "--limit {name}=N,Python 中 Limits({name}=N))"
        ),
        "problem.limit_json_bytes": (
            "JSON 文档有 {found},超过上限 {limit},未读取;这样大的数据宜用 CSV "
            "文件或数据库(如确属正常,也可提高上限:--limit {name}=N,"
            "Python 中 Limits({name}=N))"
        ),
        "problem.limit_part_bytes": (
            "其中的 {value} 解压后有 {found},超过上限 {limit}("
            "文件可能已损坏或被恶意构造),未读取(如确属正常,可提高上限:--limit "
            "{name}=N,Python 中 Limits({name}=N))"
        ),
        "problem.limit_strings_bytes": (
            "其中的共享字符串 {value} 解压后有 {found},超过上限 {limit}("
            "文件可能已损坏或被恶意构造),未读取(如确属正常,可提高上限:--limit "
            "{name}=N,Python 中 Limits({name}=N))"
        ),
        "problem.limit_workbook_bytes": (
            "解压后共有 {found},超过上限 {limit}(文件可能已损坏或被恶意构造),"
            "未读取(如确属正常,可提高上限:--limit {name}=N,Python 中 "
            "Limits({name}=N))"
        ),
        "problem.limit_ratio": (
            "其中的 {value} 解压后是压缩时的 {found} 倍,超过上限 {limit} "
            "倍(疑为“压缩炸弹”),未读取(如确属正常,可提高上限:--limit "
            "{name}=N,Python 中 Limits({name}=N))"
        ),
        "problem.limit_milestones": (
            "计划有 {found} 个里程碑,超过上限 {limit},未读取(如确属正常,"
            "可提高上限:--limit {name}=N,Python 中 Limits("
            "{name}=N))"
        ),
        "problem.limit_plan_bytes": (
            "计划文件有 {found},超过上限 {limit},未读取(如确属正常,可提高上限:"
            "--limit {name}=N,Python 中 Limits({name}=N))"
        ),
        "problem.bad_limit": (
            "“{value}”不是可用的上限(应写作 名称=数值,如 rows=50000000;名称为 {expected} 之一)"
        ),
        "convert.written": "已写入 {target}:{tables} 张表,共 {rows} 行",
        "problem.folder_gone": "当前文件夹已不存在(已被删除):请在一个存在的文件夹中重新运行",
        "problem.disk_full": "磁盘已满,未写入(原有的文件不变)",
        "problem.too_deep": "JSON 嵌套过深,不是 scoplan 的报告",
        "cli.stdout_closed": "标准输出已关闭(可用 --output 写入文件)",
        "cli.interrupted": "已中断",
    },
    "en": {
        **_COLLECTION_EN,
        "status.met": "met",
        "status.met_late": "met late",
        "status.not_met": "not met",
        "status.pending": "pending",
        "status.on_track": "on track",
        "status.off_track": "off track",
        "status.no_data": "no data",
        "status.error": "error",
        "status.info": "indicator",
        "unit.per_community": "per community",
        "unit.share": "share",
        "unit.count": "count",
        "noun.organizations": "organizations",
        "noun.organizations.one": "organization",
        "noun.townships": "townships",
        "noun.townships.one": "township",
        "noun.communities": "communities",
        "noun.communities.one": "community",
        "noun.districts": "districts",
        "noun.districts.one": "district",
        "noun.service_centres": "service centres",
        "noun.service_centres.one": "service centre",
        "noun.academies": "academies",
        "noun.academies.one": "academy",
        "noun.plans": "plans",
        "noun.plans.one": "plan",
        "noun.observation_points": "observation points",
        "noun.observation_points.one": "observation point",
        "noun.pilot_communities": "pilot communities",
        "noun.pilot_communities.one": "pilot community",
        "noun.brand_organizations": "brand organizations",
        "noun.brand_organizations.one": "brand organization",
        "noun.brand_projects": "brand projects",
        "noun.brand_projects.one": "brand project",
        "noun.trainings": "trainings",
        "noun.trainings.one": "training",
        "noun.selections": "selections",
        "noun.selections.one": "selection",
        "noun.programmes": "公益创投 programmes",
        "noun.programmes.one": "公益创投 programme",
        "noun.establishments": "establishments",
        "noun.establishments.one": "establishment",
        "noun.items": "items",
        "noun.items.one": "item",
        "reason.no_manager": "not registered and no managing body",
        "reason.size_unknown": "not registered and size not recorded",
        "reason.large_not_township": "large: should be managed by the township or street office",
        "reason.small_not_community": "small: should be guided by the village/residents' committee",
        "detail.categories": "by category",
        "detail.by_group": "by group served",
        "detail.unserved": "groups no organization serves",
        "detail.reasons": "reasons",
        "report.title": "Community social organization plan: evaluation",
        "report.plan": "Plan",
        "report.as_of": "As of",
        "report.input": "Data checksum",
        "report.summary": "Summary",
        "report.milestone": "Target",
        "report.scope": "Scope",
        "report.due": "Deadline",
        "report.status": "Status",
        "report.value": "Actual",
        "report.required": "Target",
        "report.gap": "Gap",
        "report.clause": "Clause",
        "report.now": "now",
        "report.no_longer_holds": "met by the due date, no longer holds",
        "report.shortfall": "Short",
        "report.and_more": "… {total} in all",
        "report.evidence": "{numerator} / {denominator}",
        "report.reading": "How it is read",
        "report.run_errors": "Run errors",
        "report.warnings": "Warnings about the data ({count}: check them)",
        "report.warnings_more": "… and {count} more, in the JSON report",
        "report.readings": "How scopes are read",
        "report.history": "Year-end figures",
        "report.target": "Target",
        "report.contents": "Contents",
        "report.total": "Total",
        "report.results_total": "{total} results in all",
        "report.chart": "{title}: actual against target, by scope",
        "report.legend.value": "actual",
        "report.legend.required": "target",
        "report.evidence_label": "Calculation",
        "report.clauses": "Clauses",
        "report.details": "What needs attention",
        "report.unit": "Unit",
        "report.unit_id": "ID",
        "report.need": "Needs",
        "report.reason": "Reason",
        "report.level": "Level",
        "report.measured_on": "Measured on",
        "report.listed": "{shown} of {total} listed",
        "report.show_all": "all {total}",
        "report.no_results": "No results",
        "report.generated": "Made by scoplan {version}",
        "report.message": "Note",
        "report.id": "ID",
        "report.progress": "Actual and target",
        "report.value_target": "{value}; target {target}",
        "report.then_now": "at the deadline {then}; now {now}",
        "report.now_done": "met",
        "report.lapsed": "met by the deadline, no longer met ({why})",
        "report.short_now": "Units short now (as of {date})",
        "report.parts": "By district",
        "report.source": "Data source",
        "report.source_modified": "modified {time}",
        "report.modified": "Modified",
        "report.source_rows": "{table}: {rows} rows",
        "report.label": "{label}: {text}",
        "report.chart_value": "{value} (target {target})",
        "report.plan_version": "{title} (version {version})",
        "report.list_sep": "; ",
        "report.adjust": "to adjust this, change the parameters in the plan file",
        "report.date": "{year}-{month}-{day}",
        "report.district": "District",
        "report.township": "Township",
        "report.unit_short": "{name} ({id})",
        "report.need_short": "needs {need}",
        "report.not_covered": "not covered",
        "report.projection_used": "{method} used ({why})",
        "report.projection_why.plan": "the plan's method",
        "report.projection_why.run": "the method asked for in this run",
        "report.projection_other": "the {method} would say {status}",
        "report.legend.value_now": "actual now",
        "report.listed_all": "{total} in all",
        "report.summary_line": "{total} results evaluated: {counts}.",
        "report.count_item": "{count} {status}",
        "report.docx_title": "Evaluation of the community social organization plan",
        "report.docx_intro": (
            "Under {plan}, each target of the plan is evaluated as of {as_of} against {source}."
        ),
        "report.docx_clauses": "The plan's words",
        "report.docx_none": "Every target of this kind is met.",
        "report.docx_data": "Annex: data source",
        "report.docx_data_words": "the register data provided (see the annex)",
        "where.city": "the whole city",
        "comparator.ge": "at least {target}",
        "comparator.gt": "more than {target}",
        "comparator.le": "at most {target}",
        "comparator.lt": "less than {target}",
        "comparator.eq": "exactly {target}",
        "comparator.ge.share": "at least {target}",
        "comparator.gt.share": "more than {target}",
        "comparator.le.share": "at most {target}",
        "comparator.lt.share": "less than {target}",
        "comparator.eq.share": "exactly {target}",
        "value.per_community": "{value} per community",
        "value.count": "{value}",
        "value.share": "{value}",
        "value.count.trainings": "{value}",
        "value.count.brand-selection": "{value}",
        "value.count.brand-organizations": "{value}",
        "target.value.per_community": "{value}",
        "evidence.default": "{numerator} ÷ {denominator}",
        "evidence.urban-average": "{numerator} organizations ÷ {denominator} urban communities",
        "evidence.rural-average": "{numerator} organizations ÷ {denominator} rural communities",
        "evidence.township-federation-coverage": (
            "{numerator} townships with a federation ÷ {denominator} townships"
        ),
        "evidence.community-federation-coverage": (
            "{numerator} urban communities with a federation ÷ {denominator} urban communities"
        ),
        "evidence.gongyi-district-coverage": (
            "{numerator} districts that held a social venture ÷ {denominator} districts"
        ),
        "evidence.gongyi-township-coverage": (
            "{numerator} townships that held a social venture ÷ {denominator} townships"
        ),
        "evidence.registration": (
            "{numerator} organizations registered or properly managed ÷ {denominator} organizations"
        ),
        "evidence.charters": (
            "{numerator} organizations with a charter ÷ {denominator} organizations"
        ),
        "evidence.disclosure": (
            "{numerator} communities with a disclosure system ÷ {denominator} communities"
        ),
        "evidence.activity-reporting": (
            "{numerator} units with a reporting system ÷ {denominator} units"
        ),
        "evidence.priority-fields": (
            "{numerator} organizations in priority fields ÷ {denominator} organizations"
        ),
        "gap.urban-average": "{amount} more {noun} in the urban communities of {where}",
        "gap.rural-average": "{amount} more {noun} in the rural communities of {where}",
        "gap.share_all": "{amount} {noun} not covered",
        "gap.share_more": "{amount} more {noun} to cover ({total} not covered)",
        "gap.share_all.registration": "{amount} {noun} neither registered nor properly managed",
        "gap.share_more.registration": (
            "{amount} more {noun} to register or manage properly ({total} are not)"
        ),
        "gap.share_all.charters": "{amount} {noun} without a simple charter",
        "gap.share_more.charters": "{amount} more {noun} to adopt a charter ({total} have none)",
        "gap.share_all.disclosure": "{amount} {noun} without a disclosure system",
        "gap.share_more.disclosure": (
            "{amount} more {noun} to set up a disclosure system ({total} have none)"
        ),
        "gap.share_all.activity-reporting": "{amount} {noun} without a reporting system",
        "gap.share_more.activity-reporting": (
            "{amount} more {noun} to set up a reporting system ({total} have none)"
        ),
        "gap.count.service_centres": "{amount} more {noun} to open",
        "gap.count.academies": "{amount} more {noun} to open",
        "gap.count.plans": "{amount} more {noun} to adopt",
        "gap.count.observation_points": "{amount} more {noun} to designate",
        "gap.count.pilot_communities": "{amount} more {noun} to designate",
        "gap.count.trainings": "{amount} more {noun} to hold",
        "gap.count.selections": "{amount} more {noun} to hold",
        "lapsed.service_centres": "the service centre has closed",
        "lapsed.academies": "the academy has closed",
        "lapsed.plans": "the plan has lapsed",
        "lapsed.observation_points": "the observation point has closed",
        "milestone.default": "{what}, {where} ({year})",
        "milestone.urban-average": "Mean organizations per urban community, {where} ({year})",
        "milestone.rural-average": "Mean organizations per rural community, {where} ({year})",
        "milestone.service-centres": "Cultivation service centre open, {where} ({year})",
        "milestone.township-federation-coverage": (
            "Township-level federation coverage, {where} ({year})"
        ),
        "milestone.community-federation-coverage": (
            "Urban community federation coverage, {where} ({year})"
        ),
        "milestone.gongyi-district-coverage": (
            "District social-venture (gongyi chuangtou) coverage, {where} ({year})"
        ),
        "milestone.gongyi-township-coverage": (
            "Township social-venture (gongyi chuangtou) coverage, {where} ({year})"
        ),
        "milestone.brand-organizations": "Brand community social organizations, {where} ({year})",
        "milestone.brand-projects": "CSO brand projects, {where} ({year})",
        "milestone.observation-points": "Cultivation observation points, {where} ({year})",
        "milestone.rural-pilots": "Rural cultivation pilots, {where} ({year})",
        "milestone.development-plans": "Three-year CSO development plan, {where} ({year})",
        "milestone.trainings": "CSO cultivation trainings, {own} ({year})",
        "milestone.governance-academies": "Community governance academy, {where} ({year})",
        "milestone.registration": (
            "Organizations registered or properly managed, {where} ({year})"
        ),
        "milestone.charters": "Organizations with a simple charter, {where} ({year})",
        "milestone.disclosure": "Communities with a disclosure system, {where} ({year})",
        "milestone.activity-reporting": "Major-activity reporting systems, {where} ({year})",
        "milestone.brand-selection": "Brand selections, {own} ({year})",
        "milestone.priority-fields": "Organizations in priority fields, {where} ({year})",
        "milestone.special-groups": "Organizations serving special groups, {where} ({year})",
        "target.gongyi-district-coverage": "District social-venture (gongyi chuangtou) coverage",
        "target.gongyi-township-coverage": "Township social-venture (gongyi chuangtou) coverage",
        "column.gap_now_amount": "gap now",
        "column.district": "district",
        "column.township": "township",
        "level.city": "city level",
        "level.district": "district",
        "level.districts": "districts",
        "level.group": "district group",
        "level.township": "township",
        "level.community": "community",
        "level.organization": "organization",
        "sheet.summary": "Summary",
        "sheet.shortfall": "Shortfall",
        "sheet.warnings": "Warnings",
        "check.error": "error",
        "check.warning": "warning",
        "check.clean": "{source}: no problem found",
        "check.summary": "{source}: {errors} errors, {warnings} warnings",
        "check.summary_sheet": "Summary",
        "check.city_sheet": "City and whole files",
        "check.column.district": "District",
        "check.column.errors": "Errors",
        "check.column.warnings": "Warnings",
        "check.column.severity": "Kind",
        "check.column.source": "File",
        "check.column.row": "Row",
        "check.column.column": "Column",
        "check.column.value": "Value",
        "check.column.message": "Problem",
        "warning.source": "File",
        "warning.table": "Table",
        "warning.row": "Row",
        "warning.column": "Column",
        "warning.value": "Value",
        "warning.message": "Message",
        "sheet.city": "City level",
        "sheet.district": "Districts",
        "sheet.districts": "Several districts",
        "sheet.group": "District groups",
        "column.milestone": "target id",
        "column.target": "target kind",
        "column.title": "target",
        "column.scope_level": "scope level",
        "column.scope_id": "scope id",
        "column.scope_name": "scope",
        "column.due": "deadline",
        "column.measured_on": "measured on",
        "column.status": "status",
        "column.value": "actual",
        "column.required": "required",
        "column.comparator": "comparator",
        "column.unit": "unit",
        "column.value_now": "actual now",
        "column.gap_amount": "gap",
        "column.gap_noun": "gap noun",
        "column.units_short": "units short",
        "column.units_total": "units short in all",
        "column.clauses": "clauses",
        "column.reading": "reading",
        "column.message": "note",
        "column.unit_level": "unit level",
        "column.unit_id": "unit id",
        "column.unit_name": "unit name",
        "column.unit_value": "unit actual",
        "column.need": "needs",
        "column.reason": "reason",
        "column.count": "count",
        "column.item": "item",
        "diff.title": "What changed between two reports",
        "diff.before": "Before",
        "diff.after": "After",
        "diff.summary": "{changed} of {matched} results changed; {flipped} changed status",
        "diff.entered": "now short",
        "diff.partial": "a report lists only some of the short units: compared among those listed",
        "diff.left": "no longer short",
        "diff.only_before": "only in the earlier report",
        "diff.only_after": "only in the later report",
        "report.projection": "Projection",
        "projection.linear": "linear trend",
        "projection.cagr": "growth ratio (Open SDG)",
        "projection.projected": "projected {value} on {due}",
        "projection.ratio": "observed to required annual growth {ratio} (on track at 0.95)",
        "projection.too_few_points": "fewer than two points of history: no projection",
        "projection.zero_base": (
            "the base value is zero: the growth method does not apply, no projection"
        ),
        "projection.no_growth_needed": (
            "no growth is needed: the growth method does not apply, no projection"
        ),
        "projection.single_year": (
            "only the deadline year's events count: earlier years show no trend, no projection"
        ),
        "needed.per_community": (
            "{rate} more organizations per community per year on average until {due}"
        ),
        "needed.share": "{rate} percentage points more per year until {due}",
        "needed.count": "{rate} more per year until {due}",
        "needed.less.per_community": "{rate} fewer per community per year until {due}",
        "needed.less.share": "{rate} percentage points less per year until {due}",
        "needed.less.count": "{rate} fewer per year until {due}",
        "gap.more": "{amount} more {noun}",
        "gap.less": "{amount} fewer {noun}",
        "scope.city": "city level",
        "problem.where.row": "row {row}",
        "problem.where.index": "item {index}",
        "problem.where.column": "column {column}",
        "problem.message": "{text}",
        "problem.unreadable": "cannot be read: {reason}",
        "problem.not_found": "no such file or folder",
        "problem.bad_encoding": "line {line} is neither UTF-8 nor GB18030 (save the file as UTF-8)",
        "problem.no_tables": "no data tables found (expected districts.csv and the others)",
        "problem.missing_table": "the table {table} is missing",
        "problem.unknown_table": "{table!r} is not a table of the data: skipped",
        "problem.duplicate_table": "the table {table} is given twice (also as {other})",
        "problem.missing_column": "the required column {column!r} is missing",
        "problem.duplicate_column": ("the column {column!r} is given twice (already as {other!r})"),
        "problem.missing_value": "a required value is empty",
        "problem.bad_date": (
            "{value!r} is not a date (write YYYY-MM-DD, such as 2021-09-14; 2021/9/14 and "
            "2021年9月14日 are read too)"
        ),
        "problem.bad_bool": "{value!r} is not a yes/no value (expected true/false, 1/0, 是/否)",
        "problem.bad_code": "{value!r} is not allowed here (expected one of {expected})",
        "problem.duplicate_id": "the id {value!r} is used twice (first at row {first_row})",
        "problem.id_exists": "the id {value!r} is already in the data",
        "problem.ambiguous_id": "the id {value!r} is used in several tables: {tables}",
        "problem.unknown_ref": "{value!r} does not exist in {expected}",
        "problem.unknown_unit": (
            "{value!r} is neither the city level nor an id in {expected} "
            "(write the city level as city or 市本级)"
        ),
        "problem.date_order": "{column} {value!r} is before {other} {other_value!r}",
        "problem.unknown_code": (
            "{value!r} is not a known code ({count} rows: {rows}); it counts towards no target"
        ),
        "problem.unknown_code_near": (
            "{value!r} is not a known code ({count} rows: {rows}); did you mean "
            "{suggestion!r}? As written it counts towards no target"
        ),
        "problem.future_date": "the date {value} is after today ({today}): check it",
        "problem.total_row": "a total row is not data: skipped",
        "problem.registration_blank": (
            "{count} organizations have no registration (rows {rows}): the measures count "
            "registered and filed organizations only, as civil-affairs statistics do, so these "
            'count nowhere by default; fill it in, or add "unknown" to a plan\'s registration'
        ),
        "problem.title_rows": "the header is row {header}; the title rows above it are skipped",
        "problem.mapping_table": "{table!r} is not a table (expected one of {expected})",
        "problem.unknown_table_near": "unknown table {table!r}: did you mean {suggestion}?",
        "problem.scientific_codes": (
            "{count} codes of this column were written by Excel in scientific notation (such "
            "as {value!r}), which loses their last digits: format the column as Text in Excel "
            "and enter the codes again (or export them again from the system they come from)"
        ),
        "problem.parent_code": (
            "the official code {id!r} belongs to {points_name} ({points}), but the row is "
            "filed under {value!r}: check it"
        ),
        "problem.parent_code_absent": (
            "the official code {id!r} belongs under {points}, but the row is filed under "
            "{value!r}: check it"
        ),
        "problem.duplicate_code": "the code {value!r} is registered twice ({plugin} and {other})",
        "problem.bad_json": "not valid JSON: {reason}",
        "problem.bad_shape": "wrong shape: {reason}",
        "problem.bad_toml": "not valid TOML: {reason}",
        "problem.plan_field": "{reason}",
        "problem.unknown_target": "unknown target kind {value!r} (installed: {expected})",
        "problem.unknown_district": "the district {value!r} is not in the data",
        "problem.unknown_group": "no district group {value!r} is defined",
        "problem.empty_area": "no district of the data is in the plan's area {value!r}",
        "problem.bad_projection": "unknown projection method {value!r} (one of {expected})",
        "problem.bad_schema_version": (
            "not a JSON report of this version (schema_version {value}, expected {expected})"
        ),
        "problem.bad_scope": "a scope names either districts or a group, not both",
        "problem.duplicate_milestone": "the milestone id {value!r} is used twice",
        "problem.due_outside": "the due date {value} is outside the plan's years {expected}",
        "problem.unknown_plan": "unknown plan {value!r} (installed: {expected})",
        "problem.plugin_failed": "the plugin {plugin} failed to load: {reason}",
        "problem.bad_timeout": "the time limit of a target, {value}, must be seconds above 0",
        "problem.renderer_failed": "the renderer {renderer} (plugin {plugin}) failed: {reason}",
        "error.timeout": "timed out: took longer than {seconds} s",
        "problem.duplicate_target": (
            "the target kind {value!r} is registered twice ({plugin} and {other})"
        ),
        "problem.duplicate_plan": "the plan {value!r} is registered twice",
        "problem.duplicate_loader": (
            "the loader {value!r} is registered twice ({plugin} and {other})"
        ),
        "problem.duplicate_renderer": (
            "the format {value!r} is registered twice ({plugin} and {other})"
        ),
        "problem.no_loader": "no loader reads this source (loaders: {expected})",
        "problem.unknown_format": "unknown report format {value!r} (formats: {expected})",
        "problem.bad_registration": "the plugin {plugin} registered something invalid: {reason}",
        "problem.utf16": "the file is UTF-16 (Excel's “Unicode text”): save it as “CSV UTF-8”",
        "problem.truncated_character": (
            "the file ends in the middle of a character on line {line}: it seems cut short; "
            "export it again"
        ),
        "problem.mixed_encoding": (
            "the file mixes two encodings: line {line} is not UTF-8, line {other} is (save the "
            "whole file as UTF-8)"
        ),
        "problem.empty_file": "the file is empty: it needs a header row at least ({expected})",
        "problem.bad_delimiter": (
            "the header's cells are separated by {delimiter!r}, not commas (save the file as "
            "comma-separated CSV)"
        ),
        "problem.unclosed_quote": (
            'a quote (") opened in this row is never closed: the file seems cut short, or a '
            "cell has a stray quote"
        ),
        "problem.bad_quote": (
            'a quoted cell goes on after its closing quote (a quote inside a cell is written "")'
        ),
        "problem.cell_too_long": "a cell of this row is longer than {limit} characters",
        "problem.too_many_cells": (
            "the row has {count} cells but the header {expected} (the first extra one holds "
            "{value!r}; a comma in a name needs quotes)"
        ),
        "problem.truncated_row": (
            "the file ends in the middle of this row ({count} of {expected} cells, no line "
            "end): it seems cut short; export it again"
        ),
        "problem.reserved_column": "the column name {column!r} cannot be used: rename it",
        "problem.more": "… and {count} more like this",
        "problem.no_such_date": "there is no such day as {value!r}",
        "problem.serial_date": (
            "{value!r} looks like an Excel day number ({date}?): format the column as dates "
            "before exporting"
        ),
        "problem.formula_without_value": (
            "formula without a saved value (not saved by Excel?): open and save the file in Excel"
        ),
        "problem.case_collision": (
            "the id {value!r} differs from {other!r} only in case: ids are case-sensitive, so "
            "these are two units"
        ),
        "problem.unknown_ref_case": (
            "{value!r} does not exist in {expected}, but {other!r} does (ids are case-sensitive)"
        ),
        "problem.hidden_in_id": (
            "{value!r} holds the invisible character {char} (character {position}): it looks "
            "like the id without it but is another one; delete the character"
        ),
        "problem.not_in_workbook": (
            "holds the control character {char}, which an Excel workbook cannot hold (the "
            "record with id {id!r}): nothing was written, so that no data is changed; delete "
            "the character in the source, or convert to SQLite instead (sqlite:///OUT.db)"
        ),
        "display.cut": "…(+{count} chars)",
        "problem.duplicate_key": "the key {value!r} is given twice (JSON keeps only the last)",
        "problem.output_is_input": "the output is one of the inputs; refusing to overwrite it",
        "problem.output_in_input": (
            "the output is inside {value}, which this run reads; refusing to write there"
        ),
        "problem.input_in_output": (
            "the output folder holds {value}, which this run reads, and the reports replace "
            "the folder as a whole: name another folder"
        ),
        "problem.output_not_a_folder": (
            "not a folder: several formats are written into a folder, each as report.EXT"
        ),
        "problem.output_looks_like_a_file": (
            "several formats are written into a folder, each as report.EXT, and this name ends "
            "in {value!r} like a file's: give one format, or name a folder (create it first if "
            "its name has a dot)"
        ),
        "problem.output_folder_not_own": (
            "the folder holds {value!r}, which is not a scoplan report; the reports replace the "
            "folder as a whole, so it may hold only report.EXT files: name an empty or new folder"
        ),
        "problem.several_formats_need_output": "several formats need --output naming a folder",
        "problem.convert_target": "the output is an .xlsx file or a SQLite URL (sqlite:///OUT.db)",
        "problem.output_is_folder": "the output is a folder",
        "problem.output_exists": "the output exists; use --force to replace it",
        "problem.year_and_as_of": "--year and --as-of name the date twice: give one of them",
        "problem.binary_needs_output": "the {value} format is binary: name a file with --output",
        "problem.loader_failed": "the loader {loader} failed: {reason}",
        "problem.plan_years": "the date {value} is outside the years scoplan reads ({expected})",
        "problem.unwritable": "cannot be written: {reason}",
        "problem.plan_dates": "the plan ends ({value}) before it starts ({other})",
        "problem.bad_base_year": "the base year {value} must be in {expected}",
        "problem.too_large": (
            "more than {limit} bytes unpacked (a damaged or malicious file?): not read"
        ),
        "problem.too_many_rows": "the sheet has more than {limit} rows: not read",
        "problem.needs_extra": "reading this database needs: pip install '{extra}'",
        "problem.no_such_table": "the database has no table {value!r} (the mapping's {table})",
        "problem.no_such_column": "the table has no column {value!r} (the mapping's {column})",
        "problem.limit_rows": (
            "the table {table} has more than {limit} rows: not read (if that is right, raise "
            "the limit: --limit {name}=N, or Limits({name}=N) in Python)"
        ),
        "problem.limit_columns": (
            "the table {table} has more than {limit} columns: not read (if that is right, "
            "raise the limit: --limit {name}=N, or Limits({name}=N) in Python)"
        ),
        "problem.limit_cell_bytes": (
            "a cell of {found}, over the limit of {limit}: not read (if that is right, raise "
            "the limit: --limit {name}=N, or Limits({name}=N) in Python)"
        ),
        "problem.limit_row_bytes": (
            "a line longer than {limit}: not read (if that is right, raise the limit: "
            "--limit {name}=N, or Limits({name}=N) in Python)"
        ),
        "problem.limit_file_bytes": (
            "the file is {found}, over the limit of {limit}: not read (if that is right, "
            "raise the limit: --limit {name}=N, or Limits({name}=N) in Python)"
        ),
        "problem.limit_json_bytes": (
            "the JSON document is {found}, over the limit of {limit}: not read; a register "
            "this large reads better as CSV files or a database (or raise the limit: "
            "--limit {name}=N, or Limits({name}=N) in Python)"
        ),
        "problem.limit_part_bytes": (
            "its part {value} unpacks to {found}, over the limit of {limit} (a damaged or "
            "malicious file?): not read (if that is right, raise the limit: --limit {name}=N,"
            " or Limits({name}=N) in Python)"
        ),
        "problem.limit_strings_bytes": (
            "its shared strings {value} unpack to {found}, over the limit of {limit} (a "
            "damaged or malicious file?): not read (if that is right, raise the limit: "
            "--limit {name}=N, or Limits({name}=N) in Python)"
        ),
        "problem.limit_workbook_bytes": (
            "it unpacks to {found} in all, over the limit of {limit} (a damaged or malicious "
            "file?): not read (if that is right, raise the limit: --limit {name}=N, or "
            "Limits({name}=N) in Python)"
        ),
        "problem.limit_ratio": (
            "its part {value} unpacks to {found} times its packed size, over the limit of "
            "{limit} (a zip bomb?): not read (if that is right, raise the limit: --limit "
            "{name}=N, or Limits({name}=N) in Python)"
        ),
        "problem.limit_milestones": (
            "the plan has {found} milestones, over the limit of {limit}: not read (if that "
            "is right, raise the limit: --limit {name}=N, or Limits({name}=N) in Python)"
        ),
        "problem.limit_plan_bytes": (
            "the plan file is {found}, over the limit of {limit}: not read (if that is right,"
            " raise the limit: --limit {name}=N, or Limits({name}=N) in Python)"
        ),
        "problem.bad_limit": (
            "{value!r} is not a limit (write NAME=VALUE, such as rows=50000000; NAME is one "
            "of {expected})"
        ),
        "convert.written": "wrote {target}: {tables} tables, {rows} rows",
        "problem.folder_gone": (
            "the current folder no longer exists (it was deleted): run again from a folder "
            "that exists"
        ),
        "problem.disk_full": "the disk is full: nothing was written (an earlier file is unchanged)",
        "problem.too_deep": "the JSON is nested too deeply to be a scoplan report",
        "cli.stdout_closed": "standard output is closed (--output writes to a file)",
        "cli.interrupted": "interrupted",
    },
}


CATEGORY_NAMES_EN = {
    "life_services": "life services",
    "charity": "public welfare and charity",
    "mutual_aid": "resident mutual aid",
    "governance": "community governance",
    "culture_sports": "culture and sports",
    "volunteer": "volunteer service",
    "other": "other",
    "unknown": "not recorded",
}
GROUP_NAMES_EN = {
    "elderly": "elderly",
    "women": "women",
    "children": "children",
    "disabled": "people with disabilities",
    "unemployed": "unemployed",
    "migrant_workers": "migrant workers",
    "children_of_detainees": "minor children of people deprived of liberty",
    "hardship_families": "families in hardship",
    "mental_disorders": "people with severe mental disorders",
    "troubled_youth": "young people with misconduct",
    "community_correction": "people under community correction",
}


def code_name(kind: str, code: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The name of a code of DATA.md (``category`` or ``group``) in ``lang``.

    Chinese names come from the schema's aliases; a code a plugin added is shown as is.
    """
    from scoplan.schema import CATEGORIES, SPECIAL_GROUPS

    if lang == "en":
        names = CATEGORY_NAMES_EN if kind == "category" else GROUP_NAMES_EN
        return names.get(code, code)
    if code == "unknown":
        return "未填"
    aliases = (CATEGORIES if kind == "category" else SPECIAL_GROUPS).get(code)
    return aliases[0] if aliases else code


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def translate(
    key: str,
    lang: str = DEFAULT_LANGUAGE,
    terms: Mapping[str, str] | None = None,
    /,
    **values: Any,
) -> str:
    """The catalogue entry ``key`` in ``lang``, with ``values`` filled in.

    ``terms`` are a plan's own words for some keys in this language (``Plan.terms``); they
    win over the catalogue. An unknown language falls back to Chinese and an unknown key to
    the key itself, so a missing word never crashes a report.
    """
    catalogue = CATALOGUES.get(lang, CATALOGUES[DEFAULT_LANGUAGE])
    own = (terms or {}).get(key)
    if own:
        # a plan's words are data: filled in, never evaluated (no ``{amount.__class__}``)
        return _fill_plain(own, values)
    template = catalogue.get(key) or CATALOGUES[DEFAULT_LANGUAGE].get(key) or key
    return template.format_map(_Missing(values))


_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
"""What a template from data may hold: ``{name}``, and ``{{``/``}}`` for a brace."""


def _fill_plain(template: str, values: Mapping[str, Any]) -> str:
    """A template that comes from data (a plan's ``terms``) with its ``{name}`` placeholders
    filled in, as data: no format spec (``{amount:>100000000}`` would pad to 100 MB), no
    conversion, no attribute or item of a value. Anything else between braces is left as
    written, and nothing raises."""

    def fill(match: re.Match[str]) -> str:
        text = match.group(0)
        if text in ("{{", "}}"):
            return text[0]
        name = match.group(1)
        return str(values[name]) if name in values else text

    return _PLACEHOLDER.sub(fill, template)


class _Shown(str):
    """A value of a message as shown: passwords masked, control characters escaped, cut.

    ``{value}`` gives the escaped text; ``{value!r}`` the ``repr`` of the text kept (which
    escapes in its own way), then the cut mark.
    """

    quoted: str

    @classmethod
    def of(cls, text: str, limit: int | None, lang: str) -> _Shown:
        from scoplan._display import clipped, escaped

        kept, mark = clipped(text, limit, lang)
        made = cls(escaped(kept) + mark)
        made.quoted = repr(kept) + mark
        return made

    def __repr__(self) -> str:
        return self.quoted


_SHORT_VALUES = frozenset({"value", "column", "table", "other", "other_value", "id"})
"""The values of a message that come from a cell or a header, cut shorter than the rest."""


def _message_values(values: Mapping[str, Any], lang: str) -> dict[str, Any]:
    from scoplan._display import NAME_LIMIT, TEXT_LIMIT

    return {
        key: _Shown.of(value, NAME_LIMIT if key in _SHORT_VALUES else TEXT_LIMIT, lang)
        if isinstance(value, str)
        else value
        for key, value in values.items()
    }


def describe_problem(problem: Problem, lang: str = DEFAULT_LANGUAGE) -> str:
    """One line for a user: where the problem is, then what is wrong and what was expected.

    What comes from the data or the command line is shown safely (:mod:`scoplan._display`):
    a database URL's password as ``***``, control characters escaped, a long value cut. A
    column is named as the user's header wrote it, where the loader knows it.
    """
    from scoplan._display import TEXT_LIMIT

    where = [str(_Shown.of(problem.source, TEXT_LIMIT, lang))]
    column = problem.params.get("header", problem.column)
    if problem.row is not None:
        where.append(translate("problem.where.row", lang, row=problem.row))
    if problem.index is not None:
        where.append(translate("problem.where.index", lang, index=problem.index))
    if column is not None:
        shown = _message_values({"column": column}, lang)["column"]
        where.append(translate("problem.where.column", lang, column=shown))
    values: dict[str, Any] = {"table": problem.table, "column": column}
    values["value"] = problem.value
    values.update(problem.params)
    if "other_header" in problem.params:
        values["other"] = problem.params["other_header"]
    if lang == "zh":
        # a param given in Chinese too (``reason_zh`` beside ``reason``) is said in Chinese
        values.update({k[:-3]: v for k, v in problem.params.items() if k.endswith("_zh")})
    what = translate(f"problem.{problem.code}", lang, **_message_values(values, lang))
    comma, colon = ("，", "：") if lang == "zh" else (", ", ": ")
    return comma.join(where) + colon + what
