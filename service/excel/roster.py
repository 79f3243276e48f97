"""The roster workbook of a round: its scheme's columns (service/excel/schemes/), drop-downs of the
round's own departments, categories and grades fed from a hidden sheet, and the import — all or
nothing, every bad cell reported as "第5行「人员类别」：'公务猿' 不是可选值，…", an unknown column or
another scheme's grade refused by row and column. An .xlsx is a zip: the upload and what it unpacks
to are both capped (a zip bomb is a 413)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from schemas.department import Department
from schemas.round import EntryOut, RosterPerson
from service import evaluation, rounds
from service.auth import Actor, require_role
from service.config import settings
from service.control_chars import for_cell
from service.db import commit_before_slow_work
from service.errors import InvalidPayload, PayloadTooLarge, chinese_message
from service.excel.columns import Column, DetailSheet, SheetSpec, column_of, put
from service.excel.schemes import sheet_of
from service.excel.sheets import save, write_header
from service.models import Round
from service.storage import organisations as org_storage
from service.storage import rounds as round_storage
from service.uploads import check_zip_upload

CHOICES_SHEET = "选项"
HEADER_ROW = 1
MAX_DEPARTMENTS = 2_000
# Drop-downs whose value the import checks itself (the others are checked by the row's model).
CHECKED_CHOICES = {"grades": "本考核方案的等次", "departments": "部门", "catalogue": "评分细则的加减分事项"}
MAX_DETAILS = 20_000  # rows of a detail sheet (003's 加减分事项)
Problem = tuple[tuple[str | int, ...], str]


@dataclass(frozen=True)
class RoundSheet:
    """A round's workbook: its scheme's sheet, the options of its drop-downs (the organisation's
    departments; the categories, grades and catalogue of the round's merged policy: a 000 round offers
    no 表扬/好/购买服务) and that policy."""

    spec: SheetSpec
    options: Mapping[str, tuple[str, ...]]
    policy: Any
    year: int


def round_sheet(*, session: Session, round_: Round) -> RoundSheet:
    scheme = evaluation.require_scheme(round_.scheme)
    spec = sheet_of(scheme.id)
    policy = evaluation.round_policy(scheme, round_.policy)
    options = dict(spec.choices(policy))
    options["departments"] = tuple(
        for_cell(d.name)
        for d in org_storage.list_departments(session=session, organisation_id=round_.organisation_id)
    )
    return RoundSheet(spec=spec, options=options, policy=policy, year=round_.year)


def _options(column: Column, options: Mapping[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    if column.choices is not None:
        return column.choices
    return options.get(column.choices_from) if column.choices_from else None


# ---------------------------------------------------------------- the import workbook


def _add_sheet(
    workbook: Workbook,
    choices: Worksheet,
    *,
    title: str,
    columns: tuple[Column, ...],
    workbook_of: RoundSheet,
    offset: int,
    last_row: int,
    first: bool = False,
) -> None:
    """A sheet of headers and drop-downs; the options sit in the hidden sheet from column `offset` + 1."""
    sheet = workbook.active if first else workbook.create_sheet(title, index=len(workbook.sheetnames) - 1)
    assert sheet is not None
    sheet.title = title
    year = workbook_of.year
    write_header(sheet, [c.header_in(year) for c in columns], [c.width for c in columns])
    for index, column in enumerate(columns, start=1):
        listed = _options(column, workbook_of.options)
        if not listed:
            continue
        letter, source = get_column_letter(index), get_column_letter(offset + index)
        for row, option in enumerate(listed, start=1):
            choices.cell(row=row, column=offset + index, value=option)
        # A range on a hidden sheet: no 255-character limit of an inline list, and Chinese survives.
        validation = DataValidation(
            type="list",
            formula1=f"'{CHOICES_SHEET}'!${source}$1:${source}${len(listed)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="不是可选值",
            error=f"「{column.header_in(year)}」请从下拉列表中选择",
        )
        validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{last_row}")
        sheet.add_data_validation(validation)


def roster_template(*, session: Session, round_id: int) -> bytes:
    """An empty workbook of the round's scheme with its drop-downs (and 003's 加减分事项 sheet)."""
    round_ = round_storage.get_round(session=session, round_id=round_id)
    of = round_sheet(session=session, round_=round_)
    workbook = Workbook()
    choices = workbook.create_sheet(CHOICES_SHEET)
    choices.sheet_state = "hidden"
    spec = of.spec
    last_row = _limit(spec) + HEADER_ROW
    _add_sheet(
        workbook,
        choices,
        title=spec.name,
        columns=spec.columns,
        workbook_of=of,
        offset=0,
        last_row=last_row,
        first=True,
    )
    offset = len(spec.columns)
    for detail in spec.details:
        columns = (detail.key, *detail.columns)
        _add_sheet(
            workbook,
            choices,
            title=detail.name,
            columns=columns,
            workbook_of=of,
            offset=offset,
            last_row=MAX_DETAILS,
        )
        offset += len(columns)
    return save(workbook)


def _limit(spec: SheetSpec) -> int:
    return settings.max_roster_size if spec.collection == "people" else MAX_DEPARTMENTS


# ---------------------------------------------------------------- reading an upload


def check_zip_size(data: bytes, label: str = "Excel 文件") -> None:
    """Refuse an upload over the caps (413) or one that is no .xlsx at all (422 at `file`)."""
    try:
        check_zip_upload(data, label)
    except zipfile.BadZipFile:
        raise InvalidPayload([(("file",), f"不是有效的 {label}（.xlsx）")]) from None


def _cell(row: int, header: str, message: str, label: str = "") -> Problem:
    """A bad cell by Excel row and column; `label` names the sheet when it is not the first."""
    return (("rows", row, header), f"{label}第{row}行「{header}」：{message}")


def _open(data: bytes) -> Any:
    check_zip_size(data)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file; all mean "not a workbook we can read"
        raise InvalidPayload([(("file",), "无法读取 Excel 文件，请使用下载的导入模板（.xlsx）")]) from None


def _read_rows(
    sheet: Any, columns: tuple[Column, ...], year: int, limit: int, label: str = ""
) -> list[tuple[int, dict[str, Any]]]:
    """Each non-empty row as the record its cells make; an unknown column heading is refused."""
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    by_header = {c.header_in(year): c for c in columns}
    missing = [h for h in (c.header_in(year) for c in columns[:2]) if h not in header]
    if missing:
        raise InvalidPayload([(("file",), f"{label}第{HEADER_ROW}行缺少表头：{'、'.join(missing)}")])
    unknown: list[Problem] = [
        (
            ("file", get_column_letter(i)),
            f"{label}第{HEADER_ROW}行{get_column_letter(i)}列「{h}」不是本考核方案名单的列",
        )
        for i, h in enumerate(header, start=1)
        if h and h not in by_header
    ]
    if unknown:
        raise InvalidPayload(unknown)
    found: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=HEADER_ROW + 1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if len(found) >= limit:
            raise PayloadTooLarge(f"{label or '名单'}超过 {limit} 行上限")
        record: dict[str, Any] = {}
        for header_text, value in zip(header, values, strict=False):
            column = by_header.get(header_text)
            if column is not None and value is not None and value != "":
                put(record, column, value, year)
        found.append((number, record))
    return found


def _main_rows(workbook: Any, of: RoundSheet) -> list[tuple[int, dict[str, Any]]]:
    spec = of.spec
    sheet = workbook[spec.name] if spec.name in workbook.sheetnames else workbook.worksheets[0]
    return _read_rows(sheet, spec.columns, of.year, _limit(spec))


def _validated(
    model: type[BaseModel],
    number: int,
    record: dict[str, Any],
    columns: tuple[Column, ...],
    year: int,
    label: str = "",
) -> tuple[BaseModel | None, list[Problem]]:
    try:
        return model.model_validate(record), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            column = column_of(columns, error["loc"], year, record)
            message = chinese_message(dict(error))
            if column is not None:
                problems.append(_cell(number, column.header_in(year), message, label))
            else:
                problems.append((("rows", number), f"{label}第{number}行：{message}"))
        return None, problems


def _choice_problems(
    number: int,
    record: Mapping[str, Any],
    columns: tuple[Column, ...],
    year: int,
    options: Mapping[str, tuple[str, ...]],
    label: str = "",
) -> list[Problem]:
    """A grade of another scheme (表扬 or 好 in a 000 round), a department the organisation lacks, an
    entry the scoring catalogue does not have."""
    problems = []
    for column in columns:
        if column.choices_from not in CHECKED_CHOICES:
            continue
        allowed = options.get(column.choices_from or "", ())
        if column.years_back:
            value = next(
                (p["grade"] for p in record.get("prior_grades", []) if p["year"] == year - column.years_back),
                None,
            )
        else:
            value = record.get(column.field)
        if value is None or value in allowed:
            continue
        what = CHECKED_CHOICES[column.choices_from or ""]
        listed = "、".join(allowed[:30]) or "（尚未登记任何部门）"
        message = f"'{value}' 不是可选值（{what}），可选：{listed}"
        problems.append(_cell(number, column.header_in(year), message, label))
    return problems


def parse_roster(data: bytes, of: RoundSheet) -> list[RosterPerson]:
    """Every row validated; any problem anywhere → one 422 listing each bad cell by row and column."""
    workbook = _open(data)
    rows = _main_rows(workbook, of)
    workbook.close()
    problems: list[Problem] = []
    people: list[RosterPerson] = []
    first_row: dict[str, int] = {}
    columns = of.spec.columns
    for number, record in rows:
        choice_problems = _choice_problems(number, record, columns, of.year, of.options)
        person, row_problems = _validated(RosterPerson, number, record, columns, of.year)
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


def _detail_rows(
    workbook: Any, of: RoundSheet, detail: DetailSheet
) -> tuple[dict[str, list[Any]], list[Problem]]:
    """A detail sheet's rows, validated one by one, by the 编号 of the row they belong to."""
    if detail.name not in workbook.sheetnames:
        return {}, []
    label = f"「{detail.name}」"
    columns = (detail.key, *detail.columns)
    by_key: dict[str, list[Any]] = {}
    problems: list[Problem] = []
    for number, record in _read_rows(workbook[detail.name], columns, of.year, MAX_DETAILS, label):
        problems += _choice_problems(number, record, columns, of.year, of.options, label)
        key = record.pop(detail.key.field, None)
        if key is None:
            problems.append(_cell(number, detail.key.header, "不能为空", label))
            continue
        fields = detail.resolve(of.policy, record)
        item, row_problems = _validated(detail.model, number, fields, columns, of.year, label)
        problems += row_problems
        if item is not None:
            by_key.setdefault(str(key), []).append((number, item.model_dump(mode="json", exclude_none=True)))
    return by_key, problems


