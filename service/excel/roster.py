"""The roster workbook of a round: its scheme's columns (service/excel/schemes/), drop-downs of the
round's own departments, categories and grades fed from a hidden sheet, and the import — all or
nothing, every bad cell reported as "第5行「人员类别」：'公务猿' 不是可选值，…", an unknown column or
another scheme's grade refused by row and column. An .xlsx is a zip: the upload and what it unpacks
to are both capped (a zip bomb is a 413)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from schemas.department import Department
from schemas.round import EntryOut, RosterPerson
from service import evaluation, rounds
from service.auth import Actor, require_role
from service.config import settings
from service.errors import InvalidPayload, PayloadTooLarge, chinese_message
from service.excel.columns import Column, SheetSpec, column_of, put
from service.excel.schemes import sheet_of
from service.excel.sheets import save, write_header
from service.models import Round
from service.storage import organisations as org_storage
from service.storage import rounds as round_storage
from service.uploads import check_zip_upload

CHOICES_SHEET = "选项"
HEADER_ROW = 1
MAX_DEPARTMENTS = 2_000
Problem = tuple[tuple[str | int, ...], str]


def round_sheet(*, session: Session, round_: Round) -> tuple[SheetSpec, dict[str, tuple[str, ...]]]:
    """The round's scheme's sheet and the options of its drop-downs: the organisation's departments,
    and the categories and grades of the round's merged policy (a 000 round offers no 表扬/好/购买服务)."""
    scheme = evaluation.require_scheme(round_.scheme)
    sheet = sheet_of(scheme.id)
    options = dict(sheet.choices(evaluation.round_policy(scheme, round_.policy)))
    options["departments"] = tuple(
        d.name for d in org_storage.list_departments(session=session, organisation_id=round_.organisation_id)
    )
    return sheet, options


