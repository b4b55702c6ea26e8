"""Admin pages: a company's timetables (recurring classes) and their sessions."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
