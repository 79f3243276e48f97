"""荣誉证书: 001 六(四) "获得年度优秀、表扬和敬业奉献奖，由本单位进行表彰，颁发荣誉证书"; 000 七(三)
"中心年度先进个人，由中心进行表彰"."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from schemas.common import Model, Name

Text = Annotated[str, Field(min_length=1, max_length=100)]


class Certificate(Model):
    name: Name
    honour: Annotated[str, Field(min_length=1, max_length=30)] = Field(
        description="荣誉，如 优秀、表扬、先进个人、敬业奉献奖"
    )
    year: Annotated[int, Field(ge=1949, le=2200)]
    organisation: Text
    awarded_on: dt.date
    number: Annotated[str, Field(max_length=40)] | None = Field(default=None, description="证书编号")
