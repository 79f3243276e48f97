"""Prepares the embedded default before `make run` starts the server (database folder, migrations)."""

from service.config import ROOT


def main() -> None:
    (ROOT / "data").mkdir(exist_ok=True)


if __name__ == "__main__":
    main()
