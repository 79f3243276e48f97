"""Errors that carry their HTTP status and a Chinese message (STYLE.md 6).

Domain errors become `{"error", "detail"}`; malformed payloads become HTTP 422 whose `detail` lists
every bad field with its JSON path and a Chinese message. Nothing here swallows a bug: an unexpected
exception still surfaces as a 500 with its traceback in the log.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException


class DomainError(Exception):
    status_code = 400
    error = "请求无法处理"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(DomainError):
    status_code = 404
    error = "未找到"


class Conflict(DomainError):
    status_code = 409
    error = "冲突"


class NeedsConfirmation(Conflict):
    """A change that would undo decisions already taken: refused (409) with the list of what would
    change, until the client repeats it with `?confirm=true`."""

    error = "需要确认"

    def __init__(self, detail: str, changes: list[dict[str, Any]]) -> None:
        super().__init__(detail)
        self.changes = changes
        self.extra = {"changes": changes}


class Forbidden(DomainError):
    status_code = 403
    error = "无权操作"


class Unauthorized(DomainError):
    status_code = 401
    error = "未登录或登录已过期"
    # RFC 6750: a 401 names the scheme the client should log in with.
    headers = {"WWW-Authenticate": 'Bearer realm="kaohe"'}  # noqa: RUF012 — read-only class constant


class PayloadTooLarge(DomainError):
    status_code = 413
    error = "上传文件过大"


class ServiceBusy(DomainError):
    status_code = 503
    error = "服务繁忙"

    def __init__(self, detail: str, retry_after: int = 5) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class TooManyAttempts(DomainError):
    """Login throttled (service/throttle.py): 429 with the seconds until the next attempt may succeed."""

    status_code = 429
    error = "尝试次数过多"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class InvalidPayload(DomainError):
    """A payload that parsed but breaks a rule of its shape (duplicate id, grade not in the scheme).

    Answered like a Pydantic error: 422 with the path of each bad field.
    """

    status_code = 422
    error = "请求数据有误"

    def __init__(self, problems: Sequence[tuple[Sequence[str | int], str]]) -> None:
        super().__init__("；".join(msg for _, msg in problems))
        self.problems = [(tuple(loc), msg) for loc, msg in problems]


# ---------------------------------------------------------------- Chinese messages for Pydantic


def _num(value: Any) -> str:
    """0.0 → '0', 2.5 → '2.5': bounds read as a clerk writes them."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _choices(ctx: dict[str, Any]) -> str:
    expected = str(ctx.get("expected", ""))
    return expected.replace("'", "").replace(" or ", "、").replace(", ", "、")


_MESSAGES: dict[str, Any] = {
    "missing": lambda c: "缺少必填字段",
    "extra_forbidden": lambda c: "不允许的字段",
    "literal_error": lambda c: f"不是可选值，可选：{_choices(c)}",
    "enum": lambda c: f"不是可选值，可选：{_choices(c)}",
    "date_parsing": lambda c: "日期格式应为 YYYY-MM-DD，例如 2024-12-31",
    "date_from_datetime_parsing": lambda c: "日期格式应为 YYYY-MM-DD，例如 2024-12-31",
    "date_from_datetime_inexact": lambda c: "日期不应带时间",
    "date_type": lambda c: "应为日期（YYYY-MM-DD）",
    "datetime_parsing": lambda c: "时间格式应为 YYYY-MM-DDTHH:MM:SS",
    "int_parsing": lambda c: "应为整数",
    "int_type": lambda c: "应为整数",
    "int_from_float": lambda c: "应为整数，不能带小数",
    "float_parsing": lambda c: "应为数字",
    "float_type": lambda c: "应为数字",
    "decimal_parsing": lambda c: "应为数字",
    "bool_parsing": lambda c: "应为 true 或 false",
    "bool_type": lambda c: "应为 true 或 false",
    "string_type": lambda c: "应为文本",
    "string_unicode": lambda c: "文本含有无效字符",
    "list_type": lambda c: "应为列表",
    "dict_type": lambda c: "应为对象",
    "model_type": lambda c: "应为对象",
    "model_attributes_type": lambda c: "应为对象",
    "json_invalid": lambda c: "不是合法的 JSON",
    "greater_than_equal": lambda c: f"不能小于 {_num(c.get('ge'))}",
    "greater_than": lambda c: f"应大于 {_num(c.get('gt'))}",
    "less_than_equal": lambda c: f"不能大于 {_num(c.get('le'))}",
    "less_than": lambda c: f"应小于 {_num(c.get('lt'))}",
    "string_too_short": lambda c: f"至少 {c.get('min_length')} 个字符",
    "string_too_long": lambda c: f"最多 {c.get('max_length')} 个字符",
    "too_short": lambda c: f"至少需要 {c.get('min_length')} 项",
    "too_long": lambda c: f"最多 {c.get('max_length')} 项",
    "string_pattern_mismatch": lambda c: "格式不正确",
    "finite_number": lambda c: "应为有限的数字",
    "union_tag_invalid": lambda c: f"不是可选值，可选：{_choices(c)}",
}


