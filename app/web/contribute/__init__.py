"""What a contributor does: one form kit for every curated kind (`pages.py`: new, edit, send;
`form.py`: values kept, errors beside the fields) and "my items" (`mine.py`), parameterised by
what each kind declares (`kit.py`; `forms.py`, from `practice.py`, `policy.py`,
`replication.py` with their forms)."""

from fastapi import APIRouter, Depends

from app.web.contribute import mine, pages, profile, retract
from app.web.contribute.forms import FORM_KINDS
from app.web.i18n import use_language
from app.web.security import check_csrf, load_user

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
mine.add_route(router, FORM_KINDS)
for _kind in FORM_KINDS:
    pages.add_routes(router, _kind)
    retract.add_routes(router, _kind)
# An organisation's public profile: one per organisation, proposed whole.
router.include_router(profile.router)
