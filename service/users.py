"""`python -m service.users create-admin NAME`: the first administrator of a production install.

The password is read from standard input when it is piped (`echo … | python -m service.users …`),
otherwise asked for twice at a prompt; there is no default password.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from pydantic import ValidationError

from service.accounts import create_admin
from service.bootstrap import upgrade
from service.config import settings
from service.db import Database
from service.errors import DomainError


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("密码：")
    if getpass.getpass("再次输入密码：") != first:
        raise SystemExit("两次输入的密码不一致")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.users", description="用户管理")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-admin", help="创建管理员（密码从标准输入或提示读取）")
    create.add_argument("username")
    args = parser.parse_args(argv)

    upgrade(settings.database_url)
    database = Database(settings.database_url)
    try:
        with database.session(write=True) as session:
            user = create_admin(session=session, username=args.username, password=_read_password())
    except ValidationError as exc:
        print("；".join(str(e["msg"]) for e in exc.errors()), file=sys.stderr)
        return 2
    except DomainError as exc:
        print(exc.detail, file=sys.stderr)
        return 1
    finally:
        database.dispose()
    print(f"已创建管理员 {user.username}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