def chinese_message(error: dict[str, Any]) -> str:
    """One Pydantic error as a Chinese sentence. Messages we raise ourselves are already Chinese."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    if (
        kind.startswith("date")
        and isinstance(error.get("input"), int | float)
        and not isinstance(error.get("input"), bool)
    ):
        # 20240601 read as seconds since 1970 would be answered "日期不应带时间".
        return f"日期应写成文本 YYYY-MM-DD，例如 2024-06-01，不能是数字 {error['input']}"
    make = _MESSAGES.get(kind)
    if make is not None:
        message = str(make(ctx))
        if kind in ("literal_error", "enum") and isinstance(error.get("input"), str | int | float):
            message = f"'{error['input']}' {message}"
        return message
    return f"格式不正确（{error.get('msg', kind)}）"


def json_path(loc: Sequence[str | int]) -> str:
    """`("body", "people", 3, "id")` → `people[3].id`, the path a clerk's form can point at."""
    path = ""
    # Only the request-body marker FastAPI puts first is dropped; a field that is itself called
    # "body" further down stays in the path.
    parts = loc[1:] if loc and loc[0] == "body" else loc
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "$"


_HTTP_MESSAGES: dict[int, tuple[str, str]] = {
    400: ("请求数据有误", "请求内容无法解析，请检查是否为合法的 JSON"),
    401: ("未登录或登录已过期", "请先登录"),
    403: ("无权操作", "没有执行此操作的权限"),
    404: ("未找到", "请求的地址不存在"),
    405: ("请求方法不支持", "该地址不支持此请求方法"),
    413: ("请求过大", "请求内容超过上限"),
}


def _detail_item(loc: Sequence[str | int], message: str, kind: str) -> dict[str, Any]:
    return {"loc": list(loc), "path": json_path(loc), "msg": message, "type": kind}


def _json_invalid(error: dict[str, Any], prefix: Sequence[str | int]) -> dict[str, Any]:
    """A body that is not JSON: FastAPI puts the character offset where the parser stopped into `loc`
    (`("body", 0)`), which would read as the path `[0]`; the path is the whole body and the offset is
    said in the message."""
    loc = [*prefix, *error.get("loc", ())]
    offset = loc[-1] if loc and isinstance(loc[-1], int) else None
    where = f"（第{offset + 1}个字符处无法解析）" if offset is not None else ""
    body = [part for part in loc if not isinstance(part, int)] or ["body"]
    return _detail_item(body, f"请求内容不是合法的 JSON{where}", "json_invalid")


def validation_detail(errors: Sequence[Any], prefix: Sequence[str | int] = ()) -> list[dict[str, Any]]:
    return [
        _json_invalid(e, prefix)
        if e.get("type") == "json_invalid"
        else _detail_item([*prefix, *e.get("loc", ())], chinese_message(e), e.get("type", "value_error"))
        for e in errors
    ]


