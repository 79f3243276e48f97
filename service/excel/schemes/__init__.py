"""Each scheme's roster workbook, one module per scheme (named as service/rules/<scheme>.py): the
columns its rules read and the drop-downs of its own grades and categories."""

from __future__ import annotations

from importlib import import_module

from service.excel.columns import SheetSpec

MODULES = {
    "resident-annual": "resident_annual",
    "purchased-service-annual": "purchased_service_annual",
    "civil-servant-quarterly": "civil_servant_quarterly",
    "internal-department": "internal_department",
    "street-department": "street_department",
}


def sheet_of(scheme_id: str) -> SheetSpec:
    sheet: SheetSpec = import_module(f"{__name__}.{MODULES[scheme_id]}").SHEET
    return sheet
