"""新建考核: a scheme's policy as a form — each parameter with its default and its clause.

Nothing here knows a rule: the fields are the scheme's committed policy (service/policies/<scheme>.json)
walked leaf by leaf; a leaf's clause is the seed clause its policy model cites (a `clause` beside it, the
comment above its field, or its model's docstring), read from schemas/<scheme>.py, the one home of both.
What the clerk changes becomes the round's `policy` override, validated by `RoundCreate` and the scheme's
policy model exactly as `POST /api/rounds` does.
"""

from __future__ import annotations

import copy
import inspect
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from service.rules.registry import default_policy_data, get_scheme

PREFIX = "policy"
# Structure, not parameters: names, keys, clause citations, the timetable (the round's dates come from
# its notice date) and the catalogues of 003/004, which a unit edits in the policy file, not per round.
SKIPPED = frozenset(
    {"clause", "key", "label", "categories", "title", "tasks", "task", "stage", "name", "code", "note"}
    | {"unit", "kind", "range", "grades", "timeline", "items", "catalogue", "conditions", "veto_reasons"}
    | {"categories_points", "responsible", "halved_when", "grade_sets"}
)
CHOICES: dict[str, tuple[tuple[str, str], ...]] = {
    "rounding": (("floor", "向下取整"), ("half_up", "四舍五入"), ("ceil", "向上取整")),
    "excellent_rounding": (("floor", "向下取整"), ("half_up", "四舍五入"), ("ceil", "向上取整")),
    "worker_rounding": (("floor", "向下取整"), ("half_up", "四舍五入"), ("ceil", "向上取整")),
    "tie_at_boundary": (("include_all", "并列者均获得"), ("exclude_all", "并列者均暂不获得，待党组决定")),
}
LABELS = {
    "issuer": "考核单位",
    "basis": "制定依据",
    "cut_off": "截止日（月-日）",
    "min_months": "在中心工作满（月）",
    "ratio": "比例",
    "rounding": "取整方式",
    "overlap_with_excellent": "可与优秀重复",
    "at_least_one": "不满1人的可推荐1人",
    "heads_counted": "负责人计入部门初评",
    "quarterly_excellent_check": "优秀从季度优秀较多者中产生（提醒）",
    "publicity_working_days": "公示（工作日）",
    "publicity_min_working_days": "公示不少于（工作日）",
    "month_day": "月-日",
    "next_year": "次年",
    "date": "日期（月-日）",
    "excellent_pools": "优秀名额",
    "advanced": "先进个人",
    "recommendation": "初评推荐",
    "groups": "推荐分组",
    "submission_deadline": "表格上交截止",
    "default_grade": "默认等次",
    "quotas": "等次名额",
    "excellent_disqualification": "不得评为优秀的情形",
    "bad_reviews_min": "差评达到（次）",
    "complaints_min": "投诉达到（次）",
    "personal_leave_days_max": "事假超过（天）",
    "months_on_post_min": "在岗不足（月）",
    "violation_notices_max": "违规通报超过（次）",
    "refused_tasks_min": "拒绝工作任务达到（次）",
    "basic_or_fail": "可定为基本合格或不合格的情形",
    "reviews_and_complaints_min": "差评与投诉合计达到（次）",
    "late_or_disobey_max": "迟到早退或不服从安排超过（次）",
    "monthly_low_or_patrol_max": "月度考评靠后或巡查问题超过（次）",
    "ceiling": "视情可确定的最高等次",
    "wage_step": "晋升工资档次",
    "excellent_years": "连续优秀（年）",
    "praise_years": "连续表扬（年）",
    "praise_run_includes_excellent": "优秀计入连续表扬",
    "steps": "晋升档数",
    "termination": "解除劳动合同",
    "basic_pass_years": "连续基本合格（年）",
    "fail_years": "不合格（年）",
    "bonus": "考核奖",
    "deductions": "扣减",
    "bad_review": "每次差评扣（元）",
    "complaint": "每次投诉扣（元）",
    "other_violation": "每次其他违规扣（元）",
    "grade_share": "按等次扣减应发比例",
    "floor_at_zero": "扣减后不低于0",
    "amounts": "金额",
    "bonus_month": "月额度（元）",
    "dedication": "敬业奉献奖（元）",
    "weights": "权重",
    "kpi": "KPI",
    "bpi": "BPI",
    "opi": "OPI",
    "bands": "分数段下限",
    "score_decimals": "得分保留小数位",
    "good_ratio": "好等次比例上限",
    "annual": "与年度考核挂钩",
    "excellent_min_good_share": "年度优秀需好等次的季度占比",
    "basic_over_share": "一般、较差超过的季度占比",
    "commendation": "表彰",
    "tie_at_boundary": "名次边界并列",
    "excellent_ratio": "优秀部门比例",
    "worker_at_least_one": "先进工作者不满1人的可推荐1人",
    "roster_cutoff": "名单截止日",
    "dedication_award": "评敬业奉献奖",
    "evaluation_weights": "综合测评分值",
    "serves_public": "服务窗口部门",
    "internal": "内部科室",
    "democratic": "民主测评",
    "style": "作风评议",
    "leaders": "领导评价",
    "awards": "奖项名次",
    "recommended": "推荐市级名额",
    "praised_through": "表扬至第N名",
    "most_improved": "进步较快名额",
    "head_not_excellent": "末位（负责人不得评优）名额",
    "daily_points": "日常考核满分",
    "normalization_points": "常态化工作满分",
    "review_points": "综合评议满分",
    "review_weights": "综合评议权重",
    "half_year": "半年",
    "year_end": "年终",
    "excellent_rounding": "优秀部门取整",
    "worker_ratios": "先进工作者比例",
    "excellent": "优秀部门",
    "directly_led": "领导直接领导的部门",
    "other": "其他部门",
    "worker_rounding": "先进工作者取整",
}
_CLAUSE = re.compile(
    r"^\s*([一二三四五六七八九十]+(?:[(（][一二三四五六七八九十]+[)）])*\d*)(?=[\s:：,，\"“]|$)"
)
_FIELD = re.compile(r"^\s{4}(\w+)\s*:")


