"""Placeholder."""

from fastapi import APIRouter, Depends

from app.web.security import check_csrf, load_user

router = APIRouter(include_in_schema=False, dependencies=[Depends(load_user), Depends(check_csrf)])
