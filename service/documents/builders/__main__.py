"""`python -m service.documents.builders`: regenerate every template in form_templates/.

Each builder module exposes `build() -> dict[str, Document]` (file name → document); the files are
written to settings.template_dir and committed, so a clerk can open and adapt them in Word.
"""

from __future__ import annotations

import pkgutil
import sys
from importlib import import_module

from service.config import settings
from service.documents import builders

# Helpers, not builders: they lay out pages and tables for the others.
NOT_BUILDERS = {"layout", "form_tables"}


def main() -> int:
    settings.template_dir.mkdir(parents=True, exist_ok=True)
    for info in sorted(pkgutil.iter_modules(builders.__path__), key=lambda m: m.name):
        if info.name in NOT_BUILDERS or info.name.startswith("_"):
            continue
        module = import_module(f"{builders.__name__}.{info.name}")
        build = getattr(module, "build", None)
        if build is None:
            continue
        for file_name, document in build().items():
            document.save(str(settings.template_dir / file_name))
            print(f"{info.name}: {file_name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
