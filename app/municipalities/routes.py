"""Municipalities and capacity API: thin routes over the municipalities services."""

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Response, UploadFile

from app.accounts.deps import CurrentUser, OptionalUser
from app.accounts.limits import SUBMISSION_LIMIT
from app.db import DbId, IbgeCode, SessionDep
from app.errors import Conflict, InvalidInput
from app.municipalities import importing, service
from app.municipalities.csv_import import FileRejected
from app.municipalities.freshness import Freshness
from app.municipalities.importing import ImportReport
from app.municipalities.models import (
    CapacityReportCreate,
    CapacityReportPage,
    CapacityReportPublic,
    CapacityReportVersionPage,
    FreshnessPage,
    MunicipalityProfile,
)
from app.municipalities.vocabulary import CapacityVocabulary, vocabulary

router = APIRouter(prefix="/api/v1", tags=["municipalities"])

IMPORT_PATH = "/api/v1/capacity-reports/import"
IMPORT_MAX_BYTES = 10_000_000
Page = Annotated[int, Query(ge=1, le=10_000)]
PerPage = Annotated[int, Query(ge=1, le=100)]
RadiusKm = Annotated[
    float,
    Query(
        gt=0,
        le=service.MAX_NEARBY_RADIUS_KM,
        description="How far nearest_with_practices looks, in km (at most 1,000)",
    ),
]


@router.get("/municipalities/{ibge_code}", response_model=MunicipalityProfile)
def municipality_profile(
    session: SessionDep, user: OptionalUser, ibge_code: IbgeCode, radius_km: RadiusKm = 300
) -> MunicipalityProfile:
    return service.municipality_profile(session, user, ibge_code, radius_km)


@router.get("/municipalities/{ibge_code}/capacity-reports", response_model=CapacityReportPage)
def list_capacity_reports(
    session: SessionDep,
    user: OptionalUser,
    ibge_code: IbgeCode,
    page: Page = 1,
    per_page: PerPage = 20,
) -> CapacityReportPage:
    return service.list_reports(session, user, ibge_code, per_page, (page - 1) * per_page)


@router.get(
    "/municipalities/{ibge_code}/capacity-reports/{report_id}/versions",
    response_model=CapacityReportVersionPage,
)
def capacity_report_versions(
    session: SessionDep, user: OptionalUser, ibge_code: IbgeCode, report_id: DbId
) -> CapacityReportVersionPage:
    return service.report_versions(session, user, ibge_code, report_id)


@router.post(
    "/municipalities/{ibge_code}/capacity-reports",
    response_model=CapacityReportPublic,
    status_code=201,
    dependencies=[SUBMISSION_LIMIT],
)
def report_capacity(
    session: SessionDep,
    user: CurrentUser,
    ibge_code: IbgeCode,
    body: CapacityReportCreate,
    response: Response,
) -> CapacityReportPublic:
    report = service.report_capacity(session, user, ibge_code, body)
    response.headers["Location"] = f"/api/v1/municipalities/{ibge_code}/capacity-reports"
    return report


@router.get("/capacity/freshness", response_model=FreshnessPage)
def capacity_freshness(
    session: SessionDep,
    user: CurrentUser,
    status: Annotated[Freshness | None, Query(description="Default: due and overdue")] = None,
    uf: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    include_never: Annotated[
        bool, Query(description="With no status: also the municipalities that never reported")
    ] = False,
    page: Page = 1,
    per_page: PerPage = 50,
) -> FreshnessPage:
    offset = (page - 1) * per_page
    return service.freshness_list(session, user, status, uf, per_page, offset, include_never)


@router.get("/capacity/vocabulary", response_model=CapacityVocabulary)
def capacity_vocabulary() -> CapacityVocabulary:
    return vocabulary()


@router.post(
    IMPORT_PATH.removeprefix("/api/v1"),
    response_model=ImportReport,
    dependencies=[SUBMISSION_LIMIT],
)
def import_capacity_reports(
    session: SessionDep,
    user: CurrentUser,
    file: Annotated[
        UploadFile, File(description="XLSX, or CSV in UTF-8 or Latin-1 with `,` or `;`")
    ],
    dry_run: Annotated[bool, Form()] = True,
) -> ImportReport:
    try:
        report = importing.import_capacity(session, user, file.file.read(), dry_run=dry_run)
    except FileRejected as exc:
        raise InvalidInput.field(["body", "file"], str(exc), "file_rejected") from exc
    if not dry_run and not report.applied:
        errors = [
            {"loc": ["file", e.row, e.column], "msg": e.problem, "type": e.code, "status": e.status}
            for e in report.errors
        ]
        # 409 when the only problems are reports of other organisations, 422 otherwise.
        refusal = Conflict if report.conflict else InvalidInput
        raise refusal(
            f"nothing was imported: {len(report.errors)} problems",
            errors=errors,
            report=report.model_dump(mode="json"),
        )
    return report
