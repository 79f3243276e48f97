"""The page routers, in the order the app includes them (service/app.py)."""

from __future__ import annotations

from fastapi import APIRouter

from service.pages import home, organisation

ROUTERS: tuple[APIRouter, ...] = (home.router, organisation.router)
