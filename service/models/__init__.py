"""SQLAlchemy 2 typed models. Importing this package registers every table on `Base.metadata`."""

from service.models.archive import IssuedDocument
from service.models.base import Base
from service.models.holiday import HolidayYear
from service.models.job import Job, JobFile, JobWorker
from service.models.notice_text import NoticeText
from service.models.organisation import Department, DispatchingUnit, Organisation
from service.models.person import Person
from service.models.register import Docnum, DocnumCounter
from service.models.round import DepartmentResult, Round, RoundEntry
from service.models.user import AuditEntry, LoginThrottle, LoginToken, User

__all__ = [
    "AuditEntry",
    "Base",
    "Department",
    "DepartmentResult",
    "DispatchingUnit",
    "Docnum",
    "DocnumCounter",
    "HolidayYear",
    "IssuedDocument",
    "Job",
    "JobFile",
    "JobWorker",
    "LoginThrottle",
    "LoginToken",
    "NoticeText",
    "Organisation",
    "Person",
    "Round",
    "RoundEntry",
    "User",
]
