"""The password policy a unit can set (Settings: PASSWORD_MIN_LENGTH, PASSWORD_COMMON_FILE).

A password is refused when it is shorter than the minimum (10 by default), all digits (`1234567890`),
in the list of common passwords shipped in `service/common_passwords.txt`, or contains the username.
Comparisons are made after NFKC + case folding, as for usernames, so `ＰＡＳＳＷＯＲＤ123` is `password123`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from service.config import settings
from service.errors import InvalidPayload
from service.usernames import fold


@cache
def _common(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


def password_problems(password: str, username: str) -> list[str]:
    """Every rule the password breaks, in Chinese; empty when it is acceptable."""
    problems = []
    folded = fold(password)
    if len(password) < settings.password_min_length:
        problems.append(f"密码至少需要 {settings.password_min_length} 个字符")
    if password.isdigit():
        problems.append("密码不能全是数字")
    if folded in _common(settings.password_common_file):
        problems.append("密码过于常见，容易被猜中")
    if fold(username) and fold(username) in folded:
        problems.append("密码不能包含用户名")
    return problems


def check_password(password: str, username: str, field: str = "password") -> None:
    """422 on `field` with every broken rule."""
    problems = password_problems(password, username)
    if problems:
        raise InvalidPayload([((field,), "；".join(problems))])
