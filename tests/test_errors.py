"""The error contract: 422 with JSON paths and Chinese messages, domain errors as {"error", "detail"}."""

from service.errors import chinese_message, json_path


def test_json_path_drops_body_and_indexes_lists() -> None:
    assert json_path(("body", "people", 3, "facts", "bad_reviews")) == "people[3].facts.bad_reviews"
    assert json_path(("body",)) == "$"


def test_literal_message_names_the_bad_value_and_the_choices() -> None:
    message = chinese_message(
        {"type": "literal_error", "input": "公务猿", "ctx": {"expected": "'公务员' or '参公'"}}
    )
    assert message == "'公务猿' 不是可选值，可选：公务员、参公"


def test_unknown_scheme_is_404_with_chinese_detail(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/schemes/no-such-scheme/evaluate", json={"year": 2024})
    assert response.status_code == 404
    assert response.json() == {"error": "未找到", "detail": "没有考核方案「no-such-scheme」"}


def test_health(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/health").json() == {"status": "ok"}


def test_float_bounds_read_as_a_clerk_writes_them() -> None:
    assert chinese_message({"type": "greater_than_equal", "ctx": {"ge": 0.0}}) == "不能小于 0"
    assert chinese_message({"type": "less_than_equal", "ctx": {"le": 2.5}}) == "不能大于 2.5"


def test_only_the_leading_body_marker_is_dropped_from_a_path() -> None:
    assert json_path(("body", "body", 3, "level")) == "body[3].level"


def test_framework_errors_answer_in_the_same_shape_in_chinese(client) -> None:  # type: ignore[no-untyped-def]
    unknown = client.get("/api/no-such-endpoint")
    assert unknown.status_code == 404
    assert unknown.json() == {"error": "未找到", "detail": "请求的地址不存在"}
    wrong_method = client.delete("/api/schemes")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"] == "请求方法不支持"


def test_a_body_the_json_parser_gives_up_on_is_a_chinese_error(client) -> None:  # type: ignore[no-untyped-def]
    # Python refuses to parse integers over 4,300 digits; FastAPI answers 400.
    body = b'{"year": ' + b"9" * 5000 + b', "people": []}'
    response = client.post(
        "/api/schemes/resident-annual/evaluate", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code in (400, 422)
    assert response.json()["error"] == "请求数据有误"


def test_a_body_that_is_not_json_has_the_whole_body_as_its_path(client) -> None:  # type: ignore[no-untyped-def]
    """Issue 12 B9: not `[0]` (the parser's character offset) but `$`, the offset said in the message."""
    response = client.post(
        "/api/schemes/resident-annual/evaluate",
        content=b'{"year": 2022, ',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    [item] = response.json()["detail"]
    assert (item["path"], item["loc"], item["type"]) == ("$", ["body"], "json_invalid")
    assert item["msg"] == "请求内容不是合法的 JSON（第16个字符处无法解析）"


def test_a_number_given_as_a_date_says_so() -> None:
    """Issue 12 B9: 20240601 is not "日期不应带时间" (Pydantic's reading of it as a timestamp)."""
    error = {"type": "date_from_datetime_inexact", "input": 20240601, "ctx": {}}
    assert chinese_message(error) == "日期应写成文本 YYYY-MM-DD，例如 2024-06-01，不能是数字 20240601"
    assert (
        chinese_message({"type": "date_from_datetime_inexact", "input": "2024-06-01T10:00"})
        == "日期不应带时间"
    )
