"""The policy of `civil-servant-quarterly`: seed 002, 洸河街道公务员平时考核工作方案(试行).

Every weight, band and ratio of the scheme lives here (DESIGN.md §2 "Policies are data"); the committed
defaults are `service/policies/civil_servant_quarterly.json` and a round's `policy` overrides any of them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.common import Rounding

Ratio = Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]
Weight = Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)]
Threshold = Annotated[float, Field(ge=0, le=200, allow_inf_nan=False)]
BandGrade = Literal["好", "较好", "一般"]
# The order of the four grades, best first (三(二) "分为好、较好、一般、较差4个等次").
QUARTER_GRADES: tuple[str, ...] = ("好", "较好", "一般", "较差")


def _default_bands() -> dict[BandGrade, float]:
    return {"好": 90, "较好": 80, "一般": 60}


class PolicyModel(BaseModel):
    """Policy parts reject unknown keys: a misspelt override must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Weights(PolicyModel):
    """三(一) "平时考核得分=个人KPI考核得分×70%+职业行为指标BPI得分×30%+加减分事项指标OPI得分"."""

    kpi: Weight = 0.7
    bpi: Weight = 0.3
    opi: Weight = 1.0


class AnnualLink(PolicyModel):
    """五(二): how four quarterly grades bear on the annual grade (DESIGN.md §3)."""

    # "年度考核优秀等次人员在当年平时考核获得[好]等次较多": 好 in at least this share of the quarters.
    excellent_min_good_share: Ratio = 0.5
    # "一般、较差等次累计次数超过一半的，年度考核原则上应当确定为基本称职或者不称职等次".
    basic_over_share: Ratio = 0.5


class CivilServantQuarterlyPolicy(PolicyModel):
    weights: Weights = Field(default_factory=Weights)
    # 三(二) 百分制 bands, lowest score of each grade; below the 一般 band is 较差 (DESIGN.md §3).
    bands: dict[BandGrade, Threshold] = Field(default_factory=_default_bands)
    # Scores are kept to this many decimals (half up) before they are compared with the bands.
    score_decimals: Annotated[int, Field(ge=0, le=4)] = 2
    # 三(二): the bands read the score as written (`rounded`: 89.995 → 90.00 → 好) or unrounded (`exact`).
    band_score: Literal["rounded", "exact"] = "rounded"
    # 二 "非领导职务公务员": a person without `is_leader` who is a 科长或负责人 (`is_head`) holds a 领导职务.
    leaders_from_heads: bool = True
    # 四(三) "考核[好]等次人数比例控制在参加平时考核的公务员总人数的40%以内".
    good_ratio: Ratio = 0.4
    rounding: Rounding = "floor"
    # 四(五) "公示期不少于3个工作日".
    publicity_min_working_days: Annotated[int, Field(ge=1, le=60)] = 3
    annual: AnnualLink = Field(default_factory=AnnualLink)

    @model_validator(mode="after")
    def _bands_descend(self) -> CivilServantQuarterlyPolicy:
        missing = [grade for grade in ("好", "较好", "一般") if grade not in self.bands]
        if missing:
            raise ValueError(f"bands 缺少等次：{'、'.join(missing)}")
        if not self.bands["好"] > self.bands["较好"] > self.bands["一般"]:
            raise ValueError("bands 的分数线应依次递减：好 > 较好 > 一般")
        return self
