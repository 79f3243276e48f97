"""Builders for the round tests: the organisation of seed 000 (宝山区行政服务中心), its departments and a
roster shaped like its 附表1, created through the API."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

ORGANISATION = {
    "name": "上海市宝山区行政服务中心",
    "issuer_mark": "上海市宝山区行政服务中心文件",
    "agency_code": "宝行政中心",
    "signature": "上海市宝山区行政服务中心",
    # 发文 details entered once (DESIGN.md §7): what the 公示, letters and reports print.
    "short_name": "宝山区行政服务中心",
    "objection_office": "中心考核工作小组（业务科）",
    "objection_phone": "021-56781234",
    "contact": "业务科 王芳 021-56781234",
}
# What a seed-000 round's notice cites and no rule can know, entered on the round.
DETAILS_000 = {
    "party_notice": {
        "title": "《关于做好2022年度机关及参公单位科级及以下公务员年度考核工作的通知》",
        "docnum": "宝委组〔2022〕249号",
    },
    "hrss_notice": {"title": "《关于做好2022年度事业单位工作人员年度考核和定期奖励工作的工作提示》"},
    "internal_rules": "《宝山区行政服务中心内部管理考核办法》",
    "leader": "中心主任闫乐",
    "deputy": "副主任陈志英",
    "publicity_starts_on": "2022-12-27",
}
DEPARTMENTS = ("业务科", "区市场监管局窗口", "区人社局窗口", "区税务局窗口")
# Valid 公民身份号码 (GB 11643 check digits).
ID_NUMBERS = (
    "11010519491231002X",
    "310101198001010018",
    "310101199001011234",
    "310101198506150016",
    "310101197912300038",
    "310101198803080026",
)


def person(index: int, **overrides: Any) -> dict[str, Any]:
    department = DEPARTMENTS[index % len(DEPARTMENTS)]
    data: dict[str, Any] = {
        "id": f"P{index:03d}",
        "name": f"常驻人员{index}",
        "id_number": ID_NUMBERS[index % len(ID_NUMBERS)],
        "category": "公务员",
        "department": department,
        "on_roster": True,
        "joined_on": "2021-03-01",
        "unit_kind": "区内",
        "dispatching_unit": f"宝山区{department.removesuffix('窗口')}",
        "proposed_grade": "称职",
        "quarterly_excellent": 1,
        "gender": "男" if index % 2 else "女",
        "birth_month": "1985.06",
        "political_status": "中共党员",
        "post": "窗口受理",
    }
    data.update(overrides)
    return data


def setup_organisation(api: TestClient) -> int:
    organisation_id = int(api.post("/api/organisations", json=ORGANISATION).json()["id"])
    for name in DEPARTMENTS:
        response = api.post(f"/api/organisations/{organisation_id}/departments", json={"name": name})
        assert response.status_code == 201, response.text
    return organisation_id


def create_round(api: TestClient, organisation_id: int, **overrides: Any) -> int:
    body = {
        "organisation_id": organisation_id,
        "scheme": "resident-annual",
        "year": 2022,
        "as_of": "2022-11-30",
        "starts_on": "2022-12-14",
        "details": DETAILS_000,
        **overrides,
    }
    response = api.post("/api/rounds", json=body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])
