"""Privacy API: the person's data export and account deletion, a practice's consent
history, and the private-data access audit (admins)."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.accounts.deps import AdminUser, CurrentUser, OptionalUser
from app.accounts.lockout import SignInGuardDep
from app.db import DbId, SessionDep
from app.privacy import service
from app.privacy.models import AccessPage, AccountDelete, ConsentPublic, DataExport

router = APIRouter(prefix="/api/v1", tags=["privacy"])


@router.get("/me/export", response_model=DataExport)
def export_my_data(session: SessionDep, user: CurrentUser, response: Response) -> DataExport:
    """Everything the platform holds about you, as JSON (LGPD art. 18: access, portability)."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Disposition"] = 'attachment; filename="partilha-meus-dados.json"'
    return service.export_data(session, user)


@router.delete("/me", status_code=204)
def delete_my_account(
    session: SessionDep, user: CurrentUser, body: AccountDelete, guard: SignInGuardDep
) -> Response:
    """Delete (anonymise) your account; your password confirms it. Practices and curation
    history stay with the organisation."""
    # A password check: wrong guesses spend the same budget as failed sign-ins.
    with guard.attempt(user.email, failures=(service.WrongPassword,)):
        service.delete_account(session, user, body.password)
    return Response(status_code=204)


@router.get("/practices/{practice_id}/consents", response_model=list[ConsentPublic])
def practice_consents(
    session: SessionDep, user: OptionalUser, practice_id: DbId
) -> list[ConsentPublic]:
    """When consent to publish the contact was granted or withdrawn, and by whom."""
    return service.practice_consents(session, user, practice_id)


@router.post("/practices/{practice_id}/consents/withdraw", response_model=list[ConsentPublic])
def withdraw_contact_consent(
    session: SessionDep, user: CurrentUser, practice_id: DbId
) -> list[ConsentPublic]:
    """Stop publishing the practice's contact now, whatever its state (the organisation and
    the curators). Answers the consent history."""
    return service.withdraw_contact_consent(session, user, practice_id)


@router.get("/admin/audit", response_model=AccessPage)
def private_data_accesses(
    session: SessionDep,
    _: AdminUser,
    actor_id: DbId | None = None,
    practice_id: DbId | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> AccessPage:
    """Who outside the owning organisation was served private contact data, newest first."""
    return service.list_accesses(session, actor_id, practice_id, per_page, (page - 1) * per_page)