def _options(column: Column, options: Mapping[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    if column.choices is not None:
        return column.choices
    return options.get(column.choices_from) if column.choices_from else None


# ---------------------------------------------------------------- the import workbook


def roster_template(*, session: Session, round_id: int) -> bytes:
    """An empty workbook of the round's scheme with its drop-downs."""
    round_ = round_storage.get_round(session=session, round_id=round_id)
    sheet_spec, options = round_sheet(session=session, round_=round_)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_spec.name
    choices = workbook.create_sheet(CHOICES_SHEET)
    choices.sheet_state = "hidden"
    columns = sheet_spec.columns
    write_header(sheet, [c.header_in(round_.year) for c in columns], [c.width for c in columns])
    last_row = (
        settings.max_roster_size if sheet_spec.collection == "people" else MAX_DEPARTMENTS
    ) + HEADER_ROW
    for index, column in enumerate(columns, start=1):
        listed = _options(column, options)
        if not listed:
            continue
        letter = get_column_letter(index)
        for row, option in enumerate(listed, start=1):
            choices.cell(row=row, column=index, value=option)
        # A range on a hidden sheet: no 255-character limit of an inline list, and Chinese survives.
        validation = DataValidation(
            type="list",
            formula1=f"'{CHOICES_SHEET}'!${letter}$1:${letter}${len(listed)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="不是可选值",
            error=f"「{column.header_in(round_.year)}」请从下拉列表中选择",
        )
        validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{last_row}")
        sheet.add_data_validation(validation)
    return save(workbook)


# ---------------------------------------------------------------- reading an upload


def check_zip_size(data: bytes, label: str = "Excel 文件") -> None:
    """Refuse an upload over the caps (413) or one that is no .xlsx at all (422 at `file`)."""
    try:
        check_zip_upload(data, label)
    except zipfile.BadZipFile:
        raise InvalidPayload([(("file",), f"不是有效的 {label}（.xlsx）")]) from None


def _cell(row: int, header: str, message: str) -> Problem:
    return (("rows", row, header), f"第{row}行「{header}」：{message}")


def _read_rows(data: bytes, sheet_spec: SheetSpec, year: int) -> list[tuple[int, dict[str, Any]]]:
    """Each non-empty row as the record its cells make; an unknown column heading is refused."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file; all mean "not a workbook we can read"
        raise InvalidPayload([(("file",), "无法读取 Excel 文件，请使用下载的导入模板（.xlsx）")]) from None
    names = workbook.sheetnames
    sheet = workbook[sheet_spec.name] if sheet_spec.name in names else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    by_header = {c.header_in(year): c for c in sheet_spec.columns}
    required = [c.header_in(year) for c in sheet_spec.columns[:2]]
    missing = [h for h in required if h not in header]
    if missing:
        raise InvalidPayload([(("file",), f"第{HEADER_ROW}行缺少表头：{'、'.join(missing)}")])
    unknown = [
        (
            (
                ("file", get_column_letter(i)),
                f"第{HEADER_ROW}行{get_column_letter(i)}列「{h}」不是本考核方案名单的列",
            )
        )
        for i, h in enumerate(header, start=1)
        if h and h not in by_header
    ]
    if unknown:
        raise InvalidPayload(unknown)
    limit = settings.max_roster_size if sheet_spec.collection == "people" else MAX_DEPARTMENTS
    found: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=HEADER_ROW + 1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if len(found) >= limit:
            raise PayloadTooLarge(f"名单超过 {limit} 行上限")
        record: dict[str, Any] = {}
        for header_text, value in zip(header, values, strict=False):
            column = by_header.get(header_text)
            if column is not None and value is not None and value != "":
                put(record, column, value, year)
        found.append((number, record))
    workbook.close()
    return found


def _validated(
    model: type[BaseModel], number: int, record: dict[str, Any], sheet_spec: SheetSpec, year: int
) -> tuple[BaseModel | None, list[Problem]]:
    try:
        return model.model_validate(record), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            column = column_of(sheet_spec.columns, error["loc"], year, record)
            message = chinese_message(dict(error))
            if column is not None:
                problems.append(_cell(number, column.header_in(year), message))
            else:
                problems.append((("rows", number), f"第{number}行：{message}"))
        return None, problems


def _choice_problems(
    number: int,
    record: Mapping[str, Any],
    sheet_spec: SheetSpec,
    year: int,
    options: Mapping[str, tuple[str, ...]],
) -> list[Problem]:
    """A grade of another scheme (表扬 or 好 in a 000 round) and a department the organisation lacks."""
    problems = []
    for column in sheet_spec.columns:
        if column.choices_from not in ("grades", "departments") and column.kind != "grade_of_year":
            continue
        allowed = options["grades"] if column.kind == "grade_of_year" else options[column.choices_from or ""]
        if column.years_back:
            value = next(
                (p["grade"] for p in record.get("prior_grades", []) if p["year"] == year - column.years_back),
                None,
            )
        else:
            value = record.get(column.field)
        if value is None or value in allowed:
            continue
        what = "部门" if column.choices_from == "departments" else "本考核方案的等次"
        listed = "、".join(allowed) or "（尚未登记任何部门）"
        problems.append(
            _cell(number, column.header_in(year), f"'{value}' 不是可选值（{what}），可选：{listed}")
        )
    return problems


def parse_roster(
    data: bytes, *, sheet_spec: SheetSpec, year: int, options: Mapping[str, tuple[str, ...]]
) -> list[RosterPerson]:
    """Every row validated; any problem anywhere → one 422 listing each bad cell by row and column."""
    check_zip_size(data)
    problems: list[Problem] = []
    people: list[RosterPerson] = []
    first_row: dict[str, int] = {}
    for number, record in _read_rows(data, sheet_spec, year):
        choice_problems = _choice_problems(number, record, sheet_spec, year, options)
        person, row_problems = _validated(RosterPerson, number, record, sheet_spec, year)
        problems += choice_problems + row_problems
        if not isinstance(person, RosterPerson):
            continue
        if person.id in first_row:
            problems.append(_cell(number, "编号", f"{person.id} 与第{first_row[person.id]}行重复"))
        first_row.setdefault(person.id, number)
        people.append(person)
    if problems:
        raise InvalidPayload(problems)
    if not people:
        raise InvalidPayload([(("file",), "名单中没有人员")])
    return people


def parse_departments(data: bytes, *, sheet_spec: SheetSpec, year: int) -> list[Department]:
    """003/004: each row a department of the evaluate endpoint, errors by row and column."""
    check_zip_size(data)
    problems: list[Problem] = []
    departments: list[Department] = []
    first_row: dict[str, int] = {}
    for number, record in _read_rows(data, sheet_spec, year):
        department, row_problems = _validated(Department, number, record, sheet_spec, year)
        problems += row_problems
        if not isinstance(department, Department):
            continue
        if department.id in first_row:
            problems.append(_cell(number, "编号", f"{department.id} 与第{first_row[department.id]}行重复"))
        first_row.setdefault(department.id, number)
        departments.append(department)
    if problems:
        raise InvalidPayload(problems)
    if not departments:
        raise InvalidPayload([(("file",), "表中没有部门")])
    return departments


def import_roster(
    *, session: Session, actor: Actor, round_id: int, data: bytes, confirm: bool = False
) -> list[EntryOut] | dict[str, Any]:
    """The round's people (individual schemes) or departments (003/004) from the uploaded workbook."""
    require_role(actor, *rounds.ORGANISERS)
    round_ = round_storage.get_round(session=session, round_id=round_id)
    sheet_spec, options = round_sheet(session=session, round_=round_)
    if sheet_spec.collection == "departments":
        departments = parse_departments(data, sheet_spec=sheet_spec, year=round_.year)
        return rounds.replace_departments(
            session=session, actor=actor, round_=round_, departments=departments
        )
    people = parse_roster(data, sheet_spec=sheet_spec, year=round_.year, options=options)
    return rounds.store_roster(session=session, actor=actor, round_=round_, people=people, confirm=confirm)
