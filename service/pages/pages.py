"""The page routers, in the order the app includes them (service/app.py)."""

from __future__ import annotations

from fastapi import APIRouter

from service.pages import (
    audit,
    department_grading,
    documents,
    grading,
    holidays,
    home,
    jobs,
    login,
    new_round,
    organisation,
    register,
    roster,
    users,
)

ROUTERS: tuple[APIRouter, ...] = (
    home.router,
    organisation.router,
    new_round.router,
    roster.router,
    grading.router,
    department_grading.router,
    documents.router,
    register.router,
    jobs.router,
    login.router,
    users.router,
    audit.router,
    holidays.router,
)