def _unprocessable(detail: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse(status_code=422, content={"error": "请求数据有误", "detail": detail})


# ---------------------------------------------------------------- what the database refused
# The last line of defence (issue 10): the service checks what it can first (an unknown round is a 404 or
# a 422 at its path), but a reference, a duplicate or a value the database refuses is the client's
# request, not a bug, on SQLite and PostgreSQL alike: a Chinese 4xx, never a 500.

_PG_FOREIGN_KEY, _PG_UNIQUE, _PG_NOT_NULL, _PG_CHECK = "23503", "23505", "23502", "23514"


def _sqlstate(exc: sa_exc.DBAPIError) -> str:
    return str(getattr(exc.orig, "sqlstate", "") or "")


def _pg_column(exc: sa_exc.DBAPIError) -> str | None:
    """PostgreSQL names the column: 'Key (round_id)=(12345) is not present in table "rounds".'"""
    detail = getattr(getattr(exc.orig, "diag", None), "message_detail", None) or ""
    start, end = detail.find("("), detail.find(")")
    return detail[start + 1 : end] if detail.startswith("Key (") and end > start else None


def integrity_response(exc: sa_exc.IntegrityError) -> JSONResponse:
    message, state = str(exc.orig), _sqlstate(exc)
    column = _pg_column(exc)
    if state == _PG_UNIQUE or "UNIQUE constraint failed" in message:
        return JSONResponse(status_code=409, content={"error": "冲突", "detail": "与已有记录重复"})
    if state == _PG_FOREIGN_KEY or "FOREIGN KEY constraint failed" in message:
        text = f"{column} 指向的记录不存在" if column else "引用的记录（如 round_id、department_id）不存在"
    elif state == _PG_NOT_NULL or "NOT NULL constraint failed" in message:
        text = "必填内容不能为空（null）"
    else:
        text = "数据不符合数据库的约束"
    return _unprocessable([_detail_item(("body", column) if column else ("body",), text, "value_error")])


def data_response(exc: sa_exc.DataError) -> JSONResponse:
    # psycopg: "PostgreSQL text fields cannot contain NUL (0x00) bytes"
    nul = "NUL" in str(exc.orig)
    text = "文本不能包含空字符（U+0000）" if nul else "数值超出范围或格式不被数据库接受"
    return _unprocessable([_detail_item(("body",), text, "value_error")])


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _request_invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _unprocessable(validation_detail(exc.errors()))

    @app.exception_handler(ValidationError)
    async def _model_invalid(_: Request, exc: ValidationError) -> JSONResponse:
        # A model validated inside a service function: the payload was still the client's.
        return _unprocessable(validation_detail(exc.errors(), prefix=("body",)))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Framework errors (unknown path, wrong method, a body the JSON parser gave up on) in the
        # same {"error", "detail"} shape and in Chinese.
        error, detail = _HTTP_MESSAGES.get(exc.status_code, ("请求无法处理", str(exc.detail)))
        return JSONResponse(
            status_code=exc.status_code,
            content={"error": error, "detail": detail},
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(InvalidPayload)
    async def _payload_invalid(_: Request, exc: InvalidPayload) -> JSONResponse:
        return _unprocessable([_detail_item(("body", *loc), msg, "value_error") for loc, msg in exc.problems])

    @app.exception_handler(sa_exc.IntegrityError)
    async def _integrity(_: Request, exc: sa_exc.IntegrityError) -> JSONResponse:
        return integrity_response(exc)

    @app.exception_handler(sa_exc.DataError)
    async def _data(_: Request, exc: sa_exc.DataError) -> JSONResponse:
        return data_response(exc)

    @app.exception_handler(sa_exc.TimeoutError)
    async def _pool_timeout(_: Request, exc: sa_exc.TimeoutError) -> JSONResponse:
        # Every connection busy for the pool's whole timeout: the service is overloaded, not broken.
        return JSONResponse(
            status_code=503,
            content={"error": ServiceBusy.error, "detail": "数据库连接繁忙，请稍后重试"},
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        return domain_response(exc)


def domain_response(exc: DomainError) -> JSONResponse:
    headers = dict(getattr(exc, "headers", None) or {})
    if isinstance(exc, ServiceBusy | TooManyAttempts):
        headers["Retry-After"] = str(exc.retry_after)
    # `extra`: what a client acts on besides the message (the fields a paper still needs).
    content = {"error": exc.error, "detail": exc.detail, **getattr(exc, "extra", {})}
    return JSONResponse(status_code=exc.status_code, content=content, headers=headers or None)