def parse_departments(data: bytes, of: RoundSheet) -> list[Department]:
    """003/004: each row a department of the evaluate endpoint, its 加减分事项 from their own sheet,
    errors by sheet, row and column."""
    workbook = _open(data)
    rows = _main_rows(workbook, of)
    problems: list[Problem] = []
    details: list[tuple[DetailSheet, dict[str, list[Any]]]] = []
    for detail in of.spec.details:
        by_key, detail_problems = _detail_rows(workbook, of, detail)
        details.append((detail, by_key))
        problems += detail_problems
    workbook.close()
    departments: list[Department] = []
    first_row: dict[str, int] = {}
    for number, record in rows:
        for detail, by_key in details:
            record[detail.into] = [item for _, item in by_key.get(str(record.get("id")), [])]
        department, row_problems = _validated(Department, number, record, of.spec.columns, of.year)
        problems += row_problems
        if not isinstance(department, Department):
            continue
        if department.id in first_row:
            problems.append(_cell(number, "编号", f"{department.id} 与第{first_row[department.id]}行重复"))
        first_row.setdefault(department.id, number)
        departments.append(department)
    for detail, by_key in details:
        for key, items in by_key.items():
            if key not in first_row:
                number = items[0][0]
                problems.append(
                    _cell(
                        number, detail.key.header, f"{key} 不在「{of.spec.name}」表中", f"「{detail.name}」"
                    )
                )
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
    of = round_sheet(session=session, round_=round_)
    if of.spec.collection == "departments":
        commit_before_slow_work(session)
        departments = parse_departments(data, of)
        return rounds.replace_departments(
            session=session, actor=actor, round_=round_, departments=departments
        )
    commit_before_slow_work(session)  # nothing written yet: the parse below holds no lock
    people = parse_roster(data, of)
    return rounds.store_roster(session=session, actor=actor, round_=round_, people=people, confirm=confirm)
