"""Imported by the template sandbox's forkserver only (service/documents/sandbox.py).

Every kind's module (≈ 100 Pydantic models, 1–2 s) and every shipped template (the appendices a notice
adds) are loaded once in the forkserver, so each child forked from it starts warm instead of paying
that on every uploaded template.
"""

from __future__ import annotations

import contextlib

from service.documents import sandbox  # noqa: F401  (what the children run)
from service.documents.registry import kinds
from service.documents.render import prepared_for
from service.errors import DomainError

for _kind in kinds().values():
    with contextlib.suppress(DomainError):  # a template missing here is reported when it is used
        prepared_for(_kind)
