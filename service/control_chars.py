"""Control characters in stored text, made safe where they would break an output (issue 10).

Names may arrive with U+0001, a `\\x0b` (Word's soft line break) or a NUL. They are stored as sent, but
openpyxl refuses them in a cell (IllegalCharacterError, which broke roster.xlsx and results.xlsx until
the data was fixed) and an HTTP header must not carry them (h11 dropped the connection of a letter whose
file name held one). One home for both clean-ups, called where the text leaves.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

# What openpyxl refuses in a cell (its ILLEGAL_CHARACTERS_RE): C0 controls but tab, LF and CR.
_ILLEGAL_IN_CELL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Nothing of C0, DEL or C1 belongs in a file name, and these are refused by Windows or break the header.
_UNSAFE_IN_FILENAME = re.compile(r'[\x00-\x1f\x7f-\x9f\\/:*?"<>|]')


def for_cell(value: Any) -> Any:
    """`value` with every string in it fit for an .xlsx cell: a soft line break becomes a line break, the
    other controls are dropped. Lists, dicts and Pydantic models are cleaned throughout."""
    if isinstance(value, str):
        return (
            _ILLEGAL_IN_CELL.sub("", value.replace("\x0b", "\n")) if _ILLEGAL_IN_CELL.search(value) else value
        )
    if isinstance(value, list | tuple):
        return type(value)(for_cell(item) for item in value)
    if isinstance(value, dict):
        return {key: for_cell(item) for key, item in value.items()}
    if isinstance(value, BaseModel):
        return value.model_copy(
            update={name: for_cell(getattr(value, name)) for name in type(value).model_fields}
        )
    return value


def for_filename(name: str) -> str:
    """A file name for Content-Disposition: controls and the characters a file system refuses become
    `_`, a soft line break a space; never empty."""
    return _UNSAFE_IN_FILENAME.sub("_", name.replace("\x0b", " ")).strip() or "文书"
