"""Every document kind the service renders, discovered from `service/documents/kinds/`.

A kind module exposes `KINDS: list[DocumentKind]`; a kind is its URL id, its Chinese title, the seed it
comes from, its payload schema, its template in form_templates/ and an example payload built from the
seed. Adding a document is adding a module: nothing here lists them by hand.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from service.errors import NotFound

if TYPE_CHECKING:  # the context is built from storage; kinds only read it
    from schemas.round import RoundDocumentRequest
    from service.round_context import Needs, RoundContext

# (context, the request naming the recipient or person, what the round still lacks) → the payload.
FromRound = Callable[["RoundContext", "RoundDocumentRequest", "Needs"], BaseModel]


@dataclass(frozen=True)
class Appendix:
    """A document printed after another under its mark: a filled `payload` or a blank form's `context`."""

    mark: str  # 附件1
    kind: str  # a registered kind id
    payload: BaseModel | None = None
    context: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class DocumentKind:
    kind: str  # URL id, e.g. "notice-resident-annual"
    title: str  # Chinese title, e.g. "考核工作通知（常驻人员）"
    seed: str  # seed file name, e.g. "000_202f48eaffbe9a1b.txt"
    schema: type[BaseModel]  # the payload model (in schemas/<noun>.py)
    template: str  # file name in form_templates/, e.g. "notice_resident_annual.docx"
    example: Callable[[], BaseModel]  # a valid payload built from the seed
    context: Callable[[BaseModel], dict[str, Any]] | None = None  # template context; default model_dump
    filename: Callable[[BaseModel], str] | None = None  # Chinese file name, no extension
    # Documents printed after this one, each on a new page under its mark (GB/T 9704 7.3.7 附件):
    # (mark such as "附件1", kind id, payload of that kind). Notices list their 附表/附件 forms here.
    appendices: Callable[[BaseModel], list[Appendix]] | None = None
    # The template context of the form with nobody filled in, for (考核年度, 单位): what a notice attaches
    # for staff to fill (a 登记表, a 测评表 with empty rows). None: the kind has no blank form.
    blank: Callable[[int, str], dict[str, Any]] | None = None
    # How a round becomes this paper (DESIGN.md §7): a typed function of the round's context. None: the
    # kind's content is not in a round (a 评分表's aspect scores), the client's `payload` gives it all.
    from_round: FromRound | None = None
    # The schemes whose rounds issue this kind, and the papers of the kind in a round: one request
    # update per paper ({"person_id": …}, {"dispatching_unit": …}, {"department": …}) — what "*" means.
    schemes: tuple[str, ...] = ()
    papers: Callable[[RoundContext], list[dict[str, Any]]] | None = None
    # A paper of one person (a 登记表, a 证书): rendered alone it reads only that person's entry.
    per_person: bool = False

    def context_of(self, payload: BaseModel) -> dict[str, Any]:
        """The variables the template sees: the kind's own context, else the payload's fields."""
        if self.context is not None:
            return self.context(payload)
        return payload.model_dump()

    def filename_of(self, payload: BaseModel) -> str:
        return self.filename(payload) if self.filename is not None else self.title


KINDS_PACKAGE = "service.documents.kinds"


@cache
def kinds() -> dict[str, DocumentKind]:
    """Every kind of every module in service/documents/kinds/, by id; a duplicate id is a bug."""
    package = import_module(KINDS_PACKAGE)
    found: dict[str, DocumentKind] = {}
    for module_info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = import_module(f"{KINDS_PACKAGE}.{module_info.name}")
        for kind in getattr(module, "KINDS", []):
            if kind.kind in found:
                raise RuntimeError(f"document kind {kind.kind!r} registered twice ({module_info.name})")
            found[kind.kind] = kind
    return found


def get_kind(kind: str) -> DocumentKind:
    """The kind with this id, or 404 with the ids a client may use."""
    found = kinds().get(kind)
    if found is None:
        raise NotFound(f"没有文书类型“{kind}”，可用的类型见 GET /api/documents")
    return found
