"""Every request body is capped before it is parsed (service/limits.py)."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient

from service.app import create_app
from service.config import settings


def test_a_body_over_the_cap_is_refused_with_413_in_chinese(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(settings, "max_request_bytes", 1024)
    client = TestClient(create_app())
    response = client.post(
        "/api/schemes/resident-annual/evaluate",
        content=b'{"year": 2024, "people": [' + b" " * 2048 + b"]}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json() == {"error": "请求过大", "detail": "请求内容超过 1 KB 上限"}


def test_a_chunked_body_without_length_is_counted_as_it_arrives(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(settings, "max_request_bytes", 1024)
    client = TestClient(create_app())

    def chunks() -> Iterator[bytes]:
        yield b'{"year": 2024, "people": ['
        for _ in range(10):
            yield b" " * 512
        yield b"]}"

    response = client.post(
        "/api/schemes/resident-annual/evaluate",
        content=chunks(),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413


def test_a_body_under_the_cap_goes_through(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/schemes/resident-annual/evaluate", json={"year": 2024, "people": []})
    assert response.status_code == 422  # reached the validator: an empty roster is refused there
