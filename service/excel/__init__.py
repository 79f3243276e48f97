"""Rosters in and results out as Excel (openpyxl), per scheme (DESIGN.md §7, issue 9 point 7).

- `columns`: what a column is and the columns every scheme shares; `schemes/<scheme>`: each scheme's
  own columns and drop-downs (one home per scheme).
- `roster`: the round's import workbook and the all-or-nothing import, errors by row and column.
- `results`: results.xlsx in Chinese.
"""

from service.excel.results import export_results
from service.excel.roster import check_zip_size, import_roster, parse_roster, roster_template, round_sheet

__all__ = [
    "check_zip_size",
    "export_results",
    "import_roster",
    "parse_roster",
    "roster_template",
    "round_sheet",
]
