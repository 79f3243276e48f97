"""The text of the two published notices, written from the schemes' policies.

Seed 000 (宝行政中心〔2022〕17号, 常驻人员年度考核) and seed 001 (宝政务中心〔2024〕21号, 政府购买服务人员
年度考核) are reproduced paragraph by paragraph, but every figure the rules also enforce — dates, ratios,
grade names, counts, amounts, deadlines, the 公示 days — is read from the policy (DESIGN.md §2), so the
notice can never say 20% while the check enforces 15%.

Where the published text has a typo or a scrape artefact, the notice prints the corrected text; each
correction is listed in tests/test_notice.py (SEED_000_CORRECTIONS / SEED_001_CORRECTIONS).
Headings are numbered here, in the data (docxtpl #425): a stage added to the policy renumbers the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from schemas.notice import Attachment, BodyParagraph, Notice
from schemas.purchased_service_annual import PurchasedServicePolicy
from schemas.resident_annual import ResidentAnnualPolicy
from service.cn_format import cn_date, cn_number, cn_ordinal_heading, cn_sub_heading
from service.rules.registry import default_policy_data, merge

SEED_000 = "000_202f48eaffbe9a1b.txt"
SEED_001 = "001_3227ea5220f34209.txt"


# ---------------------------------------------------------------- printing numbers of a policy


def percent(ratio: float) -> str:
    """0.2 → `20%`, 0.125 → `12.5%`."""
    return f"{round(ratio * 100, 4):g}%"


def count(value: float) -> str:
    """5.0 → `5`: counts and days print without a decimal point."""
    return f"{value:g}"


def years_cn(n: int) -> str:
    """连续两年 / 连续四年: 2 is 两 before a measure word."""
    return "两" if n == 2 else cn_number(n)


def full_width(text: str) -> str:
    """Policy labels are typed with ASCII brackets (公务员(参公)); a notice prints them full width."""
    return text.replace("(", "（").replace(")", "）")


def month_day(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def date_range(start: dt.date, end: dt.date, year: int | None = None) -> str:
    """`2022年12月16日—12月23日`, as seed 000 八 prints it: the end repeats the year when the range crosses
    into the next one, or lies wholly in the year after the appraisal year (八(四)
    "2023年1月6日—2023年1月10日")."""
    if start == end:
        return cn_date(start)
    later_year = year is not None and start.year != year
    end_text = month_day(end) if end.year == start.year and not later_year else cn_date(end)
    return f"{cn_date(start)}—{end_text}"


def joined(items: Iterable[str], last: str = "、") -> str:
    """优秀、表扬和敬业奉献奖: the last pair joined by `last`."""
    words = list(items)
    if len(words) < 2:
        return "".join(words)
    return "、".join(words[:-1]) + last + words[-1]


class Outline:
    """Numbers the paragraphs of a body: 一、 restarts （一）, （一） restarts 1. (GB/T 9704 7.3.3)."""

    def __init__(self) -> None:
        self.paragraphs: list[BodyParagraph] = []
        self._counters = [0, 0, 0]

    def _next(self, level: int) -> int:
        self._counters[level - 1] += 1
        for deeper in range(level, 3):
            self._counters[deeper] = 0
        return self._counters[level - 1]

    def section(self, heading: str) -> None:
        number = cn_ordinal_heading(self._next(1))
        self.paragraphs.append(BodyParagraph(level=1, number=number, heading=heading))

    def sub(self, heading: str = "", text: str = "") -> None:
        number = cn_sub_heading(self._next(2))
        self.paragraphs.append(BodyParagraph(level=2, number=number, heading=heading, text=text))

    def item(self, text: str, heading: str = "") -> None:
        number = f"{self._next(3)}."
        self.paragraphs.append(BodyParagraph(level=3, number=number, heading=heading, text=text))

    def point(self, number: int, text: str) -> None:
        """A fourth-layer item （1）, in 仿宋 like the third."""
        self.paragraphs.append(BodyParagraph(level=3, number=f"（{number}）", text=text))

    def text(self, text: str) -> None:
        self.paragraphs.append(BodyParagraph(level=0, text=text))

    def items(self, texts: Iterable[str], last_stop: str = "。", stop: str = "。") -> None:
        texts = list(texts)
        for index, text in enumerate(texts):
            self.item(text + (last_stop if index == len(texts) - 1 else stop))


# ---------------------------------------------------------------- seed 000


def resident_policy(override: Mapping[str, Any] | None = None) -> ResidentAnnualPolicy:
    data = merge(default_policy_data("resident-annual"), dict(override or {}))
    return ResidentAnnualPolicy.model_validate(data)


def resident_annual_notice(
    year: int = 2022,
    policy: ResidentAnnualPolicy | None = None,
    *,
    docnum: str = "宝行政中心〔2022〕17号",
    date: dt.date = dt.date(2022, 12, 14),
    organisation: str = "上海市宝山区行政服务中心",
    party_docnum: str = "宝委组〔2022〕249号",
    leader: str = "中心主任闫乐",
    deputy: str = "副主任陈志英",
    issuer_mark: str | None = None,
    title_name: str = "区行政服务中心",
    issuer: str | None = None,
    party_notice: str | None = None,
    hrss_notice: str | None = None,
    internal_rules: str | None = None,
    cut_off: dt.date | None = None,
    stage_dates: list[tuple[dt.date, dt.date]] | None = None,
) -> Notice:
    """宝行政中心〔2022〕17号 "区行政服务中心关于做好2022年度常驻部门考核工作的通知" (seed 000).

    The defaults print the published notice; a round passes its own organisation, 上级文件, 考核领导小组,
    cut-off and the dates of its timeline (service/documents/kinds/notice.py).
    """
    p = policy or resident_policy()
    issuer = issuer or p.issuer  # 宝山区行政服务中心, as the notice names its own forms
    party_notice = party_notice or f"《关于做好{year}年度机关及参公单位科级及以下公务员年度考核工作的通知》"
    hrss_notice = hrss_notice or f"《关于做好{year}年度事业单位工作人员年度考核和定期奖励工作的工作提示》"
    internal_rules = internal_rules or f"《{issuer}内部管理考核办法》"
    phases = [
        (phase, stage_dates[index] if stage_dates and len(stage_dates) == len(p.timeline) else None)
        for index, phase in enumerate(p.timeline)
    ]
    civil, institution = p.grade_sets["公务员"], p.grade_sets["事业"]
    civil_pool, institution_pool = p.pool_of("公务员"), p.pool_of("事业")
    roster = f"《{issuer}{year}年度常驻人员考核名单》（附表1）"
    ballot = f"《{issuer}{year}年度个人考核民主测评表》（附表6）"
    forms = (
        "《上海市公务员考核登记表》（附表2）、《参照公务员法管理事业单位人员考核登记表》（附表3）、"
        "《事业单位工作人员年度考核登记表》（附表4）"
    )
    resident_form = f"《{issuer}常驻人员年度考核登记表》（附表5）"
    # 五(二)4 "所有表格于…前上交": the end of the first stage when the round has a timeline.
    deadline = cn_date(stage_dates[0][1] if stage_dates else p.submission_deadline.on(year))
    basic = f"{civil.basic}（{institution.basic}）"
    incompetent = f"{civil.incompetent}（{institution.incompetent}）"

    o = Outline()
    o.text(
        f"为加强中心进驻部门常驻人员管理，不断提高服务质量和效率，根据区委组织部{party_notice}，"
        f"区人力资源和社会保障局{hrss_notice}{internal_rules}"
        f"等文件精神，结合中心工作实际，现就做好{year}年度考核工作通知如下："
    )
    o.section("指导思想")
    o.text(
        "以习近平新时代中国特色社会主义思想为指导，按照德才兼备、以德为先，注重实绩、群众公认，客观公正，"
        "民主公开的原则，坚持信念坚定、为民服务、勤政务实、敢于担当、清正廉洁五项标准，全面落实区委、区政府"
        "关于从严管理干部的要求，发挥考核的引领导向和检查督促作用，加强对中心部门常驻人员考核管理，客观准确"
        "评价工作人员德才表现和工作实绩，着力打造一支业务精干、作风过硬的政务服务干部队伍。"
    )
    o.section("考核范围和对象")
    o.text(
        f"{cn_date(cut_off or p.cut_off_date(year))}在册或在中心工作满{p.min_months}个月以上的所有常驻人员。"
        f"详细名单见{roster}。"
    )
    o.section("考核内容")
    o.text(
        "以个人的岗位职责所承担的工作任务为依据，全面考核德、能、勤、绩、廉五个方面，重点考核政治素质和工作实绩。"
    )
    o.section("考核等次及优秀比例")
    if civil_pool is not None:
        o.sub(
            text=f"公务员（参公）考核等次分为{'、'.join(civil.grades)}，优秀的比例按全体参加考核的"
            f"{full_width(civil_pool.label)}编制人数的{percent(civil_pool.ratio)}确定。"
        )
    if institution_pool is not None:
        o.sub(
            text=f"事业单位考核等次分为{'、'.join(institution.grades)}，优秀的比例不超过中心参加年度考核人数的"
            f"{percent(institution_pool.ratio)}。"
        )
    overlap = "可重复评选" if p.advanced.overlap_with_excellent else "不重复评选"
    o.sub(
        text=f"中心年度考核不分编制性质，先进个人的比例按参加考核人员总人数的{percent(p.advanced.ratio)}确定，"
        f"公务员（参公）、事业编制的优秀人员{overlap}。"
    )
    o.section("考核方式")
    o.sub("个人撰写本人年度总结。")
    o.sub("一般工作人员由各科长或负责人组织初评，具体评比方式：")
    o.item(f"所有参加考核人员按编制性质分别填写{forms}，其他性质人员填写{resident_form}。")
    o.item(f"科长或负责人组织考核人员进行述职，按照中心下发的{ballot}进行互评。")
    o.item(
        "科长或负责人在互评的基础上，根据平时工作情况和个人总结，写出评语并提出考核等次建议。"
        f"初评优秀人员的推荐比例：{_recommendation_ratios(p)}"
        + ("，按比例不满1人的可推荐1人。" if p.recommendation.at_least_one else "。")
    )
    o.item(f"初评结束后，由各科长或负责人将考核等次建议登记表纸质版交于楼层长，所有表格于{deadline}前上交。")
    o.item("部门常驻人员为1人的，或未明确负责人的，由中心直接组织评比。")
    o.item(
        "中心组织初评推优人员及中心直接考核人员进行个人述职，由考核领导小组成员及参加述职人员填写"
        f"{ballot}进行互评。"
    )
    o.sub("科长或负责人由中心组织考评，具体评比方式：")
    o.item(f"所有参加考核人员按编制性质分别填写{forms}，{resident_form}，于{deadline}前通过中心平台上报。")
    o.item(f"中心组织召开考评会议进行述职后，由考核领导小组成员及参加述职人员填写{ballot}进行互评。")
    o.sub("考核领导小组初步确定考核等次")
    o.text(
        "考核领导小组根据2次民主测评结果，结合中心及公务员4个季度的考评及平时工作表现进行综合分析研判，"
        "初步提出工作人员的考核等次建议，并听取纪检监察机关及组织管理部门意见。"
    )
    o.sub("公示后最终确定考核等次")
    o.text(
        "召开中心领导班子会议通报考核结果，对拟确定为优秀等次的人员征求纪检监察机关意见，并进行公示"
        f"（公示期为{p.publicity_working_days}个工作日）。公示结束后无异议的，最终确定工作人员的考核等次，"
        "有异议的，视情况进行复评。"
    )
    if p.quarterly_excellent_check:
        o.text(
            "年度考核以平时考核为基础，年度考核确定为优秀等次的，应当从当年度季度考核优秀较多的人员中产生。"
        )
    o.sub(f"有下列情况之一的，视情可确定为{basic}或{incompetent}：")
    o.items((p.conditions[key] for key in sorted(p.conditions)), stop="；")
    o.section("考核组织")
    o.text(
        f"建立考核领导小组，{leader}为组长，{deputy}为副组长，成员由中心各科室负责人组成。"
        "主要职责：审核考核评语以及确定考核等次；受理对考核结果有异议的复核申请。"
    )
    o.text("工作小组设在业务科。主要职责：做好考核具体事务，统计考核数据上报考核结果。")
    o.section("考核结果运用")
    o.sub(
        text="区内单位的公务员（参公）的考核等次，由中心上报区委组织部；区内单位的事业编制人员的考核等次，"
        "由中心上报区人社局。同时，抄送各派出单位，直接记入其个人档案，派出单位不再另行考核。"
    )
    o.sub(text="市条线单位及其他性质的工作人员，中心将考核结果反馈至派出单位。")
    o.sub(text="中心年度先进个人，由中心进行表彰。")
    o.sub(
        text=f"考核中被确定为{basic}的人员，由中心向派出单位发出要求调整人员的建议书；考核中被确定为"
        f"{incompetent}的人员，在编人员按区委组织部、区人力资源和社会保障局相关规定执行，不在编人员退回"
        "派出单位，不允许再次派驻中心。"
    )
    o.section("时间安排")
    for phase, dates in phases:
        start, end = dates or (phase.start.on(year), phase.end.on(year))
        o.sub(f"{phase.title}（{date_range(start, end, year)}）：", phase.tasks)
    o.section("相关事宜")
    o.item(f"相关事宜根据{party_docnum}文及区人社局{hrss_notice}规定执行。")
    o.item(
        "区内单位的公务员（参公）及事业编制工作人员考核为优秀的人员，派驻部门自行填写各类奖励审批表，"
        "由中心盖章后交由部门统一上报区委组织部及区人社局。"
    )
    o.item("考核结束后，进驻部门按照中心规定时间到中心领取考核登记表进行后续归档。")
    o.item("其它未尽事宜由中心负责解释。")

    attachments = [
        Attachment(title=roster, kind="roster-resident-annual"),
        Attachment(title="《上海市公务员考核登记表》（附表2）", kind="form-civil-servant"),
        Attachment(title="《参照公务员法管理事业单位人员考核登记表》（附表3）", kind="form-canggong"),
        Attachment(title="《宝山区事业单位工作人员年度考核登记表》（附表4）", kind="form-public-institution"),
        Attachment(title=resident_form, kind="form-resident"),
        Attachment(title=ballot, kind="ballot-resident-annual"),
    ]
    return Notice(
        issuer_mark=issuer_mark or f"{organisation}文件",
        docnum=docnum,
        title=f"{title_name}关于做好{year}年度常驻部门考核工作的通知",
        addressees="中心各进驻部门",
        paragraphs=o.paragraphs,
        attachments=attachments,
        signature=organisation,
        date=date,
        year=year,
        organisation=issuer,
    )


def _recommendation_ratios(p: ResidentAnnualPolicy) -> str:
    """公务员(参公)、事业编制为20%、其他性质为10%: neighbouring groups of one ratio share it."""
    runs: list[tuple[float, list[str]]] = []
    for group in p.recommendation.groups:
        if runs and runs[-1][0] == group.ratio:
            runs[-1][1].append(full_width(group.label))
        else:
            runs.append((group.ratio, [full_width(group.label)]))
    return "、".join(f"{'、'.join(labels)}为{percent(ratio)}" for ratio, labels in runs)


# ---------------------------------------------------------------- seed 001


def purchased_policy(override: Mapping[str, Any] | None = None) -> PurchasedServicePolicy:
    data = merge(default_policy_data("purchased-service-annual"), dict(override or {}))
    return PurchasedServicePolicy.model_validate(data)


# 七: what each stage asks, in the published words; a stage the policy adds prints the policy's task.
_PURCHASED_STAGE_TEXT = {
    "前期准备": "拟定考核方案，布置考核工作。",
    "工作人员自评": "填写{form}（附件1）。",
    "民主测评": "中心相关科室结合各自工作实际对工作人员进行初评，填写{scoresheet}（附件2），"
    "并推荐{commended}人员名单报考核领导小组。考核领导小组组织推优人员和管理人员进行述职和民主测评。",
    "考核等次评定": "考核领导小组根据考核等次建议及民主测评结果，结合个人年度工作绩效表现，"
    "提出工作人员考核等次建议，报领导班子会议审议通过后公示。公示结束后，最终确定工作人员的考核等次及考核{commended}人员名单。",
    "考核总结": "组织全体工作人员召开年度总结表彰会，对获得年度{honoured}人员进行表彰，颁发荣誉证书。",
}


# 七(五) is printed "考核总结阶段" (the policy's stage is 考核总结, as 七 names it in its own text).
_PURCHASED_STAGE_TITLE = {"考核总结": "考核总结阶段"}


def purchased_service_notice(
    year: int = 2024,
    policy: PurchasedServicePolicy | None = None,
    *,
    docnum: str = "宝政务中心〔2024〕21号",
    # The published copy does not print its 成文日期; 七(一) 前期准备 ends on 12月27日, so the example is
    # dated the Friday before it.
    date: dt.date = dt.date(2024, 12, 20),
    organisation: str = "上海市宝山区政务服务中心",
    centre: str = "宝山区政务服务中心",
    issuer_mark: str | None = None,
    deadlines: list[dt.date] | None = None,
) -> Notice:
    """宝政务中心〔2024〕21号 "关于做好2024年度政府购买服务人员年度考核工作的通知" (seed 001)."""
    p = policy or purchased_policy()
    grades = len(p.grades)
    commended_grades = list(p.quotas)
    commended = joined(commended_grades, "和")
    honours = [*p.commendation.grades, *(["敬业奉献奖"] if p.commendation.dedication_award else [])]
    form = f"《{centre}政府购买服务人员（{year}）年度考核登记表》"
    scoresheet = f"《{centre}政府购买服务人员{year}年度考核评分表》"
    ballot = f"《{centre}政府购买服务人员（{year}）年度考核民主测评表》"
    cut_off = p.roster_cutoff.on(year)
    dq, bf, ws, term = p.excellent_disqualification, p.basic_or_fail, p.wage_step, p.termination
    deductions = p.bonus.deductions

    o = Outline()
    o.text(
        f"为进一步加强中心政府购买服务人员的管理，根据{p.basis}，结合中心工作实际，现就做好中心{year}年度"
        "政府购买服务人员年度考核工作通知如下："
    )
    o.section("指导思想")
    o.text(
        "以市、区“一网通办”工作总要求为指导，紧紧围绕中心年度重点工作任务，按照信念坚定、为民服务、勤政务实、"
        "敢于担当、清正廉洁的标准，结合日常工作表现，全面客观、准确评价工作人员德才表现、工作实绩和作风，"
        "发挥考核激励约束作用，着力打造一支业务精干、作风过硬、全心为民的政务服务团队，持续提升政务服务"
        "标准化、规范化、便利化水平。"
    )
    o.section("组织领导")
    o.text(
        "成立考核领导小组，中心主任为组长，中心副主任为副组长，成员为各科室负责人。主要职责为组织开展考核工作，"
        "审核考核评语以及确定考核等次；受理对考核结果有异议的复核申请。具体考核工作由业务科牵头组织实施。"
    )
    o.section("考核对象")
    cut_off_text = month_day(cut_off) if cut_off.year == year else cn_date(cut_off)
    o.text(f"截至{cut_off_text}本单位所有在岗的政府购买服务人员。")
    o.section("考核内容及等次")
    o.text(
        "结合个人的岗位职责及所承担的工作任务，从工作纪律、服务规范、业务能力、工作成效四个方面进行综合评估，"
        "并突出年度亮点工作表现，确保考核工作全面精准。"
    )
    quotas = "，".join(f"{grade}名额比率不超过{percent(q.ratio)}" for grade, q in p.quotas.items())
    o.text(f"考核结果分为{grades}个等次：{'、'.join(p.grades)}。{quotas}。")
    o.section("考核方式")
    o.sub(text=f"个人撰写本人年度总结，填写《{centre}政府购买服务人员年度考核登记表》（详见附件1）。")
    propose = (
        f"按{grades}个等次，对被考核人员提出初步的考核等次建议，并推荐{commended}人员名单报考核领导小组。"
    )
    o.sub(
        text="大厅服务人员由业务科牵头窗口管理人员结合各自岗位工作实际进行小组内初评，填写"
        f"{scoresheet}，结合月度考核评分情况，{propose}"
    )
    o.text(f"大厅管理人员由业务科结合各自工作实际，组织科室人员进行初评，{propose}")
    o.sub(text=f"其他科室人员由各科室负责人结合各自工作实际，组织人员进行初评，{propose}")
    o.sub(
        text=f"考核领导小组组织推优人员和管理人员进行集中测评，填写《{centre}{year}年度个人考核民主测评表》"
        "进行互评（详见附件3）。"
    )
    o.sub(
        text="考核领导小组根据考核等次建议及民主测评结果，结合个人年度工作绩效表现，最终确定工作人员的考核等次"
        "及考核末位人员名单。"
    )
    o.sub(text="有下列情况之一的，取消当年“优秀”评选资格：")
    o.items(
        [
            "“好差评”评价中有三星以下“差评”的，且核实为自身责任的"
            if dq.bad_reviews_min == 1
            else f"“好差评”评价中有三星以下“差评”{dq.bad_reviews_min}个以上，且核实为自身责任的",
            "被投诉且经核实确定为自身责任的"
            if dq.complaints_min == 1
            else f"被投诉{dq.complaints_min}次以上且经核实确定为自身责任的",
            f"当年事假天数超过{count(dq.personal_leave_days_max)}天的",
            f"当年在岗时间不满{count(dq.months_on_post_min)}个月的",
            f"违反各项规章制度被通报超过{dq.violation_notices_max}次的",
            "对中心布置的工作要求拒不执行的",
        ]
    )
    o.sub(text=f"有下列情况之一的，视情可确定为“{bf.ceiling}”或“不合格”：")
    o.items(
        [
            f"“好差评”评价及各类投诉中经核实为自身责任，数量大于等于{bf.reviews_and_complaints_min}个的",
            "明察暗访中被通报，造成重大负面影响的",
            f"不服从工作安排，或不按时完成工作任务超过{bf.late_or_disobey_max}次的",
            "严重违反中心管理制度，且拒不整改的",
            "因工作失职，造成单位重大损失的",
            "有破坏单位名誉及信用的行为，造成恶劣影响的",
            "月度考核中被评定为“基本合格”或“不合格”及日常工作中被巡查通报合计超过"
            f"{bf.monthly_low_or_patrol_max}次以上的",
        ]
    )
    o.section("考核结果运用")
    o.sub(
        "岗位级别晋升。",
        f"对在年终考核中连续{years_cn(ws.excellent_years)}年评为优秀的，岗位工资可晋升{cn_number(ws.steps)}级；"
        f"连续{years_cn(ws.praise_years)}年评为表扬的，岗位工资可晋升{cn_number(ws.steps)}级。"
        "当年度晋升后，所有晋升模式全部重新计算。",
    )
    o.sub(
        "终止用工。",
        "具有下列情形之一的，经中心领导班子会议讨论决定，将其退回劳务派遣单位，建议劳务派遣单位解除与该用工的"
        "劳动关系：",
    )
    o.items(
        [
            _run_of_years(term.basic_pass_years, "基本合格"),
            _run_of_years(term.fail_years, "不合格"),
        ]
    )
    o.sub("发放考核奖")
    o.item(
        "不分岗位级别，核定到月，按每月额度*实际在岗月份发放，具体金额标准由本单位领导班子会议确定。",
        heading="年终奖金。",
    )
    o.item(
        "管理人员设岗位津贴，按岗位级别发放，核定到月，按每月额度*实际在岗月份发放，具体金额标准由本单位"
        "领导班子会议确定。",
        heading="岗位津贴。",
    )
    o.item(
        f"被评为{'、'.join(commended_grades)}的人员，另外发放奖金。具体金额标准由本单位领导班子会议确定。",
        heading="评优奖励。",
    )
    o.item(
        "对当年度中心特殊工作积极参与且作出较大贡献的工作人员给予敬业奉献奖，具体金额标准由本单位领导班子"
        "会议确定。",
        heading="敬业奉献奖。",
    )
    o.item(
        "有以下几种情况的，在应发放的考核奖中予以扣除（月度考核已扣除内容不进行重复扣罚）：",
        heading="奖金扣除。",
    )
    shares = "；".join(
        f"考核确定为“{grade}”的，应发奖金扣除{percent(share)}"
        for grade, share in deductions.grade_share.items()
    )
    for number, text in enumerate(
        [
            f"{p.basis}中规定需扣除的；",
            f"“好差评”评价中有三星以下“差评”的，经核实为自身责任的，每一个扣{count(deductions.bad_review)}元；",
            "被投诉（包括12345投诉、总台投诉、电话投诉等）且核实为自身责任的，每一个扣"
            f"{count(deductions.complaint)}元；",
            f"{shares}；",
            f"其它违反本单位各项规章制度的，发现1次扣{count(deductions.other_violation)}元。",
        ],
        start=1,
    ):
        o.point(number, text)
    o.item(
        "不分岗位级别，核定到月，按每月额度乘以实际在岗月份发放，具体金额标准由本单位领导班子会议确定。",
        heading="年终清算。",
    )
    o.sub("表彰")
    o.text(f"获得年度{joined(honours, '和')}，由本单位进行表彰，颁发荣誉证书。")
    o.section("时间安排")
    timeline = p.timeline
    starts = f"{year + 1 if timeline.starts_next_year else year}年{timeline.starts}"
    ends = f"{year + 1 if timeline.ends_next_year else year}年{timeline.ends}"
    o.text(f"考核从{starts}开始，至{ends}结束。")
    use_round = deadlines is not None and len(deadlines) == len(timeline.steps)
    for index, step in enumerate(timeline.steps):
        deadline = deadlines[index] if deadlines is not None and use_round else step.deadline.on(year)
        template = _PURCHASED_STAGE_TEXT.get(step.stage)
        task = (
            template.format(
                form=form, scoresheet=scoresheet, commended=commended, honoured=joined(honours, "和")
            )
            if template is not None
            else f"{step.task}。"
        )
        o.sub(f"{_PURCHASED_STAGE_TITLE.get(step.stage, step.stage)}（{cn_date(deadline)}前）：", task)
    o.section("相关事宜")
    o.text(f"本通知未尽事宜，由{centre}业务科负责解释。")

    return Notice(
        issuer_mark=issuer_mark or f"{organisation}文件",
        docnum=docnum,
        title=f"关于做好{year}年度政府购买服务人员年度考核工作的通知",
        addressees="中心全体政府购买服务人员",
        paragraphs=o.paragraphs,
        attachments=[
            Attachment(title=f"{form}（附件1）", kind="form-purchased-service"),
            Attachment(
                title=f"《{centre}政府购买服务人员（{year}）年度考核评分表》（附件2）",
                kind="scoresheet-purchased-service",
            ),
            Attachment(title=f"{ballot}（附件3）", kind="ballot-purchased-service"),
        ],
        signature=organisation,
        date=date,
        year=year,
        organisation=centre,
    )


def _run_of_years(years: int, grade: str) -> str:
    """六(二) 1.连续两年考核等次为基本合格 / 2.当年度考核等次为不合格."""
    if years == 1:
        return f"当年度考核等次为{grade}"
    return f"连续{years_cn(years)}年考核等次为{grade}"
