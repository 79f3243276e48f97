"""Moves every data: image of a stylesheet into a file beside it (img-src 'self' refuses data: URIs).

Usage: python3 scripts/css-data-uris.py service/static/vendor/swagger-ui/swagger-ui.css
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from pathlib import Path
from urllib.parse import unquote

DATA_URI = re.compile(
    r"""url\(\s*(["']?)(data:image/([a-z+]+)(;charset=[\w-]+)?(;base64)?,(.*?))\1\s*\)""", re.S
)
EXTENSIONS = {"svg+xml": "svg", "png": "png", "jpeg": "jpg", "gif": "gif"}


def extract(css_path: Path) -> int:
    folder = css_path.parent / "img"
    folder.mkdir(exist_ok=True)
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        kind, is_base64, payload = match.group(3), match.group(5), match.group(6)
        data = base64.b64decode(payload) if is_base64 else unquote(payload).encode()
        name = f"{hashlib.sha256(data).hexdigest()[:16]}.{EXTENSIONS[kind]}"
        (folder / name).write_bytes(data)
        count += 1
        return f'url("img/{name}")'

    css_path.write_text(DATA_URI.sub(replace, css_path.read_text(encoding="utf-8")), encoding="utf-8")
    return count


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        print(f"{argument}: {extract(Path(argument))} data: images moved to files")