@dataclass(frozen=True)
class PolicyField:
    name: str  # the form field: policy.excellent_pools.0.ratio
    label: str
    clause: str
    kind: str  # bool | number | choice | text
    default: Any
    value: Any
    choices: tuple[tuple[str, str], ...] = ()

    @property
    def changed(self) -> bool:
        return self.value != self.default

    @property
    def default_text(self) -> str:
        """As the form holds it, for the page's script to compare against (static/js/pages.js)."""
        return _text(self.default)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(value)
    return "" if value is None else str(value)


def _clause_of(text: str | None) -> str:
    match = _CLAUSE.match(text or "")
    return match.group(1) if match else ""


@cache
def _field_clauses(model: type[BaseModel]) -> dict[str, str]:
    """The clause each field's comment cites (`# 五(五) "公示期为5个工作日".` above the field)."""
    try:
        lines = inspect.getsourcelines(model)[0]
    except (OSError, TypeError):
        return {}
    found: dict[str, str] = {}
    comments: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("#"):
            comments.append(stripped.lstrip("# "))
            continue
        field = _FIELD.match(line)
        if field:
            inline = line.partition("#")[2]
            clause = next((c for c in (_clause_of(t) for t in [*comments, inline]) if c), "")
            if clause:
                found.setdefault(field.group(1), clause)
        comments = []
    return found


def _submodel(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _submodel(arg)
        if found is not None:
            return found
    return None


def _item_label(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in ("label", "name", "title", "key"):
            text = item.get(key)
            if isinstance(text, str):
                return text
    return f"第{index + 1}项"


def _walk(
    value: Any, path: list[str], labels: list[str], model: type[BaseModel] | None, clause: str
) -> list[tuple[list[str], list[str], str, Any]]:
    """Every editable leaf: (path, labels, clause, default)."""
    if isinstance(value, dict):
        own = value.get("clause") if isinstance(value.get("clause"), str) else None
        clause = own or (_clause_of(model.__doc__) if model else "") or clause
        leaves = []
        for key, child in value.items():
            if key in SKIPPED:
                continue
            info = model.model_fields.get(key) if model else None
            child_model = _submodel(info.annotation) if info else model
            child_clause = (_field_clauses(model).get(key, "") if model else "") or clause
            label: str = LABELS.get(str(key), str(key))
            leaves += _walk(child, [*path, str(key)], [*labels, label], child_model, child_clause)
        return leaves
    if isinstance(value, list):
        if not all(isinstance(item, dict) for item in value):
            return []  # a list of names (categories, grades) is structure, not a number to tune
        leaves = []
        for index, item in enumerate(value):
            leaves += _walk(item, [*path, str(index)], [*labels, _item_label(item, index)], model, clause)
        return leaves
    if value is None or (isinstance(value, str) and len(value) > 80):
        return []
    return [(path, labels, clause, value)]


def _get(data: Any, path: list[str]) -> Any:
    for part in path:
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


def fields(scheme_id: str, override: dict[str, Any] | None = None) -> list[PolicyField]:
    """The policy form of a scheme; `override` (the round's policy so far) gives the current values."""
    scheme = get_scheme(scheme_id)
    if scheme is None:
        return []
    defaults = default_policy_data(scheme_id)
    current = _merged(defaults, override or {})
    found = []
    for path, labels, clause, default in _walk(defaults, [], [], scheme.policy_model, ""):
        try:
            value = _get(current, path)
        except (KeyError, IndexError, TypeError, ValueError):
            value = default
        last = path[-1]
        if isinstance(default, bool):
            kind = "bool"
        elif isinstance(default, int | float):
            kind = "number"
        elif last in CHOICES:
            kind = "choice"
        else:
            kind = "text"
        found.append(
            PolicyField(
                name=".".join([PREFIX, *path]),
                label=" · ".join(labels),
                clause=clause,
                kind=kind,
                default=default,
                value=value,
                choices=CHOICES.get(last, ()),
            )
        )
    return found


def _merged(defaults: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(defaults)
    for key, value in override.items():
        merged[key] = value
    return merged


def _parsed(text: str | None, default: Any) -> Any:
    """A posted value in the default's type; what does not parse stays text, for the model to refuse."""
    if text is None:  # not on the form at all: the default (a browser posts an unticked box as "false")
        return default
    if isinstance(default, bool):
        return text == "true"
    if isinstance(default, int | float):
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if isinstance(default, int) and number.is_integer() else number
    return text


def override_from(scheme_id: str, posted: dict[str, list[str]]) -> dict[str, Any]:
    """The round's `policy`: each top-level part the clerk changed, whole (a list is replaced, not merged)."""
    defaults = default_policy_data(scheme_id)
    current = copy.deepcopy(defaults)
    for field in fields(scheme_id):
        values = posted.get(field.name)
        value = _parsed(values[-1] if values else None, field.default)
        if value != field.default:
            *parents, leaf = field.name.split(".")[1:]
            holder = _get(current, parents)
            if isinstance(holder, list):
                holder[int(leaf)] = value
            else:
                holder[leaf] = value
    return {key: value for key, value in current.items() if value != defaults.get(key)}


def is_policy_field(name: str) -> bool:
    return name.startswith(PREFIX + ".")
